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

{#- A regular expression written in the seeds' dialect (RE2, DuckDB's: `\b` is a word boundary)
    as the engine's regex functions read it. `pattern` is a SQL expression (a seed column). -#}
{% macro regex_pattern(pattern) -%}
    {{ return(adapter.dispatch('regex_pattern', 'lead_scoring')(pattern)) }}
{%- endmacro %}

{% macro default__regex_pattern(pattern) -%}
    {{ pattern }}
{%- endmacro %}

{#- PostgreSQL's AREs spell RE2's word boundary `\b` as `\y` (`\b` is a backspace there), `\B`
    as `\Y` and end of text `\z` as `\Z`. An escaped backslash (`\\`) is set aside first, so
    `\\b` stays a backslash followed by the letter b. -#}
{% macro postgres__regex_pattern(pattern) -%}
    replace(replace(replace(replace(replace(
        {{ pattern }}, '\\', chr(1)), '\b', '\y'), '\B', '\Y'), '\z', '\Z'), chr(1), '\\')
{%- endmacro %}
