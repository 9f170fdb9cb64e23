{{ config(grants=bi_grants()) }}

-- Reconciliation: for every raw input, rows read = rows used + rows rejected, by reason. One row
-- per source, outcome and reason. The test `audit_accounts_for_every_raw_row` fails when any raw
-- row is missing from here; `rejected_share_is_low` warns when a source rejects too much.
with

lead_versions as (

    select * from {{ ref('int_lead_versions_ranked') }}

),

events as (

    select * from {{ ref('int_events_validated') }}

),

conversions as (

    select * from {{ ref('stg_crm__conversions') }}

),

dispositions as (

    select * from {{ ref('stg_crm__dispositions') }}

),

event_points as (

    select * from {{ ref('event_points') }}

),

lead_rows as (

    select
        'leads' as source_name,
        case
            when version_rejection_reason is not null then version_rejection_reason
            when version_rank > 1 then 'superseded_version'
            when is_deleted then 'deleted_lead'
            else 'scored_lead'
        end as reason,
        case
            when version_rejection_reason = 'not_yet_known' then 'not_yet_known'
            when version_rejection_reason is not null then 'rejected'
            else 'used'
        end as outcome
    from lead_versions

),

event_rows as (

    select
        'events' as source_name,
        case
            when events.rejection_reason is not null then events.rejection_reason
            when event_points.event_type is null then 'unknown_event_type'
            else 'scored_event'
        end as reason,
        case
            when events.rejection_reason = 'not_yet_known' then 'not_yet_known'
            when events.rejection_reason is not null then 'rejected'
            else 'used'
        end as outcome
    from events
    left join event_points
        on events.event_type = lower(trim(event_points.event_type))

),

conversion_rows as (

    select
        'conversions' as source_name,
        coalesce(rejection_reason, 'conversion') as reason,
        case when rejection_reason is not null then 'rejected' else 'used' end as outcome
    from conversions

),

disposition_rows as (

    select
        'dispositions' as source_name,
        case
            when rejection_reason is not null then rejection_reason
            when disposed_at > {{ score_as_of() }} then 'not_yet_known'
            else 'disposition'
        end as reason,
        case
            when rejection_reason is not null then 'rejected'
            when disposed_at > {{ score_as_of() }} then 'not_yet_known'
            else 'used'
        end as outcome
    from dispositions

),

all_rows as (

    select * from lead_rows
    union all
    select * from event_rows
    union all
    select * from conversion_rows
    union all
    select * from disposition_rows

),

final as (

    select
        source_name,
        outcome,
        reason,
        count(*) as row_count
    from all_rows
    group by source_name, outcome, reason

)

select * from final
