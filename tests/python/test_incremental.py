"""Incremental runs give exactly the scores a full refresh gives, batch after batch."""

from __future__ import annotations

import csv
import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import ENGINES, DbtProject, make_project, stop_engine, write_csv
from generate_data import generate

pytestmark = pytest.mark.integration  # `make test-integration`: incremental runs against full refreshes

AS_OF = datetime(2026, 6, 1)
MARTS = ("lead_scores", "lead_score_breakdown", "input_audit", "rejected_rows")
# The marts, and the intermediate tables that keep their rows from run to run where no mart shows
# them whole (int_leads_tiered has its own check: _check_tiered).
COMPARED = (*MARTS, "int_leads_disqualified")


def _snapshot(project: DbtProject, tables: tuple[str, ...] = COMPARED) -> dict[str, list[tuple]]:
    """Every compared table's rows (or `tables`'), sorted (rejected_rows without its surrogate key, which
    numbers rows; int_engagement_points_aggregated without the time its run priced a row)."""
    snapshot = {}
    for mart in tables:
        rows = [
            tuple(value for column, value in row.items() if column not in ("rejected_row_id", "priced_at"))
            for row in project.rows(f"select * from main.{mart}")
        ]
        snapshot[mart] = sorted(rows, key=lambda row: [(value is None, str(value)) for value in row])
    return snapshot


# The tables a row of int_leads_tiered is made from, each with the column that stamps when a run
# wrote the row (macros/incremental/scored_leads.sql).
TIERED_UPSTREAMS = (
    ("int_leads_classified", "classified_at"),
    ("int_fit_points_matched", "matched_at"),
    ("int_engagement_points_aggregated", "priced_at"),
)


def _newest_tiered_row(project: DbtProject) -> str | None:
    """When the newest row of int_leads_tiered was written (None before the first build)."""
    if not project.db_path.exists():
        return None
    [row] = project.rows("select cast(max(tiered_at) as varchar) as tiered_at from main.int_leads_tiered")
    return row["tiered_at"]


def _check_tiered(incremental: DbtProject, full: DbtProject, before: str | None, rebuilt: bool) -> set[str]:
    """int_leads_tiered of the incremental project equals the full refresh's (but for when its rows
    were written), and its run rewrote exactly the classified leads with an upstream row written
    after its newest row `before` the run; every classified lead when it was rebuilt (`rebuilt`, or
    a first build). Returns the leads it rewrote."""
    query = "select * exclude (tiered_at) from main.int_leads_tiered"

    def content(project: DbtProject) -> list[tuple]:
        return sorted(
            (tuple(row.values()) for row in project.rows(query)),
            key=lambda row: [(value is None, str(value)) for value in row],
        )

    assert content(incremental) == content(full)
    classified = {row["lead_id"] for row in incremental.rows("select lead_id from main.int_leads_classified")}
    if before is None:
        return classified
    since = f"cast('{before}' as timestamp)"
    query = f"select lead_id from main.int_leads_tiered where tiered_at > {since}"
    rewritten = {row["lead_id"] for row in incremental.rows(query)}
    changed = {
        row["lead_id"]
        for table, stamp in TIERED_UPSTREAMS
        for row in incremental.rows(f"select distinct lead_id from main.{table} where {stamp} > {since}")
    }
    assert rewritten == (classified if rebuilt else changed & classified)
    return rewritten


def _kept_rows(project: DbtProject, model: str) -> bool:
    """Whether the project's last run of `model` (models/<folder>/<model>.sql) inserted into the
    table it kept, rather than writing the table again (dbt's run SQL of the model)."""
    [run_sql] = (project.root / "target" / "run" / "lead_scoring" / "models").glob(f"*/{model}.sql")
    return "insert into" in run_sql.read_text().lower()


