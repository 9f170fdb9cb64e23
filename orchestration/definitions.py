"""Dagster definitions for lead_scoring: the dbt project as assets, on a schedule and on new files.

- Assets: every dbt model and seed (``@dbt_assets`` from ``target/manifest.json``), built by the
  README's scheduled command (``dbt build --exclude-resource-type unit_test``); dbt's data tests are
  asset checks. Before the build, ``dbt source freshness`` runs: a required input past its error
  threshold fails the run naming the input, and nothing is built or published.
- ``published_marts``: scripts/publish.py's atomic copy of the marts for BI readers, downstream of
  every mart it copies.
- Job ``scheduled_build`` (all of the above), schedule ``every_15_minutes`` (cron from env
  ``LEAD_SCORING_CRON``, UTC), sensor ``new_raw_files`` (one run per batch of new files in the
  ``leads``, ``events`` and ``dispositions`` folders of the raw path; its cursor is the last file
  name seen per input), and job ``backtest`` (scripts/backtest.py, dates from run config).

Configuration (env): ``LEAD_SCORING_PROJECT_DIR`` (default: this repository), ``LEAD_SCORING_DBT``
(the dbt executable; default: the one beside this Python), ``LEAD_SCORING_DB_PATH`` and
``LEAD_SCORING_BI_PATH`` (the build's and the published DuckDB files), ``LEAD_SCORING_RAW_PATH``
(var raw_path; default: the project's), ``LEAD_SCORING_SCORE_AS_OF`` (var score_as_of; unset = the
clock, as production wants), ``LEAD_SCORING_CRON`` (default ``*/15 * * * *``).

No ``from __future__ import annotations`` here: dagster-dbt reads the asset function's annotations.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets, get_asset_key_for_model

PROJECT_DIR = Path(os.environ.get("LEAD_SCORING_PROJECT_DIR") or Path(__file__).resolve().parents[1])
MANIFEST_PATH = PROJECT_DIR / "target" / "manifest.json"
DBT_EXECUTABLE = os.environ.get("LEAD_SCORING_DBT") or str(Path(sys.executable).with_name("dbt"))
DB_PATH = Path(os.environ.get("LEAD_SCORING_DB_PATH") or PROJECT_DIR / "lead_scoring.duckdb")
BI_PATH = Path(os.environ.get("LEAD_SCORING_BI_PATH") or DB_PATH.with_name("lead_scoring_bi.duckdb"))
RAW_PATH = Path(os.environ.get("LEAD_SCORING_RAW_PATH") or PROJECT_DIR / "data" / "sample")
SCORE_AS_OF = os.environ.get("LEAD_SCORING_SCORE_AS_OF") or None
CRON = os.environ.get("LEAD_SCORING_CRON") or "*/15 * * * *"
SCHEDULED_COMMAND = ("build", "--exclude-resource-type", "unit_test")
WATCHED_INPUTS = ("leads", "events", "dispositions")

CODE_DIR = Path(__file__).resolve().parents[1]  # this repository: its scripts/ (the project may be a copy)
sys.path.insert(0, str(CODE_DIR / "scripts"))
from publish import MARTS, publish  # noqa: E402 - scripts/ is not a package

if not MANIFEST_PATH.is_file():
    raise FileNotFoundError(
        f"{MANIFEST_PATH} not found: parse the dbt project first (`make orchestrate` does, or "
        f"`{DBT_EXECUTABLE} parse --project-dir {PROJECT_DIR}`)"
    )


def dbt_vars() -> list[str]:
    """The `--vars` of every dbt command the orchestration runs."""
    variables = {"raw_path": str(RAW_PATH)}
    if SCORE_AS_OF:
        variables["score_as_of"] = SCORE_AS_OF
    return ["--vars", json.dumps(variables)]


def stale_inputs(sources_json: dict) -> list[str]:
    """`dbt source freshness` results past their error threshold (or failing), as
    `<source>.<input> (newest row <time>, checked at <time>)`."""
    stale = []
    for result in sources_json.get("results", []):
        if result.get("status") in ("error", "runtime error"):
            name = ".".join(result["unique_id"].split(".")[-2:])
            stale.append(
                f"{name} (newest row {result.get('max_loaded_at')}, checked at {result.get('snapshotted_at')})"
            )
    return stale


@dbt_assets(manifest=MANIFEST_PATH)
def lead_scoring_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Freshness first (a stale required input stops the run), then the scheduled build."""
    freshness = dbt.cli(["source", "freshness", *dbt_vars()], raise_on_error=False, manifest=MANIFEST_PATH)
    freshness.wait()
    stale = stale_inputs(freshness.get_artifact("sources.json"))
    if stale:
        raise dg.Failure(
            description="stale raw input(s), nothing built or published: " + "; ".join(stale),
            metadata={"stale_inputs": stale},
        )
    yield from dbt.cli([*SCHEDULED_COMMAND, *dbt_vars()], context=context).stream()


