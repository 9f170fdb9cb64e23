{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ lead_scoring.delete_replaced_lead_versions() }}",
) }}

-- depends_on: {{ ref('int_lead_versions_loaded') }}

-- Every raw lead row (a version in the CRM change feed) with what became of it at the scoring
-- time: rejected (with a reason), the winning version of its lead, or superseded by a later one.
-- Versions updated after the scoring time are set aside with reason `after_score_as_of`.
-- Both windows partition by the lead alone (usable versions sort first, so their row numbers are
-- their ranks among the usable ones): the warehouse sorts the rows once, not twice.
--
-- Incremental on DuckDB (macros/incremental/lead_versions.sql): a lead's rows depend only on its
-- versions and on which come after the scoring time, so a run ranks again only the leads with a
-- version in a new or gone load (lead file and load time), or updated between the latest scoring
-- time the table was ranked at and this run's; the post-hook deletes their earlier rows and those
-- of gone loads. When the scoring time goes back, a backtest starts or ends (var point_in_time),
-- or every lead row was loaded again, the table is rebuilt, as by --full-refresh. On other
-- engines it is a table.
{%- set kept = lead_scoring.lead_versions_kept() if is_incremental() else none %}
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_lead_versions_loaded') }}

),

{% if kept is not none %}

    ranked_before as {{ lead_scoring.inline_cte() }} (

        select * from {{ this }}

    ),

    -- A load is a lead file (blank for raw tables) read at one time.
    loads_now as (

        select distinct
            coalesce(source_file, '') as source_file,
            loaded_at
        from lead_versions

    ),

    loads_before as (

        select distinct
            coalesce(source_file, '') as source_file,
            loaded_at
        from ranked_before

    ),

    new_loads as (

        select * from loads_now
        except
        select * from loads_before

    ),

    gone_loads as (

        select * from loads_before
        except
        select * from loads_now

    ),

    versions_of_new_loads as (

        select lead_versions.*
        from lead_versions
        inner join new_loads
            on
                coalesce(lead_versions.source_file, '') = new_loads.source_file
                and lead_versions.loaded_at = new_loads.loaded_at

    ),

    leads_to_rank as (

        select lead_id from versions_of_new_loads

        union

        select ranked_before.lead_id
        from ranked_before
        inner join gone_loads
            on
                coalesce(ranked_before.source_file, '') = gone_loads.source_file
                and ranked_before.loaded_at = gone_loads.loaded_at

        union

        select lead_id
        from lead_versions
        where
            updated_at > {{ kept['ranked_as_of'] }}
            and updated_at <= {{ score_as_of() }}

    ),

    -- Every version of those leads, and the new rows without a lead id (each is its own).
    versions_to_rank as (

        select * from lead_versions
        where lead_id in (select leads_to_rank.lead_id from leads_to_rank)

        union all

        select * from versions_of_new_loads
        where lead_id is null

    ),

{% else %}

    versions_to_rank as (

        select * from lead_versions

    ),

{% endif %}

classified_versions as (

    select
        *,
        case
            when rejection_reason is not null then rejection_reason
            when updated_at > {{ score_as_of() }} then {{ future_row_reason() }}
        end as version_rejection_reason
    from versions_to_rank

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
                        company_name asc,
                        source_file asc
                )
        end as version_rank,
        count(case when version_rejection_reason is null then 1 end)
            over (partition by lead_id) as version_count,
        source_file,
        loaded_at,
        {{ score_as_of() }} as ranked_as_of,
        '{{ lead_scoring.lead_version_ranking_key() }}' as ranking_key,
        {{ run_started_timestamp() }} as ranked_at
    from classified_versions

)

select * from final
