{#- The values of a group joined by `delimiter` in the order of `order_columns` (SQL expressions,
    ascending): dbt.listagg with its `order by`, except where that order is ignored. -#}
{% macro ordered_list(value, delimiter, order_columns) -%}
    {{ return(adapter.dispatch('ordered_list', 'lead_scoring')(value, delimiter, order_columns)) }}
{%- endmacro %}

{% macro default__ordered_list(value, delimiter, order_columns) -%}
    {{ dbt.listagg(value, delimiter, 'order by ' ~ order_columns | join(', ')) }}
{%- endmacro %}

{#- dbt-spark's listagg drops the order: collect (order columns..., value) structs, sort them (by
    their fields in turn), keep the values. -#}
{% macro spark__ordered_list(value, delimiter, order_columns) -%}
    array_join(transform(array_sort(collect_list(struct(
        {%- for column in order_columns %}{{ column }} as k{{ loop.index }}, {% endfor %}{{ value }} as v
    ))), x -> x.v), {{ delimiter }})
{%- endmacro %}
