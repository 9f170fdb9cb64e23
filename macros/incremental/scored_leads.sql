{#- int_leads_tiered keeps its rows between runs on DuckDB. A lead's row depends only on the lead's
    own upstream rows: its classified row (int_leads_classified.classified_at), its matched fit
    points (int_fit_points_matched.matched_at) and its engagement prices
    (int_engagement_points_aggregated.priced_at; int_leads_disqualified is made from the same rows),
    and on score_tiers. Each upstream row carries the start of the run that wrote it, so a run
    scores again only the leads with an upstream row written after the newest `tiered_at` the
    table holds; delete+insert replaces their rows, and the post-hook deletes the rows of leads no
    longer classified. A change of score_tiers or of the rule (the rows' `tiers_key`), or an
    upstream table rebuilt (every row newer than that `tiered_at`: the next scoring date re-prices
    every group), rebuilds the table. -#}

{#- A SQL expression: an MD5 over the rule version and every row of score_tiers (sorted), the same
    whenever they are (macro seed_rows_text). -#}
{% macro tiers_key() -%}
    {{ dbt.hash(dbt.concat(["'int_leads_tiered-1|'", lead_scoring.seed_rows_text(ref('score_tiers'))])) }}
{%- endmacro %}

{#- Whether int_leads_tiered can keep its rows at this run, asked at run time (queries on the
    tables; none at parse time). None when it must be rebuilt: the table does not exist or was
    written by an earlier version (no `tiers_key`), the model is not incremental, the table is
    empty, its key differs from this run's, or an upstream table holds no row from before the
    newest `tiered_at` (it was rebuilt, or is empty: nothing could be kept). Otherwise a dict:
    `since`, that newest `tiered_at`, as a SQL timestamp literal. -#}
{% macro scored_leads_kept() -%}
    {%- if not lead_scoring.kept_table_has_columns(['tiers_key', 'tiered_at']) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        with

        kept as (
            select
                count(*) as kept_rows,
                min(tiers_key) as first_key,
                max(tiers_key) as last_key,
                max(tiered_at) as since
            from {{ this }}
        )

        select
            kept.kept_rows > 0
            and kept.first_key = kept.last_key
            and kept.first_key = {{ lead_scoring.tiers_key() }}
            and {{ lead_scoring.upstreams_kept_since('(select kept_since.since from kept as kept_since)') }} as can_keep,
            cast(kept.since as {{ dbt.type_string() }}) as since
        from kept
    {%- endset -%}
    {{ return(lead_scoring.kept_answer(check, 'since')) }}
{%- endmacro %}

{#- A SQL condition: every table of scored_lead_upstreams holds a row written at or before
    `since`, i.e. none was rebuilt (or emptied) since. `since` must be a constant or an
    uncorrelated scalar subquery: then `exists` stops at the first row, where min() or a
    correlated `since` reads every row of int_engagement_points_aggregated, a view (a join):
    0.07 s instead of 0.7 s at 9M priced rows, and the check runs several times a node. -#}
{% macro upstreams_kept_since(since) -%}
    (
        {%- for relation, stamp in lead_scoring.scored_lead_upstreams() %}
            {% if not loop.first %}and {% endif %}exists (
                select 1 from {{ relation }} as upstream where upstream.{{ stamp }} <= {{ since }}
            )
        {%- endfor %}
    )
{%- endmacro %}

{#- The upstream tables of a scored lead's row, each with the column that stamps when a run wrote
    the row. -#}
{% macro scored_lead_upstreams() -%}
    {{ return([
        (ref('int_leads_classified'), 'classified_at'),
        (ref('int_fit_points_matched'), 'matched_at'),
        (ref('int_engagement_points_aggregated'), 'priced_at'),
    ]) }}
{%- endmacro %}

{#- A select of the lead ids with an upstream row written after `kept.since`: the leads whose
    row this run makes again (some may no longer be scored: the post-hook deletes those). -#}
{% macro changed_scored_leads(kept) -%}
    {%- for relation, stamp in lead_scoring.scored_lead_upstreams() %}
        select upstream.lead_id
        from {{ relation }} as upstream
        where upstream.{{ stamp }} > {{ kept['since'] }}
        {% if not loop.last %}union{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- A SQL condition: the lead id `column` is not in int_leads_classified (the lead was deleted,
    removed, or has no winning version): its rows in int_leads_tiered or lead_score_breakdown
    go. -#}
{% macro no_longer_classified(column) -%}
    {{ column }} not in (
        select classified.lead_id
        from {{ ref('int_leads_classified') }} as classified
        where classified.lead_id is not null
    )
{%- endmacro %}

{#- int_leads_tiered's post-hook on DuckDB (it is incremental there), in the model's transaction:
    delete the rows of leads no longer classified (deleted, removed, or without a winning
    version). Nothing after a rebuild, which wrote only classified leads. -#}
{% macro delete_unscored_leads() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        delete from {{ this }} as kept
        where
            kept.tiered_at < {{ run_started_timestamp() }}
            and {{ lead_scoring.no_longer_classified('kept.lead_id') }}
    {%- endif -%}
{%- endmacro %}

{#- lead_score_breakdown and int_leads_disqualified keep their rows between runs on DuckDB too. A
    lead's rows in them come from the same upstream rows as its int_leads_tiered row (its fit
    points and engagement prices, for a classified lead), but a lead may have no row (no criterion
    left, no disqualifier), so there is no newest row to read the last run from, nor a key for
    delete+insert: a run explains again only the leads with an upstream row written since its last
    run; the pre-hook deletes their rows and the rows of leads no longer classified, the model
    appends their new ones. The start of the run that last wrote the table is kept in the one-row
    table `<model>__synced` beside it (the post-hook, in the model's transaction). An upstream table
    rebuilt since rebuilds it. -#}

{#- The table beside the model where it records what it needs of its last run: when it last wrote
    (lead_score_breakdown, int_leads_disqualified), or the state of what it is made from
    (rejected_rows, lead_event_history). -#}
{% macro synced_relation() -%}
    {{ return(api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__synced', type='table'
    )) }}
{%- endmacro %}

{#- Whether the model (lead_score_breakdown, int_leads_disqualified) can keep its rows at this run,
    asked at run time: none when it must be rebuilt (the model is not incremental, the table or the
    table beside it does not exist, or an upstream table was rebuilt since its last run); otherwise
    a dict: `since`, the start of that run, as a SQL timestamp literal. -#}
{% macro synced_leads_kept() -%}
    {%- if not lead_scoring.kept_table_has_columns(['lead_id']) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set synced = load_relation(lead_scoring.synced_relation()) -%}
    {%- if synced is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        with

        synced as (
            select
                count(*) as synced_rows,
                max(synced_at) as since
            from {{ synced }}
        )

        select
            synced.synced_rows = 1
            and synced.since is not null
            and {{ lead_scoring.upstreams_kept_since('(select synced_since.since from synced as synced_since)') }} as can_keep,
            cast(synced.since as {{ dbt.type_string() }}) as since
        from synced
    {%- endset -%}
    {{ return(lead_scoring.kept_answer(check, 'since')) }}
{%- endmacro %}

{#- The pre-hook of a model that keeps its lead rows this way: when the run keeps the table, delete
    the rows of the leads it makes again (changed_scored_leads) and of leads no longer classified,
    in the model's transaction, before their rows are appended; nothing otherwise. -#}
{% macro delete_changed_lead_rows() -%}
    {%- if execute and is_incremental() -%}
        {%- set kept = lead_scoring.synced_leads_kept() -%}
        {%- if kept is not none -%}
            delete from {{ this }} as kept_rows
            where
                kept_rows.lead_id in ({{ lead_scoring.changed_scored_leads(kept) }})
                or {{ lead_scoring.no_longer_classified('kept_rows.lead_id') }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The post-hook of such a model on DuckDB (it is incremental there): record the start of this run
    in the table beside it, in the model's transaction, for the next run. -#}
{% macro record_sync() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        create or replace table {{ lead_scoring.synced_relation() }} as
        select {{ run_started_timestamp() }} as synced_at
    {%- endif -%}
{%- endmacro %}
