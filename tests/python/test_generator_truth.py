"""The generator's conversion process: the truth it writes with ``truth=True`` matches its data."""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from generate_data import generate, main  # noqa: E402

AS_OF = datetime(2026, 6, 1, 12, 0, 0)
TRUTH_COLUMNS = ["lead_id", "as_of", "window_days", "propensity", "in_episode", "converted"]
EPOCH = datetime(1970, 1, 1)
STAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(Z|[+-]\d\d:\d\d)?)?")


def _seconds(text: str) -> int | None:
    """Epoch seconds of a timestamp in one of the generator's forms; None if unparseable."""
    match = STAMP.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    seconds = int((moment - EPOCH).total_seconds())
    if offset and offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        seconds -= sign * (int(offset[1:3]) * 3600 + int(offset[4:6]) * 60)
    return seconds


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _auc(score: np.ndarray, label: np.ndarray) -> float:
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]  # mid-ranks for ties
    positives = label == 1
    n1, n0 = int(positives.sum()), int((~positives).sum())
    return float((ranks[positives].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("truth")
    generate(out=out, leads=3000, events=30000, seed=11, as_of=AS_OF, truth=True)
    return out


def test_truth_only_when_asked(tmp_path: Path) -> None:
    generate(out=tmp_path, leads=200, events=2000, seed=3, as_of=AS_OF)
    assert not (tmp_path / "truth").exists()
    plain = {name: (tmp_path / name).read_bytes() for name in ("leads.csv", "events.csv", "conversions.csv")}

    generate(out=tmp_path, leads=200, events=2000, seed=3, as_of=AS_OF, truth=True)
    assert [p.name for p in (tmp_path / "truth").iterdir()] == ["propensity.csv"]
    # Asking for the truth changes no draw: the data files are the same bytes.
    assert {name: (tmp_path / name).read_bytes() for name in plain} == plain

    generate(out=tmp_path, leads=200, events=2000, seed=3, as_of=AS_OF)  # an old truth folder goes
    assert not (tmp_path / "truth").exists()

    main(["--out", str(tmp_path), "--leads", "200", "--events", "2000", "--truth", "--cohorts", "2"])
    assert len({row["as_of"] for row in _rows(tmp_path / "truth" / "propensity.csv")}) == 3


@pytest.mark.parametrize(("window_days", "cohorts"), [(90, 6), (30, 3)])
def test_truth_rows_match_leads_and_conversions(tmp_path: Path, window_days: int, cohorts: int) -> None:
    if (window_days, cohorts) == (90, 6):
        generate(out=tmp_path, leads=3000, events=30000, seed=11, as_of=AS_OF, truth=True)
    else:
        generate(out=tmp_path, leads=1500, events=15000, seed=4, as_of=AS_OF, window_days=30, cohorts=3, truth=True)
    truth = _rows(tmp_path / "truth" / "propensity.csv")
    with (tmp_path / "truth" / "propensity.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == TRUTH_COLUMNS

    # Grid dates: the exact as-of instant minus whole multiples of the window, as-of included.
    grid = [(AS_OF - timedelta(days=window_days * k)).isoformat() for k in range(cohorts, -1, -1)]
    assert sorted({row["as_of"] for row in truth}) == grid
    assert {row["window_days"] for row in truth} == {str(window_days)}
    assert all(re.fullmatch(r"[Ll]\d{7}", row["lead_id"]) for row in truth), "canonical, unpadded ids"
    assert all(re.fullmatch(r"0\.\d{6}", row["propensity"]) for row in truth)
    assert all(0 < float(row["propensity"]) < 1 for row in truth)
    assert {row["in_episode"] for row in truth} == {"0", "1"} and {row["converted"] for row in truth} == {"0", "1"}
    assert max(Counter((row["lead_id"], row["as_of"]) for row in truth).values()) == 1

    # Conversions: at most one a lead, each in the window after the grid date its truth row marks.
    conversions = _rows(tmp_path / "conversions.csv")
    converted_at = {row["lead_id"].strip(): _seconds(row["converted_at"]) for row in conversions}
    assert len(converted_at) == len(conversions) and None not in converted_at.values()
    marked = {row["lead_id"]: _seconds(row["as_of"]) for row in truth if row["converted"] == "1"}
    assert Counter(row["lead_id"] for row in truth if row["converted"] == "1").most_common(1)[0][1] == 1
    assert marked.keys() == converted_at.keys()
    window = window_days * 86400
    assert all(marked[lead] < at <= marked[lead] + window for lead, at in converted_at.items())

    # Eligible at a grid date: a lead with a version by then that has not converted by then. Every lead
    # the files show to be so has its row; the truth knows a few more (versions with unreadable times).
    versions: dict[str, list[int]] = defaultdict(list)
    for row in _rows(tmp_path / "leads.csv"):
        updated = _seconds(row["updated_at"])
        if row["lead_id"].strip() and updated is not None:
            versions[row["lead_id"].strip()].append(updated)
    for stamp in grid:
        date = _seconds(stamp)
        assert date is not None
        listed = {row["lead_id"] for row in truth if row["as_of"] == stamp}
        visible = {
            lead
            for lead, times in versions.items()
            if min(times) <= date and not (lead in converted_at and converted_at[lead] <= date)
        }
        assert visible <= listed
        assert len(listed - visible) <= max(3, 0.01 * len(listed))


def test_conversion_rates_and_the_truth_ranks_them(generated: Path) -> None:
    truth = _rows(generated / "truth" / "propensity.csv")
    by_date: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in truth:
        by_date[row["as_of"]].append(row)
    rates = {date: np.mean([row["converted"] == "1" for row in rows]) for date, rows in sorted(by_date.items())}
    assert all(0.02 <= rate <= 0.15 for rate in rates.values()), rates
    recent = list(rates.values())[-3:]
    assert all(0.05 <= rate <= 0.14 for rate in recent), rates
    # Propensities are calibrated and rank the outcomes well (not perfectly).
    propensity = np.array([float(row["propensity"]) for row in truth])
    converted = np.array([int(row["converted"]) for row in truth])
    assert abs(propensity.mean() - converted.mean()) < 0.01
    assert 0.75 < _auc(propensity, converted) < 0.95
    episode = np.array([int(row["in_episode"]) for row in truth])
    assert 0.10 < episode.mean() < 0.25
    assert converted[episode == 1].mean() > 1.5 * converted[episode == 0].mean()


def test_episodes_show_through_the_events(generated: Path) -> None:
    """Leads in an episode at a grid date have more events, of higher intent, in the 30 days before it."""
    grid = sorted({row["as_of"] for row in _rows(generated / "truth" / "propensity.csv")})
    recent = {stamp: _seconds(stamp) for stamp in grid[-3:]}
    seen: set[str] = set()
    counts: Counter[tuple[str, str]] = Counter()
    high_intent: Counter[tuple[str, str]] = Counter()
    for row in _rows(generated / "events.csv"):
        if not row["event_id"] or row["event_id"] in seen:
            continue
        seen.add(row["event_id"])
        at = _seconds(row["occurred_at"])
        kind = re.sub(r"[\s_-]+", "_", row["event_type"].strip().lower())
        lead = row["lead_id"].strip()
        for stamp, date in recent.items():
            if at is not None and date is not None and date - 30 * 86400 < at <= date:
                counts[lead, stamp] += 1
                high_intent[lead, stamp] += kind in ("pricing_page_view", "demo_request", "trial_signup")
    for stamp in recent:
        rows = [row for row in _rows(generated / "truth" / "propensity.csv") if row["as_of"] == stamp]
        episode = np.array([row["in_episode"] == "1" for row in rows])
        events = np.array([counts[row["lead_id"], stamp] for row in rows])
        intent = np.array([high_intent[row["lead_id"], stamp] for row in rows])
        assert events[episode].mean() > 2 * events[~episode].mean()
        assert intent[episode].mean() > 4 * intent[~episode].mean()
        assert (events[episode] == 0).mean() > 0.05, "some episodes are quiet"
