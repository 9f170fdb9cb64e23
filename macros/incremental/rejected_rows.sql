{#- rejected_rows keeps its rows between runs on DuckDB while its largest inputs are unchanged. Its
    rows of leads come from int_lead_versions_ranked and its rows of events from
    int_events_rejected; both keep their rows from run to run and stamp each row with the start of
    the run that wrote it (`ranked_at`, `checked_at`). A run only appends rows or deletes them, so
    while a table holds as many rows as at rejected_rows' last run and no row newer than then, it
    holds the same rows. The post-hook records that count and newest stamp of both tables in the
    table `rejected_rows__synced` beside the mart (in the model's transaction); a run that finds
    them unchanged keeps the rows of leads and events and writes again only those of conversions
    and dispositions (views of the raw CRM files, which carry no stamp). Otherwise, or when the
    rule's version differs, the mart is rebuilt, as by --full-refresh. -#}

{#- The tables whose rows rejected_rows keeps, each with the column that stamps when a run wrote a
    row, and the mart's `source_name` of their rows. -#}
{% macro rejected_rows_kept_sources() -%}
    {{ return([
        ('leads', ref('int_lead_versions_ranked'), 'ranked_at'),
        ('events', ref('int_events_rejected'), 'checked_at'),
    ]) }}
{%- endmacro %}

{#- A select of the state rejected_rows records: the rule's version, the row count and the newest
    stamp of each kept source's table (macro stamped_tables_state). -#}
{% macro rejected_rows_sources_state() -%}
    {{ lead_scoring.stamped_tables_state("'rejected_rows-1'", lead_scoring.rejected_rows_kept_sources()) }}
{%- endmacro %}

{#- Whether rejected_rows can keep its rows of leads and events at this run, asked at run time:
    false when it must be rebuilt (the model is not incremental, the table or the table beside it
    does not exist, or a kept source's table changed since the last run). -#}
{% macro rejected_rows_kept() -%}
    {%- if not lead_scoring.kept_table_has_columns(['source_name', 'rejected_row_id']) -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(lead_scoring.recorded_state_unchanged(lead_scoring.rejected_rows_sources_state())) }}
{%- endmacro %}

{#- rejected_rows' pre-hook: when the run keeps the table (is_incremental(): our
    should_full_refresh asks rejected_rows_kept), delete the rows it writes again (those of the
    sources not kept), in the model's transaction, before they are appended. -#}
{% macro delete_rejected_rows_to_write() -%}
    {%- if execute and is_incremental() -%}
        {%- set kept_sources = lead_scoring.rejected_rows_kept_sources() | map(attribute=0) | list -%}
        delete from {{ this }} as kept_rows
        where kept_rows.source_name not in ('{{ kept_sources | join("', '") }}')
    {%- endif -%}
{%- endmacro %}

{#- rejected_rows' post-hook on DuckDB (it is incremental there): record the state of its kept
    sources' tables beside it, in the model's transaction, for the next run. -#}
{% macro record_rejected_rows_sync() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        create or replace table {{ lead_scoring.synced_relation() }} as
        {{ lead_scoring.rejected_rows_sources_state() }}
    {%- endif -%}
{%- endmacro %}
