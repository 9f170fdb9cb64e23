-- Scored leads (winning version not deleted) with the two derived attributes: job seniority from
-- the `job_title_seniority` patterns and the company size band from `company_size_bands`.
with

leads as (

    select * from {{ ref('int_leads_resolved') }}

),

seniority_rules as (

    select * from {{ ref('job_title_seniority') }}

),

size_bands as (

    select * from {{ ref('company_size_bands') }}

),

live_leads as (

    select *
    from leads
    where not is_deleted

),

seniority_matches as (

    select
        live_leads.lead_id,
        lower(trim(seniority_rules.seniority)) as job_seniority,
        row_number() over (
            partition by live_leads.lead_id
            order by seniority_rules.priority asc, seniority_rules.seniority asc
        ) as match_rank
    from live_leads
    inner join seniority_rules
        on {{ regex_search('live_leads.job_title', 'seniority_rules.pattern', case_insensitive=true) }}

),

final as (

    select
        live_leads.lead_id,
        live_leads.email,
        live_leads.first_name,
        live_leads.last_name,
        live_leads.job_title,
        live_leads.company_name,
        live_leads.company_domain,
        live_leads.employee_count,
        live_leads.industry,
        live_leads.country,
        live_leads.lead_source,
        live_leads.is_deleted,
        live_leads.version_count,
        live_leads.created_at,
        live_leads.updated_at,
        coalesce(seniority_matches.job_seniority, 'other') as job_seniority,
        size_bands.band as company_size_band
    from live_leads
    left join seniority_matches
        on
            live_leads.lead_id = seniority_matches.lead_id
            and seniority_matches.match_rank = 1
    left join size_bands
        on
            live_leads.employee_count >= size_bands.min_employees
            and (
                size_bands.max_employees is null
                or live_leads.employee_count <= size_bands.max_employees
            )

)

select * from final
