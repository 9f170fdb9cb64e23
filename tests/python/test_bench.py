"""`make bench` at a tiny size: the harness runs every step and its one-query floor computes exactly
dbt's lead_scores, so the benchmark compares like with like."""

from __future__ import annotations

from pathlib import Path

import bench
import pytest

pytestmark = pytest.mark.integration  # `make test-integration`: the benchmark's smoke run


def test_bench_floor_equals_dbt_and_every_step_is_measured(tmp_path: Path) -> None:
    result = bench.bench_size(20_000, tmp_path)
    assert result.floor_matches
    assert result.scored_leads > 0
    for step in (result.full, result.floor, result.incremental, result.no_change):
        assert step.seconds > 0 and step.peak_mib > 0
    report = bench.render([result], "make bench")
    assert "| 20k | 1,000 |" in report
    assert "targets are stated at 100k and 50M" in report


def test_ab_times_both_revisions_on_the_same_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import ab
    from conftest import write_raw

    raw = write_raw(tmp_path / "raw", leads=[{"lead_id": "L1", "updated_at": "2026-01-01"}], events=[])
    assert ab.main(["--base", "HEAD", "--raw", str(raw), "--as-of", "2026-06-01T00:00:00", "--repeat", "1"]) == 0
    rows = [line.split("|") for line in capsys.readouterr().out.splitlines() if line.startswith("| full build")
            or line.startswith("| nothing new")]  # fmt: skip
    assert len(rows) == 2
    for row in rows:
        base, head, ratio = (float(cell) for cell in row[2:5])
        assert base > 0 and head > 0 and ratio == pytest.approx(head / base, abs=0.01)
