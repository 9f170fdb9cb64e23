"""The CRM layer over a sequence of builds on changing data: the change feed, previous tier,
tier_since, became_mql_at, grades, sales recycling and account roll-ups, checked row by row
against the independent reference (reference_crm.simulate) and, for the designed leads, against
values worked out by hand.

The raw folder grows by one batch of files per build, as a CRM and tracking feed do. The builds:
B1 2026-03-01, B2 03-08, (no build on 03-15: a schedule gap), B3 03-22, B4 04-05, B5 04-05 again
(the same feed), B6 03-15 backfilled afterwards (full refresh, point in time: later rows are not
yet known), B7 04-05 rebuilt (full refresh) with 03-15 now in the history."""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import reference_crm
from conftest import ENGINES, DbtProject, make_project, stop_engine, write_csv
from generate_data import EVENT_COLUMNS, LEAD_COLUMNS

# `make test-integration`; one worker builds the scenario once per engine.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("crm_feed")]

DISPOSITION_COLUMNS = ("lead_id", "disposition", "reason", "disposed_at")
B1, B2, B15, B3, B4 = (datetime(2026, 3, 1), datetime(2026, 3, 8), datetime(2026, 3, 15),
                       datetime(2026, 3, 22), datetime(2026, 4, 5))  # fmt: skip
# (as-of, batches in the folder, full refresh, point in time)
BUILDS = [(B1, 1, False, False), (B2, 2, False, False), (B3, 3, False, False), (B4, 4, False, False),
          (B4, 4, False, False), (B15, 4, True, True), (B4, 4, True, False)]  # fmt: skip
# Points that make exact moves: nudges around score_change_min_points (1), boosts around
# recycle_rise_points (10).
EXTRA_EVENT_POINTS = [
    {"event_type": name, "points": points, "frequency": "once", "category": "engagement"}
    for name, points in (("nudge_099", 0.99), ("nudge_100", 1), ("boost_999", 9.99), ("boost_10", 10))
]
STRONG_FIT = {"job_title": "CEO", "employee_count": "300", "industry": "Software", "country": "US",
              "lead_source": "Referral"}  # fmt: skip  # 10 + 8 + 5 + 3 + 5 = 31


