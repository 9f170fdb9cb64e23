"""The sample-data generator is deterministic and writes the mess it promises."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from generate_data import generate  # noqa: E402

AS_OF = datetime(2026, 6, 1, 12, 0, 0)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    for fmt, batches, truth in (("csv", 1, False), ("parquet", 3, True)):
        first, second = tmp_path / f"{fmt}-a", tmp_path / f"{fmt}-b"
        for out in (first, second):
            generate(out=out, leads=300, events=4000, seed=7, as_of=AS_OF, fmt=fmt, batches=batches, truth=truth)
        assert _files(first) == _files(second)
        assert len(_files(first)) == 2 + batches + truth  # truth/propensity.csv only when asked
    generate(out=tmp_path / "other", leads=300, events=4000, seed=8, as_of=AS_OF)
    assert _files(tmp_path / "other") != _files(tmp_path / "csv-a")


def test_csv_sample_is_messy(tmp_path: Path) -> None:
    generate(out=tmp_path, leads=300, events=4000, seed=7, as_of=AS_OF)
    leads, events = _rows(tmp_path / "leads.csv"), _rows(tmp_path / "events.csv")
    assert len(events) == 4000 and _rows(tmp_path / "conversions.csv")

    lead_ids = [row["lead_id"] for row in leads]
    assert any(not i.strip() for i in lead_ids), "blank lead ids"
    assert any(i.strip() and i != i.strip() for i in lead_ids), "padded lead ids"
    trimmed = {i.strip() for i in lead_ids}
    assert any(i.startswith("l") and "L" + i[1:] in trimmed for i in trimmed), "ids differing only by case"
    assert max(Counter(tuple(row.values()) for row in leads).values()) > 1, "exact duplicate lead rows"
    updated = [row["updated_at"] for row in leads]
    assert any(u.endswith("Z") for u in updated) and any(u.endswith("+02:00") for u in updated)
    assert any(" " in u for u in updated) and {"not a date", "2026-13-45", ""} & set(updated)
    assert {"unknown", ""} <= {row["employee_count"].strip() for row in leads}
    assert any("\n" in row["company_name"] for row in leads) and any('"' in row["company_name"] for row in leads)

    assert max(Counter(tuple(row.values()) for row in events).values()) > 1, "re-delivered events"
    assert any(not row["lead_id"].strip() for row in events), "anonymous events"
    assert any(row["lead_id"].strip() and row["lead_id"].strip() not in trimmed for row in events), "orphans"
    spellings = {row["event_type"] for row in events}
    assert {"pricing_page_view", "Pricing Page View", "pricing-page-view"} <= spellings
    assert any(row["occurred_at"].endswith("Z") for row in events)
    assert any(row["properties"].startswith("{") and not row["properties"].endswith("}") for row in events)


def test_parquet_batches_are_string_parts_in_time_order(tmp_path: Path) -> None:
    generate(out=tmp_path, leads=200, events=3000, seed=1, as_of=AS_OF, fmt="parquet", batches=2)
    parts = sorted((tmp_path / "events").glob("part-*.parquet"))
    assert [p.name for p in parts] == ["part-0000.parquet", "part-0001.parquet"]
    tables = [pq.read_table(p) for p in parts]
    for table in [*tables, pq.read_table(tmp_path / "leads.parquet"), pq.read_table(tmp_path / "conversions.parquet")]:
        assert all(field.type == pa.string() for field in table.schema)
    first_ids = set(tables[0]["event_id"].to_pylist())
    assert first_ids & set(tables[1]["event_id"].to_pylist()) - {""}, "re-deliveries across batches"
    assert sum(t.num_rows for t in tables) == 3000
