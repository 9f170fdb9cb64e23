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
        event_days.event_count,
        event_days.age_days,
        event_days.last_occurred_at,
        event_points.event_type is not null as is_known_type,
        event_points.category,
        event_points.frequency,
        event_points.points,
        event_points.half_life_days,
        event_points.max_points,
        coalesce(
            event_points.event_type is not null
            and (event_points.lookback_days is null or event_days.age_days <= event_points.lookback_days),
            false
        ) as is_qualifying
    from event_days
    left join event_points
        on event_days.event_type = lower(trim(event_points.event_type))

),

-- One pass, no window: `each` adds up every qualifying day's events at that day's decayed worth;
-- `once` needs only the age of the most recent qualifying day, priced after the grouping.
per_event_type as (

    select
        lead_id,
        event_type,
        is_known_type,
        category,
        frequency,
        points,
        half_life_days,
        max_points,
        max(last_occurred_at) as last_occurred_at,
        max(case when is_qualifying then last_occurred_at end) as last_qualifying_at,
        coalesce(sum(case when is_qualifying then event_count end), 0) as qualifying_events,
        min(case when is_qualifying then age_days end) as newest_qualifying_age_days,
        {{ order_independent_sum(
            "case when is_qualifying and frequency = 'each' then event_count * points * "
            ~ decay_factor('age_days', 'half_life_days') ~ ' end'
        ) }} as each_points
    from priced_days
    group by lead_id, event_type, is_known_type, category, frequency, points, half_life_days, max_points

),

uncapped as (

    select
        *,
        coalesce(
            case
                when frequency = 'each' then each_points
                when newest_qualifying_age_days is not null
                    then points * {{ decay_factor('newest_qualifying_age_days', 'half_life_days') }}
            end,
            0
        ) as uncapped_points
    from per_event_type

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
    from uncapped

)

select * from final
