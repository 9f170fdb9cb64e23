#!/usr/bin/env python3
"""The project's lineage as plain text, read from dbt's manifest, and README.md's copy of it kept in step.

The block lists every node once, grouped by layer in the order data flows (sources, seeds, then the
model folders staging, intermediate, marts, then any other model folder by name, then exposures):

    sources
      crm.leads       ->  stg_crm__leads
    staging
      stg_crm__leads  <-  crm.leads

`a  <-  b, c`: model a selects from b and c (its `ref`s and `source`s); sources and seeds, which
select from nothing, list their readers instead (`->`). Within a layer, a model comes after the
models it reads. Nothing is drawn by hand, so a new or renamed model changes one or two lines.

README.md holds the block between `<!-- lineage:start -->` and `<!-- lineage:end -->`.

Usage:
    python scripts/lineage.py [--manifest PATH]            print the block
    python scripts/lineage.py --check README.md            exit 1, printing a diff, when README's block differs
    python scripts/lineage.py --write README.md            rewrite README's block (nothing else)

PATH defaults to target/manifest.json under the project root; `dbt parse` writes it (`make lineage`
runs `dbt parse`, then `--write README.md`). Exit status: 0 in step (or written), 1 out of step,
2 a missing manifest or README block.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MANIFEST = PROJECT_ROOT / "target" / "manifest.json"
START_MARKER = "<!-- lineage:start -->"
END_MARKER = "<!-- lineage:end -->"
# Model folders (directly under models/) in the order data flows through them; any other folder
# follows them, by name.
MODEL_LAYERS = ("staging", "intermediate", "marts")
# Lines longer than this wrap their list of names onto continuation lines.
WIDTH = 100


class LineageError(Exception):
    """A problem the user has to fix (no manifest, no block in the README): exit status 2."""


@dataclass(frozen=True)
class Node:
    unique_id: str
    label: str
    section: str
    parents: tuple[str, ...]


def load_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise LineageError(f"{path} not found: run `dbt parse` first (`make lineage` does both)")
    with path.open(encoding="utf-8") as handle:
        manifest: dict[str, Any] = json.load(handle)
    return manifest


def _model_section(node: Mapping[str, Any]) -> str:
    # fqn is [project, *folders under models/, name]: the first folder is the layer.
    fqn = node["fqn"]
    return fqn[1] if len(fqn) > 2 else "models"


def collect_nodes(manifest: Mapping[str, Any]) -> dict[str, Node]:
    """The project's sources, seeds, models, snapshots and exposures, each with the nodes it reads."""
    project = manifest["metadata"]["project_name"]
    nodes: dict[str, Node] = {}
    for unique_id, source in manifest.get("sources", {}).items():
        if source["package_name"] == project:
            nodes[unique_id] = Node(unique_id, _label(unique_id, manifest, project), "sources", ())
    for unique_id, node in manifest.get("nodes", {}).items():
        if node["package_name"] != project:
            continue
        resource_type = node["resource_type"]
        if resource_type == "seed":
            section = "seeds"
        elif resource_type == "snapshot":
            section = "snapshots"
        elif resource_type == "model":
            section = _model_section(node)
        else:
            continue
        parents = tuple(dict.fromkeys(node.get("depends_on", {}).get("nodes", [])))
        nodes[unique_id] = Node(unique_id, _label(unique_id, manifest, project), section, parents)
    for unique_id, exposure in manifest.get("exposures", {}).items():
        if exposure["package_name"] == project:
            parents = tuple(dict.fromkeys(exposure.get("depends_on", {}).get("nodes", [])))
            nodes[unique_id] = Node(unique_id, _label(unique_id, manifest, project), "exposures", parents)
    return nodes


def _label(unique_id: str, manifest: Mapping[str, Any], project: str) -> str:
    """`source_name.table` for sources, the name otherwise; `package.` first when not the project's."""
    if unique_id in manifest.get("sources", {}):
        source = manifest["sources"][unique_id]
        name, package = f"{source['source_name']}.{source['name']}", source["package_name"]
    else:
        found = manifest.get("nodes", {}).get(unique_id) or manifest.get("exposures", {}).get(unique_id)
        if found is None:  # e.g. a metric or a disabled node: its id says what it is
            return unique_id
        name, package = found["name"], found["package_name"]
    return name if package == project else f"{package}.{name}"


def section_order(nodes: Iterable[Node]) -> list[str]:
    present = {node.section for node in nodes}
    fixed_before = ["sources", "seeds", "snapshots", *MODEL_LAYERS]
    fixed_after = ["exposures"]
    others = sorted(present - set(fixed_before) - set(fixed_after))
    return [section for section in [*fixed_before, *others, *fixed_after] if section in present]


def _depths(nodes: Mapping[str, Node]) -> dict[str, int]:
    """Longest chain of rendered parents above each node (0 for sources and seeds)."""
    depths: dict[str, int] = {}

    def depth(unique_id: str, visiting: frozenset[str]) -> int:
        if unique_id not in depths:
            parents = [p for p in nodes[unique_id].parents if p in nodes and p not in visiting]
            depths[unique_id] = 1 + max((depth(p, visiting | {unique_id}) for p in parents), default=-1)
        return depths[unique_id]

    for unique_id in nodes:
        depth(unique_id, frozenset())
    return depths


