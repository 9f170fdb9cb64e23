{#- int_leads_classified and int_fit_points_matched keep their rows between runs on DuckDB. A lead's
    rows depend only on the lead's own upstream row(s) and on the criteria seeds: each row carries
    the stamp of the upstream row it was made from (int_lead_versions_ranked.ranked_at for the
    classified lead, int_leads_classified.classified_at for its matched points), so a run redoes
    only the leads whose upstream rows are newer than the newest stamp it holds; its post-hook
    deletes their earlier rows and the rows of leads no longer upstream. A change of the seeds or
    vars they read (the rows' `lead_rows_key`) rebuilds the table. -#}

{#- Per model: the upstream relation, its stamp column, this model's own stamp column, and the
    seeds and vars its rows depend on. -#}
{% macro lead_rows_spec() -%}
    {%- if model.name == 'int_leads_classified' -%}
        {{ return({
            'upstream': ref('int_lead_versions_ranked'),
            'upstream_stamp': 'ranked_at',
            'stamp': 'classified_at',
            'live_leads': 'select lead_id from ' ~ ref('int_leads_resolved') ~ ' where not is_deleted',
            'seeds': [ref('job_title_seniority'), ref('company_size_bands'), ref('value_aliases')],
            'vars': ['scored_attributes', 'derived_attributes'],
        }) }}
    {%- elif model.name == 'int_fit_points_matched' -%}
        {{ return({
            'upstream': ref('int_leads_classified'),
            'upstream_stamp': 'classified_at',
            'stamp': 'matched_at',
            'live_leads': 'select lead_id from ' ~ ref('int_leads_classified'),
            'seeds': [ref('attribute_points')],
            'vars': ['scored_attributes', 'derived_attributes'],
        }) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('lead_rows_spec: no spec for model ' ~ model.name) }}
{%- endmacro %}

{#- A SQL expression: an MD5 over the model's rule version, its vars and every row of its seeds
    (sorted), the same whenever they are. Needs the seeds to exist (execute time). -#}
{% macro lead_rows_key() -%}
    {%- set spec = lead_scoring.lead_rows_spec() -%}
    {%- set parts = ["'" ~ model.name ~ "-1|'"] -%}
    {%- for name in spec['vars'] -%}
        {%- do parts.append("'" ~ (var(name) | string | replace("'", "''")) ~ "|'") -%}
    {%- endfor -%}
    {%- for seed in spec['seeds'] -%}
        {%- do parts.append(lead_scoring.seed_rows_text(seed)) -%}
        {%- do parts.append("'|'") -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- Whether the model can keep its rows at this run, asked at run time (queries on the tables;
    none at parse time). None when it must be rebuilt: the table does not exist or was written by
    an earlier version (no `lead_rows_key`), the model is not incremental, the table is empty, its
    key differs from this run's, or every upstream row is newer than its newest stamp (the
    upstream was rebuilt: nothing could be kept). Otherwise a dict: `through`, the newest
    upstream stamp its rows were made from, as a SQL timestamp literal. -#}
{% macro lead_rows_kept() -%}
    {%- if not execute or model.config.materialized != 'incremental' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set spec = lead_scoring.lead_rows_spec() -%}
    {%- if not lead_scoring.kept_table_has_columns(['lead_rows_key', spec['upstream_stamp']]) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set check -%}
        select
            count(*) > 0
            and min(kept.lead_rows_key) = max(kept.lead_rows_key)
            and min(kept.lead_rows_key) = {{ lead_scoring.lead_rows_key() }}
            and coalesce((
                select min(upstream.{{ spec['upstream_stamp'] }}) from {{ spec['upstream'] }} as upstream
            ) <= max(kept.{{ spec['upstream_stamp'] }}), false) as can_keep,
            cast(max(kept.{{ spec['upstream_stamp'] }}) as {{ dbt.type_string() }}) as through
        from {{ this }} as kept
    {%- endset -%}
    {{ return(lead_scoring.kept_answer(check, 'through')) }}
{%- endmacro %}

{#- The model's post-hook on DuckDB (it is incremental there), in the model's transaction: delete
    the earlier rows of the leads this run redid (their upstream rows are newer than the newest
    upstream stamp of the rows kept, asked before the delete, as lead_rows_kept did before the
    insert), and the rows of leads no longer upstream (deleted, removed, or without a winning
    version). Nothing after a rebuild (every row is this run's). -#}
{% macro delete_replaced_lead_rows() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        {%- set spec = lead_scoring.lead_rows_spec() -%}
        {%- set through = run_query(
            'select cast(max(' ~ spec['upstream_stamp'] ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ this
            ~ ' where ' ~ spec['stamp'] ~ ' < ' ~ run_started_timestamp()
        ).columns[0].values()[0] -%}
        {%- if through is not none -%}
            delete from {{ this }} as kept
            where
                kept.{{ spec['stamp'] }} < {{ run_started_timestamp() }}
                and (
                    kept.lead_id in (
                        select upstream.lead_id
                        from {{ spec['upstream'] }} as upstream
                        where upstream.{{ spec['upstream_stamp'] }} > {{ dbt.cast("'" ~ through ~ "'", dbt.type_timestamp()) }}
                    )
                    or kept.lead_id not in (
                        select live.lead_id
                        from ({{ spec['live_leads'] }}) as live
                        where live.lead_id is not null
                    )
                )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
