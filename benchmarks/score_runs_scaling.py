#!/usr/bin/env python3
"""How int_leads_score_runs' cost grows with the score history: its compiled query run on a built
warehouse, over the real prior history and over the same slices repeated k times at earlier
as-ofs (30 days apart per copy), as a history k times as long would be.

Usage: python benchmarks/score_runs_scaling.py --db lead_scoring.duckdb
           [--compiled target/compiled/lead_scoring/models/intermediate/int_leads_score_runs.sql]
           [--copies 1 4 16] [--threads 2] [--memory-limit 6GB]

The warehouse is opened read only; the longer histories are temporary tables. `--compiled` is the
model's SQL as the last build compiled it (its scoring time and criteria version). Prints one
line per history length: the prior slices and rows read, and the query's best time of two.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
COMPILED = ROOT / "target" / "compiled" / "lead_scoring" / "models" / "intermediate" / "int_leads_score_runs.sql"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a built warehouse (DuckDB file)")
    parser.add_argument("--compiled", type=Path, default=COMPILED)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="6GB")
    args = parser.parse_args(argv)

    sql = args.compiled.read_text()
    prior = re.search(r'"[^"]+"\."[^"]+"\."int_prior_score_history"', sql)
    as_of = re.search(r"cast\('([0-9: -]+)' as timestamp\)", sql)
    if prior is None or as_of is None:
        parser.error(f"{args.compiled} does not read int_prior_score_history at a scoring time")
    with duckdb.connect(str(args.db), read_only=True) as connection:
        connection.execute(f"set threads = {args.threads}; set memory_limit = '{args.memory_limit}'")
        for copies in args.copies:
            connection.execute(
                "create or replace temp table history as"
                " select history.* replace (history.score_as_of - to_days(30 * copy) as score_as_of)"
                f" from main.lead_score_history as history, range({copies}) as copies(copy)"
            )
            connection.execute(
                "create or replace temp view prior_history as"
                " select history.score_as_of, history.lead_id, history.fit_score, history.engagement_score,"
                " history.total_score, history.tier, history.is_mql"
                " from history inner join main.int_criteria_version as version"
                " on history.criteria_version = version.criteria_version"
                f" where history.score_as_of < cast('{as_of.group(1)}' as timestamp)"
            )
            [(slices, rows)] = connection.sql(
                "select count(distinct score_as_of), count(*) from prior_history"
            ).fetchall()
            query = sql.replace(prior.group(0), "prior_history")
            seconds = []
            for _ in range(2):
                started = time.perf_counter()
                connection.execute(f"create or replace temp table score_runs as {query}")
                seconds.append(time.perf_counter() - started)
            print(f"{slices} prior slices, {rows} rows: {min(seconds):.2f} s (best of 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
