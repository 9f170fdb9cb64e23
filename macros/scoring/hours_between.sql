{#- Elapsed hours from `start` to `end` (timestamps, UTC), as a double: exact, not the hour
    boundaries crossed that dbt.datediff counts (and dbt-spark's version rounds up and fails on a
    null). Null when either is null. -#}
{% macro hours_between(start, end) -%}
    {{ return(adapter.dispatch('hours_between', 'lead_scoring')(start, end)) }}
{%- endmacro %}

{% macro default__hours_between(start, end) -%}
    (cast(extract(epoch from ({{ end }} - {{ start }})) as {{ lead_scoring.type_double() }}) / 3600)
{%- endmacro %}

{% macro duckdb__hours_between(start, end) -%}
    ((epoch_us({{ end }}) - epoch_us({{ start }})) / 3600000000.0)
{%- endmacro %}

{% macro spark__hours_between(start, end) -%}
    ((unix_micros({{ end }}) - unix_micros({{ start }})) / 3600000000.0)
{%- endmacro %}
