{#- Written between an import CTE's name and its body: `leads as {{ lead_scoring.inline_cte() }} (`.
    DuckDB materialises a CTE that a query reads more than once: a whole copy of the table, which
    also hides the consumers' filters and joins from its scan. An import CTE only names a relation,
    so on DuckDB it is `not materialized`: each consumer scans the relation with its own filters.
    Elsewhere nothing (the warehouse decides). -#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'lead_scoring')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}
