{#- Whether the incremental model being run has a table to keep rows in, with every column in
    `columns` (lower case): false at parse time, when the model is not incremental (a table on
    this engine), when the table does not exist, or when an earlier version of the project wrote
    it without those columns. The models' `*_kept` macros then answer that it must be rebuilt. -#}
{% macro kept_table_has_columns(columns) -%}
    {%- if not execute or model.config.materialized != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = load_relation(this) -%}
    {%- if existing is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list -%}
    {%- for column in columns if column not in found -%}
        {{ return(false) }}
    {%- endfor -%}
    {{ return(true) }}
{%- endmacro %}
