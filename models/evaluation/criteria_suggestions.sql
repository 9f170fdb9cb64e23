{{ config(grants=bi_grants()) }}

-- Points the evidence suggests: one row per criterion of attribute_points and event_points, plus
-- each attribute value and event type that the matured cohorts' leads had but that has no row.
-- A logistic regression (macro logistic_regression_ctes) of conversion within the window on the
-- criteria each lead had at its cohort date, in the points tables' own units (an attribute value:
-- 1; an event_points row: the lead's criterion_units, so points * units is what it earned; an
-- event type with no row: 1 when the lead had any such event), current criteria version only.
-- Its weights are log-odds per unit; `learned_points` rescales them to the tables' scale with
-- one factor, the current points' total weight as used (sum over reliable criteria with points
-- of |points| * leads_with) over the same sum of |weight| * leads_with. `suggested_points` is the
-- learned value, rounded, where the criterion `is_reliable`, else the current points.
with

outcomes as (

    select * from {{ ref('int_cohort_outcomes') }}

),

history as (

    select * from {{ ref('lead_score_history') }}

),

event_history as (

    select * from {{ ref('lead_event_history') }}

),

criteria_version as (

    select * from {{ ref('int_criteria_version') }}

),

attribute_points as (

    select * from {{ ref('attribute_points') }}

),

event_points as (

    select * from {{ ref('event_points') }}

),

examples as (

    select
        {{ dbt.concat([
            dbt.cast('outcomes.cohort_as_of', api.Column.translate_type('varchar')), "'/'", 'outcomes.lead_id'
        ]) }} as example_id,
        outcomes.cohort_as_of,
        outcomes.lead_id,
        case when outcomes.is_converted then 1 else 0 end as label_value
    from outcomes
    inner join criteria_version
        on outcomes.criteria_version = criteria_version.criteria_version

),

example_criteria as (

    {% for attribute in var('scored_attributes') %}
        select
            examples.example_id,
            'attribute_points' as seed_name,
            '{{ attribute }}' as attribute,  -- noqa: RF04
            lower(history.{{ attribute }}) as criterion_value,
            1.0 as x
        from examples
        inner join history
            on
                examples.cohort_as_of = history.score_as_of
                and examples.lead_id = history.lead_id
        inner join criteria_version
            on history.criteria_version = criteria_version.criteria_version
        where history.{{ attribute }} is not null
        union all
    {% endfor %}
    select
        examples.example_id,
        'event_points' as seed_name,
        cast(null as {{ api.Column.translate_type('varchar') }}) as attribute,  -- noqa: RF04
        event_history.event_type as criterion_value,
        coalesce(event_history.criterion_units, case when event_history.event_count > 0 then 1.0 else 0.0 end) as x
    from examples
    inner join event_history
        on
            examples.cohort_as_of = event_history.score_as_of
            and examples.lead_id = event_history.lead_id
    inner join criteria_version
        on event_history.criteria_version = criteria_version.criteria_version
    where coalesce(event_history.criterion_units, event_history.event_count) > 0

),

features as (

    select
        example_id,
        seed_name || ': ' || coalesce(attribute || ' = ', '') || criterion_value as feature,
        x
    from example_criteria

),

{{ logistic_regression_ctes('examples', 'features', 'criteria_model') }},

support as (

    select
        example_criteria.seed_name,
        example_criteria.attribute,
        example_criteria.criterion_value,
        count(*) as leads_with,
        sum(examples.label_value) as converted_with
    from example_criteria
    inner join examples
        on example_criteria.example_id = examples.example_id
    group by example_criteria.seed_name, example_criteria.attribute, example_criteria.criterion_value

),

totals as (

    select
        count(*) as leads,
        sum(label_value) as converted
    from examples

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
        cast(null as {{ api.Column.translate_type('varchar') }}) as attribute,  -- noqa: RF04
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
        round(weighted.weight * scale.points_per_log_odds, 2) as learned_points,
        case
            when weighted.is_reliable then round(weighted.weight * scale.points_per_log_odds, 0)
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
