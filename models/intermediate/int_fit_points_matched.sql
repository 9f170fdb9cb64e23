-- One row per scored lead and attribute whose value has a row in `attribute_points`.
with

leads as (

    select * from {{ ref('int_leads_classified') }}

),

attribute_points as (

    select * from {{ ref('attribute_points') }}

),

lead_attributes as (

    {% for attribute in var('scored_attributes') %}
        select
            lead_id,
            '{{ attribute }}' as attribute_name,
            {{ attribute }} as attribute_value
        from leads
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        lead_attributes.lead_id,
        lead_attributes.attribute_name,
        lead_attributes.attribute_value,
        attribute_points.category,
        attribute_points.points
    from lead_attributes
    inner join attribute_points
        on
            lead_attributes.attribute_name = lower(trim(attribute_points.attribute))
            and lower(lead_attributes.attribute_value) = lower(trim(attribute_points.value))

)

select * from final
