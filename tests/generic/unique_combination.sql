{#- Fails with one row per combination of `columns` that occurs more than once: the grain test
    for models whose key spans several columns. -#}
{% test unique_combination(model, columns, column_name=none) %}

    select
        {{ columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1

{% endtest %}
