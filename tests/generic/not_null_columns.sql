{#- Fails with one row per column of `columns` that holds a null, with how many: the not-null
    checks of a model in one query and one scan (one test node per model instead of one per
    column: a build on a small batch spends most of its time per node, not per row). -#}
{% test not_null_columns(model, columns, column_name=none) %}

    with

    checked_rows as {{ lead_scoring.inline_cte() }} (

        select * from {{ model }}

    ),

    counted as (

        select
            {% for column in columns %}
                sum(case when {{ column }} is null then 1 else 0 end) as {{ column }}__null_rows,
            {% endfor %}
            count(*) as checked_row_count
        from checked_rows

    ),

    final as (

        {% for column in columns %}
            select
                '{{ column }}' as column_name,
                {{ column }}__null_rows as null_rows,
                checked_row_count
            from counted
            {% if not loop.last %}union all{% endif %}
        {% endfor %}

    )

    select * from final
    where null_rows > 0

{% endtest %}
