{{ config(severity='warn') }}
-- Warns for every event_points row whose event_type matches no counted event in the data: usually a
-- typo in the CSV (`webinar_attend` for `webinar_attended`), which would silently score 0. The
-- warning lists the unknown event types the data does have, the likely intended spellings.
{% set failures %}
    with

    deliveries as (

        select * from {{ ref('int_event_deliveries') }}

    ),

    event_points as (

        select * from {{ ref('event_points') }}

    ),

    event_types_seen as (

        select
            event_type,
            count(*) as event_count
        from deliveries
        where delivery_rejection_reason is null and event_type is not null
        group by event_type

    ),

    unknown_types as (

        select
            {{ dbt.listagg(
                "event_types_seen.event_type || ' (' || cast(event_types_seen.event_count as "
                    ~ dbt.type_string() ~ ") || ')'",
                "', '",
                'order by event_types_seen.event_count desc, event_types_seen.event_type'
            ) }} as listed
        from event_types_seen
        left join event_points
            on event_types_seen.event_type = lower(trim(event_points.event_type))
        where event_points.event_type is null

    ),

    final as (

        select
            event_points.event_type,
            'seeds/event_points.csv event_type ''' || event_points.event_type
            || ''' matches no event in the data, so it scores nothing; unknown event types in the data: '
            || coalesce(unknown_types.listed, 'none') as message
        from event_points
        cross join unknown_types
        left join event_types_seen
            on lower(trim(event_points.event_type)) = event_types_seen.event_type
        where event_types_seen.event_type is null

    )

    select * from final
{% endset %}
{{ warn_each(failures) }}
{{ failures }}
