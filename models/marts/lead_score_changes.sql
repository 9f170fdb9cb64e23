{{ config(grants=bi_grants()) }}

-- The CRM write-back feed: after a build, the leads whose scores a reverse-ETL sync pushes to the
-- CRM. Compares this build's lead_scores with the latest earlier as-of of the history with the
-- current criteria version (int_prior_score_history): `new` (not scored then; every lead when
-- there is no earlier as-of), `removed` (scored then, not now) or `changed` (tier or is_mql
-- differ, or the total moved by at least var score_change_min_points). Unchanged leads are absent;
-- re-building the same as-of gives the same rows.
with

lead_scores as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_scores') }}

),

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

previous_as_of as (

    select max(score_as_of) as previous_score_as_of
    from prior_history

),

previous_scores as (

    select prior_history.*
    from prior_history
    inner join previous_as_of
        on prior_history.score_as_of = previous_as_of.previous_score_as_of

),

compared as (

    select
        coalesce(lead_scores.lead_id, previous_scores.lead_id) as lead_id,
        case
            when previous_scores.lead_id is null then 'new'
            when lead_scores.lead_id is null then 'removed'
            when
                lead_scores.tier != previous_scores.tier
                or lead_scores.is_mql != previous_scores.is_mql
                or {{ round_points('abs(lead_scores.total_score - previous_scores.total_score)') }}
                >= {{ var('score_change_min_points') }}
                then 'changed'
        end as change_type,
        previous_scores.total_score as previous_total_score,
        lead_scores.total_score,
        previous_scores.tier as previous_tier,
        lead_scores.tier,
        previous_scores.is_mql as previous_is_mql,
        lead_scores.is_mql,
        lead_scores.conversion_probability,
        lead_scores.became_mql_at,
        lead_scores.score_grade,
        lead_scores.next_action
    from lead_scores
    full outer join previous_scores
        on lead_scores.lead_id = previous_scores.lead_id

),

final as (

    select
        -- keys
        compared.lead_id,
        compared.change_type,

        -- the two as-ofs compared
        {{ score_as_of() }} as score_as_of,
        previous_as_of.previous_score_as_of,

        -- before and after (previous values null for `new`, current ones null for `removed`)
        compared.previous_total_score,
        compared.total_score,
        compared.previous_tier,
        compared.tier,
        compared.previous_is_mql,
        compared.is_mql,
        compared.conversion_probability,
        compared.became_mql_at,
        compared.score_grade,
        compared.next_action

    from compared
    cross join previous_as_of
    where compared.change_type is not null

)

select * from final
