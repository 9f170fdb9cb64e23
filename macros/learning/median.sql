{#- The median of a numeric expression in an aggregate, interpolated between the two middle values
    for an even count (nulls ignored; null when there are none). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'lead_scoring')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
