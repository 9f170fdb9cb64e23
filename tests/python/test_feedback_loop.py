"""The feedback loop: score history, backtests, evaluation, learned points and the probability.

Generated data with a known conversion process (scripts/generate_data.py --truth) is backtested at
its grid dates; the evaluation is compared with an independent Python computation
(evaluation_reference.py), the learned probability with the generator's true propensity and with
Odoo-style naive Bayes, and the suggested points with the default ones, all on a held-out cohort.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import PROJECT_ROOT, DbtProject, make_project
from evaluation_reference import auc, conversion_by_tier, naive_bayes_scores, score_evaluation
from generate_data import generate

AS_OF = datetime(2026, 11, 1)
WINDOW = 90
COHORTS = 5
GRID = [AS_OF - timedelta(days=WINDOW * k) for k in range(COHORTS, 0, -1)]  # D_5 .. D_1
HELD_OUT = GRID[-1]  # D_1: its window ends at AS_OF
# `make test-integration`. The module's tests share one worker under `pytest -n --dist loadgroup`:
# the `loop` fixture is then built once, not once per worker.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("feedback_loop")]
ATTRIBUTES = ("job_seniority", "company_size_band", "industry", "country", "lead_source")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _backtest(project: DbtProject, raw: Path, dates: list[datetime], *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, str(PROJECT_ROOT / "scripts" / "backtest.py"),
        "--from", dates[0].date().isoformat(), "--to", dates[-1].date().isoformat(),
        "--every-days", str((dates[1] - dates[0]).days if len(dates) > 1 else 1),
        "--db", str(project.db_path), "--vars", json.dumps({"raw_path": str(raw)}), *extra,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=project.root)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


def _history(project: DbtProject, table: str = "lead_score_history") -> list[tuple[Any, ...]]:
    """The history's rows, without the columns that record the build rather than the scores: the
    runs as published (tier_since, became_mql_at: they depend on the slices there were before, so
    on the order of the builds), when the slice was written and the key of the slices before it
    then."""
    build_columns = "tier_since, became_mql_at, written_at, prior_slices_key"
    excluded = f" exclude ({build_columns})" if table == "lead_score_history" else ""
    with_key = project.rows(f"select *{excluded} from {table} order by all")
    return [tuple(row.values()) for row in with_key]


@pytest.fixture(scope="module")
def small_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("small_raw")
    generate(out=raw, leads=500, events=6000, seed=11, as_of=AS_OF)
    return raw


def test_backtest_equals_separate_builds_and_is_idempotent(tmp_path: Path, small_raw: Path) -> None:
    dates = [AS_OF - timedelta(days=60), AS_OF - timedelta(days=30)]
    backtested = make_project(tmp_path / "backtested")
    backtested.build(small_raw, _stamp(AS_OF))
    scores_before = backtested.rows("select * from lead_scores order by lead_id")
    run = _backtest(backtested, small_raw, dates)
    assert "date 1 of 2" in run.stdout and "date 2 of 2" in run.stdout
    # The current scores are left as they were; the history gained the two dates.
    assert backtested.rows("select * from lead_scores order by lead_id") == scores_before
    as_ofs = backtested.rows("select distinct score_as_of from lead_score_history order by 1")
    assert [row["score_as_of"] for row in as_ofs] == [*dates, AS_OF]

    separate = make_project(tmp_path / "separate")
    for moment in dates:
        separate.build(small_raw, _stamp(moment))
    separate.build(small_raw, _stamp(AS_OF))
    for table in ("lead_score_history", "lead_event_history"):
        assert _history(backtested, table) == _history(separate, table), table

    # Re-running the backtest replaces the same slices with the same rows.
    history = _history(backtested)
    _backtest(backtested, small_raw, dates)
    assert _history(backtested) == history


def _warned(project: DbtProject) -> set[str]:
    results = json.loads((project.root / "target" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[2] for r in results["results"] if r["status"] == "warn"}


def test_early_backtest_date_adds_no_warnings_full_refresh_keeps_history(project: DbtProject, small_raw: Path) -> None:
    project.build(small_raw, _stamp(AS_OF))
    at_as_of = _warned(project)
    early = AS_OF - timedelta(days=300)
    # --full-refresh rebuilds the marts but keeps the history (full_refresh: false there).
    project.dbt("build", "--full-refresh", vars={"raw_path": str(small_raw), "score_as_of": _stamp(early),
                                                 "point_in_time": True})  # fmt: skip
    assert _warned(project) <= at_as_of
    assert not project.rows("select * from rejected_rows where rejection_reason = 'after_score_as_of'")
    audit = project.rows("select outcome, sum(row_count) as n from input_audit group by outcome")
    assert {row["outcome"] for row in audit} >= {"used", "not_yet_known"}
    history = project.rows("select score_as_of, count(*) as n from lead_score_history group by 1 order by 1")
    assert [row["score_as_of"] for row in history] == [early, AS_OF]


def test_first_build_has_no_probability_and_stays_green(project: DbtProject, small_raw: Path) -> None:
    project.build(small_raw, _stamp(AS_OF))
    assert project.rows("select count(*) as n from lead_scores where conversion_probability is not null")[0]["n"] == 0
    assert project.rows("select count(*) as n from score_evaluation")[0]["n"] == 0
    assert project.rows("select count(*) as n from lead_probability_factors")[0]["n"] == 0


# ----------------------------------------------------------------------------- generated history


LOOP_DATA = {"leads": 4000, "events": 60000, "seed": 5}  # the generated history's size and seed


def run_loop(folder: Path) -> dict[str, Any]:
    """Backtest the grid dates D_5..D_1 with the default points; build at D_1 (learning from
    D_5..D_2 only) and write the suggested points; backtest D_1 with them; build at AS_OF.
    The `loop` fixture, and benchmarks/quality.py for `make bench`."""
    raw = folder / "raw"
    generate(out=raw, **LOOP_DATA, as_of=AS_OF, window_days=WINDOW, cohorts=COHORTS, truth=True)
    project = make_project(folder / "project")
    _backtest(project, raw, GRID)
    project.build(raw, _stamp(HELD_OUT))
    suggested = folder / "suggested"
    subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "suggest.py"), "--db", str(project.db_path), "--out",
         str(suggested)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    _backtest(project, raw, [HELD_OUT], "--seeds", str(suggested))
    project.build(raw, _stamp(AS_OF))
    with (raw / "truth" / "propensity.csv").open(newline="", encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    return {"project": project, "raw": raw, "truth": truth, "suggested": suggested}


# Session scope: a module fixture is torn down whenever the worker runs another module's test in
# between, and would be built again.
@pytest.fixture(scope="session")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_loop(tmp_path_factory.mktemp("loop"))


def _reference_inputs(project: DbtProject) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    history = project.rows(
        "select score_as_of, criteria_version, lead_id, total_score, tier, is_mql, conversion_probability"
        " from lead_score_history"
    )
    conversions = project.rows("select lead_id, converted_at, amount from int_conversions_known")
    return history, conversions


def _close(actual: Any, expected: Any) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        return abs(float(actual) - float(expected)) <= 0.005
    return actual == expected


def _assert_same_rows(actual: list[dict[str, Any]], expected: list[Any], key: tuple[str, ...]) -> None:
    """Every expected row has its row in `actual` (by `key`), each value equal to 0.005."""
    assert len(actual) == len(expected)
    by_key = {tuple(row[k] for k in key): row for row in actual}
    for row in expected:
        got = by_key[tuple(row[k] for k in key)]
        for column, value in row.items():
            assert _close(got[column], value), (row, column, got[column])


def test_score_evaluation_equals_an_independent_computation(loop: dict[str, Any]) -> None:
    project = loop["project"]
    history, conversions = _reference_inputs(project)
    expected = score_evaluation(history, conversions, AS_OF, WINDOW)
    assert len(expected) >= COHORTS
    _assert_same_rows(
        project.rows("select * from score_evaluation"), expected, ("cohort_as_of", "criteria_version", "score_name")
    )
    _assert_same_rows(
        project.rows("select * from conversion_by_tier"),
        conversion_by_tier(history, conversions, AS_OF, WINDOW),
        ("cohort_as_of", "criteria_version", "tier"),
    )


def _held_out(project: DbtProject) -> list[dict[str, Any]]:
    """The held-out cohort D_1 under the default points, with each lead's attributes and outcome."""
    version = project.rows("select criteria_version from int_criteria_version")[0]["criteria_version"]
    return project.rows(
        "select outcomes.*, history.job_seniority, history.company_size_band, history.industry, history.country,"
        " history.lead_source from int_cohort_outcomes as outcomes inner join lead_score_history as history"
        " on outcomes.cohort_as_of = history.score_as_of and outcomes.criteria_version = history.criteria_version"
        f" and outcomes.lead_id = history.lead_id where outcomes.criteria_version = '{version}'"
    )


