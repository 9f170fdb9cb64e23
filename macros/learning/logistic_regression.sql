{#- CTEs that fit an L2-regularised logistic regression in SQL, for the feedback loop's learning.
    `examples` names a CTE (example_id, label_value 0/1) and `features` a CTE (example_id, feature, x) of
    the non-zero feature values (a missing row is 0). Ends with the CTE `<name>_weights`
    (feature, weight): the log-odds per unit of x, and `(intercept)`. Empty when the examples are
    not of both labels.

    Method: features are scaled by their root mean square (no centering, so the data stay sparse);
    the mean log-loss plus l2/2 * |w|^2 (not on the intercept) is minimised by `iterations` steps of
    Adam (beta1 0.9, beta2 0.999) from the base rate, unrolled into one CTE per step: each step
    reads the previous one once, so the query grows linearly. Sums are order-independent
    (order_independent_sum), so the same examples give the same weights on every run. -#}
{% macro logistic_regression_ctes(
    examples,
    features,
    name,
    iterations=var('probability_iterations'),
    learning_rate=var('probability_learning_rate'),
    l2=var('probability_l2')
) -%}
{%- set double = api.Column.translate_type('double') -%}
{{ name }}_totals as (

    select
        count(*) as example_count,
        sum(label_value) * 1.0 / count(*) as base_rate
    from {{ examples }}
    having sum(label_value) > 0 and sum(label_value) < count(*)

),

{{ name }}_scales as (

    select
        {{ features }}.feature,
        sqrt(sum({{ features }}.x * {{ features }}.x) / max({{ name }}_totals.example_count)) as scale
    from {{ features }}
    cross join {{ name }}_totals
    group by {{ features }}.feature
    having sum({{ features }}.x * {{ features }}.x) > 0

),

{{ name }}_data as (

    select
        {{ features }}.example_id,
        {{ features }}.feature,
        {{ features }}.x / {{ name }}_scales.scale as x,
        {{ examples }}.label_value
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
        {{ examples }}.label_value
    from {{ examples }}
    cross join {{ name }}_totals

),

{{ name }}_step_0 as (

    select
        features.feature,
        case
            when features.feature = '(intercept)'
                then ln({{ name }}_totals.base_rate / (1 - {{ name }}_totals.base_rate))
            else 0
        end as weight,
        cast(0 as {{ double }}) as m,
        cast(0 as {{ double }}) as v
    from (select distinct feature from {{ name }}_data) as features
    cross join {{ name }}_totals

),

{% for step in range(1, iterations + 1) %}
{{ name }}_step_{{ step }} as (

    select
        feature,
        weight - {{ learning_rate }} * (m / {{ 1 - 0.9 ** step }})
        / (sqrt(v / {{ 1 - 0.999 ** step }}) + 1e-8) as weight,
        m,
        v
    from (
        select
            feature,
            weight,
            0.9 * m + 0.1 * gradient as m,
            0.999 * v + 0.001 * gradient * gradient as v
        from (
            select
                scored.feature,
                max(scored.weight) as weight,
                max(scored.m) as m,
                max(scored.v) as v,
                {{ lead_scoring.order_independent_sum(
                    '(1 / (1 + exp(-greatest(least(scored.score, 30), -30))) - scored.label_value) * scored.x'
                ) }} / max({{ name }}_totals.example_count)
                + case when scored.feature = '(intercept)' then 0 else {{ l2 }} * max(scored.weight) end
                    as gradient
            from (
                select
                    {{ name }}_data.feature,
                    {{ name }}_data.x,
                    {{ name }}_data.label_value,
                    previous.weight,
                    previous.m,
                    previous.v,
                    sum({{ dbt.cast('round(' ~ name ~ '_data.x * previous.weight * 1e9)', dbt.type_bigint()) }})
                        over (partition by {{ name }}_data.example_id) / 1e9 as score
                from {{ name }}_data
                inner join {{ name }}_step_{{ step - 1 }} as previous
                    on {{ name }}_data.feature = previous.feature
            ) as scored
            cross join {{ name }}_totals
            group by scored.feature
        ) as gradients
    ) as moments

),

{% endfor %}
{{ name }}_weights as (

    select
        fitted.feature,
        case
            when fitted.feature = '(intercept)' then fitted.weight
            else fitted.weight / {{ name }}_scales.scale
        end as weight
    from {{ name }}_step_{{ iterations }} as fitted
    left join {{ name }}_scales
        on fitted.feature = {{ name }}_scales.feature

)
{%- endmacro %}
