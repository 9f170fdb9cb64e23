-- One row per scored lead: fit, engagement and total score, the tier of score_tiers with the
-- highest min_score not above the total (the lowest tier when below all), and what to do next: the
-- tier's MQL flag and next action, unless a disqualifier matched (then never an MQL, and the next
-- action says why). Points are added as whole 10^-9 units (macro points_units) and the sums
-- rounded to cents exactly, so a score never depends on the order the rows were added in.
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

fit_totals as (

    select
        lead_id,
        {{ dbt.cast('sum(' ~ points_units('points') ~ ')', dbt.type_bigint()) }} as fit_units
    from fit_points
    group by lead_id

),

engagement_totals as (

    select
        lead_id,
        {{ dbt.cast('sum(' ~ points_units('points') ~ ')', dbt.type_bigint()) }} as engagement_units,
        max(last_occurred_at) as last_activity_at
    from engagement_points
    group by lead_id

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
        scored_leads.last_activity_at

    from scored_leads
    left join tier_matches
        on
            scored_leads.lead_id = tier_matches.lead_id
            and tier_matches.tier_rank = 1
    left join disqualified_leads
        on scored_leads.lead_id = disqualified_leads.lead_id
    cross join lowest_tier

)

select * from final
