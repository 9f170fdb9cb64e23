"""Tests of the reference scorer alone, on tiny hand-built inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CONVERSION_COLUMNS, EVENT_COLUMNS, LEAD_COLUMNS, write_csv
from reference_scorer import LeadScore, round2, score

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AS_OF = datetime(2026, 5, 1, 12, 0, 0)


def lead(lead_id: str = "L1", **values: str) -> dict[str, str]:
    return {
        "lead_id": lead_id,
        "updated_at": "2026-01-01T00:00:00Z",
        "is_deleted": "false",
        **values,
    }


def event(event_id: str, event_type: str, days_ago: int = 0, lead_id: str = "L1") -> dict[str, str]:
    occurred = (AS_OF - timedelta(days=days_ago)).date().isoformat() + "T01:00:00Z"
    return {
        "event_id": event_id,
        "lead_id": lead_id,
        "event_type": event_type,
        "occurred_at": occurred,
    }


def run(
    tmp_path: Path,
    leads: list[dict[str, str]],
    events: list[dict[str, str]] | None = None,
) -> dict[str, LeadScore]:
    write_csv(tmp_path / "leads.csv", leads, LEAD_COLUMNS)
    write_csv(tmp_path / "events.csv", events or [], EVENT_COLUMNS)
    write_csv(tmp_path / "conversions.csv", [], CONVERSION_COLUMNS)
    return score(tmp_path, SEEDS, AS_OF)


def test_worked_example(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        [lead(job_title="CEO", employee_count="300")],
        [event("E1", "Pricing Page View"), event("E2", "trial-signup")],
    )
    assert result == {
        "L1": LeadScore("L1", 18.0, 35.0, 53.0, "hot", True, "executive", "100-500"),
    }


def test_worked_example_aware_as_of_and_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    leads = [lead(job_title="CEO", employee_count="300")]
    pq.write_table(
        pa.Table.from_pylist([{c: r.get(c) for c in LEAD_COLUMNS} for r in leads]),
        tmp_path / "leads.parquet",
    )
    (tmp_path / "events").mkdir()
    for i, e in enumerate([event("E1", "pricing_page_view"), event("E2", "trial_signup")]):
        pq.write_table(pa.Table.from_pylist([e]), tmp_path / "events" / f"part-{i}.parquet")
    as_of = AS_OF.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=-5)))
    assert score(tmp_path, SEEDS, as_of)["L1"].total_score == 53.0


def test_decay_halves_after_one_half_life(tmp_path: Path) -> None:
    # content_download: 5 each, half-life 30 days.
    result = run(tmp_path, [lead()], [event("E1", "content_download", days_ago=30)])
    assert result["L1"].engagement_score == 2.5


def test_once_keeps_most_recent_qualifying_event(tmp_path: Path) -> None:
    # careers_page_view is -10, once, lookback 90: two events give -10, not -20.
    result = run(
        tmp_path,
        [lead()],
        [
            event("E1", "careers_page_view", 1),
            event("E2", "careers_page_view", 5),
            event("E3", "demo_request", 100),
        ],
    )
    assert result["L1"].engagement_score == -10.0  # demo_request at 100 days is past its lookback


def test_each_sums_and_max_points_caps(tmp_path: Path) -> None:
    webinars = [event(f"W{i}", "webinar_attended", i) for i in range(2)]
    assert run(tmp_path, [lead()], webinars)["L1"].engagement_score == 10.0
    many = [event(f"W{i}", "webinar_attended", i) for i in range(5)]  # 25 capped at 15
    assert run(tmp_path, [lead()], many)["L1"].engagement_score == 15.0


def test_max_points_caps_negative_totals(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in SEEDS.glob("*.csv"):
        (seeds / f.name).write_text(f.read_text())
    (seeds / "event_points.csv").write_text(
        "event_type,points,frequency,max_points,half_life_days,lookback_days,category\n"
        "spam_report,-4,each,10,,,negative\n"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(raw / "leads.csv", [lead()], LEAD_COLUMNS)
    write_csv(raw / "events.csv", [event(f"S{i}", "spam report", i) for i in range(4)], EVENT_COLUMNS)
    assert score(raw, seeds, AS_OF)["L1"].engagement_score == -10.0


def test_lookback_excludes_older_events(tmp_path: Path) -> None:
    events = [event("E1", "pricing_page_view", 90), event("E2", "teammate_invited", 61)]
    assert run(tmp_path, [lead()], events)["L1"].engagement_score == 15.0


def test_duplicate_event_ids_count_once(tmp_path: Path) -> None:
    events = [
        event("E1", "webinar_attended"),
        event(" E1 ", "webinar_attended"),
        event("e1", "webinar_attended"),
    ]
    assert run(tmp_path, [lead()], events)["L1"].engagement_score == 10.0  # E1 once, e1 is another event


def test_events_after_as_of_anonymous_and_unparseable_are_not_scored(
    tmp_path: Path,
) -> None:
    events = [
        {**event("E1", "trial_signup"), "occurred_at": "2026-05-01T12:00:01Z"},
        {**event("E2", "trial_signup"), "lead_id": "  "},
        {**event("E3", "trial_signup"), "occurred_at": "yesterday"},
    ]
    assert run(tmp_path, [lead()], events)["L1"].engagement_score == 0.0


def test_deleted_winning_version_means_not_scored(tmp_path: Path) -> None:
    leads = [
        lead("L1"),
        lead("L1", updated_at="2026-02-01", is_deleted="TRUE"),
        lead("L2", is_deleted="0"),
        lead("L2", is_deleted="1"),  # tie on updated_at: deleted wins
        lead("L3", is_deleted="maybe"),  # unparseable -> row rejected, no other row
    ]
    assert set(run(tmp_path, leads)) == set()


def test_later_version_after_as_of_is_ignored(tmp_path: Path) -> None:
    leads = [
        lead(job_title="VP Sales"),
        lead(job_title="Student", updated_at="2026-05-01T12:00:01+00:00"),
        lead(is_deleted="true", updated_at="2026-05-01T13:00:00+02:00"),  # 11:00 UTC, <= as_of
    ]
    # With the deleted row (11:00 UTC) the lead is not scored; without it, VP wins.
    assert run(tmp_path, leads) == {}
    result = run(tmp_path, leads[:2])
    assert result["L1"].job_seniority == "vp"
    assert result["L1"].fit_score == 8.0


def test_lead_id_trimmed_but_case_sensitive(tmp_path: Path) -> None:
    leads = [lead(" L1 ", country=" US "), lead("l1", country="ca")]
    events = [
        event("E1", "trial_signup", lead_id="L1"),
        event("E2", "trial_signup", lead_id="l1 "),
    ]
    result = run(tmp_path, leads, events)
    assert set(result) == {"L1", "l1"}
    assert result["L1"].total_score == 23.0
    assert result["l1"].total_score == 22.0


def test_unknown_event_type_scores_zero(tmp_path: Path) -> None:
    assert run(tmp_path, [lead()], [event("E1", "page_scrolled")])["L1"].engagement_score == 0.0


def test_below_every_threshold_gives_lowest_tier(tmp_path: Path) -> None:
    result = run(tmp_path, [lead(job_title="Intern", industry="Education")])["L1"]
    assert (result.total_score, result.tier, result.is_mql, result.job_seniority) == (
        -25.0,
        "cold",
        False,
        "student",
    )


def test_attribute_cleaning(tmp_path: Path) -> None:
    leads = [
        lead(
            employee_count=" 1,200 ",
            industry="  Financial \t Services ",
            lead_source="Purchased  List",
        )
    ]
    result = run(tmp_path, leads)["L1"]
    assert result.company_size_band == "1001-5000"
    assert result.job_seniority == "other"
    assert result.fit_score == 10 + 4 - 5
    assert run(tmp_path, [lead(employee_count="1.2k")])["L1"].company_size_band is None


def test_round_half_away_from_zero() -> None:
    assert round2(0.125) == 0.13
    assert round2(-0.125) == -0.13
    assert round2(2.675) == 2.68
