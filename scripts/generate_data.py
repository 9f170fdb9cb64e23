#!/usr/bin/env python3
"""Generate realistic, deliberately messy raw inputs for the lead_scoring dbt project.

Usage::

    python scripts/generate_data.py --out DIR [--leads N] [--events M] [--seed S]
        [--as-of 2026-11-01T00:00:00] [--format csv|parquet] [--batches K]
        [--window-days W] [--cohorts C] [--truth]

Defaults: 3000 leads, 30000 event rows, seed 42, as-of 2026-11-01T00:00:00 (UTC), CSV, one batch,
90-day windows, 6 cohorts, no truth file.
The same arguments always give byte-identical files. Everything is vectorised (numpy + pyarrow;
events are built in slices of 1M rows, two threads turn slices into strings while a third writes),
so 1M leads / 50M events to Parquet takes about 15-25 s on 2 cores.

Files written to ``DIR`` (every column is text; CSV has a header and quotes every value with ``"``,
doubling embedded quotes; Parquet columns are all strings):

* ``leads.csv|parquet`` -- CRM change feed ``lead_id, email, first_name, last_name, job_title,
  company_name, company_domain, employee_count, industry, country, lead_source, created_at,
  updated_at, is_deleted``: 1-4 versions (rows) per lead, in ``updated_at`` order. The versions of one
  lead always have distinct ``updated_at`` instants; only exact copies of a whole row share one.
* ``events.csv|parquet`` -- ``event_id, lead_id, event_type, occurred_at, properties``, in time order.
  With ``--batches K`` (K > 1): ``events/part-0000.csv|parquet`` ... instead, each batch a disjoint,
  later slice of the timeline.
* ``conversions.csv|parquet`` -- ``lead_id, converted_at, amount``: won deals (at most one a lead)
  drawn by the conversion process below; amounts like ``12500.00``, log-normal, larger for larger
  companies.
* ``truth/propensity.csv`` -- only with ``--truth``: the process's hidden truth, ``lead_id, as_of,
  window_days, propensity, in_episode, converted`` (a plain CSV whatever ``--format``; ids canonical,
  unpadded; ``as_of`` like ``2026-08-03T00:00:00``; ``propensity`` with 6 decimals; flags ``0``/``1``),
  one row per eligible lead per grid date, by date then lead.

Before writing, the generator removes its own earlier outputs from ``DIR`` (the files above in either
format, ``events/part-*`` and ``truth/propensity.csv``), so a folder never mixes runs.

Conversion process (a known truth for testing models; constants ``EPISODE_*``, ``PROPENSITY_*`` and
``TYPE_WEIGHTS`` in the code):

* Grid (cohort) dates D_k = as-of - k * ``--window-days`` days, k = ``--cohorts`` ... 1, 0 (the exact
  as-of instant minus whole days; D_0 is the as-of itself, so its window's conversions lie after it).
* Hidden state: at each D_k a lead that exists then is in a buying episode with a chance rising with
  its activity level and fit (~17% of leads). Half the events of real leads (not anonymous, not
  orphan) that happen in the 30 days before D_k are re-assigned to a random lead in an episode at
  D_k, with a type from a mix rich in demo requests, trial sign-ups, pricing page views, teammate
  invitations and webinars; 10% of episodes are quiet and get none (and old dates have few events),
  so episodes show through the events, not perfectly.
* Eligible at D_k: a lead with a version updated at or before D_k, not converted by then, not among
  the leads created after the as-of. Its true propensity to convert in (D_k, D_k + window] is
  ``sigmoid(-4.9 + 0.09 * fit + 1.0 * log1p(engagement) + 1.0 * in_episode)``: ``fit`` = points of
  the version valid at D_k (seniority of its title, company size, industry, country, source: a proxy
  of ``seeds/attribute_points.csv``); ``engagement`` = sum over the lead's real events at or before
  D_k (first deliveries with an event id, a parseable time and a known type) of a weight per type
  (demo request 8, trial sign-up 6, pricing page view 3, ... email open 0.1, bounce -0.5,
  unsubscribe -2, unknown types 0) halved every 30 days before D_k, floored at 0.
* Conversions: from the oldest date to D_0, each eligible lead converts with its propensity,
  ``converted_at`` uniform over the window's seconds. About 7-11% of a recent cohort converts (4-6% of
  an old one, which has fewer events); the propensity's AUC on a cohort is about 0.83-0.87 (about
  0.80 on old ones).

Mess written (rates are of rows unless stated; every kind appears at the default size):

leads
  * ``lead_id`` like ``L0000123``; ~3% with leading and/or trailing spaces; ~0.2% blank (empty or
    spaces); ~0.1% of leads (at least 3) whose id differs from another lead's only by case
    (``l0000123`` next to ``L0000123``: different leads, ids are case-sensitive).
  * ~1% exact duplicate copies of whole rows.
  * ~0.2% unparseable ``updated_at`` (``not a date``, ``2026-13-45``, blank); ~0.1% unparseable
    ``is_deleted`` (``maybe``, ``deleted``; ``yes``/``no`` are true/false).
  * Timestamps mixed: ``2026-05-01 10:00:00`` (UTC, no offset), ``2026-05-01T10:00:00Z`` and local
    time with an offset (``+02:00``, ``-05:00``, ``+05:30``, ``-08:00``, ``+00:00``); ``created_at``
    is sometimes a date alone (``2026-05-01``).
  * ~3% of leads have a deleted latest version (``is_deleted`` written ``true``/``1``/``TRUE``;
    false as ``FALSE``/``0``/``false``/``False``/blank).
  * ~5% of leads have a latest version updated after the as-of time (an older version wins at
    scoring time); ~1% of leads have every version after the as-of time (not scored); a few leads
    have a version exactly at the as-of time.
  * Later versions change things: job titles (promotions) and employee counts (company growth, which
    can cross a size band).
  * ``employee_count`` as ``300``, ``1200``, ``1,200``, `` 1,200 ``, ``unknown``, blank or spaces;
    some companies sit exactly on a size-band edge (0, 1, 10, 11, 99, 100, 500, 501, 1000, 1001,
    5000, 5001).
  * ``industry``, ``country``, ``lead_source`` in varying case and spacing (``Software``,
    `` SOFTWARE ``, ``financial   services ``, ``US``, ``us ``, ``Gb``, ``purchased   list ``, ...),
    values with no points (``Retail``, ``United States``, ``USA``) and blanks.
  * Job titles hitting every seniority pattern (``CEO``, ``Chief Revenue Officer``, ``Co-Founder``,
    ``VP Sales``, ``Vice President of Marketing``, ``vice-president, finance``, ``Director of IT``,
    ``Head of Data``, ``Engineering Manager``, ``Team Lead``, ``Data Analyst``, ``Student``,
    ``Marketing Intern``), titles matching several patterns (``Intern, Office of the CEO``,
    ``Chief Happiness Officer``), near misses (``Presidential Fellow``, ``Managing Director``),
    unmatched titles (``Wizard``, ``Directeur Général``), blanks, and case/spacing variants.
  * Non-ASCII and emoji in names and companies (``José``, ``Zoë``, ``Łukasz``, ``Nguyễn``,
    ``🚀 Rocket Co``, ``株式会社サクラ``) and company names with commas, double quotes and a newline.
  * Emails occasionally capitalised (``Jose.garcia@...``) or blank; company domains occasionally
    upper-cased, with ``www.`` or blank.

events
  * ``event_id`` like ``E000000001``; ~2% exact duplicate rows (at-least-once delivery, a little after
    the original); ~0.02% blank ``event_id``.
  * ``event_type`` spelling variants (``Pricing Page View``, ``pricing-page-view``,
    `` PRICING_page view ``, ``pricing__page  view``) over every type in ``seeds/event_points.csv``,
    plus unknown types (``page_scroll``, ``chat_opened``) and ~0.05% blank.
  * ~1% blank ``lead_id`` (anonymous); ~1% orphan lead ids no lead has (numbers past the last lead,
    and lower-case twins of real ids such as ``l0000042``); ~1.5% ids with surrounding spaces.
  * ~0.3% unparseable ``occurred_at``; the same mixed timestamp forms as leads; ~1% after the as-of
    time, a few exactly at it; ~90% within the 365 days before it, skewed to recent days, weekdays
    and business hours; the rest up to two years old.
  * A realistic mix (email opens most common; demo requests and trial sign-ups rare), richer in
    high-intent and product events for the most active leads; a heavy-tailed number of events per
    lead, so some event types hit their ``max_points`` caps.
  * ``properties`` as JSON text (``{"utm_source": "google"}``, with escaped quotes or non-ASCII),
    blank, or ~0.5% not JSON (``{broken``, truncated JSON, a query string).
  * With ``--batches K``: ~2% of each later batch's rows re-deliver (exactly) events of earlier
    batches, and each later batch has a few late events up to 3 days older than the previous
    batch's newest event.
  * In the 30 days before each grid date, events bunch on leads in a buying episode (see above).

conversions
  * Mixed timestamp forms, as above; ~2% of ``lead_id`` with a leading space; ``converted_at`` can
    fall after the as-of time (outcomes of the last window).
"""

from __future__ import annotations

import argparse
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

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
EVENT_COLUMNS = ("event_id", "lead_id", "event_type", "occurred_at", "properties")
CONVERSION_COLUMNS = ("lead_id", "converted_at", "amount")

DEFAULT_AS_OF = datetime(2026, 11, 1, 0, 0, 0)
DAY = 86_400
HOUR = 3_600
CHUNK_ROWS = 1 << 20  # events are generated and written in slices of at most this many rows
SPACE = 32

IntArray = np.ndarray  # numpy arrays are untyped here; the names say what they hold
FloatArray = np.ndarray

