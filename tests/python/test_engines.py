"""The same scores on every engine: the sample's marts equal DuckDB's row by row, the dialect traps
(a `\\b` word boundary in a seniority pattern, timestamps with offsets) score as the rules say on
each engine. (The portable regression fit is compared with the numpy one in test_feedback_loop,
which has a history to fit; test_the_learning_gives_duckdbs_examples_and_weights fits one here.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import compare_engines
import pytest
import warehouse
import yaml
from conftest import ENGINES, PROJECT_ROOT, DbtProject, make_project, stop_engine, write_raw
from dbt_runner import environment

SAMPLE_AS_OF = "2026-11-01T00:00:00"
OTHER_ENGINES = [engine for engine in ENGINES if engine != "duckdb"]


@pytest.fixture(scope="module")
def duckdb_sample(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    built = make_project(tmp_path_factory.mktemp("duckdb_sample") / "project")
    built.build(PROJECT_ROOT / "data" / "sample", SAMPLE_AS_OF)
    return built


def _unit_tests() -> list[str]:
    """Names of the dbt unit tests the project defines (`unit_tests:` in models/**/*.yml)."""
    names = []
    for path in (PROJECT_ROOT / "models").rglob("*.yml"):
        names += [test["name"] for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", [])]
    return names


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_sample_marts_equal_duckdb_row_by_row(duckdb_sample: DbtProject, tmp_path: Path, engine: str) -> None:
    other = make_project(tmp_path / "project", engine)
    try:
        # The whole `dbt build`, unit tests included: every data and unit test passes on this engine.
        built = other.dbt(
            "build", vars={"raw_path": str(PROJECT_ROOT / "data" / "sample"), "score_as_of": SAMPLE_AS_OF}
        )
        unit_tests_passed = [line for line in built.stdout.splitlines() if " PASS " in line and "::" in line]
        assert len(unit_tests_passed) == len(_unit_tests()) > 0, built.stdout[-3000:]
        with environment(other.engine_env):
            differences = compare_engines.compare(duckdb_sample.db_path, engine)
    finally:
        stop_engine(other)
    assert set(differences) == set(compare_engines.COMPARED_MODELS)
    assert not any(differences.values()), {model: found for model, found in differences.items() if found}
    [count] = duckdb_sample.rows("select count(*) as n from main.lead_scores")
    assert count["n"] > 2000  # the comparison covered the whole sample


def test_comparison_reports_a_changed_value_and_a_missing_row() -> None:
    columns = ["lead_id", "total_score", "tier"]
    duckdb_rows = [("a", 53.0, "hot"), ("b", 12.5, "cold")]
    assert compare_engines.compare_table("t", (columns, duckdb_rows), (columns, list(reversed(duckdb_rows)))) == []
    assert (
        compare_engines.compare_table(
            "t", (columns, duckdb_rows), (columns, [("a", 53.0 + 1e-12, "hot"), duckdb_rows[1]])
        )
        == []
    )
    [changed] = compare_engines.compare_table(
        "t", (columns, duckdb_rows), (columns, [("a", 53.01, "hot"), duckdb_rows[1]])
    )
    assert "total_score is 53.0 on duckdb, 53.01" in changed
    [missing] = compare_engines.compare_table("t", (columns, duckdb_rows), (columns, duckdb_rows[:1]))
    assert "2 rows on duckdb, 1 on the other engine" in missing


def _lead(lead_id: str, job_title: str, updated_at: str) -> dict[str, str]:
    return {
        "lead_id": lead_id,
        "email": f"{lead_id.lower()}@example.com",
        "job_title": job_title,
        "employee_count": "40",
        "created_at": "2026-01-01",
        "updated_at": updated_at,
        "is_deleted": "false",
    }


def test_word_boundaries_and_offsets_score_the_same_on_every_engine(engine_project: DbtProject, tmp_path: Path) -> None:
    """The class of bug that passes every dbt test: `\\b` read as a backspace (PostgreSQL) or an
    escape (Spark) makes every lead `other`; an offset dropped by a cast moves rows across the
    scoring time. Each case here has one right answer, the same on every engine."""
    raw = write_raw(
        tmp_path / "raw",
        leads=[
            _lead("T1", "CTO", "2026-05-01T10:00:00Z"),
            _lead("T2", "Doctorate Researcher", "2026-05-01T10:00:00Z"),  # 'cto' inside a word
            _lead("T3", "Internal Auditor", "2026-05-01T10:00:00Z"),  # 'intern' inside a word
            _lead("T4", "Vice-President, Sales", "2026-05-01T10:00:00Z"),
            _lead("T5", "Head of Growth", "2026-05-01T10:00:00Z"),
            _lead("T6", "Intern", "2026-05-01T10:00:00Z"),
            # 13:30+02:00 is 11:30 UTC, before the scoring time (12:00 UTC): scored.
            _lead("O1", "Data Analyst", "2026-06-01T13:30:00+02:00"),
            # 11:30-02:00 is 13:30 UTC, after it: not yet scored (read as 11:30 it would be).
            _lead("O2", "Data Analyst", "2026-06-01T11:30:00-02:00"),
        ],
        events=[
            # 13:59+02:00 = 11:59 UTC: counted. 07:30-05:00 = 12:30 UTC: after the scoring time.
            {
                "event_id": "e1",
                "lead_id": "O1",
                "event_type": "pricing_page_view",
                "occurred_at": "2026-06-01T13:59:00+02:00",
            },
            {
                "event_id": "e2",
                "lead_id": "T1",
                "event_type": "pricing_page_view",
                "occurred_at": "2026-06-01T07:30:00-05:00",
            },
            {
                "event_id": "e3",
                "lead_id": "T5",
                "event_type": "pricing_page_view",
                "occurred_at": "2026-06-01 11:00:00",
            },
        ],
    )
    engine_project.build(raw, "2026-06-01T12:00:00")

    seniority = {row["lead_id"]: row["job_seniority"] for row in engine_project.rows("select * from main.lead_scores")}
    assert seniority == {
        "T1": "executive",
        "T2": "other",
        "T3": "other",
        "T4": "vp",
        "T5": "director",
        "T6": "student",
        "O1": "individual_contributor",
    }
    engagement = {
        row["lead_id"]: row["engagement_score"]
        for row in engine_project.rows("select lead_id, engagement_score from main.lead_scores")
    }
    assert (engagement["O1"], engagement["T1"], engagement["T5"]) == (15.0, 0.0, 15.0)
    rejected = {
        (row["row_key"], row["rejection_reason"])
        for row in engine_project.rows("select row_key, rejection_reason from main.rejected_rows")
    }
    assert ("e2", "after_score_as_of") in rejected
    assert ("O2", "after_score_as_of") in rejected


@pytest.mark.integration  # PostgreSQL's tools
def test_warehouse_script_starts_and_removes_a_postgres_server(tmp_path: Path) -> None:
    folder = warehouse.temporary_folder("lead_scoring_pg_cli_")
    script = [sys.executable, str(PROJECT_ROOT / "scripts" / "warehouse.py")]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LEAD_SCORING_")}
    try:
        up = subprocess.run([*script, "up", "postgres", "--folder", str(folder)], capture_output=True, text=True,
                            env=environment, check=True)  # fmt: skip
        exports = dict(
            line.removeprefix("export ").split("=", 1) for line in up.stdout.splitlines() if line.startswith("export ")
        )
        assert exports["LEAD_SCORING_TARGET"].strip("'") == "postgres"
        port = exports["LEAD_SCORING_PG_PORT"].strip("'")
        configured = subprocess.run([*script, "up", "postgres"], capture_output=True, text=True, check=True,
                                    env={**environment, "LEAD_SCORING_PG_HOST": "db.example"})  # fmt: skip
        assert "configured already" in configured.stdout and "export" not in configured.stdout
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=int(port), user="postgres", dbname="lead_scoring")
        connection.close()
    finally:
        down = subprocess.run([*script, "down", "postgres", "--folder", str(folder)], capture_output=True, text=True,
                              env=environment)  # fmt: skip
    assert down.returncode == 0, down.stderr
    assert not folder.exists()


@pytest.mark.integration  # PostgreSQL's tools
def test_load_raw_names_a_missing_input_and_a_bad_format(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "leads.csv").write_text("lead_id,updated_at\nL1,2026-01-01\n")
    script = [sys.executable, str(PROJECT_ROOT / "scripts" / "load_raw.py"), "--target", "postgres"]
    missing = subprocess.run([*script, "--raw-path", str(raw)], capture_output=True, text=True)
    assert missing.returncode == 1
    assert f"raw input 'events': no file {raw / 'events.csv'} or {raw / 'events'}/*.csv" in missing.stderr
    folder = subprocess.run([*script, "--raw-path", str(raw / "nowhere")], capture_output=True, text=True)
    assert folder.returncode == 1 and "is not a folder" in folder.stderr


def test_a_folder_other_users_cannot_enter_is_named() -> None:
    """As root, PostgreSQL runs as `nobody`, which must reach the binaries and the data folder:
    warehouse.closed_folder names the first folder on the way that other users cannot enter (as
    `mktemp -d` makes), so postgres_up can say which folder to open instead of initdb's
    "Permission denied"."""
    base = warehouse.temporary_folder("lead_scoring_closed_")  # under the system temp folder, 0755
    try:
        private = base / "private"
        (private / "repo" / "bin").mkdir(parents=True)
        private.chmod(0o700)
        assert warehouse.closed_folder(private / "repo" / "bin" / "postgres") == private
        private.chmod(0o755)
        assert warehouse.closed_folder(private / "repo" / "bin" / "postgres") is None
    finally:
        shutil.rmtree(base)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_learning_gives_duckdbs_examples_and_weights(tmp_path: Path, engine: str) -> None:
    """A build after a cohort has matured learns on this engine as on DuckDB: with var
    max_training_examples below the number of examples (so the cap's SQL runs here too),
    int_training_examples holds the same rows, and the portable fit gives the numpy fit's weights
    (to 1e-9 relative: the warehouse adds its sums in another order)."""
    sample = PROJECT_ROOT / "data" / "sample"
    cap = 300
    duck = make_project(tmp_path / "duckdb")
    other = make_project(tmp_path / "other", engine)
    try:
        for built in (duck, other):
            built.build(sample, "2026-06-01T00:00:00", point_in_time=True, max_training_examples=cap)
            built.build(sample, SAMPLE_AS_OF, max_training_examples=cap)
        query = "select * from main.int_training_examples order by example_id"
        expected, actual = duck.rows(query), other.rows(query)
        weights = "select regression, feature, weight from main.int_regression_weights"
        numpy = {(row["regression"], row["feature"]): row["weight"] for row in duck.rows(weights)}
        portable = {(row["regression"], row["feature"]): row["weight"] for row in other.rows(weights + "_portable")}
    finally:
        stop_engine(other)
    assert len(expected) == cap
    assert actual == expected
    assert {regression for regression, _ in numpy} == {"probability", "criteria"}
    assert set(portable) == set(numpy)
    far = {key: (portable[key], weight) for key, weight in numpy.items()
           if abs(portable[key] - weight) > 1e-9 * max(abs(weight), 1e-3)}  # fmt: skip
    assert not far, far
