{{ config(grants=bi_grants()) }}

-- Account-based selling: one row per account (a company_domain, trimmed and lower-cased) with how
-- many of its leads are scored, engaged and MQLs, its best lead, and the buying-group score (the
-- sum of its top var buying_group_size lead total scores) that account_tiers tiers. Leads without
-- a domain or with a free-mail domain (free_email_domains) belong to no account.
{%- set buying_group_size = var('buying_group_size') | int %}

with

lead_scores as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_scores') }}

),

free_email_domains as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('free_email_domains') }}

),

score_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_score_bands') }}

),

free_domains as (

    select distinct lower(trim(domain)) as free_domain
    from free_email_domains
    where domain is not null

),

account_leads as (

    select
        lower(trim(lead_scores.company_domain)) as account_domain,
        lead_scores.lead_id,
        lead_scores.total_score,
        lead_scores.engagement_score,
        lead_scores.is_mql,
        lead_scores.job_seniority,
        row_number() over (
            partition by lower(trim(lead_scores.company_domain))
            order by lead_scores.total_score desc, lead_scores.lead_id asc
        ) as account_rank
    from lead_scores
    left join free_domains
        on lower(trim(lead_scores.company_domain)) = free_domains.free_domain
    where
        nullif(trim(lead_scores.company_domain), '') is not null
        and free_domains.free_domain is null

),

account_seniorities as (

    select
        account_domain,
        {{ ordered_list('job_seniority', "', '", ['job_seniority']) }} as seniorities
    from (
        select distinct
            account_domain,
            job_seniority
        from account_leads
        where job_seniority is not null
    ) as distinct_seniorities
    group by account_domain

),

accounts as (

    select
        account_domain,
        count(*) as lead_count,
        {{ dbt.cast('sum(case when engagement_score > 0 then 1 else 0 end)', dbt.type_bigint()) }}
            as engaged_lead_count,
        max(total_score) as best_lead_score,
        {{ round_points(
            'sum(case when account_rank <= ' ~ buying_group_size ~ ' then total_score else 0 end)'
        ) }} as buying_group_score,
        {{ dbt.cast('sum(case when is_mql then 1 else 0 end)', dbt.type_bigint()) }} as mql_count,
        max(case when account_rank = 1 then lead_id end) as best_lead_id
    from account_leads
    group by account_domain

),

final as (

    select
        -- keys
        accounts.account_domain,

        -- the account's leads
        accounts.lead_count,
        accounts.engaged_lead_count,
        accounts.best_lead_score,
        accounts.buying_group_score,
        account_seniorities.seniorities,
        accounts.mql_count,
        account_bands.band as account_tier,
        accounts.best_lead_id,

        -- timestamps
        {{ score_as_of() }} as score_as_of

    from accounts
    left join account_seniorities
        on accounts.account_domain = account_seniorities.account_domain
    left join score_bands as account_bands
        on {{ in_score_band('accounts.buying_group_score', 'account_bands', 'account') }}

)

select * from final
