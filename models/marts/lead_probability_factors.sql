{{ config(grants=bi_grants()) }}

-- Why each lead has its conversion_probability: one row per lead and model feature it has, plus
-- `(intercept)`, with the feature's value, the model's weight and the contribution to the lead's
-- log-odds; a lead's contributions add up to logit(conversion_probability). Empty while no model
-- exists. No names or emails.
with

contributions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_probability_contributions') }}

),

final as (

    select
        lead_id,
        feature,
        feature_value,
        weight,
        contribution
    from contributions

)

select * from final
