"""Independent pure-Python reference implementation of docs/scoring_rules.md.

Written from the rules page alone (not from the dbt models), so pytest can compare the
two. Choices where the rules page is silent or ambiguous (most literal reading taken):

* Rounding is round-half-away-from-zero to 2 decimals via ``decimal`` on ``repr(x)``
  (``ROUND_HALF_UP``), so 0.125 -> 0.13 and -0.125 -> -0.13.
* "Trimmed" means ``str.strip()`` (all leading/trailing whitespace).
* Timestamps are trimmed, then go to ``datetime.fromisoformat``; a value it rejects is
  tried, still trimmed, against each ``raw_timestamp_formats`` entry with
  ``datetime.strptime`` (Python's semantics: the whole value must match, whitespace in a
  format matches any run of whitespace, names and ``%p`` are case-insensitive and read in
  the process locale, ``%y`` pivots at 69, ``%z`` takes ``Z``/``+HHMM``/``+HH:MM``, ``%Z``
  adds no offset so the value stays UTC). Blank, or nothing reads it: unparseable.
* A format with a directive ``strptime`` does not know (``%Q``, a trailing ``%``) raises
  ``ValueError`` before anything is read, rather than silently reading nothing.
* ``event_type``: runs of whitespace, hyphens and underscores collapse to ``_``.
* ``employee_count``: only ``,`` and the space character are removed after trimming;
  "only digits" means ASCII ``0-9``.
* Duplicate ``event_id``: the first delivery is the event: the copy in the earliest file
  (name order), then the earliest parseable ``occurred_at``; the other copies are repeats.
* Lead rows tied on ``updated_at`` and ``is_deleted``: the row with the smallest tuple
  of raw remaining column values (in column order) wins.
* Job-title patterns tied on ``priority`` and tiers tied on ``min_score``: the first
  row in the seed file wins.
* Several ``attribute_points`` rows matching one attribute value all add their points.
* Seed keys are matched after trimming; ``attribute`` is also lower-cased,
  ``event_type`` is compared as written (so a seed row must already be normalised).
* ``disqualifies`` is trimmed and lower-cased: ``true`` or ``false``/blank; any other value
  (``yes``, ``1``) raises ``ValueError``. A lead's value matching several
  ``attribute_points`` rows is disqualified when any of them disqualifies (one reason per
  attribute); a duplicate ``event_type`` row is ignored, as for points.
* Value aliases: ``value_aliases.csv`` absent means no aliases. Its ``attribute`` is trimmed
  and lower-cased; rows for any attribute other than industry/country/lead_source are
  ignored. A blank alias matches nothing (a null value is never equal to it); a blank
  ``value`` turns the lead's value into null (no value, no points). When one
  (attribute, cleaned alias) has several rows, the first row in the file wins.
* A disqualification reason is written with the lead's value (cleaned, aliased; for
  ``job_seniority`` the seniority as spelled in ``job_title_seniority.csv``), not the
  ``attribute_points`` row's spelling; values are not escaped (a ``; `` in a value stays).
  Event reasons with the same date are ordered by ``event_type`` in code-point order.
* ``next_action`` of a lead that is not disqualified is the tier row's ``next_action``
  as written (blank or absent column: ``""``).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

LEAD_COLUMNS = (
    "lead_id",
    "email",
    "first_name",
    "last_name",
    "job_title",
    "company_name",
    "company_domain",
    "employee_count",
    "industry",
    "country",
    "lead_source",
    "created_at",
    "updated_at",
    "is_deleted",
)

Row = dict[str, str]

# Scored attributes, in the order disqualification reasons list them.
ATTRIBUTES = ("job_seniority", "company_size_band", "industry", "country", "lead_source")
ALIASED_ATTRIBUTES = ("industry", "country", "lead_source")
DISQUALIFIED_PREFIX = "Disqualified: "


@dataclass(frozen=True)
class LeadScore:
    lead_id: str
    fit_score: float  # rounded to 2 decimals
    engagement_score: float  # rounded to 2 decimals
    total_score: float  # round(fit_raw + engagement_raw, 2)
    tier: str
    is_mql: bool
    job_seniority: str
    company_size_band: str | None
    industry: str | None  # cleaned, after value aliases
    country: str | None
    lead_source: str | None
    next_action: str  # the tier's, or "Disqualified: <reasons>"
    is_disqualified: bool
    disqualified_reason: str | None  # next_action after "Disqualified: ", None when not disqualified


# ---------------------------------------------------------------- reading


FILE_KEY = "\x00file"


def _read_csv(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [{k: (v or "") for k, v in row.items() if k is not None} for row in csv.DictReader(handle)]


def _read_parquet(paths: list[Path]) -> list[Row]:
    import pyarrow.parquet as pq  # optional dependency, only needed without CSV input

    rows: list[Row] = []
    for path in paths:
        for record in pq.read_table(path).to_pylist():
            rows.append({k: "" if v is None else str(v) for k, v in record.items()})
    return rows


def _read_raw(raw_dir: Path, name: str) -> list[Row]:
    """All rows of an input, each tagged with FILE_KEY: the position of its file in name order."""
    paths = sorted(
        [raw_dir / f"{name}.csv", raw_dir / f"{name}.parquet"]
        + list((raw_dir / name).glob("*.csv"))
        + list((raw_dir / name).glob("*.parquet"))
    )
    rows: list[Row] = []
    for index, path in enumerate(p for p in paths if p.is_file()):
        read = _read_csv(path) if path.suffix == ".csv" else _read_parquet([path])
        rows += [{**row, FILE_KEY: f"{index:09d}"} for row in read]
    return rows


# ---------------------------------------------------------------- cleaning


def round2(x: float) -> float:
    """Round half away from zero to 2 decimals."""
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _blank_to_none(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip()


def _clean_text(value: str) -> str | None:
    stripped = _blank_to_none(value)
    return None if stripped is None else re.sub(r"\s+", " ", stripped.lower())


def _clean_employee_count(value: str) -> int | None:
    digits = value.strip().replace(",", "").replace(" ", "")
    count = int(digits) if re.fullmatch(r"[0-9]+", digits) else None
    return count if count is not None and count < 2**63 else None


def _clean_event_type(value: str) -> str:
    return re.sub(r"[\s_-]+", "_", value.strip().lower())


def _to_utc(value: datetime) -> datetime:
    """Naive datetimes are UTC; aware ones are converted. Returns naive UTC."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


