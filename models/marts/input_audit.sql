{{ config(grants=bi_grants()) }}

-- Reconciliation: for every raw input, rows read = rows used + rows rejected, by reason. One row
-- per source, outcome and reason. The test `audit_accounts_for_every_raw_row` fails when any raw
-- row is missing from here; `rejected_share_is_low` warns when a source rejects too much.
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_versions_ranked') }}

),

deliveries as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_event_deliveries') }}

),

rejected_events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_events_rejected') }}

),

conversions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__conversions') }}

),

dispositions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__dispositions') }}

),

event_points as {{ lead_scoring.inline_cte() }} (

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
        end as outcome,
        1 as row_count
    from lead_versions

),

-- Events, counted without joining every delivery to the leads again: the rejected rows by reason,
-- and the rest by event type (all deliveries of a type minus its rejected ones), scored when the
-- type has an event_points row.
rejected_event_counts as (

    select
        'events' as source_name,
        rejection_reason as reason,
        case when rejection_reason = 'not_yet_known' then 'not_yet_known' else 'rejected' end as outcome,
        count(*) as row_count
    from rejected_events
    group by rejection_reason

),

unrejected_by_type as (

    select
        event_type,
        sum(row_count) as row_count
    from (
        select
            event_type,
            count(*) as row_count
        from deliveries
        group by event_type

        union all

        select
            event_type,
            -count(*) as row_count
        from rejected_events
        group by event_type
    ) as signed_counts
    group by event_type

),

event_rows as (

    select * from rejected_event_counts

    union all

    select
        'events' as source_name,
        case when event_points.event_type is null then 'unknown_event_type' else 'scored_event' end as reason,
        'used' as outcome,
        unrejected_by_type.row_count
    from unrejected_by_type
    left join event_points
        on unrejected_by_type.event_type = lower(trim(event_points.event_type))
    where unrejected_by_type.row_count > 0

),

conversion_rows as (

    select
        'conversions' as source_name,
        coalesce(rejection_reason, 'conversion') as reason,
        case when rejection_reason is not null then 'rejected' else 'used' end as outcome,
        1 as row_count
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
        end as outcome,
        1 as row_count
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
        {{ dbt.cast('sum(row_count)', dbt.type_bigint()) }} as row_count
    from all_rows
    group by source_name, outcome, reason

)

select * from final
