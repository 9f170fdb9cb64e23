{#- Parsers for text as exported: each returns null for a value it cannot read. -#}

{#- Whole number written with optional thousands separators (` 1,200 `), trimmed like ids first;
    anything else, or a number too large for a 64-bit integer, is null. -#}
{% macro parse_count(expression) -%}
    {%- set digits = "replace(replace(" ~ lead_scoring.trim_to_null(expression) ~ ", ',', ''), ' ', '')" -%}
    case
        when {{ lead_scoring.regex_search(digits, "'^[0-9]+$'") }}
            then {{ lead_scoring.try_cast_or_null(digits, dbt.type_bigint()) }}
    end
{%- endmacro %}

{#- A cast that gives null instead of an error when the value does not fit the type. dbt's own
    `safe_cast` is a plain cast on DuckDB (a 20-digit employee count would fail the build). -#}
{% macro try_cast_or_null(expression, type) -%}
    {{ return(adapter.dispatch('try_cast_or_null', 'lead_scoring')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast_or_null(expression, type) -%}
    {{ dbt.safe_cast(expression, type) }}
{%- endmacro %}

{% macro duckdb__try_cast_or_null(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{#- pg_input_is_valid: PostgreSQL 16 or newer. -#}
{% macro postgres__try_cast_or_null(expression, type) -%}
    case
        when pg_input_is_valid(cast({{ expression }} as text), '{{ type }}')
            then cast(cast({{ expression }} as text) as {{ type }})
    end
{%- endmacro %}

{#- Spark's cast gives null for a value the type cannot hold (ANSI mode off); try_cast says so
    whatever the session's ANSI setting. -#}
{% macro spark__try_cast_or_null(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{#- Trimmed, case-insensitive: true/1/yes/y -> true, false/0/no/n/blank -> false, anything else ->
    null (unparseable). -#}
{% macro parse_boolean(expression) -%}
    case
        when lower({{ lead_scoring.trim_to_null(expression) }}) in ('true', '1', 'yes', 'y') then true
        when lower({{ lead_scoring.trim_to_null(expression) }}) in ('false', '0', 'no', 'n') then false
        when {{ lead_scoring.trim_to_null(expression) }} is null then false
    end
{%- endmacro %}

{#- Timestamp text to a UTC timestamp without time zone: ISO-8601 first, then each strptime format
    of var raw_timestamp_formats in order (the first that reads the whole value wins); a value with
    an offset is converted to UTC, one without is already UTC. -#}
{% macro parse_timestamp_utc(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'lead_scoring')(expression)) }}
{%- endmacro %}

{#- ISO-8601 only: strptime formats are DuckDB's so far. Used where no engine-specific parser
    exists; a value it cannot read must not fail the query, so engines whose cast raises an error
    need their own (PostgreSQL below). -#}
{% macro default__parse_timestamp_utc(expression) -%}
    {%- if lead_scoring.raw_timestamp_formats() -%}
        {{ lead_scoring.raw_setting_error('raw_timestamp_formats', 'is implemented on DuckDB only; on '
            ~ target.type ~ ' leave it empty and load timestamps as ISO-8601') }}
    {%- endif -%}
    {{ dbt.safe_cast(lead_scoring.trim_to_null(expression), dbt.type_timestamp()) }}
{%- endmacro %}

{#- PostgreSQL (16 or newer: pg_input_is_valid): a value without an offset is read with ` +00`
    appended, so it is UTC whatever the session's TimeZone; a value that carries an offset (or `Z`)
    does not read with a second one, and is read as written and converted to UTC. A cast to
    `timestamp` would drop the offset (`03:48:53+02:00` read as `03:48:53`). -#}
{% macro postgres__parse_timestamp_utc(expression) -%}
    {%- if lead_scoring.raw_timestamp_formats() -%}
        {{ lead_scoring.raw_setting_error('raw_timestamp_formats', 'is implemented on DuckDB only; on '
            ~ target.type ~ ' leave it empty and load timestamps as ISO-8601') }}
    {%- endif -%}
    {%- set value = lead_scoring.trim_to_null(expression) -%}
    case
        when pg_input_is_valid({{ value }} || ' +00', 'timestamptz')
            then cast({{ value }} || ' +00' as timestamptz) at time zone 'UTC'
        when pg_input_is_valid({{ value }}, 'timestamptz')
            then cast({{ value }} as timestamptz) at time zone 'UTC'
    end
{%- endmacro %}

{#- Spark: try_cast reads ISO-8601 with or without an offset (null when it cannot, ANSI mode or
    not); `timestamp` is the session-time-zone type, which the profile pins to UTC, so a value with
    an offset is converted to UTC and one without is UTC. -#}
{% macro spark__parse_timestamp_utc(expression) -%}
    {%- if lead_scoring.raw_timestamp_formats() -%}
        {{ lead_scoring.raw_setting_error('raw_timestamp_formats', 'is implemented on DuckDB only; on '
            ~ target.type ~ ' leave it empty and load timestamps as ISO-8601') }}
    {%- endif -%}
    try_cast({{ lead_scoring.trim_to_null(expression) }} as timestamp)
{%- endmacro %}

{#- A timestamptz holds UTC microseconds whatever the session time zone; rebuilding the timestamp
    from them (make_timestamp(epoch_us(...))) gives the UTC wall time about 35% faster than
    timezone('UTC', ...). A value without an offset is read in the session time zone, which the
    profile pins to UTC. With var raw_timestamp_formats, a value ISO-8601 cannot read is tried with
    try_strptime, which reads the whole value or returns null (trailing text fails the format); a
    format reading an offset gives a timestamptz, rebuilt the same way. Without the var the SQL is
    the ISO cast alone. -#}
{% macro duckdb__parse_timestamp_utc(expression) -%}
    {%- set formats = lead_scoring.raw_timestamp_formats() -%}
    {%- if not formats -%}
    make_timestamp(epoch_us(try_cast({{ lead_scoring.trim_to_null(expression) }} as timestamptz)))
    {%- else -%}
        {%- set value = lead_scoring.trim_to_null(expression) -%}
        coalesce(
            make_timestamp(epoch_us(try_cast({{ value }} as timestamptz)))
            {%- for format in formats -%}
                {%- if lead_scoring.strptime_reads_offset(format) -%}
                    , make_timestamp(epoch_us(try_strptime({{ value }}, {{ lead_scoring.sql_text(format) }})))
                {%- else -%}
                    , try_strptime({{ value }}, {{ lead_scoring.sql_text(format) }})
                {%- endif -%}
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
