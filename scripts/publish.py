#!/usr/bin/env python3
"""Publish the marts to a separate DuckDB file for BI readers, atomically.

DuckDB lets one process write a database file, or many read it, never both: a BI tool holding
`lead_scoring.duckdb` open would block `dbt build`, and a reader of the file dbt writes would have to
wait for the build. So dbt builds into its own file and this script copies the marts (and only the
marts: no raw rows, no staging) into a new file, then renames it over the published one. A reader
that has the old file open keeps reading the old scores; the next one to open it reads the new ones;
nobody ever sees a half-built table.

Usage: python scripts/publish.py [--source lead_scoring.duckdb] [--target lead_scoring_bi.duckdb]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

MARTS = (
    "lead_scores",
    "lead_score_breakdown",
    "lead_probability_factors",
    "input_audit",
    "rejected_rows",
    "score_evaluation",
    "conversion_by_tier",
    "criteria_suggestions",
    "conversion_by_grade",
    "lead_score_changes",
    "account_scores",
    "mql_feedback",
    "lead_outcomes",
    "metricflow_time_spine",
)


def publish(source: Path, target: Path, schema: str = "main") -> None:
    """Copy the marts from `source` into a fresh file and atomically replace `target` with it."""
    if not source.exists():
        raise SystemExit(f"publish: {source} does not exist; run `make run` (dbt build) first")
    staging = target.with_name(target.name + ".publishing")
    staging.unlink(missing_ok=True)
    with duckdb.connect(str(staging)) as connection:
        connection.execute(f"attach '{source}' as built (read_only)")
        for mart in MARTS:
            connection.execute(f"create table main.{mart} as select * from built.{schema}.{mart}")
            # `create table as` copies rows, not constraints: keep the contract's not-null columns.
            not_null_columns = connection.execute(
                "select unnest(constraint_column_names) from duckdb_constraints() where database_name = 'built'"
                " and schema_name = ? and table_name = ? and constraint_type = 'NOT NULL'",
                [schema, mart],
            ).fetchall()
            for (column,) in not_null_columns:
                connection.execute(f'alter table main.{mart} alter column "{column}" set not null')
        connection.execute("detach built")
        connection.execute("checkpoint")
    os.replace(staging, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=Path(os.environ.get("LEAD_SCORING_DB_PATH", "lead_scoring.duckdb"))
    )
    parser.add_argument("--target", type=Path, default=Path("lead_scoring_bi.duckdb"))
    arguments = parser.parse_args()
    publish(arguments.source, arguments.target)
    print(f"published {', '.join(MARTS)} to {arguments.target}")


if __name__ == "__main__":
    main()
