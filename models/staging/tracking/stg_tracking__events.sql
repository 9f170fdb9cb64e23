with

source as {{ lead_scoring.inline_cte() }} (

    select * from {{ raw_input('tracking', 'events') }}

),

final as (

    select
        -- keys
        event_id as raw_event_id,
        {{ trim_to_null('event_id') }} as event_id,
        {{ trim_to_null('lead_id') }} as lead_id,

        -- attributes
        {{ clean_event_type('event_type') }} as event_type,
        {{ trim_to_null('properties') }} as properties,
        coalesce(not {{ is_valid_json(trim_to_null('properties')) }}, false) as has_invalid_properties,

        -- timestamps
        {{ parse_timestamp_utc('occurred_at') }} as occurred_at,
        occurred_at as raw_occurred_at,

        -- lineage: the raw file the row came from (DuckDB; null elsewhere)
        {{ raw_source_file() }} as source_file

    from source

)

select * from final
