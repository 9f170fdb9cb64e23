-- Every delivered event row, with the reason it cannot be scored (null when it is scored) and its
-- age in whole days at the scoring date. Re-deliveries of an event_id are numbered so only the
-- first counts.
with

events as (

    select * from {{ ref('stg_tracking__events') }}

),

leads as (

    select * from {{ ref('int_leads_resolved') }}

),

numbered_events as (

    select
        *,
        row_number() over (
            partition by event_id
            order by occurred_at asc, lead_id asc, event_type asc, properties asc
        ) as delivery_number
    from events

),

final as (

    select
        -- keys
        numbered_events.event_id,
        numbered_events.raw_event_id,
        numbered_events.lead_id,

        -- attributes
        numbered_events.event_type,
        numbered_events.properties,
        numbered_events.delivery_number,
        case
            when numbered_events.event_id is null then 'missing_event_id'
            when numbered_events.delivery_number > 1 then 'duplicate_event_id'
            when numbered_events.occurred_at is null then 'unparseable_occurred_at'
            when numbered_events.lead_id is null then 'anonymous'
            when numbered_events.occurred_at > {{ score_as_of() }} then 'after_score_as_of'
            when leads.lead_id is null then 'unknown_lead'
            when leads.is_deleted then 'deleted_lead'
        end as rejection_reason,
        {{ dbt.datediff(
            dbt.cast('numbered_events.occurred_at', api.Column.translate_type('date')),
            dbt.cast(score_as_of(), api.Column.translate_type('date')),
            'day'
        ) }} as age_days,

        -- timestamps
        numbered_events.occurred_at,
        numbered_events.raw_occurred_at

    from numbered_events
    left join leads
        on numbered_events.lead_id = leads.lead_id

)

select * from final
