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
        'dispositions': ['lead_id', 'disposition', 'reason', 'disposed_at'],
    }) }}
{%- endmacro %}

{#- Columns an export cannot do without: var raw_columns may declare any other column absent
    (mapped to null, read as blank), e.g. `is_deleted` for a CRM whose exports leave deleted
    records out. Without these a row cannot be identified, ordered or scored. -#}
{% macro raw_input_required_columns() -%}
    {{ return({
        'leads': ['lead_id', 'updated_at'],
        'events': ['event_id', 'lead_id', 'event_type', 'occurred_at'],
        'conversions': ['lead_id', 'converted_at'],
        'dispositions': ['lead_id', 'disposition', 'disposed_at'],
    }) }}
{%- endmacro %}

{#- Inputs that must hold at least one row: a lead export with only a header is a broken export,
    while a quiet period with no events or no deals is normal. -#}
{% macro raw_inputs_requiring_rows() -%}
    {{ return(['leads']) }}
{%- endmacro %}

{#- Inputs that may be missing altogether (no file, no table): read as empty, with the contract's
    columns, and said once in the log. Scores need leads and events; deals only evaluate them, and
    sales' dispositions only recycle MQLs. -#}
{% macro raw_optional_inputs() -%}
    {{ return(['conversions', 'dispositions']) }}
{%- endmacro %}

{#- Run once at the start of every dbt invocation (on-run-start). Checks every raw input against
    the contract and fails with a message naming the file (or table) and the column, before any
    model runs. On DuckDB it also publishes each input as a view `<raw_schema>.<input>` over the
    files in var `raw_path`, with the contract's column names, so the sources are plain tables on
    every warehouse. -#}
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

{% macro log_missing_optional_input(input_name, location) -%}
    {%- do log("lead_scoring: optional raw input '" ~ input_name ~ "' not found (" ~ location ~ "): treated as empty",
        info=true) -%}
{%- endmacro %}

{#- Matches the columns found in an input (file header or table) to the contract, through var
    raw_columns, and returns {<contract column>: <found column, or none when declared absent>}.
    Names match after trimming, case-insensitively. Fails naming every missing column (and the
    header it was mapped to); `csv` ({delimiter, encoding}, for CSV files) adds a hint when the
    header looks split by another delimiter or decoded with the wrong encoding. Extra columns are
    logged (log_extra) and ignored. -#}
{% macro check_raw_columns(input_name, location, found_columns, csv=none, log_extra=true) -%}
    {%- set expected = lead_scoring.raw_input_columns()[input_name] -%}
    {%- set mapping = lead_scoring.raw_column_mapping(input_name) -%}
    {%- set found = found_columns | map('trim') | list -%}
    {%- set found_by_key = {} -%}
    {%- for name in found_columns | reverse -%}
        {%- do found_by_key.update({name | trim | lower: name}) -%}
    {%- endfor -%}
    {%- set selected = {} -%}
    {%- set missing = [] -%}
    {%- for column in expected -%}
        {%- set header = mapping[column] if column in mapping else column -%}
        {%- if header is none -%}
            {%- do selected.update({column: none}) -%}
        {%- elif header | trim | lower in found_by_key -%}
            {%- do selected.update({column: found_by_key[header | trim | lower]}) -%}
        {%- else -%}
            {%- do missing.append("'" ~ column ~ "'" ~ (" (mapped to header '" ~ header ~ "')" if column in mapping else '')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- set described = [] -%}
        {%- for column in expected -%}
            {%- do described.append(column ~ (" ('" ~ mapping[column] ~ "')" if mapping.get(column) is not none else '')
                ~ (' (absent)' if column in mapping and mapping[column] is none else '')) -%}
        {%- endfor -%}
        {%- set hint = '' -%}
        {%- if csv is not none -%}
            {%- set separators = {';': ';', '\t': '\\t', '|': '|', ',': ','} -%}
            {%- set seen = separators.keys() | select('in', found[0]) | reject('equalto', csv.delimiter) | list
                if found | length == 1 else [] -%}
            {%- if seen -%}
                {%- set hint = "; the header was read as one column, so the file looks '" ~ separators[seen[0]]
                    ~ "'-separated: set var raw_delimiter (now '" ~ csv.delimiter | replace('\t', '\\t') ~ "'), e.g. --vars '{raw_delimiter: \""
                    ~ separators[seen[0]] ~ "\"}'" -%}
            {%- elif modules.re.search('\\x00|\\ufffd', found | join(' ')) is not none -%}
                {%- set hint = "; the header holds unreadable characters: set var raw_encoding (now '"
                    ~ csv.encoding ~ "') to the file's encoding (utf-8, utf-16 or latin-1)" -%}
            {%- endif -%}
        {%- endif -%}
        {{ lead_scoring.raw_input_error(input_name, location,
            "missing column" ~ ("s " if missing | length > 1 else " ") ~ missing | join(', ')
            ~ "; found columns: " ~ found | join(', ') ~ "; expected: " ~ described | join(', ') ~ hint) }}
    {%- endif -%}
    {%- set used = selected.values() | reject('none') | list -%}
    {%- set extra = found_columns | reject('in', used) | map('trim') | list -%}
    {%- if extra and log_extra -%}
        {{ log("lead_scoring: raw input '" ~ input_name ~ "' has extra columns, ignored: " ~ extra | join(', '), info=true) }}
    {%- endif -%}
    {{ return(selected) }}
{%- endmacro %}

{% macro default__register_raw_inputs() -%}
    {%- do lead_scoring.validate_raw_settings() -%}
    {%- for input_name in lead_scoring.raw_input_columns() -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema=var('raw_schema'), identifier=input_name) -%}
        {%- set location = var('raw_schema') ~ '.' ~ input_name -%}
        {%- if relation is none and input_name in lead_scoring.raw_optional_inputs() -%}
            {{ lead_scoring.log_missing_optional_input(input_name, location) }}
        {%- elif relation is none -%}
            {{ lead_scoring.raw_input_error(input_name, location, 'table not found in schema ' ~ var('raw_schema')) }}
        {%- else -%}
            {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name')
                | reject('equalto', '_source_file') | list -%}
            {%- do lead_scoring.check_raw_columns(input_name, location, columns) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro duckdb__register_raw_inputs() -%}
    {%- set raw_path = var('raw_path') | string | trim -%}
    {%- set raw_path = raw_path[:-1] if raw_path.endswith('/') and raw_path | length > 1 else raw_path -%}
    {%- set raw_format = var('raw_format') | string | lower | trim -%}
    {%- if raw_format not in ['csv', 'parquet'] -%}
        {{ exceptions.raise_compiler_error("var raw_format must be csv or parquet, got '" ~ var('raw_format') ~ "'") }}
    {%- endif -%}
    {%- do lead_scoring.validate_raw_settings() -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(var('raw_schema'))) -%}
    {%- for input_name in lead_scoring.raw_input_columns() -%}
        {%- set view = adapter.quote(var('raw_schema')) ~ "." ~ adapter.quote(input_name) -%}
        {%- set single_file = raw_path ~ '/' ~ input_name ~ '.' ~ raw_format -%}
        {%- set folder_files = raw_path ~ '/' ~ input_name ~ '/*.' ~ raw_format -%}
        {%- set location = single_file ~ ' or ' ~ folder_files -%}
        {%- set files = run_query(
            "select file from glob(" ~ dbt.string_literal(single_file) ~ ")"
            ~ " union all select file from glob(" ~ dbt.string_literal(folder_files) ~ ") order by file"
        ).columns[0].values() | list -%}
        {%- if not files and input_name in lead_scoring.raw_optional_inputs() -%}
            {{ lead_scoring.log_missing_optional_input(input_name, location) }}
            {%- do run_query("create or replace view " ~ view ~ " as "
                ~ lead_scoring.raw_empty_select(input_name, ', cast(null as varchar) as _source_file')) -%}
            {%- do run_query("create or replace table " ~ lead_scoring.raw_files_relation(input_name)
                ~ " (filename varchar, size bigint, last_modified varchar)") -%}
        {%- elif not files -%}
            {{ lead_scoring.raw_input_error(input_name, location,
                "no such file (var raw_path is '" ~ raw_path ~ "', raw_format is '" ~ raw_format ~ "')") }}
        {%- else -%}
            {%- do lead_scoring.duckdb_register_raw_files(input_name, files, raw_format, view) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- Checks one input's files (DuckDB) and publishes them as the view `view`. -#}
{% macro duckdb_register_raw_files(input_name, files, raw_format, view) -%}
    {%- set file_list = "['" ~ files | map('replace', "'", "''") | join("', '") ~ "']" -%}
    {%- set sizes = {} -%}
    {%- set empty_files = [] -%}
    {#- The files and their size and modification time: how incremental lead loading
        (int_lead_versions_loaded) tells a new or rewritten file from one it has read. -#}
    {%- do run_query("create or replace table " ~ lead_scoring.raw_files_relation(input_name)
        ~ " as select filename, size, cast(last_modified as varchar) as last_modified from read_blob("
        ~ file_list ~ ")") -%}
    {%- for row in run_query("select filename, size from " ~ lead_scoring.raw_files_relation(input_name)
        ~ " order by filename") -%}
        {%- do sizes.update({row[0]: row[1]}) -%}
        {%- if row[1] == 0 -%}
            {%- do empty_files.append(row[0]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if empty_files -%}
        {{ lead_scoring.raw_input_error(input_name, empty_files | join(', '),
            "the file is empty; expected a header row with columns "
            ~ lead_scoring.raw_input_columns()[input_name] | join(', ')) }}
    {%- endif -%}
    {%- if raw_format == 'csv' -%}
        {%- set csv = {
            'delimiter': lead_scoring.raw_delimiter(input_name),
            'encoding': lead_scoring.raw_encoding(input_name),
        } -%}
        {%- do lead_scoring.check_raw_csv_files(input_name, files, sizes, csv) -%}
        {%- set reader = "read_csv(" ~ file_list ~ ", header = true, all_varchar = true, delim = "
            ~ lead_scoring.sql_text(csv.delimiter) ~ ", quote = '\"', escape = '\"', union_by_name = true"
            ~ ", filename = '_source_file', encoding = " ~ lead_scoring.sql_text(csv.encoding) ~ ")" -%}
    {%- else -%}
        {%- set csv = none -%}
        {%- set reader = "read_parquet(" ~ file_list ~ ", union_by_name = true, filename = '_source_file')" -%}
    {%- endif -%}
    {%- set found = run_query("describe select * exclude (_source_file) from " ~ reader).columns[0].values() | list -%}
    {%- set columns = lead_scoring.check_raw_columns(input_name, files | join(', '), found, csv) -%}
    {%- if input_name in lead_scoring.raw_inputs_requiring_rows() -%}
        {%- set has_rows = run_query("select 1 from " ~ reader ~ " limit 1") | length > 0 -%}
        {%- if not has_rows -%}
            {{ lead_scoring.raw_input_error(input_name, files | join(', '),
                "the file has a header but no rows; nothing to score") }}
        {%- endif -%}
    {%- endif -%}
    {%- do run_query(
        "create or replace view " ~ view ~ " as select "
        ~ lead_scoring.raw_text_columns(columns) ~ ", _source_file from " ~ reader
    ) -%}
{%- endmacro %}

{#- `cast(<found column> as varchar) as <contract column>, ...`: raw inputs are text whatever the
    file says, under the contract's names; a column declared absent is null. -#}
{% macro raw_text_columns(columns) -%}
    {%- for column, found in columns.items() -%}
        {%- if found is none -%}
            cast(null as {{ dbt.type_string() }}) as {{ column }}
        {%- else -%}
            cast({{ adapter.quote(found | replace('"', '""')) }} as {{ dbt.type_string() }}) as {{ column }}
        {%- endif -%}
        {%- if not loop.last %}, {% endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- A row-less select with the contract's columns of one input, as text: a missing optional input. -#}
{% macro raw_empty_select(input_name, extra_columns='') -%}
    {%- set columns = {} -%}
    {%- for column in lead_scoring.raw_input_columns()[input_name] -%}
        {%- do columns.update({column: none}) -%}
    {%- endfor -%}
    {{ return('select ' ~ lead_scoring.raw_text_columns(columns) ~ extra_columns ~ ' limit 0') }}
{%- endmacro %}

{#- A SQL string literal: the value between single quotes, quotes inside doubled. -#}
{% macro sql_text(value) -%}
    {{ return("'" ~ value | replace("'", "''") ~ "'") }}
{%- endmacro %}

{#- The table the run-start hook writes on DuckDB: one row per raw file of `input_name` (filename,
    size, last_modified). -#}
{% macro raw_files_relation(input_name) -%}
    {{ adapter.quote(var('raw_schema')) }}.{{ adapter.quote(input_name ~ '__files') }}
{%- endmacro %}
