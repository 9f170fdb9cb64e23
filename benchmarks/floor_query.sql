-- The practical floor for `dbt build`: main.lead_scores (lead_id, fit_score, engagement_score,
-- total_score, tier, is_mql, is_disqualified) computed in ONE DuckDB query, written from docs/scoring_rules.md and
-- reading the raw Parquet files and the seed CSVs directly. benchmarks/bench.py runs it in a fresh
-- process (TimeZone UTC, the profile's memory_limit) and checks it against dbt's lead_scores.
--
-- Inputs are DuckDB variables, e.g. in the duckdb CLI:
--   set variable raw_path = '/tmp/lead_scoring_bench/1M/raw';  -- leads.parquet, events/*.parquet
--   set variable seeds_path = '/work/main/seeds';
--   set variable score_as_of = '2026-11-01 00:00:00';           -- naive = UTC
--   set TimeZone = 'UTC';
--   .read benchmarks/floor_query.sql
--
-- Where the rules leave a tie open it follows the dbt models (tie-break order of lead versions,
-- of re-delivered event copies and of seniority patterns), so the two results can be compared
-- exactly. "Trimmed" strips space, tab, newline, vertical tab, form feed and carriage return, as
-- the models' trim_to_null does (the regular expression only where the first or last character is
-- a space or a control character); it and the UTC conversion use the models' fastest forms, so
-- the floor is not slowed by choices dbt does not make.

with

seniority_rules as (

    select * from read_csv(
        getvariable('seeds_path') || '/job_title_seniority.csv', header = true,
        columns = {'pattern': 'varchar', 'seniority': 'varchar', 'priority': 'integer'}
    )

),

size_bands as (

    select * from read_csv(
        getvariable('seeds_path') || '/company_size_bands.csv', header = true,
        columns = {'band': 'varchar', 'min_employees': 'bigint', 'max_employees': 'bigint'}
    )

),

attribute_points as (

    select
        lower(trim(attribute)) as attribute,
        lower(trim(value)) as value,
        points,
        coalesce(disqualifies, false) as disqualifies
    from read_csv(
        getvariable('seeds_path') || '/attribute_points.csv', header = true,
        columns = {
            'attribute': 'varchar', 'value': 'varchar', 'points': 'double', 'category': 'varchar',
            'disqualifies': 'boolean'
        }
    )

),

event_points as (

    select
        lower(trim(event_type)) as event_type,
        points,
        lower(trim(frequency)) as frequency,
        max_points,
        half_life_days,
        lookback_days,
        coalesce(disqualifies, false) as disqualifies
    from read_csv(
        getvariable('seeds_path') || '/event_points.csv', header = true,
        columns = {
            'event_type': 'varchar', 'points': 'double', 'frequency': 'varchar', 'max_points': 'double',
            'half_life_days': 'double', 'lookback_days': 'integer', 'category': 'varchar',
            'disqualifies': 'boolean'
        }
    )

),

value_aliases as (

    select
        lower(trim(attribute)) as attribute,
        nullif(lower(trim(regexp_replace(alias, '[ \t\n\v\f\r]+', ' ', 'g'))), '') as alias,
        nullif(lower(trim(regexp_replace(value, '[ \t\n\v\f\r]+', ' ', 'g'))), '') as value
    from read_csv(
        getvariable('seeds_path') || '/value_aliases.csv', header = true,
        columns = {'attribute': 'varchar', 'alias': 'varchar', 'value': 'varchar'}
    )

),

score_tiers as (

    select * from read_csv(
        getvariable('seeds_path') || '/score_tiers.csv', header = true,
        columns = {'tier': 'varchar', 'min_score': 'double', 'is_mql': 'boolean', 'next_action': 'varchar'}
    )

),

-- Every lead row cleaned; rejected rows (blank id, unparseable updated_at / is_deleted) and rows
-- updated after the scoring time are dropped.
lead_rows as (

    select
        nullif((case when ascii(lead_id) <= 32 or ascii(right(lead_id, 1)) <= 32 then regexp_replace(lead_id, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else lead_id end), '') as lead_id,
        nullif((case when ascii(job_title) <= 32 or ascii(right(job_title, 1)) <= 32 then regexp_replace(job_title, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else job_title end), '') as job_title,
        employee_count as raw_employee_count,
        case
            when regexp_full_match(replace(replace(employee_count, ',', ''), ' ', ''), '[0-9]+')
                then try_cast(replace(replace(employee_count, ',', ''), ' ', '') as bigint)
        end as employee_count,
        nullif(lower(trim(regexp_replace(industry, '[ \t\n\v\f\r]+', ' ', 'g'))), '') as industry,
        nullif(lower(trim(regexp_replace(country, '[ \t\n\v\f\r]+', ' ', 'g'))), '') as country,
        nullif(lower(trim(regexp_replace(lead_source, '[ \t\n\v\f\r]+', ' ', 'g'))), '') as lead_source,
        case lower(coalesce((case when ascii(is_deleted) <= 32 or ascii(right(is_deleted, 1)) <= 32 then regexp_replace(is_deleted, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else is_deleted end), ''))
            when 'true' then true when '1' then true when 'yes' then true when 'y' then true
            when 'false' then false when '0' then false when 'no' then false when 'n' then false when '' then false
        end as is_deleted,
        make_timestamp(epoch_us(try_cast((case when ascii(updated_at) <= 32 or ascii(right(updated_at, 1)) <= 32 then regexp_replace(updated_at, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else updated_at end) as timestamptz))) as updated_at
    from read_parquet(getvariable('raw_path') || '/leads.parquet')

),

-- The winning version per lead: latest updated_at, a deleted version first on a tie. Deleted
-- winners are not scored.
live_leads as (

    select *
    from (
        select *
        from lead_rows
        where
            lead_id is not null
            and updated_at is not null
            and is_deleted is not null
            and updated_at <= cast(getvariable('score_as_of') as timestamp)
        qualify row_number() over (
            partition by lead_id
            order by
                updated_at desc, is_deleted desc, job_title, raw_employee_count, industry, country, lead_source
        ) = 1
    )
    where not is_deleted

),

-- Seniority of each distinct job title (few distinct titles, so the pattern join stays small).
title_seniority as (

    select
        titles.job_title,
        arg_min(lower(trim(seniority_rules.seniority)), row(seniority_rules.priority, seniority_rules.seniority))
            as job_seniority
    from (select distinct job_title from live_leads where job_title is not null) as titles
    inner join seniority_rules
        on regexp_matches(titles.job_title, seniority_rules.pattern, 'i')
    group by titles.job_title

),

classified_leads as (

    select
        live_leads.lead_id,
        coalesce(title_seniority.job_seniority, 'other') as job_seniority,
        size_bands.band as company_size_band,
        coalesce(industry_aliases.value, live_leads.industry) as industry,
        coalesce(country_aliases.value, live_leads.country) as country,
        coalesce(lead_source_aliases.value, live_leads.lead_source) as lead_source
    from live_leads
    left join title_seniority
        on live_leads.job_title = title_seniority.job_title
    left join size_bands
        on
            live_leads.employee_count >= size_bands.min_employees
            and (size_bands.max_employees is null or live_leads.employee_count <= size_bands.max_employees)
    left join value_aliases as industry_aliases
        on industry_aliases.attribute = 'industry' and live_leads.industry = industry_aliases.alias
    left join value_aliases as country_aliases
        on country_aliases.attribute = 'country' and live_leads.country = country_aliases.alias
    left join value_aliases as lead_source_aliases
        on lead_source_aliases.attribute = 'lead_source' and live_leads.lead_source = lead_source_aliases.alias

),

fit_totals as (

    select
        lead_attributes.lead_id,
        sum(cast(round(attribute_points.points * 1e9) as bigint)) as fit_units,
        bool_or(attribute_points.disqualifies) as is_disqualified
    from (
        unpivot classified_leads
        on job_seniority, company_size_band, industry, country, lead_source
        into name attribute value attribute_value
    ) as lead_attributes
    inner join attribute_points
        on
            lead_attributes.attribute = attribute_points.attribute
            and lower(lead_attributes.attribute_value) = attribute_points.value
    group by lead_attributes.lead_id

),

-- Event type spellings, cleaned once per distinct raw value (a few hundred) instead of per row.
event_type_names as (

    select
        raw_event_type,
        nullif(regexp_replace(lower((case when ascii(raw_event_type) <= 32 or ascii(right(raw_event_type, 1)) <= 32 then regexp_replace(raw_event_type, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else raw_event_type end)), '[ \t\n\v\f\r_-]+', '_', 'g'), '')
            as event_type
    from (
        select distinct event_type as raw_event_type
        from read_parquet(getvariable('raw_path') || '/events/*.parquet')
    )

),

-- Each event_id once: its first delivery, i.e. the copy in the earliest file (name order), then
-- the earliest parseable occurred_at (then lead_id, event_type: the models' order). The event
-- counts only when that copy's occurred_at parses and is not after the scoring time.
first_copies as (

    select
        lead_id,
        event_type,
        occurred_at
    from (
        select
            event_rows.lead_id,
            event_type_names.event_type,
            event_rows.occurred_at
        from (
            select
                filename,
                event_id as raw_event_id,
                nullif((case when ascii(event_id) <= 32 or ascii(right(event_id, 1)) <= 32 then regexp_replace(event_id, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else event_id end), '') as event_id,
                nullif((case when ascii(lead_id) <= 32 or ascii(right(lead_id, 1)) <= 32 then regexp_replace(lead_id, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else lead_id end), '') as lead_id,
                event_type as raw_event_type,
                make_timestamp(epoch_us(try_cast((case when ascii(occurred_at) <= 32 or ascii(right(occurred_at, 1)) <= 32 then regexp_replace(occurred_at, '^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$', '', 'g') else occurred_at end) as timestamptz)))
                    as occurred_at
            from read_parquet(getvariable('raw_path') || '/events/*.parquet', filename = true)
        ) as event_rows
        left join event_type_names
            on event_rows.raw_event_type = event_type_names.raw_event_type
        where event_rows.event_id is not null
        qualify row_number() over (
            partition by event_rows.event_id
            order by
                event_rows.filename,
                event_rows.occurred_at nulls last,
                event_rows.lead_id,
                event_type_names.event_type,
                event_rows.raw_event_id
        ) = 1
    )
    where occurred_at <= cast(getvariable('score_as_of') as timestamp)

),

-- Scored events (a live lead's, inside the event type's look-back), counted per day: every event of
-- a day has the same age, so the same worth after decay.
qualifying_days as (

    select
        first_copies.lead_id,
        first_copies.event_type,
        first_copies.age_days,
        count(*) as event_count,
        max(first_copies.occurred_at) as last_occurred_at,
        any_value(event_points.frequency) as frequency,
        any_value(event_points.max_points) as max_points,
        any_value(event_points.disqualifies) as disqualifies,
        any_value(event_points.points * case
            when event_points.half_life_days is null then 1
            else power(0.5, first_copies.age_days / event_points.half_life_days)
        end) as worth
    from (
        select
            *,
            date_diff(
                'day', cast(occurred_at as date), cast(cast(getvariable('score_as_of') as timestamp) as date)
            ) as age_days
        from first_copies
        where lead_id in (select live_leads.lead_id from live_leads)
    ) as first_copies
    inner join event_points
        on first_copies.event_type = event_points.event_type
    where event_points.lookback_days is null or first_copies.age_days <= event_points.lookback_days
    group by first_copies.lead_id, first_copies.event_type, first_copies.age_days

),

-- Exact sums: every term in whole 1e-9 units (rounded half away from zero), added as integers, so
-- the total does not depend on the order of the rows; `each` adds each day's count * worth.
event_type_totals as (

    select
        lead_id,
        max_points,
        bool_or(disqualifies) as disqualifies,
        case
            when frequency = 'each' then cast(sum(cast(round(event_count * worth * 1e9) as bigint)) as double) / 1e9
            else arg_max(worth, last_occurred_at)
        end as uncapped_points
    from qualifying_days
    group by lead_id, event_type, frequency, max_points

),

engagement_totals as (

    select
        lead_id,
        sum(
            cast(round(
                case
                    when max_points is not null and abs(uncapped_points) > max_points
                        then sign(uncapped_points) * max_points
                    else uncapped_points
                end * 1e9
            ) as bigint)
        ) as engagement_units,
        bool_or(disqualifies) as is_disqualified
    from event_type_totals
    group by lead_id

),

scores as (

    select
        live_leads.lead_id,
        -- units / 1e7 is exact at a half cent, so round() rounds it half away from zero exactly
        round(cast(coalesce(fit_totals.fit_units, 0) as double) / 1e7) / 100 as fit_score,
        round(cast(coalesce(engagement_totals.engagement_units, 0) as double) / 1e7) / 100 as engagement_score,
        round(cast(coalesce(fit_totals.fit_units, 0) + coalesce(engagement_totals.engagement_units, 0) as double) / 1e7)
        / 100 as total_score,
        coalesce(fit_totals.is_disqualified, false) or coalesce(engagement_totals.is_disqualified, false)
            as is_disqualified
    from live_leads
    left join fit_totals
        on live_leads.lead_id = fit_totals.lead_id
    left join engagement_totals
        on live_leads.lead_id = engagement_totals.lead_id

),

lowest_tier as (

    select
        tier,
        is_mql
    from score_tiers
    order by min_score
    limit 1

)

-- Tier: the highest min_score not above the total (ASOF join), else the lowest tier.
select
    scores.lead_id,
    scores.fit_score,
    scores.engagement_score,
    scores.total_score,
    coalesce(score_tiers.tier, lowest_tier.tier) as tier,
    coalesce(score_tiers.is_mql, lowest_tier.is_mql) and not scores.is_disqualified as is_mql,
    scores.is_disqualified
from scores
asof left join score_tiers
    on scores.total_score >= score_tiers.min_score
cross join lowest_tier
