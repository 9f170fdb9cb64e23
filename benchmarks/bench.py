#!/usr/bin/env python3
"""Benchmark: dbt build against a single hand-written query, full and incremental, on two data shapes.

Usage (from the repo root; `make bench` runs it with the project's .venv)::

    python benchmarks/bench.py [--sizes 50M] [--leads-heavy 1M] [--backtest-leads 1M] [--no-quality]
        [--work-dir /tmp/lead_scoring_bench] [--output benchmarks/results.md]

Shape (a), events-heavy, for each of ``--sizes`` (events; leads = events / 50, at least 1000;
default 50M): Parquet data from scripts/generate_data.py in 101 time-ordered event files, the
newest (about 1% of the events) set aside. Shape (b), leads-heavy, ``--leads-heavy`` leads (default
1M; 0 skips it) and 10x as many events: the same, with the first 100 event files merged into one
file (one load). For each, one after the other in the same run:

  (f) dbt's fixed cost: `dbt build` of a one-model project with the same profile;
  (a) `dbt build --full-refresh` over the first 100 files (or the one file);
  (b) the floor: benchmarks/floor_query.sql, the same lead_scores in one DuckDB query, run in a
      fresh process with the profile's threads and memory_limit, materialised into a table (as dbt
      materialises its marts); its result is checked equal to dbt's lead_scores;
  (c) `dbt build` (incremental) after the set-aside file is moved into the events folder;
  (d) `dbt build` again with nothing new (a scheduled run that finds no new file);
  (e) `dbt build` with nothing new the next day (score_as_of + 1 day: scores decay).

The floor is run again after (c) and (e), on the same files and as-of, and dbt's scores are checked
against it after (c), (d) and (e) too.

Then the feedback loop (issue 10), each part skipped with ``--backtest-leads 0`` or ``--no-quality``:

  backtest: at ``--backtest-leads`` leads (default 1M) and 10x as many events, in one Parquet events
      file: (a) `dbt build --full-refresh` at the as-of, (b) `scripts/backtest.py` at 12 past as-of
      dates (2025-11-01 to 2026-10-02 every 30 days, as `make backtest`) into the same warehouse, and a
      check that the history holds rows at each of the 12 dates; with ``--backtest-build-after`` also
      (c) `dbt build` after it at the as-of (evaluates and learns from the 13 dates, as `make backtest`
      does; it re-writes the as-of's history slice, which (a) wrote);
  quality: benchmarks/quality.py, the held-out AUCs that tests/python/test_feedback_loop.py checks.

``--sizes 0 --leads-heavy 0`` skips both shapes (only the feedback loop is measured).

Every step is a child process; wall time is measured around it and peak memory is the child's
maximum resident set size (os.wait4). On Linux that maximum covers the child's descendants it waited
for (their largest peak, not a sum): for the backtest, the largest of backtest.py itself and each of
its `dbt build` children, which run one at a time. Scoring time is fixed (the generator's as-of), so
every run scores the same instant. Results go to a Markdown table with the machine's cores and memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from backtest import as_of_dates  # noqa: E402
from generate_data import generate  # noqa: E402
from node_timings import render as render_profile  # noqa: E402

if TYPE_CHECKING:
    from quality import QualityResult

BIN = Path(sys.executable).parent
AS_OF = datetime(2026, 11, 1)
AS_OF_TEXT = "2026-11-01T00:00:00"
NEXT_DAY_TEXT = (AS_OF + timedelta(days=1)).isoformat()
BATCHES = 101  # 100 files for the full build, the 101st (~1%) arrives for the incremental run
EVENTS_PER_LEAD = 50
THREADS = os.environ.get("LEAD_SCORING_THREADS", "2")
MEMORY_LIMIT = os.environ.get("LEAD_SCORING_MEMORY_LIMIT", "6GB")
DEFAULT_SIZES = "50M"  # shape (a): 1M leads, 50M events in 100 files
DEFAULT_LEADS_HEAVY = "1M"  # shape (b): 1M leads, 10M events in one file
# The backtest step: `make backtest`'s default dates (12 of them), leads = --backtest-leads, events 10x.
DEFAULT_BACKTEST_LEADS = "1M"
BACKTEST_FROM, BACKTEST_TO, BACKTEST_EVERY_DAYS = date(2025, 11, 1), date(2026, 10, 2), 30
BACKTEST_EVENTS_PER_LEAD = 10

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
    files: int  # event files of the full build (1 = shape (b), one large file)
    next_day: Step  # (e) nothing new, score_as_of + 1 day
    fixed_cost: Step  # (f) a trivial one-model dbt build: dbt's fixed cost
    # Scores equal to the floor's after (c), (d) and (e) too (the floor re-run on the same inputs).
    later_matches: dict[str, bool]
    label: str  # the shape's folder in the work dir

    @property
    def full_over_floor(self) -> float:
        return self.full.seconds / self.floor.seconds

    @property
    def incremental_over_full(self) -> float:
        return self.incremental.seconds / self.full.seconds

    @property
    def all_match(self) -> bool:
        return self.floor_matches and all(self.later_matches.values())

    @property
    def shape(self) -> str:
        return f"{size_label(self.leads)} leads / {size_label(self.events)} events in {self.files} file" + (
            "s" if self.files > 1 else ""
        )


@dataclass
class BacktestResult:
    leads: int
    events: int
    generate_seconds: float
    full: Step
    backtest: Step
    after: Step | None  # (c), with --backtest-build-after
    dates: list[date]
    history_rows: dict[date, int]  # lead_score_history rows at each backtested date
    date_seconds: list[int]  # each date's seconds, whole seconds from backtest.py's progress lines
    evaluated_cohorts: int | None  # distinct cohort_as_of in score_evaluation after (c)

    @property
    def backtest_over_full(self) -> float:
        return self.backtest.seconds / self.full.seconds

    @property
    def seconds_per_date(self) -> float:
        return self.backtest.seconds / len(self.dates)

    @property
    def history_complete(self) -> bool:
        return all(self.history_rows.get(moment, 0) > 0 for moment in self.dates)


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


def dbt_build(work: Path, raw: Path, log: Path, *flags: str, as_of: str = AS_OF_TEXT) -> Step:
    variables = f'{{"raw_path": "{raw}", "raw_format": "parquet", "score_as_of": "{as_of}"}}'
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


def run_floor(work: Path, raw: Path, log: Path, as_of: str = AS_OF_TEXT) -> Step:
    """The one-query floor in a child process (its own peak memory), into WORK/floor.duckdb."""
    command = [
        str(BIN / "python"), "-c", FLOOR_SCRIPT, str(work / "floor.duckdb"), str(raw), str(ROOT / "seeds"),
        as_of.replace("T", " "), str(ROOT / "benchmarks" / "floor_query.sql"), THREADS, MEMORY_LIMIT,
    ]  # fmt: skip
    (work / "floor.duckdb").unlink(missing_ok=True)
    return run_measured(command, dict(os.environ), log)


TRIVIAL_PROJECT = {
    "dbt_project.yml": "name: trivial\nversion: '1.0'\nconfig-version: 2\nprofile: lead_scoring\n",
    "models/one.sql": "select 1 as one\n",
}


def fixed_cost(work: Path) -> Step:
    """(f) dbt's fixed cost on this machine now: `dbt build` of a one-model project (same profile)."""
    project = work / "trivial_project"
    for name, text in TRIVIAL_PROJECT.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    env = {**dbt_env(work), "LEAD_SCORING_DB_PATH": str(work / "trivial.duckdb"),
           "DBT_TARGET_PATH": str(project / "target"), "DBT_LOG_PATH": str(project / "logs")}  # fmt: skip
    return run_measured([str(BIN / "dbt"), "build", "--project-dir", str(project)], env, work / "f_fixed_cost.log")


