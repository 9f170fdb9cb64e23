"""Tests of the reference scorer alone, on tiny hand-built inputs."""

from __future__ import annotations

import csv
import shutil
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
        "L1": LeadScore(
            lead_id="L1",
            fit_score=18.0,
            engagement_score=35.0,
            total_score=53.0,
            tier="hot",
            is_mql=True,
            job_seniority="executive",
            company_size_band="100-500",
            industry=None,
            country=None,
            lead_source=None,
            next_action="Route to sales: call within one business day",
            is_disqualified=False,
            disqualified_reason=None,
        ),
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


# ---------------------------------------------------------------- disqualifiers, aliases, yes/no, formats

# (seed, key, attribute value) rows with disqualifies = true: the defaults the seeds are getting.
DISQUALIFYING = {
    ("attribute_points", "job_seniority", "student"),
    ("event_points", "email_unsubscribe", None),
    ("event_points", "email_bounce", None),
}
ALIASES = [
    {"attribute": "country", "alias": " United States ", "value": " US "},
    {"attribute": "country", "alias": "usa", "value": "us"},
]


def make_seeds(
    tmp_path: Path,
    disqualifying: set[tuple[str, str, str | None]] | None = None,
    aliases: list[dict[str, str]] | None = None,
    lookback: dict[str, str] | None = None,
) -> Path:
    """A copy of seeds/*.csv with `disqualifies` set exactly as given (None: no such column),
    value_aliases.csv exactly `aliases` (None: no file), and event look-backs overridden."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in SEEDS.glob("*.csv"):
        shutil.copy(f, seeds / f.name)
    for name, key in (("attribute_points", "attribute"), ("event_points", "event_type")):
        with (seeds / f"{name}.csv").open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        columns = [c for c in rows[0] if c != "disqualifies"]
        for row in rows:
            row.pop("disqualifies", None)
            if disqualifying is not None:
                criterion = (name, row[key], row["value"] if name == "attribute_points" else None)
                row["disqualifies"] = "true" if criterion in disqualifying else "false"
            if name == "event_points" and lookback and row[key] in lookback:
                row["lookback_days"] = lookback[row[key]]
        write_csv(seeds / f"{name}.csv", rows, columns + (["disqualifies"] if disqualifying is not None else []))
    (seeds / "value_aliases.csv").unlink(missing_ok=True)
    if aliases is not None:
        write_csv(seeds / "value_aliases.csv", aliases, ["attribute", "alias", "value"])
    return seeds


def run_with(
    tmp_path: Path,
    seeds: Path,
    leads: list[dict[str, str]],
    events: list[dict[str, str]] | None = None,
    formats: tuple[str, ...] = (),
) -> dict[str, LeadScore]:
    raw = tmp_path / "raw"
    write_csv(raw / "leads.csv", leads, LEAD_COLUMNS)
    write_csv(raw / "events.csv", events or [], EVENT_COLUMNS)
    write_csv(raw / "conversions.csv", [], CONVERSION_COLUMNS)
    return score(raw, seeds, AS_OF, raw_timestamp_formats=formats)


def test_disqualified_by_attribute_keeps_score_and_tier(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING)
    # student -15, 501-1000 +10, us +3 = -2; trial 20 + demo 25 + pricing 15 = 60; total 58 (hot).
    leads = [lead(job_title="Student Intern", employee_count="800", country="US"), lead("L2", job_title="CEO")]
    events = [event("E1", "trial_signup"), event("E2", "demo_request"), event("E3", "pricing_page_view")]
    result = run_with(tmp_path, seeds, leads, events)
    l1 = result["L1"]
    assert (l1.fit_score, l1.engagement_score, l1.total_score, l1.tier) == (-2.0, 60.0, 58.0, "hot")
    assert (l1.is_mql, l1.is_disqualified) == (False, True)
    assert l1.disqualified_reason == "job_seniority = student"
    assert l1.next_action == "Disqualified: job_seniority = student"
    l2 = result["L2"]
    assert (l2.is_disqualified, l2.disqualified_reason, l2.next_action) == (False, None, "Keep in automated nurture")


def test_disqualified_by_event_gives_date_of_earliest_qualifying_event(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING)
    events = [event("E1", "Email Unsubscribe", 3), event("E2", "email-unsubscribe", 10)]
    result = run_with(tmp_path, seeds, [lead()], events)["L1"]
    assert result.engagement_score == -20.0  # once: the most recent counts, and the score is kept
    assert result.is_disqualified and not result.is_mql
    assert result.disqualified_reason == "email_unsubscribe on 2026-04-21"
    assert result.next_action == "Disqualified: email_unsubscribe on 2026-04-21"


def test_reasons_are_attributes_in_order_then_events_by_date_then_type(tmp_path: Path) -> None:
    disqualifying = DISQUALIFYING | {("attribute_points", "industry", "education")}
    seeds = make_seeds(tmp_path, disqualifying)
    leads = [lead(industry="Education", job_title="intern"), lead("L2")]
    events = [
        event("E1", "email_bounce", 3),
        event("E2", "email_unsubscribe", 10),
        event("E3", "email_unsubscribe", 1, lead_id="L2"),
        event("E4", "email_bounce", 1, lead_id="L2"),
    ]
    result = run_with(tmp_path, seeds, leads, events)
    assert result["L1"].next_action == (
        "Disqualified: job_seniority = student; industry = education; "
        "email_unsubscribe on 2026-04-21; email_bounce on 2026-04-28"
    )
    # Same date: by event type.
    assert result["L2"].disqualified_reason == "email_bounce on 2026-04-30; email_unsubscribe on 2026-04-30"


def test_disqualifying_event_outside_its_lookback_does_not_disqualify(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING, lookback={"email_unsubscribe": "30"})
    leads = [lead("L1"), lead("L2")]
    events = [event("E1", "email_unsubscribe", 31), event("E2", "email_unsubscribe", 30, lead_id="L2")]
    result = run_with(tmp_path, seeds, leads, events)
    assert (result["L1"].is_disqualified, result["L1"].disqualified_reason, result["L1"].engagement_score) == (
        False,
        None,
        0.0,
    )
    assert result["L2"].disqualified_reason == "email_unsubscribe on 2026-04-01"  # age 30 <= 30 qualifies


def test_no_disqualifies_column_and_no_aliases_file_mean_none(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, disqualifying=None, aliases=None)
    leads = [lead(job_title="Student", country="United States")]
    result = run_with(tmp_path, seeds, leads, [event("E1", "email_unsubscribe")])["L1"]
    assert (result.is_disqualified, result.country, result.fit_score) == (False, "united states", -15.0)


def test_disqualifies_blank_is_false_and_other_than_true_false_is_an_error(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING)
    header = "event_type,points,frequency,max_points,half_life_days,lookback_days,category,disqualifies\n"
    (seeds / "event_points.csv").write_text(header + "email_unsubscribe,-20,once,,,,negative, \n")
    assert not run_with(tmp_path, seeds, [lead()], [event("E1", "email_unsubscribe")])["L1"].is_disqualified
    (seeds / "event_points.csv").write_text(header + "email_unsubscribe,-20,once,,,,negative,yes\n")
    with pytest.raises(ValueError, match="disqualifies"):
        run_with(tmp_path, seeds, [lead()])


def test_value_alias_earns_points_and_is_the_reported_value(tmp_path: Path) -> None:
    aliases = [
        *ALIASES,
        {"attribute": "Lead_Source", "alias": "Referal", "value": "referral"},
        {"attribute": "industry", "alias": "fin serv", "value": "financial  services"},
        {"attribute": "industry", "alias": "financial services", "value": "software"},  # no chains
        {"attribute": "industry", "alias": "us", "value": "software"},  # other attributes' values untouched
    ]
    seeds = make_seeds(tmp_path, DISQUALIFYING, aliases)
    leads = [
        lead("L1", country="  United   States ", lead_source="REFERAL", industry="Fin   Serv"),
        lead("L2", country="USA", industry=" "),
        lead("L3", country="us", industry="us"),
    ]
    result = run_with(tmp_path, seeds, leads)
    l1 = result["L1"]
    assert (l1.country, l1.lead_source, l1.industry) == ("us", "referral", "financial services")
    assert l1.fit_score == 3 + 5 + 4
    assert (result["L2"].country, result["L2"].industry, result["L2"].fit_score) == ("us", None, 3.0)
    assert (result["L3"].industry, result["L3"].fit_score) == ("software", 3 + 5)


def test_is_deleted_accepts_yes_no_y_n(tmp_path: Path) -> None:
    # L1 and L2 have an older live row, so only a deleted (not a rejected) latest row drops them.
    leads = [
        lead("L1"),
        lead("L1", updated_at="2026-02-01", is_deleted=" Yes "),
        lead("L2"),
        lead("L2", updated_at="2026-02-01", is_deleted="y"),
        lead("L3", is_deleted="NO"),
        lead("L4", is_deleted=" n "),
        lead("L5", is_deleted="nope"),  # unparseable -> row rejected
        lead("L6"),
        lead("L6", updated_at="2026-02-01", is_deleted="ja"),  # rejected, so the older row wins
    ]
    assert set(run(tmp_path, leads)) == {"L3", "L4", "L6"}


def test_non_iso_timestamp_read_by_a_format_and_rejected_without(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING, ALIASES)
    formats = ("%m/%d/%Y %I:%M %p", "%d.%m.%Y %H:%M %z")
    leads = [
        lead("L1", updated_at=" 11/03/2025 02:15 pm "),
        lead("L2", updated_at="11/03/2025 02:15 PM UTC"),  # the whole value must match
    ]
    events = [
        # 13:30 +02:00 is 11:30 UTC, before the 12:00 as-of: scored.
        {**event("E1", "trial_signup"), "occurred_at": "01.05.2026 13:30 +0200"},
        # 06:00 -08:00 is 14:00 UTC, after the as-of: not scored.
        {**event("E2", "demo_request"), "occurred_at": "01.05.2026 06:00 -08:00"},
        # Read by the first format, no offset so UTC: 2026-04-30 23:59 is one day old.
        {**event("E3", "pricing_page_view"), "occurred_at": "04/30/2026 11:59 PM"},
    ]
    result = run_with(tmp_path, seeds, leads, events, formats)
    assert set(result) == {"L1"}
    assert result["L1"].engagement_score == 20 + 15
    assert run_with(tmp_path, seeds, leads, events) == {}  # without formats no lead row is readable


def test_first_format_that_reads_the_value_wins(tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path, DISQUALIFYING, ALIASES)
    # 03/04/2026 is 3 April (28 days old) with %d/%m/%Y first, 4 March (58 days) with %m/%d/%Y first.
    events = [{**event("E1", "content_download"), "occurred_at": "03/04/2026"}]
    day_first = run_with(tmp_path, seeds, [lead()], events, ("%d/%m/%Y", "%m/%d/%Y"))
    month_first = run_with(tmp_path, seeds, [lead()], events, ("%m/%d/%Y", "%d/%m/%Y"))
    assert day_first["L1"].engagement_score == round2(5 * 0.5 ** (28 / 30))
    assert month_first["L1"].engagement_score == round2(5 * 0.5 ** (58 / 30))


def test_bad_strptime_directive_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="directive"):
        run_with(tmp_path, SEEDS, [lead()], formats=("%Y-%Q",))
