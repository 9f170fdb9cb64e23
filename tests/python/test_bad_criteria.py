"""People edit the criteria CSVs: every mistake stops the build on the seeds, naming the CSV row."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DbtProject, write_raw

# (seed, line appended to or replacing part of the CSV, text the error must contain)
MISTAKES = {
    "overlapping_size_bands": (
        "company_size_bands",
        ("11-99,11,99", "11-99,11,150"),
        "company_size_bands.csv row 3: band '11-99' overlaps another band (100-500)",
    ),
    "gap_between_size_bands": (
        "company_size_bands",
        ("501-1000,501,1000", "601-1000,601,1000"),
        "company_size_bands.csv row 4: gap after band '100-500': no band starts at 501",
    ),
    "unlimited_band_not_last": (
        "company_size_bands",
        ("11-99,11,99", "11-99,11,"),
        "row 3: band '11-99' has no max_employees (no limit) but is not the last band",
    ),
    "duplicate_tier": (
        "score_tiers",
        (None, "hot,75,true,call now"),
        "score_tiers.csv row 2: duplicate tier 'hot' (also on row 5)",
    ),
    "duplicate_min_score": (
        "score_tiers",
        (None, "lukewarm,25.0,false,wait"),
        "score_tiers.csv row 3: duplicate min_score '25.0' (also on row 5)",
    ),
    "unknown_frequency": (
        "event_points",
        (None, "chat_opened,2,sometimes,,,,engagement,"),
        "event_points.csv row 15: frequency must be one of once, each, got 'sometimes'",
    ),
    "negative_half_life": (
        "event_points",
        (None, "chat_opened,2,each,,-7,,engagement,"),
        "event_points.csv row 15: half_life_days must be > 0, got -7",
    ),
    "negative_lookback": (
        "event_points",
        (None, "chat_opened,2,each,,,-30,engagement,"),
        "event_points.csv row 15: lookback_days must be >= 0, got -30",
    ),
    "unknown_attribute": (
        "attribute_points",
        (None, "favourite_colour,blue,5,demographic,"),
        "attribute_points.csv row 23: attribute must be one of job_seniority, company_size_band, industry, country,"
        " lead_source, got 'favourite_colour'",
    ),
    "points_not_a_number": (
        "attribute_points",
        (None, "industry,retail,ten,firmographic,"),
        "attribute_points.csv row 23: points must be a number, got 'ten'",
    ),
    "event_points_not_a_number": (
        "event_points",
        (None, "chat_opened,lots,each,,,,engagement,"),
        "event_points.csv row 15: points must be a number, got 'lots'",
    ),
    "invalid_regular_expression": (
        "job_title_seniority",
        (None, r"\b(chief|ceo,executive,70"),
        r"job_title_seniority.csv row 8: pattern is not a valid regular expression: '\b(chief|ceo'",
    ),
    "seniority_typo_in_job_title_seniority": (
        "job_title_seniority",
        (",executive,30", ",executve,30"),
        "attribute_points.csv row 2: job_seniority value 'executive' is not defined in seeds/job_title_seniority.csv"
        " (column seniority) (defined: director, executve, individual_contributor, manager, student, vp;"
        " also allowed: other)",
    ),
    "size_band_not_in_company_size_bands": (
        "attribute_points",
        ("company_size_band,100-500,8", "company_size_band,100 - 500,8"),
        "attribute_points.csv row 8: company_size_band value '100 - 500' is not defined in"
        " seeds/company_size_bands.csv",
    ),
    "disqualifies_not_a_boolean": (
        "event_points",
        ("negative,true", "negative,yes please"),
        "event_points.csv row 13: disqualifies must be true, false or blank, got 'yes please'",
    ),
    "unquoted_comma": (
        "score_tiers",
        ("call within one business day", "call, within one business day"),
        "score_tiers.csv line 2: 5 fields, expected 4 (quote values that contain commas)",
    ),
    "dropped_column": (
        "event_points",
        ("lookback_days,category", "lookback_days"),
        "event_points.csv line 1: missing column 'category'",
    ),
    "alias_of_a_derived_attribute": (
        "value_aliases",
        (None, "job_seniority,chief,executive"),
        "value_aliases.csv row 35: attribute must be one of industry, country, lead_source, got 'job_seniority'",
    ),
    "alias_chain": (
        "value_aliases",
        (None, "country,america,united states"),
        "value_aliases.csv row 35: value 'united states' is itself an alias (row 2)",
    ),
    "duplicate_alias": (
        "value_aliases",
        (None, "country,  USA ,gb"),
        "value_aliases.csv row 4: duplicate attribute + alias 'country + usa' (also on row 35)",
    ),
    "unknown_grade_axis": (
        "score_grades",
        ("engagement,4,0", "engagment,4,0"),
        "score_grades.csv row 9: axis must be one of fit, engagement, got 'engagment'",
    ),
    "duplicate_grade_threshold": (
        "score_grades",
        ("fit,C,5", "fit,C,12.0"),
        "score_grades.csv row 3: duplicate axis + min_score 'fit + 12.0' (also on row 4)",
    ),
    "account_tier_threshold_not_a_number": (
        "account_tiers",
        ("warm,75", "warm,seventy"),
        "account_tiers.csv row 3: min_score must be a number, got 'seventy'",
    ),
    "duplicate_priority": (
        "job_title_seniority",
        (None, r"\bboss\b,executive,30"),
        "job_title_seniority.csv row 4: duplicate priority '30' (also on row 8)",
    ),
}


def _run_with_mistake(project: DbtProject, tmp_path: Path, mistake: str, command: str) -> str:
    """Edit the mistake into its seed's CSV and run `dbt <command>`, which must fail printing the
    mistake's message; dbt's output."""
    seed, (old, new), message = MISTAKES[mistake]
    path = project.root / "seeds" / f"{seed}.csv"
    text = path.read_text()
    path.write_text(text.replace(old, new) if old else text.rstrip("\n") + "\n" + new + "\n")
    raw = write_raw(tmp_path / "raw", leads=[{"lead_id": "L1", "updated_at": "2026-01-01"}], events=[])

    result = project.dbt(command, vars={"raw_path": str(raw), "score_as_of": "2026-06-01"}, check=False)

    assert result.returncode != 0
    assert message in result.stdout, result.stdout[-3000:]
    return result.stdout


# `dbt seed` runs the seeds' materialization (which checks the CSV) exactly as `dbt build` runs it
# first; the test below shows that a failing seed stops the whole build before any score.
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_criteria_mistake_fails_seed_naming_the_row(project: DbtProject, tmp_path: Path, mistake: str) -> None:
    output = _run_with_mistake(project, tmp_path, mistake, "seed")
    assert "no score was written" in output


@pytest.mark.parametrize("mistake", ["duplicate_tier", "unquoted_comma"])  # a value, the CSV's structure
def test_criteria_mistake_stops_the_build_before_any_score(project: DbtProject, tmp_path: Path, mistake: str) -> None:
    output = _run_with_mistake(project, tmp_path, mistake, "build")
    # The marts were skipped, not built.
    assert "SKIP relation main.lead_scores" in output


def test_sql_in_a_criteria_value_is_scored_as_a_plain_string(project: DbtProject, tmp_path: Path) -> None:
    hostile = "'); drop table lead_scores; --"
    path = project.root / "seeds" / "attribute_points.csv"
    path.write_text(path.read_text() + f'industry,"{hostile}",7,firmographic,\n')
    raw = write_raw(
        tmp_path / "raw",
        leads=[
            {"lead_id": "H1", "industry": hostile, "updated_at": "2026-01-01"},
            {"lead_id": "H2", "industry": "software", "updated_at": "2026-01-01"},
        ],
        events=[],
    )
    project.build(raw, "2026-06-01T00:00:00")
    scores = {row["lead_id"]: row["fit_score"] for row in project.rows("select * from main.lead_scores")}
    assert scores == {"H1": 7.0, "H2": 5.0}
    [criterion] = project.rows("select criterion from main.lead_score_breakdown where lead_id = 'H1'")
    assert criterion["criterion"] == f"industry = {hostile}"
