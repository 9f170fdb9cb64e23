#!/usr/bin/env python3
"""Print the top leads of the last build: rank, score, tier, next action and why.

Runs `dbt show` on the analysis `analyses/top_leads.sql` (so it reads the warehouse dbt built, on
any target) and prints one block per lead instead of dbt's table, whose columns are cut at 20
characters. Usage: python scripts/show.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys

from dbt.cli.main import dbtRunner


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=10, help="how many leads (default 10)")
    arguments = parser.parse_args()
    result = dbtRunner().invoke(
        ["--log-level", "none", "show", "--select", "top_leads", "--limit", str(arguments.limit)]
    )
    if not result.success or result.result is None:
        sys.exit(f"show: dbt show failed ({result.exception or 'see the log above'}); run `make run` first")
    table = result.result.results[0].agate_table
    for row in table.rows:
        print(f"{row['score_rank']:>4}. {row['lead_id']}  {row['total_score']:g} points, {row['tier']}")
        print(f"      next: {row['next_action']}")
        print(f"      why:  {row['why'] or 'no points'}")


if __name__ == "__main__":
    main()
