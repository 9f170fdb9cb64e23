{#- int_leads_score_runs continues each lead's runs from the previous slice of the score history
    alone, instead of reading every slice, when that slice holds the runs as they would be computed
    now. A slice's tier_since and became_mql_at were computed by the build that wrote it, from the
    slices before it as that build read them; the slice also keeps a key of those slices
    (`prior_slices_key`: each one's scoring time, rows and when it was written). The runs are still
    right while the slices before it are the same, i.e. have the same key now: a backfilled,
    rebuilt, deleted or pruned earlier slice, or rows deleted from one, change the key, whatever
    the clocks of the builds that wrote them (a backtest's slices copied in, a build running beside
    another). Rows edited in place by hand are not seen. -#}

{#- A select of one row, `prior_slices_key`: an MD5 over the slices of int_prior_score_slices
    (alias `slices`) that satisfy `condition` (a SQL condition; all of them by default), in
    scoring-time order: each one's score_as_of, first and last written_at and row count. -#}
{% macro prior_slices_key_select(condition='true') -%}
    {%- set slice_text = dbt.concat([
        dbt.cast('slices.score_as_of', dbt.type_string()), "'/'",
        "coalesce(" ~ dbt.cast('slices.first_written_at', dbt.type_string()) ~ ", '')", "'/'",
        "coalesce(" ~ dbt.cast('slices.last_written_at', dbt.type_string()) ~ ", '')", "'/'",
        dbt.cast('slices.slice_rows', dbt.type_string()),
    ]) -%}
    select
        {{ dbt.hash("coalesce(" ~ lead_scoring.ordered_list(slice_text, "'|'", ['slices.score_as_of']) ~ ", '')") }}
        as prior_slices_key
    from {{ ref('int_prior_score_slices') }} as slices
    where {{ condition }}
{%- endmacro %}

{#- Whether int_leads_score_runs can continue the runs from the previous slice (the latest one
    of the current criteria version before this build's scoring time), asked at run time: true
    when every row of that slice holds the same prior_slices_key and it is the key of the slices
    before it now; false otherwise (parse time, a first build, a slice written before the history
    kept runs, earlier slices changed since, or int_prior_score_slices not built yet, e.g. when
    compiling alone after an upgrade), and the model then reads the whole history. Reads
    int_prior_score_slices only. -#}
{% macro score_runs_continued_from() -%}
    {%- if not execute or lead_scoring.prior_build_relation('lead_score_history') is none
        or load_relation(ref('int_prior_score_slices')) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set check -%}
        with

        previous_slice as (
            select *
            from {{ ref('int_prior_score_slices') }} as slices
            where slices.score_as_of = (
                select max(latest.score_as_of) from {{ ref('int_prior_score_slices') }} as latest
            )
        ),

        earlier_slices as (
            {{ lead_scoring.prior_slices_key_select(
                'slices.score_as_of < (select previous_score.score_as_of from previous_slice as previous_score)'
            ) }}
        )

        select
            previous_slice.keyed_rows = previous_slice.slice_rows
            and previous_slice.first_prior_slices_key = previous_slice.last_prior_slices_key
            and previous_slice.first_prior_slices_key = earlier_slices.prior_slices_key
            as continues
        from previous_slice
        cross join earlier_slices
    {%- endset -%}
    {%- set rows = run_query(check).rows -%}
    {{ return(rows | length == 1 and rows[0][0] == true) }}
{%- endmacro %}
