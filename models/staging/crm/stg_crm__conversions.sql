with

source as (

    select * from {{ source('crm', 'conversions') }}

),

final as (

    select
        -- keys
        {{ clean_id('lead_id') }} as lead_id,

        -- attributes
        {{ dbt.safe_cast(
            "replace(" ~ clean_id('amount') ~ ", ',', '')",
            api.Column.translate_type('double')
        ) }} as amount,

        -- timestamps
        {{ parse_timestamp_utc('converted_at') }} as converted_at

    from source

)

select * from final
