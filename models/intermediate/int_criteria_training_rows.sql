-- The training rows of criteria_suggestions' regression (macro regression_training_ctes): one
-- row per example (int_training_examples) and criterion it had at its cohort date, in the points
-- tables' own units, scaled, plus `(intercept)`. Features are named
-- `attribute_points: <attribute> = <value>` (1 when the lead had the value) and
-- `event_points: <event type>` (the lead's criterion_units for a type with a row, so points *
-- units is what it earned; 1 when it had any event of a type without one).
with

examples as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_training_examples') }}

),

example_events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_training_example_events') }}

),

example_criteria as (

    {% for attribute in var('scored_attributes') %}
        select
            example_id,
            'attribute_points' as seed_name,
            '{{ attribute }}' as attribute,  -- noqa: RF04
            lower({{ attribute }}) as criterion_value,
            1.0 as x
        from examples
        where {{ attribute }} is not null
        union all
    {% endfor %}
    select
        example_id,
        'event_points' as seed_name,
        cast(null as {{ dbt.type_string() }}) as attribute,  -- noqa: RF04
        event_type as criterion_value,
        coalesce(criterion_units, case when event_count > 0 then 1.0 else 0.0 end) as x
    from example_events
    where coalesce(criterion_units, event_count) > 0

),

features as (

    select
        example_id,
        seed_name || ': ' || coalesce(attribute || ' = ', '') || criterion_value as feature,
        x,
        seed_name,
        attribute,  -- noqa: RF04
        criterion_value
    from example_criteria

),

{{ regression_training_ctes('examples', 'features', 'training', ['seed_name', 'attribute', 'criterion_value']) }},

final as (

    select * from training_rows

)

select * from final
