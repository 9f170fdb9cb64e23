"""Shared helpers: run the real dbt project against a throw-away warehouse and read rows back.

DuckDB (a file) by default; PostgreSQL (a server started for the project by scripts/warehouse.py)
for the tests parametrised over ENGINES, with the raw files loaded as tables by
scripts/load_raw.py before each build, as a user of that engine does."""

from __future__ import annotations

import atexit
import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dbt_runner
import duckdb
import load_raw
import pytest
import warehouse
from dbt_runner import RUNTIME_VARS
from generate_data import CONVERSION_COLUMNS, EVENT_COLUMNS, LEAD_COLUMNS
from publish import publish

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
# What a copy of the project needs to build; everything else (data, .venv, target) stays behind.
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "analyses"]
# The engines the engine-parametrised tests run on: DuckDB and PostgreSQL always (`make test`),
# Spark with LEAD_SCORING_TEST_SPARK=1 (`make test-spark`).
ENGINES = ("duckdb", "postgres", *(("spark",) if os.environ.get("LEAD_SCORING_TEST_SPARK") == "1" else ()))
# Where each engine's builds land: DuckDB's `main`, the profile's schema elsewhere.
ENGINE_SCHEMAS = {"duckdb": "main", "postgres": "analytics"}


@dataclass
class DbtProject:
    """A private copy of the dbt project whose seeds a test may edit."""

    root: Path
    engine: str = "duckdb"
    engine_env: dict[str, str] = field(default_factory=dict)
    _loaded: tuple | None = None

    @property
    def db_path(self) -> Path:
        return self.root / "test.duckdb"

    @property
    def schema(self) -> str:
        """The schema the models are built in (seeds: `<schema>_criteria`)."""
        return self.engine_env.get("LEAD_SCORING_SPARK_SCHEMA") or ENGINE_SCHEMAS[self.engine]

    @property
    def engine_vars(self) -> dict[str, Any]:
        """Vars this project's engine needs: on Spark, whose projects share one session (one per
        process), each project has its own schemas, raw tables included."""
        return {"raw_schema": f"{self.schema}_raw"} if self.engine == "spark" else {}

    def _load_raw(self, variables: dict[str, Any]) -> None:
        """On engines other than DuckDB, load the raw files a build's vars name as tables (as a
        user does with scripts/load_raw.py), again only when the files changed."""
        if self.engine == "duckdb" or "raw_path" not in variables:
            return
        raw_path = Path(variables["raw_path"])
        files = tuple(
            sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in raw_path.rglob("*") if p.is_file())
        )
        signature = (str(raw_path), variables.get("raw_format", "csv"), files)
        if signature == self._loaded:
            return
        with dbt_runner.environment(self.engine_env):
            load_raw.load(self.engine, raw_path, variables.get("raw_format", "csv"), variables.get("raw_schema", "raw"))
        self._loaded = signature

    def write_seed(self, name: str, rows: list[dict[str, Any]]) -> None:
        write_csv(self.root / "seeds" / f"{name}.csv", rows)

    def dbt(
        self, *args: str, vars: dict[str, Any] | None = None, check: bool = True, in_process: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run dbt on this copy. In this process by default (dbt's own dbtRunner, with a parsed
        manifest shared by every copy of the same files and parse-time vars: most of a small
        build's cost is parsing); `in_process=False` runs the `dbt` executable, as a user does."""
        arguments = [*args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        vars = {**self.engine_vars, **(vars or {})}
        if vars:
            arguments += ["--vars", _yaml_inline(vars)]
        env = {"LEAD_SCORING_DB_PATH": str(self.db_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
               "LEAD_SCORING_TARGET": self.engine, **self.engine_env}  # fmt: skip
        self._load_raw(vars or {})
        if in_process:
            result = _dbt_in_process(self.root, arguments, vars or {}, env, self.engine)
        else:
            result = subprocess.run(
                [str(DBT), *arguments], cwd=self.root, env={**os.environ, **env}, capture_output=True, text=True
            )
        if check and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        return result

    def build(self, raw_path: Path, score_as_of: str, **extra_vars: Any) -> subprocess.CompletedProcess[str]:
        """`dbt build` of the models and data tests; dbt's unit tests do not read the raw data, so
        `make build` runs them once rather than every test."""
        return self.dbt(
            "build", *UNIT_TESTS_EXCLUDED, vars={"raw_path": str(raw_path), "score_as_of": score_as_of, **extra_vars}
        )

    def rows(self, sql: str) -> list[dict[str, Any]]:
        """Rows of a query; `main.` and `main_criteria.` name the build's schemas on every engine."""
        if self.engine == "duckdb":
            with duckdb.connect(str(self.db_path), read_only=True) as connection:
                result = connection.execute(sql)
                names = [column[0] for column in result.description]
                return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        schema = self.schema
        sql = re.sub(r"\bmain(_criteria)?\.", lambda match: f"{schema}{match.group(1) or ''}.", sql)
        if self.engine == "spark":
            from spark_session import spark_session

            with dbt_runner.environment(self.engine_env):
                frame = spark_session().sql(sql)
                return [dict(zip(frame.columns, _plain_row(list(row)), strict=True)) for row in frame.collect()]
        with dbt_runner.environment(self.engine_env):
            connection = load_raw.connect(self.engine)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, _plain_row(row), strict=True)) for row in cursor.fetchall()]
        finally:
            connection.close()


def _plain_row(row: Sequence[Any]) -> list[Any]:
    """Values as DuckDB's client gives them: numeric as float."""
    from decimal import Decimal

    return [float(value) if isinstance(value, Decimal) else value for value in row]


UNIT_TESTS_EXCLUDED = ("--exclude-resource-type", "unit_test")
_MANIFESTS: dict[str, Any] = {}
_MANIFEST_CACHE_SIZE = 8


def project_files_digest(root: Path, seed_contents: bool = True) -> str:
    """A digest of every file dbt parses in a project copy (paths and contents); with
    `seed_contents=False`, the seed CSVs by path only (dbt reads their rows when it runs)."""
    digest = hashlib.sha256()
    for part in [*PROJECT_PARTS, "tests"]:
        path = root / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "python" in file.relative_to(root).parts or "__pycache__" in file.parts:
                continue
            relative = file.relative_to(root)
            skip = not seed_contents and relative.parts[0] == "seeds" and file.suffix == ".csv"
            digest.update(str(relative).encode() + b"\0" + (b"" if skip else file.read_bytes()) + b"\0")
    return digest.hexdigest()


def _parsed_manifest(root: Path, variables: dict[str, Any], env: dict[str, str], engine: str = "duckdb") -> Any:
    """dbt's parsed manifest for this copy's files and parse-time vars, parsed once per worker in a
    private copy no test edits; None if it cannot parse. A seed's rows are not part of a parse (dbt
    and the criteria checks read the CSV when the seed runs), so copies that differ only in seed
    rows share a manifest, its nodes pointed at the copy being built (_dbt_in_process)."""
    parse_vars = {name: value for name, value in variables.items() if name not in RUNTIME_VARS}
    engine_key = engine + env.get("LEAD_SCORING_SPARK_SCHEMA", "")
    digest = project_files_digest(root, seed_contents=False)
    key = hashlib.sha256((digest + _yaml_inline(parse_vars) + engine_key).encode()).hexdigest()
    if key not in _MANIFESTS:
        private = Path(tempfile.mkdtemp(prefix="dbt_manifest_")) / "project"
        shutil.copytree(root, private, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb*", "python"))
        arguments = ["parse", "--project-dir", str(private), "--profiles-dir", str(private)]
        run = dbt_runner.invoke([*arguments, "--vars", _yaml_inline(variables)], private, env)
        if not run.success:
            return None  # the real command reports why
        if len(_MANIFESTS) >= _MANIFEST_CACHE_SIZE:
            _MANIFESTS.pop(next(iter(_MANIFESTS)))
        _MANIFESTS[key] = run.result
    return _MANIFESTS[key]


def _dbt_in_process(
    root: Path, arguments: list[str], variables: dict[str, Any], env: dict[str, str], engine: str = "duckdb"
) -> subprocess.CompletedProcess[str]:
    manifest = None if arguments[0] in ("parse", "deps", "debug") else _parsed_manifest(root, variables, env, engine)
    if manifest is not None:  # seeds' CSVs are read from this copy, also through the `graph` variable
        for node in [*manifest.nodes.values(), *(manifest.flat_graph or {}).get("nodes", {}).values()]:
            if isinstance(node, dict):
                node["root_path"] = str(root)
            else:
                node.root_path = str(root)
    run = dbt_runner.invoke(arguments, root, env, manifest)
    return subprocess.CompletedProcess(["dbt", *arguments], run.returncode, run.output, run.error)


def _yaml_inline(values: dict[str, Any]) -> str:
    """Render vars as a JSON object (valid YAML) for `dbt --vars`."""
    import json

    return json.dumps(values)


def write_csv(path: Path, rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: "" if row.get(column) is None else row.get(column) for column in columns})


def write_raw(
    folder: Path,
    leads: list[dict[str, Any]],
    events: list[dict[str, Any]],
    conversions: list[dict[str, Any]] | None = None,
) -> Path:
    """Write the three raw inputs as CSV with exactly the contract's columns."""
    write_csv(folder / "leads.csv", leads, LEAD_COLUMNS)
    write_csv(folder / "events.csv", events, EVENT_COLUMNS)
    write_csv(folder / "conversions.csv", conversions or [], CONVERSION_COLUMNS)
    return folder


def start_engine(engine: str) -> dict[str, str]:
    """A throw-away warehouse of `engine` for one project: its profile env vars. Stopped when the
    test process ends (stop_engine stops it earlier)."""
    if engine == "duckdb":
        return {}
    if engine == "postgres":
        folder = warehouse.temporary_folder("lead_scoring_pg_")
        atexit.register(warehouse.postgres_down, folder)
        return {**warehouse.postgres_up(folder), "LEAD_SCORING_WAREHOUSE_FOLDER": str(folder)}
    # One Spark session (JVM) per test process, so one warehouse folder; each project gets its own
    # schemas in it.
    global _SPARK_FOLDER, _SPARK_PROJECTS
    if _SPARK_FOLDER is None:
        _SPARK_FOLDER = warehouse.temporary_folder("lead_scoring_spark_")
        atexit.register(warehouse.spark_down, _SPARK_FOLDER)
    _SPARK_PROJECTS += 1
    return {**warehouse.spark_up(_SPARK_FOLDER), "LEAD_SCORING_SPARK_SCHEMA": f"project{_SPARK_PROJECTS}"}


_SPARK_FOLDER: Path | None = None
_SPARK_PROJECTS = 0


def stop_engine(project: DbtProject) -> None:
    if project.engine == "postgres":
        warehouse.postgres_down(Path(project.engine_env["LEAD_SCORING_WAREHOUSE_FOLDER"]))
    elif project.engine == "spark":
        from spark_session import drop_databases

        with dbt_runner.environment(project.engine_env):
            drop_databases([project.schema, f"{project.schema}_criteria", f"{project.schema}_raw"])


def make_project(root: Path, engine: str = "duckdb") -> DbtProject:
    """Copy the dbt project into `root` (which must not exist yet), building into a new warehouse
    of `engine`."""
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    # dbt's SQL tests, without the Python tests and their caches.
    shutil.copytree(PROJECT_ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("python"))
    return DbtProject(root, engine, start_engine(engine))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on another engine than DuckDB belongs to `make test-integration` (or `make
    test-spark`), like the modules marked `integration` themselves: `make test` stays fast."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        engines = {value for value in (callspec.params.values() if callspec else ()) if isinstance(value, str)}
        if engines & {"postgres", "spark"}:
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def project(tmp_path: Path) -> DbtProject:
    return make_project(tmp_path / "project")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def engine_project(tmp_path: Path, engine: str):
    """A project copy building into a new warehouse of each engine in ENGINES."""
    built = make_project(tmp_path / "project", engine)
    yield built
    stop_engine(built)


def published_sample(root: Path) -> tuple[DbtProject, Path]:
    """A project copy under `root` with the shipped sample built at 2026-06-01 (point in time) and
    2026-11-01, so one cohort has matured, published to `root/bi.duckdb` as BI tools read it."""
    project = make_project(root / "project")
    sample = PROJECT_ROOT / "data" / "sample"
    project.build(sample, "2026-06-01T00:00:00", point_in_time=True)
    project.build(sample, "2026-11-01T00:00:00")
    publish(project.db_path, root / "bi.duckdb")
    return project, root / "bi.duckdb"
