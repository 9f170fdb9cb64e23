{{ config(severity='warn') }}
-- Warns when, in the newest matured cohort of the current criteria version with at least var
-- `min_cohort_leads` leads, a higher tier (higher min_score in score_tiers) converted at a lower
-- rate than the tier below it: the thresholds or the points need another look.
{% set failures %}
    with

    by_tier as (

        select * from {{ ref('conversion_by_tier') }}

    ),

    criteria_version as (

        select * from {{ ref('int_criteria_version') }}

    ),

    cohorts as (

        select
            by_tier.cohort_as_of,
            sum(by_tier.leads) as leads
        from by_tier
        inner join criteria_version
            on by_tier.criteria_version = criteria_version.criteria_version
        group by by_tier.cohort_as_of

    ),

    newest_cohort as (

        select max(cohort_as_of) as cohort_as_of
        from cohorts
        where leads >= {{ var('min_cohort_leads') }}

    ),

    ordered as (

        select
            by_tier.cohort_as_of,
            by_tier.tier,
            by_tier.conversion_rate,
            by_tier.leads,
            lag(by_tier.tier) over (order by by_tier.min_score) as lower_tier,
            lag(by_tier.conversion_rate) over (order by by_tier.min_score) as lower_conversion_rate
        from by_tier
        inner join criteria_version
            on by_tier.criteria_version = criteria_version.criteria_version
        inner join newest_cohort
            on by_tier.cohort_as_of = newest_cohort.cohort_as_of
        where by_tier.min_score is not null

    ),

    final as (

        select
            tier,
            lower_tier,
            'cohort ' || cast(cohort_as_of as {{ dbt.type_string() }}) || ': tier '
            || tier || ' converted ' || cast({{ round_half_away("100 * conversion_rate", 1) }} as {{ dbt.type_string() }})
            || '% within var conversion_window_days, below tier ' || lower_tier || ' ('
            || cast({{ round_half_away("100 * lower_conversion_rate", 1) }} as {{ dbt.type_string() }})
            || '%); see conversion_by_tier and criteria_suggestions' as message
        from ordered
        where lower_tier is not null and conversion_rate < lower_conversion_rate

    )

    select * from final
{% endset %}
{{ warn_each(failures) }}
{{ failures }}
