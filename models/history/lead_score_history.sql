{{ config(
    materialized='incremental',
    incremental_strategy=replace_strategy('replace_slices'),
    partition_by=replace_partitions(['score_as_of', 'criteria_version']),
    full_refresh=false,
    unique_key=['score_as_of', 'criteria_version'],
    on_schema_change='append_new_columns',
) }}

-- Every scored lead at every scoring time a build ran for (scheduled builds and backtests alike),
-- with the criteria version it was scored with and the attribute values the learning uses.
-- Incremental: a build adds its own (score_as_of, criteria_version) slice, replacing exactly that
-- slice when it is already there; the rest of the history is never touched. A slice also keeps
-- the lead's runs as published (tier_since, became_mql_at), when it was written and a key of the
-- slices before it as this build read them, so that the next build continues the runs from this
-- slice alone while those are the same (macro score_runs_continued_from). Those columns came
-- after the first release: on_schema_change appends them to an older history, whose slices have
-- them null (the next build computes the runs from the whole history).
with

lead_scores as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_scores') }}

),

-- The slices before this one as this build read them (int_prior_score_slices): kept in the slice,
-- so that the next build can tell whether they are still the same (macro score_runs_continued_from).
prior_slices as (

    {{ lead_scoring.prior_slices_key_select() }}

),

criteria_version as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_version') }}

),

final as (

    select
        -- keys
        lead_scores.score_as_of,
        criteria_version.criteria_version,
        lead_scores.lead_id,

        -- scores
        lead_scores.fit_score,
        lead_scores.engagement_score,
        lead_scores.total_score,
        lead_scores.tier,
        lead_scores.is_mql,
        lead_scores.is_disqualified,
        lead_scores.conversion_probability,

        -- attributes at the scoring time (the values points were matched on)
        {% for attribute in var('scored_attributes') %}
            lead_scores.{{ attribute }},
        {% endfor %}
        lead_scores.lead_updated_at,

        -- the lead's runs as published, and when this build wrote the slice
        lead_scores.tier_since,
        lead_scores.became_mql_at,
        {{ run_started_timestamp() }} as written_at,
        prior_slices.prior_slices_key

    from lead_scores
    cross join criteria_version
    cross join prior_slices

)

select * from final
