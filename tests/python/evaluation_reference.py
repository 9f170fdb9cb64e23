"""Independent pure-Python reference for the lead-score evaluation metrics.

This module re-implements, from the written rules alone, the evaluation that the SQL
models compute, so that the two can be compared on the same data. It uses only the
standard library.

Vocabulary
----------
* ``S`` is the evaluation instant (``score_as_of`` argument) and ``W`` the window in days.
* Only conversions with ``converted_at <= S`` are known; later ones are ignored everywhere.
* A *cohort* ``(D, v)`` is the set of history rows with ``score_as_of == D`` and
  ``criteria_version == v``, minus the leads having any known conversion at or before ``D``,
  where ``D`` is the earliest ``score_as_of`` of version ``v`` on its UTC date (later scoring
  times of the same date are no cohort). A cohort left with no lead produces no output row.
* A cohort is *matured* when ``D + W days <= S``; only matured cohorts are evaluated.
* A cohort lead *converted* when it has a conversion with ``D < converted_at <= D + W days``.

All inputs are plain Python data: datetimes are naive (UTC) :class:`datetime.datetime`.
Output rows are sorted by ``(cohort_as_of, criteria_version, score_name | tier)``.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "NB_SMOOTHING",
    "ScoreEvaluationRow",
    "TierConversionRow",
    "auc",
    "brier_score",
    "conversion_by_tier",
    "naive_bayes_scores",
    "score_evaluation",
    "top_decile_lift",
]

DEFAULT_WINDOW_DAYS = 90
"""Default conversion window ``W`` in days."""

NB_SMOOTHING = 0.1
"""Additive smoothing applied to every won/lost count by the naive Bayes scorer."""

TOTAL_SCORE = "total_score"
CONVERSION_PROBABILITY = "conversion_probability"

HistoryRow = Mapping[str, Any]
ConversionRow = Mapping[str, Any]


class ScoreEvaluationRow(TypedDict):
    """One output row of :func:`score_evaluation`."""

    cohort_as_of: datetime
    criteria_version: str
    score_name: str
    leads: int
    converted: int
    conversion_rate: float
    auc: float | None
    top_decile_lift: float | None
    mql_precision: float | None
    mql_recall: float | None
    brier_score: float | None


class TierConversionRow(TypedDict):
    """One output row of :func:`conversion_by_tier`."""

    cohort_as_of: datetime
    criteria_version: str
    tier: str
    leads: int
    converted: int
    conversion_rate: float
    won_amount: float
    median_days_to_conversion: float | None
    lift_over_cohort: float | None


@dataclass(frozen=True)
class _Conversion:
    """A known conversion of one lead."""

    converted_at: datetime
    amount: float | None


@dataclass(frozen=True)
class _CohortLead:
    """One lead of an evaluated cohort, with its outcome inside the window."""

    lead_id: str
    total_score: float
    tier: str
    is_mql: bool
    conversion_probability: float | None
    converted: bool
    won_amount: float
    days_to_conversion: int | None


@dataclass(frozen=True)
class _Cohort:
    """A matured, non-empty cohort ``(D, v)``; leads are sorted by ``lead_id``."""

    as_of: datetime
    criteria_version: str
    leads: tuple[_CohortLead, ...]

    @property
    def converted(self) -> int:
        """Number of leads that converted inside the window."""
        return sum(lead.converted for lead in self.leads)

    @property
    def conversion_rate(self) -> float:
        """Share of the cohort's leads that converted inside the window."""
        return self.converted / len(self.leads)


# --------------------------------------------------------------------------- helpers