def merge_parts(parts: list[Path], into: Path) -> None:
    """Write the event files ``parts`` as one Parquet file (shape (b): one large events file)."""
    import duckdb

    files = ", ".join(f"'{part}'" for part in parts)
    with duckdb.connect() as connection:
        connection.execute(f"copy (select * from read_parquet([{files}])) to '{into}' (format parquet)")
    for part in parts:
        part.unlink()


def bench_size(events: int, work_root: Path, leads: int | None = None, files: int = BATCHES - 1) -> SizeResult:
    """One data shape: ``events`` events of ``leads`` leads (default events / 50) in ``files`` event
    files (100: shape (a), events-heavy; 1: shape (b), one large file), steps (a)-(f)."""
    leads = leads or max(1_000, events // EVENTS_PER_LEAD)
    label = size_label(events) if files == BATCHES - 1 else f"{size_label(leads)}_leads_{files}_file"
    work = work_root / label
    shutil.rmtree(work, ignore_errors=True)
    generated, raw, later = work / "generated", work / "raw", work / "arrives_later"
    (raw / "events").mkdir(parents=True)
    later.mkdir()

    print(f"[{label}] generating {events:,} events, {leads:,} leads, {files} event file(s)", flush=True)
    started = time.perf_counter()
    generate(out=generated, leads=leads, events=events, seed=7, as_of=AS_OF, fmt="parquet", batches=BATCHES)
    parts = sorted((generated / "events").glob("part-*.parquet"))
    for name in ("leads", "conversions"):
        (generated / f"{name}.parquet").rename(raw / f"{name}.parquet")
    if files == BATCHES - 1:
        for part in parts[:-1]:
            part.rename(raw / "events" / part.name)
    else:
        if files != 1:
            raise ValueError("files is 100 (one per generated batch) or 1")
        merge_parts(parts[:-1], raw / "events" / parts[0].name)
    parts[-1].rename(later / parts[-1].name)
    generate_seconds = time.perf_counter() - started

    print(f"[{label}] (f) dbt's fixed cost: a one-model build", flush=True)
    fixed = fixed_cost(work)

    print(f"[{label}] (a) dbt build --full-refresh", flush=True)
    full = dbt_build(work, raw, work / "a_full_refresh.log", "--full-refresh")

    print(f"[{label}] (b) single-query floor", flush=True)
    floor = run_floor(work, raw, work / "b_floor.log")
    matches, scored = compare_floor(work)

    print(f"[{label}] (c) incremental run after a new file with ~1% more events", flush=True)
    (later / parts[-1].name).rename(raw / "events" / parts[-1].name)
    incremental = dbt_build(work, raw, work / "c_incremental.log")
    later_matches = {}
    run_floor(work, raw, work / "c_floor.log")
    later_matches["c"] = compare_floor(work)[0]

    print(f"[{label}] (d) no-change scheduled run, same score_as_of", flush=True)
    no_change = dbt_build(work, raw, work / "d_no_change.log")
    later_matches["d"] = compare_floor(work)[0]

    print(f"[{label}] (e) next day, nothing new (score_as_of + 1 day)", flush=True)
    next_day = dbt_build(work, raw, work / "e_next_day.log", as_of=NEXT_DAY_TEXT)
    run_floor(work, raw, work / "e_floor.log", as_of=NEXT_DAY_TEXT)
    later_matches["e"] = compare_floor(work)[0]

    result = SizeResult(
        events, leads, generate_seconds, full, floor, incremental, no_change, matches, scored,
        files, next_day, fixed, later_matches, label,
    )  # fmt: skip
    print(
        f"[{label}] full {full.seconds:.1f} s, floor {floor.seconds:.1f} s, incremental "
        f"{incremental.seconds:.1f} s, no-change {no_change.seconds:.1f} s, next day {next_day.seconds:.1f} s, "
        f"fixed cost {fixed.seconds:.1f} s, floor matches: {matches} {later_matches}",
        flush=True,
    )
    return result


def backtest_command(work: Path, raw: Path) -> list[str]:
    variables = json.dumps({"raw_path": str(raw), "raw_format": "parquet"})
    return [
        str(BIN / "python"), str(ROOT / "scripts" / "backtest.py"),
        "--from", BACKTEST_FROM.isoformat(), "--to", BACKTEST_TO.isoformat(),
        "--every-days", str(BACKTEST_EVERY_DAYS), "--db", str(work / "lead_scoring.duckdb"), "--vars", variables,
    ]  # fmt: skip


def date_seconds(log: Path) -> list[int]:
    """Each date's whole seconds, from backtest.py's "date N of M ... (elapsed Xs)" and final lines
    (the last date's includes writing the slices back)."""
    text = log.read_text(errors="replace")
    marks = [int(m) for m in re.findall(r"^backtest: date \d+ of \d+: \S+ \(elapsed (\d+)s\)", text, re.M)]
    final = re.search(r"^backtest: wrote .* in (\d+)s", text, re.M)
    if final:
        marks.append(int(final.group(1)))
    return [later - earlier for earlier, later in zip(marks, marks[1:], strict=False)]


def bench_backtest(leads: int, work_root: Path, build_after: bool = False) -> BacktestResult:
    events = leads * BACKTEST_EVENTS_PER_LEAD
    label = f"backtest_{size_label(leads)}_leads"
    work = work_root / label
    shutil.rmtree(work, ignore_errors=True)
    raw = work / "raw"
    dates = as_of_dates(BACKTEST_FROM, BACKTEST_TO, BACKTEST_EVERY_DAYS)

    print(f"[{label}] generating {events:,} events, {leads:,} leads (one events file)", flush=True)
    started = time.perf_counter()
    generate(out=raw, leads=leads, events=events, seed=7, as_of=AS_OF, fmt="parquet")
    generate_seconds = time.perf_counter() - started

    print(f"[{label}] (a) dbt build --full-refresh at {AS_OF_TEXT}", flush=True)
    full = dbt_build(work, raw, work / "a_full_refresh.log", "--full-refresh")

    print(f"[{label}] (b) backtest at {len(dates)} dates, {dates[0]} to {dates[-1]}", flush=True)
    backtest = run_measured(backtest_command(work, raw), dbt_env(work), work / "b_backtest.log")

    import duckdb

    with duckdb.connect(str(work / "lead_scoring.duckdb"), read_only=True) as connection:
        counted = connection.execute(
            "select cast(score_as_of as date), count(*) from lead_score_history group by 1"
        ).fetchall()
    history_rows = {moment: rows for moment, rows in counted}

    after, evaluated = None, None
    if build_after:
        print(f"[{label}] (c) dbt build after the backtest", flush=True)
        after = dbt_build(work, raw, work / "c_build_after.log")
        with duckdb.connect(str(work / "lead_scoring.duckdb"), read_only=True) as connection:
            evaluated = connection.execute("select count(distinct cohort_as_of) from score_evaluation").fetchone()[0]

    result = BacktestResult(
        leads, events, generate_seconds, full, backtest, after, dates, history_rows,
        date_seconds(work / "b_backtest.log"), evaluated,
    )  # fmt: skip
    print(
        f"[{label}] full {full.seconds:.1f} s, backtest {backtest.seconds:.1f} s "
        f"({result.backtest_over_full:.2f}x, {result.seconds_per_date:.1f} s per date)"
        + (f", build after {after.seconds:.1f} s" if after else "")
        + f"; history rows at all {len(dates)} dates: {result.history_complete}",
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


def render(
    results: list[SizeResult],
    command: str,
    backtest: BacktestResult | None = None,
    quality: QualityResult | None = None,
    profile: str = "",
) -> str:
    """The Markdown report: the event-size table and targets, ``profile`` (the slowest nodes), then
    the backtest and quality sections when they were measured."""
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_description()}.",
        "",
        f"Reproduce: `{command}`",
        "",
    ]
    if results:
        lines += render_sizes(results)
    else:
        lines.append("No event-size steps in this run (`--sizes 0`).")
    if profile:
        lines += ["", profile.rstrip("\n")]
    if backtest:
        lines += ["", *render_backtest(backtest, command)]
    if quality:
        from quality import render as render_quality

        lines += ["", render_quality(quality, command).rstrip("\n")]
    return "\n".join(lines) + "\n"


