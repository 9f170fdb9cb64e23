"""The local Spark session the `spark` target of profiles.yml describes, for the scripts that read
or load Spark tables beside dbt (load_raw.py, compare_engines.py, the tests).

Its settings are read from profiles.yml's `server_side_parameters`, rendered with the same env
vars, so a script and dbt in one process share one session and one metastore (Derby, embedded: one
process at a time may open it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

PROFILES = Path(__file__).resolve().parents[1] / "profiles.yml"


def session_settings() -> dict[str, str]:
    """profiles.yml's Spark settings with `{{ env_var('NAME', 'default') }}` resolved."""
    spark = yaml.safe_load(PROFILES.read_text())["lead_scoring"]["outputs"]["spark"]

    def render(value: object) -> str:
        return re.sub(
            r"\{\{\s*env_var\('([A-Z_]+)',\s*'([^']*)'\)\s*\}\}",
            lambda match: os.environ.get(match.group(1), match.group(2)),
            str(value),
        )

    return {name: render(value) for name, value in spark["server_side_parameters"].items()}


def spark_session():
    """The process's Spark session with the profile's settings (created on first use)."""
    from pyspark.sql import SparkSession  # noqa: PLC0415 - installed by `make install-spark`

    builder = SparkSession.builder.enableHiveSupport()
    for name, value in session_settings().items():
        builder = builder.config(name, value)
    return builder.getOrCreate()


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def load_spark(schema: str, tables: dict[str, tuple[list[str], Iterator[list[tuple]]] | None]) -> dict[str, int]:
    """Replace `schema`.<input> with the rows given, every column a string."""
    from pyspark.sql.types import StringType, StructField, StructType  # noqa: PLC0415

    session = spark_session()
    session.sql(f"create database if not exists {_quote(schema)}")
    counts = {}
    for name, content in tables.items():
        table = f"{_quote(schema)}.{_quote(name)}"
        session.sql(f"drop table if exists {table}")
        if content is None:
            continue
        columns, batches = content
        structure = StructType([StructField(column, StringType(), True) for column in columns])
        rows = [row for batch in batches for row in batch]
        session.createDataFrame(rows, structure).write.format("parquet").saveAsTable(f"{schema}.{name}")
        counts[name] = len(rows)
    return counts


def drop_databases(names: list[str]) -> None:
    session = spark_session()
    for name in names:
        session.sql(f"drop database if exists {_quote(name)} cascade")
