#!/usr/bin/env python3
"""The slowest dbt nodes of a benchmark step, from the run_results.json that bench.py keeps.

Usage: python benchmarks/node_timings.py /tmp/lead_scoring_bench/50M [--top 10] [--base OTHER_DIR]

Prints a Markdown table per step (a_full_refresh, c_incremental, d_no_change, e_next_day): node,
seconds. Node times overlap when dbt runs two nodes at once (profile threads), so they add up to
more than the step's wall time. With ``--base`` (the same shape measured on another revision, e.g.
by `make bench` in a worktree of it), each table has the base's seconds beside and lists the nodes
slowest in either.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

STEPS = {
    "a_full_refresh": "(a) full refresh",
    "c_incremental": "(c) incremental",
    "d_no_change": "(d) no change, same as-of",
    "e_next_day": "(e) next day, nothing new",
}


def slowest_nodes(run_results: Path, top: int) -> list[tuple[str, float]]:
    results = json.loads(run_results.read_text())["results"]
    timed = sorted(((r["unique_id"], r["execution_time"]) for r in results), key=lambda item: -item[1])
    return timed[:top]


def render(work: Path, top: int = 10) -> str:
    lines = [f"## Slowest nodes, {work.name.replace('_', ' ')}", ""]
    for step, title in STEPS.items():
        path = work / f"{step}.run_results.json"
        if not path.exists():
            continue
        total = json.loads(path.read_text())["elapsed_time"]
        lines += [f"{title}: dbt's own elapsed time {total:.1f} s", "", "| node | seconds |", "|---|---:|"]
        for node, seconds in slowest_nodes(path, top):
            lines.append(f"| `{node.split('.', 2)[-1][:90]}` | {seconds:.1f} |")
        lines.append("")
    return "\n".join(lines)


def compare(base: Path, head: Path, top: int = 12) -> str:
    """Per step, the nodes slowest in either run: base seconds, head seconds (blank: no such node)."""
    lines = [f"## Slowest nodes before and after, {head.name.replace('_', ' ')}", ""]
    for step, title in STEPS.items():
        paths = [run / f"{step}.run_results.json" for run in (base, head)]
        if not all(path.exists() for path in paths):
            continue
        timed = [dict(slowest_nodes(path, 10_000)) for path in paths]
        totals = [json.loads(path.read_text())["elapsed_time"] for path in paths]
        nodes = sorted(set(timed[0]) | set(timed[1]), key=lambda n: -max(timed[0].get(n, 0), timed[1].get(n, 0)))
        lines += [
            f"{title}: dbt's own elapsed time {totals[0]:.1f} s before, {totals[1]:.1f} s after",
            "",
            "| node | before s | after s |",
            "|---|---:|---:|",
        ]
        for node in nodes[:top]:
            cells = [f"{timed[i][node]:.1f}" if node in timed[i] else "" for i in (0, 1)]
            lines.append(f"| `{node.split('.', 2)[-1][:90]}` | {cells[0]} | {cells[1]} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="a size folder of the bench work dir, e.g. /tmp/lead_scoring_bench/50M")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--base", type=Path, help="the same shape's folder from a run of another revision")
    args = parser.parse_args()
    print(compare(args.base, args.work, args.top) if args.base else render(args.work, args.top))


if __name__ == "__main__":
    main()
