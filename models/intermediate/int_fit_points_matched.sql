-- One row per scored lead and attribute whose value has a row in `attribute_points`, with the
-- alias the value was mapped from (if any) and whether the row disqualifies the lead.
{%- set derived_attributes = var('derived_attributes') %}
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
            {%- endif %} as matched_alias
        from leads
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        lead_attributes.lead_id,
        lead_attributes.attribute_name,
        lead_attributes.attribute_value,
        lead_attributes.matched_alias,
        point_rules.category,
        point_rules.points,
        point_rules.disqualifies
    from lead_attributes
    inner join point_rules
        on
            lead_attributes.attribute_name = point_rules.attribute_name
            and lower(lead_attributes.attribute_value) = point_rules.attribute_value

)

select * from final