def _read_csv(path: Path, remove: bool = False) -> tuple[list[str], list[dict]]:
    """A CSV file's columns and rows (as dicts); the file removed after with `remove`."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    if remove:
        path.unlink()
    return columns, rows


# Four batches; two on Spark, where each build takes minutes.
INCREMENTAL_CASES = [
    ("duckdb", "parquet", 4),
    *((engine, "csv", 2 if engine == "spark" else 4) for engine in ENGINES),
]


@pytest.mark.parametrize(("engine", "fmt", "batch_count"), INCREMENTAL_CASES)
def test_incremental_batches_equal_full_refresh(tmp_path: Path, engine: str, fmt: str, batch_count: int) -> None:
    everything = tmp_path / "everything"
    generate(out=everything, leads=400, events=8000, seed=31, as_of=AS_OF, fmt=fmt, batches=batch_count)
    batches = sorted((everything / "events").iterdir())
    assert len(batches) == batch_count

    full = make_project(tmp_path / "full", engine)
    full.dbt("build", "--full-refresh", vars={"raw_path": str(everything), "raw_format": fmt,
                                              "score_as_of": AS_OF.isoformat()})  # fmt: skip
    expected = _snapshot(full)

    # The same data arriving one file at a time, an incremental run after each.
    arriving = tmp_path / "arriving"
    (arriving / "events").mkdir(parents=True)
    for name in ("leads", "conversions"):
        shutil.copy2(everything / f"{name}.{fmt}", arriving / f"{name}.{fmt}")
    incremental = make_project(tmp_path / "incremental", engine)
    for batch in batches:
        shutil.copy2(batch, arriving / "events" / batch.name)
        incremental.build(arriving, AS_OF.isoformat(), raw_format=fmt)
    actual = _snapshot(incremental)

    for table in COMPARED:
        assert actual[table] == expected[table], table
    # Re-deliveries across batches were counted once.
    [duplicates] = incremental.rows("select row_count from main.input_audit where reason = 'duplicate_event_id'")
    assert duplicates["row_count"] > 0
    stop_engine(full)
    stop_engine(incremental)


def test_deliveries_of_a_stopped_run_are_aggregated_by_the_next(tmp_path: Path) -> None:
    """A run that loaded deliveries and stopped before int_event_days_aggregated (killed, or a
    failed test on the deliveries skipping what follows): the next run aggregates them, so the
    marts equal a full refresh's."""
    everything = tmp_path / "everything"
    generate(out=everything, leads=300, events=5000, seed=41, as_of=AS_OF, fmt="parquet", batches=2)
    first, second = sorted((everything / "events").iterdir())
    arriving = tmp_path / "arriving"
    (arriving / "events").mkdir(parents=True)
    for name in ("leads", "conversions"):
        shutil.copy2(everything / f"{name}.parquet", arriving / f"{name}.parquet")
    shutil.copy2(first, arriving / "events" / first.name)
    variables = {"raw_path": str(arriving), "raw_format": "parquet", "score_as_of": AS_OF.isoformat()}
    incremental = make_project(tmp_path / "incremental")
    incremental.dbt("build", vars=variables)
    shutil.copy2(second, arriving / "events" / second.name)
    incremental.dbt("run", "-s", "int_event_deliveries", vars=variables)  # the run that stopped
    [loaded] = incremental.rows("select count(distinct loaded_at) as loads from main.int_event_deliveries")
    assert loaded["loads"] == 2
    incremental.dbt("build", vars=variables)

    full = make_project(tmp_path / "full")
    full.dbt("build", "--full-refresh", vars={**variables, "raw_path": str(everything)})
    assert _snapshot(incremental) == _snapshot(full)


def test_scores_decay_without_new_events(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=5000, seed=8, as_of=AS_OF, fmt="parquet", batches=2)
    later = "2026-06-21T00:00:00"

    incremental = make_project(tmp_path / "incremental")
    incremental.build(raw, AS_OF.isoformat(), raw_format="parquet")
    before = sum(row["engagement_score"] for row in incremental.rows("select engagement_score from main.lead_scores"))
    incremental.build(raw, later, raw_format="parquet")  # nothing new: only time has passed
    decayed = _snapshot(incremental)

    # A full refresh of the same project: every table rebuilt from the raw data, the score history
    # (full_refresh: false) kept, so the columns read from it (previous_tier, tier_since) compare.
    incremental.dbt(
        "build", "--full-refresh", vars={"raw_path": str(raw), "raw_format": "parquet", "score_as_of": later}
    )
    assert decayed == _snapshot(incremental)
    assert any(row["previous_tier"] for row in incremental.rows("select previous_tier from main.lead_scores"))
    after = sum(row[2] for row in decayed["lead_scores"])
    assert after < before


