#!/usr/bin/env python3
"""Fill lead_score_history at past scoring times, as the scores were (or would have been) then.

Usage::

    python scripts/backtest.py --from 2026-02-01 --to 2026-08-01 --every-days 30
        [--seeds DIR] [--vars '{raw_path: data/sample}'] [--db lead_scoring.duckdb]

Scores every as-of date from ``--from`` to ``--to`` inclusive, every ``--every-days`` days, at
midnight UTC, and writes those slices of ``lead_score_history`` and ``lead_event_history`` into the
warehouse ``dbt build`` uses (``--db``, default ``$LEAD_SCORING_DB_PATH`` or ``lead_scoring.duckdb``),
replacing exactly the slices it scored (same as-of, same criteria version). The next ``dbt build``
evaluates them (``score_evaluation``, ``conversion_by_tier``) and learns from them
(``conversion_probability``, ``criteria_suggestions``).

How: the project is copied to a scratch folder (with ``--seeds DIR``, the CSVs in DIR replace the
seeds of the same name: a separate criteria version, to compare a candidate table with the current
one on the same history) and built, one ``dbt build`` per date in date order (dbt runs in this
process and parses the project once for all dates: scripts/dbt_runner.py), into a scratch DuckDB
file that starts with the warehouse's existing history, so each date learns from exactly the history
a scheduled build at that date would have had. Each build is point-in-time (var ``point_in_time``):
it uses only lead versions, events and conversions dated at or before its as-of; later rows are
``not_yet_known`` there, not rejections. ``--vars`` (YAML, as for dbt) passes ``raw_path``,
``raw_format`` and the other vars through. The current scores (``lead_scores`` and the other marts)
are left as they were. A failing build stops the backtest with dbt's output and writes nothing.
DuckDB only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import dbt_runner
import duckdb
import yaml

PROJECT = Path(__file__).resolve().parents[1]
HISTORY_TABLES = ("lead_score_history", "lead_event_history")
COPIED = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses")


def as_of_dates(first: date, last: date, every_days: int) -> list[date]:
    """Every ``every_days`` days from ``first`` to ``last`` inclusive."""
    if every_days < 1:
        raise SystemExit("backtest: --every-days must be at least 1")
    if last < first:
        raise SystemExit(f"backtest: --to {last} is before --from {first}")
    count = (last - first).days // every_days + 1
    return [first + timedelta(days=k * every_days) for k in range(count)]


def parse_vars(text: str | None) -> dict[str, object]:
    """``--vars``: a YAML mapping, inline or the path of a YAML file."""
    if not text:
        return {}
    source = Path(text).read_text(encoding="utf-8") if Path(text).is_file() else text
    values = yaml.safe_load(source)
    if not isinstance(values, dict):
        raise SystemExit(f"backtest: --vars must be a YAML mapping such as '{{raw_path: data/sample}}', got {text!r}")
    for reserved in ("score_as_of", "point_in_time"):
        if reserved in values:
            raise SystemExit(f"backtest: --vars may not set {reserved}; the backtest sets it for each date")
    return values


def scratch_project(folder: Path, seeds: Path | None) -> Path:
    """A copy of the project in ``folder``, with the candidate seeds from ``seeds`` if given."""
    project = folder / "project"
    project.mkdir()
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    if seeds is not None:
        candidates = sorted(seeds.glob("*.csv"))
        if not candidates:
            raise SystemExit(f"backtest: --seeds {seeds} holds no .csv files")
        for candidate in candidates:
            if not (project / "seeds" / candidate.name).exists():
                raise SystemExit(
                    f"backtest: --seeds {candidate} is not a seed of this project "
                    f"(expected one of {', '.join(p.name for p in sorted((PROJECT / 'seeds').glob('*.csv')))})"
                )
            shutil.copy2(candidate, project / "seeds" / candidate.name)
    return project


def copy_history(source: Path, target: Path, slices_only: bool) -> int:
    """Copy the history tables from ``source`` to ``target``: all rows (``slices_only`` false), or
    replace in ``target`` exactly the (score_as_of, criteria_version) slices ``source`` holds."""
    if not source.exists():
        return 0
    copied = 0
    with duckdb.connect(str(target)) as connection:
        connection.execute(f"attach '{source}' as source_db (read_only)")
        for table in HISTORY_TABLES:
            found = connection.execute(
                "select table_schema from information_schema.tables where table_catalog = 'source_db'"
                " and table_name = ?",
                [table],
            ).fetchone()
            if found is None:
                continue
            schema = found[0]
            connection.execute(f'create schema if not exists "{schema}"')
            exists = connection.execute(
                "select 1 from information_schema.tables where table_catalog = current_database()"
                " and table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchone()
            source_table = f'source_db."{schema}"."{table}"'
            target_table = f'"{schema}"."{table}"'
            if exists is None:
                connection.execute(f"create table {target_table} as select * from {source_table}")
            elif slices_only:
                _add_missing_columns(connection, source_table, target_table)
                connection.execute(
                    f"delete from {target_table} where (score_as_of, criteria_version) in"
                    f" (select distinct score_as_of, criteria_version from {source_table})"
                )
                connection.execute(f"insert into {target_table} by name select * from {source_table}")
            else:
                _add_missing_columns(connection, source_table, target_table)
                connection.execute(f"insert into {target_table} by name select * from {source_table}")
            copied += connection.execute(f"select count(*) from {source_table}").fetchone()[0]
        connection.execute("detach source_db")
    return copied


def _add_missing_columns(connection: duckdb.DuckDBPyConnection, source_table: str, target_table: str) -> None:
    """Add to `target_table` the columns of `source_table` it lacks (a history a newer version of
    the project wrote into the scratch database, copied into a warehouse an older one built: the
    next build would append them the same way, on_schema_change append_new_columns)."""
    existing = {row[0].lower() for row in connection.execute(f"describe {target_table}").fetchall()}
    for name, column_type, *_ in connection.execute(f"describe {source_table}").fetchall():
        if name.lower() not in existing:
            connection.execute(f'alter table {target_table} add column "{name}" {column_type}')


def backtest(
    first: date,
    last: date,
    every_days: int,
    database: Path,
    seeds: Path | None = None,
    dbt_vars: dict[str, object] | None = None,
) -> list[date]:
    """Score every date and write its history slices into ``database``; returns the dates."""
    if os.environ.get("LEAD_SCORING_TARGET", "duckdb") != "duckdb":
        raise SystemExit("backtest: only the DuckDB target is supported (LEAD_SCORING_TARGET=duckdb)")
    dates = as_of_dates(first, last, every_days)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lead_scoring_backtest_") as scratch:
        folder = Path(scratch)
        project = scratch_project(folder, seeds)
        scratch_db = folder / "backtest.duckdb"
        # The scratch warehouse starts with the history the real one has (history to learn from).
        copy_history(database, scratch_db, slices_only=False)
        # Only the slices scored here go back: a fresh file that receives them, date by date.
        result_db = folder / "scored_slices.duckdb"
        environment = {"LEAD_SCORING_DB_PATH": str(scratch_db), "DBT_PROFILES_DIR": str(project)}
        paths = [
            "--project-dir",
            str(project),
            "--target-path",
            str(folder / "target"),
            "--log-path",
            str(folder / "logs"),
        ]
        # dbt runs in this process and parses once: the dates differ only in vars dbt reads while
        # it runs (score_as_of, point_in_time), so every date's build shares the first's manifest.
        manifest = None
        for number, as_of in enumerate(dates, start=1):
            print(
                f"backtest: date {number} of {len(dates)}: {as_of.isoformat()}"
                f" (elapsed {time.perf_counter() - started:.0f}s)",
                flush=True,
            )
            values = {**(dbt_vars or {}), "score_as_of": f"{as_of.isoformat()}T00:00:00", "point_in_time": True}
            inline_vars = ["--vars", yaml.safe_dump(values, default_flow_style=True).strip()]
            if manifest is None:
                parsed = dbt_runner.invoke(["parse", "--quiet", *paths, *inline_vars], project, environment)
                _stop_unless_ok(parsed, as_of, database)
                manifest = parsed.result
            command = [
                "build", "--quiet", *paths, "--exclude-resource-type", "unit_test",
                "--select", "+lead_score_history", "+lead_event_history", "--indirect-selection", "cautious",
                *inline_vars,
            ]  # fmt: skip
            run = dbt_runner.invoke(command, project, environment, manifest)
            _stop_unless_ok(run, as_of, database)
        with duckdb.connect(str(result_db)) as connection:
            connection.execute(f"attach '{scratch_db}' as built (read_only)")
            stamps = ", ".join(f"timestamp '{d.isoformat()} 00:00:00'" for d in dates)
            for table in HISTORY_TABLES:
                schema = connection.execute(
                    "select table_schema from information_schema.tables where table_catalog = 'built'"
                    " and table_name = ?",
                    [table],
                ).fetchone()[0]
                connection.execute(f'create schema if not exists "{schema}"')
                connection.execute(
                    f'create table "{schema}"."{table}" as select * from built."{schema}"."{table}"'
                    f" where score_as_of in ({stamps}) and criteria_version ="
                    f' (select criteria_version from built."{schema}".int_criteria_version)'
                )
            connection.execute("detach built")
        rows = copy_history(result_db, database, slices_only=True)
    print(
        f"backtest: wrote {len(dates)} dates ({rows} history rows) into {database}"
        f" in {time.perf_counter() - started:.0f}s; run `dbt build` to evaluate and learn from them"
    )
    return dates


def _stop_unless_ok(run: dbt_runner.DbtRun, as_of: date, database: Path) -> None:
    """Show what dbt printed; stop the backtest (writing nothing) if it failed."""
    if run.output.strip():
        sys.stdout.write(run.output)
    if not run.success:
        sys.stderr.write(run.error)
        raise SystemExit(f"backtest: dbt build failed at {as_of.isoformat()}; nothing written to {database}")


def _date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--from", dest="first", type=_date, required=True, help="first as-of date, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=_date, required=True, help="last as-of date (inclusive)")
    parser.add_argument("--every-days", type=int, required=True, help="days between as-of dates")
    parser.add_argument("--seeds", type=Path, help="folder of candidate criteria CSVs replacing seeds/ of that name")
    parser.add_argument("--vars", dest="dbt_vars", help="dbt vars as YAML (inline or a file), e.g. raw_path")
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("LEAD_SCORING_DB_PATH", "lead_scoring.duckdb")),
        help="the warehouse dbt build uses (default $LEAD_SCORING_DB_PATH or lead_scoring.duckdb)",
    )
    arguments = parser.parse_args(argv)
    if arguments.seeds is not None and not arguments.seeds.is_dir():
        parser.error(f"--seeds {arguments.seeds} is not a folder")
    backtest(
        arguments.first,
        arguments.last,
        arguments.every_days,
        arguments.db.resolve(),
        arguments.seeds,
        parse_vars(arguments.dbt_vars),
    )


if __name__ == "__main__":
    main()
