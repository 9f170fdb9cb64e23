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
-- the lead's runs as published (tier_since, became_mql_at) and when it was written, so that the
-- next build continues the runs from this slice alone (macro score_runs_continued_from). Those
-- columns came after the first release: on_schema_change appends them to an older history,
-- whose slices have them null (the next build computes the runs from the whole history).
with

lead_scores as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_scores') }}

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
        {{ run_started_timestamp() }} as written_at

    from lead_scores
    cross join criteria_version

)

select * from final
