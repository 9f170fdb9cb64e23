{{ config(materialized='view') }}

-- One row per scored lead and event type with counted events: the rows of
-- int_engagement_points_priced (priced for every lead id, kept from run to run) of the leads scored
-- at the scoring time.
with

priced as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_priced') }}

),

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_classified') }}

),

final as (

    select
        priced.lead_id,
        priced.event_type,
        priced.is_known_type,
        priced.category,
        priced.qualifying_events,
        priced.last_occurred_at,
        priced.last_qualifying_at,
        priced.first_qualifying_date,
        priced.disqualifies,
        priced.uncapped_points,
        priced.points,
        priced.is_capped,
        priced.event_count,
        priced.decayed_count,
        priced.criterion_units,
        priced.priced_at
    from priced
    inner join leads
        on priced.lead_id = leads.lead_id

)

select * from final
