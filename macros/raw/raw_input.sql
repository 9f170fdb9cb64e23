{#- The relation a staging model (or test) reads a raw input from, in the contract's shape: its
    columns under the contract's names, and no rows when an optional input is missing. Use it
    where `source()` would go: `select * from {{ raw_input('crm', 'conversions') }}`. -#}
{% macro raw_input(source_name, input_name) -%}
    {{ return(adapter.dispatch('raw_input', 'lead_scoring')(source_name, input_name)) }}
{%- endmacro %}

{#- The run-start hook has already published `<raw_schema>.<input>` in the contract's shape (empty
    when an optional file is missing), so the source is read as it is. -#}
{% macro duckdb__raw_input(source_name, input_name) -%}
    {{ return(source(source_name, input_name)) }}
{%- endmacro %}

{#- Raw tables are the user's: a missing optional one becomes a row-less select, and var
    raw_columns renames columns in a subquery. Without either, the source as it is. -#}
{% macro default__raw_input(source_name, input_name) -%}
    {%- set relation = source(source_name, input_name) -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none and input_name in lead_scoring.raw_optional_inputs() -%}
        {{ return('(' ~ lead_scoring.raw_empty_select(input_name) ~ ') as ' ~ input_name) }}
    {%- endif -%}
    {%- if not lead_scoring.raw_column_mapping(input_name) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set found = adapter.get_columns_in_relation(existing) | map(attribute='name') | list -%}
    {%- set columns = lead_scoring.check_raw_columns(input_name, relation, found, log_extra=false) -%}
    {%- set source_file = ', _source_file' if '_source_file' in found | map('lower') | list else '' -%}
    {{ return('(select ' ~ lead_scoring.raw_text_columns(columns) ~ source_file ~ ' from ' ~ relation ~ ') as ' ~ input_name) }}
{%- endmacro %}
