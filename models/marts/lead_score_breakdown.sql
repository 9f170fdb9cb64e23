{{ config(grants=bi_grants()) }}

-- Why each lead has its score: one row per lead and criterion that contributed points, rounded to
-- 2 decimals like the scores, with the criteria that disqualify the lead flagged.
with

fit_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_fit_points_matched') }}

),

engagement_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

fit_rows as (

    select
        lead_id,
        'attribute' as criterion_type,
        attribute_name || ' = ' || attribute_value as criterion,
        category,
        1 as occurrences,
        {{ round_points('points') }} as points,
        false as is_capped,
        cast(null as {{ dbt.type_timestamp() }}) as last_occurred_at,
        disqualifies as is_disqualifying,
        matched_alias
    from fit_points

),

engagement_rows as (

    select
        lead_id,
        'event' as criterion_type,
        event_type as criterion,
        category,
        qualifying_events as occurrences,
        {{ round_points('points') }} as points,
        is_capped,
        last_qualifying_at as last_occurred_at,
        disqualifies as is_disqualifying,
        cast(null as {{ dbt.type_string() }}) as matched_alias
    from engagement_points
    where is_known_type and qualifying_events > 0

),

final as (

    select * from fit_rows
    union all
    select * from engagement_rows

)

select * from final
