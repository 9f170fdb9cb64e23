{{ config(
    materialized=('incremental' if target.type == 'duckdb' else 'view'),
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ lead_scoring.delete_unread_lead_file_rows(this) }}",
) }}

-- Every raw lead row, parsed (stg_crm__leads), with the file it came from. On DuckDB incremental:
-- a run parses only lead files that are new or rewritten since it last read them (name, size and
-- modification time, macro lead_files_to_read), and its post-hook drops the rows of files removed
-- or rewritten, so a scheduled run with the same lead files parses no lead. Raw tables instead of
-- files (no file times): every run reads every row and keeps only that read. Elsewhere a view.
{%- set tracked = lead_scoring.lead_files_tracked() %}
{%- set files_to_read = lead_scoring.lead_files_to_read(this) if is_incremental() else [] %}
with

lead_versions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__leads') }}

),

{% if tracked %}

    raw_files as {{ lead_scoring.inline_cte() }} (

        select * from {{ lead_scoring.raw_files_relation('leads') }}

    ),

{% endif %}

final as (

    select
        lead_versions.raw_lead_id,
        lead_versions.lead_id,
        lead_versions.email,
        lead_versions.first_name,
        lead_versions.last_name,
        lead_versions.job_title,
        lead_versions.company_name,
        lead_versions.company_domain,
        lead_versions.employee_count,
        lead_versions.industry,
        lead_versions.country,
        lead_versions.lead_source,
        lead_versions.is_deleted,
        lead_versions.created_at,
        lead_versions.updated_at,
        lead_versions.raw_employee_count,
        lead_versions.raw_updated_at,
        lead_versions.raw_is_deleted,
        lead_versions.rejection_reason,
        lead_versions.source_file,
        {% if tracked -%}
            raw_files.size as source_file_size,
            raw_files.last_modified as source_file_modified,
        {%- else -%}
            {{ dbt.cast('null', dbt.type_bigint()) }} as source_file_size,
            {{ dbt.cast('null', dbt.type_string()) }} as source_file_modified,
        {%- endif %}
        {{ run_started_timestamp() }} as loaded_at
    from lead_versions
    {% if tracked -%}
        left join raw_files
            on lead_versions.source_file = raw_files.filename
    {%- endif %}
    {% if is_incremental() and tracked -%}
        where
            {% if files_to_read -%}
                lead_versions.source_file in ('{{ files_to_read | map("replace", "'", "''") | join("', '") }}')
            {%- else -%}
                false
            {%- endif %}
    {%- endif %}

)

select * from final
