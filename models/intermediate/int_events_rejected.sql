{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ lead_scoring.delete_event_rejections_to_check() }}",
    post_hook="{{ lead_scoring.record_event_rejection_lead_states() }}",
) }}

-- depends_on: {{ ref('int_leads_resolved') }}
-- depends_on: {{ ref('int_lead_versions_ranked') }}
-- depends_on: {{ ref('int_event_deliveries') }}

-- The delivered event rows that are not scored at the scoring time, one row each, with the reason
-- (not_yet_known ones included, in a backtest): the rows of int_events_validated that have a
-- rejection_reason. Materialised once per run, so that rejected_rows lists them and input_audit
-- counts them without each joining every delivery to the leads again.
--
-- Incremental on DuckDB (macros/incremental/event_rejections.sql): a delivery's own reason never
-- changes, so a run checks again only the deliveries that happened between the last run's scoring
-- time and this run's, were loaded after its latest load, or belong to a lead whose state (known, deleted,
-- future, unknown) changed since; their rows are deleted (pre-hook) and the checked ones
-- appended. The post-hook records the lead states for the next run. When the scoring time goes
-- back or the deliveries were rebuilt, the table is rebuilt, as by --full-refresh. On other
-- engines it is a table.
{%- set kept = lead_scoring.event_rejections_kept() if is_incremental() else none %}
with

events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_events_validated') }}

),

{% if kept is not none %}

    changed_leads as (

        {{ lead_scoring.changed_event_rejection_leads() }}

    ),

    -- Two branches, so that each filter reaches the scan of the deliveries.
    events_to_check as (

        select * from events
        where {{ lead_scoring.event_rejections_to_check(kept, 'events') }}

        union all

        select * from events
        where
            not {{ lead_scoring.event_rejections_to_check(kept, 'events') }}
            and events.lead_id in (select changed_leads.lead_id from changed_leads)

    ),

{% else %}

    events_to_check as (

        select * from events

    ),

{% endif %}

final as (

    select
        raw_event_id,
        lead_id,
        event_type,
        rejection_reason,
        raw_occurred_at,
        occurred_at,
        loaded_at,
        {{ score_as_of() }} as checked_as_of,
        {{ run_started_timestamp() }} as checked_at
    from events_to_check
    where rejection_reason is not null

)

select * from final