def naive_bayes_held_out(rows: list[dict[str, Any]], held_out: list[dict[str, Any]]) -> list[float]:
    """Odoo's naive Bayes over the lead attributes, trained on the cohorts the model had (D_5..D_2)."""
    train = [row for row in rows if row["cohort_as_of"] < HELD_OUT]
    return naive_bayes_scores(
        [{a: row[a] for a in ATTRIBUTES} for row in train],
        [int(row["is_converted"]) for row in train],
        [{a: row[a] for a in ATTRIBUTES} for row in held_out],
        ATTRIBUTES,
    )


def total_score_auc_by_version(project: DbtProject) -> tuple[str, dict[str, float]]:
    """The default criteria version and score_evaluation's total_score AUC of each version on D_1."""
    default = project.rows("select criteria_version from int_criteria_version")[0]["criteria_version"]
    rows = project.rows(
        "select criteria_version, auc from score_evaluation where score_name = 'total_score'"
        f" and cohort_as_of = timestamp '{HELD_OUT}'"
    )
    return default, {row["criteria_version"]: row["auc"] for row in rows}


def test_conversion_probability_ranks_near_the_truth_and_beats_naive_bayes(loop: dict[str, Any]) -> None:
    project = loop["project"]
    rows = _held_out(project)
    held_out = [row for row in rows if row["cohort_as_of"] == HELD_OUT]
    assert held_out and all(row["conversion_probability"] is not None for row in held_out)
    labels = [int(row["is_converted"]) for row in held_out]
    assert 20 <= sum(labels) < len(labels)

    truth = {row["lead_id"]: float(row["propensity"]) for row in loop["truth"] if row["as_of"] == _stamp(HELD_OUT)}
    assert all(row["lead_id"] in truth for row in held_out)
    model_auc = auc([row["conversion_probability"] for row in held_out], labels)
    truth_auc = auc([truth[row["lead_id"]] for row in held_out], labels)

    nb = naive_bayes_held_out(rows, held_out)
    nb_auc = auc(nb, labels)
    print(f"held-out {HELD_OUT.date()}: model AUC {model_auc:.4f}, truth {truth_auc:.4f}, naive Bayes {nb_auc:.4f}")
    assert model_auc is not None and truth_auc is not None and nb_auc is not None
    assert model_auc >= 0.95 * truth_auc
    assert model_auc > nb_auc


