-- One row per scored lead that a disqualifying criterion matches (`disqualifies` in
-- attribute_points or event_points), with every reason in one text: attribute reasons first, in
-- the order of var `scored_attributes`, then event types by the date of their earliest qualifying
-- event. Such a lead keeps its score and tier but is never an MQL.
with

fit_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_fit_points_matched') }}

),

engagement_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_engagement_points_aggregated') }}

),

reasons as (

    select
        lead_id,
        attribute_name || ' = ' || attribute_value as reason,
        0 as reason_group,
        case attribute_name
            {% for attribute in var('scored_attributes') %}
                when '{{ attribute }}' then {{ loop.index }}
            {% endfor %}
        end as reason_position,
        cast(null as date) as reason_date,
        attribute_name as reason_name
    from fit_points
    where disqualifies

    union all

    select
        lead_id,
        event_type || ' on ' || {{ dbt.cast('first_qualifying_date', dbt.type_string()) }} as reason,
        1 as reason_group,
        0 as reason_position,
        first_qualifying_date as reason_date,
        event_type as reason_name
    from engagement_points
    where disqualifies and qualifying_events > 0

),

final as (

    select
        lead_id,
        {{ ordered_list(
            'reason', "'; '", ['reason_group', 'reason_position', 'reason_date', 'reason_name']
        ) }} as disqualified_reason
    from reasons
    group by lead_id

)

select * from final
