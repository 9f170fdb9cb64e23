{#- The raw input contract: each input and the columns it must have (extra columns are ignored). -#}
{% macro raw_input_columns() -%}
    {{ return({
        'leads': [
            'lead_id', 'email', 'first_name', 'last_name', 'job_title', 'company_name',
            'company_domain', 'employee_count', 'industry', 'country', 'lead_source',
            'created_at', 'updated_at', 'is_deleted',
        ],
        'events': ['event_id', 'lead_id', 'event_type', 'occurred_at', 'properties'],
        'conversions': ['lead_id', 'converted_at', 'amount'],
    }) }}
{%- endmacro %}

{#- Inputs that must hold at least one row: a lead export with only a header is a broken export,
    while a quiet period with no events or no deals is normal. -#}
{% macro raw_inputs_requiring_rows() -%}
    {{ return(['leads']) }}
{%- endmacro %}

{#- Run once at the start of every dbt invocation (on-run-start). Checks every raw input against
    the contract and fails with a message naming the file (or table) and the column, before any
    model runs. On DuckDB it also publishes each input as a view `<raw_schema>.<input>` over the
    files in var `raw_path`, so the sources are plain tables on every warehouse. -#}
{% macro register_raw_inputs() -%}
    {%- if execute -%}
        {{ return(adapter.dispatch('register_raw_inputs', 'lead_scoring')()) }}
    {%- endif -%}
{%- endmacro %}

{% macro raw_input_error(input_name, location, problem) -%}
    {{ exceptions.raise_compiler_error(
        "lead_scoring raw input '" ~ input_name ~ "' (" ~ location ~ "): " ~ problem
        ~ ". The contract is in README.md (Raw input contract).") }}
{%- endmacro %}

{% macro check_raw_columns(input_name, location, found_columns) -%}
    {%- set expected = lead_scoring.raw_input_columns()[input_name] -%}
    {%- set found = found_columns | map('lower') | map('trim') | list -%}
    {%- set missing = expected | reject('in', found) | list -%}
    {%- if missing -%}
        {{ lead_scoring.raw_input_error(input_name, location,
            "missing column" ~ ("s " if missing | length > 1 else " ") ~ "'" ~ missing | join("', '")
            ~ "'; found columns: " ~ found | join(', ') ~ "; expected: " ~ expected | join(', ')) }}
    {%- endif -%}
    {%- set extra = found | reject('in', expected) | list -%}
    {%- if extra -%}
        {{ log("lead_scoring: raw input '" ~ input_name ~ "' has extra columns, ignored: " ~ extra | join(', '), info=true) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__register_raw_inputs() -%}
    {%- for input_name in lead_scoring.raw_input_columns() -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema=var('raw_schema'), identifier=input_name) -%}
        {%- set location = var('raw_schema') ~ '.' ~ input_name -%}
        {%- if relation is none -%}
            {{ lead_scoring.raw_input_error(input_name, location, 'table not found in schema ' ~ var('raw_schema')) }}
        {%- endif -%}
        {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {{ lead_scoring.check_raw_columns(input_name, location, columns) }}
    {%- endfor -%}
{%- endmacro %}

{% macro duckdb__register_raw_inputs() -%}
    {%- set raw_path = var('raw_path') | string | trim -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') and raw_path | length > 1 else raw_path -%}
    {%- set raw_format = var('raw_format') | string | lower | trim -%}
    {%- if raw_format not in ['csv', 'parquet'] -%}
        {{ exceptions.raise_compiler_error("var raw_format must be csv or parquet, got '" ~ var('raw_format') ~ "'") }}
    {%- endif -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(var('raw_schema'))) -%}
    {%- for input_name in lead_scoring.raw_input_columns() -%}
        {%- set single_file = raw_path ~ '/' ~ input_name ~ '.' ~ raw_format -%}
        {%- set folder_files = raw_path ~ '/' ~ input_name ~ '/*.' ~ raw_format -%}
        {%- set location = single_file ~ ' or ' ~ folder_files -%}
        {%- set files = run_query(
            "select file from glob(" ~ dbt.string_literal(single_file) ~ ")"
            ~ " union all select file from glob(" ~ dbt.string_literal(folder_files) ~ ") order by file"
        ).columns[0].values() | list -%}
        {%- if not files -%}
            {{ lead_scoring.raw_input_error(input_name, location,
                "no such file (var raw_path is '" ~ raw_path ~ "', raw_format is '" ~ raw_format ~ "')") }}
        {%- endif -%}
        {%- set file_list = "['" ~ files | map('replace', "'", "''") | join("', '") ~ "']" -%}
        {%- set empty_files = run_query(
            "select filename from read_blob(" ~ file_list ~ ") where size = 0"
        ).columns[0].values() | list -%}
        {%- if empty_files -%}
            {{ lead_scoring.raw_input_error(input_name, empty_files | join(', '),
                "the file is empty; expected a header row with columns "
                ~ lead_scoring.raw_input_columns()[input_name] | join(', ')) }}
        {%- endif -%}
        {%- if raw_format == 'csv' -%}
            {%- set reader = "read_csv(" ~ file_list ~ ", header = true, all_varchar = true, delim = ','"
                ~ ", quote = '\"', escape = '\"', union_by_name = true, filename = '_source_file'"
                ~ ", encoding = " ~ dbt.string_literal(var('raw_encoding', 'utf-8')) ~ ")" -%}
        {%- else -%}
            {%- set reader = "read_parquet(" ~ file_list ~ ", union_by_name = true, filename = '_source_file')" -%}
        {%- endif -%}
        {%- set found = run_query("describe select * exclude (_source_file) from " ~ reader).columns[0].values() | list -%}
        {{ lead_scoring.check_raw_columns(input_name, files | join(', '), found) }}
        {%- if input_name in lead_scoring.raw_inputs_requiring_rows() -%}
            {%- set has_rows = run_query("select 1 from " ~ reader ~ " limit 1") | length > 0 -%}
            {%- if not has_rows -%}
                {{ lead_scoring.raw_input_error(input_name, files | join(', '),
                    "the file has a header but no rows; nothing to score") }}
            {%- endif -%}
        {%- endif -%}
        {%- set columns = lead_scoring.raw_input_columns()[input_name] -%}
        {%- do run_query(
            "create or replace view " ~ adapter.quote(var('raw_schema')) ~ "." ~ adapter.quote(input_name) ~ " as select "
            ~ lead_scoring.raw_text_columns(columns) ~ ", _source_file from " ~ reader
        ) -%}
    {%- endfor -%}
{%- endmacro %}

{#- `cast(<column> as varchar) as <column>, ...`: raw inputs are text whatever the file says. -#}
{% macro raw_text_columns(columns) -%}
    {%- for column in columns -%}
        cast({{ adapter.quote(column) }} as {{ api.Column.translate_type('varchar') }}) as {{ column }}
        {%- if not loop.last %}, {% endif -%}
    {%- endfor -%}
{%- endmacro %}
