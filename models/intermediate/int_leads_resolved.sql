-- One row per lead: the version that wins at the scoring time (latest `updated_at` at or before
-- it; on a tie a deleted version wins). Deleted leads are kept here, flagged, so that their events
-- can be rejected with the right reason.
with

lead_versions as (

    select * from {{ ref('stg_crm__leads') }}

),

eligible_versions as (

    select *
    from lead_versions
    where
        rejection_reason is null
        and updated_at <= {{ score_as_of() }}

),

ranked_versions as (

    select
        *,
        count(*) over (partition by lead_id) as version_count,
        row_number() over (
            partition by lead_id
            order by
                updated_at desc,
                is_deleted desc,
                job_title asc,
                raw_employee_count asc,
                industry asc,
                country asc,
                lead_source asc,
                email asc,
                company_name asc
        ) as version_rank
    from eligible_versions

),

final as (

    select
        -- keys
        lead_id,

        -- attributes
        email,
        first_name,
        last_name,
        job_title,
        company_name,
        company_domain,
        employee_count,
        industry,
        country,
        lead_source,
        is_deleted,
        version_count,

        -- timestamps
        created_at,
        updated_at

    from ranked_versions
    where version_rank = 1

)

select * from final
