"""Shared helpers: run the real dbt project against a throw-away DuckDB file and read rows back."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from generate_data import CONVERSION_COLUMNS, EVENT_COLUMNS, LEAD_COLUMNS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
# What a copy of the project needs to build; everything else (data, .venv, target) stays behind.
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "analyses"]


@dataclass
class DbtProject:
    """A private copy of the dbt project whose seeds a test may edit."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / "test.duckdb"

    def write_seed(self, name: str, rows: list[dict[str, Any]]) -> None:
        write_csv(self.root / "seeds" / f"{name}.csv", rows)

    def dbt(
        self, *args: str, vars: dict[str, Any] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [str(DBT), *args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        if vars:
            command += ["--vars", _yaml_inline(vars)]
        env = {**os.environ, "LEAD_SCORING_DB_PATH": str(self.db_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        result = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        return result

    def build(self, raw_path: Path, score_as_of: str, **extra_vars: Any) -> subprocess.CompletedProcess[str]:
        return self.dbt("build", vars={"raw_path": str(raw_path), "score_as_of": score_as_of, **extra_vars})

    def rows(self, sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            result = connection.execute(sql)
            names = [column[0] for column in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _yaml_inline(values: dict[str, Any]) -> str:
    """Render vars as a JSON object (valid YAML) for `dbt --vars`."""
    import json

    return json.dumps(values)


def write_csv(path: Path, rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: "" if row.get(column) is None else row.get(column) for column in columns})


def write_raw(
    folder: Path,
    leads: list[dict[str, Any]],
    events: list[dict[str, Any]],
    conversions: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the three raw inputs as CSV with exactly the contract's columns."""
    write_csv(folder / "leads.csv", leads, LEAD_COLUMNS)
    write_csv(folder / "events.csv", events, EVENT_COLUMNS)
    write_csv(folder / "conversions.csv", conversions or [], CONVERSION_COLUMNS)
    return folder


def make_project(root: Path) -> DbtProject:
    """Copy the dbt project into `root` (which must not exist yet)."""
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    # dbt's SQL tests, without the Python tests and their caches.
    shutil.copytree(PROJECT_ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("python"))
    return DbtProject(root)


@pytest.fixture
def project(tmp_path: Path) -> DbtProject:
    return make_project(tmp_path / "project")
