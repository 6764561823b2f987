"""The project's Python imports run one way (README, "How it fits together").

Every `import scripts.…` / `from scripts… import …` of scripts/ is read with ast, wherever it stands (at
module level or inside a function), and the graph they draw must have no cycle: a module that imports,
however indirectly, one that imports it back is a cycle hidden or not.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SCRIPTS = ROOT / "scripts"


def module_name(path: Path) -> str:
    """scripts/build_hooks/language.py → build_hooks.language; a package's __init__.py → its folder."""
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(SCRIPTS.rglob("*.py")) if module_name(path)}


def project_imports(path: Path, modules: set[str]) -> set[str]:
    """The scripts.* modules one file imports, anywhere in it."""
    names: set[str] = set()

    def add(dotted: str) -> None:  # "build_hooks.context" or "build_hooks" + ".context", as far as it exists
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        if dotted:
            names.add(dotted)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("scripts."):
                    add(alias.name.removeprefix("scripts."))
        elif isinstance(node, ast.ImportFrom) and node.module and (node.module + ".").startswith("scripts."):
            base = node.module.removeprefix("scripts").lstrip(".")
            for alias in node.names:
                add(f"{base}.{alias.name}".lstrip("."))
    return names - {module_name(path)}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: project_imports(path, set(modules)) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), each as a path that closes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_cycle():
    """The finder itself: a two-module loop and a three-module loop are found, a chain is not."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert cycles(graph) == [["a", "b"], ["c", "d", "e"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_import_graph_is_read():
    graph = import_graph()
    assert "rules" in graph["build_hooks.language"] and "checks" in graph["rules"], graph  # known imports, read
    assert "build_hooks.context" in graph["build_hooks.printed"], graph
    assert "catalogs" in graph["i18n"], graph


def test_no_import_cycle_in_scripts():
    found = cycles(import_graph())
    assert not found, (
        "import cycles in scripts/ (each group imports itself back): "
        + "; ".join(" ↔ ".join(group) for group in found)
        + " — move what both need into a module below them"
    )


def test_the_configuration_layer_imports_nothing_above_it():
    """paths, problems and project_config are the bottom: they import only each other and file readers."""
    graph = import_graph()
    allowed = {"paths", "problems", "project_config", "editor_files", "site_config"}
    for bottom in ("paths", "problems", "project_config"):
        assert graph[bottom] <= allowed, f"scripts/{bottom}.py imports {sorted(graph[bottom] - allowed)}"
