{{ config(
    materialized='incremental',
    incremental_strategy=replace_strategy('replace_slices'),
    partition_by=replace_partitions(['score_as_of', 'criteria_version']),
    full_refresh=false,
    unique_key=['score_as_of', 'criteria_version'],
    on_schema_change='fail',
) }}

-- The engagement side of lead_score_history: per scoring time, criteria version, scored lead and
-- event type, the counts the learning uses (int_lead_event_features). Same slices, same rule: a
-- build replaces exactly its own (score_as_of, criteria_version) slice.
with

event_features as (

    select * from {{ ref('int_lead_event_features') }}

),

criteria_version as (

    select * from {{ ref('int_criteria_version') }}

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

)

select * from final
