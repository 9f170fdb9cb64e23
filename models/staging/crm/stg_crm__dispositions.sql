-- Sales' verdicts on the leads handed over, cleaned: one row per raw row, with the reason it
-- cannot be used (null when it can). The disposition is spelled like event types (trimmed,
-- lower-cased, runs of spaces, hyphens and underscores as `_`).
with

source as {{ lead_scoring.inline_cte() }} (

    select * from {{ raw_input('crm', 'dispositions') }}

),

cleaned as (

    select
        -- keys
        {{ trim_to_null('lead_id') }} as lead_id,

        -- attributes
        {{ clean_event_type('disposition') }} as disposition,
        {{ trim_to_null('reason') }} as reason,

        -- timestamps
        {{ parse_timestamp_utc('disposed_at') }} as disposed_at,

        -- raw values kept for rejection reasons and audit
        lead_id as raw_lead_id,
        disposition as raw_disposition,
        disposed_at as raw_disposed_at

    from source

),

final as (

    select
        *,
        case
            when lead_id is null then 'missing_lead_id'
            when disposition is null or disposition not in ('accepted', 'rejected', 'recycled', 'converted')
                then 'unknown_disposition'
            when disposed_at is null then 'unparseable_disposed_at'
        end as rejection_reason
    from cleaned

)

select * from final
