"""Load the raw contract files into another warehouse, as text tables in `raw_schema`.

    python scripts/load_raw.py --target postgres --raw-path data/sample [--raw-format csv|parquet]

On DuckDB the project reads the files itself (var raw_path); on PostgreSQL or Spark the raw inputs
are tables `<raw_schema>.leads`, `events`, `conversions` and `dispositions` (README: Raw input contract). This
script makes them from the same files a DuckDB run reads (`<input>.<format>` or every file in the
folder `<input>/`), replacing the tables: every column as text under its header, plus
`_source_file`, the file each row came from, so incremental runs read only new files as on DuckDB.
An input with no file is dropped (the optional `conversions` and `dispositions`) or an error (the others).
Connection settings come from the same env vars as profiles.yml (scripts/warehouse.py prints them).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

INPUTS = ("leads", "events", "conversions", "dispositions")
OPTIONAL_INPUTS = ("conversions", "dispositions")
TARGETS = ("postgres", "spark")
BATCH_ROWS = 200_000


class LoadError(RuntimeError):
    pass


def input_files(raw_path: Path, input_name: str, raw_format: str) -> list[Path]:
    single = raw_path / f"{input_name}.{raw_format}"
    files = ([single] if single.is_file() else []) + sorted((raw_path / input_name).glob(f"*.{raw_format}"))
    return files


def _reader(files: list[Path], raw_format: str, delimiter: str, encoding: str) -> str:
    file_list = "[" + ", ".join("'" + str(file).replace("'", "''") + "'" for file in files) + "]"
    if raw_format == "csv":
        return (
            f"read_csv({file_list}, header = true, all_varchar = true, delim = '{delimiter}', quote = '\"', "
            f"escape = '\"', union_by_name = true, filename = '_source_file', encoding = '{encoding}')"
        )
    return f"read_parquet({file_list}, union_by_name = true, filename = '_source_file')"


def read_text_batches(files: list[Path], raw_format: str, delimiter: str = ",", encoding: str = "utf-8"):
    """(columns, iterator of row batches), every value as text, `_source_file` last."""
    connection = duckdb.connect()
    reader = _reader(files, raw_format, delimiter, encoding)
    columns = [
        row[0] for row in connection.execute(f"describe select * exclude (_source_file) from {reader}").fetchall()
    ]
    selected = ", ".join(f'cast("{name.replace(chr(34), chr(34) * 2)}" as varchar)' for name in columns)
    cursor = connection.execute(f"select {selected}, _source_file from {reader}")

    def batches() -> Iterator[list[tuple]]:
        while True:
            rows = cursor.fetchmany(BATCH_ROWS)
            if not rows:
                connection.close()
                return
            yield rows

    return [*columns, "_source_file"], batches()


def connect(target: str = "postgres"):
    """A DB-API connection to `target` from the profile's env vars (PostgreSQL)."""
    if target != "postgres":
        raise LoadError(f"no DB-API connection for {target}")
    import psycopg2  # noqa: PLC0415 - installed by `make install-postgres`

    return psycopg2.connect(
        host=os.environ.get("LEAD_SCORING_PG_HOST", "localhost"),
        port=int(os.environ.get("LEAD_SCORING_PG_PORT", "5432")),
        user=os.environ.get("LEAD_SCORING_PG_USER", "postgres"),
        password=os.environ.get("LEAD_SCORING_PG_PASSWORD", ""),
        dbname=os.environ.get("LEAD_SCORING_PG_DATABASE", "lead_scoring"),
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _csv_rows(rows: list[tuple]) -> io.StringIO:
    import csv  # noqa: PLC0415

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # COPY's CSV format reads an unquoted empty field as null and a quoted one ("") as ''.
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
    buffer.seek(0)
    return buffer


def load_postgres(schema: str, tables: dict[str, tuple[list[str], Iterator[list[tuple]]] | None]) -> dict[str, int]:
    counts = {}
    connection = connect()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {_quote(schema)}")
            for name, content in tables.items():
                table = f"{_quote(schema)}.{_quote(name)}"
                cursor.execute(f"drop table if exists {table} cascade")
                if content is None:
                    continue
                columns, batches = content
                cursor.execute(f"create table {table} ({', '.join(f'{_quote(c)} text' for c in columns)})")
                counts[name] = 0
                for rows in batches:
                    cursor.copy_expert(f"copy {table} from stdin with (format csv, null '\\N')", _csv_rows(rows))
                    counts[name] += len(rows)
                # Statistics now: a first build without them plans nested loops (100x slower).
                cursor.execute(f"analyze {table}")
    finally:
        connection.close()
    return counts


def load(
    target: str,
    raw_path: Path,
    raw_format: str = "csv",
    schema: str = "raw",
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> dict[str, int]:
    if target not in TARGETS:
        raise LoadError(f"--target must be one of {', '.join(TARGETS)}, got '{target}'")
    if raw_format not in ("csv", "parquet"):
        raise LoadError(f"--raw-format must be csv or parquet, got '{raw_format}'")
    if not raw_path.is_dir():
        raise LoadError(f"--raw-path {raw_path} is not a folder")
    tables = {}
    for name in INPUTS:
        files = input_files(raw_path, name, raw_format)
        if not files and name not in OPTIONAL_INPUTS:
            raise LoadError(
                f"raw input '{name}': no file {raw_path / f'{name}.{raw_format}'} or {raw_path / name}/*.{raw_format}"
            )
        tables[name] = read_text_batches(files, raw_format, delimiter, encoding) if files else None
    if target == "postgres":
        return load_postgres(schema, tables)
    from spark_session import load_spark  # noqa: PLC0415 - needs pyspark (`make install-spark`)

    return load_spark(schema, tables)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, choices=TARGETS)
    parser.add_argument("--raw-path", required=True, type=Path)
    parser.add_argument("--raw-format", default="csv", choices=("csv", "parquet"))
    parser.add_argument("--raw-schema", default="raw", help="schema of the raw tables (var raw_schema; default raw)")
    parser.add_argument("--delimiter", default=",", help="CSV field separator (default ,)")
    parser.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8, utf-16 or latin-1")
    args = parser.parse_args(argv)
    try:
        counts = load(args.target, args.raw_path, args.raw_format, args.raw_schema, args.delimiter, args.encoding)
    except LoadError as error:
        print(f"load_raw.py: {error}", file=sys.stderr)
        return 1
    for name in INPUTS:
        print(f"{args.raw_schema}.{name}: " + (f"{counts[name]} rows" if name in counts else "no file, table dropped"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
