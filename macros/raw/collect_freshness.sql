{#- Overrides dbt's `collect_freshness` for every source of the project. The check time is var
    `score_as_of` (default: now), so `dbt source freshness` on a fixed sample, or in a backtest,
    judges the data at the time it is scored for; rows dated after the check time are ignored (a
    future-dated row would make a stale input look fresh). The loaded-at field is raw text, read by
    parse_timestamp_utc as the staging models read it (an unparseable value is ignored), so the
    check is the same on every engine. -#}
{% macro collect_freshness(source, loaded_at_field, filter) -%}
    {%- set check_time = lead_scoring.score_as_of() -%}
    {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
        with

        loaded as (

            select {{ lead_scoring.parse_timestamp_utc(loaded_at_field) }} as loaded_at
            from {{ source }}
            {% if filter %}
                where {{ filter }}
            {% endif %}

        )

        select
            max(loaded_at) as max_loaded_at,
            {{ check_time }} as snapshotted_at
        from loaded
        where loaded_at <= {{ check_time }}
    {%- endcall %}
    {{ return(load_result('collect_freshness')) }}
{%- endmacro %}
