{{ config(grants=bi_grants()) }}

-- Points the evidence suggests: one row per criterion of attribute_points and event_points, plus
-- each attribute value and event type that the matured cohorts' leads had but that has no row.
-- A logistic regression (int_regression_weights) of conversion within the window on the
-- criteria each lead had at its cohort date (int_criteria_training_rows: the points tables' own
-- units), current criteria version only.
-- Its weights are log-odds per unit; `learned_points` rescales them to the tables' scale with
-- one factor, the current points' total weight as used (sum over reliable criteria with points
-- of |points| * leads_with) over the same sum of |weight| * leads_with. `suggested_points` is the
-- learned value, rounded, where the criterion `is_reliable`, else the current points.
with

training_rows as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_training_rows') }}

),

regression_weights as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref(regression_weights_model()) }}

),

attribute_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('attribute_points') }}

),

event_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('event_points') }}

),

criteria_model_weights as (

    select
        feature,
        weight
    from regression_weights
    where regression = 'criteria'

),

support as (

    select
        seed_name,
        attribute,  -- noqa: RF04
        criterion_value,
        count(*) as leads_with,
        sum(label_value) as converted_with
    from training_rows
    where feature != '(intercept)'
    group by seed_name, attribute, criterion_value

),

totals as (

    select
        count(*) as leads,
        sum(label_value) as converted
    from training_rows
    where feature = '(intercept)'

),

current_criteria as (

    select
        'attribute_points' as seed_name,
        lower(trim(attribute)) as attribute,  -- noqa: RF04
        lower(trim(value)) as criterion_value,
        points as current_points
    from attribute_points

    union all

    select
        'event_points' as seed_name,
        cast(null as {{ dbt.type_string() }}) as attribute,  -- noqa: RF04
        lower(trim(event_type)) as criterion_value,
        points as current_points
    from event_points

),

criteria as (

    select
        coalesce(current_criteria.seed_name, support.seed_name) as seed_name,
        coalesce(current_criteria.attribute, support.attribute) as attribute,  -- noqa: RF04
        coalesce(current_criteria.criterion_value, support.criterion_value) as criterion_value,
        current_criteria.current_points,
        coalesce(support.leads_with, 0) as leads_with,
        coalesce(support.converted_with, 0) as converted_with
    from current_criteria
    full outer join support
        on
            current_criteria.seed_name = support.seed_name
            and coalesce(current_criteria.attribute, '') = coalesce(support.attribute, '')
            and current_criteria.criterion_value = support.criterion_value

),

weighted as (

    select
        criteria.*,
        criteria_model_weights.weight,
        criteria.leads_with >= {{ var('suggestion_min_leads') }}
        and criteria.converted_with >= {{ var('suggestion_min_converted') }}
        and criteria_model_weights.weight is not null as is_reliable
    from criteria
    left join criteria_model_weights
        on
            criteria_model_weights.feature
            = criteria.seed_name || ': ' || coalesce(criteria.attribute || ' = ', '') || criteria.criterion_value

),

scale as (

    select sum(abs(current_points) * leads_with) / nullif(sum(abs(weight) * leads_with), 0) as points_per_log_odds
    from weighted
    where is_reliable and current_points != 0

),

final as (

    select
        -- keys
        weighted.seed_name as seed,
        weighted.attribute,
        weighted.criterion_value as value,  -- noqa: RF04

        -- points now and learned
        weighted.current_points,
        weighted.weight as log_odds_per_unit,
        {{ round_half_away("weighted.weight * scale.points_per_log_odds", 2) }} as learned_points,
        case
            when weighted.is_reliable then {{ round_half_away("weighted.weight * scale.points_per_log_odds", 0) }}
            else weighted.current_points
        end as suggested_points,

        -- the evidence
        weighted.leads_with,
        weighted.converted_with,
        weighted.converted_with * 1.0 / nullif(weighted.leads_with, 0) as conversion_rate_with,
        (totals.converted - weighted.converted_with) * 1.0 / nullif(totals.leads - weighted.leads_with, 0)
            as conversion_rate_without,
        -- standard error of the log odds ratio with and without the criterion (0.5 added to each
        -- cell): smaller is surer; about 1 / sqrt(converted_with) when conversions are rare
        sqrt(
            1.0 / (weighted.converted_with + 0.5)
            + 1.0 / (weighted.leads_with - weighted.converted_with + 0.5)
            + 1.0 / (totals.converted - weighted.converted_with + 0.5)
            + 1.0 / (totals.leads - weighted.leads_with - totals.converted + weighted.converted_with + 0.5)
        ) as log_odds_ratio_std_error,
        coalesce(weighted.is_reliable and scale.points_per_log_odds is not null, false) as is_reliable

    from weighted
    cross join totals
    cross join scale

)

select * from final
