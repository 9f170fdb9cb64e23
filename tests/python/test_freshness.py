"""`dbt source freshness` judges inputs at score_as_of and does not trust rows dated in the future."""

from __future__ import annotations

from pathlib import Path

from conftest import DbtProject, write_raw

LEADS = [{"lead_id": "L1", "updated_at": "2026-10-31T20:00:00Z"}]


def _freshness(project: DbtProject, raw: Path, score_as_of: str) -> dict[str, str]:
    result = project.dbt("source", "freshness", vars={"raw_path": str(raw), "score_as_of": score_as_of}, check=False)
    statuses = {}
    for line in result.stdout.splitlines():
        for source in ("crm.leads", "crm.conversions", "tracking.events"):
            if f"freshness of {source} " in line and " START " not in line:
                statuses[source] = line.split("freshness of")[0].split()[-1]
    return statuses


def test_future_rows_do_not_make_a_stale_input_look_fresh(project: DbtProject, tmp_path: Path) -> None:
    events = [
        {"event_id": "old", "lead_id": "L1", "event_type": "email_open", "occurred_at": "2026-10-20T00:00:00Z"},
        {"event_id": "future", "lead_id": "L1", "event_type": "email_open", "occurred_at": "2027-01-01T00:00:00Z"},
    ]
    raw = write_raw(tmp_path / "raw", leads=LEADS, events=events)

    # At 2026-11-01 the newest believable event is 12 days old: stale, whatever 2027 says.
    assert _freshness(project, raw, "2026-11-01T00:00:00")["tracking.events"] == "STALE"
    # Judged at 2026-10-20 06:00 the same file is fresh (6 hours old events are fine).
    assert _freshness(project, raw, "2026-10-20T05:00:00")["tracking.events"] == "PASS"
