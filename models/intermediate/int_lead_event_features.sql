-- One row per scored lead and event type it has counted events of at the scoring time (unknown
-- types included): what the learning in the feedback loop sees of its engagement. `decayed_count`
-- weighs each event by 0.5 ^ (age_days / var probability_half_life_days), so recency counts;
-- `event_count` is every event so far; `criterion_units` is the lead's standing on the type's
-- event_points row in units of that row's points (points earned = points * units: the decayed
-- qualifying events for `each`, the newest one's decay for `once`, capped at max_points / |points|),
-- null for a type with no row.
with

event_days as (

    select * from {{ ref('int_event_days_aged') }}

),

event_points as (

    select * from {{ ref('event_points') }}

),

point_rules as (

    select
        lower(trim(event_type)) as event_type,
        frequency,
        points,
        max_points,
        half_life_days,
        lookback_days
    from event_points

),

days_with_rules as (

    select
        event_days.lead_id,
        event_days.event_type,
        event_days.event_count,
        event_days.age_days,
        point_rules.event_type is not null as is_known_type,
        point_rules.frequency,
        point_rules.points,
        point_rules.max_points,
        coalesce(
            point_rules.event_type is not null
            and (point_rules.lookback_days is null or event_days.age_days <= point_rules.lookback_days),
            false
        ) as is_qualifying,
        {{ decay_factor('event_days.age_days', 'point_rules.half_life_days') }} as rule_decay,
        power(
            0.5,
            event_days.age_days / {{ dbt.cast(var('probability_half_life_days'), lead_scoring.type_double()) }}
        ) as feature_decay
    from event_days
    left join point_rules
        on event_days.event_type = point_rules.event_type

),

per_event_type as (

    select
        lead_id,
        event_type,
        max(case when is_known_type then 1 else 0 end) = 1 as is_known_type,
        max(frequency) as frequency,
        max(points) as points,
        max(max_points) as max_points,
        sum(event_count) as event_count,
        {{ order_independent_sum('event_count * feature_decay') }} as decayed_count,
        {{ order_independent_sum("case when is_qualifying then event_count * rule_decay end") }} as each_units,
        max(case when is_qualifying then rule_decay end) as once_units
    from days_with_rules
    group by lead_id, event_type

),

units as (

    select
        *,
        case
            when not is_known_type then null
            when frequency = 'each' then coalesce(each_units, 0)
            else coalesce(once_units, 0)
        end as uncapped_units
    from per_event_type

),

final as (

    select
        lead_id,
        event_type,
        event_count,
        decayed_count,
        case
            when max_points is not null and points != 0 and uncapped_units > max_points / abs(points)
                then max_points / abs(points)
            else uncapped_units
        end as criterion_units
    from units

)

select * from final
