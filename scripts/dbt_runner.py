"""Run dbt in this Python process (dbt's own ``dbtRunner``), capturing what it prints.

Parsing the project is most of a small build's cost (about 7 s of 20 here), and a parse depends
only on the project's files and the vars dbt reads while parsing. A caller that runs many builds of
the same files (scripts/backtest.py, one per date; the pytest harness) parses once and passes the
manifest to each build. ``RUNTIME_VARS`` lists the vars the project reads only while it runs; a
parse with any values of them equals a parse with the defaults (tests/python/test_harness.py
checks it), so builds that differ only in those may share a manifest.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUNTIME_VARS = frozenset(
    {
        "raw_path", "raw_format", "raw_encoding", "raw_delimiter", "raw_csv_check_mb", "raw_columns",
        "raw_timestamp_formats", "score_as_of", "max_rejected_share", "max_unknown_event_type_share_jump",
        "expose_pii", "event_late_arrival_days", "point_in_time", "conversion_window_days", "min_cohort_leads",
        "probability_half_life_days", "suggestion_min_leads", "suggestion_min_converted",
    }
)  # fmt: skip


@dataclass
class DbtRun:
    """One dbt invocation: whether it succeeded, what it printed, dbt's result object."""

    success: bool
    output: str
    error: str  # a crash's traceback (not dbt's own errors, which it prints)
    result: Any
    exception: BaseException | None

    @property
    def returncode(self) -> int:
        return 0 if self.success else (1 if self.exception is None else 2)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def invoke(
    arguments: Sequence[str], cwd: Path, env: dict[str, str] | None = None, manifest: Any = None, echo: bool = False
) -> DbtRun:
    """``dbt <arguments>`` in ``cwd`` with ``env`` added to the environment; with ``manifest``
    (a previous ``parse``'s result), without parsing. DuckDB files are closed afterwards."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner
    from dbt_common.exceptions import DbtBaseException

    output = io.StringIO()
    redirect = contextlib.nullcontext() if echo else contextlib.redirect_stdout(output)
    with environment(env or {}), contextlib.chdir(cwd), redirect:
        try:
            result = dbtRunner(manifest=manifest).invoke(["--no-use-colors", *arguments])
        finally:
            # dbt-duckdb keeps its connection for the life of the process: close it so that this
            # process (or another) can open the file again.
            DuckDBConnectionManager.close_all_connections()
            gc.collect()
    error = ""
    if result.exception is not None and not isinstance(result.exception, DbtBaseException):
        error = "".join(traceback.format_exception(result.exception))
    return DbtRun(result.success, output.getvalue(), error, result.result, result.exception)
