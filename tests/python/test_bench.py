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
