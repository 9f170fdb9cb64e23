{#- int_lead_versions_ranked keeps its rows between runs on DuckDB: a lead's rows (its versions'
    rejection reasons, ranks and count) depend only on that lead's versions in
    int_lead_versions_loaded and on which of them come after the scoring time. A run ranks again
    only the leads with a version in a load (file and load time) that is new or gone since the
    rows were ranked, or with a version updated between the latest scoring time the table was
    ranked at and this run's; its post-hook deletes those leads' earlier rows and the rows of gone
    loads. -#}

{#- What else the rows depend on, as a string: whether the build is a backtest (var point_in_time:
    versions after the scoring time are `not_yet_known` instead of `after_score_as_of`). -#}
{% macro lead_version_ranking_key() -%}
    {{ return('backtest' if var('point_in_time', false) else 'current') }}
{%- endmacro %}

{#- Whether int_lead_versions_ranked can keep its rows at this run, asked at run time (a query on
    the table; none at parse time). None when it must be rebuilt: the table does not exist or was
    written by an earlier version (no `ranked_as_of`), the model is not incremental, the table is
    empty, its rows were ranked with another lead_version_ranking_key or at a later scoring time
    than this run's, or every row of int_lead_versions_loaded was loaded after the table's last
    ranking (raw tables instead of files, or the loaded table rebuilt: nothing could be kept).
    Otherwise a dict: `ranked_as_of`, the latest scoring time the table was ranked at, as a SQL
    timestamp literal. -#}
{% macro lead_versions_kept() -%}
    {%- if not lead_scoring.kept_table_has_columns(['ranked_as_of', 'ranking_key', 'loaded_at']) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        select
            count(*) > 0
            and min(ranked.ranking_key) = max(ranked.ranking_key)
            and min(ranked.ranking_key) = '{{ lead_scoring.lead_version_ranking_key() }}'
            and max(ranked.ranked_as_of) <= {{ score_as_of() }}
            and coalesce((
                select min(loaded.loaded_at) from {{ ref('int_lead_versions_loaded') }} as loaded
            ) <= max(ranked.loaded_at), false) as can_keep,
            cast(max(ranked.ranked_as_of) as {{ dbt.type_string() }}) as ranked_as_of
        from {{ this }} as ranked
    {%- endset -%}
    {{ return(lead_scoring.kept_answer(check, 'ranked_as_of')) }}
{%- endmacro %}

{#- int_lead_versions_ranked's post-hook on DuckDB (the model is incremental there), in the model's
    transaction: delete the earlier rows of the leads this run ranked again, and the rows of loads
    no longer in int_lead_versions_loaded (a lead file removed or read again). Deletes nothing
    after a rebuild (every row is this run's). -#}
{% macro delete_replaced_lead_versions() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        delete from {{ this }} as ranked
        where
            ranked.ranked_at < {{ run_started_timestamp() }}
            and (
                ranked.lead_id in (
                    select fresh.lead_id
                    from {{ this }} as fresh
                    where fresh.ranked_at = {{ run_started_timestamp() }}
                )
                or not exists (
                    select 1
                    from (
                        select distinct
                            coalesce(loaded.source_file, '') as source_file,
                            loaded.loaded_at
                        from {{ ref('int_lead_versions_loaded') }} as loaded
                    ) as loads
                    where
                        loads.source_file = coalesce(ranked.source_file, '')
                        and loads.loaded_at = ranked.loaded_at
                )
            )
    {%- endif -%}
{%- endmacro %}
