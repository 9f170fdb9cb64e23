with

source as (

    select * from {{ source('crm', 'leads') }}

),

cleaned as (

    select
        -- keys
        lead_id as raw_lead_id,
        {{ clean_id('lead_id') }} as lead_id,

        -- attributes
        {{ clean_id('email') }} as email,
        {{ clean_id('first_name') }} as first_name,
        {{ clean_id('last_name') }} as last_name,
        {{ clean_id('job_title') }} as job_title,
        {{ clean_id('company_name') }} as company_name,
        lower({{ clean_id('company_domain') }}) as company_domain,
        {{ parse_count('employee_count') }} as employee_count,
        {{ clean_category('industry') }} as industry,
        {{ clean_category('country') }} as country,
        {{ clean_category('lead_source') }} as lead_source,
        {{ parse_boolean('is_deleted') }} as is_deleted,

        -- timestamps
        {{ parse_timestamp_utc('created_at') }} as created_at,
        {{ parse_timestamp_utc('updated_at') }} as updated_at,

        -- raw values kept for rejection reasons and audit
        employee_count as raw_employee_count,
        updated_at as raw_updated_at,
        is_deleted as raw_is_deleted

    from source

),

final as (

    select
        *,
        case
            when lead_id is null then 'missing_lead_id'
            when updated_at is null then 'unparseable_updated_at'
            when is_deleted is null then 'unparseable_is_deleted'
        end as rejection_reason
    from cleaned

)

select * from final
