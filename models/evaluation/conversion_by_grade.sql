{{ config(grants=bi_grants()) }}

-- Does the fit x engagement grid rank leads? One row per matured cohort (int_cohort_outcomes),
-- criteria version and score grade (the lead's fit and engagement scores at the cohort date, graded
-- with the current score_grades): leads, converted, conversion rate, won amount, median days to
-- the first deal and lift over the cohort, as conversion_by_tier does for tiers.
with

outcomes as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_cohort_outcomes') }}

),

score_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_score_bands') }}

),

graded_outcomes as (

    select
        outcomes.*,
        fit_bands.band as fit_grade,
        engagement_bands.band as engagement_grade,
        fit_bands.band || engagement_bands.band as score_grade
    from outcomes
    left join score_bands as fit_bands
        on {{ in_score_band('outcomes.fit_score', 'fit_bands', 'fit') }}
    left join score_bands as engagement_bands
        on {{ in_score_band('outcomes.engagement_score', 'engagement_bands', 'engagement') }}

),

{{ conversion_rate_ctes('graded_outcomes', 'score_grade, fit_grade, engagement_grade') }},

final as (

    select
        -- keys
        per_group.cohort_as_of,
        per_group.criteria_version,
        per_group.score_grade,

        -- the grade's parts
        per_group.fit_grade,
        per_group.engagement_grade,

        -- the grade's leads and what became of them
        {{ conversion_rate_columns() }}

    from per_group
    inner join cohort_rates
        on
            per_group.cohort_as_of = cohort_rates.cohort_as_of
            and per_group.criteria_version = cohort_rates.criteria_version

)

select * from final
