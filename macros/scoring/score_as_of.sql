{#- The scoring time as a SQL timestamp literal: var `score_as_of`, or the run's start (UTC).
    Validated so a typo fails the run with a clear message instead of a cast error deep in SQL. -#}
{% macro score_as_of() -%}
    {%- set configured = var('score_as_of', none) -%}
    {%- if configured is none or configured | string | trim == '' -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d %H:%M:%S') -%}
    {%- else -%}
        {%- set value = configured | string | trim | replace('T', ' ') -%}
        {%- if value.endswith('Z') -%}{%- set value = value[:-1] -%}{%- endif -%}
        {%- if not modules.re.match('^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$', value) -%}
            {{ exceptions.raise_compiler_error(
                "var score_as_of must be an ISO-8601 UTC timestamp such as 2026-11-01T00:00:00, got '"
                ~ configured ~ "'") }}
        {%- endif -%}
    {%- endif -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The scoring date: the UTC date of score_as_of(), as a SQL date. Event ages are whole days from
    it. -#}
{% macro scoring_date() -%}
    {{ dbt.cast(lead_scoring.score_as_of(), api.Column.translate_type('date')) }}
{%- endmacro %}

{#- The reason a row dated after the scoring time gets: `after_score_as_of` (a rejection: a clock or
    export fault), or `not_yet_known` when var `point_in_time` is true (a backtest: the row is in the
    scoring date's future, which is no fault; it is neither used nor rejected there). -#}
{% macro future_row_reason() -%}
    {%- if var('point_in_time', false) -%}'not_yet_known'{%- else -%}'after_score_as_of'{%- endif -%}
{%- endmacro %}
