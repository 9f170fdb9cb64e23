#!/usr/bin/env python3
"""Two revisions of the project side by side on the same data: a full build, then scheduled runs
with nothing new, alternating between the revisions so that a busy machine slows both alike.

Usage: python benchmarks/ab.py --base 95917d9 [--head HEAD] [--raw data/sample]
           [--as-of 2026-11-01T00:00:00] [--repeat 3]

Each revision is exported (`git archive`) to a temporary folder and built by the `dbt` executable
next to this Python, as a user runs it, into its own DuckDB file. Prints a Markdown table: per
step, each revision's median seconds and head / base.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")


def export(revision: str, folder: Path) -> Path:
    """The project's files at `revision` in `folder`."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def short(revision: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


def build(project: Path, raw: Path, as_of: str, *extra: str) -> float:
    """Seconds of one `dbt build` (without unit tests, which read no raw data)."""
    variables = json.dumps({"raw_path": str(raw), "score_as_of": as_of})
    env = {**os.environ, "DBT_PROFILES_DIR": str(project), "LEAD_SCORING_DB_PATH": str(project / "ab.duckdb"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    command = [str(DBT), "build", "--exclude-resource-type", "unit_test", "--vars", variables, *extra]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"dbt build failed in {project}:\n{result.stdout[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision to compare with")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--as-of", default="2026-11-01T00:00:00")
    parser.add_argument("--repeat", type=int, default=3, help="runs with nothing new, per revision")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lead_scoring_ab_") as work:
        projects = {name: export(rev, Path(work) / name) for name, rev in (("base", args.base), ("head", args.head))}
        times: dict[str, dict[str, list[float]]] = {name: {} for name in projects}
        raw = args.raw.resolve()
        for name, project in projects.items():  # the first build of each parses from scratch
            times[name]["full build (--full-refresh)"] = [build(project, raw, args.as_of, "--full-refresh")]
        for _ in range(args.repeat):
            for name, project in projects.items():
                times[name].setdefault("nothing new, same as-of", []).append(build(project, raw, args.as_of))
        base_name, head_name = (short(args.base), short(args.head))
        print(f"| step | base {base_name} (s) | head {head_name} (s) | head / base |")
        print("|---|---:|---:|---:|")
        for step in times["base"]:
            base, head = statistics.median(times["base"][step]), statistics.median(times["head"][step])
            print(f"| {step} (median of {len(times['base'][step])}) | {base:.1f} | {head:.1f} | {head / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
