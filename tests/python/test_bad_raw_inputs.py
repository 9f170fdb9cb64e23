"""Bad raw data: each fault is either rejected with a clear message or scored correctly, and every
raw row is accounted for in input_audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DbtProject, write_raw

SCORE_AS_OF = "2026-06-01T12:00:00"


def _valid_raw(folder: Path) -> Path:
    return write_raw(
        folder,
        leads=[{"lead_id": "L1", "job_title": "CEO", "employee_count": "300", "updated_at": "2026-01-01"}],
        events=[{"event_id": "e1", "lead_id": "L1", "event_type": "pricing_page_view", "occurred_at": "2026-06-01"}],
        conversions=[{"lead_id": "L1", "converted_at": "2026-06-01", "amount": "100"}],
    )


def _fail(project: DbtProject, raw: Path) -> str:
    result = project.dbt("build", vars={"raw_path": str(raw), "score_as_of": SCORE_AS_OF}, check=False)
    assert result.returncode != 0, "the build should have failed"
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


# --- structural faults: a clear error naming the file (and column) --------------------------------


def test_missing_folder(project: DbtProject, tmp_path: Path) -> None:
    output = _fail(project, tmp_path / "no_such_folder")
    assert f"lead_scoring raw input 'leads' ({tmp_path}/no_such_folder/leads.csv or" in output
    assert "no such file" in output


def test_missing_file(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    (raw / "events.csv").unlink()
    output = _fail(project, raw)
    assert f"raw input 'events' ({raw}/events.csv or {raw}/events/*.csv): no such file" in output


def test_renamed_column(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    path = raw / "events.csv"
    path.write_text(path.read_text().replace("occurred_at", "timestamp", 1))
    output = _fail(project, raw)
    assert f"raw input 'events' ({raw}/events.csv): missing column 'occurred_at'" in output
    assert "found columns: event_id, lead_id, event_type, timestamp, properties" in output


def test_missing_column(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    path = raw / "conversions.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:2]) for line in lines) + "\n")
    output = _fail(project, raw)
    assert f"raw input 'conversions' ({raw}/conversions.csv): missing column 'amount'" in output


def test_empty_file(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    (raw / "events.csv").write_text("")
    output = _fail(project, raw)
    assert f"raw input 'events' ({raw}/events.csv): the file is empty; expected a header row" in output


def test_header_only_leads_file(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    path = raw / "leads.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    output = _fail(project, raw)
    assert f"raw input 'leads' ({raw}/leads.csv): the file has a header but no rows" in output


def test_non_utf8_bytes_fail_clearly_and_score_with_the_right_encoding(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    path = raw / "leads.csv"
    path.write_bytes(path.read_bytes().replace(b"CEO", "CEO Jos\u00e9".encode("latin-1")))
    output = _fail(project, raw)
    assert "leads.csv" in output and "unicode" in output.lower()

    project.build(raw, SCORE_AS_OF, raw_encoding="latin-1")
    [lead] = project.rows("select job_title, total_score from main.lead_scores")
    assert lead == {"job_title": "CEO Jos\u00e9", "total_score": 33.0}


# --- tolerated faults: the build succeeds -----------------------------------------------------------


def test_extra_column_and_header_only_events_succeed(project: DbtProject, tmp_path: Path) -> None:
    raw = _valid_raw(tmp_path / "raw")
    path = raw / "leads.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",favourite_colour", lines[1] + ",blue"]) + "\n")
    (raw / "events.csv").write_text("event_id,lead_id,event_type,occurred_at,properties\n")
    project.build(raw, SCORE_AS_OF)
    [lead] = project.rows("select lead_id, total_score from main.lead_scores")
    assert lead == {"lead_id": "L1", "total_score": 18.0}


# --- messy values: one build, every fault scored or rejected as documented -------------------------

HOSTILE_COMPANY = 'Acme, "The Best"\nCo'
LONG_TITLE = "x" * 100_000 + " Director"


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    from conftest import make_project

    root = tmp_path_factory.mktemp("messy")
    project = make_project(root / "project")
    lead = {"job_title": "CEO", "employee_count": "300", "updated_at": "2026-01-01T00:00:00Z", "is_deleted": "false"}
    raw = write_raw(
        root / "raw",
        leads=[
            {**lead, "lead_id": "V1"},
            # unparseable number -> no size band; unparseable boolean -> row rejected, older row wins
            {**lead, "lead_id": "V2", "employee_count": "lots", "updated_at": "2026-02-01"},
            {**lead, "lead_id": "V2", "is_deleted": "maybe", "updated_at": "2026-03-01"},
            # unparseable timestamp on the only row -> not scored
            {**lead, "lead_id": "V3", "updated_at": "yesterday"},
            # emoji, quotes, commas, newline, very long string
            {**lead, "lead_id": "V4", "first_name": "\U0001f680 Zo\u00eb", "company_name": HOSTILE_COMPANY},
            {**lead, "lead_id": "V5", "job_title": LONG_TITLE, "employee_count": " 1,200 "},
            # ids differing by spaces are one lead (latest wins); by case, another lead
            {**lead, "lead_id": " V6 ", "job_title": "Student", "updated_at": "2026-01-01"},
            {**lead, "lead_id": "V6", "job_title": "VP Sales", "updated_at": "2026-02-01"},
            {**lead, "lead_id": "v6", "job_title": "Data Analyst", "updated_at": "2026-02-01"},
            # duplicate rows -> one lead
            {**lead, "lead_id": "V7"},
            {**lead, "lead_id": "V7"},
            # offsets; pre-1970 creation; a far-future version is set aside
            {**lead, "lead_id": "V8", "created_at": "1965-03-01", "updated_at": "2026-05-31T23:30:00-02:00"},
            {**lead, "lead_id": "V8", "job_title": "Intern", "updated_at": "9999-12-31T00:00:00Z"},
        ],
        events=[
            # -02:00 -> 2026-06-01 01:30 UTC, age 0
            {
                "event_id": "e1",
                "lead_id": "V1",
                "event_type": "Pricing Page View",
                "occurred_at": "2026-05-31T23:30:00-02:00",
            },
            # +05:00 -> 2026-05-31 20:00 UTC, age 1: 3 * 0.5 ^ (1/14)
            {
                "event_id": "e2",
                "lead_id": "V1",
                "event_type": "email-click",
                "occurred_at": "2026-06-01T01:00:00+05:00",
            },
            # pre-1970: no look-back on trial_signup, no decay
            {"event_id": "e3", "lead_id": "V1", "event_type": "trial_signup", "occurred_at": "1965-03-01T00:00:00Z"},
            {"event_id": "e4", "lead_id": "V1", "event_type": "demo_request", "occurred_at": "9999-12-31T23:59:59Z"},
            {"event_id": "e5", "lead_id": "V1", "event_type": "webinar_attended", "occurred_at": "next tuesday"},
            {
                "event_id": "e6",
                "lead_id": "V1",
                "event_type": "content_download",
                "occurred_at": "2026-06-01",
                "properties": "{not json",
            },
            {
                "event_id": "e1",
                "lead_id": "V1",
                "event_type": "Pricing Page View",
                "occurred_at": "2026-05-31T23:30:00-02:00",
            },
            {"event_id": "e7", "lead_id": "", "event_type": "pricing_page_view", "occurred_at": "2026-06-01"},
            {"event_id": "e8", "lead_id": "NOBODY", "event_type": "pricing_page_view", "occurred_at": "2026-06-01"},
            {"event_id": "", "lead_id": "V1", "event_type": "pricing_page_view", "occurred_at": "2026-06-01"},
            {"event_id": "e9", "lead_id": "v6", "event_type": "chat_opened", "occurred_at": "2026-06-01"},
        ],
        conversions=[
            {"lead_id": "V1", "converted_at": "2026-06-01", "amount": "1,000.50"},
            {"lead_id": "V1", "converted_at": "soon", "amount": "n/a"},
        ],
    )
    project.build(raw, SCORE_AS_OF)
    return project


def test_messy_values_scored_as_documented(messy: DbtProject) -> None:
    scores = {row["lead_id"]: row for row in messy.rows("select * from main.lead_scores")}
    assert set(scores) == {"V1", "V2", "V4", "V5", "V6", "v6", "V7", "V8"}
    expected_v1 = 10 + 8 + 15 + 3 * 0.5 ** (1 / 14) + 20 + 5
    assert scores["V1"]["total_score"] == round(expected_v1, 2)
    assert scores["V2"]["company_size_band"] is None and scores["V2"]["total_score"] == 10
    assert scores["V4"]["first_name"] == "\U0001f680 Zo\u00eb"
    assert scores["V4"]["company_name"] == HOSTILE_COMPANY
    assert scores["V5"]["job_seniority"] == "director" and scores["V5"]["company_size_band"] == "1001-5000"
    assert len(scores["V5"]["job_title"]) == len(LONG_TITLE)
    assert scores["V6"]["job_seniority"] == "vp" and scores["v6"]["job_seniority"] == "individual_contributor"
    assert scores["V8"]["job_seniority"] == "executive"
    assert str(scores["V8"]["lead_updated_at"]) == "2026-06-01 01:30:00"


def test_messy_rejections_have_reasons(messy: DbtProject) -> None:
    rejected = {
        (row["source_name"], row["row_key"], row["rejection_reason"])
        for row in messy.rows("select * from main.rejected_rows")
    }
    assert rejected == {
        ("leads", "V2", "unparseable_is_deleted"),
        ("leads", "V3", "unparseable_updated_at"),
        ("leads", "V8", "after_score_as_of"),
        ("events", "e1", "duplicate_event_id"),
        ("events", "e4", "after_score_as_of"),
        ("events", "e5", "unparseable_occurred_at"),
        ("events", "e7", "anonymous"),
        ("events", "e8", "unknown_lead"),
        ("events", None, "missing_event_id"),
        ("conversions", "V1", "unparseable_converted_at"),
    }
    [properties] = messy.rows("select has_invalid_properties from main.stg_tracking__events where event_id = 'e6'")
    assert properties["has_invalid_properties"] is True


def test_every_raw_row_is_accounted_for(messy: DbtProject) -> None:
    audit = {
        (row["source_name"], row["reason"]): row["row_count"] for row in messy.rows("select * from main.input_audit")
    }
    assert audit == {
        ("leads", "scored_lead"): 8,
        ("leads", "superseded_version"): 2,  # V6 older version, V7 copy
        ("leads", "unparseable_is_deleted"): 1,
        ("leads", "unparseable_updated_at"): 1,
        ("leads", "after_score_as_of"): 1,
        ("events", "scored_event"): 4,
        ("events", "unknown_event_type"): 1,
        ("events", "duplicate_event_id"): 1,
        ("events", "after_score_as_of"): 1,
        ("events", "unparseable_occurred_at"): 1,
        ("events", "anonymous"): 1,
        ("events", "unknown_lead"): 1,
        ("events", "missing_event_id"): 1,
        ("conversions", "conversion"): 1,
        ("conversions", "unparseable_converted_at"): 1,
    }
    read = {
        name: messy.rows(f"select count(*) as n from raw.{name}")[0]["n"] for name in ("leads", "events", "conversions")
    }
    for name, count in read.items():
        assert count == sum(n for (source, _), n in audit.items() if source == name)


def test_accounting_test_fails_when_a_row_goes_missing(messy: DbtProject) -> None:
    # Sabotage the audit: the reconciliation test must notice the missing rows.
    copy = messy.root.parent / "sabotaged"
    shutil.copytree(messy.root, copy)
    sabotaged = DbtProject(copy)
    shutil.copy2(messy.db_path, sabotaged.db_path)
    model = copy / "models" / "marts" / "input_audit.sql"
    model.write_text(
        model.read_text().replace("    from all_rows\n", "    from all_rows\n    where reason != 'anonymous'\n")
    )
    result = sabotaged.dbt(
        "build",
        "--select",
        "input_audit+",
        vars={"raw_path": str(messy.root.parent / "raw"), "score_as_of": SCORE_AS_OF},
        check=False,
    )
    assert result.returncode != 0
    assert "FAIL 1 audit_accounts_for_every_raw_row" in result.stdout


def test_not_null_columns_fails_with_one_row_per_column_holding_a_null(messy: DbtProject) -> None:
    # The model-level not-null test (tests/generic/not_null_columns.sql) on a copy of the build.
    copy = messy.root.parent / "nulls"
    shutil.copytree(messy.root, copy)
    damaged = DbtProject(copy)
    shutil.copy2(messy.db_path, damaged.db_path)
    variables = {"raw_path": str(messy.root.parent / "raw"), "score_as_of": SCORE_AS_OF}
    select = ("--select", "input_audit,test_name:not_null_columns")
    assert damaged.dbt("test", *select, vars=variables).returncode == 0
    for statement, failing_columns in [
        ("update input_audit set reason = null where source_name = 'events'", 1),
        ("update input_audit set row_count = null where source_name = 'leads'", 2),
    ]:
        with duckdb.connect(str(damaged.db_path)) as connection:
            connection.execute(statement)
        result = damaged.dbt("test", *select, vars=variables, check=False)
        assert result.returncode != 0
        assert f"Got {failing_columns} result" in result.stdout, result.stdout[-2000:]
