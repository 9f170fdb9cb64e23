"""Every warning says in one line what it found: which input, which names, which share."""

from __future__ import annotations

from pathlib import Path

from conftest import DbtProject, write_csv, write_raw
from generate_data import EVENT_COLUMNS

SCORE_AS_OF = "2026-11-01T00:00:00"
LEADS = [{"lead_id": f"L{number}", "updated_at": "2026-01-01"} for number in range(4)]


def _events(prefix: str, event_type: str, count: int) -> list[dict[str, str]]:
    return [
        {
            "event_id": f"{prefix}{number}",
            "lead_id": f"L{number % 4}",
            "event_type": event_type,
            "occurred_at": "2026-10-01T10:00:00Z",
        }
        for number in range(count)
    ]


def _warnings(output: str) -> list[str]:
    return [line.split("lead_scoring: ", 1)[1] for line in output.splitlines() if "lead_scoring: " in line]


def test_event_points_typo_warns_naming_the_row_and_the_spellings_seen(project: DbtProject, tmp_path: Path) -> None:
    event_points = project.root / "seeds" / "event_points.csv"
    event_points.write_text(event_points.read_text().replace("webinar_attended,", "webinar_attend,"))
    raw = write_raw(tmp_path / "raw", leads=LEADS, events=_events("w", "Webinar Attended", 6))

    result = project.build(raw, SCORE_AS_OF)

    typo = [line for line in _warnings(result.stdout) if "'webinar_attend'" in line]
    assert typo == [
        "seeds/event_points.csv event_type 'webinar_attend' matches no event in the data, so it scores nothing;"
        " unknown event types in the data: webinar_attended (6)"
    ]


def test_new_file_with_many_unknown_event_types_warns_with_the_shares(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", leads=LEADS, events=[])
    (raw / "events.csv").unlink()
    write_csv(raw / "events" / "part-0000.csv", _events("a", "email_open", 20), EVENT_COLUMNS)
    first = project.build(raw, SCORE_AS_OF)
    assert not [line for line in _warnings(first.stdout) if "latest load" in line]

    write_csv(
        raw / "events" / "part-0001.csv",
        _events("b", "email_open", 10) + _events("c", "webinar_attendance", 10),
        EVENT_COLUMNS,
    )
    second = project.build(raw, SCORE_AS_OF)

    [jump] = [line for line in _warnings(second.stdout) if "latest load" in line]
    assert jump.startswith("the latest load has 50.0% events of unknown type against 0.0% before")
    assert "unknown types in it: webinar_attendance" in jump

    # A build that loads nothing has nothing to compare (and skips the scan); `dbt test` alone
    # checks the latest load, which still warns.
    third = project.build(raw, SCORE_AS_OF)
    assert not [line for line in _warnings(third.stdout) if "latest load" in line]
    tested = project.dbt(
        "test", "--select", "unknown_event_type_share_is_stable",
        vars={"raw_path": str(raw), "score_as_of": SCORE_AS_OF},
    )  # fmt: skip
    assert [line for line in _warnings(tested.stdout) if "latest load" in line] == [jump]


def test_rejected_share_names_the_input_share_and_reason(project: DbtProject, tmp_path: Path) -> None:
    events = _events("e", "email_open", 4) + [
        {"event_id": f"x{number}", "lead_id": "NOBODY", "event_type": "email_open", "occurred_at": "2026-10-01"}
        for number in range(6)
    ]
    result = project.build(write_raw(tmp_path / "raw", leads=LEADS, events=events), SCORE_AS_OF)

    assert (
        "raw input events rejected 6 of 10 rows (60.0%), above var max_rejected_share 0.2;"
        " most common reason: unknown_lead (6 rows; see rejected_rows)"
    ) in _warnings(result.stdout)
