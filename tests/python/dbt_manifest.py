"""`dbt parse` of the real project into a throw-away target folder, for tests that read its manifest."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import DBT, PROJECT_ROOT


def parse_project(target: Path) -> Path:
    """Parse the project (no database needed) with `target` as dbt's target path; the manifest's path."""
    command = [
        str(DBT),
        "parse",
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
    ]
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_ROOT),
        "LEAD_SCORING_TARGET": "duckdb",
        "LEAD_SCORING_DB_PATH": str(target / "parse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AssertionError(f"dbt parse failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return target / "manifest.json"
