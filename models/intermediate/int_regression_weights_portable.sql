-- int_regression_weights on engines without dbt Python models (PostgreSQL, Spark): the same fit
-- as int_regression_weights.py, by damped Newton steps whose sums the warehouse computes
-- (macros/learning/fit_logistic_regression.sql). dbt_project.yml enables exactly one of the two;
-- the models downstream read the enabled one (macro regression_weights_model).
-- depends_on: {{ ref('int_probability_training_rows') }}
-- depends_on: {{ ref('int_criteria_training_rows') }}
with

fitted as (

    {{ fit_logistic_regressions(
        [
            ['probability', ref('int_probability_training_rows')],
            ['criteria', ref('int_criteria_training_rows')],
        ],
        l2=var('probability_l2'),
        max_examples=var('max_training_examples'),
    ) }}

),

final as (

    select
        regression,
        feature,
        weight
    from fitted

)

select * from final
