{#- The portable fit of int_regression_weights (PostgreSQL, Spark and any engine without dbt
    Python models; on DuckDB the numpy model int_regression_weights.py does the same).

    Same problem, same method as the numpy fit: mean log-loss + l2/2 |w|^2 on the scaled features
    (intercept not penalised, 1e-9 added to the Hessian's diagonal), damped Newton steps from the
    base-rate intercept, each step halved until the penalised loss goes down (by the loss's
    rounding noise, 1e-12: a warehouse sums in no fixed order), stopping when a step
    moves no weight by 1e-10 (at most 100 steps). The warehouse computes what scales with the
    data: per step one query for the gradient and the Hessian (feature x feature sums over the
    examples) and one per tried step size for the loss. Only the features x features system is
    solved here, in Jinja (Gaussian elimination with partial pivoting), during compilation.

    `trainings` is a list of [regression name, relation of its training rows]. Returns the select
    of the weights (regression, feature, weight), per unscaled unit rounded to 12 significant
    digits. At most `max_examples` examples per fit: the same fixed subset as the numpy fit
    (ordered by a multiplicative hash of the example number, portable integer arithmetic). -#}
{% macro fit_logistic_regressions(trainings, l2, max_examples) -%}
    {%- set selects = [] -%}
    {%- if execute -%}
        {%- for regression, relation in trainings -%}
            {%- set fitted = lead_scoring.fit_logistic_regression(relation, l2 | float, max_examples | int) -%}
            {%- for feature, weight in fitted -%}
                {%- do selects.append("select " ~ lead_scoring.sql_text(regression) ~ " as regression, "
                    ~ lead_scoring.sql_text(feature) ~ " as feature, "
                    ~ lead_scoring.double_literal(weight) ~ " as weight") -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not selects -%}
        {%- do selects.append("select cast(null as " ~ dbt.type_string() ~ ") as regression, cast(null as "
            ~ dbt.type_string() ~ ") as feature, cast(null as " ~ lead_scoring.type_double() ~ ") as weight "
            ~ "from (select 1 as one) as nothing where 1 = 0") -%}
    {%- endif -%}
    {{ return(selects | join('\nunion all\n')) }}
{%- endmacro %}

{#- A double as a SQL expression that reads back the same bits (Python's repr round-trips). -#}
{% macro double_literal(value) -%}
    {{ return("cast('" ~ value ~ "' as " ~ lead_scoring.type_double() ~ ")") }}
{%- endmacro %}

{#- The training rows of the fit: at most max_examples examples, a fixed subset. -#}
{% macro logistic_training_rows(relation, max_examples) -%}
    select example_id, feature, x, label_value
    from {{ relation }}
    where example_id in (
        select example_id from (
            select example_id
            from {{ relation }}
            where feature = '(intercept)'
            order by {{ lead_scoring.training_sample_order('example_id') }}
            limit {{ max_examples }}
        ) as chosen
    )
{%- endmacro %}

{#- `weights` (a list of doubles in `features` order) as a CTE body: feature, weight. -#}
{% macro logistic_weights_select(features, weights) -%}
    {%- set rows = [] -%}
    {%- for feature in features -%}
        {%- do rows.append("select " ~ lead_scoring.sql_text(feature) ~ " as feature, "
            ~ lead_scoring.double_literal(weights[loop.index0]) ~ " as weight") -%}
    {%- endfor -%}
    {{ return(rows | join(' union all ')) }}
{%- endmacro %}

{#- Per example: label and margin (x . w). -#}
{% macro logistic_margins_ctes(relation, max_examples, features, weights) -%}
    training as ({{ lead_scoring.logistic_training_rows(relation, max_examples) }}),
    weights as ({{ lead_scoring.logistic_weights_select(features, weights) }}),
    margins as (
        select training.example_id, max(training.label_value) as label_value, sum(training.x * weights.weight) as margin
        from training
        inner join weights on training.feature = weights.feature
        group by training.example_id
    )
{%- endmacro %}

{#- Mean log-loss at `weights` (log(1 + e^m) - y m, computed without overflow). -#}
{% macro logistic_loss(relation, max_examples, features, weights) -%}
    {%- set sql -%}
        with {{ lead_scoring.logistic_margins_ctes(relation, max_examples, features, weights) }}
        select avg(
            case when margin > 0 then margin else 0 end + ln(1 + exp(-abs(margin))) - label_value * margin
        ) as loss
        from margins
    {%- endset -%}
    {{ return(run_query(sql).columns[0].values()[0] | float) }}
{%- endmacro %}

{% macro fit_logistic_regression(relation, l2, max_examples) -%}
    {%- set summary = run_query(
        "select count(*), sum(label_value) from (" ~ lead_scoring.logistic_training_rows(relation, max_examples)
        ~ ") as rows where feature = '(intercept)'") -%}
    {%- set count = summary.columns[0].values()[0] | int -%}
    {%- if count == 0 -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set base_rate = (summary.columns[1].values()[0] | float) / count -%}
    {%- set scale_rows = run_query("select feature, max(scale) from " ~ relation ~ " group by feature order by feature") -%}
    {%- set features = scale_rows.columns[0].values() | list -%}
    {%- set scales = scale_rows.columns[1].values() | map('float') | list -%}
    {%- set n = features | length -%}
    {%- set index = {} -%}
    {%- set penalty = [] -%}
    {%- set state = namespace(weights=[], current=none, done=false) -%}
    {%- for feature in features -%}
        {%- do index.update({feature: loop.index0}) -%}
        {%- do penalty.append(0.0 if feature == '(intercept)' else l2) -%}
        {%- do state.weights.append(lead_scoring.log_odds(base_rate) if feature == '(intercept)' else 0.0) -%}
    {%- endfor -%}
    {%- set state.current = lead_scoring.logistic_penalised_loss(relation, max_examples, features, state.weights, penalty) -%}
    {%- for _ in range(100) if not state.done -%}
        {%- set system = lead_scoring.logistic_gradient_hessian(relation, max_examples, features, state.weights, index, count) -%}
        {%- set gradient = [] -%}
        {%- set hessian = [] -%}
        {%- for i in range(n) -%}
            {%- do gradient.append(system.gradient[i] + penalty[i] * state.weights[i]) -%}
            {%- set row = [] -%}
            {%- for j in range(n) -%}
                {%- do row.append(system.hessian[i][j] + (penalty[i] + 1e-9 if i == j else 0.0)) -%}
            {%- endfor -%}
            {%- do hessian.append(row) -%}
        {%- endfor -%}
        {%- set step = lead_scoring.solve_linear_system(hessian, gradient) -%}
        {%- set search = namespace(size=1.0, found=false, candidate=[], value=none) -%}
        {%- for _ in range(30) if not search.found and search.size > 1e-6 -%}
            {%- set candidate = [] -%}
            {%- for i in range(n) -%}
                {%- do candidate.append(state.weights[i] - search.size * step[i]) -%}
            {%- endfor -%}
            {%- set value = lead_scoring.logistic_penalised_loss(relation, max_examples, features, candidate, penalty) -%}
            {%- if value <= state.current + 1e-12 -%}
                {%- set search.found = true -%}
                {%- set search.candidate = candidate -%}
                {%- set search.value = value -%}
            {%- else -%}
                {%- set search.size = search.size / 2 -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not search.found -%}
            {%- set state.done = true -%}
        {%- else -%}
            {%- set state.weights = search.candidate -%}
            {%- set state.current = search.value -%}
            {%- set moves = [] -%}
            {%- for i in range(n) -%}
                {%- do moves.append((search.size * step[i]) | abs) -%}
            {%- endfor -%}
            {%- if moves | max < 1e-10 -%}
                {%- set state.done = true -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set fitted = [] -%}
    {%- for i in range(n) -%}
        {%- do fitted.append([features[i], ('%.12g' | format(state.weights[i] / scales[i])) | float]) -%}
    {%- endfor -%}
    {{ return(fitted) }}
{%- endmacro %}

{% macro log_odds(rate) -%}
    {{ return(run_query("select ln(" ~ rate ~ " / (1 - " ~ rate ~ "))").columns[0].values()[0] | float) }}
{%- endmacro %}

{% macro logistic_penalised_loss(relation, max_examples, features, weights, penalty) -%}
    {%- set total = namespace(value=lead_scoring.logistic_loss(relation, max_examples, features, weights)) -%}
    {%- for i in range(weights | length) -%}
        {%- set total.value = total.value + 0.5 * penalty[i] * weights[i] * weights[i] -%}
    {%- endfor -%}
    {{ return(total.value) }}
{%- endmacro %}

{#- Gradient of the mean log-loss (X'(p - y) / n) and its Hessian (X' diag(p(1 - p)) X / n). -#}
{% macro logistic_gradient_hessian(relation, max_examples, features, weights, index, count) -%}
    {%- set sql -%}
        with {{ lead_scoring.logistic_margins_ctes(relation, max_examples, features, weights) }},
        probabilities as (
            select
                example_id,
                label_value,
                1 / (1 + exp(-(case when margin > 30 then 30 when margin < -30 then -30 else margin end))) as probability
            from margins
        )
        select training.feature as row_feature, cast(null as {{ dbt.type_string() }}) as column_feature,
            sum(training.x * (probabilities.probability - probabilities.label_value)) / {{ count }} as value
        from training
        inner join probabilities on training.example_id = probabilities.example_id
        group by training.feature
        union all
        select left_rows.feature, right_rows.feature,
            sum(left_rows.x * right_rows.x * probabilities.probability * (1 - probabilities.probability)) / {{ count }}
        from training as left_rows
        inner join training as right_rows on left_rows.example_id = right_rows.example_id
        inner join probabilities on left_rows.example_id = probabilities.example_id
        group by left_rows.feature, right_rows.feature
    {%- endset -%}
    {%- set n = features | length -%}
    {%- set hessian = [] -%}
    {%- for i in range(n) -%}
        {%- do hessian.append({}) -%}
    {%- endfor -%}
    {%- set gradient_by_feature = {} -%}
    {%- for row in run_query(sql).rows -%}
        {%- if row[1] is none -%}
            {%- do gradient_by_feature.update({row[0]: row[2] | float}) -%}
        {%- else -%}
            {%- do hessian[index[row[0]]].update({index[row[1]]: row[2] | float}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set dense = [] -%}
    {%- for i in range(n) -%}
        {%- set row = [] -%}
        {%- for j in range(n) -%}
            {%- do row.append(hessian[i].get(j, 0.0)) -%}
        {%- endfor -%}
        {%- do dense.append(row) -%}
    {%- endfor -%}
    {%- set gradient = [] -%}
    {%- for feature in features -%}
        {%- do gradient.append(gradient_by_feature.get(feature, 0.0)) -%}
    {%- endfor -%}
    {{ return({'gradient': gradient, 'hessian': dense}) }}
{%- endmacro %}

{#- Solves matrix . x = vector by Gaussian elimination with partial pivoting (lists of floats). -#}
{% macro solve_linear_system(matrix, vector) -%}
    {%- set n = vector | length -%}
    {%- set rows = namespace(values=[]) -%}
    {%- for i in range(n) -%}
        {%- do rows.values.append(matrix[i] + [vector[i]]) -%}
    {%- endfor -%}
    {%- for k in range(n) -%}
        {%- set pivot = namespace(row=k, size=(rows.values[k][k]) | abs) -%}
        {%- for i in range(k + 1, n) -%}
            {%- if (rows.values[i][k]) | abs > pivot.size -%}
                {%- set pivot.row = i -%}
                {%- set pivot.size = (rows.values[i][k]) | abs -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if pivot.row != k -%}
            {%- set swapped = rows.values[:k] + [rows.values[pivot.row]] + rows.values[k + 1:pivot.row] + [rows.values[k]] + rows.values[pivot.row + 1:] -%}
            {%- set rows.values = swapped -%}
        {%- endif -%}
        {%- set top = rows.values[k] -%}
        {%- set reduced = rows.values[:k + 1] -%}
        {%- for i in range(k + 1, n) -%}
            {%- set row = rows.values[i] -%}
            {%- set factor = row[k] / top[k] -%}
            {%- if factor == 0 -%}
                {%- do reduced.append(row) -%}
            {%- else -%}
                {%- set new_row = row[:k + 1] -%}
                {%- for j in range(k + 1, n + 1) -%}
                    {%- do new_row.append(row[j] - factor * top[j]) -%}
                {%- endfor -%}
                {%- do reduced.append(new_row) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set rows.values = reduced -%}
    {%- endfor -%}
    {%- set solution = namespace(values=[]) -%}
    {%- for i in range(n - 1, -1, -1) -%}
        {%- set row = rows.values[i] -%}
        {%- set total = namespace(value=row[n]) -%}
        {%- for j in range(i + 1, n) -%}
            {%- set total.value = total.value - row[j] * solution.values[j - i - 1] -%}
        {%- endfor -%}
        {%- set solution.values = [total.value / row[i]] + solution.values -%}
    {%- endfor -%}
    {{ return(solution.values) }}
{%- endmacro %}

{#- Which model holds the fitted weights on this run (dbt_project.yml enables exactly that one). -#}
{% macro regression_weights_model() -%}
    {%- if target.type == 'duckdb' and var('regression_fit', 'numpy') == 'numpy' -%}
        {{ return('int_regression_weights') }}
    {%- endif -%}
    {{ return('int_regression_weights_portable') }}
{%- endmacro %}