def render_sizes(results: list[SizeResult]) -> list[str]:
    lines = [
        "Parquet input; leads = events / 50 unless the row says; events in 100 files (shape (a), "
        "events-heavy) or in one file (shape (b), leads-heavy), and a new file of ~1% more events for (c). "
        "Times are wall seconds of one child process each, peak memory is its maximum resident set size. "
        "(a) `dbt build --full-refresh` (seeds, models and all data and unit tests); (b) "
        "`benchmarks/floor_query.sql`, the same `lead_scores` in one DuckDB query materialised into a "
        "table; (c) `dbt build` after the new file arrives; (d) `dbt build` with nothing new, same "
        "`score_as_of`; (e) `dbt build` with nothing new the next day (`score_as_of` + 1 day); (f) dbt's "
        'fixed cost, `dbt build` of a one-model project, in the same run. "= floor" checks dbt\'s '
        "`lead_scores` against the floor's after (a), (c), (d) and (e) (the floor re-run on the same files "
        "and as-of).",
        "",
        "| shape | (a) full s | (a) peak MiB | (b) floor s | (b) peak MiB | (c) +1% s | (c) peak MiB "
        "| (d) no-change s | (e) next day s | (e) peak MiB | (f) fixed s | (a)/(b) | (c)/(a) | (d)/(a) "
        "| (e)/(a) | = floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.shape} | {r.full.seconds:.1f} | {r.full.peak_mib:,.0f} | {r.floor.seconds:.1f} "
            f"| {r.floor.peak_mib:,.0f} | {r.incremental.seconds:.1f} | {r.incremental.peak_mib:,.0f} "
            f"| {r.no_change.seconds:.1f} | {r.next_day.seconds:.1f} | {r.next_day.peak_mib:,.0f} "
            f"| {r.fixed_cost.seconds:.1f} | {r.full_over_floor:.2f} | {r.incremental_over_full:.2f} "
            f"| {r.no_change.seconds / r.full.seconds:.2f} | {r.next_day.seconds / r.full.seconds:.2f} "
            f"| {'yes' if r.all_match else 'NO'} |"
        )
    lines += ["", "## Targets (issue 14)", ""]
    shape_a = [r for r in results if r.files > 1 and r.leads >= 1_000_000]
    shape_b = [r for r in results if r.files == 1 and r.leads >= 1_000_000]
    for r in shape_a:
        lines += [
            f"- (a) {r.shape}: full build at most 2x the floor: {r.full_over_floor:.2f}x "
            f"({verdict(r.full_over_floor <= 2)}; moonshot 1.5x: {verdict(r.full_over_floor <= 1.5)}).",
            f"- (a) +1% new events at most 15% of the full build: {100 * r.incremental_over_full:.1f}% "
            f"({verdict(r.incremental_over_full <= 0.15)}).",
            f"- (a) next day, nothing new, at most 15%: {100 * r.next_day.seconds / r.full.seconds:.1f}% "
            f"({verdict(r.next_day.seconds <= 0.15 * r.full.seconds)}).",
            f"- (a) same as-of, nothing new, at most 10%: {100 * r.no_change.seconds / r.full.seconds:.1f}% "
            f"({verdict(r.no_change.seconds <= 0.10 * r.full.seconds)}).",
        ]  # fmt: skip
    for r in shape_b:
        lines.append(
            f"- (b) {r.shape}: full build at most 2x the floor: {r.full_over_floor:.2f}x "
            f"({verdict(r.full_over_floor <= 2)}; moonshot 1.5x: {verdict(r.full_over_floor <= 1.5)})."
        )
        allowed = r.fixed_cost.seconds + 0.15 * r.full.seconds
        lines.append(
            f"- (b) +1% new events at most the fixed cost + 15% of the full build "
            f"({r.fixed_cost.seconds:.1f} + {0.15 * r.full.seconds:.1f} = {allowed:.1f} s): "
            f"{r.incremental.seconds:.1f} s ({verdict(r.incremental.seconds <= allowed)})."
        )
    for r in shape_a + shape_b:
        peak = max(s.peak_mib for s in (r.full, r.incremental, r.no_change, r.next_day))
        lines.append(f"- Peak memory under 8 GiB, {r.shape}: {peak / 1024:.2f} GiB ({verdict(peak < 8 * 1024)}).")
    if not (shape_a or shape_b):
        lines.append("- The targets are stated at 1M leads (shapes (a) and (b)); neither was run.")
    lines.append(f"- Scores equal to the floor after every step: {verdict(all(r.all_match for r in results))}.")
    return lines


