{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='delete+insert',
    unique_key='lead_id',
    on_schema_change='fail',
    post_hook="{{ lead_scoring.delete_unscored_leads() }}",
) }}

-- One row per scored lead: fit, engagement and total score, the tier of score_tiers with the
-- highest min_score not above the total (the lowest tier when below all), and what to do next: the
-- tier's MQL flag and next action, unless a disqualifier matched (then never an MQL, and the next
-- action says why). Points are added as whole 10^-9 units (macro points_units) and the sums
-- rounded to cents exactly, so a score never depends on the order the rows were added in.
--
-- Incremental on DuckDB (macros/incremental/scored_leads.sql): a lead's row depends only on its
-- own classified row, fit points and engagement prices (its disqualification is made from the
-- same rows) and on score_tiers, so a run scores again only the leads with one of those rows
-- written since the newest `tiered_at` the table holds; delete+insert replaces their rows and the
-- post-hook deletes the rows of leads no longer classified. A change of score_tiers, or an
-- upstream table rebuilt (a new scoring date re-prices every group), rebuilds the table, as by
-- --full-refresh. On other engines it is a table.
{%- set kept = lead_scoring.scored_leads_kept() if is_incremental() else none %}
with

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_classified') }}

),

fit_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_fit_points_matched') }}

),

engagement_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

disqualified_leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_disqualified') }}

),

score_tiers as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('score_tiers') }}

),

{% if kept is not none %}

    -- The leads with an upstream row written since this table's newest row: only they are scored.
    changed_leads as (

        {{ lead_scoring.changed_scored_leads(kept) }}

    ),

{% endif %}

fit_totals as (

    select
        lead_id,
        {{ dbt.cast('sum(' ~ points_units('points') ~ ')', dbt.type_bigint()) }} as fit_units
    from fit_points
    -- a literal either way, so that the clause lints alike with and without a kept table
    where {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}
    group by lead_id

),

engagement_totals as (

    select
        lead_id,
        {{ dbt.cast('sum(' ~ points_units('points') ~ ')', dbt.type_bigint()) }} as engagement_units,
        max(last_occurred_at) as last_activity_at
    from engagement_points
    where {{ 'lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}
    group by lead_id

),

-- The key once (one row), not once per lead: it hashes every row of score_tiers.
tiers_key as (

    select {{ lead_scoring.tiers_key() }} as tiers_key

),

scored_leads as (

    select
        leads.lead_id,
        engagement_totals.last_activity_at,
        {{ round_units_to_cents('coalesce(fit_totals.fit_units, 0)') }} as fit_score,
        {{ round_units_to_cents('coalesce(engagement_totals.engagement_units, 0)') }} as engagement_score,
        {{ round_units_to_cents(
            'coalesce(fit_totals.fit_units, 0) + coalesce(engagement_totals.engagement_units, 0)'
        ) }} as total_score
    from leads
    left join fit_totals
        on leads.lead_id = fit_totals.lead_id
    left join engagement_totals
        on leads.lead_id = engagement_totals.lead_id
    where {{ 'leads.lead_id in (select changed_leads.lead_id from changed_leads)' if kept is not none else 'true' }}

),

tier_matches as (

    select
        scored_leads.lead_id,
        score_tiers.tier,
        score_tiers.is_mql,
        score_tiers.next_action,
        row_number() over (
            partition by scored_leads.lead_id
            order by score_tiers.min_score desc
        ) as tier_rank
    from scored_leads
    inner join score_tiers
        on scored_leads.total_score >= score_tiers.min_score

),

lowest_tier as (

    select
        tier,
        is_mql,
        next_action
    from score_tiers
    where min_score = (select min(inner_tiers.min_score) from score_tiers as inner_tiers)

),

final as (

    select
        -- keys
        scored_leads.lead_id,

        -- scores
        scored_leads.fit_score,
        scored_leads.engagement_score,
        scored_leads.total_score,
        coalesce(tier_matches.tier, lowest_tier.tier) as tier,

        -- what to do
        disqualified_leads.lead_id is not null as is_disqualified,
        disqualified_leads.disqualified_reason,
        coalesce(tier_matches.is_mql, lowest_tier.is_mql) and disqualified_leads.lead_id is null as is_mql,
        case
            when disqualified_leads.lead_id is not null
                then 'Disqualified: ' || disqualified_leads.disqualified_reason
            else coalesce(tier_matches.next_action, lowest_tier.next_action)
        end as next_action,

        -- timestamps
        scored_leads.last_activity_at,

        -- what the row was made with, and when (incremental runs)
        tiers_key.tiers_key,
        {{ run_started_timestamp() }} as tiered_at

    from scored_leads
    left join tier_matches
        on
            scored_leads.lead_id = tier_matches.lead_id
            and tier_matches.tier_rank = 1
    left join disqualified_leads
        on scored_leads.lead_id = disqualified_leads.lead_id
    cross join lowest_tier
    cross join tiers_key

)

select * from final
