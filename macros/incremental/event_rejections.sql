{#- int_events_rejected keeps its rows between runs on DuckDB: a delivery's own reason never
    changes (int_event_deliveries is append-only), so its rejection reason can change only when it
    is new, when the scoring time passes it, or when its lead's state changes. Each run records,
    in the table `<int_events_rejected>__lead_states` beside the model (its post-hook, in the
    model's transaction), the state of every lead it checked against, with the scoring time, the
    latest delivery load and the rejection key; the next run checks again only the deliveries that
    changed in one of those three ways. -#}

{#- Each lead id's state at this run's scoring time, as a select of `lead_id, lead_state`: `known`
    or `deleted` (int_leads_resolved), or in a backtest (var point_in_time) `future` for a lead
    whose versions all come after the scoring time. A lead id absent from it is unknown. Its
    events' reasons (int_events_validated) depend on nothing else of the lead. -#}
{% macro event_rejection_lead_states() -%}
    select
        coalesce(resolved.lead_id, future.lead_id) as lead_id,
        case
            when resolved.lead_id is null then 'future'
            when resolved.is_deleted then 'deleted'
            else 'known'
        end as lead_state
    from {{ ref('int_leads_resolved') }} as resolved
    full outer join (
        select distinct versions.lead_id
        from {{ ref('int_lead_versions_ranked') }} as versions
        where
            {{ 'true' if var('point_in_time', false) else 'false' }}
            and versions.version_rejection_reason = 'not_yet_known'
    ) as future
        on resolved.lead_id = future.lead_id
{%- endmacro %}

{#- What else the rows depend on, as a SQL expression: whether the build is a backtest (var
    point_in_time) and the first load of int_event_deliveries (it changes only when that table
    is rebuilt, which gives its rows new load times). -#}
{% macro event_rejection_key() -%}
    '{{ "backtest" if var("point_in_time", false) else "current" }}' || ':' || coalesce((
        select cast(min(deliveries.loaded_at) as {{ dbt.type_string() }})
        from {{ ref('int_event_deliveries') }} as deliveries
    ), '')
{%- endmacro %}

{#- The table beside int_events_rejected holding the lead states its last run checked against. -#}
{% macro event_rejection_states_relation() -%}
    {{ return(api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__lead_states', type='table'
    )) }}
{%- endmacro %}

{#- Whether int_events_rejected can keep its rows at this run, asked at run time (queries on the
    tables; none at parse time). None when it must be rebuilt: the table or the lead states beside
    it do not exist (a first run, or a table written by an earlier version), the model is not
    incremental, the states were recorded with another event_rejection_key, at a later scoring
    time than this run's, or hold no lead (or no delivery was loaded). Otherwise a dict of SQL timestamp literals:
    `checked_as_of` and `loaded_at`, the scoring time and the latest delivery load of the run that
    recorded them. -#}
{% macro event_rejections_kept() -%}
    {%- if not lead_scoring.kept_table_has_columns(['loaded_at', 'occurred_at']) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set states = load_relation(lead_scoring.event_rejection_states_relation()) -%}
    {%- if states is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        select
            count(*) > 0
            and min(recorded.rejection_key) = max(recorded.rejection_key)
            and min(recorded.rejection_key) = {{ lead_scoring.event_rejection_key() }}
            and max(recorded.checked_as_of) <= {{ score_as_of() }} as can_keep,
            cast(max(recorded.checked_as_of) as {{ dbt.type_string() }}) as checked_as_of,
            cast(max(recorded.loaded_through) as {{ dbt.type_string() }}) as loaded_at
        from {{ states }} as recorded
    {%- endset -%}
    {%- set row = run_query(check).rows[0] -%}
    {%- if row[0] != true or row[1] is none or row[2] is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'checked_as_of': dbt.cast("'" ~ row[1] ~ "'", dbt.type_timestamp()),
        'loaded_at': dbt.cast("'" ~ row[2] ~ "'", dbt.type_timestamp()),
    }) }}
{%- endmacro %}

{#- The condition on a row of int_events_rejected or int_events_validated (`alias`, if given, is
    its relation's alias) that the scoring time or a load since the last run can have changed its
    reason: the scoring time passed it (it happened after `kept.checked_as_of` and not after this
    run's scoring time: a row after both was after the last run's too, and stays so), or it was
    loaded after `kept.loaded_at`. At the same scoring time, only new loads. Never null (an
    unparseable time does not count as after). -#}
{% macro event_rejections_to_check(kept, alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    (
        coalesce(
            {{ prefix }}occurred_at > {{ kept['checked_as_of'] }}
            and {{ prefix }}occurred_at <= {{ score_as_of() }},
            false
        )
        or {{ prefix }}loaded_at > {{ kept['loaded_at'] }}
    )
{%- endmacro %}

{#- A select of the lead ids whose state (macro event_rejection_lead_states) differs from the one
    the last run recorded: created, deleted, restored, removed, or in a backtest known at last. -#}
{% macro changed_event_rejection_leads() -%}
    select coalesce(current_states.lead_id, recorded.lead_id) as lead_id
    from ({{ lead_scoring.event_rejection_lead_states() }}) as current_states
    full outer join {{ lead_scoring.event_rejection_states_relation() }} as recorded
        on current_states.lead_id = recorded.lead_id
    where current_states.lead_state is distinct from recorded.lead_state
{%- endmacro %}

{#- int_events_rejected's pre-hook: when the run keeps the table (is_incremental()), delete the rows
    that it checks again (event_rejections_to_check, or a lead of changed_event_rejection_leads),
    in the model's transaction, before the checked rows are appended; nothing otherwise. -#}
{% macro delete_event_rejections_to_check() -%}
    {%- if execute and is_incremental() -%}
        {%- set kept = lead_scoring.event_rejections_kept() -%}
        {%- if kept is not none -%}
            delete from {{ this }}
            where
                {{ lead_scoring.event_rejections_to_check(kept) }}
                or lead_id in ({{ lead_scoring.changed_event_rejection_leads() }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- int_events_rejected's post-hook on DuckDB (the model is incremental there): record the lead
    states, the scoring time, the latest delivery load and the key it checked against, in the
    model's transaction, for the next run. -#}
{% macro record_event_rejection_lead_states() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        create or replace table {{ lead_scoring.event_rejection_states_relation() }} as
        select
            current_states.lead_id,
            current_states.lead_state,
            {{ score_as_of() }} as checked_as_of,
            (select max(deliveries.loaded_at) from {{ ref('int_event_deliveries') }} as deliveries) as loaded_through,
            {{ lead_scoring.event_rejection_key() }} as rejection_key
        from ({{ lead_scoring.event_rejection_lead_states() }}) as current_states
    {%- endif -%}
{%- endmacro %}