# ----------------------------------------------------------------------------- vocabulary
# (value as typed, relative weight, fit proxy mirroring seeds/attribute_points.csv)

TITLES: tuple[tuple[str, float, float], ...] = (
    ("CEO", 1.0, 10),
    ("Chief Revenue Officer", 0.5, 10),
    ("Co-Founder", 0.6, 10),
    ("Founder & CEO", 0.4, 10),
    ("CTO", 0.6, 10),
    ("CFO", 0.3, 10),
    ("Owner", 0.5, 10),
    ("President", 0.3, 10),
    ("Chief of Staff", 0.2, 10),
    ("Chief Happiness Officer", 0.1, 10),
    ("VP Sales", 1.0, 8),
    ("Vice President of Marketing", 0.8, 8),
    ("SVP Engineering", 0.4, 8),
    ("vice-president, finance", 0.2, 8),
    ("AVP Operations", 0.2, 8),
    ("Director of IT", 1.2, 6),
    ("Head of Data", 1.0, 6),
    ("Marketing Director", 1.0, 6),
    ("Managing Director", 0.4, 6),
    ("Head of Growth", 0.5, 6),
    ("Engineering Manager", 1.5, 3),
    ("Marketing Manager", 2.0, 3),
    ("Product Manager", 1.5, 3),
    ("Team Lead", 0.8, 3),
    ("Assistant to the Regional Manager", 0.1, 3),
    ("Data Analyst", 2.0, 0),
    ("Software Engineer", 2.5, 0),
    ("Senior Developer", 1.2, 0),
    ("Marketing Specialist", 1.5, 0),
    ("Data Scientist", 1.0, 0),
    ("Systems Administrator", 0.6, 0),
    ("IT Consultant", 0.6, 0),
    ("Sales Associate", 0.8, 0),
    ("Student", 0.8, -15),
    ("Marketing Intern", 0.5, -15),
    ("PhD Student", 0.3, -15),
    ("Intern, Office of the CEO", 0.1, -15),
    ("Summer Internship - Sales", 0.1, -15),
    ("Wizard", 0.2, 0),
    ("Growth Hacker", 0.3, 0),
    ("Presidential Fellow", 0.1, 0),
    ("Directeur Général", 0.1, 0),
    ("Freelancer", 0.3, 0),
    ("Accountant", 0.5, 0),
    ("", 2.0, 0),
)
INDUSTRIES: tuple[tuple[str, float, float], ...] = (
    ("Software", 25, 5),
    ("Financial Services", 12, 4),
    ("Healthcare", 10, 3),
    ("Education", 8, -10),
    ("Manufacturing", 10, 0),
    ("Retail", 8, 0),
    ("Media & Entertainment", 5, 0),
    ("Government", 4, 0),
    ("Non-Profit", 3, 0),
    ("Telecommunications", 4, 0),
    ("", 6, 0),
)
COUNTRIES: tuple[tuple[str, float, float], ...] = (
    ("US", 40, 3),
    ("GB", 10, 2),
    ("CA", 7, 2),
    ("DE", 7, 2),
    ("FR", 5, 0),
    ("IN", 6, 0),
    ("AU", 4, 0),
    ("NL", 3, 0),
    ("BR", 3, 0),
    ("JP", 2, 0),
    ("United States", 1.5, 0),
    ("USA", 1, 0),
    ("", 3, 0),
)
LEAD_SOURCES: tuple[tuple[str, float, float], ...] = (
    ("Referral", 8, 5),
    ("Event", 7, 3),
    ("Purchased List", 6, -5),
    ("Organic Search", 20, 0),
    ("Paid Search", 15, 0),
    ("Webinar", 8, 0),
    ("Content Syndication", 6, 0),
    ("Website", 18, 0),
    ("Partner", 5, 0),
    ("", 7, 0),
)
FIRST_NAMES: tuple[tuple[str, float], ...] = (
    ("Emma", 5),
    ("Liam", 5),
    ("Olivia", 5),
    ("Noah", 5),
    ("Ava", 4),
    ("James", 5),
    ("Sophia", 4),
    ("Lucas", 4),
    ("Mia", 4),
    ("Ethan", 4),
    ("Priya", 4),
    ("Arjun", 3),
    ("Wei", 3),
    ("Mei", 3),
    ("Hiroshi", 2),
    ("Fatima", 3),
    ("Omar", 3),
    ("Anna", 4),
    ("Lars", 2),
    ("Chiara", 2),
    ("Mateo", 3),
    ("Sarah", 5),
    ("David", 5),
    ("Laura", 4),
    ("Michael", 5),
    ("Grace", 3),
    ("Daniel", 4),
    ("Aisha", 3),
    ("Tom", 3),
    ("Nina", 3),
    ("José", 1.5),
    ("Zoë", 1.5),
    ("Łukasz", 1),
    ("Søren", 1),
    ("Chloé", 1),
    ("Björn", 1),
    ("Renée", 1),
    ("Ana 🌟", 0.3),
)
LAST_NAMES: tuple[tuple[str, float], ...] = (
    ("Smith", 6),
    ("Johnson", 5),
    ("Williams", 5),
    ("Brown", 5),
    ("Jones", 5),
    ("Garcia", 4),
    ("Miller", 4),
    ("Davis", 4),
    ("Patel", 4),
    ("Kim", 4),
    ("Chen", 4),
    ("Nguyen", 3),
    ("Kowalski", 2),
    ("Rossi", 2),
    ("Schmidt", 3),
    ("Novak", 2),
    ("Silva", 3),
    ("Tanaka", 2),
    ("Taylor", 4),
    ("Anderson", 3),
    ("Martin", 3),
    ("O'Brien", 1.5),
    ("Smith-Jones", 1),
    ("García", 1.5),
    ("Müller", 1.5),
    ("Nguyễn", 1),
    ("Øster", 1),
    ("Dubois", 1),
    ("Đặng", 0.5),
    ("Lee ✨", 0.3),
)
COMPANY_WORDS = (
    "Blue",
    "Northern",
    "Bright",
    "Quantum",
    "Silver",
    "Pioneer",
    "Summit",
    "Apex",
    "Harbor",
    "Crimson",
    "Evergreen",
    "Atlas",
    "Nimbus",
    "Vertex",
    "Cobalt",
    "Granite",
    "Lumen",
    "Orbit",
    "Prairie",
    "Redwood",
)
COMPANY_KINDS = (
    "Analytics",
    "Systems",
    "Labs",
    "Health",
    "Capital",
    "Logistics",
    "Software",
    "Foods",
    "Media",
    "Robotics",
    "Partners",
    "Networks",
    "Energy",
    "Dynamics",
    "Learning",
)
COMPANY_SUFFIXES: tuple[tuple[str, float], ...] = (
    ("", 5),
    (" Inc", 2),
    (" LLC", 1.5),
    (" Ltd", 1),
    (" GmbH", 0.5),
    (" Group", 0.7),
    (" Co", 0.5),
)
# (name, domain): emoji, non-ASCII, commas, double quotes and a newline, for CSV quoting.
SPECIAL_COMPANIES: tuple[tuple[str, str], ...] = (
    ("🚀 Rocket Co", "rocket.co"),
    ("Acme, Inc.", "acme.com"),
    ('The "Best" Widgets, Ltd.', "bestwidgets.co.uk"),
    ("Smith &\nSons Plumbing", "smithandsons.com"),
    ("Müller & Söhne GmbH", "mueller-soehne.de"),
    ("Café Olé, S.A.", "cafeole.es"),
    ("株式会社サクラ", "sakura.co.jp"),
    ("Zoë's Bakery", "zoesbakery.com"),
    ('"Quoted" Holdings', "quoted.com"),
    ("Ünïcödé Ltd 🦄", "unicode.io"),
)
# (min, max, weight, fit proxy) per size band of seeds/company_size_bands.csv
SIZE_BANDS: tuple[tuple[int, int, float, float], ...] = (
    (1, 10, 20, 0),
    (11, 99, 30, 4),
    (100, 500, 22, 8),
    (501, 1000, 10, 10),
    (1001, 5000, 12, 10),
    (5001, 250_000, 6, 6),
)
SIZE_EDGES = (0, 1, 10, 11, 99, 100, 500, 501, 1000, 1001, 5000, 5001)

EVENT_TYPES = (
    "email_open",
    "email_click",
    "content_download",
    "pricing_page_view",
    "webinar_attended",
    "demo_request",
    "trial_signup",
    "product_login",
    "feature_used",
    "teammate_invited",
    "careers_page_view",
    "email_bounce",
    "email_unsubscribe",
    "page_scroll",
    "chat_opened",
)
HIGH_INTENT_TYPES = ("pricing_page_view", "demo_request", "trial_signup")
COLD_MIX = (46, 10, 6, 3, 2.5, 0.5, 0.6, 6, 6, 0.4, 2.5, 1.5, 1.2, 3, 1.2)
HOT_MIX = (24, 10, 7, 9, 3, 3.5, 2.5, 16, 16, 3, 0.5, 0.3, 0.3, 3, 2)
# Events moved to a lead in a buying episode: the hot mix, three times richer in high-intent types, with
# a buying team inviting teammates and attending webinars (so event caps are hit at small sizes too).
EPISODE_BOOST = {**dict.fromkeys(HIGH_INTENT_TYPES, 3), "teammate_invited": 4, "webinar_attended": 3}
EPISODE_MIX = tuple(w * EPISODE_BOOST.get(t, 1) for t, w in zip(EVENT_TYPES, HOT_MIX, strict=True))

