#!/usr/bin/env python3
"""Write the points the evidence suggests as candidate seed files, for a human to review.

Usage: python scripts/suggest.py [--db lead_scoring.duckdb] [--out target/suggested_seeds]

Reads ``criteria_suggestions`` from the warehouse of the last ``dbt build`` (``--db``, default
``$LEAD_SCORING_DB_PATH`` or ``lead_scoring.duckdb``; nothing is rebuilt) and writes
``attribute_points.csv`` and ``event_points.csv`` into ``--out`` with the seeds' exact columns:
every current row with ``points`` replaced by ``suggested_points`` (the learned value where the
criterion is reliable, else today's), plus a row for each reliable criterion the seeds lack. An
event row keeps its frequency, decay, look-back, category and disqualifier; its ``max_points``
scales with its points so the cap still binds after the same number of events. A new attribute row
takes the category most used for its attribute; a new event row is ``once`` with no decay or
look-back (it was learned as "had any such event"), category ``negative`` for negative points and
``behavioral`` otherwise. Review with ``diff seeds/ target/suggested_seeds/``, compare on the same
history with ``scripts/backtest.py --seeds target/suggested_seeds``, then copy what you accept into
``seeds/``. Nothing here rewrites ``seeds/``.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections import Counter
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parents[1]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in header} for row in rows)


def suggestions(database: Path) -> list[dict[str, object]]:
    if not database.exists():
        raise SystemExit(f"suggest: {database} does not exist; run `make run` (dbt build) first")
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select table_schema from information_schema.tables where table_name = 'criteria_suggestions'"
        ).fetchone()
        if found is None:
            raise SystemExit(f"suggest: {database} has no criteria_suggestions; run `dbt build` first")
        cursor = connection.execute(f'select * from "{found[0]}".criteria_suggestions')
        columns = [description[0] for description in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def suggest(database: Path, out: Path, seeds: Path = PROJECT / "seeds") -> dict[str, int]:
    """Write the two candidate seed files; returns how many points changed per file."""
    rows = suggestions(database)
    if not any(row["is_reliable"] for row in rows):
        print("suggest: no criterion is reliable yet (backtest to fill the history, then dbt build)")
    out.mkdir(parents=True, exist_ok=True)
    changed: dict[str, int] = {}

    header, current = _read(seeds / "attribute_points.csv")
    by_key = {("attribute_points", r["attribute"], r["value"]): r for r in rows if r["seed"] == "attribute_points"}
    categories: dict[str, Counter[str]] = {}
    changed["attribute_points"] = 0
    for row in current:
        categories.setdefault(row["attribute"].strip().lower(), Counter())[row["category"]] += 1
        found = by_key.pop(("attribute_points", row["attribute"].strip().lower(), row["value"].strip().lower()), None)
        if found is not None and found["suggested_points"] is not None:
            points = _number(found["suggested_points"])
            changed["attribute_points"] += points != _number(float(row["points"]))
            row["points"] = points
    for (_, attribute, value), found in sorted(by_key.items()):
        if found["current_points"] is None and found["is_reliable"]:
            category = (categories.get(attribute) or Counter({"firmographic": 1})).most_common(1)[0][0]
            points = _number(found["suggested_points"])
            current.append({"attribute": attribute, "value": value, "points": points, "category": category})
            changed["attribute_points"] += 1
    _write(out / "attribute_points.csv", header, current)

    header, current = _read(seeds / "event_points.csv")
    by_type = {r["value"]: r for r in rows if r["seed"] == "event_points"}
    changed["event_points"] = 0
    for row in current:
        found = by_type.pop(row["event_type"].strip().lower(), None)
        if found is None or found["suggested_points"] is None:
            continue
        old, new = float(row["points"]), float(found["suggested_points"])
        if row.get("max_points", "").strip() and old != 0 and new != 0:
            row["max_points"] = _number(round(abs(new) * float(row["max_points"]) / abs(old)))
        changed["event_points"] += _number(new) != _number(old)
        row["points"] = _number(new)
    for event_type, found in sorted(by_type.items()):
        if found["current_points"] is None and found["is_reliable"]:
            points = float(found["suggested_points"])
            current.append(
                {
                    "event_type": event_type,
                    "points": _number(points),
                    "frequency": "once",
                    "category": "negative" if points < 0 else "behavioral",
                }
            )
            changed["event_points"] += 1
    _write(out / "event_points.csv", header, current)
    return changed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("LEAD_SCORING_DB_PATH", "lead_scoring.duckdb")))
    parser.add_argument("--out", type=Path, default=PROJECT / "target" / "suggested_seeds")
    arguments = parser.parse_args(argv)
    changed = suggest(arguments.db, arguments.out)
    print(
        f"suggest: wrote {arguments.out}/attribute_points.csv ({changed['attribute_points']} rows changed or added)"
        f" and event_points.csv ({changed['event_points']}); review with `diff seeds/ {arguments.out}/`, then"
        f" `scripts/backtest.py --seeds {arguments.out} ...` to compare before copying into seeds/"
    )


if __name__ == "__main__":
    main()
