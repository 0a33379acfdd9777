"""The modules under hooks/guide import each other in one direction only: no import cycles,
counting imports made only for type checking (they still tie the modules together)."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "guide"


def imports_of(source: str, modules: set[str]) -> set[str]:
    """The sibling modules one module's source imports (relative or as guide.X)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base.startswith("guide"):
                base = base.removeprefix("guide").lstrip(".")
                if base:
                    found.add(base.split(".")[0])
                else:  # from . import a, b
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("guide."))
    return found & modules


def import_graph(package: Path) -> dict[str, set[str]]:
    files = {p.stem: p for p in package.glob("*.py")}
    return {name: imports_of(path.read_text(encoding="utf-8"), set(files)) - {name}
            for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), as a list of names."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_among_guide_modules():
    assert cycles(import_graph(PACKAGE)) == []


def test_the_cycle_finder_sees_a_cycle_through_a_type_checking_import():
    a = "from .b import x\n"
    b = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import Site\n"
    c = "from . import a, problem\n"
    names = {"a", "b", "c", "problem"}
    graph = {"a": imports_of(a, names), "b": imports_of(b, names), "c": imports_of(c, names), "problem": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_urls_live_apart_from_the_generators_and_the_checks():
    graph = import_graph(PACKAGE)
    assert graph["urls"] == set()
    assert "generators" not in graph["site_build"]
