{#- The seed materialization on DuckDB: validates the criteria CSV (validate_criteria_file) before
    dbt reads it, then runs dbt's own seed materialization. dbt parses the CSV before any pre-hook,
    so a malformed file (an unquoted comma) would otherwise fail with dbt's "Row 0 has 5 values,
    but Table only has 4 columns" instead of a message naming the file and line. -#}
{% materialization seed, adapter='duckdb' %}
    {%- do lead_scoring.validate_criteria_file() -%}
    {{ return(dbt.materialization_seed_default()) }}
{% endmaterialization %}
