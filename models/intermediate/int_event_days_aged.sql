{{ config(materialized='view') }}

-- The event days that count at the scoring time, for every lead id (int_engagement_points_aggregated
-- keeps the scored leads), with their age in whole days (no points yet: int_engagement_points_priced
-- prices them):
-- every day before the scoring date from the daily aggregate, and the scoring date itself from
-- the deliveries (only events at or before the scoring time).
with

event_days as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_days_aggregated') }}

),

deliveries as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_deliveries') }}

),

earlier_days as (

    select
        lead_id,
        event_type,
        event_date,
        event_count,
        last_occurred_at
    from event_days
    where event_date < {{ scoring_date() }}

),

scoring_day as (

    select
        lead_id,
        event_type,
        event_date,
        count(*) as event_count,
        max(occurred_at) as last_occurred_at
    from deliveries
    where
        delivery_rejection_reason is null
        and lead_id is not null
        and event_type is not null
        and event_date = {{ scoring_date() }}
        and occurred_at <= {{ score_as_of() }}
    group by lead_id, event_type, event_date

),

all_days as (

    select * from earlier_days
    union all
    select * from scoring_day

),

final as (

    select
        all_days.lead_id,
        all_days.event_type,
        all_days.event_date,
        all_days.event_count,
        all_days.last_occurred_at,
        {{ dbt.datediff(
            'all_days.event_date',
            scoring_date(),
            'day'
        ) }} as age_days
    from all_days

)

select * from final
