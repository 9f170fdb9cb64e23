{{ config(grants=bi_grants()) }}

-- What became of every lead of every matured cohort, one row each, with how it was scored at the
-- cohort date: the table the semantic layer's metrics (leads, MQLs, average score, conversion
-- rate, won amount) read, by tier, fit x engagement grade, lead source, criteria version and
-- cohort date.
with

outcomes as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_cohort_outcomes') }}

),

score_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_score_bands') }}

),

final as (

    select
        -- keys
        {{ dbt.hash(dbt.concat([
            dbt.cast('outcomes.cohort_as_of', dbt.type_string()),
            "'|'",
            'outcomes.criteria_version',
            "'|'",
            'outcomes.lead_id',
        ])) }} as lead_outcome_id,
        outcomes.cohort_as_of,
        outcomes.criteria_version,
        outcomes.lead_id,

        -- how the lead was scored at the cohort date
        outcomes.total_score,
        outcomes.tier,
        outcomes.is_mql,
        fit_bands.band as fit_grade,
        engagement_bands.band as engagement_grade,
        fit_bands.band || engagement_bands.band as score_grade,
        outcomes.lead_source,
        outcomes.conversion_probability,

        -- what became of it in the window
        outcomes.is_converted,
        outcomes.won_amount

    from outcomes
    left join score_bands as fit_bands
        on {{ in_score_band('outcomes.fit_score', 'fit_bands', 'fit') }}
    left join score_bands as engagement_bands
        on {{ in_score_band('outcomes.engagement_score', 'engagement_bands', 'engagement') }}

)

select * from final
