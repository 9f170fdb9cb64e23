"""Independent pure-Python reference for the CRM layer on top of the base score.

Simulates a sequence of dbt builds (grades, sales dispositions and recycling, score
history runs, the change feed and the account roll-up), written from the rules in the
brief alone, not from the dbt models. Base scores come from ``reference_scorer.score``.
Choices where the rules are silent (most literal reading taken):

* As-ofs go through ``reference_scorer._to_utc`` (aware -> naive UTC). Every build adds
  (or replaces) a history entry, even one with no leads: such an entry is an element of
  the run sequence A, breaks every run and can be a ``previous_score_as_of``.
* ``score_grades.csv`` and ``account_tiers.csv`` must exist (``FileNotFoundError``
  otherwise); ``min_score`` is trimmed and read with ``float`` (blank or non-numeric:
  ``ValueError``). ``score_grades`` rows whose axis is not ``fit``/``engagement`` are
  ignored. An axis (or the tier seed) with no rows gives ``None``; ``score_grade`` is
  then ``None`` too. Grades compare the rounded ``fit_score``/``engagement_score``.
* Grade and tier names are used trimmed; they are compared as written (case kept).
* Dispositions: the ``reason``/``disposed_at`` columns may be missing (blank).
  Dispositions of leads not scored at a build have no effect there. ``disposed_at`` is
  read with the build's ``raw_timestamp_formats`` like other raw timestamps.
* Recycling needs ``disposed_at <= T < disposed_at + recycle_days`` days (a datetime
  comparison, not a date one). ``recycle_rise_points`` exemption compares
  ``round2(total_now - baseline)`` with ``>=``. A recycled disqualified lead still has
  ``is_recycled = True``. Dates in ``next_action`` are of ``disposed_at`` in UTC.
* Change ``became_mql_at`` is the current value (``None`` for ``removed``). A lead's
  ``previous_tier`` is ``None`` when it had no row at ``previous_score_as_of``.
* Accounts: a lead whose cleaned domain is blank is in no account; ``free_email_domains``
  blank entries are ignored. ``buying_group_score`` sums exactly (``Decimal`` of each
  2-decimal total) before ``round2``; ``buying_group_size <= 0`` gives 0.0. All published
  leads count, disqualified and recycled ones included. ``seniorities`` joins the
  distinct ``job_seniority`` values (``"other"`` included).
* ``simulate`` also takes ``raw_timestamp_formats`` (passed to ``reference_scorer.score``
  and used for ``updated_at`` and ``disposed_at``), default none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from reference_scorer import (
    LeadScore,
    _blank_to_none,
    _clean_event_type,
    _read_csv,
    _read_raw,
    _to_utc,
    _winning_leads,
    check_timestamp_formats,
    parse_timestamp,
    round2,
    score,
)

DISPOSITIONS = ("accepted", "rejected", "recycled", "converted")
RECYCLING_DISPOSITIONS = {"rejected": "Rejected", "recycled": "Recycled"}


@dataclass(frozen=True)
class Disposition:
    lead_id: str
    disposition: str  # normalised: accepted, rejected, recycled or converted
    reason: str | None
    disposed_at: datetime  # naive UTC


@dataclass(frozen=True)
class PublishedLead:
    lead_id: str
    fit_score: float
    engagement_score: float
    total_score: float
    tier: str
    is_mql: bool  # after recycling
    next_action: str  # after recycling
    is_disqualified: bool
    is_recycled: bool
    fit_grade: str | None
    engagement_grade: str | None
    score_grade: str | None
    previous_tier: str | None
    tier_since: datetime
    became_mql_at: datetime | None
    job_seniority: str
    company_domain: str | None  # trimmed, lower-cased; blank -> None


@dataclass(frozen=True)
class Change:
    lead_id: str
    change_type: str  # new, removed or changed
    score_as_of: datetime
    previous_score_as_of: datetime | None
    previous_total_score: float | None
    total_score: float | None
    previous_tier: str | None
    tier: str | None
    previous_is_mql: bool | None
    is_mql: bool | None
    became_mql_at: datetime | None


@dataclass(frozen=True)
class Account:
    account_domain: str
    lead_count: int
    engaged_lead_count: int
    best_lead_score: float
    buying_group_score: float
    seniorities: str
    mql_count: int
    account_tier: str | None
    best_lead_id: str


@dataclass(frozen=True)
class BuildResult:
    score_as_of: datetime
    previous_score_as_of: datetime | None
    leads: dict[str, PublishedLead]
    changes: dict[str, Change]
    accounts: dict[str, Account]


# ---------------------------------------------------------------- seeds

Thresholds = list[tuple[str, float]]  # (name, min_score) in file order


def _thresholds(rows: list[dict[str, str]], name_column: str) -> Thresholds:
    return [(r[name_column].strip(), float(r["min_score"].strip())) for r in rows]


def pick(value: float, thresholds: Thresholds) -> str | None:
    """Name of the highest min_score <= value; below all: the lowest; ties: first row."""
    if not thresholds:
        return None
    eligible = [t for t in thresholds if t[1] <= value]
    if eligible:
        return max(eligible, key=lambda t: t[1])[0]  # max/min return the first of ties
    return min(thresholds, key=lambda t: t[1])[0]


def load_grades(seeds_dir: Path) -> dict[str, Thresholds]:
    """``score_grades.csv`` split by axis: {"fit": [...], "engagement": [...]}."""
    grades: dict[str, Thresholds] = {"fit": [], "engagement": []}
    for row in _read_csv(seeds_dir / "score_grades.csv"):
        axis = row["axis"].strip().lower()
        if axis in grades:
            grades[axis] += _thresholds([row], "grade")
    return grades


def load_free_email_domains(seeds_dir: Path) -> frozenset[str]:
    path = seeds_dir / "free_email_domains.csv"
    if not path.is_file():
        return frozenset()
    return frozenset(d for r in _read_csv(path) if (d := r.get("domain", "").strip().lower()))


# ---------------------------------------------------------------- dispositions


def latest_dispositions(
    raw_dir: Path, score_as_of: datetime, raw_timestamp_formats: Sequence[str] = ()
) -> dict[str, Disposition]:
    """Each lead's latest disposition known at ``score_as_of`` (disposed_at <= as-of)."""
    as_of = _to_utc(score_as_of)
    known: dict[str, list[Disposition]] = {}
    for row in _read_raw(raw_dir, "dispositions"):
        lead_id = _blank_to_none(row.get("lead_id", ""))
        disposition = _clean_event_type(row.get("disposition", ""))
        disposed_at = parse_timestamp(row.get("disposed_at", ""), raw_timestamp_formats)
        if lead_id is None or disposition not in DISPOSITIONS or disposed_at is None or disposed_at > as_of:
            continue
        reason = _blank_to_none(row.get("reason", ""))
        known.setdefault(lead_id, []).append(Disposition(lead_id, disposition, reason, disposed_at))
    latest = {}
    for lead_id, items in known.items():
        newest = max(d.disposed_at for d in items)
        latest[lead_id] = min(
            (d for d in items if d.disposed_at == newest),
            key=lambda d: (d.disposition, d.reason is None, d.reason or ""),
        )
    return latest