def test_each_lead_probability_is_explained_by_its_factors(loop: dict[str, Any]) -> None:
    project = loop["project"]
    mismatches = project.rows(
        "select scores.lead_id, scores.conversion_probability, sum(factors.contribution) as log_odds"
        " from lead_scores as scores inner join lead_probability_factors as factors using (lead_id)"
        " group by all having abs(1 / (1 + exp(-sum(factors.contribution))) - scores.conversion_probability) > 1e-6"
    )
    assert not mismatches
    unexplained = project.rows(
        "select count(*) as n from lead_scores where conversion_probability is null"
        " or lead_id not in (select lead_id from lead_probability_factors)"
    )
    assert unexplained[0]["n"] == 0


def test_suggested_points_rank_the_held_out_cohort_better(loop: dict[str, Any]) -> None:
    project = loop["project"]
    suggested = loop["suggested"]
    for name in ("attribute_points", "event_points"):
        with (suggested / f"{name}.csv").open(encoding="utf-8") as handle:
            header = handle.readline()
        assert header == (PROJECT_ROOT / "seeds" / f"{name}.csv").open(encoding="utf-8").readline()
    default, by_version = total_score_auc_by_version(project)
    assert len(by_version) == 2, by_version
    candidate = next(version for version in by_version if version != default)
    print(
        f"held-out {HELD_OUT.date()}: total_score AUC {by_version[default]:.4f}, suggested {by_version[candidate]:.4f}"
    )
    assert by_version[candidate] > by_version[default]


