"""Uncontactable leads are never routed to sales; exported spellings map to the scored values."""

from __future__ import annotations

from pathlib import Path

from conftest import DbtProject, write_raw

SCORE_AS_OF = "2026-11-01T00:00:00"


def _lead(lead_id: str, **values: str) -> dict[str, str]:
    return {
        "lead_id": lead_id,
        "job_title": "Chief Executive Officer",
        "employee_count": "300",
        "industry": "software",
        "updated_at": "2026-01-01T00:00:00Z",
        **values,
    }


def _event(event_id: str, lead_id: str, event_type: str, occurred_at: str) -> dict[str, str]:
    return {"event_id": event_id, "lead_id": lead_id, "event_type": event_type, "occurred_at": occurred_at}


def test_unsubscribed_bounced_and_student_leads_keep_their_tier_but_never_go_to_sales(
    project: DbtProject, tmp_path: Path
) -> None:
    hot_events = ["pricing_page_view", "trial_signup", "demo_request"]
    leads = [_lead("OK"), _lead("UNSUB"), _lead("TWICE"), _lead("STUDENT", job_title="Student intern")]
    events = [
        _event(f"{lead}-{kind}", lead, kind, "2026-10-20T10:00:00Z")
        for lead in ("OK", "UNSUB", "TWICE", "STUDENT")
        for kind in hot_events
    ]
    events += [
        _event("u1", "UNSUB", "Email Unsubscribe", "2026-10-03T09:00:00Z"),
        _event("b1", "TWICE", "email_bounce", "2026-10-05T09:00:00Z"),
        _event("b2", "TWICE", "email_bounce", "2026-10-01T23:30:00-02:00"),  # 2026-10-02 UTC: the earliest
        _event("u2", "TWICE", "email_unsubscribe", "2026-10-04T09:00:00Z"),
    ]
    project.build(write_raw(tmp_path / "raw", leads=leads, events=events), SCORE_AS_OF)

    rows = {row["lead_id"]: row for row in project.rows("select * from main.lead_scores")}
    assert rows["OK"]["is_mql"] is True and rows["OK"]["is_disqualified"] is False
    assert rows["OK"]["disqualified_reason"] is None
    assert rows["UNSUB"]["tier"] == "hot" and rows["UNSUB"]["is_mql"] is False
    assert rows["UNSUB"]["total_score"] == rows["OK"]["total_score"] - 20  # keeps its score, minus the -20
    assert rows["UNSUB"]["next_action"] == "Disqualified: email_unsubscribe on 2026-10-03"
    assert rows["TWICE"]["next_action"] == ("Disqualified: email_bounce on 2026-10-02; email_unsubscribe on 2026-10-04")
    assert rows["STUDENT"]["next_action"] == "Disqualified: job_seniority = student"
    assert rows["STUDENT"]["is_mql"] is False

    flagged = project.rows(
        "select lead_id, criterion from main.lead_score_breakdown where is_disqualifying order by lead_id, criterion"
    )
    assert [(row["lead_id"], row["criterion"]) for row in flagged] == [
        ("STUDENT", "job_seniority = student"),
        ("TWICE", "email_bounce"),
        ("TWICE", "email_unsubscribe"),
        ("UNSUB", "email_unsubscribe"),
    ]


def test_disqualifies_column_is_optional_and_a_user_can_add_disqualifiers(project: DbtProject, tmp_path: Path) -> None:
    # Without the column nothing disqualifies; a user adds careers_page_view as a disqualifier.
    attribute_points = project.root / "seeds" / "attribute_points.csv"
    attribute_points.write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in attribute_points.read_text().splitlines()) + "\n"
    )
    event_points = project.root / "seeds" / "event_points.csv"
    event_points.write_text(
        event_points.read_text().replace(
            "careers_page_view,-10,once,,,90,negative,", "careers_page_view,-10,once,,,90,negative,true"
        )
    )
    leads = [_lead("STUDENT", job_title="Student"), _lead("SEEKER")]
    events = [
        _event("c1", "SEEKER", "careers_page_view", "2026-10-30T10:00:00Z"),
        _event("c0", "SEEKER", "careers_page_view", "2026-07-01T10:00:00Z"),  # outside the 90-day look-back
    ]
    project.build(write_raw(tmp_path / "raw", leads=leads, events=events), SCORE_AS_OF)

    rows = {row["lead_id"]: row for row in project.rows("select * from main.lead_scores")}
    assert rows["STUDENT"]["is_disqualified"] is False
    assert rows["SEEKER"]["disqualified_reason"] == "careers_page_view on 2026-10-30"


def test_value_aliases_map_exported_spellings_before_points(project: DbtProject, tmp_path: Path) -> None:
    leads = [
        _lead("US1", country="United   States", lead_source="Referrals"),
        _lead("US2", country=" USA "),
        _lead("US3", country="us"),
        _lead("FR", country="France"),
    ]
    project.build(write_raw(tmp_path / "raw", leads=leads, events=[]), SCORE_AS_OF)

    rows = {row["lead_id"]: row for row in project.rows("select * from main.lead_scores")}
    assert {lead: rows[lead]["country"] for lead in rows} == {"US1": "us", "US2": "us", "US3": "us", "FR": "fr"}
    assert rows["US1"]["lead_source"] == "referral"
    assert rows["US1"]["fit_score"] == rows["US3"]["fit_score"] + 5  # referral +5; all three get us +3
    breakdown = project.rows(
        "select lead_id, criterion, matched_alias, points from main.lead_score_breakdown"
        " where criterion like 'country%' or criterion like 'lead_source%' order by lead_id, criterion"
    )
    assert [tuple(row.values()) for row in breakdown] == [
        ("US1", "country = us", "united states", 3.0),
        ("US1", "lead_source = referral", "referrals", 5.0),
        ("US2", "country = us", "usa", 3.0),
        ("US3", "country = us", None, 3.0),
    ]
