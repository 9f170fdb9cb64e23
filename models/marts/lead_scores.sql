{{ config(grants=bi_grants()) }}

with

leads as (

    select * from {{ ref('int_leads_classified') }}

),

fit_points as (

    select * from {{ ref('int_fit_points_matched') }}

),

engagement_points as (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

score_tiers as (

    select * from {{ ref('score_tiers') }}

),

fit_totals as (

    select
        lead_id,
        sum(points) as fit_points
    from fit_points
    group by lead_id

),

engagement_totals as (

    select
        lead_id,
        sum(points) as engagement_points
    from engagement_points
    group by lead_id

),

last_activity as (

    select
        lead_id,
        max(last_occurred_at) as last_activity_at
    from engagement_points
    group by lead_id

),

scored_leads as (

    select
        leads.lead_id,
        leads.email,
        leads.first_name,
        leads.last_name,
        leads.job_title,
        leads.job_seniority,
        leads.company_name,
        leads.company_domain,
        leads.employee_count,
        leads.company_size_band,
        leads.industry,
        leads.country,
        leads.lead_source,
        last_activity.last_activity_at,
        leads.updated_at as lead_updated_at,
        {{ round_points('coalesce(fit_totals.fit_points, 0)') }} as fit_score,
        {{ round_points('coalesce(engagement_totals.engagement_points, 0)') }} as engagement_score,
        {{ round_points(
            'coalesce(fit_totals.fit_points, 0) + coalesce(engagement_totals.engagement_points, 0)'
        ) }} as total_score
    from leads
    left join fit_totals
        on leads.lead_id = fit_totals.lead_id
    left join engagement_totals
        on leads.lead_id = engagement_totals.lead_id
    left join last_activity
        on leads.lead_id = last_activity.lead_id

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
        coalesce(tier_matches.is_mql, lowest_tier.is_mql) as is_mql,
        coalesce(tier_matches.next_action, lowest_tier.next_action) as next_action,
        rank() over (order by scored_leads.total_score desc) as score_rank,

        -- who the lead is
        {{ pii('scored_leads.email') }} as email,
        {{ pii('scored_leads.first_name') }} as first_name,
        {{ pii('scored_leads.last_name') }} as last_name,
        scored_leads.job_title,
        scored_leads.job_seniority,
        scored_leads.company_name,
        scored_leads.company_domain,
        scored_leads.employee_count,
        scored_leads.company_size_band,
        scored_leads.industry,
        scored_leads.country,
        scored_leads.lead_source,

        -- timestamps
        scored_leads.last_activity_at,
        scored_leads.lead_updated_at,
        {{ score_as_of() }} as score_as_of

    from scored_leads
    left join tier_matches
        on
            scored_leads.lead_id = tier_matches.lead_id
            and tier_matches.tier_rank = 1
    cross join lowest_tier

)

select * from final
