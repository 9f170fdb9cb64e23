"""Hand-computed checks of the pure-Python evaluation reference (evaluation_reference.py)."""

from __future__ import annotations

import itertools
import math
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluation_reference import (  # noqa: E402
    auc,
    brier_score,
    conversion_by_tier,
    naive_bayes_scores,
    score_evaluation,
    top_decile_lift,
)

JAN = datetime(2024, 1, 1, 12, 0)
FEB = datetime(2024, 2, 1, 12, 0)
MAY = datetime(2024, 5, 1, 12, 0)
S = datetime(2024, 6, 1)


def _row(
    as_of: datetime,
    lead_id: str,
    score: float,
    tier: str = "A",
    is_mql: bool = False,
    probability: float | None = 0.5,
    version: str = "v1",
) -> dict[str, Any]:
    """One history row."""
    return {
        "score_as_of": as_of,
        "criteria_version": version,
        "lead_id": lead_id,
        "total_score": score,
        "tier": tier,
        "is_mql": is_mql,
        "conversion_probability": probability,
    }


def _conv(lead_id: str, converted_at: datetime, amount: float | None = None) -> dict[str, Any]:
    """One conversion row."""
    return {"lead_id": lead_id, "converted_at": converted_at, "amount": amount}


def _history() -> list[dict[str, Any]]:
    """JAN/v1 (4 leads kept, 2 excluded), JAN/v2 (a null probability), FEB/v1 (no conversion), MAY/v1 (immature)."""
    return [
        _row(JAN, "L0", 99, "A", True, 0.9),  # converted before JAN: excluded
        _row(JAN, "L5", 99, "A", True, None),  # converted exactly at JAN: excluded
        _row(JAN, "L1", 80, "A", True, 0.8),
        _row(JAN, "L2", 60, "B", True, 0.4),
        _row(JAN, "L3", 60, "B", True, 0.5),
        _row(JAN, "L4", 20, "C", False, 0.1),
        _row(JAN, "L1", 50, "A", False, None, version="v2"),
        _row(JAN, "L2", 40, "B", False, 0.3, version="v2"),
        _row(FEB, "L6", 10, "A", True, 0.2),
        _row(FEB, "L7", 5, "B", False, 0.1),
        _row(MAY, "L6", 10, "A", True, 0.2),  # MAY + 90 days > S: immature
    ]


def _conversions() -> list[dict[str, Any]]:
    """Conversions matching _history."""
    return [
        _conv("L0", datetime(2023, 12, 15), 5.0),
        _conv("L5", JAN, 7.0),
        _conv("L1", datetime(2024, 1, 11, 8, 0), 100.0),  # day 10 (calendar), < 10 full days
        _conv("L1", datetime(2024, 1, 21), None),  # second conversion, amount None counts 0
        _conv("L2", JAN + timedelta(days=90), 50.0),  # exactly at D + W: inside
        _conv("L3", JAN + timedelta(days=90, seconds=1), 999.0),  # just outside the window
        _conv("L7", datetime(2024, 7, 1), 1.0),  # after S: unknown
    ]


def _by_key(rows: list[Any], key: str) -> dict[tuple[datetime, str, str], Any]:
    """Rows indexed by (cohort_as_of, criteria_version, key)."""
    return {(row["cohort_as_of"], row["criteria_version"], row[key]): row for row in rows}


# --------------------------------------------------------------------------- auc


def test_auc_ties_count_half() -> None:
    # pairs (pos, neg): 0.9>0.5, 0.9>0.1, 0.5=0.5 (half), 0.5>0.1 -> 3.5 / 4
    assert auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]) == pytest.approx(0.875)
    assert auc([3, 3, 3], [1, 0, 0]) == pytest.approx(0.5)
    assert auc([1, 2], [1, 0]) == pytest.approx(0.0)


def test_auc_none_without_both_classes() -> None:
    assert auc([1, 2, 3], [1, 1, 1]) is None
    assert auc([1, 2, 3], [0, 0, 0]) is None
    assert auc([], []) is None


def test_auc_matches_pairwise_definition() -> None:
    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(2, 30)
        scores = [float(rng.randint(0, 5)) for _ in range(n)]
        labels = [rng.randint(0, 1) for _ in range(n)]
        pos = [s for s, y in zip(scores, labels, strict=True) if y]
        neg = [s for s, y in zip(scores, labels, strict=True) if not y]
        if not pos or not neg:
            assert auc(scores, labels) is None
            continue
        wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p, q in itertools.product(pos, neg))
        assert auc(scores, labels) == pytest.approx(wins / (len(pos) * len(neg)))


