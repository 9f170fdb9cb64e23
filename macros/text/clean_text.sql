{#- Text cleaning shared by every staging model (see docs/scoring_rules.md). -#}

{#- Trims surrounding whitespace (spaces, tabs, newlines); blank becomes null. -#}
{% macro clean_id(expression) -%}
    nullif({{ lead_scoring.trim_whitespace(expression) }}, '')
{%- endmacro %}

{% macro trim_whitespace(expression) -%}
    {{ return(adapter.dispatch('trim_whitespace', 'lead_scoring')(expression)) }}
{%- endmacro %}

{% macro default__trim_whitespace(expression) -%}
    {{ lead_scoring.regex_replace_all(expression, "'^\\s+|\\s+$'", "''") }}
{%- endmacro %}

{#- DuckDB's trim takes the characters to strip, and is about twice as fast as a regex. -#}
{% macro duckdb__trim_whitespace(expression) -%}
    trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))
{%- endmacro %}

{#- Trimmed, lower-cased, inner whitespace runs collapsed to one space; blank becomes null. -#}
{% macro clean_category(expression) -%}
    nullif(lower({{ lead_scoring.regex_replace_all(
        lead_scoring.regex_replace_all(expression, "'\\s+'", "' '"), "'^ | $'", "''"
    ) }}), '')
{%- endmacro %}

{#- Event type spelling: trimmed, lower-cased, runs of spaces, hyphens or underscores become `_`. -#}
{% macro clean_event_type(expression) -%}
    nullif({{ lead_scoring.regex_replace_all(
        "lower(" ~ lead_scoring.clean_id(expression) ~ ")", "'[\\s_-]+'", "'_'"
    ) }}, '')
{%- endmacro %}
