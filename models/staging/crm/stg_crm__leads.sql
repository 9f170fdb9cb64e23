with

source as {{ lead_scoring.inline_cte() }} (

    select * from {{ raw_input('crm', 'leads') }}

),

cleaned as (

    select
        -- keys
        lead_id as raw_lead_id,
        {{ trim_to_null('lead_id') }} as lead_id,

        -- attributes
        {{ trim_to_null('email') }} as email,
        {{ trim_to_null('first_name') }} as first_name,
        {{ trim_to_null('last_name') }} as last_name,
        {{ trim_to_null('job_title') }} as job_title,
        {{ trim_to_null('company_name') }} as company_name,
        lower({{ trim_to_null('company_domain') }}) as company_domain,
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
        is_deleted as raw_is_deleted,

        -- lineage: the raw file the row came from (DuckDB; elsewhere a `_source_file` column or null)
        {{ raw_source_file('leads') }} as source_file

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
