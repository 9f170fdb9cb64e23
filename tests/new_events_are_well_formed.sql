{{ config(severity='warn') }}
-- Warns about the events this build loaded (`dbt test`: the latest load, macro this_load) that are
-- kept but look wrong at the source: a blank event_type (kept, audited as unknown_event_type, 0
-- points) and properties that are not valid JSON (not used in scoring; the event still scores). One
-- line each, with the count and share.
{% set failures %}
    with

    deliveries as (

        select * from {{ ref('int_event_deliveries') }}

    ),

    latest_load as (

        select *
        from deliveries
        where loaded_at = {{ this_load('latest.loaded_at', 'deliveries as latest') }}

    ),

    counts as (

        select
            count(*) as loaded_rows,
            sum(case when event_type is null then 1 else 0 end) as blank_type_rows,
            sum(case when has_invalid_properties then 1 else 0 end) as invalid_json_rows
        from latest_load

    ),

    problems as (

        select
            'blank_event_type' as problem,
            blank_type_rows as problem_rows,
            loaded_rows,
            'event rows have a blank event_type: kept, audited as unknown_event_type, 0 points' as explanation
        from counts
        union all
        select
            'invalid_json_properties' as problem,
            invalid_json_rows as problem_rows,
            loaded_rows,
            'event rows have properties that are not valid JSON: properties are not scored, the events are' as explanation
        from counts

    ),

    final as (

        select
            problem,
            problem_rows,
            cast(problem_rows as {{ dbt.type_string() }}) || ' of '
            || cast(loaded_rows as {{ dbt.type_string() }}) || ' newly loaded '
            || explanation || ' (' || cast(round(100.0 * problem_rows / loaded_rows, 2) as {{ dbt.type_string() }})
            || '%)' as message
        from problems
        where problem_rows > 0

    )

    select * from final
{% endset %}
{{ warn_each(failures) }}
{{ failures }}
