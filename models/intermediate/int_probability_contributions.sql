-- One row per scored lead and model feature it has, plus `(intercept)`: the feature's value now,
-- the model's weight and the contribution weight * value to the lead's log-odds of converting
-- within var conversion_window_days. The contributions of a lead add up to its log-odds; features
-- the model has not seen in training contribute nothing and are left out. Empty while the model is.
with

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_classified') }}

),

event_features as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_event_features') }}

),

weights as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_probability_weights') }}

),

lead_attributes as (

    select
        lead_id as example_id,
        {% for attribute in var('scored_attributes') %}
            {{ attribute }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from leads

),

lead_events as (

    select
        lead_id as example_id,
        event_type,
        event_count,
        decayed_count
    from event_features

),

features as (

    {{ probability_features('lead_attributes', 'lead_events') }}

    union all

    select
        lead_id as example_id,
        '(intercept)' as feature,
        1.0 as x
    from leads

),

final as (

    select
        features.example_id as lead_id,
        features.feature,
        features.x as feature_value,
        weights.weight,
        features.x * weights.weight as contribution
    from features
    inner join weights
        on features.feature = weights.feature

)

select * from final