def test_the_build_is_deterministic(loop: dict[str, Any]) -> None:
    project = loop["project"]
    before = project.rows("select * from int_regression_weights order by all")
    probabilities = project.rows("select lead_id, conversion_probability from lead_scores order by lead_id")
    project.build(loop["raw"], _stamp(AS_OF))
    assert project.rows("select * from int_regression_weights order by all") == before
    assert project.rows("select lead_id, conversion_probability from lead_scores order by lead_id") == probabilities


def test_a_tier_converting_worse_than_the_one_below_warns(project: DbtProject, small_raw: Path) -> None:
    project.build(small_raw, _stamp(AS_OF))
    version = project.rows("select criteria_version from int_criteria_version")[0]["criteria_version"]
    cohort = "timestamp '2026-05-01 00:00:00'"
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("delete from conversion_by_tier")
        # tiers by min_score: cold 0, warm 25, hot 50; hot converts worse than warm in a big cohort
        for tier, leads, converted, min_score in (("cold", 300, 6, 0), ("warm", 100, 10, 25), ("hot", 50, 2, 50)):
            connection.execute(
                f"insert into conversion_by_tier by name select {cohort} as cohort_as_of, '{version}' as"
                f" criteria_version, '{tier}' as tier, {leads} as leads, {converted} as converted,"
                f" {converted / leads} as conversion_rate, {min_score} as min_score"
            )
    result = project.dbt("test", "--select", "tiers_convert_in_order", vars={"raw_path": str(small_raw)})
    assert "WARN 1 tiers_convert_in_order" in result.stdout
    assert "tier hot converted 4.0%" in result.stdout and "below tier warm (10.0%)" in result.stdout
    # The same rates in a cohort below var min_cohort_leads say nothing.
    quiet = project.dbt(
        "test", "--select", "tiers_convert_in_order", vars={"raw_path": str(small_raw), "min_cohort_leads": 1000}
    )
    assert "PASS" in quiet.stdout and "WARN 1" not in quiet.stdout


def test_portable_fit_equals_the_numpy_fit(loop: dict[str, Any], tmp_path: Path) -> None:
    """int_regression_weights_portable (PostgreSQL, Spark: the warehouse sums, Jinja solves)
    and the numpy model converge to the same weights on the loop's history: the same features,
    each weight equal to 1e-10 relative (the sums are added in different orders, so the last of
    the 12 significant digits stored may differ)."""
    built: DbtProject = loop["project"]
    portable = make_project(tmp_path / "portable")
    shutil.copy2(built.db_path, portable.db_path)
    variables = {"raw_path": str(loop["raw"]), "score_as_of": _stamp(AS_OF), "regression_fit": "sql"}
    portable.dbt("run", "--select", "int_regression_weights_portable", vars=variables)
    query = "select regression, feature, weight from main.int_regression_weights"
    numpy_weights = {(row["regression"], row["feature"]): row["weight"] for row in built.rows(query)}
    portable_weights = {
        (row["regression"], row["feature"]): row["weight"] for row in portable.rows(query + "_portable")
    }
    assert {regression for regression, _ in numpy_weights} == {"probability", "criteria"}
    assert set(portable_weights) == set(numpy_weights)
    far = {key: (portable_weights[key], weight) for key, weight in numpy_weights.items()
           if abs(portable_weights[key] - weight) > 1e-10 * max(abs(weight), 1e-3)}  # fmt: skip
    assert not far, far


