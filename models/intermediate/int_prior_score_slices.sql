-- One row per slice of the score history before this build's scoring time (int_prior_score_history,
-- the current criteria version): its rows, when it was written, and the key its rows keep of the
-- slices before it (prior_slices_key). One pass over those columns of the history; the runs'
-- check (macro score_runs_continued_from) and the key this build writes into its own slice
-- (lead_score_history) read this table, so both see the history as this build found it.
with

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

final as (

    select
        score_as_of,
        count(*) as slice_rows,
        min(written_at) as first_written_at,
        max(written_at) as last_written_at,
        count(prior_slices_key) as keyed_rows,
        min(prior_slices_key) as first_prior_slices_key,
        max(prior_slices_key) as last_prior_slices_key
    from prior_history
    group by score_as_of

)

select * from final