# Directives Python 3.11's strptime understands.
_STRPTIME_DIRECTIVES = frozenset("aAbBcdfGHIjmMpSuUVwWxXyYzZ%")


def check_timestamp_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats as a tuple; ValueError for a directive strptime does not know."""
    if isinstance(formats, str):
        raise TypeError("raw_timestamp_formats is a sequence of formats, not one string")
    for fmt in formats:
        for match in re.finditer(r"%(.?)", fmt, re.DOTALL):
            if match.group(1) not in _STRPTIME_DIRECTIVES:
                raise ValueError(f"bad strptime directive {match.group(0)!r} in format {fmt!r}")
    return tuple(formats)


def parse_timestamp(value: str, formats: Sequence[str] = ()) -> datetime | None:
    """Naive UTC: ISO-8601 first, then each strptime format in order; None when unparseable."""
    value = value.strip()
    try:
        return _to_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        pass
    if not value:
        return None
    for fmt in formats:
        try:
            return _to_utc(datetime.strptime(value, fmt))
        except (ValueError, OverflowError):
            continue
    return None


def _parse_bool(value: str) -> bool | None:
    """True/False, or None when unparseable."""
    cleaned = value.strip().lower()
    if cleaned in ("true", "1", "yes", "y"):
        return True
    if cleaned in ("false", "0", "no", "n", ""):
        return False
    return None


def _parse_flag(value: str, where: str) -> bool:
    """A seed's true/false column: blank is false, anything else is a mistake."""
    cleaned = value.strip().lower()
    if cleaned not in ("true", "false", ""):
        raise ValueError(f"{where}: expected true/false or blank, got {value!r}")
    return cleaned == "true"


def _num(value: str) -> float | None:
    return None if not value.strip() else float(value)


# ---------------------------------------------------------------- seeds


@dataclass(frozen=True)
class _Seeds:
    seniority: list[tuple[re.Pattern[str], str, float]]
    bands: list[tuple[str, float, float | None]]
    attribute_points: list[tuple[str, str, float, bool]]  # attribute, value, points, disqualifies
    event_points: dict[str, Row]
    disqualifying_events: frozenset[str]  # event types whose event_points row disqualifies
    tiers: list[tuple[str, float, bool, str]]  # tier, min_score, is_mql, next_action
    aliases: dict[tuple[str, str], str | None]  # (attribute, cleaned alias) -> cleaned value


def _first_per_key(rows: list[Row], column: str) -> dict[str, Row]:
    """Rows keyed by trimmed ``column``; the first row wins if a key repeats."""
    keyed: dict[str, Row] = {}
    for row in rows:
        keyed.setdefault(row[column].strip(), row)
    return keyed


def _load_aliases(path: Path) -> dict[tuple[str, str], str | None]:
    aliases: dict[tuple[str, str], str | None] = {}
    if not path.is_file():
        return aliases
    for r in _read_csv(path):
        attribute, alias = r["attribute"].strip().lower(), _clean_text(r["alias"])
        if attribute in ALIASED_ATTRIBUTES and alias is not None:
            aliases.setdefault((attribute, alias), _clean_text(r["value"]))
    return aliases


