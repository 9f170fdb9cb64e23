{#- dbt `grants` for the marts: select for the role in var `bi_role` (e.g. `reporter`), nothing
    when it is unset. DuckDB has no roles (dbt-duckdb ignores grants), so there BI tools read the
    published copy that holds only the marts (scripts/publish.py). -#}
{% macro bi_grants() -%}
    {%- set role = var('bi_role', none) -%}
    {%- if role and target.type != 'duckdb' -%}
        {{ return({'select': [role]}) }}
    {%- endif -%}
    {{ return({}) }}
{%- endmacro %}
