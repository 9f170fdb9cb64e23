-- One row per scored lead and event type with a row in `event_points`: qualifying events
-- (inside the look-back), each worth points * 0.5 ^ (age_days / half_life_days); `once` keeps
-- the most recent, `each` adds them up; `max_points` bounds the magnitude of the total.
with

events as (

    select * from {{ ref('int_events_validated') }}

),

event_points as (

    select * from {{ ref('event_points') }}

),

qualifying_events as (

    select
        events.lead_id,
        events.event_type,
        events.occurred_at,
        event_points.category,
        event_points.frequency,
        event_points.max_points,
        event_points.points * case
            when event_points.half_life_days is null then 1
            else power(0.5, events.age_days / event_points.half_life_days)
        end as event_points,
        row_number() over (
            partition by events.lead_id, events.event_type
            order by events.occurred_at desc
        ) as recency_rank
    from events
    inner join event_points
        on events.event_type = lower(trim(event_points.event_type))
    where
        events.rejection_reason is null
        and (
            event_points.lookback_days is null
            or events.age_days <= event_points.lookback_days
        )

),

per_event_type as (

    select
        lead_id,
        event_type,
        category,
        frequency,
        max_points,
        count(*) as qualifying_events,
        max(occurred_at) as last_occurred_at,
        sum(
            case when frequency = 'each' or recency_rank = 1 then event_points else 0 end
        ) as uncapped_points
    from qualifying_events
    group by lead_id, event_type, category, frequency, max_points

),

final as (

    select
        lead_id,
        event_type,
        category,
        frequency,
        qualifying_events,
        last_occurred_at,
        uncapped_points,
        case
            when max_points is not null and abs(uncapped_points) > max_points
                then sign(uncapped_points) * max_points
            else uncapped_points
        end as points,
        coalesce(max_points is not null and abs(uncapped_points) > max_points, false) as is_capped
    from per_event_type

)

select * from final
