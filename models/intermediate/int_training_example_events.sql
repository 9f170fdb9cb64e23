-- sqlfluff:indentation:template_blocks_indent:False
-- The engagement of the feedback loop's examples: one row per example (int_training_examples)
-- and event type, with the counts it had at its cohort date (lead_event_history, read as earlier
-- builds left it: see int_training_examples). Empty on a first build.
-- depends_on: {{ ref('int_criteria_version') }}
-- depends_on: {{ ref('int_training_examples') }}
{%- set event_history = prior_build_relation('lead_event_history') %}
{%- if event_history is none %}

select
    cast(null as {{ dbt.type_bigint() }}) as example_id,
    cast(null as {{ dbt.type_string() }}) as event_type,
    cast(null as {{ dbt.type_bigint() }}) as event_count,
    cast(null as {{ lead_scoring.type_double() }}) as decayed_count,
    cast(null as {{ lead_scoring.type_double() }}) as criterion_units
where 1 = 0

{%- else %}
with

examples as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_training_examples') }}

),

event_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ event_history }}

),

criteria_version as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_version') }}

),

final as (

    select
        examples.example_id,
        event_history.event_type,
        event_history.event_count,
        event_history.decayed_count,
        event_history.criterion_units
    from examples
    inner join event_history
        on
            examples.cohort_as_of = event_history.score_as_of
            and examples.lead_id = event_history.lead_id
    inner join criteria_version
        on event_history.criteria_version = criteria_version.criteria_version

)

select * from final
{%- endif %}