def test_engagement_prices_kept_within_a_scoring_date_equal_a_full_refresh(tmp_path: Path) -> None:
    """int_engagement_points_priced keeps its prices while the scoring date, event_points and the
    probability half-life stay the same: a later run that day prices only the groups with new event
    days or events on the scoring date. After every step (the scoring time moving on within the
    day, a new file with late events, nothing new, the scoring time going back, an edited
    event_points row, the next day) the scores equal a full refresh's, and the table was updated in
    place exactly when it could be."""
    generated = tmp_path / "generated"
    generate(out=generated, leads=300, events=8000, seed=17, as_of=AS_OF, fmt="parquet")
    raw = tmp_path / "raw"
    shutil.copytree(generated, raw, ignore=shutil.ignore_patterns("events.parquet"))
    # Written a minute ago: a lead file modified in the 2 seconds before a run is read again by the
    # next run, and every lead would then be scored again at the second step.
    os.utime(raw / "leads.parquet", (time.time() - 60, time.time() - 60))
    (raw / "events").mkdir()
    events = raw / "events" / "part-0000.parquet"
    shutil.copy2(generated / "events.parquet", events)
    # One event in three held back, for a later file of late events spread over every day.
    late = tmp_path / "part-late.parquet"
    with duckdb.connect() as connection:
        source = f"read_parquet('{events}')"
        for condition, target in (("= 0", late), ("!= 0", f"{events}.tmp")):
            rows = f"select * from {source} where hash(event_id) % 3 {condition}"
            connection.execute(f"copy ({rows}) to '{target}' (format parquet)")
    Path(f"{events}.tmp").replace(events)
    incremental, full = make_project(tmp_path / "incremental"), make_project(tmp_path / "full")
    compared = (*COMPARED, "int_engagement_points_aggregated", "lead_event_history")

    def priced_rows() -> list[dict]:
        return incremental.rows("select lead_id, event_type, priced_at from main.int_engagement_points_priced")

    built: list[str] = []

    tiered: list[set[str]] = []

    def step(score_as_of: str) -> tuple[int, int]:
        """Both projects at `score_as_of`; the rows of int_engagement_points_priced this run
        priced, and all of them. int_leads_tiered scored again the leads of those rows (and every
        lead when they are all of them: it was rebuilt too); the leads it scored are in `tiered`."""
        before = max((row["priced_at"] for row in priced_rows()), default=None) if built else None
        tiered_before = _newest_tiered_row(incremental)
        variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": score_as_of}
        incremental.dbt("build", vars=variables)
        full.dbt("build", "--full-refresh", vars=variables)
        assert _snapshot(incremental, compared) == _snapshot(full, compared), score_as_of
        built.append(score_as_of)
        after = priced_rows()
        repriced = sum(before is None or row["priced_at"] > before for row in after)
        tiered.append(_check_tiered(incremental, full, tiered_before, rebuilt=repriced == len(after)))
        return repriced, len(after)

    def scoring_day_groups() -> int:
        [row] = incremental.rows(
            "select count(distinct lead_id || '/' || event_type) as groups from main.int_event_days_aged"
            " where age_days = 0"
        )
        return row["groups"]

    def loaded_groups() -> int:
        """The groups with an event day this run's load recounted, among those with an event day
        at the scoring time (the others have no price)."""
        [row] = incremental.rows(
            "select count(*) as groups from (select distinct lead_id, event_type from main.int_event_days_aggregated"
            " where loaded_at = (select max(loaded_at) from main.int_event_days_aggregated)) as loaded"
            " where exists (select 1 from main.int_event_days_aged as aged"
            " where aged.lead_id = loaded.lead_id and aged.event_type = loaded.event_type)"
        )
        return row["groups"]

    morning, evening = "2026-05-20T06:00:00", "2026-05-20T22:00:00"
    repriced, total = step(morning)
    assert repriced == total > 0
    # Later the same day: only the groups with events on the scoring date are priced again, and
    # only their leads scored again.
    repriced, total = step(evening)
    assert 0 < repriced == scoring_day_groups() < total
    assert 0 < len(tiered[-1]) < len(tiered[0])
    assert _kept_rows(incremental, "lead_score_breakdown")
    assert _kept_rows(incremental, "int_leads_disqualified")
    assert incremental.rows("select lead_id from main.int_leads_disqualified")  # compared above: not empty
    # A new file of late events, at the same scoring time: the groups it touches.
    shutil.copy2(late, raw / "events" / late.name)
    repriced, total = step(evening)
    assert 0 < repriced == loaded_groups() < total
    # Nothing new, the same scoring time: nothing priced again (the scoring date's groups count
    # the same events as at the last run).
    repriced, total = step(evening)
    assert repriced == 0 < scoring_day_groups()
    # Back in time on the same date: every group priced again, and the groups whose events all
    # came after that time are gone (the table was rebuilt).
    repriced, earlier_total = step(morning)
    assert repriced == earlier_total < total
    # Nothing new at that time, the date's first, again: lead_event_history's slice there is made
    # from unchanged rows, so the build writes nothing (a row altered by hand stays so), and
    # --full-refresh writes it again.
    in_slice = f"score_as_of = cast('{morning}' as timestamp)"
    with duckdb.connect(str(incremental.db_path)) as connection:
        connection.execute(
            f"update main.lead_event_history set event_count = -1 where {in_slice}"
            f" and rowid = (select min(rowid) from main.lead_event_history where {in_slice})"
        )

    def altered_rows() -> int:
        query = f"select count(*) as altered from main.lead_event_history where {in_slice} and event_count = -1"
        return incremental.rows(query)[0]["altered"]

    variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": morning}
    assert altered_rows() == 1
    incremental.dbt("build", vars=variables)
    assert altered_rows() == 1
    incremental.dbt("build", "--full-refresh", vars=variables)
    assert altered_rows() == 0
    assert _snapshot(incremental, compared) == _snapshot(full, compared)
    # An edited event_points row, then the next day with nothing new: every group priced again.
    for project in (incremental, full):
        seeds = project.root / "seeds" / "event_points.csv"
        seeds.write_text(seeds.read_text().replace("pricing_page_view,15,", "pricing_page_view,16,"))
    repriced, total = step(morning)
    assert repriced == total
    repriced, total = step("2026-05-21T06:00:00")
    assert repriced == total
    assert not _kept_rows(incremental, "lead_score_breakdown")
    assert not _kept_rows(incremental, "int_leads_disqualified")


