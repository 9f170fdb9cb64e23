#!/usr/bin/env python3
"""Two revisions of the project side by side on the same data: a full build, then scheduled runs
with nothing new, alternating between the revisions so that a busy machine slows both alike.

Usage: python benchmarks/ab.py --base 95917d9 [--head HEAD] [--raw data/sample] [--raw-format parquet]
           [--as-of 2026-11-01T00:00:00] [--repeat 3] [--next-day] [--nodes 10] [--new-file FILE]

Each revision is exported (`git archive`) to a temporary folder and built by the `dbt` executable
next to this Python, as a user runs it, into its own DuckDB file. Prints a Markdown table: per
step, each revision's median seconds and head / base. `--next-day` adds, in each round, a run
with nothing new at as-of + 1 day (scores decay), then one back at the as-of. `--nodes N` adds,
per step, the N slowest nodes (dbt's run_results.json) with each revision's median seconds.
`--new-file FILE` (an event file, in the raw events folder or not) leaves FILE out of the full
builds, then adds it and runs each revision once ("a new event file": an incremental run); the raw
folder is then mirrored with symbolic links in the temporary folder, never written to.
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
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")


def export(revision: str, folder: Path) -> Path:
    """The project's files at `revision` in `folder`."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def mirror(raw: Path, folder: Path, left_out: Path) -> Path:
    """`raw` as symbolic links in `folder` (its events folder file by file), without `left_out`."""
    for entry in raw.iterdir():
        if entry.is_dir():
            mirror(entry, folder / entry.name, left_out)
        elif entry.resolve() != left_out:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / entry.name).symlink_to(entry.resolve())
    return folder


def short(revision: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


def build(project: Path, raw: Path, as_of: str, *extra: str, raw_format: str | None = None) -> tuple[float, dict]:
    """Seconds of one `dbt build` (without unit tests, which read no raw data), and each node's."""
    variables = json.dumps({"raw_path": str(raw), "score_as_of": as_of}
                           | ({"raw_format": raw_format} if raw_format else {}))  # fmt: skip
    env = {**os.environ, "DBT_PROFILES_DIR": str(project), "LEAD_SCORING_DB_PATH": str(project / "ab.duckdb"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    command = [str(DBT), "build", "--exclude-resource-type", "unit_test", "--vars", variables, *extra]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"dbt build failed in {project}:\n{result.stdout[-3000:]}")
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    return seconds, {node["unique_id"]: node["execution_time"] for node in run_results["results"]}


def node_name(unique_id: str) -> str:
    """A model's name, or a test's (whose last part is a hash)."""
    parts = unique_id.split(".")
    return parts[-2] if parts[0] == "test" else parts[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision to compare with")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--as-of", default="2026-11-01T00:00:00")
    parser.add_argument("--repeat", type=int, default=3, help="runs with nothing new, per revision")
    parser.add_argument("--raw-format", help="var raw_format (csv or parquet); the project's default when left out")
    parser.add_argument("--next-day", action="store_true", help="also runs with nothing new at as-of + 1 day")
    parser.add_argument("--nodes", type=int, default=0, help="list the N slowest nodes of each step")
    parser.add_argument("--new-file", type=Path, help="an event file that arrives after the full builds")
    args = parser.parse_args(argv)
    next_day = (datetime.fromisoformat(args.as_of) + timedelta(days=1)).isoformat()
    with tempfile.TemporaryDirectory(prefix="lead_scoring_ab_") as work:
        projects = {name: export(rev, Path(work) / name) for name, rev in (("base", args.base), ("head", args.head))}
        times: dict[str, dict[str, list[float]]] = {name: {} for name in projects}
        nodes: dict[str, dict[str, dict[str, list[float]]]] = {name: {} for name in projects}
        raw = args.raw.resolve()
        if args.new_file:
            new_file = args.new_file.resolve()
            raw = mirror(raw, Path(work) / "raw", left_out=new_file)

        def step(name: str, label: str, as_of: str, *extra: str) -> None:
            seconds, node_seconds = build(projects[name], raw, as_of, *extra, raw_format=args.raw_format)
            times[name].setdefault(label, []).append(seconds)
            for unique_id, node_time in node_seconds.items():
                nodes[name].setdefault(label, {}).setdefault(unique_id, []).append(node_time)

        for name in projects:  # the first build of each parses from scratch
            step(name, "full build (--full-refresh)", args.as_of, "--full-refresh")
        if args.new_file:
            (raw / "events").mkdir(exist_ok=True)
            (raw / "events" / new_file.name).symlink_to(new_file)
            for name in projects:
                step(name, "a new event file", args.as_of)
        for _ in range(args.repeat):
            for name in projects:
                step(name, "nothing new, same as-of", args.as_of)
            if args.next_day:  # each revision goes to the next day and back, so every round is alike
                for name in projects:
                    step(name, "nothing new, next day", next_day)
                for name in projects:
                    step(name, "nothing new, back to the as-of", args.as_of)
        base_name, head_name = (short(args.base), short(args.head))
        print(f"| step | base {base_name} (s) | head {head_name} (s) | head / base |")
        print("|---|---:|---:|---:|")
        for label in times["base"]:
            base, head = statistics.median(times["base"][label]), statistics.median(times["head"][label])
            print(f"| {label} (median of {len(times['base'][label])}) | {base:.1f} | {head:.1f} | {head / base:.2f} |")
        for label in times["base"] if args.nodes else ():
            medians = {name: {node: statistics.median(seconds) for node, seconds in nodes[name][label].items()}
                       for name in projects}  # fmt: skip

            def slowest_first(node: str, medians: dict = medians) -> float:
                return -max(medians["base"].get(node, 0.0), medians["head"].get(node, 0.0))

            slowest = sorted(set(medians["base"]) | set(medians["head"]), key=slowest_first)
            print(f"\n{label}: the {args.nodes} slowest nodes, median seconds\n")
            print(f"| node | base {base_name} | head {head_name} |")
            print("|---|---:|---:|")
            for node in slowest[: args.nodes]:
                cells = (f"{medians[name][node]:.1f}" if node in medians[name] else "" for name in ("base", "head"))
                print(f"| `{node_name(node)}` | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