def render(manifest: Mapping[str, Any]) -> str:
    """The lineage block: a fenced code block, one line per node, grouped by layer."""
    nodes = collect_nodes(manifest)
    sections = section_order(nodes.values())
    rank = {section: index for index, section in enumerate(sections)}
    depths = _depths(nodes)
    readers: dict[str, list[str]] = {unique_id: [] for unique_id in nodes}
    for node in nodes.values():
        for parent in node.parents:
            if parent in readers:
                readers[parent].append(node.unique_id)

    def flow_key(unique_id: str) -> tuple[int, int, str]:
        # Unrendered parents (another package's nodes) sort first, as they are further upstream.
        node = nodes.get(unique_id)
        if node is None:
            return (-1, 0, _label(unique_id, manifest, manifest["metadata"]["project_name"]))
        return (rank[node.section], depths[unique_id], node.label)

    def parent_key(unique_id: str) -> tuple[bool, tuple[int, int, str]]:
        # Models a model reads come before the seeds (criteria tables) it reads.
        node = nodes.get(unique_id)
        return (node is not None and node.section in ("sources", "seeds"), flow_key(unique_id))

    def label(unique_id: str) -> str:
        node = nodes.get(unique_id)
        return node.label if node else _label(unique_id, manifest, manifest["metadata"]["project_name"])

    lines = ["```text"]
    for section in sections:
        members = sorted((n for n in nodes.values() if n.section == section), key=lambda n: flow_key(n.unique_id))
        width = max(len(n.label) for n in members)
        if len(lines) > 1:
            lines.append("")
        lines.append(section)
        for node in members:
            if section in ("sources", "seeds"):
                arrow, others = "->", sorted(readers[node.unique_id], key=flow_key)
                empty = "(read by no model)"
            else:
                arrow, others = "<-", sorted(node.parents, key=parent_key)
                empty = "(reads no other node)"
            names = [label(other) for other in others] or [empty]
            lines.extend(_wrap(f"  {node.label.ljust(width)}  {arrow}  ", names))
    lines.append("```")
    return "\n".join(lines) + "\n"


def _wrap(head: str, names: Sequence[str]) -> list[str]:
    """`head` then the comma-separated names, continued under the first name past WIDTH."""
    pieces = [f"{name}," for name in names[:-1]] + [names[-1]]
    lines, current = [], head + pieces[0]
    for piece in pieces[1:]:
        if len(current) + 1 + len(piece) > WIDTH:
            lines.append(current)
            current = " " * len(head) + piece
        else:
            current += " " + piece
    lines.append(current)
    return lines


def split_readme(text: str, readme: Path) -> tuple[str, str, str]:
    """(text up to and including the start marker line, the block, text from the end marker line)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == START_MARKER]
    ends = [i for i, line in enumerate(lines) if line.strip() == END_MARKER]
    if len(starts) != 1 or len(ends) != 1 or starts[0] > ends[0]:
        raise LineageError(
            f"{readme} must hold exactly one lineage block: a line `{START_MARKER}`, the fenced code block, "
            f"then a line `{END_MARKER}` (found {len(starts)} start and {len(ends)} end markers)"
        )
    start, end = starts[0], ends[0]
    return "".join(lines[: start + 1]), "".join(lines[start + 1 : end]), "".join(lines[end:])


def _shown(path: Path) -> str:
    """The path relative to the working directory when it is under it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check(readme: Path, manifest_path: Path) -> int:
    expected = render(load_manifest(manifest_path))
    _, actual, _ = split_readme(readme.read_text(encoding="utf-8"), readme)
    if actual == expected:
        print(f"{readme}: lineage block matches {_shown(manifest_path)}")
        return 0
    diff = difflib.unified_diff(
        actual.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{readme} (lineage block)",
        tofile=f"{_shown(manifest_path)} (dbt's lineage)",
    )
    sys.stdout.writelines(diff)
    print(
        f"{readme}: the lineage block differs from {_shown(manifest_path)}; `make lineage` rewrites it",
        file=sys.stderr,
    )
    return 1


def write(readme: Path, manifest_path: Path) -> int:
    expected = render(load_manifest(manifest_path))
    text = readme.read_text(encoding="utf-8")
    before, actual, after = split_readme(text, readme)
    if actual == expected:
        print(f"{readme}: lineage block already matches {_shown(manifest_path)}")
        return 0
    readme.write_text(before + expected + after, encoding="utf-8")
    print(f"{readme}: lineage block rewritten from {_shown(manifest_path)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--manifest", type=Path, default=DEFAULT_MANIFEST, help="dbt's manifest.json (default: %(default)s)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", type=Path, metavar="README", help="exit 1 with a diff when README's block differs")
    mode.add_argument("--write", type=Path, metavar="README", help="rewrite README's block from the manifest")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check(args.check, args.manifest)
        if args.write:
            return write(args.write, args.manifest)
        sys.stdout.write(render(load_manifest(args.manifest)))
        return 0
    except (LineageError, OSError) as error:
        print(f"lineage: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
