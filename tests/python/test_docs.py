"""Every macro of the project is documented: a description, and every argument of its signature
described (in `macros/<dir>/_<dir>__macros.yml`, or beside the generic tests in `tests/generic/`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from dbt.parser.schemas import is_valid_type
from dbt_common.clients.jinja import get_environment
from dbt_manifest import parse_project

WHERE = "document it in the `macros:` YAML beside it (macros/<dir>/_<dir>__macros.yml)"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return json.loads(parse_project(tmp_path_factory.mktemp("dbt_target")).read_text())


def project_macros(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    project = manifest["metadata"]["project_name"]
    macros = [macro for macro in manifest["macros"].values() if macro["package_name"] == project]
    return sorted(macros, key=lambda macro: (macro["original_file_path"], macro["name"]))


def signature(macro: dict[str, Any]) -> list[str]:
    """The argument names of the macro's Jinja definition (`{% macro name(a, b=1) %}` -> [a, b])."""
    tree = get_environment().parse(macro["macro_sql"])
    for definition in tree.find_all(jinja2.nodes.Macro):
        if definition.name == f"dbt_macro__{macro['name']}":
            return [argument.name for argument in definition.args]
    raise AssertionError(f"no definition of {macro['name']} in {macro['original_file_path']}")


def undocumented(manifest: dict[str, Any]) -> list[str]:
    return [
        f"{macro['name']} ({macro['original_file_path']}): no description"
        for macro in project_macros(manifest)
        if not macro["description"].strip()
    ]


def argument_problems(manifest: dict[str, Any]) -> list[str]:
    problems = []
    for macro in project_macros(manifest):
        where = f"{macro['name']} ({macro['original_file_path']})"
        documented = [argument["name"] for argument in macro["arguments"]]
        defined = signature(macro)
        if documented != defined:
            problems.append(f"{where}: arguments documented {documented}, defined {defined}")
        for argument in macro["arguments"]:
            if not (argument.get("description") or "").strip():
                problems.append(f"{where}: argument {argument['name']} has no description")
            if argument.get("type") and not is_valid_type(argument["type"]):
                problems.append(
                    f"{where}: argument {argument['name']} has type {argument['type']!r}, not one dbt knows"
                )
    return problems


def test_every_macro_has_a_description(manifest: dict[str, Any]) -> None:
    assert project_macros(manifest), "the manifest lists no macros of the project"
    missing = undocumented(manifest)
    assert not missing, f"{len(missing)} macro(s) undocumented; {WHERE}:\n" + "\n".join(missing)


def test_every_macro_argument_is_described(manifest: dict[str, Any]) -> None:
    problems = argument_problems(manifest)
    assert not problems, f"macro arguments not (or wrongly) documented; {WHERE}:\n" + "\n".join(problems)


def test_the_checks_name_an_undocumented_macro() -> None:
    fake = {
        "metadata": {"project_name": "demo"},
        "macros": {
            "macro.demo.clean_phone": {
                "package_name": "demo",
                "name": "clean_phone",
                "original_file_path": str(Path("macros/text/clean_phone.sql")),
                "description": "",
                "arguments": [{"name": "expresion", "type": "varchar", "description": ""}],
                "macro_sql": "{% macro clean_phone(expression, country='us') %}{{ expression }}{% endmacro %}",
            },
            "macro.other_package.helper": {"package_name": "other_package", "name": "helper", "description": ""},
        },
    }
    assert undocumented(fake) == [f"clean_phone ({Path('macros/text/clean_phone.sql')}): no description"]
    problems = "\n".join(argument_problems(fake))
    assert "clean_phone" in problems and "helper" not in problems
    assert "documented ['expresion'], defined ['expression', 'country']" in problems
    assert "argument expresion has no description" in problems
    assert "type 'varchar'" in problems


# An import CTE names a relation and nothing else: `name as (select * from {{ ref(...) }})`.
IMPORT_CTE = re.compile(r"^\s*(\w+) as (\{\{ lead_scoring\.inline_cte\(\) \}\} )?\(\s*select \* from \{\{", re.M)


def import_ctes_not_inlined(sql: str) -> list[str]:
    """The import CTEs of a model's SQL that do not carry `{{ lead_scoring.inline_cte() }}`."""
    return [match.group(1) for match in IMPORT_CTE.finditer(sql) if not match.group(2)]


def test_every_import_cte_is_inlined() -> None:
    """DuckDB copies a CTE read twice; an import CTE must not be (macro inline_cte). Models and
    generic tests."""
    root = Path(__file__).parents[2]
    models = sorted([*(root / "models").rglob("*.sql"), *(root / "tests" / "generic").glob("*.sql")])
    found = {model.name: len(IMPORT_CTE.findall(model.read_text())) for model in models}
    assert sum(found.values()) > 90, found
    problems = [
        f"{model.relative_to(model.parents[2])}: {name} as ( -> {name} as {{{{ lead_scoring.inline_cte() }}}} ("
        for model in models
        for name in import_ctes_not_inlined(model.read_text())
    ]
    assert not problems, "\n".join(problems)


def test_the_import_cte_check_names_a_plain_import_cte() -> None:
    sql = (
        "with\n\nleads as (\n\n    select * from {{ ref('int_leads_resolved') }}\n\n),\n\n"
        "tiers as {{ lead_scoring.inline_cte() }} (\n\n    select * from {{ ref('score_tiers') }}\n\n),\n\n"
        "final as (\n\n    select * from leads\n\n)\n\nselect * from final\n"
    )
    assert import_ctes_not_inlined(sql) == ["leads"]