def test_auc_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        auc([1.0, 2.0], [1])
    with pytest.raises(ValueError):
        auc([1.0, 2.0], [1, 2])


# --------------------------------------------------------------------------- top decile, brier


def test_top_decile_uses_ceil_and_lead_id_tie_break() -> None:
    scores = [10.0, 10.0, 10.0] + [1.0] * 8
    # 11 leads -> top decile of ceil(1.1) = 2 leads; c is tied with a and b but sorts after them
    order = ["c", "a", "b", "d", "e", "f", "g", "h", "i", "j", "k"]
    labels = [1 if lead in ("c", "k") else 0 for lead in order]
    assert top_decile_lift(scores, labels, order) == 0.0  # top = a, b: no conversion
    labels = [1 if lead in ("a", "k") else 0 for lead in order]
    # top rate 1/2, cohort rate 2/11 -> 11/4
    assert top_decile_lift(scores, labels, order) == pytest.approx(2.75)


def test_top_decile_single_lead_and_zero_rate() -> None:
    assert top_decile_lift([0.3, 0.9, 0.1], [0, 1, 0], ["x", "y", "z"]) == pytest.approx(3.0)
    assert top_decile_lift([0.3, 0.9], [0, 0], ["x", "y"]) is None
    assert top_decile_lift([], [], []) is None


def test_brier_score() -> None:
    assert brier_score([0.8, 0.4, 0.5, 0.1], [1, 1, 0, 0]) == pytest.approx((0.04 + 0.36 + 0.25 + 0.01) / 4)
    assert brier_score([], []) is None


# --------------------------------------------------------------------------- score_evaluation


def test_score_evaluation_cohorts_and_metrics() -> None:
    rows = score_evaluation(_history(), _conversions(), S)
    keys = [(row["cohort_as_of"], row["criteria_version"], row["score_name"]) for row in rows]
    assert keys == [
        (JAN, "v1", "conversion_probability"),
        (JAN, "v1", "total_score"),
        (JAN, "v2", "total_score"),  # L1 has no probability in JAN/v2: no probability row
        (FEB, "v1", "conversion_probability"),
        (FEB, "v1", "total_score"),
    ]  # MAY is immature: skipped
    by = _by_key(rows, "score_name")

    total = by[(JAN, "v1", "total_score")]
    # L0 and L5 excluded (L5's null probability then does not suppress the probability row)
    assert (total["leads"], total["converted"], total["conversion_rate"]) == (4, 2, 0.5)
    assert total["auc"] == pytest.approx(0.875)  # pos 80, 60 vs neg 60, 20
    assert total["top_decile_lift"] == pytest.approx(2.0)  # ceil(0.4) = 1 lead: L1 converted
    assert total["mql_precision"] == pytest.approx(2 / 3)  # MQLs L1, L2, L3
    assert total["mql_recall"] == pytest.approx(1.0)
    assert total["brier_score"] is None

    prob = by[(JAN, "v1", "conversion_probability")]
    assert (prob["leads"], prob["converted"], prob["conversion_rate"]) == (4, 2, 0.5)
    assert prob["auc"] == pytest.approx(0.75)  # pos 0.8, 0.4 vs neg 0.5, 0.1
    assert prob["top_decile_lift"] == pytest.approx(2.0)
    assert prob["mql_precision"] is None and prob["mql_recall"] is None
    assert prob["brier_score"] == pytest.approx(0.165)

    v2 = by[(JAN, "v2", "total_score")]
    assert (v2["leads"], v2["converted"], v2["conversion_rate"]) == (2, 2, 1.0)
    assert v2["auc"] is None  # everybody converted
    assert v2["top_decile_lift"] == pytest.approx(1.0)
    assert v2["mql_precision"] is None and v2["mql_recall"] == 0.0

    feb = by[(FEB, "v1", "total_score")]
    assert (feb["leads"], feb["converted"], feb["conversion_rate"]) == (2, 0, 0.0)
    assert feb["auc"] is None and feb["top_decile_lift"] is None
    assert feb["mql_precision"] == 0.0 and feb["mql_recall"] is None
    assert by[(FEB, "v1", "conversion_probability")]["brier_score"] == pytest.approx((0.04 + 0.01) / 2)


