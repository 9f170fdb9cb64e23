#!/usr/bin/env python3
"""Benchmark: dbt build against a single hand-written query, full and incremental, at several sizes.

Usage (from the repo root; `make bench` runs it with the project's .venv)::

    python benchmarks/bench.py [--sizes 100k,1M,10M,50M] [--work-dir /tmp/lead_scoring_bench]
        [--output benchmarks/results.md]

For each size (events; leads = events / 50, at least 1000) it generates Parquet data with
scripts/generate_data.py in 101 time-ordered event files, sets the newest file aside (about 1% of the
events) and measures, one after the other in the same run:

  (a) `dbt build --full-refresh` over the first 100 files;
  (b) the floor: benchmarks/floor_query.sql, the same lead_scores in one DuckDB query, run in a
      fresh process with the profile's threads and memory_limit, materialised into a table (as dbt
      materialises its marts); its result is checked equal to dbt's lead_scores;
  (c) `dbt build` (incremental) after the set-aside file is moved into the events folder;
  (d) `dbt build` again with nothing new (a scheduled run that finds no new file).

Every step is a child process; wall time is measured around it and peak memory is the child's
maximum resident set size (os.wait4). Scoring time is fixed (the generator's as-of), so every run
scores the same instant. Results go to a Markdown table with the machine's cores and memory.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_data import generate  # noqa: E402
from node_timings import render as render_profile  # noqa: E402

BIN = Path(sys.executable).parent
AS_OF = datetime(2026, 11, 1)
AS_OF_TEXT = "2026-11-01T00:00:00"
BATCHES = 101  # 100 files for the full build, the 101st (~1%) arrives for the incremental run
EVENTS_PER_LEAD = 50
THREADS = os.environ.get("LEAD_SCORING_THREADS", "2")
MEMORY_LIMIT = os.environ.get("LEAD_SCORING_MEMORY_LIMIT", "6GB")

# Run in a child process so the floor's peak memory is its own, like dbt's.
FLOOR_SCRIPT = """
import sys, duckdb
database, raw_path, seeds_path, as_of, query_file, threads, memory_limit = sys.argv[1:]
connection = duckdb.connect(database, config={"threads": threads, "memory_limit": memory_limit})
connection.execute("set TimeZone = 'UTC'")
connection.execute("set variable raw_path = ?", [raw_path])
connection.execute("set variable seeds_path = ?", [seeds_path])
connection.execute("set variable score_as_of = ?", [as_of])
query = open(query_file, encoding="utf-8").read().strip().rstrip(";")
connection.execute("create or replace table floor_scores as " + query)
connection.close()
"""


@dataclass
class Step:
    seconds: float
    peak_mib: float


@dataclass
class SizeResult:
    events: int
    leads: int
    generate_seconds: float
    full: Step
    floor: Step
    incremental: Step
    no_change: Step
    floor_matches: bool
    scored_leads: int

    @property
    def full_over_floor(self) -> float:
        return self.full.seconds / self.floor.seconds

    @property
    def incremental_over_full(self) -> float:
        return self.incremental.seconds / self.full.seconds


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(events: int) -> str:
    if events >= 1_000_000 and events % 1_000_000 == 0:
        return f"{events // 1_000_000}M"
    if events >= 1_000 and events % 1_000 == 0:
        return f"{events // 1_000}k"
    return str(events)


def run_measured(command: list[str], env: dict[str, str], log: Path) -> Step:
    """Run a child process to completion; its wall time and maximum resident set size."""
    with log.open("w") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise SystemExit(f"benchmark step failed ({' '.join(command)}), see {log}:\n{tail}")
    # ru_maxrss is in KiB on Linux.
    return Step(seconds=seconds, peak_mib=usage.ru_maxrss / 1024)


def dbt_env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LEAD_SCORING_DB_PATH": str(work / "lead_scoring.duckdb"),
        "LEAD_SCORING_THREADS": THREADS,
        "LEAD_SCORING_MEMORY_LIMIT": MEMORY_LIMIT,
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def dbt_build(work: Path, raw: Path, log: Path, *flags: str) -> Step:
    variables = f'{{"raw_path": "{raw}", "raw_format": "parquet", "score_as_of": "{AS_OF_TEXT}"}}'
    command = [str(BIN / "dbt"), "build", *flags, "--project-dir", str(ROOT), "--vars", variables]
    step = run_measured(command, dbt_env(work), log)
    # Keep each step's per-node timings beside its log, for profiling the slowest models.
    shutil.copy2(work / "target" / "run_results.json", log.with_suffix(".run_results.json"))
    return step


def compare_floor(work: Path) -> tuple[bool, int]:
    """True when the floor's scores equal dbt's lead_scores row for row; and dbt's row count."""
    import duckdb

    connection = duckdb.connect(str(work / "lead_scoring.duckdb"), read_only=True)
    connection.execute(f"attach '{work / 'floor.duckdb'}' as floor (read_only)")
    columns = "lead_id, fit_score, engagement_score, total_score, tier, is_mql, is_disqualified"
    differences = connection.execute(
        f"""
        select count(*) from (
            (select {columns} from main.lead_scores except all select {columns} from floor.floor_scores)
            union all
            (select {columns} from floor.floor_scores except all select {columns} from main.lead_scores)
        )
        """
    ).fetchone()[0]
    scored = connection.execute("select count(*) from main.lead_scores").fetchone()[0]
    connection.close()
    return differences == 0, scored