def _sample_order(example_id: int) -> tuple[int, int]:
    """macro training_sample_order, computed here: a multiplicative hash of the number, then it."""
    return ((example_id % 2**31) * 2654435761) % 2**32, example_id


def test_the_example_cap_is_applied_before_the_training_rows(loop: dict[str, Any], tmp_path: Path) -> None:
    """var max_training_examples below the number of examples: int_training_examples keeps exactly
    the first ones in training_sample_order's order (the same rows as without the cap: numbers,
    labels, attributes), and the training rows and example events hold only those examples, so the
    learning costs the cap, not the history. Both regressions still fit."""
    built: DbtProject = loop["project"]
    everything = {row["example_id"]: row for row in built.rows("select * from int_training_examples")}
    cap = len(everything) // 3
    assert cap > 100, len(everything)
    capped = make_project(tmp_path / "capped")
    shutil.copy2(built.db_path, capped.db_path)
    variables = {"raw_path": str(loop["raw"]), "score_as_of": _stamp(AS_OF), "max_training_examples": cap}
    capped.dbt(
        "run", "--select", "int_training_examples", "int_training_example_events", "int_probability_training_rows",
        "int_criteria_training_rows", "int_regression_weights", vars=variables,
    )  # fmt: skip
    kept = {row["example_id"]: row for row in capped.rows("select * from int_training_examples")}
    assert sorted(kept) == sorted(sorted(everything, key=_sample_order)[:cap])
    assert all(kept[example] == everything[example] for example in kept)
    for table in ("int_training_example_events", "int_probability_training_rows", "int_criteria_training_rows"):
        ids = {row["example_id"] for row in capped.rows(f"select distinct example_id from {table}")}
        assert ids and ids <= set(kept), table
    query = "select count(*) as n from int_probability_training_rows where feature = '(intercept)'"
    assert capped.rows(query)[0]["n"] == cap
    regressions = {row["regression"] for row in capped.rows("select distinct regression from int_regression_weights")}
    assert regressions == {"probability", "criteria"}


def test_one_cohort_per_date_and_its_engagement_written_once(project: DbtProject, small_raw: Path) -> None:
    """Builds at 00:00 and 12:00 of one date (a schedule scoring every few minutes) each keep their
    lead_score_history slice (the change feed compares with the previous run), but only the first
    is the date's cohort: the later one writes no lead_event_history slice, and the evaluation and
    the learning after the window see one cohort, at 00:00. The evaluation still equals the
    reference's (whose rule says the same)."""
    morning, noon = datetime(2026, 6, 1), datetime(2026, 6, 1, 12)
    for moment in (morning, noon):
        project.build(small_raw, _stamp(moment), point_in_time=True)
    project.build(small_raw, _stamp(AS_OF))

    def as_ofs(sql: str) -> list[datetime]:
        return [row["d"] for row in project.rows(sql)]

    assert as_ofs("select distinct score_as_of as d from lead_score_history order by 1") == [morning, noon, AS_OF]
    assert as_ofs("select distinct score_as_of as d from lead_event_history order by 1") == [morning, AS_OF]
    for model in ("int_cohort_outcomes", "int_training_examples", "score_evaluation", "conversion_by_tier"):
        assert as_ofs(f"select distinct cohort_as_of as d from {model} order by 1") == [morning], model
    history, conversions = _reference_inputs(project)
    expected = score_evaluation(history, conversions, AS_OF, WINDOW)
    actual = project.rows("select * from score_evaluation order by cohort_as_of, criteria_version, score_name")
    _assert_same_rows(actual, expected, ("cohort_as_of", "criteria_version", "score_name"))
