-- sqlfluff:indentation:template_blocks_indent:False
-- Each scored lead's place in its score history (one row per scored lead, with the published
-- columns of int_leads_recycled): its tier at the previous as-of, and since when it has held its
-- tier and (for an MQL) been an MQL. The as-ofs are the distinct score_as_of values of the history
-- with the current criteria version (int_prior_score_history) plus the current one; consecutive
-- as-ofs are adjacent in that list, so a day without a build breaks nothing, while an as-of at
-- which the lead has no row breaks its run. A run's rows have consecutive as-of positions, so
-- position minus the row's rank among the lead's matching rows is constant along a run (the
-- gaps-and-islands key); the current row is in the run with the largest key.
-- When the previous slice holds the runs as they would be computed now (macro
-- score_runs_continued_from), they are continued from it alone: a lead in the same tier (an MQL
-- still) as at the previous as-of keeps that row's tier_since (became_mql_at); otherwise its run
-- starts now. Either way the same values; a schedule then reads one slice, not the whole history.
-- The previous slice is the latest of int_prior_score_slices (one row per slice: no scan of the
-- history to find it).
{%- set continued = lead_scoring.score_runs_continued_from() %}
with

recycled_leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_recycled') }}

),

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

{%- if not continued %}

as_ofs as (

    select distinct score_as_of
    from prior_history

    union all

    select {{ score_as_of() }} as score_as_of

),

as_of_positions as (

    select
        score_as_of,
        row_number() over (order by score_as_of) as as_of_position
    from as_ofs

),

lead_rows as (

    select
        prior_history.lead_id,
        prior_history.score_as_of,
        prior_history.tier,
        prior_history.is_mql
    from prior_history
    inner join recycled_leads
        on prior_history.lead_id = recycled_leads.lead_id

    union all

    select
        lead_id,
        {{ score_as_of() }} as score_as_of,
        tier,
        is_mql
    from recycled_leads

),

positioned_rows as (

    select
        lead_rows.*,
        as_of_positions.as_of_position
    from lead_rows
    inner join as_of_positions
        on lead_rows.score_as_of = as_of_positions.score_as_of

),

tier_rows as (

    select
        positioned_rows.lead_id,
        positioned_rows.score_as_of,
        positioned_rows.as_of_position - row_number() over (
            partition by positioned_rows.lead_id
            order by positioned_rows.as_of_position
        ) as run_key
    from positioned_rows
    inner join recycled_leads
        on
            positioned_rows.lead_id = recycled_leads.lead_id
            and positioned_rows.tier = recycled_leads.tier

),

tier_runs as (

    select
        lead_id,
        min(score_as_of) as tier_since
    from (
        select
            *,
            max(run_key) over (partition by lead_id) as current_run_key
        from tier_rows
    ) as keyed
    where run_key = current_run_key
    group by lead_id

),

mql_rows as (

    select
        positioned_rows.lead_id,
        positioned_rows.score_as_of,
        positioned_rows.as_of_position - row_number() over (
            partition by positioned_rows.lead_id
            order by positioned_rows.as_of_position
        ) as run_key
    from positioned_rows
    inner join recycled_leads
        on
            positioned_rows.lead_id = recycled_leads.lead_id
            and recycled_leads.is_mql
    where positioned_rows.is_mql

),

mql_runs as (

    select
        lead_id,
        min(score_as_of) as became_mql_at
    from (
        select
            *,
            max(run_key) over (partition by lead_id) as current_run_key
        from mql_rows
    ) as keyed
    where run_key = current_run_key
    group by lead_id

),

{%- endif %}

previous_rows as (

    select
        prior_history.lead_id,
        prior_history.tier,
        prior_history.is_mql,
        prior_history.tier_since,
        prior_history.became_mql_at
    from prior_history
    where prior_history.score_as_of = (
        select max(slices.score_as_of) from {{ ref('int_prior_score_slices') }} as slices
    )

),

{%- if continued %}

tier_runs as (

    select
        recycled_leads.lead_id,
        previous_rows.tier_since
    from recycled_leads
    inner join previous_rows
        on
            recycled_leads.lead_id = previous_rows.lead_id
            and recycled_leads.tier = previous_rows.tier

),

mql_runs as (

    select
        recycled_leads.lead_id,
        previous_rows.became_mql_at
    from recycled_leads
    inner join previous_rows
        on
            recycled_leads.lead_id = previous_rows.lead_id
            and recycled_leads.is_mql
            and previous_rows.is_mql

),

{%- endif %}

final as (

    select
        -- keys
        recycled_leads.lead_id,

        -- scores and what to do (int_leads_recycled)
        recycled_leads.fit_score,
        recycled_leads.engagement_score,
        recycled_leads.total_score,
        recycled_leads.tier,
        recycled_leads.is_disqualified,
        recycled_leads.disqualified_reason,
        recycled_leads.is_recycled,
        recycled_leads.is_mql,
        recycled_leads.next_action,
        recycled_leads.last_activity_at,

        -- the lead's history
        previous_rows.tier as previous_tier,
        coalesce(tier_runs.tier_since, {{ score_as_of() }}) as tier_since,
        case
            when recycled_leads.is_mql then coalesce(mql_runs.became_mql_at, {{ score_as_of() }})
        end as became_mql_at
    from recycled_leads
    left join previous_rows
        on recycled_leads.lead_id = previous_rows.lead_id
    left join tier_runs
        on recycled_leads.lead_id = tier_runs.lead_id
    left join mql_runs
        on recycled_leads.lead_id = mql_runs.lead_id

)

select * from final
