"""`make bench` at a tiny size: the harness runs every step and its one-query floor computes exactly
dbt's lead_scores, so the benchmark compares like with like."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import PROJECT_ROOT


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench", PROJECT_ROOT / "benchmarks" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_bench_floor_equals_dbt_and_every_step_is_measured(tmp_path: Path) -> None:
    bench = _load_bench()
    result = bench.bench_size(20_000, tmp_path)
    assert result.floor_matches
    assert result.scored_leads > 0
    for step in (result.full, result.floor, result.incremental, result.no_change):
        assert step.seconds > 0 and step.peak_mib > 0
    report = bench.render([result], "make bench")
    assert "| 20k | 1,000 |" in report
    assert "targets are stated at 100k and 50M" in report