def test_maturity_boundary_is_inclusive() -> None:
    history = [_row(JAN, "a", 1.0), _row(JAN, "b", 2.0)]
    conversions = [_conv("a", JAN + timedelta(days=5))]
    assert score_evaluation(history, conversions, JAN + timedelta(days=90)) != []
    assert score_evaluation(history, conversions, JAN + timedelta(days=90) - timedelta(seconds=1)) == []
    rows = score_evaluation(history, conversions, JAN + timedelta(days=10), window_days=10)
    assert [row["converted"] for row in rows] == [1, 1]


def test_conversions_after_s_are_ignored() -> None:
    history = [_row(JAN, "a", 1.0), _row(JAN, "b", 2.0), _row(MAY, "b", 2.0)]
    late = [_conv("b", S + timedelta(days=1), 10.0), _conv("a", S + timedelta(seconds=1), 3.0)]
    assert score_evaluation(history, late, S) == score_evaluation(history, [], S)
    assert conversion_by_tier(history, late, S) == conversion_by_tier(history, [], S)
    # the MAY cohort is only matured for a later S, where the conversion of b becomes known
    later = S + timedelta(days=60)
    (row,) = [r for r in conversion_by_tier(history, late, later) if r["cohort_as_of"] == MAY]
    assert (row["converted"], row["won_amount"]) == (1, 10.0)


def test_cohort_emptied_by_exclusion_yields_no_row() -> None:
    history = [_row(JAN, "a", 1.0)]
    conversions = [_conv("a", JAN - timedelta(days=1))]
    assert score_evaluation(history, conversions, S) == []
    assert conversion_by_tier(history, conversions, S) == []


def test_duplicate_lead_in_cohort_is_rejected() -> None:
    with pytest.raises(ValueError):
        score_evaluation([_row(JAN, "a", 1.0), _row(JAN, "a", 2.0)], [], S)


# --------------------------------------------------------------------------- conversion_by_tier


def test_conversion_by_tier() -> None:
    rows = conversion_by_tier(_history(), _conversions(), S)
    by = _by_key(rows, "tier")
    assert list(by) == [
        (JAN, "v1", "A"),
        (JAN, "v1", "B"),
        (JAN, "v1", "C"),
        (JAN, "v2", "A"),
        (JAN, "v2", "B"),
        (FEB, "v1", "A"),
        (FEB, "v1", "B"),
    ]
    a = by[(JAN, "v1", "A")]  # L1 only (L0, L5 excluded)
    assert (a["leads"], a["converted"], a["conversion_rate"]) == (1, 1, 1.0)
    assert a["won_amount"] == 100.0  # 100 + None
    assert a["median_days_to_conversion"] == 10.0  # calendar days to the first conversion
    assert a["lift_over_cohort"] == pytest.approx(2.0)
    b = by[(JAN, "v1", "B")]  # L2 converted at D + 90, L3 just after the window
    assert (b["leads"], b["converted"], b["conversion_rate"]) == (2, 1, 0.5)
    assert b["won_amount"] == 50.0
    assert b["median_days_to_conversion"] == 90.0
    assert b["lift_over_cohort"] == pytest.approx(1.0)
    c = by[(JAN, "v1", "C")]
    assert (c["leads"], c["converted"], c["won_amount"]) == (1, 0, 0.0)
    assert c["median_days_to_conversion"] is None and c["lift_over_cohort"] == 0.0
    feb = by[(FEB, "v1", "B")]  # L7's conversion is after S
    assert (feb["converted"], feb["won_amount"], feb["lift_over_cohort"]) == (0, 0.0, None)


def test_median_days_even_count() -> None:
    numpy = pytest.importorskip("numpy")
    leads = ["a", "b", "c", "d", "e"]
    history = [_row(JAN, lead, 1.0) for lead in leads]
    days = [1, 2, 5, 10]
    conversions = [_conv(lead, JAN + timedelta(days=d, hours=3)) for lead, d in zip(leads, days, strict=False)]
    conversions.append(_conv("a", JAN + timedelta(days=30), 4.0))  # later conversion: not the first
    (row,) = conversion_by_tier(history, conversions, S)
    assert row["median_days_to_conversion"] == pytest.approx(3.5)
    calendar = [((JAN + timedelta(days=d, hours=3)).date() - JAN.date()).days for d in days]
    assert row["median_days_to_conversion"] == pytest.approx(float(numpy.median(calendar)))
    assert row["won_amount"] == 4.0
    assert row["lift_over_cohort"] == pytest.approx(1.0)


