"""Tests of the CRM reference (grades, recycling, history runs, change feed, accounts) alone,
on tiny hand-built inputs. Base points (seeds/): CEO 10, VP 8, director 6, manager 3,
100-500 employees 8, education -10, trial_signup 20, pricing_page_view 15,
teammate_invited 10, careers_page_view -10; hot >= 50 (MQL), warm >= 25, cold >= 0."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from conftest import write_csv
from reference_crm import Change, latest_dispositions, simulate
from reference_scorer import LEAD_COLUMNS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EVENT_COLUMNS = ("event_id", "lead_id", "event_type", "occurred_at")
DISPOSITION_COLUMNS = ("lead_id", "disposition", "reason", "disposed_at")
T1, T2, T3 = datetime(2026, 3, 1), datetime(2026, 3, 2), datetime(2026, 3, 20)
HOT = {"job_title": "CEO", "employee_count": "300"}  # fit 18; with HOT_EVENTS total 53
HOT_EVENTS = ("trial_signup", "pricing_page_view")
ROUTE = "Route to sales: call within one business day"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    directory = tmp_path / "seeds"
    directory.mkdir()
    for f in SEEDS.glob("*.csv"):
        shutil.copy(f, directory / f.name)
    with (directory / "attribute_points.csv").open("a") as handle:  # fractional points
        handle.write(
            "country,ab,0.3,demographic,\ncountry,ac,1.3,demographic,\ncountry,ad,1.29,demographic,\n"
            "country,ae,1.1,demographic,\ncountry,af,2.3,demographic,\n"
        )
    (directory / "score_grades.csv").write_text(
        "axis,grade,min_score\nfit,A,20\nfit,B,10\n FIT ,Z,10\nfit,C,0\n"
        "Engagement, 1 ,30\nengagement,2,10\nengagement,3,0\n"
    )
    (directory / "account_tiers.csv").write_text("tier,min_score\nstrategic,100\ntarget,50\nother,0\n")
    (directory / "free_email_domains.csv").write_text("domain\n Gmail.com \n")
    return directory


def lead(lead_id: str, *events: str, **values: str) -> dict[str, str]:
    """A lead row; ``events`` are event types that occurred on 2026-02-20 (``_events`` collects them)."""
    return {"lead_id": lead_id, "updated_at": "2026-01-01T00:00:00", "is_deleted": "false", "_events": events, **values}


def raw(directory: Path, leads: list[dict], dispositions: Sequence[tuple[str, str, str, str]] = ()) -> Path:
    events = [
        {"event_id": f"{row['lead_id']}-{i}", "lead_id": row["lead_id"], "event_type": t, "occurred_at": "2026-02-20"}
        for row in leads
        for i, t in enumerate(row["_events"])
    ]
    write_csv(directory / "leads.csv", leads, LEAD_COLUMNS)
    write_csv(directory / "events.csv", events, EVENT_COLUMNS)
    rows = [dict(zip(DISPOSITION_COLUMNS, d, strict=True)) for d in dispositions]
    write_csv(directory / "dispositions.csv", rows, DISPOSITION_COLUMNS)
    return directory


def test_grades_boundaries_ties_and_below_all(tmp_path: Path, seeds: Path) -> None:
    leads = [
        lead("G1", *HOT_EVENTS, country="us", **HOT),  # fit 21, engagement 35
        lead("G2", "teammate_invited", job_title="CEO"),  # fit 10 (B before Z), engagement 10
        lead("G3", "careers_page_view", industry="education"),  # -10 and -10: below all
        lead("G4", job_title="VP", employee_count="50"),  # fit 12, engagement 0
    ]
    [result] = simulate([(T1, raw(tmp_path, leads))], seeds)
    grades = {k: (v.fit_grade, v.engagement_grade, v.score_grade) for k, v in result.leads.items()}
    assert grades == {
        "G1": ("A", "1", "A1"),
        "G2": ("B", "2", "B2"),
        "G3": ("C", "3", "C3"),
        "G4": ("B", "3", "B3"),
    }


def test_three_builds_gap_missing_lead_and_feed(tmp_path: Path, seeds: Path) -> None:
    a, b = lead("A", *HOT_EVENTS, **HOT), lead("B", "trial_signup", job_title="CEO")  # 53 hot, 30 warm
    r1 = raw(tmp_path / "r1", [a, b, lead("C")])
    r2 = raw(tmp_path / "r2", [a, lead("C")])  # B missing at T2
    r3 = raw(tmp_path / "r3", [a, b, lead("C", "trial_signup", job_title="CEO", company_domain=" ")])
    first, second, third = simulate([(T1, r1), (T2, r2), (T3, r3)], seeds)

    assert first.previous_score_as_of is None
    assert {k: (c.change_type, c.previous_score_as_of, c.tier) for k, c in first.changes.items()} == {
        "A": ("new", None, "hot"),
        "B": ("new", None, "warm"),
        "C": ("new", None, "cold"),
    }
    assert (first.leads["A"].tier_since, first.leads["A"].became_mql_at, first.leads["A"].previous_tier) == (
        T1,
        T1,
        None,
    )

    assert second.previous_score_as_of == T1
    assert second.changes == {
        "B": Change("B", "removed", T2, T1, 30.0, None, "warm", None, False, None, None),
    }
    assert second.leads["A"].previous_tier == "hot"

    assert third.previous_score_as_of == T2
    assert (third.leads["A"].tier_since, third.leads["A"].became_mql_at) == (T1, T1)  # the gap breaks nothing
    assert (third.leads["B"].tier_since, third.leads["B"].previous_tier) == (T3, None)  # missing at T2
    assert (third.leads["C"].tier_since, third.leads["C"].previous_tier, third.leads["C"].company_domain) == (
        T3,
        "cold",
        None,
    )
    assert third.changes == {
        "B": Change("B", "new", T3, T2, None, 30.0, None, "warm", None, False, None),
        "C": Change("C", "changed", T3, T2, 0.0, 30.0, "cold", "warm", False, False, None),
    }


def test_score_move_just_under_and_at_min_points(tmp_path: Path, seeds: Path) -> None:
    r1 = raw(tmp_path / "r1", [lead("X", country="ab"), lead("Y", country="ac")])  # 0.3 and 1.3
    r2 = raw(tmp_path / "r2", [lead("X", country="ad"), lead("Y", country="af")])  # 1.29 and 2.3 (float: 0.99999...)
    _, second = simulate([(T1, r1), (T2, r2)], seeds)
    assert second.changes == {"Y": Change("Y", "changed", T2, T1, 1.3, 2.3, "cold", "cold", False, False, None)}
    _, strict = simulate([(T1, r1), (T2, r2)], seeds, score_change_min_points=1.01)
    assert strict.changes == {}


def test_rerunning_an_as_of_replaces_its_entry(tmp_path: Path, seeds: Path) -> None:
    r1 = raw(tmp_path / "r1", [lead("A", *HOT_EVENTS, **HOT)])
    r2 = raw(tmp_path / "r2", [lead("A", "trial_signup", **HOT)])  # 38 warm
    results = simulate([(T1, r1), (T2, r2), (T2, r2), (T2, r1), (T3, r1)], seeds)
    assert results[1].changes == results[2].changes
    assert results[1].leads == results[2].leads
    assert results[1].changes["A"].tier == "warm"
    assert results[3].changes == {}  # T2 rebuilt from r1: same as T1
    assert results[4].previous_score_as_of == T2
    assert results[4].changes == {}  # compared with the rebuilt T2
    assert results[4].leads["A"].tier_since == T1


def test_earlier_as_of_built_after_later(tmp_path: Path, seeds: Path) -> None:
    r = raw(tmp_path, [lead("A", *HOT_EVENTS, **HOT)])
    late, early, middle, late_again = simulate([(T3, r), (T1, r), (T2, r), (T3, r)], seeds)
    assert late.previous_score_as_of is None and late.leads["A"].tier_since == T3
    assert early.previous_score_as_of is None  # T3's entry is later: it never counts
    assert early.changes["A"].change_type == "new"
    assert (early.leads["A"].tier_since, early.leads["A"].became_mql_at) == (T1, T1)
    assert middle.previous_score_as_of == T1 and middle.changes == {}
    assert middle.leads["A"].tier_since == T1
    assert late_again.previous_score_as_of == T2
    assert (late_again.leads["A"].tier_since, late_again.leads["A"].became_mql_at) == (T1, T1)


def test_rejection_window_expiry_and_future_disposition(tmp_path: Path, seeds: Path) -> None:
    r = raw(tmp_path, [lead("A", *HOT_EVENTS, **HOT)], [("A", "Rejected", " Bad timing ", "2026-03-01T10:00:00Z")])
    before = datetime(2026, 3, 1)
    during, last, expired = datetime(2026, 3, 1, 12), datetime(2026, 3, 31, 9, 59, 59), datetime(2026, 3, 31, 10)
    results = simulate([(before, r), (during, r), (last, r), (expired, r)], seeds)
    view = [(x.leads["A"].is_mql, x.leads["A"].is_recycled, x.leads["A"].next_action) for x in results]
    rejected = "Rejected by sales on 2026-03-01: Bad timing"
    assert view == [(True, False, ROUTE), (False, True, rejected), (False, True, rejected), (True, False, ROUTE)]
    assert all(x.leads["A"].tier == "hot" and x.leads["A"].total_score == 53.0 for x in results)
    assert [sorted(x.changes) for x in results] == [["A"], ["A"], [], ["A"]]  # is_mql flips
    assert results[1].changes["A"].previous_is_mql is True
    assert results[3].leads["A"].became_mql_at == expired  # the MQL run was broken
    assert results[3].leads["A"].tier_since == before


def test_rise_of_exactly_recycle_rise_points_is_exempt(tmp_path: Path, seeds: Path) -> None:
    dispositions = [
        ("R1", "rejected", "", "2026-03-01T06:00:00"),
        ("R2", "rejected", "", "2026-03-01T06:00:00"),
        ("R3", "recycled", "", "2026-02-10T00:00:00"),  # before any history: no baseline
        ("R4", "rejected", "", "2026-03-02T00:00:00"),  # at T2: the baseline is T2's own score
    ]
    r1 = raw(
        tmp_path / "r1",
        [
            lead("R1", *HOT_EVENTS, country="ae", **HOT),  # 54.1
            lead("R2", *HOT_EVENTS, country="ac", **HOT),  # 54.3
            lead("R4", *HOT_EVENTS, **HOT),  # 53
        ],
        dispositions,
    )
    r2 = raw(
        tmp_path / "r2",
        [
            lead("R1", *HOT_EVENTS, "teammate_invited", country="ae", **HOT),  # 64.1: +10 (float: 9.99999...)
            lead("R2", *HOT_EVENTS, "teammate_invited", country="ad", **HOT),  # 64.29: +9.99
            lead("R3", *HOT_EVENTS, "teammate_invited", **HOT),  # 63
            lead("R4", *HOT_EVENTS, "teammate_invited", **HOT),  # 63
        ],
        dispositions,
    )
    _, second = simulate([(T1, r1), (T2, r2)], seeds)
    view = {k: (v.is_mql, v.is_recycled, v.next_action) for k, v in second.leads.items()}
    assert view == {
        "R1": (True, False, ROUTE),
        "R2": (False, True, "Rejected by sales on 2026-03-01"),
        "R3": (False, True, "Recycled by sales on 2026-02-10"),
        "R4": (False, True, "Rejected by sales on 2026-03-02"),
    }


def test_disqualified_recycled_lead_keeps_its_next_action(tmp_path: Path, seeds: Path) -> None:
    r = raw(tmp_path, [lead("D", *HOT_EVENTS, job_title="Student")], [("D", "rejected", "x", "2026-02-25")])
    [result] = simulate([(T1, r)], seeds)
    d = result.leads["D"]
    assert (d.is_recycled, d.is_mql, d.is_disqualified) == (True, False, True)
    assert d.next_action == "Disqualified: job_seniority = student"


def test_disposition_tie_breaking_and_rejected_rows(tmp_path: Path, seeds: Path) -> None:
    at, later = "2026-03-01T00:00:00", "2026-03-01T00:00:01"
    dispositions = [
        ("D1", "rejected", "", at),
        ("D1", "accepted", "", at),  # same time: "accepted" < "rejected"
        ("D2", "Rejected", "b", at),
        ("D2", " re-jected ", "", at),  # normalises to re_jected: rejected row
        ("D2", " REJECTED ", "a", at),  # same time: reason "a" < "b"
        ("D3", "rejected", "", at),
        ("D3", "rejected", "zzz", at),  # same time: text before None
        ("D4", "rejected", "old", at),
        ("D4", "accepted", "", later),  # later wins
        ("D5", "rejected", "kept", at),
        ("D5", "snoozed", "", later),  # unknown disposition: rejected row
        ("D5", "accepted", "", "soon"),  # unparseable: rejected row
        ("D5", "accepted", "", "2026-03-01T00:00:02+00:00"),  # after both as-ofs: not known yet
        (" ", "accepted", "", later),  # no lead_id
    ]
    r = raw(tmp_path, [lead(f"D{i}", *HOT_EVENTS, **HOT) for i in range(1, 6)], dispositions)
    latest = latest_dispositions(r, T1)
    assert {k: (v.disposition, v.reason) for k, v in latest.items()} == {
        "D1": ("accepted", None),
        "D2": ("rejected", "a"),
        "D3": ("rejected", "zzz"),
        "D4": ("rejected", "old"),  # "accepted" at 00:00:01 is after T1
        "D5": ("rejected", "kept"),
    }
    [result] = simulate([(datetime(2026, 3, 1, 0, 0, 1), r)], seeds)
    assert {k: v.next_action for k, v in result.leads.items()} == {
        "D1": ROUTE,
        "D2": "Rejected by sales on 2026-03-01: a",
        "D3": "Rejected by sales on 2026-03-01: zzz",
        "D4": ROUTE,
        "D5": "Rejected by sales on 2026-03-01: kept",
    }


def test_account_roll_up(tmp_path: Path, seeds: Path) -> None:
    leads = [
        lead("A1", *HOT_EVENTS, company_domain=" Acme.COM ", **HOT),  # 53, MQL
        lead("A2", job_title="VP", company_domain="acme.com"),  # 8
        lead("A3", "teammate_invited", job_title="Director", company_domain="ACME.com"),  # 16
        lead("A4", job_title="Manager", company_domain="acme.com"),  # 3: not in the top 3
        lead("L9", "trial_signup", job_title="CEO", company_domain="tie.io"),  # 30
        lead("L10", "trial_signup", job_title="CEO", company_domain="tie.io"),  # 30: "L10" < "L9"
        lead("S1", industry="education", company_domain="small.co"),  # -10: below every tier
        lead("F1", *HOT_EVENTS, company_domain=" GMAIL.com", **HOT),  # free mail: no account
        lead("N1", *HOT_EVENTS, **HOT),  # no domain
    ]
    [result] = simulate([(T1, raw(tmp_path, leads))], seeds)
    assert result.leads["A1"].company_domain == "acme.com"
    assert result.leads["F1"].company_domain == "gmail.com"
    view = {
        d: (
            a.lead_count,
            a.engaged_lead_count,
            a.best_lead_score,
            a.buying_group_score,
            a.seniorities,
            a.mql_count,
            a.account_tier,
            a.best_lead_id,
        )
        for d, a in result.accounts.items()
    }
    assert view == {
        "acme.com": (4, 2, 53.0, 77.0, "director, executive, manager, vp", 1, "target", "A1"),
        "tie.io": (2, 2, 30.0, 60.0, "executive", 0, "target", "L10"),
        "small.co": (1, 0, -10.0, -10.0, "other", 0, "other", "S1"),
    }
    [big] = simulate([(T1, raw(tmp_path, leads))], seeds, buying_group_size=4)
    assert (big.accounts["acme.com"].buying_group_score, big.accounts["acme.com"].account_tier) == (80.0, "target")


def test_recycled_lead_is_not_counted_as_mql_in_its_account(tmp_path: Path, seeds: Path) -> None:
    leads = [lead("A1", *HOT_EVENTS, company_domain="acme.com", **HOT)]
    [result] = simulate([(T1, raw(tmp_path, leads, [("A1", "recycled", "", "2026-02-28")]))], seeds)
    assert result.accounts["acme.com"].mql_count == 0
