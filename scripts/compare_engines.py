"""Compare the marts another engine built with DuckDB's, row by row.

    python scripts/compare_engines.py --duckdb lead_scoring.duckdb --target postgres

Build the same raw data and vars on both first (README: Other warehouses). Every mart and
evaluation table is read whole from both; rows are matched after sorting and compared column by
column: text, integers, booleans and timestamps exactly, floating-point values to 1e-9 relative
(the engines sum floats in different orders; points are rounded to cents before they are stored, so
scores match exactly). Prints each difference (at most --show per table) and exits 1 if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
from publish import MARTS

# The tables users read: the marts and the evaluation of the scores (what publish.py publishes).
COMPARED_MODELS = MARTS
RELATIVE_TOLERANCE = 1e-9


def normalise(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sort_key(row: tuple) -> tuple:
    # None first; floats by a rounded form, so a last-bit difference does not reorder rows.
    return tuple(
        (0, "", 0)
        if value is None
        else (1, "number", round(float(value), 6))
        if isinstance(value, (int, float))
        else (1, type(value).__name__, value)
        for value in row
    )


def _comparable(rows: list[tuple]) -> list[tuple]:
    return sorted((tuple(normalise(value) for value in row) for row in rows), key=_sort_key)


def read_duckdb(path: Path, model: str) -> tuple[list[str], list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        cursor = connection.execute(f'select * from main."{model}"')
        return [column[0] for column in cursor.description], cursor.fetchall()


def read_postgres(model: str) -> tuple[list[str], list[tuple]]:
    from load_raw import connect  # noqa: PLC0415 - the profile's connection, as load_raw.py makes it

    schema = os.environ.get("LEAD_SCORING_PG_SCHEMA", "analytics")
    connection = connect("postgres")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'select * from "{schema}"."{model}"')
            return [column[0] for column in cursor.description], cursor.fetchall()
    finally:
        connection.close()


def read_spark(model: str) -> tuple[list[str], list[tuple]]:
    from spark_session import spark_session  # noqa: PLC0415 - needs pyspark (`make install-spark`)

    schema = os.environ.get("LEAD_SCORING_SPARK_SCHEMA", "analytics")
    frame = spark_session().table(f"{schema}.{model}")
    return frame.columns, [tuple(row) for row in frame.collect()]


READERS = {"postgres": read_postgres, "spark": read_spark}


def values_equal(left, right) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is right
        if math.isnan(left) and math.isnan(right):
            return True
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    return left == right


def compare_table(
    model: str, expected: tuple[list[str], list[tuple]], actual: tuple[list[str], list[tuple]], show: int = 5
) -> list[str]:
    """Differences between DuckDB's rows (`expected`) and the other engine's, as sentences."""
    expected_columns, expected_rows = expected
    actual_columns, actual_rows = actual
    if [c.lower() for c in expected_columns] != [c.lower() for c in actual_columns]:
        return [f"{model}: columns differ: duckdb {expected_columns} vs {actual_columns}"]
    if len(expected_rows) != len(actual_rows):
        return [f"{model}: {len(expected_rows)} rows on duckdb, {len(actual_rows)} on the other engine"]
    differences = []
    for left, right in zip(_comparable(expected_rows), _comparable(actual_rows), strict=True):
        for column, a, b in zip(expected_columns, left, right, strict=True):
            if not values_equal(a, b):
                differences.append(
                    f"{model}: row {left[:3]}...: {column} is {a!r} on duckdb, {b!r} on the other engine"
                )
                break
    if len(differences) > show:
        differences = [*differences[:show], f"{model}: ... {len(differences) - show} more rows differ"]
    return differences


def compare(duckdb_path: Path, target: str, models: tuple[str, ...] = COMPARED_MODELS, show: int = 5) -> dict:
    """{model: [differences]} for every compared model."""
    reader = READERS[target]
    return {model: compare_table(model, read_duckdb(duckdb_path, model), reader(model), show) for model in models}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb", type=Path, default=Path("lead_scoring.duckdb"), help="the DuckDB build")
    parser.add_argument("--target", required=True, choices=sorted(READERS))
    parser.add_argument("--show", type=int, default=5, help="differences shown per table")
    args = parser.parse_args(argv)
    results = compare(args.duckdb, args.target, show=args.show)
    failed = False
    for model, differences in results.items():
        if differences:
            failed = True
            print("\n".join(differences))
        else:
            print(f"{model}: identical")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
