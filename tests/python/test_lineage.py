"""README.md's lineage block is the one dbt's manifest gives, and scripts/lineage.py notices when it is not."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import lineage
import pytest
from conftest import PROJECT_ROOT
from dbt_manifest import parse_project

README = PROJECT_ROOT / "README.md"


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return parse_project(tmp_path_factory.mktemp("dbt_target"))


def _run_script(*args: str) -> subprocess.CompletedProcess[str]:
    """scripts/lineage.py as a user runs it."""
    command = [sys.executable, str(PROJECT_ROOT / "scripts" / "lineage.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_readme_lineage_matches_the_manifest(manifest_path: Path) -> None:
    result = _run_script("--check", str(README), "--manifest", str(manifest_path))
    assert result.returncode == 0, (
        f"README.md's lineage is out of date; run `make lineage`:\n{result.stdout}{result.stderr}"
    )


def test_real_lineage_names_every_model_once(manifest_path: Path) -> None:
    manifest = json.loads(manifest_path.read_text())
    lines = lineage.render(manifest).splitlines()
    first_words = [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    models = [node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    assert sorted(name for name in first_words if name in models) == sorted(models)
    assert len(first_words) == len(set(first_words))


def test_check_fails_on_the_real_readme_when_a_dependency_changes(manifest_path: Path, tmp_path: Path) -> None:
    manifest = json.loads(manifest_path.read_text())
    marts = sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts" and node["depends_on"]["nodes"]
    )
    mart = manifest["nodes"][f"model.lead_scoring.{marts[0]}"]
    dropped = mart["depends_on"]["nodes"].pop()
    changed = _write_json(tmp_path / "manifest.json", manifest)
    readme = tmp_path / "README.md"
    readme.write_text(README.read_text())

    result = _run_script("--check", str(readme), "--manifest", str(changed))
    assert result.returncode == 1
    assert dropped.split(".")[-1] in result.stdout and f"  {marts[0]} " in result.stdout
    assert "make lineage" in result.stderr


# A small manifest of the shape dbt writes (only the fields lineage.py reads).
def _node(
    resource_type: str, name: str, folders: tuple[str, ...] = (), parents: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "unique_id": f"{resource_type}.demo.{name}",
        "resource_type": resource_type,
        "package_name": "demo",
        "name": name,
        "fqn": ["demo", *folders, name],
        "depends_on": {"macros": [], "nodes": list(parents)},
    }


def _small_manifest() -> dict[str, Any]:
    nodes = [
        _node("seed", "points"),
        _node("model", "stg_crm__leads", ("staging", "crm"), ("source.demo.crm.leads",)),
        _node("model", "int_leads_scored", ("intermediate",), ("model.demo.stg_crm__leads", "seed.demo.points")),
        _node("model", "lead_scores", ("marts",), ("model.demo.int_leads_scored",)),
        _node("model", "sync_crm_scores", ("reverse_etl",), ("model.demo.lead_scores",)),
        _node("test", "not_null_lead_scores_lead_id", ("marts",), ("model.demo.lead_scores",)),
        _node("analysis", "scores_by_tier", ("analysis",), ("model.demo.lead_scores",)),
    ]
    return {
        "metadata": {"project_name": "demo"},
        "sources": {
            "source.demo.crm.leads": {"package_name": "demo", "source_name": "crm", "name": "leads"},
            "source.demo.crm.unused": {"package_name": "demo", "source_name": "crm", "name": "unused"},
        },
        "nodes": {node["unique_id"]: node for node in nodes},
        "exposures": {
            "exposure.demo.sales_dashboard": {
                "package_name": "demo",
                "name": "sales_dashboard",
                "depends_on": {"nodes": ["model.demo.lead_scores"]},
            }
        },
    }


SMALL_BLOCK = """\
```text
sources
  crm.leads   ->  stg_crm__leads
  crm.unused  ->  (read by no model)

seeds
  points  ->  int_leads_scored

staging
  stg_crm__leads  <-  crm.leads

intermediate
  int_leads_scored  <-  stg_crm__leads, points

marts
  lead_scores  <-  int_leads_scored

reverse_etl
  sync_crm_scores  <-  lead_scores

exposures
  sales_dashboard  <-  lead_scores
```
"""


def _write_json(path: Path, manifest: dict[str, Any]) -> Path:
    path.write_text(json.dumps(manifest))
    return path


def _readme(path: Path, block: str) -> Path:
    path.write_text(f"# demo\n\nintro\n\n{lineage.START_MARKER}\n{block}{lineage.END_MARKER}\n\n## after\n\ntext\n")
    return path


def test_render_groups_nodes_by_layer_in_flow_order() -> None:
    # Tests and analyses are not lineage; an unknown model folder comes after marts, exposures last.
    assert lineage.render(_small_manifest()) == SMALL_BLOCK


def test_check_fails_with_a_diff_when_the_manifest_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _small_manifest()
    readme = _readme(tmp_path / "README.md", SMALL_BLOCK)
    assert lineage.main(["--check", str(readme), "--manifest", str(_write_json(tmp_path / "m.json", manifest))]) == 0

    # Someone adds int_leads_enriched between int_leads_scored and lead_scores.
    changed = copy.deepcopy(manifest)
    enriched = _node("model", "int_leads_enriched", ("intermediate",), ("model.demo.int_leads_scored",))
    changed["nodes"][enriched["unique_id"]] = enriched
    changed["nodes"]["model.demo.lead_scores"]["depends_on"]["nodes"] = [enriched["unique_id"]]
    capsys.readouterr()
    assert lineage.main(["--check", str(readme), "--manifest", str(_write_json(tmp_path / "m2.json", changed))]) == 1
    out, err = capsys.readouterr()
    assert "+  int_leads_enriched  <-  int_leads_scored" in out
    assert "-  lead_scores  <-  int_leads_scored" in out
    assert "+  lead_scores  <-  int_leads_enriched" in out
    assert "make lineage" in err


def test_check_fails_when_a_model_is_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = _small_manifest()
    node = renamed["nodes"].pop("model.demo.lead_scores")
    node.update(unique_id="model.demo.scores", name="scores", fqn=["demo", "marts", "scores"])
    renamed["nodes"][node["unique_id"]] = node
    for other in [*renamed["nodes"].values(), *renamed["exposures"].values()]:
        other["depends_on"]["nodes"] = [
            node["unique_id"] if parent == "model.demo.lead_scores" else parent
            for parent in other["depends_on"]["nodes"]
        ]
    readme = _readme(tmp_path / "README.md", SMALL_BLOCK)
    assert lineage.main(["--check", str(readme), "--manifest", str(_write_json(tmp_path / "m.json", renamed))]) == 1
    assert "+  scores  <-  int_leads_scored" in capsys.readouterr().out


def test_write_rewrites_only_the_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest_file = _write_json(tmp_path / "m.json", _small_manifest())
    readme = _readme(tmp_path / "README.md", "```text\nhand-drawn, out of date\n```\n")
    assert lineage.main(["--check", str(readme), "--manifest", str(manifest_file)]) == 1

    assert lineage.main(["--write", str(readme), "--manifest", str(manifest_file)]) == 0
    assert readme.read_text() == _readme(tmp_path / "expected.md", SMALL_BLOCK).read_text()
    assert lineage.main(["--check", str(readme), "--manifest", str(manifest_file)]) == 0
    written = readme.read_text()
    assert lineage.main(["--write", str(readme), "--manifest", str(manifest_file)]) == 0
    assert readme.read_text() == written
    assert "already matches" in capsys.readouterr().out


def test_long_lists_wrap_under_the_first_name() -> None:
    manifest = _small_manifest()
    many = [f"seed.demo.criteria_table_number_{index:02d}" for index in range(8)]
    for unique_id in many:
        manifest["nodes"][unique_id] = _node("seed", unique_id.split(".")[-1])
    manifest["nodes"]["model.demo.lead_scores"]["depends_on"]["nodes"] += many
    lines = lineage.render(manifest).splitlines()
    start = lines.index("  lead_scores  <-  int_leads_scored, criteria_table_number_00, criteria_table_number_01,")
    assert lines[start + 1].startswith(" " * len("  lead_scores  <-  ") + "criteria_table_number_02,")
    assert all(len(line) <= lineage.WIDTH for line in lines)


@pytest.mark.parametrize(
    "readme_text",
    [
        "# no block here\n",
        f"{lineage.START_MARKER}\n```text\n```\n",
        f"{lineage.END_MARKER}\n```text\n```\n{lineage.START_MARKER}\n",
        f"{lineage.START_MARKER}\n{lineage.END_MARKER}\n{lineage.START_MARKER}\n{lineage.END_MARKER}\n",
    ],
    ids=["no markers", "no end marker", "markers reversed", "two blocks"],
)
def test_a_readme_without_exactly_one_block_is_an_error(
    readme_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest_file = _write_json(tmp_path / "m.json", _small_manifest())
    readme = tmp_path / "README.md"
    readme.write_text(readme_text)
    assert lineage.main(["--write", str(readme), "--manifest", str(manifest_file)]) == 2
    assert lineage.START_MARKER in capsys.readouterr().err
    assert readme.read_text() == readme_text


def test_a_missing_manifest_says_to_parse_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = _readme(tmp_path / "README.md", SMALL_BLOCK)
    assert lineage.main(["--check", str(readme), "--manifest", str(tmp_path / "nope.json")]) == 2
    assert "dbt parse" in capsys.readouterr().err