def test_incremental_grain_tests_catch_a_duplicate_in_the_latest_load(tmp_path: Path) -> None:
    """The grain tests of the incremental models check only the latest load: they must still fail
    when that load duplicates a key loaded earlier."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=200, events=3000, seed=5, as_of=AS_OF, fmt="parquet", batches=2)
    project = make_project(tmp_path / "project")
    project.build(raw, AS_OF.isoformat(), raw_format="parquet")
    # A later load writes a copy of an old day and of an old counted delivery.
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute(
            "insert into main.int_event_days_aggregated "
            "select lead_id, event_type, event_date, event_count, last_occurred_at, "
            "loaded_at + interval 1 hour from main.int_event_days_aggregated limit 1"
        )
        connection.execute(
            "insert into main.int_event_deliveries "
            "select * replace (loaded_at + interval 1 hour as loaded_at) from main.int_event_deliveries "
            "where delivery_rejection_reason is null limit 1"
        )
    variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": AS_OF.isoformat()}
    result = project.dbt(
        "test", "--select", "int_event_days_aggregated int_event_deliveries", vars=variables, check=False
    )
    assert result.returncode != 0
    assert "FAIL 1 unique_combination_int_event_days_aggregated" in result.stdout
    assert "FAIL 1 unique_combination_int_event_deliveries_event_id" in result.stdout


def test_a_build_checks_the_grain_of_its_own_load_only(tmp_path: Path) -> None:
    """Under `dbt build` the incremental grain tests check the keys this build loaded (macro
    this_load): a build with nothing new re-reads no earlier load, however large, and a build whose
    own load breaks the grain fails."""
    generated, raw = tmp_path / "generated", tmp_path / "raw"
    generate(out=generated, leads=200, events=3000, seed=5, as_of=AS_OF, fmt="parquet", batches=2)
    shutil.copytree(generated, raw, ignore=shutil.ignore_patterns("part-0001.parquet"))
    project = make_project(tmp_path / "project")
    variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": AS_OF.isoformat()}
    project.dbt("build", vars=variables)
    # A key duplicated in a later load than the build below (an hour ahead): `dbt test` checks the
    # latest load and fails; a build with nothing new checks only its own (empty) load and passes.
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute(
            "insert into main.int_event_days_aggregated select * replace (loaded_at + interval 1 hour as loaded_at) "
            "from main.int_event_days_aggregated limit 1"
        )
    grain_test = "unique_combination_int_event_days_aggregated"
    assert f"FAIL 1 {grain_test}" in project.dbt("test", "--select", "int_event_days_aggregated", check=False,
                                                  vars=variables).stdout  # fmt: skip
    quiet = project.dbt("build", "--select", "int_event_days_aggregated", vars=variables)
    assert f"PASS {grain_test}" in quiet.stdout
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("delete from main.int_event_days_aggregated where loaded_at > now()")
    # A model bug that writes every day of an incremental load twice: the build's own load is
    # checked, so the build fails.
    model = project.root / "models" / "intermediate" / "int_event_days_aggregated.sql"
    text = model.read_text()
    model.write_text(text.replace("select * from final", "select * from final\n{% if is_incremental() %}"
                                  "union all select * from final{% endif %}"))  # fmt: skip
    shutil.copy2(generated / "events" / "part-0001.parquet", raw / "events" / "part-0001.parquet")
    broken = project.dbt("build", "--select", "int_event_deliveries int_event_days_aggregated", vars=variables,
                         check=False)  # fmt: skip
    assert broken.returncode != 0
    assert re.search(rf"FAIL \d+ {grain_test}", broken.stdout), broken.stdout[-3000:]


def test_the_aged_days_grain_test_checks_the_scoring_date(tmp_path: Path) -> None:
    """int_event_days_aged's grain test checks the rows of the scoring date (its `where` config,
    `__scoring_date__`, macro get_where_subquery): the rows the view groups itself. It passes on
    real data, leaves a repeated earlier day to the daily aggregate's own grain test, and fails
    when the view repeats the scoring date's rows."""
    as_of = datetime(2026, 6, 1, 18, 0, 0)  # evening: the scoring date has events before the as-of
    raw = tmp_path / "raw"
    generate(out=raw, leads=200, events=4000, seed=9, as_of=as_of, fmt="parquet")
    project = make_project(tmp_path / "project")
    variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": as_of.isoformat()}
    project.dbt("build", vars=variables)
    assert (
        "PASS unique_combination_int_event_days_aged"
        in project.dbt("test", "--select", "int_event_days_aged", vars=variables).stdout
    )
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        [(scoring_date_rows,)] = connection.execute(
            "select count(*) from main.int_event_days_aged where event_date = date '2026-06-01'"
        ).fetchall()
    assert scoring_date_rows > 0  # the test below has rows to check
    # An earlier day repeated in the daily aggregate (a later load) is the aggregate's grain test's
    # to catch; the view's test does not re-read the days it passes through.
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute(
            "insert into main.int_event_days_aggregated select * replace (loaded_at + interval 1 hour as loaded_at) "
            "from main.int_event_days_aggregated where event_date < date '2026-06-01' limit 1"
        )
    repeated = project.dbt("test", "--select", "int_event_days_aged int_event_days_aggregated", vars=variables,
                           check=False).stdout  # fmt: skip
    assert "FAIL 1 unique_combination_int_event_days_aggregated" in repeated
    assert "PASS unique_combination_int_event_days_aged" in repeated
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("delete from main.int_event_days_aggregated where loaded_at > now()")
    model = project.root / "models" / "intermediate" / "int_event_days_aged.sql"
    model.write_text(model.read_text().replace("select * from scoring_day", "select * from scoring_day\n"
                                               "    union all\n    select * from scoring_day"))  # fmt: skip
    project.dbt("run", "--select", "int_event_days_aged", vars=variables)
    broken = project.dbt("test", "--select", "int_event_days_aged", vars=variables, check=False)
    assert re.search(rf"FAIL {scoring_date_rows} unique_combination_int_event_days_aged", broken.stdout), broken.stdout[
        -3000:
    ]