def render_backtest(result: BacktestResult, command: str) -> list[str]:
    dates = result.dates
    filled = sum(result.history_rows.get(moment, 0) > 0 for moment in dates)
    rows = [result.history_rows.get(moment, 0) for moment in dates]
    per_date = result.date_seconds
    spread = f"{min(per_date)}-{max(per_date)}" if len(per_date) == len(dates) else "n/a"
    shown = shlex.join(backtest_command(Path("WORK"), Path("WORK/raw"))[1:]).replace(str(ROOT) + "/", "")
    after = result.after
    alone = f"--sizes 0 --no-quality --backtest-leads {size_label(result.leads)}" + (
        " --backtest-build-after" if after else ""
    )
    lines = [
        f"## The feedback loop: a {len(dates)}-date backtest at {size_label(result.leads)} leads "
        f"/ {size_label(result.events)} events (issue 10)",
        "",
        f'Reproduce: `{command}` (this section alone: `make bench BENCH_ARGS="{alone}"`).',
        "",
        f"`generate(leads={result.leads}, events={result.events}, seed=7, as_of={AS_OF.date()}, "
        f'fmt="parquet")`: Parquet input, events in one file. (a) `dbt build --full-refresh` at '
        f"{AS_OF_TEXT} into a scratch DuckDB; (b) `{shown}` into the same warehouse: "
        f"{len(dates)} as-of dates ({dates[0]} to {dates[-1]}, every {BACKTEST_EVERY_DAYS} days, as "
        "`make backtest`), each a point-in-time `dbt build` of the history path in a scratch copy"
        + (
            f"; (c) `dbt build` at {AS_OF_TEXT} after it (as `make backtest` does: evaluates and learns from "
            "the history)"
            if after
            else ""
        )
        + ". Peak memory of (b) is the largest of backtest.py and each of its `dbt build` children "
        "(they run one at a time; os.wait4's maximum resident set size covers waited-for descendants).",
        "",
        "| leads | events | (a) full s | (a) peak MiB | (b) backtest s | (b) peak MiB | (b)/(a) "
        "| (b) s per date | (b) per date min-max s |" + (" (c) build after s | (c) peak MiB |" if after else ""),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if after else ""),
        f"| {size_label(result.leads)} | {size_label(result.events)} | {result.full.seconds:.1f} "
        f"| {result.full.peak_mib:,.0f} | {result.backtest.seconds:.1f} | {result.backtest.peak_mib:,.0f} "
        f"| {result.backtest_over_full:.2f} | {result.seconds_per_date:.1f} | {spread} |"
        + (f" {after.seconds:.1f} | {after.peak_mib:,.0f} |" if after else ""),
        "",
        f"- `lead_score_history` after (b): rows at {filled} of the {len(dates)} backtested dates "
        f"({min(rows):,} to {max(rows):,} leads a date) ({verdict(result.history_complete)})"
        + (f"; `score_evaluation` after (c): {result.evaluated_cohorts} matured cohorts." if after else "."),
        "- Per-date seconds are whole seconds from backtest.py's progress lines (the last includes writing "
        "the slices back); setup before the first date and the write-back are in (b)'s total.",
    ]
    return lines


