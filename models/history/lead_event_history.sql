{{ config(
    materialized='incremental',
    incremental_strategy=replace_strategy('replace_slices'),
    partition_by=replace_partitions(['score_as_of', 'criteria_version']),
    full_refresh=false,
    unique_key=['score_as_of', 'criteria_version'],
    on_schema_change='fail',
    post_hook="{{ lead_scoring.record_event_history_sync() }}",
) }}

-- The engagement side of lead_score_history: per scoring time, criteria version, scored lead and
-- event type, the counts the learning uses (int_lead_event_features). Same slices, same rule: a
-- build replaces exactly its own (score_as_of, criteria_version) slice. Only the cohorts' slices
-- are written (macro cohort_outcomes: the first as-of of each UTC date): a build whose date
-- already has an earlier slice in lead_score_history writes none, so a schedule that scores
-- every few minutes writes the engagement of all its leads once a day, not at every run. On
-- DuckDB a build at the scoring time of a slice already there writes nothing when the tables its
-- rows are made from are unchanged since (macros/history/event_history_kept.sql).
-- depends_on: {{ ref('int_engagement_points_priced') }}
-- depends_on: {{ ref('int_leads_classified') }}
{%- set kept = lead_scoring.event_history_kept() %}
with

event_features as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_event_features') }}

),

criteria_version as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_version') }}

),

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

-- No earlier slice of this criteria version on the scoring date: this build is the date's cohort.
first_of_date as (

    select count(*) = 0 as is_first
    from prior_history
    where
        prior_history.score_as_of >= {{ dbt.cast(scoring_date(), dbt.type_timestamp()) }}

),

final as (

    select
        -- keys
        {{ score_as_of() }} as score_as_of,
        criteria_version.criteria_version,
        event_features.lead_id,
        event_features.event_type,

        -- counts
        event_features.event_count,
        event_features.decayed_count,
        event_features.criterion_units

    from event_features
    cross join criteria_version
    cross join first_of_date
    where
        first_of_date.is_first
        -- a literal either way, so that the clause lints alike with and without a kept slice
        and {{ 'false' if kept else 'true' }}

)

select * from final