def bench_size(events: int, work_root: Path) -> SizeResult:
    label = size_label(events)
    leads = max(1_000, events // EVENTS_PER_LEAD)
    work = work_root / label
    shutil.rmtree(work, ignore_errors=True)
    generated, raw, later = work / "generated", work / "raw", work / "arrives_later"
    (raw / "events").mkdir(parents=True)
    later.mkdir()

    print(f"[{label}] generating {events:,} events, {leads:,} leads", flush=True)
    started = time.perf_counter()
    generate(out=generated, leads=leads, events=events, seed=7, as_of=AS_OF, fmt="parquet", batches=BATCHES)
    generate_seconds = time.perf_counter() - started
    parts = sorted((generated / "events").glob("part-*.parquet"))
    for name in ("leads", "conversions"):
        (generated / f"{name}.parquet").rename(raw / f"{name}.parquet")
    for part in parts[:-1]:
        part.rename(raw / "events" / part.name)
    parts[-1].rename(later / parts[-1].name)

    print(f"[{label}] (a) dbt build --full-refresh", flush=True)
    full = dbt_build(work, raw, work / "a_full_refresh.log", "--full-refresh")

    print(f"[{label}] (b) single-query floor", flush=True)
    floor_command = [
        str(BIN / "python"),
        "-c",
        FLOOR_SCRIPT,
        str(work / "floor.duckdb"),
        str(raw),
        str(ROOT / "seeds"),
        AS_OF_TEXT.replace("T", " "),
        str(ROOT / "benchmarks" / "floor_query.sql"),
        THREADS,
        MEMORY_LIMIT,
    ]
    floor = run_measured(floor_command, dict(os.environ), work / "b_floor.log")
    matches, scored = compare_floor(work)

    print(f"[{label}] (c) incremental run after a new file with ~1% more events", flush=True)
    (later / parts[-1].name).rename(raw / "events" / parts[-1].name)
    incremental = dbt_build(work, raw, work / "c_incremental.log")

    print(f"[{label}] (d) no-change scheduled run", flush=True)
    no_change = dbt_build(work, raw, work / "d_no_change.log")

    result = SizeResult(events, leads, generate_seconds, full, floor, incremental, no_change, matches, scored)
    print(
        f"[{label}] full {full.seconds:.1f} s, floor {floor.seconds:.1f} s, incremental "
        f"{incremental.seconds:.1f} s, no-change {no_change.seconds:.1f} s, floor matches: {matches}",
        flush=True,
    )
    return result


def machine_description() -> str:
    memory_kib = 0
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import dbt.version
    import duckdb

    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kib / 1024 / 1024:.1f} GiB memory, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, dbt-core {dbt.version.__version__}, "
        f"DuckDB {duckdb.__version__}; profile threads={THREADS}, memory_limit={MEMORY_LIMIT}"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(results: list[SizeResult], command: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_description()}.",
        "",
        f"Reproduce: `{command}`",
        "",
        "Parquet input, events in 100 files (+1 new file of ~1% for the incremental run), leads = "
        f"events / {EVENTS_PER_LEAD}. Times are wall seconds of one child process each, peak memory is "
        "its maximum resident set size. (a) `dbt build --full-refresh` (seeds, models and all data and "
        "unit tests); (b) `benchmarks/floor_query.sql`, the same `lead_scores` in one DuckDB query "
        "materialised into a table; (c) `dbt build` after the new file arrives; (d) `dbt build` with "
        "nothing new.",
        "",
        "| events | leads | (a) full s | (a) peak MiB | (b) floor s | (b) peak MiB | (c) incr s "
        "| (c) peak MiB | (d) no-change s | (d) peak MiB | (a)/(b) | (c)/(a) | floor = dbt |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        lines.append(
            f"| {size_label(r.events)} | {r.leads:,} | {r.full.seconds:.1f} | {r.full.peak_mib:,.0f} "
            f"| {r.floor.seconds:.1f} | {r.floor.peak_mib:,.0f} | {r.incremental.seconds:.1f} "
            f"| {r.incremental.peak_mib:,.0f} | {r.no_change.seconds:.1f} | {r.no_change.peak_mib:,.0f} "
            f"| {r.full_over_floor:.2f} | {r.incremental_over_full:.2f} | {'yes' if r.floor_matches else 'NO'} |"
        )
    lines += ["", "## Targets", ""]
    by_size = {r.events: r for r in results}
    big, small = by_size.get(50_000_000), by_size.get(100_000)
    if big:
        peak = max(big.full.peak_mib, big.incremental.peak_mib, big.no_change.peak_mib)
        lines += [
            f"- Full build at 50M events at most 2x the floor: {big.full_over_floor:.2f}x "
            f"({verdict(big.full_over_floor <= 2)}); under 60 s: {big.full.seconds:.1f} s "
            f"({verdict(big.full.seconds < 60)}).",
            f"- Incremental run with 1% new events at most 15% of the full build: "
            f"{100 * big.incremental_over_full:.1f}% ({verdict(big.incremental_over_full <= 0.15)}).",
            f"- Peak memory under 8 GiB at 50M events: {peak / 1024:.2f} GiB ({verdict(peak < 8 * 1024)}).",
        ]
    if small:
        lines.append(
            f"- No-change run at 100k events under 10 s: {small.no_change.seconds:.1f} s "
            f"({verdict(small.no_change.seconds < 10)})."
        )
    if not (big or small):
        lines.append("- The targets are stated at 100k and 50M events; neither size was run.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1M,10M,50M", help="event counts, e.g. 100k,1M")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/lead_scoring_bench"))
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    sizes = [parse_size(size) for size in args.sizes.split(",")]
    results = [bench_size(events, args.work_dir) for events in sizes]
    command = "make bench" + (f' BENCH_ARGS="--sizes {args.sizes}"' if args.sizes != "100k,1M,10M,50M" else "")
    report = render(results, command)
    largest = size_label(max(sizes))
    report += "\n" + render_profile(args.work_dir / largest)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    if not all(r.floor_matches for r in results):
        raise SystemExit("the floor query and dbt's lead_scores differ: the comparison is not valid")


if __name__ == "__main__":
    main()