# --------------------------------------------------------------------------- naive Bayes

TRAIN = [
    {"source": "web", "country": "FR"},
    {"source": "web", "country": "BE"},
    {"source": "ads", "country": "FR"},
    {"source": "web", "country": ""},
    {"source": None, "country": "FR"},
]
LABELS = [1, 1, 0, 0, 0]  # 2 won, 3 lost; each field has 3 distinct values (one of them empty)


def test_naive_bayes_hand_computation() -> None:
    apply = [{"source": "web", "country": "FR"}, {"source": "mail", "country": None}]
    scores = naive_bayes_scores(TRAIN, LABELS, apply, ["source", "country"])
    won = 0.4 * (2.1 / 2.3) * (1.1 / 2.3)
    lost = 0.6 * (1.1 / 3.3) * (2.1 / 3.3)
    assert scores[0] == pytest.approx(won / (won + lost))
    assert scores[0] == pytest.approx(0.5784, abs=1e-4)
    # 'mail' unseen: k = 3 + 1; country None is the seen empty value (won 0, lost 1)
    won = 0.4 * (0.1 / 2.4) * (0.1 / 2.3)
    lost = 0.6 * (0.1 / 3.4) * (1.1 / 3.3)
    assert scores[1] == pytest.approx(won / (won + lost))


def test_naive_bayes_empty_values_are_one_value() -> None:
    apply = [{"source": None, "country": ""}, {"source": "", "country": None}, {}]
    scores = naive_bayes_scores(TRAIN, LABELS, apply, ["source", "country"])
    assert scores[0] == pytest.approx(scores[1]) == pytest.approx(scores[2])
    won = 0.4 * (0.1 / 2.3) * (0.1 / 2.3)
    lost = 0.6 * (1.1 / 3.3) * (1.1 / 3.3)
    assert scores[0] == pytest.approx(won / (won + lost))


def test_naive_bayes_no_fields_is_prior_and_degenerate_classes() -> None:
    assert naive_bayes_scores(TRAIN, LABELS, [{}], []) == [pytest.approx(0.4)]
    assert naive_bayes_scores(TRAIN[:2], [1, 1], [{"source": "x"}], ["source"]) == [1.0]
    assert naive_bayes_scores(TRAIN[:2], [0, 0], [{"source": "x"}], ["source"]) == [0.0]
    with pytest.raises(ValueError):
        naive_bayes_scores([], [], [{}], ["source"])


def test_naive_bayes_is_stable_with_many_fields() -> None:
    fields = [f"f{i}" for i in range(2000)]
    train = [dict.fromkeys(fields, "x"), dict.fromkeys(fields, "y")]
    scores = naive_bayes_scores(train, [1, 0], [dict.fromkeys(fields, "x"), dict.fromkeys(fields, "y")], fields)
    assert all(math.isfinite(score) and 0.0 <= score <= 1.0 for score in scores)
    assert scores[0] == pytest.approx(1.0) and scores[1] == pytest.approx(0.0)


def test_only_the_first_scoring_time_of_a_date_is_a_cohort() -> None:
    """Scoring times later on the same UTC date (a schedule every few minutes) are no cohort; the
    next date, and the first time of another criteria version, are."""
    evening, next_day = JAN + timedelta(hours=6), JAN + timedelta(days=1)
    history = [
        _row(JAN, "a", 1.0),
        _row(JAN, "b", 2.0),
        _row(evening, "a", 5.0),
        _row(evening, "b", 1.0),
        _row(evening, "a", 3.0, version="v2"),
        _row(next_day, "a", 1.0),
    ]
    cohorts = {(row["cohort_as_of"], row["criteria_version"]) for row in score_evaluation(history, [], S)}
    assert cohorts == {(JAN, "v1"), (evening, "v2"), (next_day, "v1")}
    assert {(row["cohort_as_of"], row["criteria_version"]) for row in conversion_by_tier(history, [], S)} == cohorts
