{#- Parsers for text as exported: each returns null for a value it cannot read. -#}

{#- Whole number written with optional thousands separators (` 1,200 `); anything else is null. -#}
{% macro parse_count(expression) -%}
    {%- set digits = "replace(replace(" ~ expression ~ ", ',', ''), ' ', '')" -%}
    case
        when {{ lead_scoring.regex_search(digits, "'^[0-9]+$'") }}
            then {{ dbt.safe_cast(digits, api.Column.translate_type('bigint')) }}
    end
{%- endmacro %}

{#- true/1/yes/y -> true, false/0/no/n/blank -> false, anything else -> null (unparseable). -#}
{% macro parse_boolean(expression) -%}
    case
        when lower({{ lead_scoring.trim_to_null(expression) }}) in ('true', '1', 'yes', 'y') then true
        when lower({{ lead_scoring.trim_to_null(expression) }}) in ('false', '0', 'no', 'n') then false
        when {{ lead_scoring.trim_to_null(expression) }} is null then false
    end
{%- endmacro %}

{#- ISO-8601 text to a UTC timestamp without time zone; values with no offset are already UTC. -#}
{% macro parse_timestamp_utc(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'lead_scoring')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expression) -%}
    {{ dbt.safe_cast(lead_scoring.trim_to_null(expression), api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{#- A timestamptz holds UTC microseconds whatever the session time zone; rebuilding the timestamp
    from them (make_timestamp(epoch_us(...))) gives the UTC wall time about 35% faster than
    timezone('UTC', ...). A value without an offset is read in the session time zone, which the
    profile pins to UTC. -#}
{% macro duckdb__parse_timestamp_utc(expression) -%}
    make_timestamp(epoch_us(try_cast({{ lead_scoring.trim_to_null(expression) }} as timestamptz)))
{%- endmacro %}
