-- The conversion-probability model's training rows (macro regression_training_ctes): one row
-- per example (int_training_examples) and model feature it had at its cohort date (macro
-- probability_features), scaled, plus `(intercept)` with label_value. int_regression_weights fits
-- them. Empty while no matured cohort with both outcomes exists.
with

examples as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_training_examples') }}

),

example_events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_training_example_events') }}

),

features as (

    {{ probability_features('examples', 'example_events') }}

),

{{ regression_training_ctes('examples', 'features', 'training') }},

final as (

    select * from training_rows

)

select * from final
