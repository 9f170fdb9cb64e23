{#- An 8-byte floating-point type under the engine's name (`double` is not a PostgreSQL type, and
    `float` is 4 bytes on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'lead_scoring')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- Post-hook of every table and incremental model: PostgreSQL plans a first build's joins without
    statistics (a unique_combination test took 145 s on 30k rows by nested loops, 0.2 s after
    ANALYZE), so they are gathered as soon as a table is written. Nothing elsewhere. -#}
{% macro refresh_statistics() -%}
    {{ return(adapter.dispatch('refresh_statistics', 'lead_scoring')()) }}
{%- endmacro %}

{% macro default__refresh_statistics() -%}
{%- endmacro %}

{% macro postgres__refresh_statistics() -%}
    {%- if model.config.materialized in ['table', 'incremental'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