def test_history_tests_check_the_slice_the_build_wrote(tmp_path: Path) -> None:
    """The history tables' tests check one slice (`where: score_as_of = __score_as_of__`): under
    `dbt build` the one it wrote, under `dbt test` the latest. A duplicate left in an earlier slice
    is not re-read; one in the checked slice fails."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=150, events=2000, seed=13, as_of=AS_OF, fmt="parquet")
    project = make_project(tmp_path / "project")
    earlier, later = "2026-05-31T00:00:00", AS_OF.isoformat()
    project.dbt("build", vars={"raw_path": str(raw), "raw_format": "parquet", "score_as_of": earlier})
    variables = {"raw_path": str(raw), "raw_format": "parquet", "score_as_of": later}
    project.dbt("build", vars=variables)

    def plant_duplicates(score_as_of: str) -> None:
        with duckdb.connect(str(project.db_path)) as connection:
            for table in ("lead_score_history", "lead_event_history"):
                connection.execute(
                    f"insert into main.{table} select * from main.{table} "
                    f"where score_as_of = cast('{score_as_of}' as timestamp) limit 1"
                )

    history_tests = ("unique_combination_lead_score_history", "unique_combination_lead_event_history")
    plant_duplicates(earlier)
    rebuilt = project.dbt("build", "--select", "lead_score_history lead_event_history", vars=variables).stdout
    tested = project.dbt("test", "--select", "lead_score_history lead_event_history", vars=variables).stdout
    for test in history_tests:
        assert f"PASS {test}" in rebuilt and f"PASS {test}" in tested
    plant_duplicates(later)
    failed = project.dbt("test", "--select", "lead_score_history lead_event_history", vars=variables,
                         check=False).stdout  # fmt: skip
    for test in history_tests:
        assert f"FAIL 1 {test}" in failed, failed[-3000:]


def test_lead_files_are_parsed_once_and_again_when_rewritten_or_removed(tmp_path: Path) -> None:
    """int_lead_versions_loaded parses a lead file only when it is new or rewritten (name, size,
    modification time); a build with the same lead files parses no lead; a file rewritten in place
    or removed gives exactly the marts of a full refresh."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=3000, seed=11, as_of=AS_OF, fmt="csv")
    columns, rows = _read_csv(raw / "leads.csv", remove=True)
    half = len(rows) // 2
    write_csv(raw / "leads" / "part-a.csv", rows[:half], columns)
    write_csv(raw / "leads" / "part-b.csv", rows[half:], columns)
    # Written a minute ago: a file modified in the 2 seconds before a run is read again next run.
    for part in ("part-a.csv", "part-b.csv"):
        os.utime(raw / "leads" / part, (time.time() - 60, time.time() - 60))
    project = make_project(tmp_path / "project")
    variables = {"raw_path": str(raw), "score_as_of": AS_OF.isoformat()}

    def loaded() -> list[tuple]:
        return sorted(
            (row["source_file"].rsplit("/", 1)[-1], row["loaded_at"], row["rows"])
            for row in project.rows(
                "select source_file, loaded_at, count(*) as rows from main.int_lead_versions_loaded group by all"
            )
        )

    def incremental_equals_full_refresh() -> None:
        project.dbt("build", vars=variables)
        incremental = _snapshot(project)
        project.dbt("build", "--full-refresh", vars=variables)
        assert _snapshot(project) == incremental

    project.dbt("build", vars=variables)
    first = loaded()
    assert [(name, count) for name, _, count in first] == [("part-a.csv", half), ("part-b.csv", len(rows) - half)]
    project.dbt("build", vars=variables)
    assert loaded() == first  # the same files: no lead parsed again

    # part-b rewritten in place: fewer rows, other job titles; part-a is not read again.
    changed = [{**row, "job_title": "Chief Executive Officer"} for row in rows[half::2]]
    write_csv(raw / "leads" / "part-b.csv", changed, columns)
    project.dbt("build", vars=variables)
    after_rewrite = loaded()
    assert after_rewrite[0] == first[0]
    assert after_rewrite[1][2] == len(changed) and after_rewrite[1][1] > first[1][1]
    # part-b was modified just before that run started: the next run reads it again (it could have
    # been rewritten in the same second), keeping only that read; part-a stays as read.
    project.dbt("build", vars=variables)
    reread = loaded()
    assert reread[0] == first[0] and reread[1][2] == len(changed) and reread[1][1] > after_rewrite[1][1]
    incremental_equals_full_refresh()

    # part-a removed: its versions leave with it.
    (raw / "leads" / "part-a.csv").unlink()
    project.dbt("build", vars=variables)
    assert [name for name, _, _ in loaded()] == ["part-b.csv"]
    incremental_equals_full_refresh()


