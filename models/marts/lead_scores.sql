{{ config(grants=bi_grants()) }}

-- The table BI tools read: each scored lead's scores, tier and next action with who the lead is,
-- ranked 1..n by total score (ties broken by lead id).
with

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_classified') }}

),

tiered_leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_score_runs') }}

),

probabilities as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_probability') }}

),

score_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_score_bands') }}

),

-- The rank is computed on the two columns it orders by, then joined: a window over the whole
-- row would sort every column of every lead (names, emails, ...) with it, which took about half
-- of this model's time at 1M leads.
ranks as (

    select
        lead_id,
        {{ dbt.cast(
            'row_number() over (order by total_score desc, lead_id asc)',
            dbt.type_bigint()
        ) }} as score_rank
    from tiered_leads

),

final as (

    select
        -- keys
        tiered_leads.lead_id,

        -- scores
        tiered_leads.fit_score,
        tiered_leads.engagement_score,
        tiered_leads.total_score,
        tiered_leads.tier,
        tiered_leads.is_mql,
        tiered_leads.next_action,
        ranks.score_rank,

        -- who the lead is
        {{ pii('leads.email') }} as email,
        {{ pii('leads.first_name') }} as first_name,
        {{ pii('leads.last_name') }} as last_name,
        leads.job_title,
        leads.job_seniority,
        leads.company_name,
        leads.company_domain,
        leads.employee_count,
        leads.company_size_band,
        leads.industry,
        leads.country,
        leads.lead_source,

        -- timestamps
        tiered_leads.last_activity_at,
        leads.updated_at as lead_updated_at,
        {{ score_as_of() }} as score_as_of,

        -- disqualification (added after the first release: new columns go last)
        tiered_leads.is_disqualified,
        tiered_leads.disqualified_reason,

        -- the learned conversion probability (null while no matured cohort exists)
        probabilities.conversion_probability,

        -- fit x engagement grades (score_grades)
        fit_bands.band as fit_grade,
        engagement_bands.band as engagement_grade,
        fit_bands.band || engagement_bands.band as score_grade,

        -- the lead's score history (int_leads_score_runs) and sales' recycling
        tiered_leads.previous_tier,
        tiered_leads.tier_since,
        tiered_leads.became_mql_at,
        tiered_leads.is_recycled

    from tiered_leads
    inner join ranks
        on tiered_leads.lead_id = ranks.lead_id
    inner join leads
        on tiered_leads.lead_id = leads.lead_id
    left join probabilities
        on tiered_leads.lead_id = probabilities.lead_id
    left join score_bands as fit_bands
        on {{ in_score_band('tiered_leads.fit_score', 'fit_bands', 'fit') }}
    left join score_bands as engagement_bands
        on {{ in_score_band('tiered_leads.engagement_score', 'engagement_bands', 'engagement') }}

)

select * from final