# ---------------------------------------------------------------- one build


def _recycling(
    base: LeadScore,
    disposition: Disposition | None,
    history_before: dict[datetime, dict[str, PublishedLead]],
    as_of: datetime,
    recycle_days: float,
    recycle_rise_points: float,
) -> Disposition | None:
    """The disposition recycling the lead at ``as_of``, or None when it is not recycled."""
    if disposition is None or disposition.disposition not in RECYCLING_DISPOSITIONS:
        return None
    if not as_of < disposition.disposed_at + timedelta(days=recycle_days):
        return None
    # Baseline: the lead's total in the latest entry with as-of <= disposed_at; the current
    # build is the entry for as_of (disposed_at <= as_of always, since it is known).
    totals = {a: rows[base.lead_id].total_score for a, rows in history_before.items() if base.lead_id in rows}
    totals[as_of] = base.total_score
    eligible = [a for a in totals if a <= disposition.disposed_at]
    if eligible:
        baseline = totals[max(eligible)]
        if round2(base.total_score - baseline) >= recycle_rise_points:
            return None
    return disposition


def _run_start(
    lead_id: str, earlier: list[datetime], history: dict[datetime, dict[str, PublishedLead]], as_of: datetime, same
) -> datetime:
    """First as-of of the run ending at ``as_of``: walk back over ``earlier`` (ascending)."""
    start = as_of
    for a in reversed(earlier):
        row = history[a].get(lead_id)
        if row is None or not same(row):
            break
        start = a
    return start


def _account(domain: str, leads: list[PublishedLead], buying_group_size: int, tiers: Thresholds) -> Account:
    totals = sorted((lead.total_score for lead in leads), reverse=True)
    top = totals[: max(buying_group_size, 0)]
    buying_group_score = round2(float(sum((Decimal(repr(t)) for t in top), Decimal(0))))
    best = min(leads, key=lambda lead: (-lead.total_score, lead.lead_id))
    return Account(
        account_domain=domain,
        lead_count=len(leads),
        engaged_lead_count=sum(lead.engagement_score > 0 for lead in leads),
        best_lead_score=best.total_score,
        buying_group_score=buying_group_score,
        seniorities=", ".join(sorted({lead.job_seniority for lead in leads})),
        mql_count=sum(lead.is_mql for lead in leads),
        account_tier=pick(buying_group_score, tiers),
        best_lead_id=best.lead_id,
    )


