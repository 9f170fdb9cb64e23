{#- True when `expression` is valid JSON text, false when it is not, null when it is null. -#}
{% macro is_valid_json(expression) -%}
    {{ return(adapter.dispatch('is_valid_json', 'lead_scoring')(expression)) }}
{%- endmacro %}

{% macro default__is_valid_json(expression) -%}
    ({{ expression }} is json)
{%- endmacro %}

{% macro duckdb__is_valid_json(expression) -%}
    json_valid({{ expression }})
{%- endmacro %}

{#- Spark 4: try_parse_json gives null for text that is not JSON (and a JSON null for `null`). -#}
{% macro spark__is_valid_json(expression) -%}
    (case when {{ expression }} is not null then try_parse_json({{ expression }}) is not null end)
{%- endmacro %}

{% macro postgres__is_valid_json(expression) -%}
    pg_input_is_valid({{ expression }}, 'json')
{%- endmacro %}

{% macro snowflake__is_valid_json(expression) -%}
    (check_json({{ expression }}) is null)
{%- endmacro %}

{% macro bigquery__is_valid_json(expression) -%}
    (safe.parse_json({{ expression }}) is not null)
{%- endmacro %}
