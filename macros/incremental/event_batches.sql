{#- Which raw event rows an incremental run still has to read.

    When every raw row carries the file it came from (`_source_file`: always on DuckDB, and in
    tables loaded by scripts/load_raw.py elsewhere), a run reads only files it has not seen: a
    constant `not in (...)` list that DuckDB uses to skip whole files. New data must arrive as new
    files (the contract); a file that is rewritten in place is not re-read until
    `dbt build --full-refresh`.

    Raw tables without that column (loaded by your own pipeline) have no file marker, so a run
    re-reads events from the last `event_late_arrival_days` days (default 3) before the newest
    event already loaded: events that arrive later than that are only picked up by a full refresh.
    Re-reading is safe for scores: an event_id already loaded counts once. Known limit: the
    re-read rows are appended again as `duplicate_event_id` deliveries, so there input_audit counts
    them twice until the next `--full-refresh`. -#}
{% macro raw_source_file(input_name='events') -%}
    {{ return(adapter.dispatch('raw_source_file', 'lead_scoring')(input_name)) }}
{%- endmacro %}

{% macro default__raw_source_file(input_name='events') -%}
    {%- if lead_scoring.raw_table_has_source_file(input_name) -%}
        _source_file
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- True when the raw table of `input_name` has a `_source_file` column (scripts/load_raw.py). -#}
{% macro raw_table_has_source_file(input_name) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=target.database, schema=var('raw_schema'), identifier=input_name) -%}
    {%- if relation is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return('_source_file' in names) }}
{%- endmacro %}

{% macro duckdb__raw_source_file(input_name='events') -%}
    _source_file
{%- endmacro %}

{% macro unprocessed_event_rows(loaded) -%}
    {{ return(adapter.dispatch('unprocessed_event_rows', 'lead_scoring')(loaded)) }}
{%- endmacro %}

{% macro default__unprocessed_event_rows(loaded) -%}
    {%- if lead_scoring.raw_table_has_source_file('events') -%}
        {{ return(lead_scoring.duckdb__unprocessed_event_rows(loaded)) }}
    {%- endif -%}
    occurred_at >= (
        select {{ dbt.dateadd('day', -1 * var('event_late_arrival_days', 3), 'max(occurred_at)') }}
        from {{ loaded }}
        where occurred_at <= {{ dbt.current_timestamp() }}
    )
{%- endmacro %}

{% macro duckdb__unprocessed_event_rows(loaded) -%}
    {%- set seen = [] -%}
    {%- if execute -%}
        {%- set seen = run_query(
            'select distinct source_file from ' ~ loaded ~ ' where source_file is not null order by 1'
        ).columns[0].values() | list -%}
    {%- endif -%}
    {%- if seen -%}
        source_file not in ('{{ seen | map("replace", "'", "''") | join("', '") }}')
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The run's start as a timestamp literal: marks the rows an incremental run loaded. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The load a check of "what this run loaded" looks at, as a value to compare `column` with: under
    `dbt build`, this invocation's (`this_run`, by default the run's start: a build that loads
    nothing has no such rows, however large the previous load was); under `dbt test` and anything
    else, the latest load (the maximum of `column` in `relation`). -#}
{% macro this_load(column, relation, this_run=none) -%}
    {%- if flags.WHICH == 'build' -%}
        {{ this_run if this_run is not none else lead_scoring.run_started_timestamp() }}
    {%- else -%}
        (select max({{ column }}) from {{ relation }})
    {%- endif -%}
{%- endmacro %}

{#- Whether `relation` holds rows where `condition` (a SQL condition on its columns) holds, asked
    at run time; true at parse time. DuckDB proves such a load empty from its statistics, but a hash
    join with that empty side still reads the other side in full (3.9-7.8 s at 50M deliveries
    after a second load): callers render an empty relation instead when this is false. -#}
{% macro has_rows_where(relation, condition) -%}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set found = run_query('select count(*) > 0 from ' ~ relation ~ ' where ' ~ condition).columns[0].values()[0] -%}
    {{ return(found == true) }}
{%- endmacro %}

{#- The newest `column` (a timestamp) of `relation` as a SQL timestamp literal, asked at run time;
    1900-01-01 at parse time or when the relation has no row. A literal, so that a filter on it
    lets DuckDB skip the stored blocks that hold only older rows. -#}
{% macro newest_timestamp_literal(relation, column) -%}
    {%- set newest = none -%}
    {%- if execute -%}
        {%- set newest = run_query(
            'select cast(max(' ~ column ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ relation
        ).columns[0].values()[0] -%}
    {%- endif -%}
    {{ return(dbt.cast("'" ~ (newest if newest is not none else '1900-01-01') ~ "'", dbt.type_timestamp())) }}
{%- endmacro %}

{#- Whether `relation` has rows of the load a check looks at (macro this_load): asked under
    `dbt build` only (true otherwise: the latest load always has rows). -#}
{% macro load_has_rows(relation, column) -%}
    {%- if flags.WHICH != 'build' -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(lead_scoring.has_rows_where(relation, column ~ ' = ' ~ lead_scoring.this_load(column, relation))) }}
{%- endmacro %}
