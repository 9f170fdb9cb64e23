{#- CTEs that make the training rows of a logistic regression (int_regression_weights fits them),
    ending with the CTE `<name>_rows`: `examples` names a CTE (example_id, label_value 0/1) and
    `features` a CTE (example_id, feature, x) of the non-zero feature values (a missing row is 0).
    Each feature is scaled by its root mean square over the examples (its sum of squares in fixed
    point, order_independent_sum, so the scale and the fit are the same on every run; no centering, so the rows
    stay sparse); one `(intercept)` row per example. Columns: example_id, feature, x (scaled),
    scale, label_value, then `text_columns` of `features` carried along (null on the intercept
    rows) to describe the features. Empty unless the examples have both labels. Materialise the rows as a
    table. -#}
{% macro regression_training_ctes(examples, features, name, text_columns=[]) -%}
{{ name }}_totals as (

    select count(*) as example_count
    from {{ examples }}
    having sum(label_value) > 0 and sum(label_value) < count(*)

),

{{ name }}_scales as (

    select
        {{ features }}.feature,
        sqrt(
            {{ order_independent_sum(features ~ '.x * ' ~ features ~ '.x') }} / max({{ name }}_totals.example_count)
        ) as scale
    from {{ features }}
    cross join {{ name }}_totals
    group by {{ features }}.feature
    having sum({{ features }}.x * {{ features }}.x) > 0

),

{{ name }}_rows as (

    select
        {{ features }}.example_id,
        {{ features }}.feature,
        {{ features }}.x / {{ name }}_scales.scale as x,
        {{ name }}_scales.scale,
        {{ examples }}.label_value{% for column in text_columns %},
        {{ features }}.{{ column }}{% endfor %}
    from {{ features }}
    inner join {{ name }}_scales
        on {{ features }}.feature = {{ name }}_scales.feature
    inner join {{ examples }}
        on {{ features }}.example_id = {{ examples }}.example_id

    union all

    select
        {{ examples }}.example_id,
        '(intercept)' as feature,
        1.0 as x,
        1.0 as scale,
        {{ examples }}.label_value{% for column in text_columns %},
        cast(null as {{ dbt.type_string() }}) as {{ column }}{% endfor %}
    from {{ examples }}
    cross join {{ name }}_totals

)
{%- endmacro %}
