{#- True when the regular expression `pattern` is found anywhere in `expression`.
    Both arguments are SQL expressions (quote literal patterns yourself). -#}
{% macro regex_search(expression, pattern, case_insensitive=false) -%}
    {{ return(adapter.dispatch('regex_search', 'lead_scoring')(expression, pattern, case_insensitive)) }}
{%- endmacro %}

{% macro default__regex_search(expression, pattern, case_insensitive) -%}
    regexp_like({{ expression }}, {{ pattern }}{% if case_insensitive %}, 'i'{% endif %})
{%- endmacro %}

{% macro duckdb__regex_search(expression, pattern, case_insensitive) -%}
    regexp_matches({{ expression }}, {{ pattern }}{% if case_insensitive %}, 'i'{% endif %})
{%- endmacro %}

{% macro postgres__regex_search(expression, pattern, case_insensitive) -%}
    ({{ expression }} {% if case_insensitive %}~*{% else %}~{% endif %} {{ pattern }})
{%- endmacro %}

{% macro snowflake__regex_search(expression, pattern, case_insensitive) -%}
    (regexp_instr({{ expression }}, {{ pattern }}, 1, 1, 0, '{{ "i" if case_insensitive else "c" }}') > 0)
{%- endmacro %}

{% macro bigquery__regex_search(expression, pattern, case_insensitive) -%}
    regexp_contains({{ expression }}, {% if case_insensitive %}concat('(?i)', {{ pattern }}){% else %}{{ pattern }}{% endif %})
{%- endmacro %}

{% macro spark__regex_search(expression, pattern, case_insensitive) -%}
    ({{ expression }} rlike {% if case_insensitive %}concat('(?i)', {{ pattern }}){% else %}{{ pattern }}{% endif %})
{%- endmacro %}