# ----------------------------------------------------------------------------- conversion process
# Grid dates D_k = as-of - k * window (k = cohorts ... 0). At each, a lead may be in a buying episode
# (logit below, from its activity level and first version's fit); a share of the real events of the
# EPISODE_LEAD_IN before D_k go to leads in an episode there, except quiet ones. Its true propensity to
# convert in (D_k, D_k + window] is sigmoid(PROPENSITY_BASE + PROPENSITY_FIT * fit of its version valid at
# D_k + PROPENSITY_ENGAGEMENT * log1p(engagement) + PROPENSITY_EPISODE * in episode), engagement being
# the sum of its real events' TYPE_WEIGHTS halved every ENGAGEMENT_HALF_LIFE before D_k.
EPISODE_BASE = -2.6
EPISODE_LEVEL = 0.3
EPISODE_FIT = 0.04
EPISODE_LEAD_IN = 30 * DAY
EPISODE_QUIET = 0.1  # share of episodes that get no extra events
EPISODE_RHO = 0.5  # share of real events in the lead-in re-assigned to a lead in an episode
PROPENSITY_BASE = -4.9
PROPENSITY_FIT = 0.09
PROPENSITY_ENGAGEMENT = 1.0
PROPENSITY_EPISODE = 1.0
ENGAGEMENT_HALF_LIFE = 30 * DAY
TYPE_WEIGHTS = {
    "email_open": 0.1,
    "email_click": 0.3,
    "content_download": 0.8,
    "pricing_page_view": 3.0,
    "webinar_attended": 1.0,
    "demo_request": 8.0,
    "trial_signup": 6.0,
    "product_login": 0.5,
    "feature_used": 0.5,
    "teammate_invited": 2.0,
    "careers_page_view": 0.0,
    "email_bounce": -0.5,
    "email_unsubscribe": -2.0,
    "page_scroll": 0.0,  # unknown types: no weight
    "chat_opened": 0.0,
}
PROPERTIES: tuple[tuple[str, float], ...] = (
    ("", 50),
    ('{"utm_source": "google"}', 14),
    ('{"utm_source": "google", "utm_medium": "cpc"}', 6),
    ('{"utm_source": "linkedin", "utm_medium": "social"}', 5),
    ('{"utm_source": "newsletter", "utm_campaign": "nov-webinar"}', 4),
    ('{"page": "/pricing"}', 5),
    ('{"page": "/docs/getting-started", "referrer": "https://www.google.com/"}', 2),
    ("{}", 8),
    ('{"browser": "Firefox", "os": "macOS"}', 2),
    ('{"plan": "team", "seats": 5}', 2),
    ('{"campaign": "Été 2026 🚀"}', 1),
    ('{"note": "said \\"hi\\", then left"}', 1),
    ("{broken", 0.25),  # not JSON from here on (~0.5% together)
    ('{"utm_source": "google"', 0.15),
    ("utm_source=google&utm_medium=cpc", 0.1),
)

# Activity levels: share of leads and relative number of events per lead.
LEVEL_SHARE = (0.35, 0.25, 0.18, 0.12, 0.07, 0.03)
LEVEL_WEIGHT = (1, 2, 4, 8, 16, 32)

# Timestamp forms: (separator, suffix, UTC offset in minutes, length); then unparseable values.
TS_FORMS: tuple[tuple[str, str, int, int], ...] = (
    (" ", "", 0, 19),  # 0: 2026-05-01 10:00:00 (UTC)
    ("T", "Z", 0, 20),  # 1: 2026-05-01T10:00:00Z
    ("T", "+02:00", 120, 25),  # 2..6: local time with an offset
    ("T", "-05:00", -300, 25),
    ("T", "+05:30", 330, 25),
    ("T", "-08:00", -480, 25),
    ("T", "+00:00", 0, 25),
    ("", "", 0, 10),  # 7: a date alone (UTC midnight of that date)
)
TS_DATE_ONLY = 7
TS_BAD_VALUES = ("not a date", "2026-13-45", "")
TS_FIRST_BAD = len(TS_FORMS)
# Probabilities of forms 0..6 for parseable timestamps.
TS_MIX = (0.45, 0.33, 0.10, 0.06, 0.03, 0.02, 0.01)


# ----------------------------------------------------------------------------- small helpers


def _rng(seed: int, *stream: int) -> np.random.Generator:
    """An independent random stream per (seed, stream...) so each part is reproducible on its own."""
    return np.random.default_rng([seed, *stream])


def _table(weights: Sequence[float]) -> IntArray:
    """Lookup table of 2**16 category codes in proportion to ``weights`` (each > 0 gets a slot)."""
    p = np.asarray(weights, dtype=np.float64)
    p = p / p.sum()
    size = 1 << 16
    counts = np.floor(p * size).astype(np.int64)
    counts[(p > 0) & (counts == 0)] = 1
    counts[int(np.argmax(counts))] += size - int(counts.sum())
    return np.repeat(np.arange(len(p), dtype=np.int32), counts)


def _draw(rng: np.random.Generator, table: IntArray, n: int) -> IntArray:
    """``n`` codes from a :func:`_table`."""
    return table[rng.integers(0, 1 << 16, size=n, dtype=np.uint16)]


def _pick(rng: np.random.Generator, candidates: IntArray | int, rate: float, minimum: int = 1) -> IntArray:
    """Sorted distinct sample of ``candidates`` (or range(candidates)): ``rate`` of them, at least ``minimum``."""
    pool = np.arange(candidates) if isinstance(candidates, int) else np.asarray(candidates)
    count = min(len(pool), max(minimum, round(rate * len(pool))))
    if count == 0:
        return np.empty(0, dtype=np.int64)
    return np.sort(pool[rng.choice(len(pool), size=count, replace=False)])


def _segment_cumsum(values: np.ndarray, starts: IntArray, counts: IntArray) -> np.ndarray:
    """Inclusive cumulative sum restarting at every segment (segments given by start and length)."""
    total = np.cumsum(values)
    before = total[starts] - values[starts]
    return total - np.repeat(before, counts)


def _text(matrix: np.ndarray, lengths: IntArray) -> pa.Array:
    """Arrow strings (``string_view``) from a (rows, width) uint8 matrix: row i is its first ``lengths[i]``
    bytes. Views point into the matrix itself, so nothing is compacted or copied."""
    rows, width = matrix.shape
    lengths = np.asarray(lengths, dtype=np.int32)
    views = np.zeros((rows, 4), dtype=np.int32)  # 16 bytes a row: length, then inline data or prefix/offset
    views[:, 0] = lengths
    raw = views.view(np.uint8)
    if width <= 12:
        raw[:, 4 : 4 + width] = matrix * (np.arange(width) < lengths[:, None])
        return pa.Array.from_buffers(pa.string_view(), rows, [None, pa.py_buffer(views)])
    matrix = np.ascontiguousarray(matrix)
    raw[:, 4:8] = matrix[:, :4]
    views[:, 3] = np.arange(rows, dtype=np.int32) * width
    short = np.flatnonzero(lengths <= 12)  # short strings must be inline
    if len(short):
        raw[short, 4:16] = matrix[short, :12] * (np.arange(12) < lengths[short, None])
    return pa.Array.from_buffers(pa.string_view(), rows, [None, pa.py_buffer(views), pa.py_buffer(matrix)])


_LUT4 = np.frombuffer(b"".join(b"%04d" % i for i in range(10_000)), dtype=np.uint32)


def _digits(values: IntArray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative ints as a (rows, width) uint8 matrix (a view)."""
    words = -(-width // 4)
    out = np.empty((len(values), words), dtype=np.uint32)
    rest = np.asarray(values, dtype=np.int64)
    for word in range(words - 1, -1, -1):
        rest, group = np.divmod(rest, 10_000)
        out[:, word] = _LUT4[group]
    return out.view(np.uint8).reshape(len(values), 4 * words)[:, 4 * words - width :]


def _id_core(prefix: IntArray, number: IntArray, width: int) -> np.ndarray:
    """``<prefix><digits>`` as a (rows, width + 1) uint8 matrix."""
    core = np.empty((len(number), width + 1), dtype=np.uint8)
    core[:, 0] = prefix
    core[:, 1:] = _digits(number, width)
    return core


def _ids(core: np.ndarray, pad: IntArray, blank: np.ndarray) -> pa.Array:
    """Ids from :func:`_id_core` rows; ``pad`` bit 1 adds a leading, bit 2 a trailing space; blank rows
    are empty (pad 0) or two spaces. Ids of up to 12 bytes are built straight into inline string views."""
    rows, size = core.shape
    views = np.zeros((rows, 4), dtype=np.int32)
    inline = size + 2 <= 12
    matrix = views.view(np.uint8)[:, 4 : 4 + size + 2] if inline else np.zeros((rows, size + 2), dtype=np.uint8)
    matrix[:, :size] = core
    leading = np.flatnonzero(pad & 1)
    if len(leading):
        matrix[leading, 1 : size + 1] = core[leading]
        matrix[leading, 0] = SPACE
    lengths = size + (pad & 1).astype(np.int32) + ((pad & 2) > 0)
    trailing = np.flatnonzero(pad & 2)
    matrix[trailing, lengths[trailing] - 1] = SPACE
    if blank.any():
        matrix[blank] = 0
        matrix[np.flatnonzero(blank & (pad > 0)), :2] = SPACE
        lengths = np.where(blank, np.where(pad > 0, 2, 0), lengths).astype(np.int32)
    if not inline:
        return _text(matrix, lengths)
    views[:, 0] = lengths
    return pa.Array.from_buffers(pa.string_view(), rows, [None, pa.py_buffer(views)])


def _variants(values: Sequence[str], forms: Sequence[Callable[[str], str]]) -> pa.StringArray:
    """Dictionary of every value written every way: entry ``value * len(forms) + form``."""
    return pa.array([form(value) for value in values for form in forms], type=pa.string())


def _collapse_spaces_wide(value: str) -> str:
    return "   ".join(value.lower().split()) + " " if " " in value else value.lower()


CATEGORY_FORMS: tuple[Callable[[str], str], ...] = (
    lambda v: v,  # as typed
    lambda v: v.lower() + " " if v else v,  # "us "
    lambda v: v.capitalize(),  # "Gb"
    lambda v: f" {v.upper()} " if v else "  ",  # " SOFTWARE "
    _collapse_spaces_wide,  # "financial   services "
)
CATEGORY_FORM_MIX = (0.72, 0.10, 0.08, 0.05, 0.05)
TITLE_FORMS: tuple[Callable[[str], str], ...] = (
    lambda v: v,
    lambda v: v.lower(),
    lambda v: v.upper(),
    lambda v: f"  {v} ",
)
TITLE_FORM_MIX = (0.82, 0.07, 0.05, 0.06)
EVENT_TYPE_FORMS: tuple[Callable[[str], str], ...] = (
    lambda t: t,  # pricing_page_view
    lambda t: t.replace("_", " ").title(),  # Pricing Page View
    lambda t: t.replace("_", "-"),  # pricing-page-view
    lambda t: " " + t.split("_")[0].upper() + "_" + " ".join(t.split("_")[1:]) + " ",  # " PRICING_page view "
    lambda t: t.split("_")[0] + "__" + "  ".join(t.split("_")[1:]),  # pricing__page  view
)
EVENT_TYPE_FORM_MIX = (0.84, 0.07, 0.05, 0.025, 0.015)


def _ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (José -> jose, Øster -> oster)."""
    folded = text.translate(str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}))
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in folded if ch.isalnum())


