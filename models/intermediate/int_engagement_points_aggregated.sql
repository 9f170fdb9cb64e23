-- One row per scored lead and event type it has events of (unknown types included, with 0
-- points): qualifying events (inside the look-back), each worth points * 0.5 ^ (age_days /
-- half_life_days); `once` keeps the most recent, `each` adds them up; `max_points` bounds the
-- magnitude of the total. Works on daily counts: an event's age is in whole days, so every event
-- of one day is worth the same.
with

event_days as (

    select * from {{ ref('int_event_days_scored') }}

),

event_points as (

    select * from {{ ref('event_points') }}

),

priced_days as (

    select
        event_days.lead_id,
        event_days.event_type,
        event_days.event_date,
        event_days.event_count,
        event_days.last_occurred_at,
        event_points.event_type is not null as is_known_type,
        event_points.category,
        event_points.frequency,
        event_points.max_points,
        coalesce(
            event_points.event_type is not null
            and (event_points.lookback_days is null or event_days.age_days <= event_points.lookback_days),
            false
        ) as is_qualifying,
        event_points.points * case
            when event_points.half_life_days is null then 1
            else power(0.5, event_days.age_days / event_points.half_life_days)
        end as event_points
    from event_days
    left join event_points
        on event_days.event_type = lower(trim(event_points.event_type))

),

ranked_days as (

    select
        *,
        row_number() over (
            partition by lead_id, event_type, is_qualifying
            order by event_date desc
        ) as recency_rank
    from priced_days

),

per_event_type as (

    select
        lead_id,
        event_type,
        is_known_type,
        category,
        frequency,
        max_points,
        max(last_occurred_at) as last_occurred_at,
        max(case when is_qualifying then last_occurred_at end) as last_qualifying_at,
        coalesce(sum(case when is_qualifying then event_count end), 0) as qualifying_events,
        coalesce(sum(
            case
                when is_qualifying and frequency = 'each' then event_count * event_points
                when is_qualifying and recency_rank = 1 then event_points
            end
        ), 0) as uncapped_points
    from ranked_days
    group by lead_id, event_type, is_known_type, category, frequency, max_points

),

final as (

    select
        lead_id,
        event_type,
        is_known_type,
        category,
        frequency,
        qualifying_events,
        last_occurred_at,
        last_qualifying_at,
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
