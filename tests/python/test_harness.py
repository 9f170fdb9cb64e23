"""The test harness's shortcut is safe: dbt run in this process, with a manifest shared by copies
that differ only in runtime vars, gives what the `dbt` command gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DbtProject, make_project, write_raw
from dbt_runner import RUNTIME_VARS

pytestmark = pytest.mark.integration  # `make test-integration`: the harness against the dbt command

# A value for every runtime var unlike its default in dbt_project.yml.
UNUSUAL = {
    "raw_path": "/nowhere/else",
    "raw_format": "parquet",
    "raw_encoding": "latin-1",
    "raw_delimiter": ";",
    "raw_csv_check_mb": 1,
    "raw_columns": {"leads": {"lead_id": "Record ID"}},
    "raw_timestamp_formats": ["%d/%m/%Y"],
    "score_as_of": "2020-02-02T00:00:00",
    "max_rejected_share": 0.9,
    "max_unknown_event_type_share_jump": 0.9,
    "expose_pii": False,
    "event_late_arrival_days": 9,
    "point_in_time": True,
    "conversion_window_days": 30,
    "min_cohort_leads": 1,
    "probability_half_life_days": 7,
    "suggestion_min_leads": 1,
    "suggestion_min_converted": 1,
}


def _parsed(project: DbtProject, variables: dict[str, Any]) -> dict[str, Any]:
    """The parsed definition of every node, without what records when and with which vars."""
    project.dbt("parse", vars=variables, in_process=False)
    manifest = json.loads((project.root / "target" / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest["sources"], **manifest["unit_tests"], **manifest["macros"]}
    for node in nodes.values():
        node.pop("created_at", None)
    return nodes


def test_runtime_vars_do_not_change_what_dbt_parses(tmp_path: Path) -> None:
    assert set(UNUSUAL) == RUNTIME_VARS
    project = make_project(tmp_path / "project")
    assert _parsed(project, {}) == _parsed(project, UNUSUAL)


def test_in_process_dbt_equals_the_dbt_command(tmp_path: Path) -> None:
    leads = [{"lead_id": "L1", "job_title": "CEO", "employee_count": "300", "updated_at": "2026-01-01"}]
    events = [{"event_id": "E1", "lead_id": "L1", "event_type": "pricing_page_view", "occurred_at": "2026-05-30"}]
    raw = write_raw(tmp_path / "raw", leads, events)
    variables = {"raw_path": str(raw), "score_as_of": "2026-06-01T00:00:00"}
    results = []
    for name, in_process in (("in_process", True), ("command", False)):
        project = make_project(tmp_path / name)
        run = project.dbt("build", vars=variables, in_process=in_process)
        assert "Done. PASS=" in run.stdout
        results.append(project.rows("select * from lead_scores order by lead_id"))
    assert results[0] == results[1] and results[0]
