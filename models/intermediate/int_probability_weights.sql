-- sqlfluff:indentation:template_blocks_indent:False
-- The conversion-probability model: one row per feature with its weight (log-odds per unit), and
-- `(intercept)`, fitted on the matured cohorts of the current criteria version (macro
-- cohort_outcomes) with the features each lead had at its cohort date (lead_score_history,
-- lead_event_history) and whether it converted in the window. Empty while no matured cohort with
-- both outcomes exists: conversion_probability is then null.
--
-- The history is read as the earlier builds left it (prior_build_relation), not through ref: the
-- history is written from lead_scores, which this model feeds. Matured cohorts are always older
-- than the scoring time this build writes, so what the build adds never changes the training set.
-- depends_on: {{ ref('int_conversions_known') }}
-- depends_on: {{ ref('int_criteria_version') }}
{%- set score_history = prior_build_relation('lead_score_history') %}
{%- set event_history = prior_build_relation('lead_event_history') %}
{%- if score_history is none or event_history is none %}

-- No history yet (a first build): no model.
select
    cast(null as {{ api.Column.translate_type('varchar') }}) as feature,
    cast(null as {{ api.Column.translate_type('double') }}) as weight
where 1 = 0

{%- else %}
with

conversions as (

    select * from {{ ref('int_conversions_known') }}

),

history as (

    select * from {{ score_history }}

),

event_history as (

    select * from {{ event_history }}

),

criteria_version as (

    select * from {{ ref('int_criteria_version') }}

),

-- noqa: disable=LT02
outcomes as (

    {{ cohort_outcomes('history', 'conversions') | indent(4) }}

),
-- noqa: enable=LT02

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

example_attributes as (

    select
        examples.example_id,
        {% for attribute in var('scored_attributes') %}
        history.{{ attribute }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from examples
    inner join history
        on
            examples.cohort_as_of = history.score_as_of
            and examples.lead_id = history.lead_id
    inner join criteria_version
        on history.criteria_version = criteria_version.criteria_version

),

example_events as (

    select
        examples.example_id,
        event_history.event_type,
        event_history.event_count,
        event_history.decayed_count
    from examples
    inner join event_history
        on
            examples.cohort_as_of = event_history.score_as_of
            and examples.lead_id = event_history.lead_id
    inner join criteria_version
        on event_history.criteria_version = criteria_version.criteria_version

),

features as (

    {{ probability_features('example_attributes', 'example_events') }}

),

{{ logistic_regression_ctes('examples', 'features', 'model') }},

final as (

    select
        feature,
        weight
    from model_weights

)

select * from final
{%- endif %}
