#!/usr/bin/env python3
"""Held-out quality of the feedback loop (issue 10): the figures tests/python/test_feedback_loop.py checks.

Usage (from the repo root; `make bench` runs it too)::

    python benchmarks/quality.py [--work-dir /tmp/lead_scoring_quality] [--output FILE]

Runs the test's ``loop`` (``run_loop`` and the held-out helpers of tests/python/test_feedback_loop.py,
so the two cannot drift apart silently): generated data with a known conversion process
(``generate(leads=4000, events=60000, seed=5, as_of=2026-11-01, window_days=90, cohorts=5,
truth=True)``), ``scripts/backtest.py`` at the five cohort dates D_5..D_1 with the default points, a
build at D_1 (so the model and the suggested points learn from D_5..D_2 only), ``scripts/suggest.py``,
a backtest of D_1 with the suggested points (``--seeds``), and a build at the as-of. Then, on the
held-out cohort D_1: the AUC of the generator's true propensity, of ``conversion_probability``, of
Odoo-style naive Bayes over the lead attributes (trained on D_5..D_2; tests/python/evaluation_reference.py)
and of ``total_score`` under the default and the suggested points (``score_evaluation``). Prints a
Markdown section with the dates and the command. Takes a few minutes (about eight small dbt builds).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in ("scripts", "tests/python"):
    if str(ROOT / folder) not in sys.path:
        sys.path.insert(0, str(ROOT / folder))

from evaluation_reference import auc  # noqa: E402
from test_feedback_loop import (  # noqa: E402
    AS_OF,
    COHORTS,
    GRID,
    HELD_OUT,
    LOOP_DATA,
    WINDOW,
    _held_out,
    _stamp,
    naive_bayes_held_out,
    run_loop,
    total_score_auc_by_version,
)

COMMAND = "python benchmarks/quality.py"
PYTEST_COMMAND = (
    '.venv/bin/pytest -s -p no:xdist tests/python/test_feedback_loop.py -k "probability_ranks or suggested"'
)


@dataclass
class QualityResult:
    held_out_leads: int
    held_out_converted: int
    truth_auc: float | None
    probability_auc: float | None
    naive_bayes_auc: float | None
    total_score_default_auc: float | None
    total_score_suggested_auc: float | None
    seconds: float


def measure(work: Path) -> QualityResult:
    """Run the loop in ``work`` (emptied first) and compute the held-out figures."""
    started = time.perf_counter()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"[quality] the test's loop: {LOOP_DATA}, backtests and builds in {work}", flush=True)
    loop = run_loop(work)
    project = loop["project"]

    # As test_conversion_probability_ranks_near_the_truth_and_beats_naive_bayes.
    rows = _held_out(project)
    held_out = [row for row in rows if row["cohort_as_of"] == HELD_OUT]
    labels = [int(row["is_converted"]) for row in held_out]
    truth = {row["lead_id"]: float(row["propensity"]) for row in loop["truth"] if row["as_of"] == _stamp(HELD_OUT)}
    missing_probability = [row["lead_id"] for row in held_out if row["conversion_probability"] is None]
    if not held_out or missing_probability or any(row["lead_id"] not in truth for row in held_out):
        raise SystemExit(
            f"quality: held-out cohort {HELD_OUT.date()} has {len(held_out)} leads, "
            f"{len(missing_probability)} without conversion_probability; some not in the truth file?"
        )
    naive_bayes = naive_bayes_held_out(rows, held_out)

    # As test_suggested_points_rank_the_held_out_cohort_better.
    default, by_version = total_score_auc_by_version(project)
    candidates = [version for version in by_version if version != default]
    if default not in by_version or len(candidates) != 1:
        raise SystemExit(f"quality: expected the default and one suggested version at {HELD_OUT.date()}: {by_version}")

    return QualityResult(
        held_out_leads=len(held_out),
        held_out_converted=sum(labels),
        truth_auc=auc([truth[row["lead_id"]] for row in held_out], labels),
        probability_auc=auc([row["conversion_probability"] for row in held_out], labels),
        naive_bayes_auc=auc(naive_bayes, labels),
        total_score_default_auc=by_version[default],
        total_score_suggested_auc=by_version[candidates[0]],
        seconds=time.perf_counter() - started,
    )


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def render(result: QualityResult, command: str = COMMAND) -> str:
    backtested = ", ".join(_day(moment) for moment in GRID[:-1]) + f" and {_day(GRID[-1])}"
    lines = [
        "## The feedback loop: held-out quality (issue 10)",
        "",
        f"Reproduce: `{command}`"
        + (f" (this section alone: `{COMMAND}`)" if command != COMMAND else "")
        + f"; the same figures are checked by `{PYTEST_COMMAND}`.",
        "",
        f"Generated data with a known conversion process (`generate(leads={LOOP_DATA['leads']}, "
        f"events={LOOP_DATA['events']}, seed={LOOP_DATA['seed']}, "
        f"as_of={_day(AS_OF)}, window_days={WINDOW}, cohorts={COHORTS}, truth=True)`), backtested with the default "
        f"points at {backtested}; the cohort {_day(HELD_OUT)} is held out: its `conversion_probability` and the "
        f"suggested points (`scripts/suggest.py`, then `scripts/backtest.py --seeds` at {_day(HELD_OUT)}) were "
        f"learned by the build at {_day(HELD_OUT)}, from the four cohorts before it only; evaluated by the build "
        f"at {_day(AS_OF)} ({WINDOW}-day window). Naive Bayes is trained on those four cohorts too. "
        f"Held-out cohort: {result.held_out_leads:,} leads, {result.held_out_converted:,} converted. "
        f"Run time {result.seconds:.0f} s.",
        "",
        f"| held-out cohort {_day(HELD_OUT)}, evaluated at {_day(AS_OF)} | AUC |",
        "|---|---:|",
        f"| true propensity (hidden state included) | {_figure(result.truth_auc)} |",
        f"| `conversion_probability` | {_figure(result.probability_auc)} |",
        f"| naive Bayes over lead attributes (Odoo) | {_figure(result.naive_bayes_auc)} |",
        f"| `total_score`, default points | {_figure(result.total_score_default_auc)} |",
        f"| `total_score`, suggested points | {_figure(result.total_score_suggested_auc)} |",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/lead_scoring_quality"))
    parser.add_argument("--output", type=Path, help="also write the Markdown section to this file")
    args = parser.parse_args(argv)
    report = render(measure(args.work_dir))
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
