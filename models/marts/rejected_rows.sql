{{ config(
    grants=bi_grants(),
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ lead_scoring.delete_rejected_rows_to_write() }}",
    post_hook="{{ lead_scoring.record_rejected_rows_sync() }}",
) }}

-- Raw rows that cannot be scored, one row each, with the reason. Nothing is dropped silently:
-- every raw row is either used or listed here (input_audit counts both). In a backtest (var
-- point_in_time) rows dated after the scoring time are `not_yet_known` there: not rejections.
--
-- Incremental on DuckDB (macros/incremental/rejected_rows.sql): while int_lead_versions_ranked
-- and int_events_rejected hold the same rows as at the last run (the same count, no newer row),
-- a run keeps the rows of leads and events and writes again only those of conversions and
-- dispositions (its pre-hook deletes their earlier rows); otherwise it is rebuilt, as by
-- --full-refresh. On other engines it is a table.
{#- is_incremental() holds exactly when rejected_rows_kept() does (our should_full_refresh). -#}
{%- set kept = is_incremental() %}
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_versions_ranked') }}

),

events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_events_rejected') }}

),

conversions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__conversions') }}

),

dispositions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__dispositions') }}

),

rejected as (

    select
        'leads' as source_name,
        raw_lead_id as row_key,
        version_rejection_reason as rejection_reason,
        case version_rejection_reason
            when 'unparseable_updated_at' then raw_updated_at
            when 'unparseable_is_deleted' then raw_is_deleted
            when 'after_score_as_of' then raw_updated_at
        end as rejected_value
    from lead_versions
    where
        version_rejection_reason is not null
        and version_rejection_reason != 'not_yet_known'
        -- a literal either way, so that the clause lints alike with and without a kept table
        and {{ 'false' if kept else 'true' }}

    union all

    select
        'events' as source_name,
        raw_event_id as row_key,
        rejection_reason,
        case rejection_reason
            when 'unparseable_occurred_at' then raw_occurred_at
            when 'after_score_as_of' then raw_occurred_at
            when 'unknown_lead' then lead_id
            when 'deleted_lead' then lead_id
        end as rejected_value
    from events
    where
        rejection_reason != 'not_yet_known'
        and {{ 'false' if kept else 'true' }}

    union all

    select
        'conversions' as source_name,
        raw_lead_id as row_key,
        rejection_reason,
        case rejection_reason
            when 'unparseable_converted_at' then raw_converted_at
        end as rejected_value
    from conversions
    where rejection_reason is not null

    union all

    select
        'dispositions' as source_name,
        raw_lead_id as row_key,
        rejection_reason,
        case rejection_reason
            when 'unknown_disposition' then raw_disposition
            when 'unparseable_disposed_at' then raw_disposed_at
        end as rejected_value
    from dispositions
    where rejection_reason is not null

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'source_name',
            "coalesce(row_key, '')",
            "cast(row_number() over (partition by source_name, row_key order by rejection_reason, rejected_value) as "
                ~ dbt.type_string() ~ ")",
        ])) }} as rejected_row_id,
        source_name,
        row_key,
        rejection_reason,
        rejected_value
    from rejected

)

select * from final
