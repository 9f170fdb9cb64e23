"""The worked examples of the documents the project grew from, scored by the real dbt project."""

from __future__ import annotations

from pathlib import Path

from conftest import DbtProject, write_raw

SCORE_AS_OF = "2026-06-01T12:00:00"


def _executive(lead_id: str, employees: str) -> dict[str, str]:
    return {
        "lead_id": lead_id,
        "email": f"{lead_id.lower()}@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "job_title": "Chief Executive Officer",
        "company_name": "Acme",
        "company_domain": "acme.example",
        "employee_count": employees,
        "created_at": "2026-01-01",
        "updated_at": "2026-01-02T09:00:00Z",
        "is_deleted": "false",
    }


def test_executive_at_300_person_company_with_pricing_and_trial_scores_53(
    engine_project: DbtProject, tmp_path: Path
) -> None:
    project = engine_project
    raw = write_raw(
        tmp_path / "raw",
        leads=[_executive("W1", "300")],
        events=[
            {
                "event_id": "e1",
                "lead_id": "W1",
                "event_type": "Pricing Page View",
                "occurred_at": "2026-06-01T08:00:00Z",
            },
            {"event_id": "e2", "lead_id": "W1", "event_type": "trial-signup", "occurred_at": "2026-06-01 09:30:00"},
        ],
    )
    project.build(raw, SCORE_AS_OF)

    [lead] = project.rows("select * from main.lead_scores")
    assert (lead["fit_score"], lead["engagement_score"], lead["total_score"]) == (18.0, 35.0, 53.0)
    top_tier = project.rows("select tier from main_criteria.score_tiers order by min_score desc limit 1")[0]["tier"]
    assert lead["tier"] == top_tier
    assert lead["is_mql"] is True

    breakdown = {
        row["criterion"]: row["points"]
        for row in project.rows("select criterion, points from main.lead_score_breakdown where lead_id = 'W1'")
    }
    assert breakdown == {
        "job_seniority = executive": 10.0,
        "company_size_band = 100-500": 8.0,
        "pricing_page_view": 15.0,
        "trial_signup": 20.0,
    }


def test_second_document_configuration_scores_executive_with_one_webinar_30(
    engine_project: DbtProject, tmp_path: Path
) -> None:
    project = engine_project
    # The second document: "a lead's job title might be worth 10 points, while attending a webinar
    # could be worth 20 points". Swap the point tables for exactly that configuration.
    project.write_seed(
        "attribute_points",
        [
            {"attribute": "job_seniority", "value": "executive", "points": 10, "category": "demographic"},
        ],
    )
    project.write_seed(
        "event_points",
        [
            {
                "event_type": "webinar_attended",
                "points": 20,
                "frequency": "each",
                "max_points": "",
                "half_life_days": "",
                "lookback_days": "",
                "category": "engagement",
            },
        ],
    )
    raw = write_raw(
        tmp_path / "raw",
        leads=[_executive("W2", "300"), {**_executive("W3", "40"), "job_title": "Data Analyst"}],
        events=[
            {
                "event_id": "w1",
                "lead_id": "W2",
                "event_type": "Webinar Attended",
                "occurred_at": "2026-05-20T15:00:00Z",
            },
            {
                "event_id": "p1",
                "lead_id": "W2",
                "event_type": "pricing_page_view",
                "occurred_at": "2026-05-21T15:00:00Z",
            },
        ],
    )
    project.build(raw, SCORE_AS_OF)

    scores = {row["lead_id"]: row["total_score"] for row in project.rows("select * from main.lead_scores")}
    assert scores == {"W2": 30.0, "W3": 0.0}
