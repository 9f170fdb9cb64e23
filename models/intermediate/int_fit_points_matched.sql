{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ lead_scoring.delete_replaced_lead_rows() }}",
) }}

-- One row per scored lead and attribute whose value has a row in `attribute_points`, with the
-- alias the value was mapped from (if any) and whether the row disqualifies the lead.
--
-- Incremental on DuckDB (macros/incremental/lead_rows.sql): a lead's rows depend only on its
-- classified row and `attribute_points`, so a run matches again only the leads classified again
-- since the newest `classified_at` it holds; the post-hook deletes their earlier rows and the
-- rows of leads no longer classified. A change of `attribute_points` or of vars
-- scored_attributes / derived_attributes (`lead_rows_key`) rebuilds the table, as by
-- --full-refresh. On other engines it is a table.
{%- set derived_attributes = var('derived_attributes') %}
{%- set kept = lead_scoring.lead_rows_kept() if is_incremental() else none %}
with

leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_classified') }}

),

attribute_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('attribute_points') }}

),

point_rules as (

    select
        lower(trim(attribute)) as attribute_name,
        lower(trim(value)) as attribute_value,
        category,
        points,
        coalesce({{ optional_seed_column(ref('attribute_points'), 'disqualifies', 'false') }}, false) as disqualifies
    from attribute_points

),

lead_attributes as (

    {% for attribute in var('scored_attributes') %}
        select
            lead_id,
            '{{ attribute }}' as attribute_name,
            {{ attribute }} as attribute_value,
            {% if attribute in derived_attributes -%}
                cast(null as {{ dbt.type_string() }})
            {%- else -%}
                {{ attribute }}_matched_alias
            {%- endif %} as matched_alias,
            classified_at
        from leads
        {%- if kept is not none %}
            where classified_at > {{ kept['through'] }}
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- The key once (one row), not once per lead: it hashes every row of the seeds.
rows_key as (

    select {{ lead_scoring.lead_rows_key() }} as lead_rows_key

),

final as (

    select
        lead_attributes.lead_id,
        lead_attributes.attribute_name,
        lead_attributes.attribute_value,
        lead_attributes.matched_alias,
        point_rules.category,
        point_rules.points,
        point_rules.disqualifies,

        -- what the row was made from, and when (incremental runs)
        lead_attributes.classified_at,
        rows_key.lead_rows_key,
        {{ run_started_timestamp() }} as matched_at
    from lead_attributes
    inner join point_rules
        on
            lead_attributes.attribute_name = point_rules.attribute_name
            and lower(lead_attributes.attribute_value) = point_rules.attribute_value
    cross join rows_key

)

select * from final