def _select(codes: IntArray, *choices: pa.Array | str) -> pa.Array:
    """Row i is ``choices[codes[i]][i]`` (a string choice is the same for every row)."""
    rows = len(codes)
    parts: list[pa.Array] = []
    index = np.empty(rows, dtype=np.int64)
    offset = 0
    for code, choice in enumerate(choices):
        mask = codes == code
        if isinstance(choice, str):
            parts.append(pa.array([choice], type=pa.string()))
            index[mask] = offset
            offset += 1
        else:
            parts.append(choice)
            index[mask] = offset + np.flatnonzero(mask)
            offset += rows
    return pc.take(pa.concat_arrays(parts), pa.array(index))


def _seconds(moment: datetime) -> int:
    """Whole seconds since the epoch of a naive-UTC or aware datetime (fractions dropped)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return int((moment - datetime(1970, 1, 1)).total_seconds() // 1)


# ----------------------------------------------------------------------------- timestamps


_STAMP = np.dtype([("date", "V10"), ("separator", "u1"), ("clock", "V8"), ("suffix", "V6")])  # 25 bytes


class _TimestampWriter:
    """Formats epoch seconds in the :data:`TS_FORMS` forms (codes) with lookup tables."""

    def __init__(self, first_day: int, last_day: int) -> None:
        self.first_day = first_day
        days = np.arange(first_day, last_day + 1, dtype=np.int64).astype("datetime64[D]").astype("S10")
        self.dates = np.frombuffer(days.tobytes(), dtype="V10")
        second = np.arange(DAY, dtype=np.int64)
        clock = np.empty((DAY, 8), dtype=np.uint8)
        clock[:, 0:2] = _digits(second // HOUR, 2)
        clock[:, 3:5] = _digits(second // 60 % 60, 2)
        clock[:, 6:8] = _digits(second % 60, 2)
        clock[:, [2, 5]] = ord(":")
        self.clock = np.frombuffer(clock.tobytes(), dtype="V8")
        count = len(TS_FORMS) + len(TS_BAD_VALUES)
        self.separator = np.full(count, ord("T"), dtype=np.uint8)
        suffix = np.full((count, 6), SPACE, dtype=np.uint8)
        self.offset = np.zeros(count, dtype=np.int64)
        self.length = np.zeros(count, dtype=np.int32)
        self.bad = np.full((count, 25), SPACE, dtype=np.uint8)
        for code, (separator, text, minutes, length) in enumerate(TS_FORMS):
            self.separator[code] = ord(separator or "T")
            suffix[code, : len(text)] = np.frombuffer(text.encode(), dtype=np.uint8)
            self.offset[code] = minutes * 60
            self.length[code] = length
        self.suffix = np.frombuffer(suffix.tobytes(), dtype="V6")
        for i, value in enumerate(TS_BAD_VALUES):
            raw = value.encode()
            self.bad[TS_FIRST_BAD + i, : len(raw)] = np.frombuffer(raw, dtype=np.uint8)
            self.length[TS_FIRST_BAD + i] = len(raw)

    def format(self, seconds: IntArray, codes: IntArray) -> pa.Array:
        local = seconds + self.offset[codes]
        day, second = np.divmod(local, DAY)
        day -= self.first_day
        if len(day) and (int(day.min()) < 0 or int(day.max()) >= len(self.dates)):
            raise ValueError("timestamp outside the generator's calendar")
        stamps = np.empty(len(seconds), dtype=_STAMP)
        stamps["date"] = self.dates[day]
        stamps["separator"] = self.separator[codes]
        stamps["clock"] = self.clock[second]
        stamps["suffix"] = self.suffix[codes]
        matrix = stamps.view(np.uint8).reshape(len(seconds), _STAMP.itemsize)
        bad = np.flatnonzero(codes >= TS_FIRST_BAD)
        if len(bad):
            matrix[bad] = self.bad[codes[bad]]
        return _text(matrix, self.length[codes])


def _timestamp_codes(rng: np.random.Generator, n: int, bad_rate: float, date_only_rate: float = 0.0) -> IntArray:
    """Form codes: the :data:`TS_MIX` forms, some dates alone, ``bad_rate`` unparseable (at least 1 each)."""
    codes = _draw(rng, _table(TS_MIX), n).astype(np.int64)
    if date_only_rate:
        codes[_pick(rng, n, date_only_rate)] = TS_DATE_ONLY
    if bad_rate:
        bad = _pick(rng, n, bad_rate, minimum=min(n, len(TS_BAD_VALUES)))
        codes[bad] = TS_FIRST_BAD + np.arange(len(bad)) % len(TS_BAD_VALUES)
    return codes


# ----------------------------------------------------------------------------- leads


@dataclass(frozen=True)
class _Leads:
    """What events and conversions need to know about the generated leads (one entry per lead)."""

    table: Callable[[], pa.Table]  # builds the leads file's rows (slow part, run in the background)
    prefix: IntArray  # ord("L") or ord("l")
    number: IntArray
    width: int  # digits in an id
    level: IntArray  # activity level, index into LEVEL_SHARE
    fit: FloatArray  # rough fit points of the lead's first version
    created: IntArray  # epoch seconds
    employees: IntArray
    all_after_as_of: np.ndarray  # bool
    twins: IntArray  # leads whose id is a lower-case twin of another lead's
    twin_sources: IntArray
    # Versions, lead after lead in time order: lead i's are rows version_start[i] ... + versions[i] - 1.
    version_start: IntArray
    versions: IntArray
    version_updated: IntArray  # epoch seconds (true time, however it is written)
    version_fit: FloatArray  # fit points of that version (its title and company size)


def _companies(rng: np.random.Generator, count: int) -> tuple[list[str], list[str], IntArray, IntArray, IntArray]:
    """Company pool: names, domains, employees, industry code, country code (specials come first)."""
    suffix_table = _table([w for _, w in COMPANY_SUFFIXES])
    word = rng.integers(0, len(COMPANY_WORDS), size=count)
    kind = rng.integers(0, len(COMPANY_KINDS), size=count)
    suffix = _draw(rng, suffix_table, count)
    names = [name for name, _ in SPECIAL_COMPANIES]
    domains = [domain for _, domain in SPECIAL_COMPANIES]
    for w, k, s in zip(
        word[len(names) :].tolist(), kind[len(names) :].tolist(), suffix[len(names) :].tolist(), strict=True
    ):
        names.append(f"{COMPANY_WORDS[w]} {COMPANY_KINDS[k]}{COMPANY_SUFFIXES[s][0]}")
        domains.append(f"{COMPANY_WORDS[w]}{COMPANY_KINDS[k]}.com".lower())
    band = _draw(rng, _table([b[2] for b in SIZE_BANDS]), count)
    low = np.array([b[0] for b in SIZE_BANDS], dtype=np.float64)[band]
    high = np.array([b[1] for b in SIZE_BANDS], dtype=np.float64)[band]
    employees = np.floor(np.exp(np.log(low) + rng.random(count) * (np.log(high + 1) - np.log(low)))).astype(np.int64)
    employees = np.minimum(employees, high.astype(np.int64))
    edges = _pick(rng, count, 0.05, minimum=min(count, len(SIZE_EDGES)))
    employees[edges] = np.array(SIZE_EDGES, dtype=np.int64)[np.arange(len(edges)) % len(SIZE_EDGES)]
    industry = _draw(rng, _table([w for _, w, _ in INDUSTRIES]), count).astype(np.int64)
    country = _draw(rng, _table([w for _, w, _ in COUNTRIES]), count).astype(np.int64)
    return names, domains, employees, industry, country


def _size_fit(employees: IntArray) -> FloatArray:
    fit = np.zeros(len(employees))
    for low, high, _, points in SIZE_BANDS:
        fit[(employees >= low) & (employees <= (high if high < 250_000 else np.iinfo(np.int64).max))] = points
    return fit


def _employee_strings(employees: IntArray, codes: IntArray) -> pa.Array:
    """By code: ``1200``, ``1,200``, `` 1,200 ``, ``unknown``, blank, spaces."""
    plain = pc.cast(pa.array(employees), pa.string())
    thousands = pc.cast(pa.array(employees // 1000), pa.string())
    rest = pc.utf8_lpad(pc.cast(pa.array(employees % 1000), pa.string()), 3, "0")
    comma = pc.if_else(pa.array(employees >= 1000), pc.binary_join_element_wise(thousands, rest, ","), plain)
    padded = pc.binary_join_element_wise(" ", comma, " ", "")
    return _select(codes, plain, comma, padded, "unknown", "", "   ")


def _build_leads(seed: int, count: int, as_of: int, stamps: _TimestampWriter) -> _Leads:
    rng = _rng(seed, 1)
    lead = np.arange(count)

    # Who they are.
    company_count = max(len(SPECIAL_COMPANIES) + 30, count // 15)
    names, domains, comp_employees, comp_industry, comp_country = _companies(rng, company_count)
    # A few big accounts, a long tail; the special names only where placed below.
    regular = company_count - len(SPECIAL_COMPANIES)
    company = len(SPECIAL_COMPANIES) + np.minimum((regular * rng.random(count) ** 1.4).astype(np.int64), regular - 1)
    specials = _pick(rng, count, 0.001, minimum=min(count, 2 * len(SPECIAL_COMPANIES)))
    company[specials] = np.arange(len(specials)) % len(SPECIAL_COMPANIES)
    first = _draw(rng, _table([w for _, w in FIRST_NAMES]), count)
    last = _draw(rng, _table([w for _, w in LAST_NAMES]), count)
    title = _draw(rng, _table([w for _, w, _ in TITLES]), count).astype(np.int64)
    source = _draw(rng, _table([w for _, w, _ in LEAD_SOURCES]), count).astype(np.int64)
    industry = comp_industry[company]
    country = comp_country[company]
    employees = comp_employees[company]
    title_fit = np.array([p for _, _, p in TITLES])[title]
    fit = (
        title_fit
        + _size_fit(employees)
        + np.array([p for _, _, p in INDUSTRIES])[industry]
        + np.array([p for _, _, p in COUNTRIES])[country]
        + np.array([p for _, _, p in LEAD_SOURCES])[source]
    )
    level = _draw(rng, _table(LEVEL_SHARE), count).astype(np.int64)
    level += (fit >= 15) & (rng.random(count) < 0.5)
    level -= (fit < 0) & (rng.random(count) < 0.5)
    level = np.clip(level, 0, len(LEVEL_SHARE) - 1)

    # Ids: L + digits; a few leads are lower-case twins of another lead's id.
    prefix = np.full(count, ord("L"), dtype=np.int64)
    number = lead + 1
    shuffled = rng.permutation(count)
    twin_count = min(count // 2, max(3, round(0.001 * count)))
    twins, twin_sources = np.sort(shuffled[:twin_count]), shuffled[twin_count : 2 * twin_count]
    twin_sources = twin_sources[np.argsort(shuffled[:twin_count])]
    prefix[twins] = ord("l")
    number[twins] = number[twin_sources]
    orphan_count = max(20, count // 50)
    width = max(7, len(str(count + orphan_count)))

    # Versions and their times.
    versions = _draw(rng, _table([0.45, 0.30, 0.15, 0.10]), count).astype(np.int64) + 1
    multi = np.flatnonzero(versions >= 2)
    all_after = np.zeros(count, dtype=bool)
    all_after[_pick(rng, count, 0.01)] = True
    last_after = np.zeros(count, dtype=bool)
    last_after[_pick(rng, multi[~all_after[multi]], 0.05 / 0.55)] = True
    deleted = np.zeros(count, dtype=bool)
    deleted[_pick(rng, multi, 0.03 / 0.55)] = True
    plain = np.flatnonzero((versions >= 2) & ~all_after & ~last_after)
    at_as_of = np.zeros(count, dtype=bool)
    at_as_of[_pick(rng, plain, 0.002)] = True

    age = 2 * HOUR + ((730 * DAY - 2 * HOUR) * rng.random(count) ** 1.6).astype(np.int64)
    created = np.where(all_after, as_of + rng.integers(HOUR, 20 * DAY, size=count), as_of - age)
    before = np.where(all_after, 0, versions - last_after)  # versions at or before as-of

    starts = np.concatenate(([0], np.cumsum(versions)[:-1]))
    row_lead = np.repeat(lead, versions)
    rows = len(row_lead)
    k = np.arange(rows) - np.repeat(starts, versions)
    row_before = k < before[row_lead]
    # Before as-of: spread over (created, as-of) by normalised exponential gaps, +k keeps them distinct.
    gaps = rng.standard_exponential(rows)
    gaps[(k == 0) | ~row_before] = 0.0
    spread = _segment_cumsum(gaps, starts, versions)
    total = np.add.reduceat(gaps, starts) + rng.standard_exponential(count)
    span = as_of - created - versions - 1
    updated = created[row_lead] + np.floor(span[row_lead] * spread / total[row_lead]).astype(np.int64) + k
    # After as-of: every version of all-after leads, or the last version of last-after leads.
    steps = rng.integers(HOUR, 10 * DAY, size=rows)
    steps[k == 0] = 0
    after_times = created[row_lead] + _segment_cumsum(steps, starts, versions)
    updated = np.where(all_after[row_lead], after_times, updated)
    is_last = k == versions[row_lead] - 1
    bump = last_after[row_lead] & is_last
    updated[bump] = as_of + rng.integers(HOUR, 60 * DAY, size=int(bump.sum()))
    updated[at_as_of[row_lead] & is_last] = as_of

    # What changes between versions: a new title, a grown company.
    row_title = title[row_lead]
    new_title = _draw(rng, _table([w for _, w, _ in TITLES]), count).astype(np.int64)
    title_change_at = np.where(rng.random(count) < 0.25, rng.integers(1, np.maximum(versions, 2)), 99)
    changed = k >= title_change_at[row_lead]
    row_title[changed] = new_title[row_lead][changed]
    row_employees = employees[row_lead]
    growth = np.where(rng.random(count) < 0.3, rng.integers(1, np.maximum(versions, 2)), 99)
    grown = k >= growth[row_lead]
    row_employees[grown] = (row_employees[grown] * rng.uniform(1.05, 1.6, size=int(grown.sum()))).astype(np.int64)

    # Per-row choices of how things are written, drawn before rows are reordered so copies are exact.
    email_form = _draw(rng, _table([0.97, 0.02, 0.01]), rows)
    domain_form = _draw(rng, _table([0.93, 0.03, 0.02, 0.02]), rows)
    employee_form = _draw(rng, _table([0.72, 0.04, 0.09, 0.05, 0.09, 0.01]), rows)
    category_table = _table(CATEGORY_FORM_MIX)
    industry_code = industry[row_lead] * len(CATEGORY_FORMS) + _draw(rng, category_table, rows)
    country_code = country[row_lead] * len(CATEGORY_FORMS) + _draw(rng, category_table, rows)
    source_code = source[row_lead] * len(CATEGORY_FORMS) + _draw(rng, category_table, rows)
    title_code = row_title * len(TITLE_FORMS) + _draw(rng, _table(TITLE_FORM_MIX), rows)
    created_form = _timestamp_codes(rng, rows, 0.0, date_only_rate=0.06)
    updated_form = _timestamp_codes(rng, rows, 0.002)
    # lead_id: surrounding spaces (~3%), blank (~0.2%).
    pad = np.zeros(rows, dtype=np.int64)
    padded = _pick(rng, rows, 0.03)
    pad[padded] = 1 + np.arange(len(padded)) % 3
    blank = np.zeros(rows, dtype=bool)
    blank[_pick(rng, rows, 0.002)] = True
    pad[blank] = rng.integers(0, 2, size=int(blank.sum()))
    # is_deleted: FALSE 0 '' false False | true 1 TRUE | maybe deleted (unparseable)
    false_form = _draw(rng, _table([0.30, 0.20, 0.30, 0.15, 0.05]), rows)
    true_form = _draw(rng, _table([0.5, 0.3, 0.2]), rows)
    deleted_code = np.where(deleted[row_lead] & is_last, 5 + true_form, false_form)
    unparseable = _pick(rng, rows, 0.001)
    deleted_code[unparseable] = 8 + np.arange(len(unparseable)) % 2

    # Change-feed order, with ~1% exact copies re-sent a little later.
    order = np.argsort(updated, kind="stable")
    position = np.empty(rows, dtype=np.int64)
    position[order] = np.arange(rows)
    copies = _pick(rng, rows, 0.01)
    insert_at = np.minimum(position[copies] + rng.integers(1, 50, size=len(copies)), rows)
    by_position = np.argsort(insert_at, kind="stable")
    order = np.insert(order, insert_at[by_position], copies[by_position])

    def table() -> pa.Table:
        """The leads file's rows as strings (pure: every random choice is made above)."""
        lead_of = row_lead[order]

        def column(codes: IntArray, values: Sequence[str] | pa.Array) -> pa.DictionaryArray:
            # Parquet writes a dictionary with repeated values in no fixed way, so make it unique first.
            encoded = (
                values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
            ).dictionary_encode()
            unique = encoded.indices.to_numpy()
            return pa.DictionaryArray.from_arrays(pa.array(unique[codes].astype(np.int32)), encoded.dictionary)

        slugs = [f"{_ascii_slug(f)}.{_ascii_slug(la)}@" for f, _ in FIRST_NAMES for la, _ in LAST_NAMES]
        form = email_form[order]
        local_part = pc.take(
            pa.array(slugs + [slug.capitalize() for slug in slugs], type=pa.string()),
            pa.array((first[lead_of] * len(LAST_NAMES) + last[lead_of] + (form == 1) * len(slugs)).astype(np.int32)),
        )
        domain = pa.array(domains, type=pa.string())
        email = pc.binary_join_element_wise(local_part, pc.take(domain, pa.array(company[lead_of])), "")
        email = pc.if_else(pa.array(form == 2), "", email)
        domain_variants = pa.concat_arrays(
            [
                domain,
                pc.utf8_upper(domain),
                pc.binary_join_element_wise("www", domain, "."),
                pa.array([""] * len(domain)),
            ]
        )
        return pa.table(
            {
                "lead_id": _ids(_id_core(prefix[lead_of], number[lead_of], width), pad[order], blank[order]),
                "email": email,
                "first_name": column(first[lead_of], [n for n, _ in FIRST_NAMES]),
                "last_name": column(last[lead_of], [n for n, _ in LAST_NAMES]),
                "job_title": column(title_code[order], _variants([t for t, _, _ in TITLES], TITLE_FORMS)),
                "company_name": column(company[lead_of], names),
                "company_domain": column(domain_form[order] * len(domain) + company[lead_of], domain_variants),
                "employee_count": _employee_strings(row_employees[order], employee_form[order]),
                "industry": column(industry_code[order], _variants([v for v, _, _ in INDUSTRIES], CATEGORY_FORMS)),
                "country": column(country_code[order], _variants([v for v, _, _ in COUNTRIES], CATEGORY_FORMS)),
                "lead_source": column(source_code[order], _variants([v for v, _, _ in LEAD_SOURCES], CATEGORY_FORMS)),
                "created_at": stamps.format(created[lead_of], created_form[order]),
                "updated_at": stamps.format(updated[order], updated_form[order]),
                "is_deleted": column(
                    deleted_code[order], ["FALSE", "0", "", "false", "False", "true", "1", "TRUE", "maybe", "deleted"]
                ),
            }
        )

    return _Leads(
        table=table,
        prefix=prefix,
        number=number,
        width=width,
        level=level,
        fit=fit,
        created=created,
        employees=employees,
        all_after_as_of=all_after,
        twins=twins,
        twin_sources=twin_sources,
        version_start=starts,
        versions=versions,
        version_updated=updated,
        version_fit=np.array([p for _, _, p in TITLES])[row_title]
        + _size_fit(row_employees)
        + (fit - title_fit - _size_fit(employees))[row_lead],
    )


