"""Runs that go wrong: re-runs, a build killed half-way, BI readers during a build."""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, DbtProject
from generate_data import generate
from publish import MARTS as PUBLISHED_MARTS
from publish import publish

pytestmark = pytest.mark.integration  # `make test-integration`: repeated, killed and concurrent builds

MARTS = ("lead_scores", "lead_score_breakdown", "input_audit", "rejected_rows")
AS_OF = datetime(2026, 6, 1)


def _snapshot(project: DbtProject) -> dict[str, list[tuple]]:
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        return {mart: connection.execute(f"select * from main.{mart} order by all").fetchall() for mart in MARTS}


def test_rebuilding_unchanged_inputs_changes_nothing(project: DbtProject, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=3000, seed=5, as_of=AS_OF)
    project.build(raw, AS_OF.isoformat())
    first = _snapshot(project)
    project.build(raw, AS_OF.isoformat())
    assert _snapshot(project) == first
    assert len(first["lead_scores"]) > 100


def test_build_killed_in_the_marts_keeps_previous_scores(project: DbtProject, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(out=raw, leads=20_000, events=400_000, seed=9, as_of=AS_OF, fmt="parquet")
    project.build(raw, "2026-06-01T00:00:00", raw_format="parquet")
    before = project.rows("select count(*) as leads, max(score_as_of) as as_of from main.lead_scores")[0]

    command = [
        str(DBT),
        "build",
        "--project-dir",
        str(project.root),
        "--profiles-dir",
        str(project.root),
        "--vars",
        f'{{"raw_path": "{raw}", "raw_format": "parquet", "score_as_of": "2026-07-01T00:00:00"}}',
    ]
    env = {**os.environ, "LEAD_SCORING_DB_PATH": str(project.db_path)}
    process = subprocess.Popen(
        command, cwd=project.root, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    killed_during = None
    for line in process.stdout:
        if (
            "START sql table model main.lead_scores" in line
            or "START sql table model main.lead_score_breakdown" in line
        ):
            os.killpg(process.pid, signal.SIGKILL)
            killed_during = line.strip()
            break
    process.wait()
    assert killed_during, "the build finished before reaching the marts"
    assert process.returncode == -signal.SIGKILL

    # The previous scores are intact and queryable ...
    after_kill = project.rows("select count(*) as leads, max(score_as_of) as as_of from main.lead_scores")[0]
    assert after_kill == before
    # ... and the next run completes normally.
    project.build(raw, "2026-07-01T00:00:00", raw_format="parquet")
    [rerun] = project.rows("select max(score_as_of) as as_of from main.lead_scores")
    assert str(rerun["as_of"]) == "2026-07-01 00:00:00"


def test_bi_reader_sees_old_or_new_scores_never_half(project: DbtProject, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=3000, seed=5, as_of=AS_OF)
    published = tmp_path / "bi.duckdb"
    project.build(raw, "2026-06-01T00:00:00")
    publish(project.db_path, published)

    reader = duckdb.connect(str(published), read_only=True)
    old = reader.execute("select count(*), max(score_as_of) from lead_scores").fetchone()
    # dbt can build while the reader holds the published file open ...
    project.build(raw, "2026-06-15T00:00:00")
    publish(project.db_path, published)
    # ... the open reader keeps a consistent view of the old scores ...
    assert reader.execute("select count(*), max(score_as_of) from lead_scores").fetchone() == old
    reader.close()
    # ... and a new reader sees the new ones, with only the marts in the file.
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert str(fresh.execute("select max(score_as_of) from lead_scores").fetchone()[0]) == "2026-06-15 00:00:00"
        tables = {row[0] for row in fresh.execute("select table_name from information_schema.tables").fetchall()}
        not_null = fresh.execute(
            "select table_name, unnest(constraint_column_names) from duckdb_constraints()"
            " where constraint_type = 'NOT NULL'"
        ).fetchall()
    assert tables == set(PUBLISHED_MARTS)
    # The contract's not-null columns stay not null in the copy BI tools read.
    assert ("lead_scores", "lead_id") in not_null


def test_build_fails_clearly_while_a_reader_holds_the_build_file(project: DbtProject, tmp_path: Path) -> None:
    """Why the published copy exists: DuckDB's lock keeps dbt out while anyone reads its file."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=50, events=200, seed=1, as_of=AS_OF)
    project.build(raw, AS_OF.isoformat())
    with duckdb.connect(str(project.db_path), read_only=True):
        # Another process, as a BI tool would be: within one process DuckDB shares the open file.
        result = project.dbt("build", vars={"raw_path": str(raw)}, check=False, in_process=False)
    assert result.returncode != 0
    assert "lock" in (result.stdout + result.stderr).lower()
