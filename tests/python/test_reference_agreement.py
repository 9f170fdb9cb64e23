"""The dbt project and the independent reference scorer agree on generated messy data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import ENGINES, PROJECT_ROOT, DbtProject
from generate_data import generate
from reference_scorer import score

SCORE_AS_OF = datetime(2026, 6, 1, 12, 0, 0)
TOLERANCE = 0.010001  # both sides round to 2 decimals; float sums may land either side of a half-cent


# Every seed on DuckDB (one in `make test`, the others with `make test-integration`); one on each
# other engine (the same SQL, translated by dispatch macros).
CASES = [
    ("duckdb", 17),
    pytest.param("duckdb", 3, marks=pytest.mark.integration),
    pytest.param("duckdb", 2026, marks=pytest.mark.integration),
    *((engine, 17) for engine in ENGINES if engine != "duckdb"),
]


@pytest.mark.parametrize(("engine", "seed"), CASES)
def test_lead_scores_match_reference_scorer(engine_project: DbtProject, tmp_path: Path, seed: int) -> None:
    project = engine_project
    raw = tmp_path / "raw"
    generate(out=raw, leads=400, events=6000, seed=seed, as_of=SCORE_AS_OF)
    project.build(raw, SCORE_AS_OF.isoformat())

    expected = score(raw, PROJECT_ROOT / "seeds", SCORE_AS_OF)
    actual = {row["lead_id"]: row for row in project.rows("select * from main.lead_scores")}

    assert set(actual) == set(expected), (
        f"only in dbt: {sorted(set(actual) - set(expected))[:10]}; "
        f"only in reference: {sorted(set(expected) - set(actual))[:10]}"
    )
    thresholds = [row["min_score"] for row in project.rows("select min_score from main_criteria.score_tiers")]
    mismatches = []
    for lead_id, reference in expected.items():
        row = actual[lead_id]
        for column in ("fit_score", "engagement_score", "total_score"):
            if abs(row[column] - getattr(reference, column)) > TOLERANCE:
                mismatches.append((lead_id, column, row[column], getattr(reference, column)))
        for column in ("job_seniority", "company_size_band", "industry", "country", "lead_source"):
            if row[column] != getattr(reference, column):
                mismatches.append((lead_id, column, row[column], getattr(reference, column)))
        near_boundary = any(abs(row["total_score"] - threshold) <= TOLERANCE for threshold in thresholds)
        if not near_boundary and (row["tier"], row["is_mql"], row["next_action"]) != (
            reference.tier,
            reference.is_mql,
            reference.next_action,
        ):
            mismatches.append((lead_id, "tier", row["tier"], row["next_action"], reference.tier, reference.next_action))
        for column in ("is_disqualified", "disqualified_reason"):
            if row[column] != getattr(reference, column):
                mismatches.append((lead_id, column, row[column], getattr(reference, column)))
    assert not mismatches, f"{len(mismatches)} disagreements, first: {mismatches[:10]}"

    # The generated data must exercise what the comparison is meant to cover.
    reasons = {
        row["rejection_reason"] for row in project.rows("select distinct rejection_reason from main.rejected_rows")
    }
    assert {"duplicate_event_id", "unknown_lead", "anonymous", "deleted_lead", "after_score_as_of"} <= reasons
    [coverage] = project.rows(
        """
        select
            count(*) filter (where is_capped) as capped,
            count(*) filter (where criterion_type = 'event' and points <> round(points)) as decayed,
            count(*) filter (where points < 0) as negative
        from main.lead_score_breakdown
        """
    )
    assert coverage["capped"] > 0 and coverage["decayed"] > 0 and coverage["negative"] > 0, coverage
    [rules] = project.rows(
        """
        select
            count(*) filter (where is_disqualified and disqualified_reason like '%email_%') as by_event,
            count(*) filter (where is_disqualified and disqualified_reason like '%job_seniority%') as by_attribute
        from main.lead_scores
        """
    )
    assert rules["by_event"] > 0 and rules["by_attribute"] > 0, rules
    [versions] = project.rows("select count(*) filter (where version_count > 1) as multi from main.int_leads_resolved")
    assert versions["multi"] > 0
