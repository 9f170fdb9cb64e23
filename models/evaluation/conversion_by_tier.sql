{{ config(grants=bi_grants()) }}

-- Did the tiers sort the leads by how they converted? One row per matured cohort
-- (int_cohort_outcomes), criteria version and tier: leads, converted, conversion rate, won amount
-- (deals in the window), median whole days from the cohort date to the first deal, and lift over
-- the cohort's conversion rate (macro conversion_rate_ctes).
with

outcomes as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_cohort_outcomes') }}

),

score_tiers as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('score_tiers') }}

),

{{ conversion_rate_ctes('outcomes', 'tier') }},

final as (

    select
        -- keys
        per_group.cohort_as_of,
        per_group.criteria_version,
        per_group.tier,

        -- the tier's leads and what became of them
        {{ conversion_rate_columns() }},

        -- the tier's threshold in the current score_tiers (null for a tier since removed)
        score_tiers.min_score

    from per_group
    inner join cohort_rates
        on
            per_group.cohort_as_of = cohort_rates.cohort_as_of
            and per_group.criteria_version = cohort_rates.criteria_version
    left join score_tiers
        on per_group.tier = score_tiers.tier

)

select * from final