def _ts(day: datetime, hours: int = 10) -> str:
    return (day + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S")


class Feed:
    """Raw rows by batch (1..4): batch k holds what arrived before the k-th scheduled build."""

    def __init__(self) -> None:
        self.leads: dict[int, list[dict[str, Any]]] = {k: [] for k in range(1, 5)}
        self.events: dict[int, list[dict[str, Any]]] = {k: [] for k in range(1, 5)}
        self.dispositions: dict[int, list[dict[str, Any]]] = {k: [] for k in range(1, 5)}
        self._event_number = 0

    def lead(self, batch: int, lead_id: str, updated: datetime, deleted: bool = False, **columns: Any) -> None:
        row = {"lead_id": lead_id, "email": f"{lead_id.lower()}@example.com", "first_name": "Ann",
               "last_name": lead_id, "company_name": "Co", "created_at": "2026-01-01T00:00:00",
               "updated_at": _ts(updated), "is_deleted": "true" if deleted else "false", **columns}  # fmt: skip
        self.leads[batch].append(row)

    def event(self, batch: int, lead_id: str, event_type: str, day: datetime) -> None:
        self._event_number += 1
        self.events[batch].append({"event_id": f"E{self._event_number:05d}", "lead_id": lead_id,
                                   "event_type": event_type, "occurred_at": _ts(day), "properties": ""})  # fmt: skip

    def disposition(self, batch: int, lead_id: str, disposition: str, day: datetime, reason: str = "") -> None:
        self.dispositions[batch].append(
            {"lead_id": lead_id, "disposition": disposition, "reason": reason, "disposed_at": _ts(day, 9)}
        )

    def write(self, folder: Path, batches: int) -> Path:
        """The raw folder as it is after `batches` batches arrived: one file per batch and input."""
        for k in range(1, batches + 1):
            write_csv(folder / "leads" / f"batch_{k}.csv", self.leads[k], LEAD_COLUMNS)
            write_csv(folder / "events" / f"batch_{k}.csv", self.events[k], EVENT_COLUMNS)
            write_csv(folder / "dispositions" / f"batch_{k}.csv", self.dispositions[k], DISPOSITION_COLUMNS)
        return folder


def _scenario() -> Feed:
    feed = Feed()
    day = timedelta(days=1)
    hot_events = (("trial_signup", B1 - 5 * day), ("pricing_page_view", B1 - 9 * day))  # 35 points

    def hot_lead(lead_id: str, **columns: Any) -> None:  # 31 + 35 = 66: hot, an MQL
        feed.lead(1, lead_id, B1 - 20 * day, **{**STRONG_FIT, **columns})
        for event_type, when in hot_events:
            feed.event(1, lead_id, event_type, when)

    # Hot at every as-of: its run is not broken by the missing 03-15 build (nor by its backfill).
    hot_lead("L_STEADY", company_domain="acme.com")
    # Warm (46), then a demo request (+25) makes it hot and an MQL at B2.
    feed.lead(1, "L_CLIMB", B1 - 20 * day, **STRONG_FIT, company_domain="acme.com")
    feed.event(1, "L_CLIMB", "pricing_page_view", B1 - 2 * day)
    feed.event(2, "L_CLIMB", "demo_request", B2 - 3 * day)
    feed.event(3, "L_CLIMB", "webinar_attended", B15 - 3 * day)  # known to the 03-15 backfill
    # A manager: 24 + 35 = 59 hot; a careers-page view (-10) drops it to warm at B2; a webinar
    # (+5) brings it back at B3: a new tier run and a new MQL run.
    hot_lead("L_FLAP", job_title="Marketing Manager", company_domain="acme.com")
    feed.event(2, "L_FLAP", "careers_page_view", B2 - 2 * day)
    feed.event(3, "L_FLAP", "webinar_attended", B3 - 4 * day)
    # Warm leads moving by 0.99 (not in the feed) and by exactly 1 (changed).
    for lead_id, nudge in (("L_UNDER", "nudge_099"), ("L_OVER", "nudge_100")):
        feed.lead(1, lead_id, B1 - 20 * day, **STRONG_FIT, company_domain="beta.io")
        feed.event(1, lead_id, "pricing_page_view", B1 - 2 * day)
        feed.event(2, lead_id, nudge, B2 - 1 * day)
    # Rejected by sales on 03-05; by B3 it rose by exactly 10 (exempt: an MQL again, new run).
    hot_lead("L_REJECT", company_domain="beta.io")
    feed.disposition(2, "L_REJECT", " REJECTED", B2 - 3 * day, "no budget")
    feed.event(3, "L_REJECT", "boost_10", B3 - 2 * day)
    # The same, but it rose by 9.99: still recycled at B3; the window ends on 04-04 (B4: MQL).
    hot_lead("L_RISE_SHORT", company_domain="beta.io")
    feed.disposition(2, "L_RISE_SHORT", "rejected", B2 - 3 * day, "timing")
    feed.event(3, "L_RISE_SHORT", "boost_999", B3 - 2 * day)
    # Recycled on 03-02 without a reason: held back at B2 and B3, an MQL again at B4.
    hot_lead("L_RECYCLE", company_domain="gamma.org")
    feed.disposition(2, "L_RECYCLE", "Recycled ", B1 + 1 * day)
    # Accepted: stays an MQL. Tied dispositions: `accepted` wins over `rejected` (alphabetical).
    hot_lead("L_ACCEPT", company_domain="gamma.org")
    feed.disposition(2, "L_ACCEPT", "accepted", B1 + 1 * day)
    hot_lead("L_TIE", company_domain="gamma.org")
    feed.disposition(2, "L_TIE", "rejected", B1 + 3 * day, "dup")
    feed.disposition(2, "L_TIE", "Accepted", B1 + 3 * day)
    # A rejection dated 03-20 already in batch 2: unknown at B2 (03-08), known at B3.
    hot_lead("L_LATE_NEWS", company_domain="gamma.org")
    feed.disposition(2, "L_LATE_NEWS", "rejected", B3 - 2 * day, "went dark")
    # Deleted at 03-20 (removed at B3); deleted 03-06 and restored 03-21 (removed at B2, new at B3).
    feed.lead(1, "L_DELETED", B1 - 20 * day, **STRONG_FIT, company_domain="delta.net")
    feed.lead(3, "L_DELETED", B3 - 2 * day, deleted=True, **STRONG_FIT, company_domain="delta.net")
    hot_lead("L_BACK", company_domain="delta.net")
    feed.lead(2, "L_BACK", B2 - 2 * day, deleted=True, **STRONG_FIT, company_domain="delta.net")
    feed.lead(3, "L_BACK", B3 - 1 * day, **STRONG_FIT, company_domain="delta.net")
    # New in batch 3; free-mail and domain-less leads belong to no account; two tied best leads.
    feed.lead(3, "L_NEW", B3 - 1 * day, **STRONG_FIT, company_domain="delta.net")
    feed.lead(1, "L_GMAIL", B1 - 20 * day, **STRONG_FIT, company_domain=" GMail.com ")
    feed.lead(1, "L_NODOMAIN", B1 - 20 * day, **STRONG_FIT, company_domain="")
    hot_lead("T_TIE_B", company_domain="tie.example")
    hot_lead("T_TIE_A", company_domain="tie.example")
    # Bad disposition rows: rejected with a reason, counted in input_audit.
    feed.disposition(2, "L_STEADY", "maybe later", B1)
    feed.disposition(2, "L_STEADY", "rejected", B1, "x")
    feed.dispositions[2][-1]["disposed_at"] = "not a date"
    feed.disposition(2, " ", "rejected", B1)

    # Filler leads with random attributes and events in every batch.
    rng = random.Random(12)
    titles = ["CEO", "VP Sales", "Director of IT", "Manager", "Engineer", "Student", ""]
    types = ["email_open", "email_click", "webinar_attended", "content_download", "pricing_page_view",
             "demo_request", "product_login", "email_unsubscribe", "nudge_100", "boost_10"]  # fmt: skip
    for n in range(36):
        lead_id = f"F{n:03d}"
        batch = 1 if n < 24 else rng.randint(2, 4)
        as_of = (B1, B2, B3, B4)[batch - 1]
        feed.lead(
            batch,
            lead_id,
            as_of - timedelta(days=rng.randint(1, 5)),
            job_title=rng.choice(titles),
            employee_count=str(rng.choice([5, 50, 300, 800, 6000])),
            industry=rng.choice(["Software", "Education", ""]),
            country=rng.choice(["US", "de", "FR"]),
            lead_source=rng.choice(["Referral", "Event", "Web"]),
            company_domain=rng.choice(["acme.com", "beta.io", "omega.co", "yahoo.com", ""]),
        )
        for later in range(batch, 5):
            for _ in range(rng.randint(0, 3)):
                as_of = (B1, B2, B3, B4)[later - 1]
                feed.event(later, lead_id, rng.choice(types), as_of - timedelta(days=rng.randint(1, 6)))
    return feed


def _run(project: DbtProject, raw: Path, snapshots: Path, feed: Feed) -> list[dict[str, list[dict[str, Any]]]]:
    """Build every step of BUILDS; return each build's lead_scores, lead_score_changes and
    account_scores, and keep a copy of the raw folder each build saw for the reference."""
    results = []
    for number, (as_of, batches, full_refresh, point_in_time) in enumerate(BUILDS, start=1):
        feed.write(raw, batches)
        shutil.copytree(raw, snapshots / f"b{number}")
        variables = {"raw_path": str(raw), "score_as_of": as_of.isoformat(), "point_in_time": point_in_time}
        refresh = ["--full-refresh"] if full_refresh else []
        project.dbt("build", *refresh, "--exclude-resource-type", "unit_test", vars=variables)
        results.append({
            table: project.rows(f"select * from main.{table}")
            for table in ("lead_scores", "lead_score_changes", "account_scores", "mql_feedback")
        })  # fmt: skip
    return results


# Each engine's scenario, built once per worker: pytest may tear a parametrised module fixture
# down and set it up again when it interleaves the engines' tests.
_SCENARIOS: dict[str, Any] = {}


@pytest.fixture(scope="module", params=ENGINES)
def scenario(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if request.param not in _SCENARIOS:
        _SCENARIOS[request.param] = _build_scenario(request.param, tmp_path_factory)
    return _SCENARIOS[request.param]


def _build_scenario(engine: str, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(f"crm_{engine}")
    project = make_project(root / "project", engine)
    event_points = (project.root / "seeds" / "event_points.csv").read_text().rstrip("\n")
    extra = "\n".join(f"{r['event_type']},{r['points']},once,,,,engagement," for r in EXTRA_EVENT_POINTS)
    (project.root / "seeds" / "event_points.csv").write_text(event_points + "\n" + extra + "\n")
    feed = _scenario()
    try:
        results = _run(project, root / "raw", root / "snapshots", feed)
        rejected = project.rows(
            "select rejection_reason, rejected_value from main.rejected_rows where source_name = 'dispositions'"
        )
        audit = project.rows(
            "select outcome, sum(row_count) as n from main.input_audit where source_name = 'dispositions' group by 1"
        )
    finally:
        stop_engine(project)
    builds = [(as_of, root / "snapshots" / f"b{n}") for n, (as_of, *_) in enumerate(BUILDS, start=1)]
    expected = reference_crm.simulate(builds, project.root / "seeds")
    return results, expected, rejected, audit


def _by_id(rows: list[dict[str, Any]], key: str = "lead_id") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


LEAD_FIELDS = ("total_score", "tier", "is_mql", "next_action", "is_recycled", "fit_grade", "engagement_grade",
               "score_grade", "previous_tier", "tier_since", "became_mql_at")  # fmt: skip
CHANGE_FIELDS = ("change_type", "score_as_of", "previous_score_as_of", "previous_total_score", "total_score",
                 "previous_tier", "tier", "previous_is_mql", "is_mql", "became_mql_at")  # fmt: skip
ACCOUNT_FIELDS = ("lead_count", "engaged_lead_count", "best_lead_score", "buying_group_score", "seniorities",
                  "mql_count", "account_tier", "best_lead_id")  # fmt: skip


def _assert_same(got: dict[str, dict[str, Any]], want: dict[str, Any], fields: tuple[str, ...], what: str) -> None:
    assert sorted(got) == sorted(want), f"{what}: keys differ"
    problems = [
        f"{what} {key}.{name}: dbt {got[key][name]!r}, reference {getattr(want[key], name)!r}"
        for key in sorted(got)
        for name in fields
        if got[key][name] != getattr(want[key], name)
        and not (isinstance(got[key][name], float) and abs(got[key][name] - getattr(want[key], name)) < 1e-9)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("step", range(len(BUILDS)))
def test_each_build_matches_the_reference(scenario, step: int) -> None:
    results, expected, _, _ = scenario
    label = f"build {step + 1} ({BUILDS[step][0].date()})"
    _assert_same(_by_id(results[step]["lead_scores"]), expected[step].leads, LEAD_FIELDS, f"{label} lead_scores")
    _assert_same(_by_id(results[step]["lead_score_changes"]), expected[step].changes, CHANGE_FIELDS,
                 f"{label} lead_score_changes")  # fmt: skip
    _assert_same(_by_id(results[step]["account_scores"], "account_domain"), expected[step].accounts,
                 ACCOUNT_FIELDS, f"{label} account_scores")  # fmt: skip


def test_the_designed_leads_by_hand(scenario) -> None:
    """Values worked out by hand from the scenario's comments, independent of both scorers."""
    results, _, _, _ = scenario
    leads = [_by_id(r["lead_scores"]) for r in results]
    changes = [_by_id(r["lead_score_changes"]) for r in results]
    b1, b2, b3, b4, b5, b15, b4_again = range(7)
    # The first build: every lead is new, with no previous as-of.
    assert {c["change_type"] for c in changes[b1].values()} == {"new"}
    assert len(changes[b1]) == len(leads[b1])
    assert all(c["previous_score_as_of"] is None for c in changes[b1].values())
    # The schedule gap breaks nothing; neither does backfilling it.
    assert leads[b3]["L_STEADY"]["tier_since"] == B1
    assert leads[b4_again]["L_STEADY"]["tier_since"] == B1
    assert leads[b4_again]["L_STEADY"]["became_mql_at"] == B1
    # The README's worked example.
    assert [leads[b1][x]["total_score"] for x in ("L_CLIMB", "L_UNDER", "L_REJECT", "L_DELETED")] == [46, 46, 66, 31]
    assert [leads[b2][x]["total_score"] for x in ("L_CLIMB", "L_UNDER", "L_OVER")] == [71, 46.99, 47]
    assert changes[b3]["L_REJECT"]["total_score"] == 76 and changes[b3]["L_REJECT"]["change_type"] == "changed"
    # Warm to hot.
    assert (changes[b2]["L_CLIMB"]["change_type"], leads[b2]["L_CLIMB"]["became_mql_at"]) == ("changed", B2)
    assert leads[b2]["L_CLIMB"]["previous_tier"] == "warm"
    # Out of hot and back: new runs.
    assert leads[b2]["L_FLAP"]["tier"] == "warm" and changes[b2]["L_FLAP"]["previous_is_mql"] is True
    assert (leads[b3]["L_FLAP"]["tier_since"], leads[b3]["L_FLAP"]["became_mql_at"]) == (B3, B3)
    # 0.99 points is no change; 1 point is.
    assert "L_UNDER" not in changes[b2]
    assert changes[b2]["L_OVER"]["change_type"] == "changed"
    # Rejected, then a rise of exactly 10: an MQL again with a new run; 9.99 is not enough.
    assert leads[b2]["L_REJECT"]["next_action"] == "Rejected by sales on 2026-03-05: no budget"
    assert (leads[b2]["L_REJECT"]["is_mql"], changes[b2]["L_REJECT"]["change_type"]) == (False, "changed")
    assert (leads[b3]["L_REJECT"]["is_mql"], leads[b3]["L_REJECT"]["became_mql_at"]) == (True, B3)
    assert leads[b3]["L_RISE_SHORT"]["is_recycled"] and not leads[b4]["L_RISE_SHORT"]["is_recycled"]
    # Recycled without a reason, for 30 days.
    assert leads[b3]["L_RECYCLE"]["next_action"] == "Recycled by sales on 2026-03-02"
    assert leads[b4]["L_RECYCLE"]["is_mql"] and leads[b4]["L_RECYCLE"]["became_mql_at"] == B4
    assert leads[b2]["L_ACCEPT"]["is_mql"] and leads[b2]["L_TIE"]["is_mql"]
    # A disposition dated after the as-of is not known yet.
    assert leads[b2]["L_LATE_NEWS"]["is_mql"] and not leads[b3]["L_LATE_NEWS"]["is_mql"]
    # Deleted: removed; deleted and restored: removed, then new with a fresh run.
    assert changes[b3]["L_DELETED"]["change_type"] == "removed" and changes[b3]["L_DELETED"]["tier"] is None
    assert changes[b2]["L_BACK"]["change_type"] == "removed"
    assert changes[b3]["L_BACK"]["change_type"] == "new" and leads[b3]["L_BACK"]["tier_since"] == B3
    assert leads[b3]["L_BACK"]["previous_tier"] is None
    assert changes[b3]["L_NEW"]["change_type"] == "new"
    # The same as-of again: the same feed. The backfilled 03-15 compares with 03-08.
    assert sorted(changes[b5].items()) == sorted(changes[b4].items())
    assert changes[b15]["L_CLIMB"]["change_type"] == "changed"
    assert {c["previous_score_as_of"] for c in changes[b15].values()} == {B2}
    assert {c["previous_score_as_of"] for c in changes[b4_again].values()} == {B3}
    # Accounts: free mail and no domain are no account; a tie goes to the smaller id.
    accounts = _by_id(results[b1]["account_scores"], "account_domain")
    assert "gmail.com" not in accounts and "" not in accounts
    assert accounts["tie.example"]["best_lead_id"] == "T_TIE_A"
    assert accounts["tie.example"]["buying_group_score"] == 132.0


def test_bad_dispositions_are_rejected_and_audited(scenario) -> None:
    _, _, rejected, audit = scenario
    assert sorted((r["rejection_reason"], r["rejected_value"]) for r in rejected) == [
        ("missing_lead_id", None),
        ("unknown_disposition", "maybe later"),
        ("unparseable_disposed_at", "not a date"),
    ]
    assert {r["outcome"]: r["n"] for r in audit} == {"used": 7, "rejected": 3}


def test_mql_feedback_counts_sales_responses(scenario) -> None:
    """At the last build: the designed hot leads were handed over on 03-01 (B1); L_ACCEPT and L_TIE
    were accepted (33 h and 81 h later), L_REJECT and L_RISE_SHORT rejected after 105 h, L_RECYCLE
    recycled after 33 h and L_LATE_NEWS rejected after 465 h; the other MQLs are pending."""
    results, _, _, _ = scenario
    rows = {(r["dimension"], r["dimension_value"]): r for r in results[-1]["mql_feedback"]}
    hot = rows[("tier", "hot")]
    assert (hot["accepted"], hot["rejected"]) == (2, 4)
    assert hot["mqls_handed_over"] == hot["accepted"] + hot["rejected"] + hot["pending"] > 6
    assert hot["acceptance_rate"] == pytest.approx(2 / 6)
    assert hot["median_hours_to_disposition"] == pytest.approx(93)
    assert hot["rejection_reasons"] == "no budget (1); timing (1); went dark (1)"
    executives = rows[("criterion", "job_seniority = executive")]
    assert (executives["accepted"], executives["rejected"]) == (2, 4)
    assert sum(r["mqls_handed_over"] for (dimension, _), r in rows.items() if dimension == "tier") == sum(
        r["mqls_handed_over"] for (dimension, _), r in rows.items() if dimension == "score_grade"
    )