def _changes(
    as_of: datetime,
    previous: datetime | None,
    leads: dict[str, PublishedLead],
    before: dict[str, PublishedLead],
    min_points: float,
) -> dict[str, Change]:
    changes: dict[str, Change] = {}
    for lead_id in sorted(set(leads) | set(before)):
        now, prev = leads.get(lead_id), before.get(lead_id)
        if prev is None:
            change_type = "new"
        elif now is None:
            change_type = "removed"
        elif (
            now.tier != prev.tier
            or now.is_mql != prev.is_mql
            or round2(abs(now.total_score - prev.total_score)) >= min_points
        ):
            change_type = "changed"
        else:
            continue
        changes[lead_id] = Change(
            lead_id=lead_id,
            change_type=change_type,
            score_as_of=as_of,
            previous_score_as_of=previous,
            previous_total_score=None if prev is None else prev.total_score,
            total_score=None if now is None else now.total_score,
            previous_tier=None if prev is None else prev.tier,
            tier=None if now is None else now.tier,
            previous_is_mql=None if prev is None else prev.is_mql,
            is_mql=None if now is None else now.is_mql,
            became_mql_at=None if now is None else now.became_mql_at,
        )
    return changes


def simulate(
    builds: Sequence[tuple[datetime, Path]],
    seeds_dir: Path,
    *,
    score_change_min_points: float = 1.0,
    recycle_days: float = 30,
    recycle_rise_points: float = 10.0,
    buying_group_size: int = 3,
    raw_timestamp_formats: Sequence[str] = (),
) -> list[BuildResult]:
    """Run ``builds`` (``(score_as_of, raw_dir)``, in the given order) against one history."""
    formats = check_timestamp_formats(raw_timestamp_formats)
    grades = load_grades(seeds_dir)
    account_tiers = _thresholds(_read_csv(seeds_dir / "account_tiers.csv"), "tier")
    free_domains = load_free_email_domains(seeds_dir)
    history: dict[datetime, dict[str, PublishedLead]] = {}
    results: list[BuildResult] = []

    for score_as_of, raw_dir in builds:
        as_of = _to_utc(score_as_of)
        base = score(raw_dir, seeds_dir, as_of, formats)
        lead_rows = _winning_leads(_read_raw(raw_dir, "leads"), as_of, formats)
        dispositions = latest_dispositions(raw_dir, as_of, formats)
        history_before = {a: rows for a, rows in history.items() if a < as_of}
        earlier = sorted(history_before)
        previous = earlier[-1] if earlier else None
        before = history_before[previous] if previous is not None else {}

        leads: dict[str, PublishedLead] = {}
        for lead_id, s in base.items():
            recycled_by = _recycling(
                s, dispositions.get(lead_id), history_before, as_of, recycle_days, recycle_rise_points
            )
            is_mql, next_action = s.is_mql, s.next_action
            if recycled_by is not None:
                is_mql = False
                if not s.is_disqualified:
                    word = RECYCLING_DISPOSITIONS[recycled_by.disposition]
                    next_action = f"{word} by sales on {recycled_by.disposed_at.date().isoformat()}"
                    if recycled_by.reason is not None:
                        next_action += f": {recycled_by.reason}"
            fit_grade = pick(s.fit_score, grades["fit"])
            engagement_grade = pick(s.engagement_score, grades["engagement"])
            domain = _blank_to_none(lead_rows[lead_id].get("company_domain", ""))
            leads[lead_id] = PublishedLead(
                lead_id=lead_id,
                fit_score=s.fit_score,
                engagement_score=s.engagement_score,
                total_score=s.total_score,
                tier=s.tier,
                is_mql=is_mql,
                next_action=next_action,
                is_disqualified=s.is_disqualified,
                is_recycled=recycled_by is not None,
                fit_grade=fit_grade,
                engagement_grade=engagement_grade,
                score_grade=None if fit_grade is None or engagement_grade is None else fit_grade + engagement_grade,
                previous_tier=before[lead_id].tier if lead_id in before else None,
                tier_since=_run_start(lead_id, earlier, history, as_of, lambda r, t=s.tier: r.tier == t),
                became_mql_at=_run_start(lead_id, earlier, history, as_of, lambda r: r.is_mql) if is_mql else None,
                job_seniority=s.job_seniority,
                company_domain=None if domain is None else domain.lower(),
            )

        members: dict[str, list[PublishedLead]] = {}
        for lead in leads.values():
            if lead.company_domain is not None and lead.company_domain not in free_domains:
                members.setdefault(lead.company_domain, []).append(lead)
        accounts = {
            domain: _account(domain, members[domain], buying_group_size, account_tiers) for domain in sorted(members)
        }

        results.append(
            BuildResult(
                score_as_of=as_of,
                previous_score_as_of=previous,
                leads=leads,
                changes=_changes(as_of, previous, leads, before, score_change_min_points),
                accounts=accounts,
            )
        )
        history[as_of] = leads
    return results
