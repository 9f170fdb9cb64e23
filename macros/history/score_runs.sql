{#- int_leads_score_runs continues each lead's runs from the previous slice of the score history
    alone, instead of reading every slice, when that slice holds the runs as they would be computed
    now. A slice's tier_since and became_mql_at were computed by the build that wrote it, from the
    slices before it at the time; they are still right while none of those slices was written
    after it (written_at: a backfilled or rebuilt earlier slice may break or join a run). The
    previous slice is the latest one of the current criteria version before this build's scoring
    time (int_prior_score_history). Asked at run time: none at parse time, on a first build, when
    the previous slice was written before the history kept runs (written_at null), or when an
    earlier slice was written after it; otherwise the previous slice's score_as_of, as a SQL
    timestamp literal. Nothing is lost either way: the model then reads the whole history. -#}
{% macro score_runs_continued_from() -%}
    {%- if not execute or lead_scoring.prior_build_relation('lead_score_history') is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        with

        slices as (
            select
                score_as_of,
                min(written_at) as first_written_at,
                max(written_at) as written_at,
                count(*) - count(written_at) as unstamped_rows
            from {{ ref('int_prior_score_history') }}
            group by score_as_of
        ),

        previous_slice as (
            select *
            from slices
            where score_as_of = (select max(latest.score_as_of) from slices as latest)
        ),

        earlier_slices as (
            select max(slices.written_at) as written_at
            from slices
            where slices.score_as_of < (select previous_score.score_as_of from previous_slice as previous_score)
        )

        select
            previous_slice.unstamped_rows = 0
            and previous_slice.first_written_at = previous_slice.written_at
            and (earlier_slices.written_at is null or earlier_slices.written_at <= previous_slice.written_at)
            as continues,
            cast(previous_slice.score_as_of as {{ dbt.type_string() }}) as previous_score_as_of
        from previous_slice
        cross join earlier_slices
    {%- endset -%}
    {%- set rows = run_query(check).rows -%}
    {%- if rows | length == 0 or rows[0][0] != true or rows[0][1] is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(dbt.cast("'" ~ rows[0][1] ~ "'", dbt.type_timestamp())) }}
{%- endmacro %}