def _load_seeds(seeds_dir: Path) -> _Seeds:
    def seed(name: str) -> list[Row]:
        return _read_csv(seeds_dir / f"{name}.csv")

    event_points = _first_per_key(seed("event_points"), "event_type")

    return _Seeds(
        seniority=[
            (
                re.compile(r["pattern"], re.IGNORECASE),
                r["seniority"],
                float(r["priority"]),
            )
            for r in seed("job_title_seniority")
        ],
        bands=[(r["band"], float(r["min_employees"]), _num(r["max_employees"])) for r in seed("company_size_bands")],
        attribute_points=[
            (
                r["attribute"].strip().lower(),
                r["value"].strip().lower(),
                float(r["points"]),
                _parse_flag(r.get("disqualifies", ""), f"attribute_points {r['attribute']}={r['value']} disqualifies"),
            )
            for r in seed("attribute_points")
        ],
        event_points=event_points,
        disqualifying_events=frozenset(
            event_type
            for event_type, r in event_points.items()
            if _parse_flag(r.get("disqualifies", ""), f"event_points {event_type} disqualifies")
        ),
        tiers=[
            (r["tier"], float(r["min_score"]), r["is_mql"].strip().lower() == "true", r.get("next_action", ""))
            for r in seed("score_tiers")
        ],
        aliases=_load_aliases(seeds_dir / "value_aliases.csv"),
    )


# ---------------------------------------------------------------- leads


def _winning_leads(rows: list[Row], as_of: datetime, formats: Sequence[str]) -> dict[str, Row]:
    """Winning row per lead_id (updated_at <= as_of), dropping deleted winners."""
    candidates: dict[str, list[tuple[datetime, bool, Row]]] = {}
    for row in rows:
        lead_id = _blank_to_none(row.get("lead_id", ""))
        updated = parse_timestamp(row.get("updated_at", ""), formats)
        deleted = _parse_bool(row.get("is_deleted", ""))
        if lead_id is None or updated is None or deleted is None or updated > as_of:
            continue
        candidates.setdefault(lead_id, []).append((updated, deleted, row))

    winners: dict[str, Row] = {}
    for lead_id, versions in candidates.items():
        # Latest updated_at; a deleted row wins ties; then smallest raw other columns.
        latest = max(v[0] for v in versions)
        tied = [v for v in versions if v[0] == latest]
        if any(deleted for _, deleted, _ in tied):
            continue
        winners[lead_id] = min(
            (r for _, _, r in tied),
            key=lambda r: tuple(r.get(c, "") for c in LEAD_COLUMNS),
        )
    return winners


def _seniority(title: str | None, seeds: _Seeds) -> str:
    if title is None:
        return "other"
    matches = [(prio, i, sen) for i, (pat, sen, prio) in enumerate(seeds.seniority) if pat.search(title)]
    return min(matches)[2] if matches else "other"


def _size_band(count: int | None, seeds: _Seeds) -> str | None:
    if count is None:
        return None
    for band, lo, hi in seeds.bands:
        if lo <= count and (hi is None or count <= hi):
            return band
    return None


def _aliased(attribute: str, raw_value: str, seeds: _Seeds) -> str | None:
    """The cleaned value, replaced by its alias row's value if it is an alias (once, no chains)."""
    value = _clean_text(raw_value)
    if value is None:
        return None
    return seeds.aliases.get((attribute, value), value)


def _fit(attributes: dict[str, str | None], seeds: _Seeds) -> tuple[float, list[str]]:
    """Fit points, and the disqualifying attributes as reasons in ATTRIBUTES order."""
    total = 0.0
    reasons = []
    for attribute in ATTRIBUTES:
        value = attributes[attribute]
        if value is None:
            continue
        key = value.strip().lower()
        matched = [(p, dq) for a, v, p, dq in seeds.attribute_points if a == attribute and v == key]
        total += sum(p for p, _ in matched)
        if any(dq for _, dq in matched):
            reasons.append(f"{attribute} = {value}")
    return total, reasons


# ---------------------------------------------------------------- events


