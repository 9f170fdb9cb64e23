{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ lead_scoring.delete_changed_lead_rows() }}",
    post_hook="{{ lead_scoring.record_sync() }}",
) }}

-- One row per scored lead that a disqualifying criterion matches (`disqualifies` in
-- attribute_points or event_points), with every reason in one text: attribute reasons first, in
-- the order of var `scored_attributes`, then event types by the date of their earliest qualifying
-- event. Such a lead keeps its score and tier but is never an MQL.
--
-- Incremental on DuckDB (macros/incremental/scored_leads.sql), like lead_score_breakdown: a lead's
-- reasons come from its fit points and engagement prices, so a run finds again only the reasons of
-- the leads with one of those rows (or their classified row) written since the table's last run
-- (kept in the one-row table beside it): the pre-hook deletes their rows and those of leads no
-- longer classified, and their new rows are appended. An upstream table rebuilt since rebuilds
-- it, as by --full-refresh. On other engines it is a table.
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

    -- The leads with an upstream row written since the table's last run: only their reasons.
    changed_leads as (

        {{ lead_scoring.changed_scored_leads(kept) }}

    ),

{% endif %}

reasons as (

    select
        lead_id,
        attribute_name || ' = ' || attribute_value as reason,
        0 as reason_group,
        case attribute_name
            {% for attribute in var('scored_attributes') %}
                when '{{ attribute }}' then {{ loop.index }}
            {% endfor %}
        end as reason_position,
        cast(null as date) as reason_date,
        attribute_name as reason_name
    from fit_points
    where
        disqualifies
        -- a literal either way, so that the clause lints alike with and without a kept table
        and {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}

    union all

    select
        lead_id,
        event_type || ' on ' || {{ dbt.cast('first_qualifying_date', dbt.type_string()) }} as reason,
        1 as reason_group,
        0 as reason_position,
        first_qualifying_date as reason_date,
        event_type as reason_name
    from engagement_points
    where
        disqualifies
        and qualifying_events > 0
        and {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}

),

final as (

    select
        lead_id,
        {{ ordered_list(
            'reason', "'; '", ['reason_group', 'reason_position', 'reason_date', 'reason_name']
        ) }} as disqualified_reason
    from reasons
    group by lead_id

)

select * from final
