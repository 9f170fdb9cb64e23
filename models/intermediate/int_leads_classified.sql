{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ lead_scoring.delete_replaced_lead_rows() }}",
) }}

-- depends_on: {{ ref('int_lead_versions_ranked') }}

-- Scored leads (winning version not deleted) with the two derived attributes, job seniority from
-- the `job_title_seniority` patterns and the company size band from `company_size_bands`, and the
-- exported attributes mapped to their canonical spelling by `value_aliases` (`usa` -> `us`).
--
-- Incremental on DuckDB (macros/incremental/lead_rows.sql): a lead's row depends only on its
-- winning version and the three seeds, so a run classifies again only the leads ranked again
-- since the newest `ranked_at` it holds; the post-hook deletes their earlier rows and the rows of
-- leads no longer live. A change of the seeds or of vars scored_attributes / derived_attributes
-- (`lead_rows_key`) rebuilds the table, as by --full-refresh. On other engines it is a table.
{%- set aliased_attributes = var('scored_attributes') | reject('in', var('derived_attributes')) | list %}
{%- set kept = lead_scoring.lead_rows_kept() if is_incremental() else none %}
with

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_resolved') }}

),

seniority_rules as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('job_title_seniority') }}

),

size_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('company_size_bands') }}

),

value_aliases as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('value_aliases') }}

),

live_leads as (

    select *
    from leads
    where
        not is_deleted
        -- a literal either way, so that the clause lints alike with and without a kept table
        and {{ 'ranked_at > ' ~ kept['through'] if kept is not none else 'true' }}

),

-- Aliases and values cleaned like the lead's attributes, so they compare equal.
aliases as (

    select
        lower(trim(attribute)) as attribute_name,
        {{ clean_category('alias') }} as alias_value,
        {{ clean_category('value') }} as canonical_value
    from value_aliases

),

-- Patterns are matched once per distinct job title, not once per lead: there are few titles, and
-- a regular expression that is a column value is compiled for every row it is tried on.
job_titles as (

    select distinct job_title
    from live_leads
    where job_title is not null

),

seniority_matches as (

    select
        job_titles.job_title,
        lower(trim(seniority_rules.seniority)) as job_seniority,
        row_number() over (
            partition by job_titles.job_title
            order by seniority_rules.priority asc, seniority_rules.seniority asc
        ) as match_rank
    from job_titles
    inner join seniority_rules
        on {{ regex_search('job_titles.job_title', regex_pattern('seniority_rules.pattern'), case_insensitive=true) }}

),

-- The key once (one row), not once per lead: it hashes every row of the seeds.
rows_key as (

    select {{ lead_scoring.lead_rows_key() }} as lead_rows_key

),

final as (

    select
        -- keys
        live_leads.lead_id,

        -- who the lead is
        live_leads.email,
        live_leads.first_name,
        live_leads.last_name,
        live_leads.job_title,
        live_leads.company_name,
        live_leads.company_domain,
        live_leads.employee_count,

        -- scored attributes
        coalesce(seniority_matches.job_seniority, 'other') as job_seniority,
        size_bands.band as company_size_band,
        {% for attribute in aliased_attributes %}
            coalesce({{ attribute }}_aliases.canonical_value, live_leads.{{ attribute }}) as {{ attribute }},
            case
                when {{ attribute }}_aliases.canonical_value is not null then live_leads.{{ attribute }}
            end as {{ attribute }}_matched_alias,
        {% endfor %}

        -- timestamps
        live_leads.created_at,
        live_leads.updated_at,

        -- what the row was made from, and when (incremental runs)
        live_leads.ranked_at,
        rows_key.lead_rows_key,
        {{ run_started_timestamp() }} as classified_at

    from live_leads
    left join seniority_matches
        on
            live_leads.job_title = seniority_matches.job_title
            and seniority_matches.match_rank = 1
    left join size_bands
        on
            live_leads.employee_count >= size_bands.min_employees
            and (
                size_bands.max_employees is null
                or live_leads.employee_count <= size_bands.max_employees
            )
    {% for attribute in aliased_attributes %}
        left join aliases as {{ attribute }}_aliases
            on
                {{ attribute }}_aliases.attribute_name = '{{ attribute }}'
                and live_leads.{{ attribute }} = {{ attribute }}_aliases.alias_value
    {% endfor %}
    cross join rows_key

)

select * from final