def _scored_events(
    rows: list[Row], leads: dict[str, Row], as_of: datetime, formats: Sequence[str]
) -> dict[str, list[tuple[str, datetime]]]:
    """Per lead_id: list of (event_type, occurred_at) for events that are scored."""
    # The first delivery is the event: earliest file, then earliest parseable occurred_at.
    first_copies: dict[str, tuple[datetime | None, Row]] = {}
    for row in rows:
        event_id = _blank_to_none(row.get("event_id", ""))
        if event_id is None:
            continue
        occurred = parse_timestamp(row.get("occurred_at", ""), formats)
        kept = first_copies.get(event_id)
        if kept is None or (row[FILE_KEY], occurred is None, occurred or datetime.min) < (
            kept[1][FILE_KEY],
            kept[0] is None,
            kept[0] or datetime.min,
        ):
            first_copies[event_id] = (occurred, row)
    by_lead: dict[str, list[tuple[str, datetime]]] = {}
    for occurred, row in first_copies.values():
        lead_id = _blank_to_none(row.get("lead_id", ""))
        if occurred is None or lead_id is None or occurred > as_of or lead_id not in leads:
            continue
        by_lead.setdefault(lead_id, []).append((_clean_event_type(row.get("event_type", "")), occurred))
    return by_lead


def _engagement(events: list[tuple[str, datetime]], scoring_date: date, seeds: _Seeds) -> tuple[float, list[str]]:
    """Engagement points, and the disqualifying event types as reasons (by date, then type)."""
    total = 0.0
    reasons: list[tuple[date, str]] = []
    for event_type, rule in seeds.event_points.items():
        points = float(rule["points"])
        lookback = _num(rule["lookback_days"])
        half_life = _num(rule["half_life_days"])
        cap = _num(rule["max_points"])
        frequency = rule["frequency"].strip().lower()

        qualifying = []  # (occurred_at, worth)
        for etype, occurred in events:
            age = (scoring_date - occurred.date()).days
            if etype != event_type or (lookback is not None and age > lookback):
                continue
            worth = points if half_life is None else points * 0.5 ** (age / half_life)
            qualifying.append((occurred, worth))
        if not qualifying:
            continue
        if event_type in seeds.disqualifying_events:
            reasons.append((min(occurred for occurred, _ in qualifying).date(), event_type))

        if frequency == "once":
            type_total = max(qualifying, key=lambda q: q[0])[1]
        elif frequency == "each":
            type_total = sum(w for _, w in qualifying)
        else:
            raise ValueError(f"unknown frequency {frequency!r} for {event_type!r}")
        if cap is not None and abs(type_total) > cap:
            type_total = math.copysign(cap, type_total)
        total += type_total
    return total, [f"{event_type} on {day.isoformat()}" for day, event_type in sorted(reasons)]


# ---------------------------------------------------------------- scoring


def _tier(total: float, seeds: _Seeds) -> tuple[str, bool, str]:
    eligible = [t for t in seeds.tiers if t[1] <= total]
    if eligible:
        name, _, mql, action = max(eligible, key=lambda t: t[1])  # max returns the first of ties
    else:
        name, _, mql, action = min(seeds.tiers, key=lambda t: t[1])
    return name, mql, action


def score(
    raw_dir: Path,
    seeds_dir: Path,
    score_as_of: datetime,
    raw_timestamp_formats: Sequence[str] = (),
) -> dict[str, LeadScore]:
    """One entry per scored lead, keyed by cleaned lead_id.

    ``raw_timestamp_formats``: strptime formats tried, in order, on timestamps that are not
    ISO-8601 (the dbt var of the same name).
    """
    formats = check_timestamp_formats(raw_timestamp_formats)
    as_of = _to_utc(score_as_of)
    scoring_date = as_of.date()
    seeds = _load_seeds(seeds_dir)
    leads = _winning_leads(_read_raw(raw_dir, "leads"), as_of, formats)
    events = _scored_events(_read_raw(raw_dir, "events"), leads, as_of, formats)

    scores: dict[str, LeadScore] = {}
    for lead_id, row in leads.items():
        seniority = _seniority(_blank_to_none(row.get("job_title", "")), seeds)
        band = _size_band(_clean_employee_count(row.get("employee_count", "")), seeds)
        attributes = {
            "job_seniority": seniority,
            "company_size_band": band,
            **{a: _aliased(a, row.get(a, ""), seeds) for a in ALIASED_ATTRIBUTES},
        }
        fit, attribute_reasons = _fit(attributes, seeds)
        engagement, event_reasons = _engagement(events.get(lead_id, []), scoring_date, seeds)
        total = round2(fit + engagement)
        tier, is_mql, next_action = _tier(total, seeds)
        reason = "; ".join(attribute_reasons + event_reasons) or None
        if reason is not None:
            is_mql, next_action = False, DISQUALIFIED_PREFIX + reason
        scores[lead_id] = LeadScore(
            lead_id=lead_id,
            fit_score=round2(fit),
            engagement_score=round2(engagement),
            total_score=total,
            tier=tier,
            is_mql=is_mql,
            job_seniority=seniority,
            company_size_band=band,
            industry=attributes["industry"],
            country=attributes["country"],
            lead_source=attributes["lead_source"],
            next_action=next_action,
            is_disqualified=reason is not None,
            disqualified_reason=reason,
        )
    return scores
