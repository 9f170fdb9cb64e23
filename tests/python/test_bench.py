"""`make bench` at a tiny size: the harness runs every step and its one-query floor computes exactly
dbt's lead_scores, so the benchmark compares like with like."""

from __future__ import annotations

from pathlib import Path

import bench
import pytest

pytestmark = pytest.mark.integration  # `make test-integration`: the benchmark's smoke run


def test_bench_floor_equals_dbt_and_every_step_is_measured(tmp_path: Path) -> None:
    result = bench.bench_size(20_000, tmp_path)
    assert result.floor_matches and result.later_matches == {"c": True, "d": True, "e": True}
    assert result.scored_leads > 0
    for step in (result.full, result.floor, result.incremental, result.no_change, result.next_day, result.fixed_cost):
        assert step is not None and step.seconds > 0 and step.peak_mib > 0
    report = bench.render([result], "make bench")
    assert "| 1k leads / 20k events in 100 files |" in report
    assert "targets are stated at 1M leads" in report


def test_bench_one_file_shape_merges_the_events_and_keeps_every_row(tmp_path: Path) -> None:
    """Shape (b): the 100 generated event files become one, the 101st still arrives later."""
    import duckdb

    result = bench.bench_size(10_000, tmp_path, leads=1_000, files=1)
    work = tmp_path / "1k_leads_1_file"
    files = sorted(path.name for path in (work / "raw" / "events").iterdir())
    assert files == ["part-0000.parquet", "part-0100.parquet"]
    with duckdb.connect() as connection:
        rows = connection.execute(f"select count(*) from '{work / 'raw' / 'events'}/*.parquet'").fetchone()[0]
    assert rows == 10_000  # every generated row (re-deliveries included), none lost in the merge
    assert result.all_match and result.files == 1
    assert "| 1k leads / 10k events in 1 file |" in bench.render([result], "make bench")


def test_ab_times_both_revisions_on_the_same_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import ab
    from conftest import EVENT_COLUMNS, write_csv, write_raw

    raw = write_raw(tmp_path / "raw", leads=[{"lead_id": "L1", "updated_at": "2026-01-01"}], events=[])
    (raw / "events.csv").unlink()
    event = {"event_id": "E1", "lead_id": "L1", "event_type": "pricing_page_view", "occurred_at": "2026-05-01"}
    write_csv(raw / "events" / "part-0000.csv", [event], EVENT_COLUMNS)
    write_csv(raw / "events" / "part-0001.csv", [{**event, "event_id": "E2"}], EVENT_COLUMNS)
    arguments = ["--base", "HEAD", "--raw", str(raw), "--as-of", "2026-06-01T00:00:00", "--repeat", "1"]
    new_file = raw / "events" / "part-0001.csv"
    assert ab.main([*arguments, "--next-day", "--nodes", "3", "--new-file", str(new_file)]) == 0
    assert sorted(path.name for path in (raw / "events").iterdir()) == ["part-0000.csv", "part-0001.csv"]
    out = capsys.readouterr().out
    rows = [line.split("|") for line in out.splitlines() if line.startswith("| full build")
            or line.startswith("| nothing new") or line.startswith("| a new event file")]  # fmt: skip
    assert [row[1].split(" (median")[0].strip() for row in rows] == [
        "full build (--full-refresh)", "a new event file", "nothing new, same as-of", "nothing new, next day",
        "nothing new, back to the as-of",
    ]  # fmt: skip
    for row in rows:
        base, head, ratio = (float(cell) for cell in row[2:5])
        # The ratio is of the unrounded seconds, shown to 0.01; the seconds are shown to 0.1.
        shown_error = 0.005 + 0.05 * (1 + head / base) / base
        assert base > 0 and head > 0 and ratio == pytest.approx(head / base, abs=shown_error)
    # per step, the 3 slowest nodes with both revisions' seconds
    node_rows = [line.split("|") for line in out.splitlines() if line.startswith("| `")]
    assert len(node_rows) == 5 * 3
    assert all(float(row[2]) >= 0 and float(row[3]) >= 0 for row in node_rows)
