{#- Which raw lead files an incremental run of int_lead_versions_loaded reads (DuckDB): the files
    of the input whose name, size and modification time (raw_files_relation, written by the
    run-start hook) match no file it has read, i.e. new files and files rewritten in place. A
    list of file names; empty when nothing changed.

    File times have whole seconds here, so a file rewritten with the same size in the second it
    was read would look unchanged. As git does with its index, a file whose modification time was
    less than 2 seconds before the run that read it started counts as not yet read for sure: the
    next run reads it again (and the post-hook keeps only the latest read of each file). -#}
{% macro lead_files_to_read(loaded) -%}
    {%- if not execute or not lead_scoring.lead_files_tracked() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set current = run_query(
        "select filename, filename || '|' || cast(size as varchar) || '|' || last_modified from "
        ~ lead_scoring.raw_files_relation('leads') ~ " order by filename"
    ) -%}
    {%- set seen = run_query(
        "select distinct source_file || '|' || cast(source_file_size as varchar) || '|' || source_file_modified from "
        ~ loaded ~ " where source_file is not null and cast(source_file_modified as timestamptz)"
        ~ " < cast(loaded_at as timestamptz) - interval 2 second"
    ).columns[0].values() | list -%}
    {%- set to_read = [] -%}
    {%- for row in current.rows if row[1] not in seen -%}
        {%- do to_read.append(row[0]) -%}
    {%- endfor -%}
    {{ return(to_read) }}
{%- endmacro %}

{#- Post-hook of int_lead_versions_loaded (DuckDB): keeps only the latest read of each file, and
    only while the file is still there as read. Deletes the rows of a file removed or rewritten
    (its new rows were just appended with the new size and time) and of an earlier read of a file
    read again. Nothing elsewhere (the model is a view there). -#}
{% macro delete_unread_lead_file_rows(relation) -%}
    {%- if target.type == 'duckdb' and execute -%}
        delete from {{ relation }} as loaded
        where
            {% if lead_scoring.lead_files_tracked() -%}
                not exists (
                    select 1
                    from {{ lead_scoring.raw_files_relation('leads') }} as raw_files
                    where
                        raw_files.filename = loaded.source_file
                        and raw_files.size = loaded.source_file_size
                        and raw_files.last_modified = loaded.source_file_modified
                )
                or
            {% endif -%}
            loaded.loaded_at < (
                select max(latest.loaded_at)
                from {{ relation }} as latest
                where latest.source_file is not distinct from loaded.source_file
            )
    {%- endif -%}
{%- endmacro %}

{#- True when the run-start hook wrote the lead files' names, sizes and times (DuckDB reading raw
    files); false at parse time and for raw tables (then int_lead_versions_loaded reads every row
    each run, keeping only the latest read). -#}
{% macro lead_files_tracked() -%}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=target.database, schema=var('raw_schema'), identifier='leads__files') -%}
    {{ return(relation is not none) }}
{%- endmacro %}
