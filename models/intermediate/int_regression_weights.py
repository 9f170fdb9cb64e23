"""The feedback loop's two logistic regressions, fitted during the build.

One row per regression, feature and weight: `probability` (conversion_probability, trained on
int_probability_training_rows) and `criteria` (criteria_suggestions, on int_criteria_training_rows).
Each training table holds scaled feature values (column x, with its scale) per example and an
`(intercept)` row per example with the label. The fit minimises the mean log-loss plus
l2 / 2 * |w|^2 (the intercept is not penalised) by damped Newton steps (halved until the loss
goes down), to a step below 1e-10 (at most 100 steps), and returns weights per unscaled unit,
rounded to 12 significant digits so the same rows give the same weights on every run. A
regression with no rows has no weights. Each fit uses at most var `max_training_examples`
examples: int_training_examples already keeps at most that many (a fixed subset, macro
training_sample_order), so time and memory stay bounded as the history grows; the query below
applies the same cap again as a guard. Engines without dbt Python models run int_regression_weights_portable.sql,
the same fit with the warehouse computing its sums; dbt_project.yml enables one of the two.

A dbt Python model (DuckDB): Newton's method needs a linear solve per step, which SQL has no
portable form of, and a SQL gradient descent unrolled into one query per step costs DuckDB's
planner more than the fit itself.
"""

import numpy as np
import pyarrow as pa

INTERCEPT = "(intercept)"
# A step is taken when the loss does not go up by more than its rounding noise: near the optimum a
# Newton step lowers the loss by less than that, and the portable fit (int_regression_weights_portable, whose warehouse
# sums rows in no fixed order) must take the same steps.
LOSS_NOISE = 1e-12


def fit(example_id, feature_index, feature_names, x, scale, label, l2):
    """`feature_index` numbers each row's feature in `feature_names` (sorted, distinct): the
    warehouse numbers them, since sorting millions of strings here cost most of the fit."""
    examples, example_index = np.unique(example_id, return_inverse=True)
    features = np.asarray(feature_names, dtype=object)
    matrix = np.zeros((len(examples), len(features)))
    matrix[example_index, feature_index] = x
    intercept = features == INTERCEPT
    labels = np.zeros(len(examples))
    rows = feature_index == np.flatnonzero(intercept)[0]
    labels[example_index[rows]] = label[rows]
    scales = np.ones(len(features))
    scales[feature_index] = scale
    penalty = np.where(intercept, 0.0, l2)
    weights = np.zeros(len(features))
    base_rate = labels.mean()
    weights[intercept] = np.log(base_rate / (1 - base_rate))
    count = len(examples)

    def loss(candidate):
        margin = matrix @ candidate
        return np.mean(np.logaddexp(0, margin) - labels * margin) + 0.5 * np.sum(penalty * candidate**2)

    current = loss(weights)
    for _ in range(100):
        probability = 1 / (1 + np.exp(-np.clip(matrix @ weights, -30, 30)))
        gradient = matrix.T @ (probability - labels) / count + penalty * weights
        hessian = (matrix.T * (probability * (1 - probability))) @ matrix / count + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        # Damped Newton: halve the step until the penalised loss goes down (rare features can
        # make the full step overshoot).
        size = 1.0
        while size > 1e-6:
            candidate = weights - size * step
            value = loss(candidate)
            if value <= current + LOSS_NOISE:
                break
            size /= 2
        else:
            break
        weights, current = candidate, value
        if np.max(np.abs(size * step)) < 1e-10:
            break
    unscaled = weights / scales
    rounded = np.array([float(f"{value:.12g}") for value in unscaled])
    return [str(name) for name in features], rounded


def model(dbt, session):
    dbt.config(materialized="table")
    l2 = float(dbt.config.get("l2"))
    cap = int(dbt.config.get("max_examples"))
    names, features, weights = [], [], []
    for regression, relation in (
        ("probability", dbt.ref("int_probability_training_rows")),
        ("criteria", dbt.ref("int_criteria_training_rows")),
    ):
        # At most `cap` examples, the same ones on every run and engine: the order of macro
        # training_sample_order (a Python model cannot call it), which int_training_examples and the
        # portable fit use. int_training_examples already keeps at most `cap`: this is a guard.
        # Each row's feature as its number among the sorted names, numbered by the warehouse:
        # sorting millions of strings in numpy cost most of the fit. The fit takes the names in
        # Python's order (sorted()), as np.unique gave them.
        numbered = relation.query(
            "training_rows",
            "select example_id, feature, dense_rank() over (order by feature) - 1 as feature_index, x, scale,"
            " label_value from training_rows where example_id in"
            " (select example_id from training_rows where feature = '(intercept)'"
            " order by mod(mod(example_id, 2147483648) * 2654435761, 4294967296), example_id"
            f" limit {cap})",
        )
        feature_names = [
            row[0]
            for row in numbered.query(
                "numbered", "select feature from numbered group by feature order by min(feature_index)"
            ).fetchall()
        ]
        if not feature_names:
            continue
        columns = numbered.query(
            "numbered", "select example_id, feature_index, x, scale, label_value from numbered"
        ).fetchnumpy()
        # Python's order of the names, whatever the warehouse's collation.
        in_python_order = sorted(range(len(feature_names)), key=feature_names.__getitem__)
        position = np.empty(len(feature_names), dtype=np.int64)
        position[in_python_order] = np.arange(len(feature_names))
        fitted_features, fitted_weights = fit(
            np.asarray(columns["example_id"], dtype=np.int64),
            position[np.asarray(columns["feature_index"], dtype=np.int64)],
            [feature_names[index] for index in in_python_order],
            np.asarray(columns["x"], dtype=np.float64),
            np.asarray(columns["scale"], dtype=np.float64),
            np.asarray(columns["label_value"], dtype=np.float64),
            l2,
        )
        names += [regression] * len(fitted_features)
        features += fitted_features
        weights += list(fitted_weights)
    return pa.table(
        {
            "regression": pa.array(names, type=pa.string()),
            "feature": pa.array(features, type=pa.string()),
            "weight": pa.array(weights, type=pa.float64()),
        }
    )
