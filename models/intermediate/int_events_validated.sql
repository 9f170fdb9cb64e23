{{ config(materialized='view') }}

-- Every delivered event row with the reason it is not scored at this scoring time (null when it
-- is): the delivery's own reason, else anonymous, after the scoring time, unknown lead or deleted
-- lead. A view over the incremental deliveries: rejected_rows and input_audit read it.
with

deliveries as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_deliveries') }}

),

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_resolved') }}

),

-- In a backtest (var point_in_time), leads with a version after the scoring time: when no version
-- is known at the scoring time, their events are not yet known there either (the lead is the
-- date's future), not unknown leads.
future_leads as (

    select distinct lead_id
    from {{ ref('int_lead_versions_ranked') }}
    where
        {{ 'true' if var('point_in_time', false) else 'false' }}
        and version_rejection_reason = 'not_yet_known'

),

final as (

    select
        -- keys
        deliveries.event_id,
        deliveries.raw_event_id,
        deliveries.lead_id,

        -- attributes
        deliveries.event_type,
        case
            {% if var('point_in_time', false) -%}
                -- a backtest: every row dated after the scoring time is its future, whatever else
                -- is wrong with it (a re-delivery, no lead id)
                when deliveries.occurred_at > {{ score_as_of() }} then {{ future_row_reason() }}
            {% endif -%}
            when deliveries.delivery_rejection_reason is not null then deliveries.delivery_rejection_reason
            when deliveries.lead_id is null then 'anonymous'
            when deliveries.occurred_at > {{ score_as_of() }} then {{ future_row_reason() }}
            when leads.lead_id is null and future_leads.lead_id is not null then {{ future_row_reason() }}
            when leads.lead_id is null then 'unknown_lead'
            when leads.is_deleted then 'deleted_lead'
        end as rejection_reason,

        -- timestamps
        deliveries.occurred_at,
        deliveries.raw_occurred_at,
        deliveries.loaded_at

    from deliveries
    left join leads
        on deliveries.lead_id = leads.lead_id
    left join future_leads
        on deliveries.lead_id = future_leads.lead_id

)

select * from final
