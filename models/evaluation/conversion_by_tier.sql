{{ config(grants=bi_grants()) }}

-- Did the tiers sort the leads by how they converted? One row per matured cohort
-- (int_cohort_outcomes), criteria version and tier: leads, converted, conversion rate, won amount
-- (deals in the window), median whole days from the cohort date to the first deal, and lift over
-- the cohort's conversion rate.
with

outcomes as (

    select * from {{ ref('int_cohort_outcomes') }}

),

score_tiers as (

    select * from {{ ref('score_tiers') }}

),

cohort_rates as (

    select
        cohort_as_of,
        criteria_version,
        avg(case when is_converted then 1.0 else 0.0 end) as cohort_conversion_rate
    from outcomes
    group by cohort_as_of, criteria_version

),

with_days as (

    select
        *,
        case
            when is_converted then {{ dbt.datediff(
                dbt.cast('cohort_as_of', api.Column.translate_type('date')),
                dbt.cast('first_converted_at', api.Column.translate_type('date')),
                'day'
            ) }}
        end as days_to_conversion
    from outcomes

),

per_tier as (

    select
        cohort_as_of,
        criteria_version,
        tier,
        count(*) as leads,
        sum(case when is_converted then 1 else 0 end) as converted,
        sum(case when is_converted then won_amount else 0 end) as won_amount,
        {{ median('days_to_conversion') }} as median_days_to_conversion
    from with_days
    group by cohort_as_of, criteria_version, tier

),

final as (

    select
        -- keys
        per_tier.cohort_as_of,
        per_tier.criteria_version,
        per_tier.tier,

        -- the tier's leads and what became of them
        per_tier.leads,
        per_tier.converted,
        per_tier.converted * 1.0 / per_tier.leads as conversion_rate,
        per_tier.won_amount,
        per_tier.median_days_to_conversion,
        case
            when cohort_rates.cohort_conversion_rate > 0
                then (per_tier.converted * 1.0 / per_tier.leads) / cohort_rates.cohort_conversion_rate
        end as lift_over_cohort,

        -- the tier's threshold in the current score_tiers (null for a tier since removed)
        score_tiers.min_score

    from per_tier
    inner join cohort_rates
        on
            per_tier.cohort_as_of = cohort_rates.cohort_as_of
            and per_tier.criteria_version = cohort_rates.criteria_version
    left join score_tiers
        on per_tier.tier = score_tiers.tier

)

select * from final