def test_lead_side_redone_only_for_changed_leads_equal_a_full_rebuild(tmp_path: Path) -> None:
    """The lead side keeps its rows between runs (DuckDB). int_lead_versions_ranked ranks again only
    the leads with a version in a new or gone load, or updated since the latest scoring time the
    table was ranked at; int_leads_classified classifies again exactly the live ones among them, and
    int_fit_points_matched matches again exactly those of them with matched points. The scoring time
    going back or a backtest starting rebuilds the ranks, an edited seed the tables that read it.
    After every step the three tables and the marts equal a full refresh's."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=3000, seed=19, as_of=AS_OF, fmt="csv")
    columns, rows = _read_csv(raw / "leads.csv", remove=True)
    parts = {name: rows[i::3] for i, name in enumerate(("part-a.csv", "part-b.csv", "part-c.csv"))}

    def write_part(name: str, part_rows: list[dict]) -> None:
        # Written a minute ago: a file modified in the 2 seconds before a run is read again next run.
        write_csv(raw / "leads" / name, part_rows, columns)
        os.utime(raw / "leads" / name, (time.time() - 60, time.time() - 60))

    for name, part_rows in parts.items():
        write_part(name, part_rows)
    incremental, full = make_project(tmp_path / "incremental"), make_project(tmp_path / "full")
    # Each table: its content columns, and the column that says when a run made the row.
    tables = {
        "int_lead_versions_ranked": (
            "raw_lead_id, lead_id, job_title, updated_at, raw_updated_at, version_rejection_reason,"
            " version_rank, version_count, regexp_extract(source_file, '[^/]*$') as file, ranking_key",
            "ranked_at",
        ),
        "int_leads_classified": ("* exclude (ranked_at, classified_at)", "classified_at"),
        "int_fit_points_matched": ("* exclude (classified_at, matched_at)", "matched_at"),
    }

    def content(project: DbtProject, table: str) -> list[tuple]:
        return sorted(
            (tuple(row.values()) for row in project.rows(f"select {tables[table][0]} from main.{table}")),
            key=lambda row: [(value is None, str(value)) for value in row],
        )

    def lead_ids(table: str, condition: str = "true") -> set[str]:
        query = f"select distinct lead_id from main.{table} where lead_id is not null and {condition}"
        return {row["lead_id"] for row in incremental.rows(query)}

    scored_at: list[str] = []

    def step(score_as_of: str, point_in_time: bool = False, rebuilt: tuple[str, ...] = ()) -> set[str]:
        """Both projects at `score_as_of`; the lead ids the incremental one ranked at this run. The
        tables in `rebuilt` must have redone every lead; the others exactly the ones above.
        int_leads_tiered is rebuilt with them, and at a new scoring date (every engagement price
        changes); otherwise it scores again the leads with a new upstream row."""
        variables = {"raw_path": str(raw), "raw_format": "csv", "score_as_of": score_as_of}
        if point_in_time:
            variables["point_in_time"] = True
        tiered_before = _newest_tiered_row(incremental)
        new_date = not scored_at or scored_at[-1][:10] != score_as_of[:10]
        scored_at.append(score_as_of)
        before = {}
        if incremental.db_path.exists():
            for table, (_, made_at) in tables.items():
                [row] = incremental.rows(f"select cast(max({made_at}) as varchar) as made_at from main.{table}")
                before[table] = row["made_at"]
        incremental.dbt("build", vars=variables)
        full.dbt("build", "--full-refresh", vars=variables)
        for table in tables:
            assert content(incremental, table) == content(full, table), (score_as_of, table)
        assert _snapshot(incremental) == _snapshot(full), score_as_of
        _check_tiered(incremental, full, tiered_before, rebuilt=bool(rebuilt) or new_date)
        redone = {
            table: lead_ids(table, f"{made_at} > cast('{before[table]}' as timestamp)") if table in before else None
            for table, (_, made_at) in tables.items()
        }
        ranked_leads = redone["int_lead_versions_ranked"] if before else lead_ids("int_lead_versions_ranked")
        if before:
            classified, matched = lead_ids("int_leads_classified"), lead_ids("int_fit_points_matched")
            expected = classified if "int_leads_classified" in rebuilt else ranked_leads & classified
            assert redone["int_leads_classified"] == expected, score_as_of
            if "int_fit_points_matched" not in rebuilt:
                expected &= matched
            assert redone["int_fit_points_matched"] == (matched if "int_fit_points_matched" in rebuilt else expected)
        return ranked_leads

    def leads(condition: str) -> set[str]:
        return lead_ids("int_lead_versions_loaded", condition)

    def in_file(name: str) -> str:
        return f"source_file like '%/{name}'"

    def updated_between(start: str, end: str) -> str:
        return f"updated_at > cast('{start}' as timestamp) and updated_at <= cast('{end}' as timestamp)"

    start, later = "2026-06-01T00:00:00", "2026-06-20T00:00:00"
    assert step(start) == leads("true")
    assert step(start) == set()  # nothing new: nothing ranked again
    # Later: versions updated in between stop being after the scoring time.
    crossing = leads(updated_between(start, later))
    assert crossing and step(later) == crossing
    # A new lead file: a newer version of a lead of part-a, and a lead never seen.
    known = dict(parts["part-a.csv"][0])
    newer = {**known, "job_title": "Chief Executive Officer", "updated_at": "2026-06-10T00:00:00"}
    new_lead = {**known, "lead_id": "L_NEW_0001", "email": "new@example.com", "updated_at": "2026-06-10T00:00:00"}
    write_part("part-d.csv", [newer, new_lead])
    assert step(later) == {known["lead_id"].strip(), "L_NEW_0001"}
    # part-a removed: its leads are ranked again from their other versions, or leave.
    of_part_a = leads(in_file("part-a.csv"))
    (raw / "leads" / "part-a.csv").unlink()
    ranked_now, remaining = step(later), leads("true")
    assert ranked_now == of_part_a & remaining and of_part_a - remaining
    # part-b rewritten with half its rows: its leads, from the rows read again and the rows gone.
    of_part_b = leads(in_file("part-b.csv"))
    write_part("part-b.csv", parts["part-b.csv"][::2])
    ranked_now, remaining = step(later), leads("true")
    assert ranked_now == of_part_b & remaining and of_part_b - remaining
    # An edited seed: the tables that read it are rebuilt, the ranks kept.
    for project in (incremental, full):
        seniority = project.root / "seeds" / "job_title_seniority.csv"
        seniority.write_text(seniority.read_text().replace("(director|head of)", "(director)"))
    assert step(later, rebuilt=("int_leads_classified", "int_fit_points_matched")) == set()
    for project in (incremental, full):
        points = project.root / "seeds" / "attribute_points.csv"
        points.write_text(points.read_text().replace("job_seniority,director,6,", "job_seniority,director,7,"))
    assert step(later, rebuilt=("int_fit_points_matched",)) == set()
    # The scoring time back: rebuilt.
    assert step(start) == leads("true")
    # A backtest: another key, rebuilt; its next date ranks the leads updated in between.
    first, second = "2026-03-01T00:00:00", "2026-04-01T00:00:00"
    assert step(first, point_in_time=True) == leads("true")
    crossing = leads(updated_between(first, second))
    assert crossing and step(second, point_in_time=True) == crossing


def test_event_rejections_kept_between_runs_equal_a_full_refresh(tmp_path: Path) -> None:
    """int_events_rejected keeps its rows between runs while the scoring time does not go back: a
    run checks again only the deliveries that happened between the last run's scoring time and
    this run's, were loaded after its latest load, or belong to a lead whose state changed. After
    every step (the scoring time moving on, a new file with late events, nothing new, the next day,
    a lead deleted and one removed, the removed one back, the scoring time going back, two backtest
    dates) its rows and the marts equal a full refresh's, and the table was updated in place
    exactly when it could be; rejected_rows kept its rows of leads and events when nothing was
    checked again."""
    raw = tmp_path / "raw"
    generate(out=raw, leads=300, events=6000, seed=23, as_of=AS_OF, fmt="csv")
    (raw / "events").mkdir()
    events = raw / "events.csv"
    event_columns, event_rows = _read_csv(events, remove=True)
    # One event in four held back, for a later file of late events.
    write_csv(raw / "events" / "part-0000.csv", [row for i, row in enumerate(event_rows) if i % 4], event_columns)
    late = [row for i, row in enumerate(event_rows) if i % 4 == 0]
    lead_columns, lead_rows = _read_csv(raw / "leads.csv")
    incremental, full = make_project(tmp_path / "incremental"), make_project(tmp_path / "full")
    content = "raw_event_id, lead_id, event_type, rejection_reason, raw_occurred_at, occurred_at"

    def rejected(project: DbtProject) -> list[tuple]:
        return sorted(
            (tuple(row.values()) for row in project.rows(f"select {content} from main.int_events_rejected")),
            key=lambda row: [(value is None, str(value)) for value in row],
        )

    def step(score_as_of: str, point_in_time: bool = False) -> tuple[int, int]:
        """Both projects at `score_as_of` (a backtest's build with `point_in_time`); the rows of
        int_events_rejected this run checked, and all of them."""
        variables = {"raw_path": str(raw), "raw_format": "csv", "score_as_of": score_as_of}
        if point_in_time:
            variables["point_in_time"] = True
        before = "cast('0001-01-01' as timestamp)"
        if incremental.db_path.exists():
            [row] = incremental.rows("select cast(max(checked_at) as varchar) as at from main.int_events_rejected")
            before = f"cast('{row['at']}' as timestamp)"
        incremental.dbt("build", vars=variables)
        full.dbt("build", "--full-refresh", vars=variables)
        assert rejected(incremental) == rejected(full), score_as_of
        assert _snapshot(incremental) == _snapshot(full), score_as_of
        return rows_where(f"checked_at > {before}"), rows_where("true")

    def rows_where(condition: str) -> int:
        [row] = incremental.rows(f"select count(*) as rows from main.int_events_rejected where {condition}")
        return row["rows"]

    def after(score_as_of: str) -> str:
        return f"occurred_at > cast('{score_as_of}' as timestamp)"

    def between(earlier: str, later: str) -> str:
        return f"{after(earlier)} and not {after(later)}"

    # Scoring times after the generated as-of, with no lead version between them (the leads' state
    # stays the same) and events dated after each (the generator's clock faults).
    morning, evening, next_day = "2026-06-02T18:00:00", "2026-06-02T23:00:00", "2026-06-03T18:00:00"
    checked, total = step(morning)
    assert checked == total > 0
    assert not _kept_rows(incremental, "rejected_rows")
    # Later the same day: only the rows that happened between the two times are checked again
    # (those rejected for another reason stay; the others are scored now); the rows after both
    # stay after_score_as_of, unchecked.
    checked, total = step(evening)
    assert checked == rows_where(between(morning, evening)) < rows_where(after(morning))
    assert not _kept_rows(incremental, "rejected_rows")  # rows gone: the mart rebuilt
    # A new file of late events: the rows of its load.
    write_csv(raw / "events" / "part-0001.csv", late, event_columns)
    before = total
    checked, total = step(evening)
    assert 0 < checked == rows_where("loaded_at = (select max(loaded_at) from main.int_events_rejected)") < total
    assert total > before
    # Nothing new, the same scoring time: nothing checked again, rejected_rows keeps its rows of
    # leads and events. Then the next day: the rows between the two times.
    checked, total = step(evening)
    assert checked == 0 < total
    assert _kept_rows(incremental, "rejected_rows")
    checked, total = step(next_day)
    assert checked == rows_where(between(evening, next_day)) < rows_where(after(evening))
    # A lead deleted and another removed: their events' rows, and those after the last time.
    # Two known leads with scored events.
    deleted, removed = (
        row["lead_id"]
        for row in incremental.rows(
            "select lead_id from main.int_leads_resolved where not is_deleted and lead_id in"
            " (select lead_id from main.int_event_days_aggregated) order by lead_id limit 2"
        )
    )
    changed = [{**row, "is_deleted": "true"} if row["lead_id"].strip() == deleted else row for row in lead_rows]
    write_csv(raw / "leads.csv", [row for row in changed if row["lead_id"].strip() != removed], lead_columns)
    checked, total = step(next_day)
    of_changed = f"lead_id in ('{deleted}', '{removed}')"
    assert 0 < rows_where(of_changed) == checked < total
    query = f"select lead_id, rejection_reason from main.int_events_rejected where {of_changed}"
    reasons = {(row["lead_id"], row["rejection_reason"]) for row in incremental.rows(query)}
    assert {(deleted, "deleted_lead"), (removed, "unknown_lead")} <= reasons
    # The removed lead back: its unknown_lead rows go.
    write_csv(raw / "leads.csv", changed, lead_columns)
    checked, total = step(next_day)
    assert rows_where(f"lead_id = '{removed}' and rejection_reason = 'unknown_lead'") == 0
    assert checked == rows_where(f"lead_id = '{removed}'") < total
    # Back in time: the table is rebuilt, every row checked.
    checked, total = step(morning)
    assert checked == total
    # A backtest (scripts/backtest.py's builds): another key, so the first date rebuilds; at the
    # next date leads created in between stop being the date's future, and the rows are kept.
    checked, total = step("2026-04-01T00:00:00", point_in_time=True)
    assert checked == total
    future = "rejection_reason = 'not_yet_known' and occurred_at <= cast('2026-04-01' as timestamp)"
    assert rows_where(future) > 0  # events of leads not yet created
    checked, total = step("2026-05-01T00:00:00", point_in_time=True)
    assert 0 < checked < total
