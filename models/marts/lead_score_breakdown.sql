{{ config(
    grants=bi_grants(),
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ lead_scoring.delete_changed_lead_rows() }}",
    post_hook="{{ lead_scoring.record_sync() }}",
) }}

-- Why each lead has its score: one row per lead and criterion that contributed points, rounded to
-- 2 decimals like the scores, with the criteria that disqualify the lead flagged.
--
-- Incremental on DuckDB (macros/incremental/scored_leads.sql): a lead's rows come from its fit
-- points and engagement prices, so a run explains again only the leads with one of those rows (or
-- their classified row) written since the table's last run: the pre-hook deletes their rows and
-- the rows of leads no longer classified, and their new rows are appended. An upstream table
-- rebuilt since (a new scoring date re-prices every group) rebuilds it, as by --full-refresh. On
-- other engines it is a table.
{%- set kept = lead_scoring.synced_leads_kept() if is_incremental() else none %}

-- depends_on: {{ ref('int_leads_classified') }}
with

fit_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_fit_points_matched') }}

),

engagement_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

{% if kept is not none %}

    -- The leads with an upstream row written since the table's last run: only they are explained.
    changed_leads as (

        {{ lead_scoring.changed_scored_leads(kept) }}

    ),

{% endif %}

fit_rows as (

    select
        lead_id,
        'attribute' as criterion_type,
        attribute_name || ' = ' || attribute_value as criterion,
        category,
        1 as occurrences,
        {{ round_points('points') }} as points,
        false as is_capped,
        cast(null as {{ dbt.type_timestamp() }}) as last_occurred_at,
        disqualifies as is_disqualifying,
        matched_alias
    from fit_points
    -- a literal either way, so that the clause lints alike with and without a kept table
    where {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}

),

engagement_rows as (

    select
        lead_id,
        'event' as criterion_type,
        event_type as criterion,
        category,
        qualifying_events as occurrences,
        {{ round_points('points') }} as points,
        is_capped,
        last_qualifying_at as last_occurred_at,
        disqualifies as is_disqualifying,
        cast(null as {{ dbt.type_string() }}) as matched_alias
    from engagement_points
    where
        is_known_type
        and qualifying_events > 0
        and {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}

),

final as (

    select * from fit_rows
    union all
    select * from engagement_rows

)

select * from final
