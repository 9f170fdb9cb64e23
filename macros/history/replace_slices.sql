{#- Incremental strategy `replace_slices` (dbt finds it as get_incremental_replace_slices_sql):
    the new rows replace every slice of the target they belong to, a slice being the rows with one
    value of the `unique_key` columns. Unlike delete+insert with a key list, whose delete joins
    every new row with every old row of its slice (quadratic in the slice's size), it deletes the
    distinct keys once. -#}
{% macro get_incremental_replace_slices_sql(arg_dict) %}
    {{ return(adapter.dispatch('replace_slices_sql', 'lead_scoring')(arg_dict)) }}
{% endmacro %}

{% macro default__replace_slices_sql(arg_dict) %}
    {%- set keys = arg_dict['unique_key'] -%}
    {%- if keys is string -%}{%- set keys = [keys] -%}{%- endif -%}
    {%- if not keys -%}
        {{ exceptions.raise_compiler_error('replace_slices needs unique_key: the columns that name a slice') }}
    {%- endif -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where ({{ key_list }}) in (
        select distinct {{ key_list }}
        from {{ arg_dict['temp_relation'] }}
    );

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{% endmacro %}

{#- The incremental strategy of a model whose runs replace slices (`strategy`: replace_slices or
    delete+insert, keyed by unique_key). Spark's tables (Parquet) can neither delete nor merge:
    there the model is partitioned by the slice columns (replace_partitions) and each run
    overwrites the partitions it writes (insert_overwrite, dynamic partition overwrite). -#}
{% macro replace_strategy(strategy) -%}
    {{ return('insert_overwrite' if target.type == 'spark' else strategy) }}
{%- endmacro %}

{#- partition_by of such a model: `columns` on Spark (see replace_strategy), none elsewhere. A run
    on Spark must then write every row of each partition it touches. -#}
{% macro replace_partitions(columns) -%}
    {{ return(columns if target.type == 'spark' else none) }}
{%- endmacro %}
