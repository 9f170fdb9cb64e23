{#- The CTEs `cohort_rates`, `with_days` and `per_group` over `outcomes` (a CTE with
    int_cohort_outcomes' columns plus `group_column`): per matured cohort, criteria version and
    group, the leads, how many converted, the won amount and the median whole days from the cohort
    date to the first deal; cohort_rates holds each cohort's conversion rate for the lift.
    conversion_by_tier groups by tier, conversion_by_grade by score_grade. -#}
{% macro conversion_rate_ctes(outcomes, group_column) -%}
cohort_rates as (

    select
        cohort_as_of,
        criteria_version,
        avg(case when is_converted then 1.0 else 0.0 end) as cohort_conversion_rate
    from {{ outcomes }}
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
    from {{ outcomes }}

),

per_group as (

    select
        cohort_as_of,
        criteria_version,
        {{ group_column }},
        count(*) as leads,
        sum(case when is_converted then 1 else 0 end) as converted,
        sum(case when is_converted then won_amount else 0 end) as won_amount,
        {{ median('days_to_conversion') }} as median_days_to_conversion
    from with_days
    group by cohort_as_of, criteria_version, {{ group_column }}

)
{%- endmacro %}

{#- The columns of a conversion-by-group mart after its key, from per_group and cohort_rates. -#}
{% macro conversion_rate_columns() -%}
        per_group.leads,
        per_group.converted,
        per_group.converted * 1.0 / per_group.leads as conversion_rate,
        per_group.won_amount,
        per_group.median_days_to_conversion,
        case
            when cohort_rates.cohort_conversion_rate > 0
                then (per_group.converted * 1.0 / per_group.leads) / cohort_rates.cohort_conversion_rate
        end as lift_over_cohort
{%- endmacro %}