@dg.asset(
    deps=[get_asset_key_for_model([lead_scoring_dbt_assets], mart) for mart in MARTS],
    description="The marts copied atomically to the file BI tools read (scripts/publish.py).",
)
def published_marts(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    publish(DB_PATH, BI_PATH)
    context.log.info(f"published {', '.join(MARTS)} to {BI_PATH}")
    return dg.MaterializeResult(metadata={"path": str(BI_PATH), "marts": len(MARTS)})


scheduled_build = dg.define_asset_job("scheduled_build", selection=dg.AssetSelection.all())

every_15_minutes = dg.ScheduleDefinition(
    name="every_15_minutes", job=scheduled_build, cron_schedule=CRON, execution_timezone="UTC"
)


def raw_files(raw_path: Path) -> dict[str, list[str]]:
    """The file names in each watched input's folder, sorted."""
    found = {}
    for name in WATCHED_INPUTS:
        folder = raw_path / name
        if folder.is_dir():
            found[name] = sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".parquet"))
    return found


@dg.sensor(job=scheduled_build, minimum_interval_seconds=60)
def new_raw_files(context: dg.SensorEvaluationContext):
    """One run per batch of new raw files: a file whose name sorts after the last one seen in its
    input's folder (new data arrives as new files: README, Incremental runs)."""
    seen = json.loads(context.cursor) if context.cursor else {}
    latest = {
        name: files[-1] for name, files in raw_files(RAW_PATH).items() if files and files[-1] > seen.get(name, "")
    }
    if not latest:
        return dg.SkipReason(f"no new files in {', '.join(WATCHED_INPUTS)} under {RAW_PATH}")
    cursor = json.dumps({**seen, **latest}, sort_keys=True)
    context.update_cursor(cursor)
    return dg.RunRequest(run_key=cursor, tags={"new_files": json.dumps(latest, sort_keys=True)})


class BacktestConfig(dg.Config):
    from_date: str = "2025-11-01"
    to_date: str = "2026-10-02"
    every_days: int = 30


@dg.op
def run_backtest(context: dg.OpExecutionContext, config: BacktestConfig) -> None:
    """scripts/backtest.py: fill lead_score_history at past as-ofs (README: the feedback loop)."""
    command = [sys.executable, str(CODE_DIR / "scripts" / "backtest.py"), "--from", config.from_date,
               "--to", config.to_date, "--every-days", str(config.every_days), "--db", str(DB_PATH),
               "--vars", json.dumps({"raw_path": str(RAW_PATH)})]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True)
    context.log.info(result.stdout[-4000:])
    if result.returncode != 0:
        raise dg.Failure(description=f"backtest failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")


@dg.job
def backtest():
    run_backtest()


defs = dg.Definitions(
    assets=[lead_scoring_dbt_assets, published_marts],
    jobs=[scheduled_build, backtest],
    schedules=[every_15_minutes],
    sensors=[new_raw_files],
    resources={
        "dbt": DbtCliResource(
            project_dir=str(PROJECT_DIR), profiles_dir=str(PROJECT_DIR), dbt_executable=DBT_EXECUTABLE
        )
    },
)
