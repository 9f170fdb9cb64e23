{#- Rounds a points expression to 2 decimals (half away from zero), as a double precision float. -#}
{% macro round_points(expression) -%}
    {{ return(adapter.dispatch('round_points', 'lead_scoring')(expression)) }}
{%- endmacro %}

{% macro default__round_points(expression) -%}
    round({{ expression }}, 2)
{%- endmacro %}

{% macro postgres__round_points(expression) -%}
    cast(round(cast({{ expression }} as numeric), 2) as double precision)
{%- endmacro %}
