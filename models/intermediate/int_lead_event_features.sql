{{ config(materialized='view') }}

-- One row per scored lead and event type it has counted events of at the scoring time (unknown
-- types included): what the learning in the feedback loop sees of its engagement. `decayed_count`
-- weighs each event by 0.5 ^ (age_days / var probability_half_life_days), so recency counts;
-- `event_count` is every event so far; `criterion_units` is the lead's standing on the type's
-- event_points row in units of that row's points (points earned = points * units: the decayed
-- qualifying events for `each`, the newest one's decay for `once`, capped at max_points / |points|),
-- null for a type with no row. int_engagement_points_priced computes them in its own pass over the
-- event days (one read of the largest table on the scoring path instead of two), and
-- int_engagement_points_aggregated keeps the scored leads' rows; this view names what the learning
-- reads.
with

engagement as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

final as (

    select
        lead_id,
        event_type,
        event_count,
        decayed_count,
        criterion_units
    from engagement

)

select * from final