def reproduce_command(args: argparse.Namespace) -> str:
    """`make bench` with the options of this run that differ from the defaults."""
    options = []
    if args.sizes != DEFAULT_SIZES:
        options.append(f"--sizes {args.sizes}")
    if args.leads_heavy != DEFAULT_LEADS_HEAVY:
        options.append(f"--leads-heavy {args.leads_heavy}")
    if args.backtest_leads != DEFAULT_BACKTEST_LEADS:
        options.append(f"--backtest-leads {args.backtest_leads}")
    if args.backtest_build_after:
        options.append("--backtest-build-after")
    if not args.quality:
        options.append("--no-quality")
    return "make bench" + (f' BENCH_ARGS="{" ".join(options)}"' if options else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="event counts, e.g. 100k,1M; 0 for none")
    parser.add_argument(
        "--leads-heavy",
        default=DEFAULT_LEADS_HEAVY,
        help="leads of shape (b): 10x as many events in one file (+1%% in a new one), e.g. 1M; 0 skips it",
    )
    parser.add_argument(
        "--backtest-leads",
        default=DEFAULT_BACKTEST_LEADS,
        help="leads of the 12-date backtest step (events = 10x), e.g. 1M or 20k; 0 skips it",
    )
    parser.add_argument(
        "--backtest-build-after",
        action="store_true",
        help="also (c) `dbt build` after the backtest, as `make backtest` does",
    )
    parser.add_argument(
        "--quality",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure the held-out quality (benchmarks/quality.py, a few minutes); --no-quality skips it",
    )
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/lead_scoring_bench"))
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    sizes = [size for size in (parse_size(text) for text in args.sizes.split(",") if text.strip()) if size > 0]
    backtest_leads = parse_size(args.backtest_leads)
    results = [bench_size(events, args.work_dir) for events in sizes]
    leads_heavy = parse_size(args.leads_heavy)
    if leads_heavy > 0:
        results.append(bench_size(leads_heavy * 10, args.work_dir, leads=leads_heavy, files=1))
    backtest = bench_backtest(backtest_leads, args.work_dir, args.backtest_build_after) if backtest_leads > 0 else None
    quality = None
    if args.quality:
        import quality as quality_module

        quality = quality_module.measure(args.work_dir / "quality")
    # The slowest nodes of the largest events-heavy size and of the leads-heavy shape.
    events_heavy = [r for r in results if r.files > 1]
    profiled = ([max(events_heavy, key=lambda r: r.events)] if events_heavy else []) + [
        r for r in results if r.files == 1
    ]
    profile = "\n".join(render_profile(args.work_dir / r.label) for r in profiled)
    report = render(results, reproduce_command(args), backtest, quality, profile)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    if not all(r.all_match for r in results):
        raise SystemExit("the floor query and dbt's lead_scores differ: the comparison is not valid")
    if backtest and not backtest.history_complete:
        raise SystemExit(f"the backtest left no history rows at some of its {len(backtest.dates)} dates")


if __name__ == "__main__":
    main()
