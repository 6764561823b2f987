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
    """scripts/adapters/language.py → build_hooks.language; a package's __init__.py → its folder."""
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
    allowed = {"paths", "problems", "project_config", "editor_files", "site_config", "settings_schema"}
    for bottom in ("paths", "problems", "project_config"):
        assert graph[bottom] <= allowed, f"scripts/{bottom}.py imports {sorted(graph[bottom] - allowed)}"


# The layers of scripts/, top to bottom (README, "How it fits together"). A module imports only modules of its
# own layer (without cycles, above) or of layers below it. A new module goes in the table here and in README's.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("command line", frozenset({"site", "lockfile"})),
    (
        "commands and MkDocs adapters",
        frozenset(
            {
                "check_command",
                "scaffold",
                "safe_mkdocs",
                "macros",
                "macros_signoff",
                "macros_timeline",
                "macros_accessibility",
                "build_hooks",
                "build_hooks.context",
                "build_hooks.language",
                "build_hooks.material_escaping",
                "build_hooks.page_html",
                "build_hooks.page_macros",
                "build_hooks.post_build",
                "build_hooks.printed",
                "build_hooks.templates",
            }
        ),
    ),
    (
        "rules",
        frozenset(
            {
                "rules",
                "checks",
                "content_rules",
                "page_roles",
                "page_versions",
                "language_check",
                "links_check",
                "signoff",
                "page_history",
                "typography",
                "search_words",
                "translation_status",
                "readability",
                "page_macros",
                "text_safety",
            }
        ),
    ),
    (
        "renderers",
        frozenset(
            {
                "timeline",
                "components",
                "bidi",
                "qr",
                "leaflet",
                "leaflet_cache",
                "pdf_text",
                "root_pages",
                "rendered_pages",
                "accessibility",
            }
        ),
    ),
    ("post-processing", frozenset({"postprocess"})),
    ("i18n", frozenset({"i18n", "catalogs"})),
    (
        "configuration",
        frozenset(
            {
                "project_config",
                "site_config",
                "settings_schema",
                "topic",
                "editor_files",
                "file_safety",
                "problems",
                "paths",
            }
        ),
    ),
)


def layer_of() -> dict[str, int]:
    return {module: depth for depth, (_, modules) in enumerate(LAYERS) for module in modules}


def upward_imports(graph: dict[str, set[str]], depth: dict[str, int]) -> list[str]:
    """Every import of a module from a layer above its own, as 'a (layer) → b (layer)'."""
    return [
        f"{module} ({LAYERS[depth[module]][0]}) → {target} ({LAYERS[depth[target]][0]})"
        for module in sorted(graph)
        for target in sorted(graph[module])
        if depth[target] < depth[module]
    ]


def test_every_module_has_a_layer():
    depth = layer_of()
    unplaced = sorted(set(import_graph()) - set(depth))
    gone = sorted(set(depth) - set(import_graph()))
    assert not unplaced, f"scripts/ modules in no layer: {unplaced} — add each to LAYERS here and to README's table"
    assert not gone, f"LAYERS names modules scripts/ no longer has: {gone}"


def test_imports_only_run_down_the_layers():
    found = upward_imports(import_graph(), layer_of())
    assert not found, "imports that run up the layers (move what both need down, or pass it in):\n" + "\n".join(found)


def test_the_layer_check_finds_an_upward_import():
    """The check itself: a rule importing the command line is found; imports down or within a layer are not."""
    depth = {"site": 0, "rules": 2, "checks": 2, "paths": 6}
    graph = {"rules": {"site", "checks", "paths"}, "checks": {"paths"}, "site": {"rules"}, "paths": set()}
    assert upward_imports(graph, depth) == ["rules (rules) → site (command line)"]


def test_readme_lists_every_module_in_its_layer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| layer | modules |") :].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in table.splitlines()[2:]}
    missing = []
    for name, modules in LAYERS:
        row = rows.get(name, "")
        for module in sorted(modules):
            shown = module.split(".", 1)[1] if module.startswith("build_hooks.") else f"{module}.py"
            if module != "build_hooks" and shown not in row:
                missing.append(f"{module} (layer '{name}')")
    assert not missing, f"README's layer table does not list: {missing}"
