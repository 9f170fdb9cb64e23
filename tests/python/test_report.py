"""`make report` as a new user first runs it: after one build of the sample nothing has matured,
so the evaluation marts are empty; the report still renders, says so, and charts what exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, DbtProject
from publish import publish
from report import main as write_report

pytestmark = pytest.mark.integration  # `make test-integration`: the report on published builds


def test_the_report_renders_before_any_cohort_has_matured(project: DbtProject, tmp_path: Path) -> None:
    project.build(PROJECT_ROOT / "data" / "sample", "2026-11-01T00:00:00")
    publish(project.db_path, tmp_path / "bi.duckdb")
    out = tmp_path / "report.html"
    write_report(["--source", str(tmp_path / "bi.duckdb"), "--out", str(out)])
    text = out.read_text()
    assert "Nothing to chart yet: conversion_by_grade is empty." in text
    assert "Nothing to chart yet: score_evaluation is empty." in text
    assert text.count("<img ") == 3  # tiers, the grade grid now, rejected rows
