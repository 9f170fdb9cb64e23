-- sqlfluff:indentation:template_blocks_indent:False
-- The examples the feedback loop learns from: one row per lead of a matured cohort of the
-- current criteria version (macro cohort_outcomes) with label_value 1 when it converted in the
-- window, and the attribute values it had at its cohort date (lead_score_history). At most var
-- max_training_examples of them: beyond it, a fixed subset (macro training_sample_order), taken
-- here so that the training rows, the fits and the suggestions' counts all cost the cap, not the
-- length of the history (every build adds a cohort once its window has passed).
--
-- The history is read as earlier builds left it (prior_build_relation), not through ref: it is
-- written from lead_scores, which the conversion-probability model feeds. Matured cohorts are
-- always older than the scoring time this build writes, so what the build adds never changes the
-- examples. Empty on a first build (no history yet).
-- depends_on: {{ ref('int_conversions_known') }}
-- depends_on: {{ ref('int_criteria_version') }}
{%- set score_history = prior_build_relation('lead_score_history') %}
{%- if score_history is none %}

select
    cast(null as {{ dbt.type_bigint() }}) as example_id,
    cast(null as {{ dbt.type_timestamp() }}) as cohort_as_of,
    cast(null as {{ dbt.type_string() }}) as lead_id,
    cast(null as integer) as label_value,
    {% for attribute in var('scored_attributes') %}
    cast(null as {{ dbt.type_string() }}) as {{ attribute }}{% if not loop.last %},{% endif %}
    {% endfor %}
where 1 = 0

{%- else %}
with

conversions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_conversions_known') }}

),

history as {{ lead_scoring.inline_cte() }} (

    select * from {{ score_history }}

),

criteria_version as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_version') }}

),

-- noqa: disable=LT02
outcomes as (

    {{ cohort_outcomes('history', 'conversions') | indent(4) }}

),
-- noqa: enable=LT02

-- Every example numbered (by cohort date, then lead id); the subset is chosen on the numbers.
numbered_examples as (

    select
        row_number() over (order by outcomes.cohort_as_of, outcomes.lead_id) as example_id,
        outcomes.cohort_as_of,
        outcomes.criteria_version,
        outcomes.lead_id,
        outcomes.is_converted
    from outcomes
    inner join criteria_version
        on outcomes.criteria_version = criteria_version.criteria_version

),

sampled_examples as (

    select *
    from numbered_examples
    order by {{ training_sample_order('numbered_examples.example_id') }}
    limit {{ var('max_training_examples') }}

),

final as (

    select
        sampled_examples.example_id,
        sampled_examples.cohort_as_of,
        sampled_examples.lead_id,
        case when sampled_examples.is_converted then 1 else 0 end as label_value,
        {% for attribute in var('scored_attributes') %}
        history.{{ attribute }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from sampled_examples
    inner join history
        on
            sampled_examples.cohort_as_of = history.score_as_of
            and sampled_examples.criteria_version = history.criteria_version
            and sampled_examples.lead_id = history.lead_id

)

select * from final
{%- endif %}
