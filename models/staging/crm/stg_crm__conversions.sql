with

source as {{ lead_scoring.inline_cte() }} (

    select * from {{ raw_input('crm', 'conversions') }}

),

cleaned as (

    select
        -- keys
        {{ trim_to_null('lead_id') }} as lead_id,

        -- attributes
        {{ dbt.safe_cast(
            "replace(" ~ trim_to_null('amount') ~ ", ',', '')",
            lead_scoring.type_double()
        ) }} as amount,

        -- timestamps
        {{ parse_timestamp_utc('converted_at') }} as converted_at,

        -- raw values kept for rejection reasons and audit
        lead_id as raw_lead_id,
        converted_at as raw_converted_at

    from source

),

final as (

    select
        *,
        case
            when lead_id is null then 'missing_lead_id'
            when converted_at is null then 'unparseable_converted_at'
        end as rejection_reason
    from cleaned

)

select * from final
