-- Raw rows that cannot be scored, one row each, with the reason. Nothing is dropped silently:
-- every raw row is either used or listed here.
with

lead_versions as (

    select * from {{ ref('stg_crm__leads') }}

),

events as (

    select * from {{ ref('int_events_validated') }}

),

rejected as (

    select
        'leads' as source_name,
        raw_lead_id as row_key,
        rejection_reason,
        case rejection_reason
            when 'unparseable_updated_at' then raw_updated_at
            when 'unparseable_is_deleted' then raw_is_deleted
        end as rejected_value
    from lead_versions
    where rejection_reason is not null

    union all

    select
        'events' as source_name,
        raw_event_id as row_key,
        rejection_reason,
        case rejection_reason
            when 'unparseable_occurred_at' then raw_occurred_at
            when 'unknown_lead' then lead_id
            when 'deleted_lead' then lead_id
        end as rejected_value
    from events
    where rejection_reason is not null

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'source_name',
            "coalesce(row_key, '')",
            "cast(row_number() over (partition by source_name, row_key order by rejection_reason) as "
                ~ api.Column.translate_type('varchar') ~ ")",
        ])) }} as rejected_row_id,
        source_name,
        row_key,
        rejection_reason,
        rejected_value
    from rejected

)

select * from final
