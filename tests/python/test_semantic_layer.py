"""The semantic layer as a BI user meets it: MetricFlow (`mf`) validates the project's semantic
models and metrics against the published file, read-only, and a metric query equals the same
figures computed in SQL over the mart."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import DbtProject, published_sample

pytestmark = pytest.mark.integration  # `make test-integration`: MetricFlow on a published build

MF = Path(sys.executable).with_name("mf")
DBT = Path(sys.executable).with_name("dbt")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtProject, dict[str, str]]:
    """The sample built at 2026-06-01 and 2026-11-01 (so one cohort has matured), published, and
    parsed for the read-only target as `make metrics` does."""
    project, bi_path = published_sample(tmp_path_factory.mktemp("semantic"))
    env = {**os.environ, "LEAD_SCORING_TARGET": "bi_readonly", "LEAD_SCORING_BI_PATH": str(bi_path),
           "DBT_PROFILES_DIR": str(project.root), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    parse = subprocess.run([str(DBT), "parse"], cwd=project.root, env=env, capture_output=True, text=True)
    assert parse.returncode == 0, parse.stdout[-3000:]
    return project, env


def _mf(project: DbtProject, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MF), *args], cwd=project.root, env=env, capture_output=True, text=True, timeout=600)


def test_metricflow_validates_the_semantic_layer_against_the_published_file(published) -> None:
    project, env = published
    result = _mf(project, env, "validate-configs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "Successfully validated metrics against data warehouse" in output
    assert "ERRORS: 0" in output


def test_a_metric_query_equals_sql_over_the_mart(published) -> None:
    project, env = published
    out = project.root / "metrics.csv"
    result = _mf(project, env, "query", "--metrics", "leads,mqls,conversion_rate,won_amount",
                 "--group-by", "lead_outcome__tier", "--csv", str(out))  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    with out.open(newline="") as handle:
        got = {row["lead_outcome__tier"]: row for row in csv.DictReader(handle)}
    with duckdb.connect(env["LEAD_SCORING_BI_PATH"], read_only=True) as connection:
        expected = connection.execute(
            "select tier, count(*), sum(case when is_mql then 1 else 0 end),"
            " avg(case when is_converted then 1.0 else 0.0 end), sum(won_amount)"
            " from main.lead_outcomes group by tier"
        ).fetchall()
    assert expected and sum(row[1] for row in expected) > 1000  # a matured cohort exists
    assert sorted(got) == sorted(row[0] for row in expected)
    for tier, leads, mqls, rate, won in expected:
        assert int(got[tier]["leads"]) == leads
        assert int(float(got[tier]["mqls"])) == mqls
        assert float(got[tier]["conversion_rate"]) == pytest.approx(float(rate), rel=1e-9)
        assert float(got[tier]["won_amount"]) == pytest.approx(float(won), rel=1e-9)
