{{ config(materialized='view') }}

-- One row per lead: the version that wins at the scoring time (latest `updated_at` at or before
-- it; on a tie a deleted version wins). Deleted leads are kept here, flagged, so that their events
-- can be rejected with the right reason. A view: the winning rows are a filter on
-- int_lead_versions_ranked (kept between runs on DuckDB), so a run does not write every lead again.
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_versions_ranked') }}

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
        updated_at,
        ranked_at

    from lead_versions
    where version_rank = 1

)

select * from final
