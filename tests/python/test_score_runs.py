"""int_leads_score_runs continues each lead's runs (previous_tier, tier_since, became_mql_at) from
the previous slice of the score history when that slice still holds them as they would be computed
now, and reads the whole history otherwise. After every build of a sequence with a schedule, the
same as-of again, a backfilled earlier as-of and a history from before the runs were kept, the
published runs are checked against a recomputation in Python from the history the build read, and
the path the model took against the rule (macro score_runs_continued_from). Rows deleted by hand
from an earlier slice stop the continuation too."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import make_project
from generate_data import generate

# `make test-integration`: eleven small builds.
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("score_runs")]

AS_OF = datetime(2026, 6, 1)
D0, D1, D2, D3, D4 = (AS_OF + timedelta(days=days) for days in (-21, -14, -7, 0, 7))
RUN_COLUMNS = ("tier_since", "became_mql_at", "written_at", "prior_slices_key")


def _expected_runs(history: list[dict[str, Any]], as_of: datetime) -> dict[str, tuple[Any, Any, Any]]:
    """(previous_tier, tier_since, became_mql_at) of each lead of the slice at `as_of`, from the
    slices at or before it: a run is the lead's rows at consecutive as-ofs of the history (adjacent
    among its distinct as-ofs) with the same tier (being an MQL)."""
    as_ofs = sorted({row["score_as_of"] for row in history if row["score_as_of"] <= as_of})
    rows = {(row["score_as_of"], row["lead_id"]): row for row in history}
    expected = {}
    for (moment, lead_id), row in rows.items():
        if moment != as_of:
            continue
        position = len(as_ofs) - 1
        before = rows.get((as_ofs[position - 1], lead_id)) if position > 0 else None

        def run_start(same: Any, lead_id: str = lead_id, position: int = position) -> datetime:
            while position > 0 and (earlier := rows.get((as_ofs[position - 1], lead_id))) and same(earlier):
                position -= 1
            return as_ofs[position]

        tier_since = run_start(lambda earlier, tier=row["tier"]: earlier["tier"] == tier)
        became_mql_at = run_start(lambda earlier: earlier["is_mql"]) if row["is_mql"] else None
        expected[lead_id] = (before["tier"] if before else None, tier_since, became_mql_at)
    return expected


def _continued(project: Any) -> bool:
    """Whether the last build's int_leads_score_runs continued the runs from one slice (its
    compiled SQL has no gaps-and-islands positions)."""
    compiled = next((project.root / "target" / "compiled").rglob("int_leads_score_runs.sql")).read_text()
    return "as_of_positions" not in compiled


def test_runs_continue_from_the_previous_slice_exactly_when_they_may(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(out=raw, leads=400, events=8000, seed=29, as_of=AS_OF)
    project = make_project(tmp_path / "project")
    # (as-of, continued from the previous slice?, why)
    steps = [
        (D0, False, "a first build: no history"),
        (D2, False, "an older history: the previous slice has no runs (columns dropped below)"),
        (D3, True, "a schedule: D2 was written after D0"),
        (D3, True, "the same as-of again: D2 is still the previous slice"),
        (D1, False, "a backfill between D0 and D2: D0, its previous slice, predates the runs"),
        (D3, False, "D1, before D2, was written after D2: D2's runs may be broken"),
        (D4, True, "D3 was written after every slice before it"),
        (D1 + timedelta(days=3), True, "a backfill between D1 and D2: D1 was written after D0"),
        (D4, False, "the backfill, before D3, was written after D3"),
        (D4 + timedelta(days=7), True, "the slices before D4 are the ones its build read"),
        (D4 + timedelta(days=7), False, "one lead's row deleted from D2 by hand (below)"),
    ]
    published, tiers = {}, {}
    for number, (as_of, continued, why) in enumerate(steps, start=1):
        project.build(raw, as_of.isoformat())
        label = f"build {number} at {as_of.date()} ({why})"
        history = project.rows(
            "select history.* from main.lead_score_history as history"
            " inner join main.int_criteria_version as version on history.criteria_version = version.criteria_version"
        )
        scores = project.rows("select lead_id, tier, previous_tier, tier_since, became_mql_at from main.lead_scores")
        got = {row["lead_id"]: (row["previous_tier"], row["tier_since"], row["became_mql_at"]) for row in scores}
        expected = _expected_runs(history, as_of)
        assert sorted(got) == sorted(expected), label
        wrong = [f"{lead}: dbt {got[lead]}, expected {expected[lead]}" for lead in got if got[lead] != expected[lead]]
        assert not wrong, f"{label}: {len(wrong)} leads differ\n" + "\n".join(wrong[:10])
        assert _continued(project) == continued, label
        # The slice keeps the runs as published, stamped with this build's start.
        this_slice = [row for row in history if row["score_as_of"] == as_of]
        assert {row["lead_id"]: (row["tier_since"], row["became_mql_at"]) for row in this_slice} == {
            lead: runs[1:] for lead, runs in got.items()
        }, label
        assert len({row["written_at"] for row in this_slice}) == 1 and this_slice[0]["written_at"] is not None
        published[number] = got
        tiers[number] = {row["lead_id"]: row["tier"] for row in scores}
        if number == 10:
            # A lead whose run goes through D2: deleting its row there breaks the run.
            deleted = min(lead for lead, runs in got.items() if runs[1] <= D2)
            with duckdb.connect(str(project.db_path)) as connection:
                connection.execute(
                    "delete from main.lead_score_history where lead_id = ? and score_as_of = ?", [deleted, D2]
                )
        if number == 1:
            # The history as a release before the runs were kept left it.
            with duckdb.connect(str(project.db_path)) as connection:
                for column in RUN_COLUMNS:
                    connection.execute(f"alter table main.lead_score_history drop column {column}")

    # The data moves: runs continue and break along the schedule ...
    assert any(runs[1] < D2 for runs in published[3].values())
    assert any(runs[0] not in (None, tiers[3][lead]) for lead, runs in published[3].items())
    # ... and the backfills changed runs, so continuing from the stored runs at builds 6 and 9
    # would be wrong.
    assert published[6] != published[4]
    assert published[9] != published[7]
    assert published[11][deleted][1] > D2 and published[10][deleted][1] <= D2
