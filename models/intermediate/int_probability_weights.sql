-- The conversion-probability model: one row per feature with its weight (log-odds per unit of
-- the feature) and `(intercept)`, the `probability` regression of int_regression_weights (fitted
-- on int_probability_training_rows). Empty while no matured cohort with both outcomes exists.
with

regression_weights as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref(regression_weights_model()) }}

),

final as (

    select
        feature,
        weight
    from regression_weights
    where regression = 'probability'

)

select * from final
