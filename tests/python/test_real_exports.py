"""Real CRM exports load without editing SQL: yes/no flags, extra timestamp formats, a missing optional
input, another delimiter or encoding, and export headers mapped to the contract (README: Raw input
contract, Configuration). Each fault the vars cannot fix fails with a message naming the file and the var."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import DbtProject, write_csv, write_raw
from generate_data import CONVERSION_COLUMNS, EVENT_COLUMNS, LEAD_COLUMNS

SCORE_AS_OF = "2026-06-01T12:00:00"
US_FORMAT = "%m/%d/%Y %I:%M %p"


def _lead(lead_id: str, **values: Any) -> dict[str, Any]:
    return {"lead_id": lead_id, "job_title": "CEO", "employee_count": "300", "updated_at": "2026-01-01", **values}


def _event(event_id: str, lead_id: str, event_type: str, occurred_at: str) -> dict[str, Any]:
    return {"event_id": event_id, "lead_id": lead_id, "event_type": event_type, "occurred_at": occurred_at}


def _fail(project: DbtProject, raw: Path, **extra_vars: Any) -> str:
    result = project.dbt("build", vars={"raw_path": str(raw), "score_as_of": SCORE_AS_OF, **extra_vars}, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build should have failed"
    assert "Traceback" not in output
    # DuckDB's sniffer dump is what these messages replace.
    assert "Possible fixes" not in output and "Error when sniffing" not in output
    return " ".join(output.split())


def _scores(project: DbtProject) -> dict[str, float]:
    return {
        row["lead_id"]: row["total_score"] for row in project.rows("select lead_id, total_score from main.lead_scores")
    }


def _rejected(project: DbtProject) -> set[tuple[str, str | None, str]]:
    return {
        (row["source_name"], row["row_key"], row["rejection_reason"])
        for row in project.rows("select source_name, row_key, rejection_reason from main.rejected_rows")
    }


def _write_delimited(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]], delimiter: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows({column: row.get(column) or "" for column in columns} for row in rows)


# --- 1. is_deleted: yes/no and y/n ------------------------------------------------------------------


def test_is_deleted_reads_yes_no_y_n_trimmed_in_any_case(project: DbtProject, tmp_path: Path) -> None:
    flags = {"D1": " YES ", "D2": "y", "D3": "Yes", "K1": "No", "K2": " n\t", "K3": "NO", "K4": "", "X1": "yeah"}
    raw = write_raw(
        tmp_path / "raw", leads=[_lead(lead_id, is_deleted=flag) for lead_id, flag in flags.items()], events=[]
    )
    project.build(raw, SCORE_AS_OF)
    assert set(_scores(project)) == {"K1", "K2", "K3", "K4"}
    audit = {(row["reason"]): row["row_count"] for row in project.rows("select * from main.input_audit")}
    assert audit == {"scored_lead": 4, "deleted_lead": 3, "unparseable_is_deleted": 1}
    assert _rejected(project) == {("leads", "X1", "unparseable_is_deleted")}


# --- 2. raw_timestamp_formats -----------------------------------------------------------------------


def test_timestamp_formats_read_every_timestamp_column(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(
        tmp_path / "raw",
        leads=[
            _lead("T1", created_at="01/02/2026 09:00 AM", updated_at="05/31/2026 02:15 PM"),
            # the offset is converted to UTC
            _lead("T2", updated_at="31.05.2026 23:30 +0200"),
            # ISO-8601 comes first: 2026-01-02 is 2 January, not 1 February by the '%Y-%d-%m' format
            _lead("T3", updated_at="2026-01-02"),
            # trimmed first, then read whole
            _lead("T4", updated_at=" 05/31/2026 02:15 PM\t"),
            # trailing text fails the format: unparseable
            _lead("T5", updated_at="05/31/2026 02:15 PM UTC"),
            _lead("T6", updated_at="31/05/2026"),
        ],
        events=[
            _event("e1", "T1", "pricing_page_view", "05/31/2026 11:00 PM"),
            _event("e2", "T2", "pricing_page_view", "06/01/2026 11:00 PM"),  # after score_as_of
            _event("e3", "T3", "pricing_page_view", "yesterday"),
        ],
        conversions=[
            {"lead_id": "T1", "converted_at": "06/01/2026 08:00 AM", "amount": "100"},
            {"lead_id": "T2", "converted_at": "01.06.2026", "amount": "100"},
        ],
    )
    project.build(raw, SCORE_AS_OF, raw_timestamp_formats=[US_FORMAT, "%d.%m.%Y %H:%M %z", "%Y-%d-%m"])

    leads = {row["lead_id"]: row for row in project.rows("select * from main.stg_crm__leads")}
    assert str(leads["T1"]["created_at"]) == "2026-01-02 09:00:00"
    assert str(leads["T1"]["updated_at"]) == "2026-05-31 14:15:00"
    assert str(leads["T2"]["updated_at"]) == "2026-05-31 21:30:00"
    assert str(leads["T3"]["updated_at"]) == "2026-01-02 00:00:00"
    assert str(leads["T4"]["updated_at"]) == "2026-05-31 14:15:00"

    # T1: executive 10 + 100-500 8 + pricing page 15 (31 May 23:00 UTC, age 1, no decay)
    assert _scores(project) == {"T1": 33.0, "T2": 18.0, "T3": 18.0, "T4": 18.0}
    [event] = project.rows("select occurred_at from main.stg_tracking__events where event_id = 'e1'")
    assert str(event["occurred_at"]) == "2026-05-31 23:00:00"
    conversions = {row["lead_id"]: row for row in project.rows("select * from main.stg_crm__conversions")}
    assert str(conversions["T1"]["converted_at"]) == "2026-06-01 08:00:00"
    assert _rejected(project) == {
        ("leads", "T5", "unparseable_updated_at"),
        ("leads", "T6", "unparseable_updated_at"),
        ("events", "e2", "after_score_as_of"),
        ("events", "e3", "unparseable_occurred_at"),
        ("conversions", "T2", "unparseable_converted_at"),
    }


def test_timestamp_sql_is_unchanged_without_formats(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    compiled = project.root / "target" / "compiled" / "lead_scoring" / "models" / "staging" / "crm"

    def compile_leads(**extra_vars: Any) -> str:
        project.dbt("compile", "--select", "stg_crm__leads", vars={"raw_path": str(raw), **extra_vars})
        return (compiled / "stg_crm__leads.sql").read_text()

    default = compile_leads()
    assert compile_leads(raw_timestamp_formats=[]) == default
    assert "strptime" not in default
    with_formats = compile_leads(raw_timestamp_formats=[US_FORMAT, "%Y-%m-%d %H:%M %z"])
    assert with_formats.count("try_strptime(") == 4  # two formats, two timestamp columns


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (US_FORMAT, "var raw_timestamp_formats must be a list of strptime formats, e.g. ['%m/%d/%Y %I:%M %p']"),
        ([US_FORMAT, 5], "must be a list of strptime formats (text), got '5' at position 2"),
        (["%d/%m/%Q"], "format '%d/%m/%Q' uses '%Q', which strptime does not know"),
    ],
)
def test_timestamp_formats_var_is_checked(project: DbtProject, tmp_path: Path, formats: Any, message: str) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    assert message in _fail(project, raw, raw_timestamp_formats=formats)


# --- 3. optional inputs -----------------------------------------------------------------------------


def test_missing_conversions_file_is_an_empty_input(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(
        tmp_path / "raw",
        leads=[_lead("L1")],
        events=[_event("e1", "L1", "pricing_page_view", "2026-06-01")],
    )
    (raw / "conversions.csv").unlink()
    result = project.build(raw, SCORE_AS_OF)
    notice = (
        f"lead_scoring: optional raw input 'conversions' not found ({raw}/conversions.csv or "
        f"{raw}/conversions/*.csv): treated as empty"
    )
    assert result.stdout.count(notice) == 1
    assert _scores(project) == {"L1": 33.0}
    # input_audit reconciles (its dbt test passed in the build) and has nothing for conversions
    assert {row["source_name"] for row in project.rows("select source_name from main.input_audit")} == {
        "leads",
        "events",
    }
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        assert connection.execute("select count(*) from raw.conversions").fetchone() == (0,)
        columns = [row[0] for row in connection.execute("describe raw.conversions").fetchall()]
    assert columns == [*CONVERSION_COLUMNS, "_source_file"]


def test_missing_leads_file_still_fails(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    (raw / "leads.csv").unlink()
    output = _fail(project, raw)
    assert f"raw input 'leads' ({raw}/leads.csv or {raw}/leads/*.csv): no such file" in output
    assert "optional raw input" not in output


# --- 4. raw_delimiter and raw_encoding --------------------------------------------------------------


def test_semicolon_file_names_raw_delimiter_and_loads_with_it(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[], events=[_event("e1", "L1", "pricing_page_view", "2026-06-01")])
    _write_delimited(raw / "leads.csv", LEAD_COLUMNS, [_lead("L1", employee_count="1,200")], ";")

    output = _fail(project, raw)
    assert f"lead_scoring raw input 'leads' ({raw}/leads.csv): missing columns 'lead_id'," in output
    assert "the header was read as one column, so the file looks ';'-separated: set var raw_delimiter (now ',')" in (
        output
    )

    project.build(raw, SCORE_AS_OF, raw_delimiter={"leads": ";"})
    # executive 10 + 1001-5000 10 + pricing page 15
    assert _scores(project) == {"L1": 35.0}


def test_tab_delimiter_for_every_input(project: DbtProject, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _write_delimited(raw / "leads.csv", LEAD_COLUMNS, [_lead("L1", company_name="Acme, Inc.")], "\t")
    _write_delimited(raw / "events.csv", EVENT_COLUMNS, [_event("e1", "L1", "pricing_page_view", "2026-06-01")], "\t")
    _write_delimited(
        raw / "conversions.csv", CONVERSION_COLUMNS, [{"lead_id": "L1", "converted_at": "2026-06-01"}], "\t"
    )

    output = _fail(project, raw)
    assert "the file looks '\\t'-separated: set var raw_delimiter" in output

    project.build(raw, SCORE_AS_OF, raw_delimiter="\t")
    assert _scores(project) == {"L1": 33.0}
    [lead] = project.rows("select company_name from main.lead_scores")
    assert lead["company_name"] == "Acme, Inc."


def test_broken_quoting_names_the_file_line_and_vars(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(
        tmp_path / "raw",
        leads=[_lead("L1")],
        events=[],
        conversions=[{"lead_id": "L1", "converted_at": "2026-06-01", "amount": "1"}],
    )
    with (raw / "conversions.csv").open("a", encoding="utf-8") as handle:
        handle.write('L2,"2026-06-01,5\n')
    output = _fail(project, raw)
    assert (
        f"lead_scoring raw input 'conversions' ({raw}/conversions.csv): cannot be read as CSV with delimiter ',' "
        "(var raw_delimiter) and encoding 'utf-8' (var raw_encoding): line 3: Value with unterminated quote found;"
    ) in output


def test_rows_with_extra_fields_name_raw_delimiter(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    with (raw / "leads.csv").open("a", newline="", encoding="utf-8") as handle:
        handle.write(",".join(["L2", *(["x"] * len(LEAD_COLUMNS))]) + "\r\n")  # the file's own line ends
    output = _fail(project, raw)
    assert f"raw input 'leads' ({raw}/leads.csv): cannot be read as CSV" in output
    assert "line 3: Expected Number of Columns: 14 Found: 15; a row has another number of fields" in output
    assert "set var raw_delimiter to the file's field separator" in output


def test_encoding_per_input(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(
        tmp_path / "raw",
        leads=[_lead("L1", first_name="Jos\u00e9")],
        events=[{**_event("e1", "L1", "pricing_page_view", "2026-06-01"), "properties": '{"city": "K\u00f6ln"}'}],
    )
    leads = raw / "leads.csv"
    leads.write_bytes(leads.read_text(encoding="utf-8").encode("latin-1"))

    output = _fail(project, raw)
    assert f"raw input 'leads' ({leads}): cannot be read as CSV with delimiter ','" in output
    assert "line 2: Invalid unicode (byte sequence mismatch) detected" in output
    assert "set var raw_encoding to its encoding (utf-8, utf-16 or latin-1; one for every input, or per input" in output

    project.build(raw, SCORE_AS_OF, raw_encoding={"leads": "Latin-1"})  # events stay utf-8
    [lead] = project.rows("select first_name, total_score from main.lead_scores")
    assert lead == {"first_name": "Jos\u00e9", "total_score": 33.0}
    [event] = project.rows("select properties from main.stg_tracking__events")
    assert event["properties"] == '{"city": "K\u00f6ln"}'


def test_utf16_export_names_raw_encoding(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    leads = raw / "leads.csv"
    leads.write_bytes(leads.read_text(encoding="utf-8").encode("utf-16"))
    output = _fail(project, raw)
    assert f"raw input 'leads' ({leads}): " in output and "raw_encoding" in output

    project.build(raw, SCORE_AS_OF, raw_encoding={"leads": "UTF16"})
    assert _scores(project) == {"L1": 18.0}


@pytest.mark.parametrize(
    ("extra_vars", "message"),
    [
        ({"raw_encoding": "ascii"}, "var raw_encoding must be utf-8, utf-16 or latin-1"),
        ({"raw_encoding": {"lead": "latin-1"}}, "var raw_encoding names no raw input 'lead'"),
        ({"raw_delimiter": '"'}, "var raw_delimiter must be 1 to 4 characters without quotes or line breaks"),
        ({"raw_delimiter": ""}, "var raw_delimiter must be 1 to 4 characters"),
        ({"raw_csv_check_mb": "all"}, "var raw_csv_check_mb must be a number of megabytes (0 = no check), got 'all'"),
    ],
)
def test_csv_vars_are_checked(project: DbtProject, tmp_path: Path, extra_vars: dict[str, Any], message: str) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    assert message in _fail(project, raw, **extra_vars)


# --- 5. raw_columns: a HubSpot contacts export ------------------------------------------------------

# HubSpot's headers for the contract's lead columns; is_deleted has none (an export leaves deleted
# records out), so it is declared absent. The same mapping as README.md's example.
HUBSPOT_COLUMNS = {
    "lead_id": "Record ID",
    "first_name": "First Name",
    "last_name": "Last Name",
    "email": "Email",
    "job_title": "Job Title",
    "company_name": "Company Name",
    "company_domain": "Company Domain Name",
    "employee_count": "Number of Employees",
    "industry": "Industry",
    "country": "Country/Region",
    "lead_source": "Original Source",
    "created_at": "Create Date",
    "updated_at": "Last Modified Date",
    "is_deleted": None,
}
HUBSPOT_HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Job Title",
    "Company Name",
    "Company Domain Name",
    "Number of Employees",
    "Industry",
    "Country/Region",
    "Original Source",
    "Lifecycle Stage",
    "Contact owner",
    "Create Date",
    "Last Modified Date",
]
# HubSpot writes dates as `2026-05-30 09:15` (read as ISO-8601); a file re-saved by Excel in a US
# locale has `5/31/2026 17:45`, read by raw_timestamp_formats.
EXCEL_FORMAT = "%m/%d/%Y %H:%M"
HUBSPOT_ROWS = [
    ["51234", "Ana", "Silva", "ana@acme.io", "VP Marketing", "Acme", "acme.io", "300", "Software", "US",
     "Organic Search", "Lead", "Sam Sales", "2026-03-02 10:05", "2026-05-30 09:15"],
    ["51235", "Ben", "Okafor", "ben@globex.com", "Data Analyst", "Globex", "globex.com", "1200", "Healthcare", "DE",
     "Organic Search", "Marketing Qualified Lead", "", "3/4/2026 8:00", "5/31/2026 17:45"],
    ["51236", "Chlo\u00e9", "Martin", "chloe@uni.edu", "Student", "Uni", "uni.edu", "", "Education", "FR",
     "Offline Sources", "Subscriber", "", "2026-04-01 12:00", "2026-04-01 12:00"],
    ["51237", "Dan", "Lee", "dan@x.io", "CEO", "X", "x.io", "12", "Software", "US",
     "Organic Search", "Lead", "", "2026-04-01 12:00", "last week"],
]  # fmt: skip


def _hubspot_raw(folder: Path, header: list[str] | None = None) -> Path:
    folder.mkdir(parents=True)
    # Excel's "CSV UTF-8" starts with a byte-order mark.
    with (folder / "leads.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or HUBSPOT_HEADER)
        writer.writerows(HUBSPOT_ROWS)
    write_csv(
        folder / "events.csv",
        [
            _event("e1", "51234", "pricing_page_view", "2026-05-31T10:00:00Z"),
            _event("e2", "51235", "demo_request", "2026-05-20T10:00:00Z"),
        ],
        EVENT_COLUMNS,
    )
    return folder


def test_hubspot_contacts_export_loads_with_a_column_mapping(project: DbtProject, tmp_path: Path) -> None:
    raw = _hubspot_raw(tmp_path / "hubspot")
    # headers match trimmed and case-insensitively
    mapping = {**HUBSPOT_COLUMNS, "job_title": " JOB TITLE "}
    result = project.build(raw, SCORE_AS_OF, raw_columns={"leads": mapping}, raw_timestamp_formats=[EXCEL_FORMAT])
    assert "raw input 'leads' has extra columns, ignored: Lifecycle Stage, Contact owner" in result.stdout

    scores = {row["lead_id"]: row for row in project.rows("select * from main.lead_scores")}
    # 51234: vp 8 + 100-500 8 + software 5 + us 3 + pricing page 15
    # 51235: individual contributor 0 + 1001-5000 10 + healthcare 3 + de 2 + demo request 25
    # 51236: student -15 + education -10
    assert {lead_id: row["total_score"] for lead_id, row in scores.items()} == {
        "51234": 39.0,
        "51235": 40.0,
        "51236": -25.0,
    }
    assert scores["51234"]["tier"] == "warm" and scores["51234"]["job_seniority"] == "vp"
    assert scores["51236"]["first_name"] == "Chlo\u00e9"
    assert str(scores["51235"]["lead_updated_at"]) == "2026-05-31 17:45:00"
    [created] = project.rows("select created_at from main.stg_crm__leads where lead_id = '51235'")
    assert str(created["created_at"]) == "2026-03-04 08:00:00"
    assert _rejected(project) == {("leads", "51237", "unparseable_updated_at")}


def test_missing_mapped_header_names_column_and_header(project: DbtProject, tmp_path: Path) -> None:
    # an older HubSpot export calls the id "Contact ID"
    raw = _hubspot_raw(tmp_path / "hubspot", header=["Contact ID", *HUBSPOT_HEADER[1:]])
    output = _fail(project, raw, raw_columns={"leads": HUBSPOT_COLUMNS})
    assert f"raw input 'leads' ({raw}/leads.csv): missing column 'lead_id' (mapped to header 'Record ID');" in output
    assert "found columns: Contact ID, First Name," in output
    assert "expected: lead_id ('Record ID'), email ('Email')," in output and "is_deleted (absent)" in output


def test_unmapped_columns_keep_their_own_names(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    path = raw / "leads.csv"
    path.write_text(path.read_text().replace("job_title", "Title", 1))
    project.build(raw, SCORE_AS_OF, raw_columns={"leads": {"job_title": "title"}, "conversions": {}})
    assert _scores(project) == {"L1": 18.0}


@pytest.mark.parametrize(
    ("raw_columns", "message"),
    [
        ({"leads": {"updated_at": None}}, "var raw_columns.leads.updated_at is null, but 'updated_at' is required"),
        ({"leads": {"job_titel": "Job Title"}}, "var raw_columns.leads maps 'job_titel', which is not a column"),
        ({"contacts": {"lead_id": "Record ID"}}, "var raw_columns names no raw input 'contacts'"),
        ({"leads": {"lead_id": " "}}, "var raw_columns.leads.lead_id must be a header name (text) or null"),
        ({"leads": ["lead_id"]}, "var raw_columns.leads must be a mapping"),
    ],
)
def test_raw_columns_var_is_checked(
    project: DbtProject, tmp_path: Path, raw_columns: dict[str, Any], message: str
) -> None:
    raw = write_raw(tmp_path / "raw", leads=[_lead("L1")], events=[])
    assert message in _fail(project, raw, raw_columns=raw_columns)


# --- other warehouses: raw tables instead of files --------------------------------------------------


def test_raw_tables_path_maps_columns_and_allows_a_missing_optional_table(project: DbtProject, tmp_path: Path) -> None:
    """The default (non-DuckDB) implementations, run on DuckDB: raw tables in schema raw, read through
    the sources, with the DuckDB file-reading overrides taken out of this project copy."""
    for path, name in [("macros/raw/raw_inputs.sql", "register_raw_inputs"), ("macros/raw/raw_input.sql", "raw_input")]:
        macro_file = project.root / path
        text = macro_file.read_text()
        assert f"macro duckdb__{name}(" in text
        macro_file.write_text(text.replace(f"macro duckdb__{name}(", f"macro unused__{name}("))
    raw = _hubspot_raw(tmp_path / "hubspot")
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("create schema raw")
        for name in ("leads", "events"):
            connection.execute(
                f"create table raw.{name} as select *, null::varchar as _source_file "
                f"from read_csv('{raw / name}.csv', all_varchar = true)"
            )

    result = project.build(raw, SCORE_AS_OF, raw_columns={"leads": HUBSPOT_COLUMNS}, raw_timestamp_formats=[])
    output = " ".join(result.stdout.split())
    assert (
        output.count("lead_scoring: optional raw input 'conversions' not found (raw.conversions): treated as empty")
        == 1
    )
    # 51235's Excel-style time is not ISO-8601: without formats (DuckDB only) the row is rejected
    assert _scores(project) == {"51234": 39.0, "51236": -25.0}
    assert ("leads", "51235", "unparseable_updated_at") in _rejected(project)


def test_messages_name_no_personal_data(project: DbtProject, tmp_path: Path) -> None:
    raw = _hubspot_raw(tmp_path / "hubspot")
    leads = raw / "leads.csv"
    leads.write_bytes(leads.read_bytes().replace("Chlo\u00e9".encode(), "Chlo\u00e9".encode("latin-1")))
    output = _fail(project, raw, raw_columns={"leads": HUBSPOT_COLUMNS})
    assert "line 4: Invalid unicode" in output
    assert not re.search(r"Martin|chloe@uni\.edu", output)
