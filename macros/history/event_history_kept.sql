{#- lead_event_history writes a date's cohort slice (the first scoring time of each UTC date) at
    every build at that scoring time, as replace_slices does. Its rows are made from
    int_engagement_points_priced and int_leads_classified (the view int_lead_event_features) and
    the criteria version; both tables only append rows stamped with their run's start
    (`priced_at`, `classified_at`) or delete rows, so while each holds as many rows as when the
    slice was written and no newer row, the slice would be written the same. On DuckDB the
    post-hook records that state beside the model (`lead_event_history__synced`), and a build at the
    same scoring time and criteria version that finds it unchanged, and the slice there, writes
    nothing. --full-refresh writes the slice again. -#}

{#- A select of the state lead_event_history records (macro stamped_tables_state): the row count
    and newest stamp of each table its rows are made from, keyed by the rule's version, the scoring
    time and the criteria version. -#}
{% macro event_history_state() -%}
    {%- set key -%}
        'lead_event_history-1|' || {{ dbt.cast(score_as_of(), dbt.type_string()) }} || '|' || (
            select criteria_version.criteria_version from {{ ref('int_criteria_version') }} as criteria_version
        )
    {%- endset -%}
    {{ lead_scoring.stamped_tables_state(key, [
        ('priced', ref('int_engagement_points_priced'), 'priced_at'),
        ('classified', ref('int_leads_classified'), 'classified_at'),
    ]) }}
{%- endmacro %}

{#- Whether lead_event_history's slice at this scoring time and criteria version is already there
    and would be written the same (event_history_state equals the recorded one), asked at run
    time: false at parse time, on other engines, with --full-refresh, and when the model's table
    or the table beside it does not exist. -#}
{% macro event_history_kept() -%}
    {%- if not execute or target.type != 'duckdb' or flags.FULL_REFRESH or load_relation(this) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if not lead_scoring.recorded_state_unchanged(lead_scoring.event_history_state()) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set slice_there -%}
        select exists (
            select 1
            from {{ this }} as slice
            where
                slice.score_as_of = {{ score_as_of() }}
                and slice.criteria_version = (
                    select criteria_version.criteria_version from {{ ref('int_criteria_version') }} as criteria_version
                )
        ) as slice_there
    {%- endset -%}
    {{ return(run_query(slice_there).columns[0].values()[0] == true) }}
{%- endmacro %}

{#- lead_event_history's post-hook on DuckDB: record event_history_state beside the model, in the
    model's transaction, for the next build. -#}
{% macro record_event_history_sync() -%}
    {%- if execute and target.type == 'duckdb' -%}
        create or replace table {{ lead_scoring.synced_relation() }} as
        {{ lead_scoring.event_history_state() }}
    {%- endif -%}
{%- endmacro %}
