{{ config(severity='warn') }}
-- Warns when the events this build loaded (`dbt test`: the latest load, macro this_load) have a
-- much larger share of unknown event types (no row in event_points: kept, 0 points) than the events
-- loaded before: an upstream rename, e.g. the tracking plan now sends `webinar_attendance`. "Much
-- larger" is more than var `max_unknown_event_type_share_jump` (default 0.05, five percentage
-- points). Needs earlier loads to compare with, so it is silent on a first or full-refresh build.
{#- Under `dbt build`, a build that loaded no event has nothing to warn about: asked first (the
    load is a few row groups), so that the earlier share does not scan every delivery. -#}
{%- set load_has_rows = lead_scoring.load_has_rows(ref('int_event_deliveries'), 'loaded_at') -%}
{% set failures %}
    with

    deliveries as (

        select * from {{ ref('int_event_deliveries') }}

    ),

    event_points as (

        select * from {{ ref('event_points') }}

    ),

    counted as (

        select
            deliveries.event_type,
            deliveries.loaded_at = {{ this_load('latest.loaded_at', 'deliveries as latest') }} as is_latest_load,
            event_points.event_type is null as is_unknown
        from deliveries
        left join event_points
            on deliveries.event_type = lower(trim(event_points.event_type))
        where deliveries.delivery_rejection_reason is null and {{ 'true' if load_has_rows else 'false' }}

    ),

    shares as (

        select
            sum(case when is_latest_load and is_unknown then 1 else 0 end) * 1.0
            / nullif(sum(case when is_latest_load then 1 else 0 end), 0) as latest_share,
            sum(case when not is_latest_load and is_unknown then 1 else 0 end) * 1.0
            / nullif(sum(case when not is_latest_load then 1 else 0 end), 0) as earlier_share
        from counted

    ),

    latest_unknown_types as (

        select
            {{ dbt.listagg("coalesce(event_type, '(blank)')", "', '", 'order by event_type') }} as listed
        from (select distinct event_type from counted where is_latest_load and is_unknown) as types

    ),

    final as (

        select
            shares.latest_share,
            shares.earlier_share,
            'the latest load has ' || cast({{ round_half_away("100 * shares.latest_share", 1) }} as {{ dbt.type_string() }})
            || '% events of unknown type against '
            || cast({{ round_half_away("100 * shares.earlier_share", 1) }} as {{ dbt.type_string() }})
            || '% before (var max_unknown_event_type_share_jump {{ var("max_unknown_event_type_share_jump", 0.05) }});'
            || ' unknown types in it: ' || latest_unknown_types.listed
            || '. Add them to seeds/event_points.csv or fix the tracking plan' as message
        from shares
        cross join latest_unknown_types
        where shares.latest_share - shares.earlier_share > {{ var('max_unknown_event_type_share_jump', 0.05) }}

    )

    select * from final
{% endset %}
{{ warn_each(failures) }}
{{ failures }}
