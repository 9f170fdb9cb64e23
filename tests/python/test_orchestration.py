"""The Dagster definitions (orchestration/definitions.py), in process: they load, the scheduled job
materializes every asset on the sample into a throw-away DuckDB file and publishes it, a stale
input stops the run before anything is built or published, the schedule asks for a run every 15
minutes, and the sensor asks for one run per batch of new files, none without."""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import DBT, PROJECT_ROOT, DbtProject, make_project, write_csv

# `make test-integration`; one parse and one copy for the module.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("orchestration")]

SAMPLE_AS_OF = "2026-11-01T00:00:00"
_loaded = itertools.count()


@pytest.fixture(scope="module")
def parsed_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """A project copy with target/manifest.json, as `make orchestrate` prepares it (dbt parse with
    the venv's dbt: `dbt` is not on PATH under .venv/bin/pytest)."""
    project = make_project(tmp_path_factory.mktemp("orchestration") / "project")
    run = subprocess.run(
        [str(DBT), "parse", "--project-dir", str(project.root), "--profiles-dir", str(project.root)],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    return project


def load_definitions(monkeypatch: pytest.MonkeyPatch, project: DbtProject, tmp_path: Path, **env: str):
    """A fresh import of the definitions module with this test's env (read at import)."""
    settings = {
        "LEAD_SCORING_PROJECT_DIR": str(project.root),
        "LEAD_SCORING_DBT": str(DBT),
        "LEAD_SCORING_DB_PATH": str(tmp_path / "build.duckdb"),
        "LEAD_SCORING_BI_PATH": str(tmp_path / "bi.duckdb"),
        "LEAD_SCORING_RAW_PATH": str(PROJECT_ROOT / "data" / "sample"),
        "LEAD_SCORING_SCORE_AS_OF": SAMPLE_AS_OF,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **env,
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    if "LEAD_SCORING_CRON" not in env:
        monkeypatch.delenv("LEAD_SCORING_CRON", raising=False)
    spec = importlib.util.spec_from_file_location(
        f"lead_scoring_definitions_{next(_loaded)}", PROJECT_ROOT / "orchestration" / "definitions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scheduled_job_builds_checks_and_publishes_the_sample(monkeypatch, parsed_project, tmp_path) -> None:
    module = load_definitions(monkeypatch, parsed_project, tmp_path)
    result = module.defs.resolve_job_def("scheduled_build").execute_in_process()
    assert result.success
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert {"lead_scores", "lead_score_changes", "account_scores", "published_marts"} <= materialized
    # dbt's data tests are asset checks, every one evaluated; every error-severity one passed
    # (warnings may warn).
    checks = result.get_asset_check_evaluations()
    assert len(checks) == len(module.defs.resolve_asset_graph().asset_check_keys) > 100
    failed = [c.check_name for c in checks if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR]
    assert not failed
    with duckdb.connect(str(tmp_path / "build.duckdb"), read_only=True) as build:
        built = build.execute("select count(*), sum(total_score) from main.lead_scores").fetchone()
    with duckdb.connect(str(tmp_path / "bi.duckdb"), read_only=True) as published:
        assert published.execute("select count(*), sum(total_score) from main.lead_scores").fetchone() == built
    assert built[0] > 1000


def test_a_stale_input_stops_the_run_before_anything_is_published(monkeypatch, parsed_project, tmp_path) -> None:
    # Half a year after the sample: events (error after 24 h) and leads (72 h) are stale.
    module = load_definitions(monkeypatch, parsed_project, tmp_path, LEAD_SCORING_SCORE_AS_OF="2027-05-01T00:00:00")
    result = module.defs.resolve_job_def("scheduled_build").execute_in_process(raise_on_error=False)
    assert not result.success
    failures = [event for event in result.all_events if event.is_step_failure]
    message = str(failures[0].step_failure_data.error)
    assert "stale raw input(s)" in message and "tracking.events" in message and "crm.leads" in message
    assert "crm.conversions" not in message  # conversions only warn
    assert not (tmp_path / "bi.duckdb").exists()
    assert not result.get_asset_materialization_events()


def test_the_schedule_runs_every_15_minutes_utc_unless_configured(monkeypatch, parsed_project, tmp_path) -> None:
    module = load_definitions(monkeypatch, parsed_project, tmp_path)
    schedule = module.defs.resolve_schedule_def("every_15_minutes")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "*/15 * * * *",
        "UTC",
        "scheduled_build",
    )
    tick = schedule.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 1, 0, 15)))
    assert len(tick.run_requests) == 1
    hourly = load_definitions(monkeypatch, parsed_project, tmp_path, LEAD_SCORING_CRON="0 * * * *")
    assert hourly.defs.resolve_schedule_def("every_15_minutes").cron_schedule == "0 * * * *"


def test_the_sensor_requests_one_run_per_batch_of_new_files(monkeypatch, parsed_project, tmp_path) -> None:
    raw = tmp_path / "raw"
    row = [{"event_id": "E1", "lead_id": "L1", "event_type": "email_open", "occurred_at": "2026-11-01"}]
    write_csv(raw / "events" / "batch_001.csv", row)
    module = load_definitions(monkeypatch, parsed_project, tmp_path, LEAD_SCORING_RAW_PATH=str(raw))
    sensor = module.defs.resolve_sensor_def("new_raw_files")

    def tick(cursor: str | None):
        return sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor, definitions=module.defs))

    first = tick(None)  # a first look: what is there is new
    assert len(first.run_requests) == 1
    nothing_new = tick(first.cursor)
    assert nothing_new.run_requests == [] and "no new files" in nothing_new.skip_message
    assert nothing_new.cursor in (None, first.cursor)
    # A batch: two inputs' new files at once is one run; the cursor is the last name per input.
    write_csv(raw / "events" / "batch_002.csv", row)
    write_csv(raw / "dispositions" / "batch_002.csv", [{"lead_id": "L1", "disposition": "accepted"}])
    batch = tick(first.cursor)
    assert len(batch.run_requests) == 1
    assert '"events": "batch_002.csv"' in batch.cursor and '"dispositions": "batch_002.csv"' in batch.cursor
    assert tick(batch.cursor).run_requests == []