def _ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is zero."""
    if denominator == 0:
        return None
    return numerator / denominator


def _check_labels(labels: Sequence[int], expected_length: int) -> list[int]:
    """Validate 0/1 labels of the expected length and return them as ints."""
    if len(labels) != expected_length:
        raise ValueError(f"expected {expected_length} labels, got {len(labels)}")
    values = [int(label) for label in labels]
    if any(value not in (0, 1) for value in values):
        raise ValueError("labels must be 0 or 1")
    return values


def _known_conversions(conversions: Iterable[ConversionRow], as_of: datetime) -> dict[str, list[_Conversion]]:
    """Conversions with ``converted_at <= as_of``, per lead, ordered by time."""
    by_lead: dict[str, list[_Conversion]] = defaultdict(list)
    for row in conversions:
        converted_at: datetime = row["converted_at"]
        if converted_at <= as_of:
            by_lead[row["lead_id"]].append(_Conversion(converted_at, row.get("amount")))
    for items in by_lead.values():
        items.sort(key=lambda item: item.converted_at)
    return dict(by_lead)


def _is_matured(cohort_as_of: datetime, as_of: datetime, window_days: int) -> bool:
    """True when the whole window ``(D, D + W]`` lies at or before ``S``."""
    return cohort_as_of + timedelta(days=window_days) <= as_of


def _cohort_lead(row: HistoryRow, conversions: Sequence[_Conversion], window_days: int) -> _CohortLead | None:
    """Build the cohort lead of a history row, or ``None`` if it converted at or before ``D``."""
    cohort_as_of: datetime = row["score_as_of"]
    if any(conv.converted_at <= cohort_as_of for conv in conversions):
        return None
    window_end = cohort_as_of + timedelta(days=window_days)
    in_window = [conv for conv in conversions if cohort_as_of < conv.converted_at <= window_end]
    first = min((conv.converted_at for conv in in_window), default=None)
    return _CohortLead(
        lead_id=row["lead_id"],
        total_score=float(row["total_score"]),
        tier=row["tier"],
        is_mql=bool(row["is_mql"]),
        conversion_probability=row.get("conversion_probability"),
        converted=bool(in_window),
        won_amount=float(sum(conv.amount or 0.0 for conv in in_window)),
        days_to_conversion=None if first is None else (first.date() - cohort_as_of.date()).days,
    )


def _matured_cohorts(
    history: Iterable[HistoryRow],
    conversions: Iterable[ConversionRow],
    as_of: datetime,
    window_days: int,
) -> list[_Cohort]:
    """Matured, non-empty cohorts sorted by ``(D, v)``; raises on a lead repeated in a cohort."""
    known = _known_conversions(conversions, as_of)
    grouped: dict[tuple[datetime, str], list[HistoryRow]] = defaultdict(list)
    for row in history:
        grouped[(row["score_as_of"], row["criteria_version"])].append(row)
    first_of_date: dict[tuple[Any, str], datetime] = {}
    for moment, version in grouped:
        day = (moment.date(), version)
        first_of_date[day] = min(first_of_date.get(day, moment), moment)
    cohorts: list[_Cohort] = []
    for (cohort_as_of, version), rows in sorted(grouped.items()):
        if first_of_date[(cohort_as_of.date(), version)] != cohort_as_of:
            continue
        if not _is_matured(cohort_as_of, as_of, window_days):
            continue
        lead_ids = [row["lead_id"] for row in rows]
        if len(set(lead_ids)) != len(lead_ids):
            raise ValueError(f"lead repeated in cohort ({cohort_as_of}, {version})")
        leads = [_cohort_lead(row, known.get(row["lead_id"], []), window_days) for row in rows]
        kept = sorted((lead for lead in leads if lead is not None), key=lambda lead: lead.lead_id)
        if kept:
            cohorts.append(_Cohort(cohort_as_of, version, tuple(kept)))
    return cohorts


# --------------------------------------------------------------------------- metrics


def auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """Mann-Whitney AUC: P(score of a random positive > score of a random negative).

    Ties count one half. Computed in O(n log n) from average ranks. Returns ``None``
    when there is no positive or no negative label.
    """
    values = _check_labels(labels, len(scores))
    positives = sum(values)
    negatives = len(values) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=lambda index: scores[index])
    positive_rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1  # ranks are 1-based
        positive_rank_sum += average_rank * sum(values[order[index]] for index in range(start, end + 1))
        start = end + 1
    return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def top_decile_lift(scores: Sequence[float], labels: Sequence[int], lead_ids: Sequence[str]) -> float | None:
    """Conversion rate of the top decile divided by the overall conversion rate.

    The top decile is the first ``ceil(n / 10)`` leads ordered by score descending,
    then ``lead_id`` ascending. Returns ``None`` when the overall rate is zero (or n is 0).
    """
    values = _check_labels(labels, len(scores))
    if len(lead_ids) != len(scores):
        raise ValueError("scores and lead_ids must have the same length")
    overall_rate = _ratio(sum(values), len(values))
    if not overall_rate:
        return None
    size = math.ceil(len(values) / 10)
    order = sorted(range(len(values)), key=lambda index: (-scores[index], lead_ids[index]))
    top_rate = sum(values[index] for index in order[:size]) / size
    return top_rate / overall_rate


def brier_score(probabilities: Sequence[float], labels: Sequence[int]) -> float | None:
    """Mean of ``(p - y) ** 2``; ``None`` for an empty input."""
    values = _check_labels(labels, len(probabilities))
    if not values:
        return None
    return sum((p - y) ** 2 for p, y in zip(probabilities, values, strict=True)) / len(values)


def _score_of(lead: _CohortLead, score_name: str) -> float:
    """The value of score ``score_name`` for ``lead`` (its probability must be set)."""
    if score_name == TOTAL_SCORE:
        return lead.total_score
    if lead.conversion_probability is None:
        raise ValueError(f"lead {lead.lead_id} has no conversion probability")
    return float(lead.conversion_probability)


def _score_row(cohort: _Cohort, score_name: str) -> ScoreEvaluationRow:
    """Evaluation row of one score over one cohort."""
    labels = [int(lead.converted) for lead in cohort.leads]
    lead_ids = [lead.lead_id for lead in cohort.leads]
    is_total = score_name == TOTAL_SCORE
    scores = [_score_of(lead, score_name) for lead in cohort.leads]
    mqls = [lead for lead in cohort.leads if lead.is_mql]
    converted_mqls = sum(lead.converted for lead in mqls)
    return ScoreEvaluationRow(
        cohort_as_of=cohort.as_of,
        criteria_version=cohort.criteria_version,
        score_name=score_name,
        leads=len(cohort.leads),
        converted=cohort.converted,
        conversion_rate=cohort.conversion_rate,
        auc=auc(scores, labels),
        top_decile_lift=top_decile_lift(scores, labels, lead_ids),
        mql_precision=_ratio(converted_mqls, len(mqls)) if is_total else None,
        mql_recall=_ratio(converted_mqls, cohort.converted) if is_total else None,
        brier_score=None if is_total else brier_score(scores, labels),
    )


def score_evaluation(
    history: Sequence[HistoryRow],
    conversions: Sequence[ConversionRow],
    score_as_of: datetime,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[ScoreEvaluationRow]:
    """One row per matured cohort and score name (see the module docstring).

    ``total_score`` is always evaluated; ``conversion_probability`` only when every
    lead of the cohort has a non-null probability.
    """
    rows: list[ScoreEvaluationRow] = []
    for cohort in _matured_cohorts(history, conversions, score_as_of, window_days):
        names = [TOTAL_SCORE]
        if all(lead.conversion_probability is not None for lead in cohort.leads):
            names.append(CONVERSION_PROBABILITY)
        rows.extend(_score_row(cohort, name) for name in sorted(names))
    return rows


def _median(values: Sequence[int]) -> float | None:
    """Median interpolated like ``numpy.median``; ``None`` when empty."""
    if not values:
        return None
    return float(statistics.median(values))


def _tier_row(cohort: _Cohort, tier: str) -> TierConversionRow:
    """Conversion row of one tier of one cohort."""
    members = [lead for lead in cohort.leads if lead.tier == tier]
    converted = [lead for lead in members if lead.converted]
    rate = len(converted) / len(members)
    return TierConversionRow(
        cohort_as_of=cohort.as_of,
        criteria_version=cohort.criteria_version,
        tier=tier,
        leads=len(members),
        converted=len(converted),
        conversion_rate=rate,
        won_amount=float(sum(lead.won_amount for lead in converted)),
        # a converted lead always has days_to_conversion; "or 0" only narrows the type
        median_days_to_conversion=_median([lead.days_to_conversion or 0 for lead in converted]),
        lift_over_cohort=_ratio(rate, cohort.conversion_rate),
    )


def conversion_by_tier(
    history: Sequence[HistoryRow],
    conversions: Sequence[ConversionRow],
    score_as_of: datetime,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[TierConversionRow]:
    """One row per matured cohort and tier present in it (see the module docstring)."""
    rows: list[TierConversionRow] = []
    for cohort in _matured_cohorts(history, conversions, score_as_of, window_days):
        rows.extend(_tier_row(cohort, tier) for tier in sorted({lead.tier for lead in cohort.leads}))
    return rows


# --------------------------------------------------------------------------- naive Bayes


def _nb_value(lead: Mapping[str, str | None], field: str) -> str:
    """The value of ``field``; a missing, ``None`` or empty value is the single value ``''``."""
    return lead.get(field) or ""


def _count_values(
    train: Sequence[Mapping[str, str | None]], labels: Sequence[int], fields: Sequence[str]
) -> dict[str, dict[str, list[int]]]:
    """Per field and training value, the ``[lost, won]`` counts of training leads having it."""
    counts: dict[str, dict[str, list[int]]] = {field: {} for field in fields}
    for lead, label in zip(train, labels, strict=True):
        for field in fields:
            counts[field].setdefault(_nb_value(lead, field), [0, 0])[label] += 1
    return counts


def _log_likelihood(value: str, field_counts: Mapping[str, list[int]], label: int, class_total: int) -> float:
    """``log P(value | class)`` with additive smoothing.

    ``(count + 0.1) / (class_total + 0.1 * k)`` where ``count`` is the number of training
    leads of the class having ``value`` and ``k`` the number of distinct values of the
    field seen in training (either class), plus one when ``value`` itself was never seen.
    """
    count = field_counts[value][label] if value in field_counts else 0
    distinct = len(field_counts) + (0 if value in field_counts else 1)
    return math.log(count + NB_SMOOTHING) - math.log(class_total + NB_SMOOTHING * distinct)


def _posterior(log_won: float, log_lost: float) -> float:
    """``exp(log_won) / (exp(log_won) + exp(log_lost))`` computed without overflow."""
    if log_won >= log_lost:
        return 1.0 / (1.0 + math.exp(log_lost - log_won))
    ratio = math.exp(log_won - log_lost)
    return ratio / (1.0 + ratio)


def naive_bayes_scores(
    train: list[dict[str, str]],
    train_labels: list[int],
    apply: list[dict[str, str]],
    fields: Sequence[str],
) -> list[float]:
    """Odoo-style naive Bayes won probability of each lead of ``apply`` (label 1 = won, 0 = lost).

    ``score = P(won) * prod P(v_f | won) / (that + P(lost) * prod P(v_f | lost))`` with
    priors ``n_won / n`` and ``n_lost / n`` and likelihoods from :func:`_log_likelihood`.
    A class without training lead has prior 0: all-lost training gives 0.0, all-won 1.0.
    """
    labels = _check_labels(train_labels, len(train))
    if not labels:
        raise ValueError("naive Bayes needs at least one training lead")
    totals = [len(labels) - sum(labels), sum(labels)]  # [lost, won]
    if 0 in totals:
        return [float(totals[1] > 0)] * len(apply)
    counts = _count_values(train, labels, fields)
    scores: list[float] = []
    for lead in apply:
        log_joint = [math.log(total / len(labels)) for total in totals]
        for field in fields:
            value = _nb_value(lead, field)
            for label in (0, 1):
                log_joint[label] += _log_likelihood(value, counts[field], label, totals[label])
        scores.append(_posterior(log_won=log_joint[1], log_lost=log_joint[0]))
    return scores
