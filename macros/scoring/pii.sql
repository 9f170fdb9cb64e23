{#- A personal-data column, or null when var `expose_pii` is false (the column stays in the
    contract, so BI queries keep working; only the values are withheld). -#}
{% macro pii(expression) -%}
    {%- if var('expose_pii', true) | string | lower in ['true', '1', 'yes'] -%}
        {{ expression }}
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
