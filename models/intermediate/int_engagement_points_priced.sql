{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    incremental_strategy='delete+insert',
    unique_key=['lead_id', 'event_type'],
    on_schema_change='fail',
) }}

-- One row per lead id and event type it has counted events of at the scoring time (unknown types
-- included, with 0 points; leads not scored too: int_engagement_points_aggregated keeps the scored
-- ones): qualifying events (inside the look-back), each worth points * 0.5 ^ (age_days /
-- half_life_days); `once` keeps the most recent, `each` adds them up; `max_points` bounds the
-- magnitude of the total. Works on daily counts: an event's age is in whole days, so every event
-- of one day is worth the same. The same pass over the event days also counts what the feedback
-- loop learns from (event_count, decayed_count, criterion_units; int_lead_event_features reads
-- them), so a run reads the event days once.
--
-- Incremental: a day's worth changes only with the scoring date, event_points or var
-- probability_half_life_days (int_engagement_pricing_key). While they stay the same, and the
-- scoring time does not go back, a run prices again only the groups with event days loaded since
-- the table was last priced or, when the scoring time moved on, with events on the scoring date;
-- the rest keep their prices, which are the same. Otherwise the table is rebuilt, every group
-- priced, as by --full-refresh (macros engagement_prices_kept, should_full_refresh). On Spark it
-- is a table.
with

event_days as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_days_aged') }}

),

aggregated_days as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_days_aggregated') }}

),

pricing_key as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_pricing_key') }}

),

event_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('event_points') }}

),

point_rules as (

    select
        lower(trim(event_type)) as event_type,
        category,
        frequency,
        points,
        max_points,
        half_life_days,
        lookback_days,
        coalesce({{ optional_seed_column(ref('event_points'), 'disqualifies', 'false') }}, false) as disqualifies
    from event_points

),

{% if is_incremental() %}

    priced_before as (

        select
            max(events_loaded_through) as events_loaded_through,
            max(priced_as_of) as priced_as_of
        from {{ this }}

    ),

    -- The groups whose prices can have changed since the table was priced: new or recounted event
    -- days (late events included), and events on the scoring date when the scoring time moved on
    -- (at the same scoring time they count the same events: the last run priced every one).
    changed_groups as (

        select
            lead_id,
            event_type
        from aggregated_days
        where
            loaded_at > coalesce(
                (select priced_before.events_loaded_through from priced_before),
                {{ dbt.cast("'1900-01-01'", dbt.type_timestamp()) }}
            )

        union

        select
            lead_id,
            event_type
        from event_days
        -- age_days = 0, written on the stored column, so that the scan reads only that date
        where
            event_date = {{ scoring_date() }}
            and (select priced_before.priced_as_of from priced_before) < {{ score_as_of() }}

    ),

    -- The changed groups' event days. The lead ids first, as a filter: without it DuckDB groups
    -- every event day before it joins (35.8 s instead of 4.0 s at 46M event days).
    days_to_price as (

        select event_days.*
        from event_days
        inner join changed_groups
            on
                event_days.lead_id = changed_groups.lead_id
                and event_days.event_type = changed_groups.event_type
        where event_days.lead_id in (select changed_leads.lead_id from changed_groups as changed_leads)

    ),

{% else %}

    days_to_price as (

        select * from event_days

    ),

{% endif %}

-- Each day's events at that day's worth, or as not qualifying (unknown type, outside look-back).
priced_days as (

    select
        days_to_price.lead_id,
        days_to_price.event_type,
        days_to_price.event_count,
        days_to_price.event_date,
        days_to_price.age_days,
        days_to_price.last_occurred_at,
        point_rules.frequency,
        coalesce(
            point_rules.event_type is not null
            and (point_rules.lookback_days is null or days_to_price.age_days <= point_rules.lookback_days),
            false
        ) as is_qualifying,
        point_rules.points * {{ decay_factor('days_to_price.age_days', 'point_rules.half_life_days') }} as day_worth,
        {{ decay_factor('days_to_price.age_days', 'point_rules.half_life_days') }} as rule_decay,
        power(
            0.5,
            days_to_price.age_days / {{ dbt.cast(var('probability_half_life_days'), lead_scoring.type_double()) }}
        ) as feature_decay
    from days_to_price
    left join point_rules
        on days_to_price.event_type = point_rules.event_type

),

-- One pass, no window, grouped on the key alone: `each` adds up every qualifying day's events at
-- that day's worth; `once` needs only the age of the most recent qualifying day, priced below.
per_event_type as (

    select
        lead_id,
        event_type,
        max(last_occurred_at) as last_occurred_at,
        max(case when is_qualifying then last_occurred_at end) as last_qualifying_at,
        min(case when is_qualifying then event_date end) as first_qualifying_date,
        coalesce(sum(case when is_qualifying then event_count end), 0) as qualifying_events,
        min(case when is_qualifying then age_days end) as newest_qualifying_age_days,
        {{ order_independent_sum(
            "case when is_qualifying and frequency = 'each' then event_count * day_worth end"
        ) }} as each_points,
        -- for the feedback loop (int_lead_event_features)
        sum(event_count) as event_count,
        {{ order_independent_sum('event_count * feature_decay') }} as decayed_count,
        {{ order_independent_sum("case when is_qualifying then event_count * rule_decay end") }} as each_units,
        max(case when is_qualifying then rule_decay end) as once_units
    from priced_days
    group by lead_id, event_type

),

uncapped as (

    select
        per_event_type.*,
        point_rules.event_type is not null as is_known_type,
        point_rules.category,
        point_rules.frequency,
        point_rules.max_points,
        point_rules.points as rule_points,
        coalesce(point_rules.disqualifies, false) as disqualifies,
        case
            when point_rules.event_type is null then null
            when point_rules.frequency = 'each' then coalesce(per_event_type.each_units, 0)
            else coalesce(per_event_type.once_units, 0)
        end as uncapped_units,
        coalesce(
            case
                when point_rules.frequency = 'each' then per_event_type.each_points
                when per_event_type.newest_qualifying_age_days is not null
                    then point_rules.points * {{ decay_factor(
                        'per_event_type.newest_qualifying_age_days', 'point_rules.half_life_days'
                    ) }}
            end,
            0
        ) as uncapped_points
    from per_event_type
    left join point_rules
        on per_event_type.event_type = point_rules.event_type

),

final as (

    select
        lead_id,
        event_type,
        is_known_type,
        category,
        qualifying_events,
        last_occurred_at,
        last_qualifying_at,
        first_qualifying_date,
        disqualifies,
        uncapped_points,
        case
            when max_points is not null and abs(uncapped_points) > max_points
                then sign(uncapped_points) * max_points
            else uncapped_points
        end as points,
        coalesce(max_points is not null and abs(uncapped_points) > max_points, false) as is_capped,
        event_count,
        decayed_count,
        case
            when max_points is not null and rule_points != 0 and uncapped_units > max_points / abs(rule_points)
                then max_points / abs(rule_points)
            else uncapped_units
        end as criterion_units,
        (select pricing_key.pricing_key from pricing_key) as pricing_key,
        (select pricing_key.score_as_of from pricing_key) as priced_as_of,
        (select max(aggregated_days.loaded_at) from aggregated_days) as events_loaded_through,
        {{ run_started_timestamp() }} as priced_at
    from uncapped

)

select * from final
