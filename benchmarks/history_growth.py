#!/usr/bin/env python3
"""What the score history's readers cost as the history grows, two revisions side by side.

Usage: python benchmarks/history_growth.py --db WAREHOUSE --raw RAW [--raw-format parquet]
           --as-of 2026-11-05T01:00:00 [--base 8ba9265] [--head HEAD] [--copies 0 4 16] [--repeat 2]

WAREHOUSE is a DuckDB file built (by `dbt build`) at least once before `--as-of`; it is changed in
place: each step adds `copies` copies of every lead_score_history slice before `--as-of`, 30 days
apart per copy and earlier than the real ones (a history `copies + 1` times as long, as a schedule
would leave it), and the next step removes them. The slice before `--as-of` then gets the
`prior_slices_key` a build of it after the copies would have written (rekey_previous_slice), so
that a revision which continues the runs from it does so; its runs are not recomputed. Each
revision is exported (`git archive`) and runs `dbt build --select` of the history's readers and
their tests at `--as-of`, as the scheduled run does (no history is written: lead_score_history is
not selected), alternating between the revisions. Prints per history length each node's best
seconds per revision (dbt's run_results.json; a model's time includes its compilation, hence any
run-time checks).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ab import DBT, export, node_name, short  # noqa: E402

READERS = "int_prior_score_history int_prior_score_slices int_leads_score_runs lead_score_changes mql_feedback"


def extend(db: Path, as_of: str, copies: int) -> tuple[int, int]:
    """Remove earlier copies, add `copies` new ones; the prior slices and rows there are now."""
    with duckdb.connect(str(db)) as connection:
        connection.execute("delete from main.lead_score_history where score_as_of < timestamp '2000-01-01'")
        for copy in range(1, copies + 1):  # one insert per copy: slice after slice, as builds write them
            connection.execute(
                "insert into main.lead_score_history"
                " select history.* replace (history.score_as_of - to_days(30 * ?) - to_days(365 * 100)"
                " as score_as_of)"
                " from main.lead_score_history as history"
                " where history.score_as_of < cast(? as timestamp)"
                " and history.score_as_of >= timestamp '2000-01-01'",
                [copy, as_of],
            )
        [(slices, rows)] = connection.execute(
            "select count(distinct score_as_of), count(*) from main.lead_score_history"
            " where score_as_of < cast(? as timestamp)",
            [as_of],
        ).fetchall()
    return slices, rows


def dbt(project: Path, db: Path, *args: str) -> str:
    env = {**os.environ, "DBT_PROFILES_DIR": str(project), "LEAD_SCORING_DB_PATH": str(db),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    result = subprocess.run([str(DBT), *args], cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"dbt {args[0]} failed in {project}:\n{result.stdout[-3000:]}")
    return result.stdout


def rekey_previous_slice(project: Path, db: Path, variables: dict[str, str], as_of: str) -> None:
    """Give the slice before `as_of` the prior_slices_key of the slices now before it, as a build
    of that slice after the copies were added would have (revisions whose int_leads_score_runs
    continues the runs from it: macro prior_slices_key_select). Its runs are not recomputed: the
    copies are for timing, their runs are not checked."""
    macro_file = project / "macros" / "history" / "score_runs.sql"
    if not macro_file.exists() or "prior_slices_key_select" not in macro_file.read_text():
        return
    with duckdb.connect(str(db), read_only=True) as connection:
        [(previous,)] = connection.execute(
            "select max(score_as_of) from main.lead_score_history where score_as_of < cast(? as timestamp)", [as_of]
        ).fetchall()
    at_previous = json.dumps(variables | {"score_as_of": previous.isoformat()})
    dbt(project, db, "run", "--select", "int_prior_score_history int_prior_score_slices", "--vars", at_previous)
    shown = dbt(project, db, "show", "--inline", "{{ lead_scoring.prior_slices_key_select() }}", "--vars", at_previous,
                "--output", "json", "--log-format", "json")  # fmt: skip
    key = next(json.loads(line)["data"]["preview"] for line in shown.splitlines() if '"preview"' in line)
    key = json.loads(key)[0]["prior_slices_key"] if isinstance(key, str) else key[0]["prior_slices_key"]
    with duckdb.connect(str(db)) as connection:
        connection.execute(
            "update main.lead_score_history set prior_slices_key = ? where score_as_of = ?", [key, previous]
        )


def run(project: Path, db: Path, variables: str) -> dict[str, float]:
    dbt(project, db, "build", "--select", READERS, "--exclude-resource-type", "unit_test", "--vars", variables)
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    return {node_name(node["unique_id"]): node["execution_time"] for node in run_results["results"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--raw-format")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--base", default="8ba9265")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--copies", type=int, nargs="+", default=[0, 4, 16])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    raw_variables = {"raw_path": str(args.raw.resolve())} | ({"raw_format": args.raw_format} if args.raw_format else {})
    variables = json.dumps(raw_variables | {"score_as_of": args.as_of})
    revisions = {short(args.base): None, short(args.head): None}
    with tempfile.TemporaryDirectory() as work:
        for revision in revisions:
            revisions[revision] = export(revision, Path(work) / revision)
        try:
            for copies in args.copies:
                slices, rows = extend(args.db, args.as_of, copies)
                for project in revisions.values():
                    rekey_previous_slice(project, args.db, raw_variables, args.as_of)
                best: dict[str, dict[str, float]] = {revision: {} for revision in revisions}
                for _ in range(args.repeat):
                    for revision, project in revisions.items():
                        for name, seconds in run(project, args.db, variables).items():
                            best[revision][name] = min(seconds, best[revision].get(name, seconds))
                print(f"\n{slices} prior slices, {rows} rows (best of {args.repeat})\n")
                print("| node | " + " | ".join(revisions) + " |")
                print("|---|" + "---:|" * len(revisions))
                names = sorted(set().union(*best.values()), key=lambda n: -max(b.get(n, 0) for b in best.values()))
                for name in names:
                    cells = " | ".join(f"{best[r][name]:.2f}" if name in best[r] else "-" for r in revisions)
                    print(f"| {name} | {cells} |")
                sys.stdout.flush()
        finally:
            extend(args.db, args.as_of, 0)
            for project in revisions.values():
                rekey_previous_slice(project, args.db, raw_variables, args.as_of)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