# ----------------------------------------------------------------------------- events


@dataclass(frozen=True)
class _Chunk:
    """One slice of the event feed, generated and written as a unit."""

    index: int
    batch: int
    first_in_batch: bool
    rows: int  # rows written, copies included
    copies: int  # re-delivered rows among them
    first_event: int  # events (not copies) generated before this chunk
    low: float  # quantile range of event times covered by its new events
    high: float


def _plan_chunks(total_rows: int, batches: int) -> list[_Chunk]:
    """Split ``total_rows`` into ``batches`` batches of slices of at most :data:`CHUNK_ROWS` rows."""
    bounds = [total_rows * b // batches for b in range(batches + 1)]
    sizes: list[tuple[int, bool, int]] = []
    for batch in range(batches):
        rows = bounds[batch + 1] - bounds[batch]
        pieces = max(1, -(-rows // CHUNK_ROWS))
        for piece in range(pieces):
            sizes.append((batch, piece == 0, rows * (piece + 1) // pieces - rows * piece // pieces))
    news = [rows - round(rows * 0.02) for _, _, rows in sizes]
    unique = max(1, sum(news))
    chunks = []
    done = 0
    for index, ((batch, first, rows), new) in enumerate(zip(sizes, news, strict=True)):
        chunks.append(_Chunk(index, batch, first, rows, rows - new, done, done / unique, (done + new) / unique))
        done += new
    return chunks


def _time_curve(as_of: int) -> tuple[FloatArray, FloatArray]:
    """Hourly CDF of event times: skewed to recent days, weekdays and business hours; 1% after as-of."""
    start = as_of - 730 * DAY
    edges = start + HOUR * np.arange(751 * 24 + 1, dtype=np.int64)
    middle = edges[:-1] + HOUR // 2
    age = (as_of - middle) / DAY
    weight = np.where(age <= 365, np.exp(-age / 120.0) + 0.12, 0.04)
    hour = (middle % DAY) // HOUR
    weekday = (middle // DAY + 3) % 7  # 0 = Monday
    weight = weight * (0.3 + np.exp(-(((hour - 15) / 4.0) ** 2))) * np.where(weekday >= 5, 0.4, 1.0)
    future = age < 0
    weight[future] *= 0.01 / weight[future].sum()
    weight[~future] *= 0.99 / weight[~future].sum()
    cdf = np.concatenate(([0.0], np.cumsum(weight)))
    return cdf / cdf[-1], edges.astype(np.float64)


@dataclass(frozen=True)
class _Episodes:
    """Buying episodes at the grid dates (hidden state of the conversion process)."""

    grid: IntArray  # grid dates D_cohorts ... D_0 in epoch seconds, oldest first
    window: int  # seconds after a grid date in which its conversions fall
    active: np.ndarray  # (dates, leads) bool: in an episode at that date
    targets: IntArray  # leads in a non-quiet episode, date after date (they get extra events)
    target_start: IntArray  # per date, where its leads start in ``targets``
    target_count: IntArray


def _draw_episodes(seed: int, leads: _Leads, as_of: int, window_days: int, cohorts: int) -> _Episodes:
    rng = _rng(seed, 5)
    grid = as_of - window_days * DAY * np.arange(cohorts, -1, -1, dtype=np.int64)
    chance = 1 / (1 + np.exp(-(EPISODE_BASE + EPISODE_LEVEL * leads.level + EPISODE_FIT * leads.fit)))
    shape = (len(grid), len(leads.number))
    active = (rng.random(shape) < chance) & (leads.created <= grid[:, None]) & ~leads.all_after_as_of
    loud = active & (rng.random(shape) >= EPISODE_QUIET)
    target_count = loud.sum(axis=1)
    return _Episodes(
        grid=grid,
        window=window_days * DAY,
        active=active,
        targets=np.nonzero(loud)[1],
        target_start=np.concatenate(([0], np.cumsum(target_count)[:-1])).astype(np.int64),
        target_count=target_count,
    )


class _EventFeed:
    """Generates the event feed slice by slice (see :func:`_plan_chunks`)."""

    def __init__(
        self, seed: int, leads: _Leads, episodes: _Episodes, as_of: int, stamps: _TimestampWriter, total_events: int
    ) -> None:
        self.seed = seed
        self.episodes = episodes
        self.as_of = as_of
        self.stamps = stamps
        self.lead_count = len(leads.number)
        rng = _rng(seed, 2)
        # Id table: real leads, then orphans (numbers past the last lead; lower-case twins nobody has).
        orphan_count = max(20, self.lead_count // 50)
        taken = np.zeros(self.lead_count, dtype=bool)
        taken[leads.twins] = True
        taken[leads.twin_sources] = True
        lowercase = _pick(rng, np.flatnonzero(~taken), orphan_count / 2 / max(1, int((~taken).sum())), minimum=0)
        past = self.lead_count + 1 + np.arange(orphan_count - len(lowercase))
        prefix = np.concatenate((leads.prefix, np.full(len(lowercase), ord("l")), np.full(len(past), ord("L"))))
        number = np.concatenate((leads.number, leads.number[lowercase], past))
        core = _id_core(prefix, number, leads.width)
        self.id_size = core.shape[1]
        self.id_core = core.view(f"V{self.id_size}").ravel()  # one opaque item per id, cheap to gather
        self.orphans = len(number) - self.lead_count
        # Leads by activity level.
        self.by_level = np.argsort(leads.level, kind="stable").astype(np.int32)
        self.level_count = np.bincount(leads.level, minlength=len(LEVEL_SHARE))
        self.level_start = np.concatenate(([0], np.cumsum(self.level_count)[:-1]))
        self.level_table = _table(self.level_count * np.array(LEVEL_WEIGHT, dtype=np.float64)).astype(np.int16)
        mixes = [
            (1 - level / (len(LEVEL_SHARE) - 1)) * np.array(COLD_MIX)
            + level / (len(LEVEL_SHARE) - 1) * np.array(HOT_MIX)
            for level in range(len(LEVEL_SHARE))
        ]
        self.type_table = np.stack([_table(mix) for mix in mixes]).astype(np.int16)
        self.form_table = _table(EVENT_TYPE_FORM_MIX).astype(np.int16)
        self.kind_table = _table([0.98, 0.01, 0.01]).astype(np.int16)  # real, anonymous, orphan
        self.blank_type = len(EVENT_TYPES) * len(EVENT_TYPE_FORMS)
        self.types = pa.array([form(t) for t in EVENT_TYPES for form in EVENT_TYPE_FORMS] + [""], type=pa.string())
        self.property_table = _table([w for _, w in PROPERTIES]).astype(np.int16)
        self.properties = pa.array([p for p, _ in PROPERTIES], type=pa.string())
        self.episode_table = _table(EPISODE_MIX).astype(np.int16)
        self.type_weight = np.array([TYPE_WEIGHTS[t] for t in EVENT_TYPES])
        self.cdf, self.times = _time_curve(as_of)
        self.as_of_quantile = float(np.interp(float(as_of), self.times, self.cdf))
        self.event_width = max(9, len(str(total_events)))
        # Per grid date and lead: weighted count of its real events since the previous grid date (after
        # the one before for the oldest), each decayed to that date; :meth:`engagement` sums them up.
        self.recent = np.zeros((len(episodes.grid), self.lead_count))
        # Re-delivery pool (rows of finished batches) and the newest event time of the last batch.
        self.pool: dict[str, np.ndarray] | None = None
        self.pending: list[dict[str, np.ndarray]] = []
        self.batch = 0
        self.batch_newest: int | None = None  # newest new event so far
        self.previous_newest: int | None = None  # ... as of the end of the previous batch

    def _new_rows(self, rng: np.random.Generator, chunk: _Chunk) -> dict[str, np.ndarray]:
        n = chunk.rows - chunk.copies
        # Times: sorted uniforms over the chunk's quantile range, through the CDF.
        spacing = np.cumsum(rng.standard_exponential(n + 1))
        quantile = chunk.low + (chunk.high - chunk.low) * spacing[:-1] / spacing[-1]
        seconds = np.floor(np.interp(quantile, self.cdf, self.times)).astype(np.int64)
        if chunk.low <= self.as_of_quantile < chunk.high:
            seconds[_pick(rng, n, 1e-4)] = self.as_of
        if n:
            newest = int(seconds.max())
            self.batch_newest = newest if self.batch_newest is None else max(self.batch_newest, newest)
        if chunk.first_in_batch and self.previous_newest is not None and n:
            late = _pick(rng, n, 0.002)
            seconds[late] = self.previous_newest - rng.integers(60, 3 * DAY + 1, size=len(late))
        # Who: an activity level, then a lead of that level; some anonymous or unknown.
        level = _draw(rng, self.level_table, n)
        member = (rng.random(n) * self.level_count[level]).astype(np.int64)
        lead = self.by_level[self.level_start[level] + member]
        kind = _draw(rng, self.kind_table, n)
        lead[kind == 1] = -1
        orphan = kind == 2
        lead[orphan] = self.lead_count + rng.integers(0, self.orphans, size=int(orphan.sum()))
        pad = np.zeros(n, dtype=np.uint8)
        padded = _pick(rng, n, 0.015)
        pad[padded] = 1 + np.arange(len(padded)) % 3
        pad[kind == 1] = rng.random(int((kind == 1).sum())) < 0.3
        # What.
        event_type = self.type_table[level, rng.integers(0, 1 << 16, size=n, dtype=np.uint16)]
        self._move_to_episodes(chunk.index, seconds, kind, lead, event_type)
        type_code = event_type * len(EVENT_TYPE_FORMS) + _draw(rng, self.form_table, n)
        type_code[_pick(rng, n, 0.0005)] = self.blank_type
        event = chunk.first_event + 1 + np.arange(n, dtype=np.int64)
        event[_pick(rng, n, 0.0002)] = -1
        form = _timestamp_codes(rng, n, 0.003).astype(np.uint8)
        counted = (kind == 0) & (event >= 0) & (form < TS_FIRST_BAD) & (type_code != self.blank_type)
        self._add_engagement(lead[counted], event_type[counted], seconds[counted])
        return {
            "event": event,
            "lead": lead,
            "pad": pad,
            "type": type_code,
            "seconds": seconds,
            "form": form,
            "properties": _draw(rng, self.property_table, n),
        }

    def _move_to_episodes(
        self, index: int, seconds: IntArray, kind: IntArray, lead: IntArray, event_type: IntArray
    ) -> None:
        """Give EPISODE_RHO of the real events in a grid date's lead-in to (loud) episode leads of that date,
        with types from EPISODE_MIX. Changes ``lead`` and ``event_type`` in place."""
        episodes = self.episodes
        if not len(seconds):
            return
        rng = _rng(self.seed, 6, index)
        date = np.searchsorted(episodes.grid, seconds, side="left")  # first grid date at or after the event
        inside = date < len(episodes.grid)
        inside[inside] &= seconds[inside] > episodes.grid[date[inside]] - EPISODE_LEAD_IN
        candidates = np.flatnonzero(inside & (kind == 0))
        moved = candidates[rng.random(len(candidates)) < EPISODE_RHO]
        moved = moved[episodes.target_count[date[moved]] > 0]
        date = date[moved]
        pick = episodes.target_start[date] + (rng.random(len(moved)) * episodes.target_count[date]).astype(np.int64)
        lead[moved] = episodes.targets[pick]
        event_type[moved] = _draw(rng, self.episode_table, len(moved))

    def _add_engagement(self, lead: IntArray, event_type: IntArray, seconds: IntArray) -> None:
        grid = self.episodes.grid
        date = np.searchsorted(grid, seconds, side="left")  # first grid date at or after the event
        keep = (date < len(grid)) & (self.type_weight[event_type] != 0)
        date, seconds = date[keep], seconds[keep]
        lead = lead[keep]
        weight = self.type_weight[event_type[keep]] * np.exp2((seconds - grid[date]) / ENGAGEMENT_HALF_LIFE)
        for row in np.flatnonzero(np.bincount(date, minlength=len(grid))):  # a slice spans few grid dates
            here = date == row
            self.recent[row] += np.bincount(lead[here], weights=weight[here], minlength=self.lead_count)

    def engagement(self) -> FloatArray:
        """(dates, leads): the weighted count of each lead's real events up to each grid date, every event
        halved per ENGAGEMENT_HALF_LIFE before the date. Call once every slice is made."""
        grid = self.episodes.grid
        total = self.recent.copy()
        for row in range(1, len(grid)):
            total[row] += total[row - 1] * np.exp2((grid[row - 1] - grid[row]) / ENGAGEMENT_HALF_LIFE)
        return total

    def chunk_rows(self, chunk: _Chunk) -> dict[str, np.ndarray]:
        """The rows of one slice, re-deliveries included, as codes. Slices must come in order."""
        rng = _rng(self.seed, 3, chunk.index)
        if chunk.batch != self.batch:
            self.pool = _concat([*([self.pool] if self.pool else []), *self.pending])
            self.pending = []
            self.batch = chunk.batch
            self.previous_newest = self.batch_newest
        new = self._new_rows(rng, chunk)
        n = len(new["event"])
        if chunk.batch == 0 or not self.pool or not len(self.pool["event"]):
            # Re-delivered a little after the original, within this slice.
            source = rng.integers(0, max(n, 1), size=chunk.copies) if n else np.empty(0, dtype=np.int64)
            insert_at = np.minimum(source + rng.integers(1, 2000, size=chunk.copies), n)
            rows = new
        else:
            # Re-deliveries of events from earlier batches, anywhere in this one.
            sample = rng.integers(0, len(self.pool["event"]), size=chunk.copies)
            rows = _concat([new, {key: value[sample] for key, value in self.pool.items()}])
            source = n + np.arange(chunk.copies)
            insert_at = rng.integers(0, n + 1, size=chunk.copies)
        keep = rng.integers(0, max(n, 1), size=round(0.02 * n))  # candidates for later re-delivery
        self.pending.append({key: value[keep] for key, value in new.items()})
        by_position = np.argsort(insert_at, kind="stable")
        order = np.insert(np.arange(n), insert_at[by_position], source[by_position])
        return {key: value[order] for key, value in rows.items()}

    def table(self, rows: dict[str, np.ndarray]) -> pa.Table:
        """Rows of :meth:`chunk_rows` as strings (pure, so slices can be built in parallel)."""
        count = len(rows["event"])
        event = rows["event"]
        event_ids = _ids(
            _id_core(np.full(count, ord("E"), dtype=np.uint8), np.maximum(event, 0), self.event_width),
            np.zeros(count, dtype=np.uint8),
            event < 0,
        )
        lead = rows["lead"]
        core = self.id_core[np.maximum(lead, 0)].view(np.uint8).reshape(count, self.id_size)
        lead_ids = _ids(core, rows["pad"], lead < 0)
        return pa.table(
            {
                "event_id": event_ids,
                "lead_id": lead_ids,
                "event_type": pa.DictionaryArray.from_arrays(pa.array(rows["type"]), self.types),
                "occurred_at": self.stamps.format(rows["seconds"], rows["form"]),
                "properties": pa.DictionaryArray.from_arrays(pa.array(rows["properties"]), self.properties),
            }
        )


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not parts:
        return {}
    return {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}


EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string_view()),
        ("lead_id", pa.string_view()),
        ("event_type", pa.dictionary(pa.int16(), pa.string())),
        ("occurred_at", pa.string_view()),
        ("properties", pa.dictionary(pa.int16(), pa.string())),
    ]
)


# ----------------------------------------------------------------------------- conversions


def _build_conversions(
    seed: int, leads: _Leads, episodes: _Episodes, engagement: FloatArray, stamps: _TimestampWriter, truth: bool
) -> tuple[pa.Table, pa.Table | None]:
    """Conversions drawn from the true propensities at the grid dates, oldest first; and, if ``truth``,
    the truth table (one row per eligible lead and grid date)."""
    rng = _rng(seed, 4)
    count = len(leads.number)
    converted = np.zeros(count, dtype=bool)
    converted_at = np.zeros(count, dtype=np.int64)
    truth_parts: list[tuple[int, IntArray, FloatArray, np.ndarray, np.ndarray]] = []
    # Versions are in time order within a lead: the one valid at a date is the last updated by then.
    version_lead = np.repeat(np.arange(count), leads.versions)
    for row, date in enumerate(episodes.grid.tolist()):
        known = np.bincount(version_lead[leads.version_updated <= date], minlength=count)
        who = np.flatnonzero((known > 0) & ~converted & ~leads.all_after_as_of)  # eligible leads
        logit = (
            PROPENSITY_BASE
            + PROPENSITY_FIT * leads.version_fit[leads.version_start[who] + known[who] - 1]
            + PROPENSITY_ENGAGEMENT * np.log1p(np.maximum(engagement[row, who], 0.0))
            + PROPENSITY_EPISODE * episodes.active[row, who]
        )
        propensity = 1 / (1 + np.exp(-logit))
        wins = rng.random(len(who)) < propensity
        converted_at[who[wins]] = date + rng.integers(1, episodes.window + 1, size=int(wins.sum()))
        converted[who[wins]] = True
        if truth:
            truth_parts.append((row, who, propensity, episodes.active[row, who], wins))

    chosen = np.flatnonzero(converted)
    chosen = chosen[np.argsort(converted_at[chosen], kind="stable")]
    wins = len(chosen)
    scale = np.log(np.maximum(leads.employees[chosen], 1) / 100.0)
    amount = np.exp(np.log(9000.0) + 0.18 * scale + 0.7 * rng.standard_normal(wins))
    amount = np.maximum(500, np.round(amount / 50) * 50).astype(np.int64)
    pad = np.zeros(wins, dtype=np.int64)
    pad[_pick(rng, wins, 0.02, minimum=0)] = 1
    conversions = pa.table(
        {
            "lead_id": _ids(
                _id_core(leads.prefix[chosen], leads.number[chosen], leads.width), pad, np.zeros(wins, dtype=bool)
            ),
            "converted_at": stamps.format(converted_at[chosen], _timestamp_codes(rng, wins, 0.0)),
            "amount": pc.binary_join_element_wise(pc.cast(pa.array(amount), pa.string()), "00", "."),
        }
    )
    return conversions, (_truth_table(leads, episodes, truth_parts) if truth else None)


def _truth_table(
    leads: _Leads, episodes: _Episodes, parts: list[tuple[int, IntArray, FloatArray, np.ndarray, np.ndarray]]
) -> pa.Table:
    date = np.concatenate([np.full(len(who), row, dtype=np.int32) for row, who, *_ in parts])
    who = np.concatenate([part[1] for part in parts])
    rows = len(who)
    propensity = np.concatenate([part[2] for part in parts])
    micro = np.clip(np.rint(propensity * 1e6), 1, 999_999).astype(np.int64)
    text = np.empty((rows, 8), dtype=np.uint8)
    text[:, 0], text[:, 1] = ord("0"), ord(".")
    text[:, 2:] = _digits(micro, 6)
    stamps = [datetime.fromtimestamp(int(d), UTC).replace(tzinfo=None).isoformat() for d in episodes.grid]
    window_days = str(episodes.window // DAY)

    def flag(values: np.ndarray) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(values.astype(np.int8)), pa.array(["0", "1"]))

    return pa.table(
        {
            "lead_id": _ids(
                _id_core(leads.prefix[who], leads.number[who], leads.width),
                np.zeros(rows, dtype=np.uint8),
                np.zeros(rows, dtype=bool),
            ),
            "as_of": pa.DictionaryArray.from_arrays(pa.array(date), pa.array(stamps)),
            "window_days": pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(rows, dtype=np.int8)), pa.array([window_days])
            ),
            "propensity": _text(text, np.full(rows, 8)),
            "in_episode": flag(np.concatenate([part[3] for part in parts])),
            "converted": flag(np.concatenate([part[4] for part in parts])),
        }
    )


# ----------------------------------------------------------------------------- writing


class _Writer:
    """Appends tables to one CSV or Parquet file (``string_view`` columns are written as strings)."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str) -> None:
        self.writer: pacsv.CSVWriter | pq.ParquetWriter
        if fmt == "csv":
            self.schema = pa.schema(
                [pa.field(f.name, pa.string()) if f.type == pa.string_view() else f for f in schema]
            )
            self.writer = pacsv.CSVWriter(path, self.schema, write_options=pacsv.WriteOptions(include_header=True))
        else:
            self.schema = schema
            dictionary_columns = [f.name for f in schema if pa.types.is_dictionary(f.type)]
            self.writer = pq.ParquetWriter(
                path,
                schema,
                compression="snappy",
                use_dictionary=dictionary_columns or False,
                write_statistics=False,
                store_schema=False,
            )

    def write(self, table: pa.Table) -> None:
        if isinstance(self.writer, pq.ParquetWriter):
            self.writer.write_table(table, row_group_size=max(1, table.num_rows))
        else:
            self.writer.write_table(table.cast(self.schema))

    def close(self) -> None:
        self.writer.close()


def _write_table(table: pa.Table, path: Path, fmt: str) -> None:
    writer = _Writer(path, table.schema, fmt)
    writer.write(table)
    writer.close()


def _write_when_built(target: _Writer | Path, table: Future[pa.Table], fmt: str = "csv") -> None:
    """Append a table being built to an open writer, or write it as the whole file at a path."""
    if isinstance(target, _Writer):
        target.write(table.result())
    else:
        _write_table(table.result(), target, fmt)


def _remove_old_outputs(out: Path) -> None:
    for name in ("leads", "events", "conversions"):
        for ext in ("csv", "parquet"):
            (out / f"{name}.{ext}").unlink(missing_ok=True)
    parts = out / "events"
    if parts.is_dir():
        for part in [*parts.glob("part-*.csv"), *parts.glob("part-*.parquet")]:
            part.unlink()
        if not any(parts.iterdir()):
            parts.rmdir()
    truth = out / "truth"
    if truth.is_dir():
        (truth / "propensity.csv").unlink(missing_ok=True)
        if not any(truth.iterdir()):
            truth.rmdir()


def generate(
    out: Path,
    leads: int,
    events: int,
    seed: int,
    as_of: datetime,
    fmt: str = "csv",
    batches: int = 1,
    window_days: int = 90,
    cohorts: int = 6,
    truth: bool = False,
) -> None:
    """Write messy ``leads``, ``events`` and ``conversions`` (see the module docstring) into ``out``.

    ``leads`` leads (each 1-4 rows), ``events`` event rows (re-deliveries included), scattered around
    ``as_of`` (naive = UTC). ``fmt`` is ``csv`` or ``parquet``; ``batches`` > 1 splits events into
    ``events/part-NNNN.<fmt>`` files in time order. Conversions come from the process at the grid dates
    ``as_of - k * window_days`` (k = ``cohorts`` ... 0); ``truth`` also writes its true propensities to
    ``truth/propensity.csv``. Same arguments, same bytes.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be csv or parquet, got {fmt!r}")
    if leads < 1 or events < 0 or batches < 1 or seed < 0 or window_days < 1 or cohorts < 0:
        raise ValueError("need leads >= 1, events >= 0, batches >= 1, seed >= 0, window_days >= 1 and cohorts >= 0")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_old_outputs(out)
    as_of_s = _seconds(as_of)
    stamps = _TimestampWriter(as_of_s // DAY - 800, as_of_s // DAY + max(400, window_days + 1))

    population = _build_leads(seed, leads, as_of_s, stamps)
    episodes = _draw_episodes(seed, population, as_of_s, window_days, cohorts)
    feed = _EventFeed(seed, population, episodes, as_of_s, stamps, events)

    # Pipeline: this thread draws the rows of each slice (cheap, sequential state), two threads turn
    # slices into strings, one thread writes them in order. The leads file is built alongside.
    if batches > 1:
        (out / "events").mkdir(exist_ok=True)
    with (
        ThreadPoolExecutor(max_workers=2) as build,
        ThreadPoolExecutor(max_workers=1) as write,
    ):
        leads_table = build.submit(population.table)
        pending: deque[Future[None]] = deque()
        writer: _Writer | None = None
        for chunk in _plan_chunks(events, batches):
            if chunk.first_in_batch:
                if writer is not None:
                    pending.append(write.submit(writer.close))
                name = f"events/part-{chunk.batch:04d}.{fmt}" if batches > 1 else f"events.{fmt}"
                writer = _Writer(out / name, EVENT_SCHEMA, fmt)
            assert writer is not None
            table = build.submit(feed.table, feed.chunk_rows(chunk))
            pending.append(write.submit(_write_when_built, writer, table))
            while len(pending) > 3:
                pending.popleft().result()
        if writer is not None:
            pending.append(write.submit(writer.close))
        pending.append(write.submit(_write_when_built, out / f"leads.{fmt}", leads_table, fmt))
        conversions, propensities = _build_conversions(seed, population, episodes, feed.engagement(), stamps, truth)
        pending.append(write.submit(_write_table, conversions, out / f"conversions.{fmt}", fmt))
        if propensities is not None:
            (out / "truth").mkdir(exist_ok=True)
            pending.append(write.submit(_write_table, propensities, out / "truth" / "propensity.csv", "csv"))
        for future in pending:
            future.result()


def _parse_as_of(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Conversions follow a process with a known true propensity at the grid dates as-of - k * "
        "window-days (k = cohorts ... 0): buying episodes, partly visible as bursts of high-intent events, and "
        "engagement; see the module docstring. --truth writes that propensity beside the data.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--leads", type=int, default=3000, help="number of leads (default 3000)")
    parser.add_argument("--events", type=int, default=30000, help="number of event rows (default 30000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--as-of",
        type=_parse_as_of,
        default=DEFAULT_AS_OF,
        help="scoring time the data is built around, ISO-8601 UTC (default 2026-11-01T00:00:00)",
    )
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv", dest="fmt")
    parser.add_argument("--batches", type=int, default=1, help="split events into this many time-ordered files")
    parser.add_argument(
        "--window-days",
        type=int,
        default=90,
        help="days between grid (cohort) dates, and a conversion window's length (default 90)",
    )
    parser.add_argument(
        "--cohorts",
        type=int,
        default=6,
        help="grid dates before the as-of: conversions are drawn at as-of - k * window-days, k = cohorts ... 0 "
        "(default 6)",
    )
    parser.add_argument(
        "--truth",
        action="store_true",
        help="also write truth/propensity.csv: lead_id, as_of, window_days, propensity, in_episode, converted, "
        "one row per eligible lead per grid date (the true chance to convert in the window after it)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(
        args.out,
        args.leads,
        args.events,
        args.seed,
        args.as_of,
        args.fmt,
        args.batches,
        window_days=args.window_days,
        cohorts=args.cohorts,
        truth=args.truth,
    )
    print(
        f"wrote {args.leads} leads and {args.events} event rows to {args.out} in {time.perf_counter() - started:.1f}s"
    )
    # The data is built around its as-of: scored at any other time, the scores drift with the clock.
    print(
        "score it as of the time it was generated for: .venv/bin/dbt build --vars "
        f"'{{raw_path: {args.out}, raw_format: {args.fmt}, score_as_of: \"{args.as_of.isoformat()}\"}}'"
    )


if __name__ == "__main__":
    main()
