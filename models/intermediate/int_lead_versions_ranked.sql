-- Every raw lead row (a version in the CRM change feed) with what became of it at the scoring
-- time: rejected (with a reason), the winning version of its lead, or superseded by a later one.
-- Versions updated after the scoring time are set aside with reason `after_score_as_of`.
-- Both windows partition by the lead alone (usable versions sort first, so their row numbers are
-- their ranks among the usable ones): the warehouse sorts the rows once, not twice.
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_versions_loaded') }}

),

classified_versions as (

    select
        *,
        case
            when rejection_reason is not null then rejection_reason
            when updated_at > {{ score_as_of() }} then {{ future_row_reason() }}
        end as version_rejection_reason
    from lead_versions

),

final as (

    select
        raw_lead_id,
        lead_id,
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
        created_at,
        updated_at,
        raw_updated_at,
        raw_is_deleted,
        version_rejection_reason,
        case
            when version_rejection_reason is null
                then row_number() over (
                    partition by lead_id
                    order by
                        version_rejection_reason is null desc,
                        updated_at desc,
                        is_deleted desc,
                        job_title asc,
                        raw_employee_count asc,
                        industry asc,
                        country asc,
                        lead_source asc,
                        email asc,
                        company_name asc
                )
        end as version_rank,
        count(case when version_rejection_reason is null then 1 end)
            over (partition by lead_id) as version_count
    from classified_versions

)

select * from final
