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
    """scripts/adapters/language.py → adapters.language; a package's __init__.py → its folder."""
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(SCRIPTS.rglob("*.py")) if module_name(path)}


def project_imports(path: Path, modules: set[str]) -> set[str]:
    """The scripts.* modules one file imports, anywhere in it."""
    names: set[str] = set()

    def add(dotted: str) -> None:  # "adapters.context" or "adapters" + ".context", as far as it exists
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
    assert "rules.registry" in graph["adapters.language"], graph  # known imports, read
    assert "rules.checks" in graph["rules.registry"], graph
    assert "adapters.context" in graph["adapters.printed"], graph
    assert "i18n.catalogs" in graph["i18n.interface"], graph


def test_no_import_cycle_in_scripts():
    found = cycles(import_graph())
    assert not found, (
        "import cycles in scripts/ (each group imports itself back): "
        + "; ".join(" ↔ ".join(group) for group in found)
        + " — move what both need into a module below them"
    )


# The layers of scripts/, top to bottom: one folder each (README, "How it fits together"). A module imports only
# modules of its own folder (without cycles, above) or of folders below it. scripts/site.py is the command's
# documented address (`python -m scripts.site`) and belongs to the command line.
LAYERS: tuple[tuple[str, str], ...] = (
    ("command line", "cli"),
    ("MkDocs adapters", "adapters"),
    ("rules", "rules"),
    ("renderers", "renderers"),
    ("post-processing", "postprocess"),
    ("i18n", "i18n"),
    ("configuration", "config"),
)
ENTRY_POINTS = {"site": "cli"}


def layer_of(modules) -> dict[str, int]:
    """{module: depth of its layer} for every module in a layer's folder (or an entry point of one)."""
    depth = {folder: index for index, (_, folder) in enumerate(LAYERS)}
    placed = {}
    for module in modules:
        folder = ENTRY_POINTS.get(module, module.split(".")[0])
        if folder in depth:
            placed[module] = depth[folder]
    return placed


def upward_imports(graph: dict[str, set[str]], depth: dict[str, int]) -> list[str]:
    """Every import of a module from a layer above its own, as 'a (layer) → b (layer)'."""
    return [
        f"{module} ({LAYERS[depth[module]][0]}) → {target} ({LAYERS[depth[target]][0]})"
        for module in sorted(graph)
        for target in sorted(graph[module])
        if target in depth and module in depth and depth[target] < depth[module]
    ]


def test_every_module_is_in_a_layer_folder():
    graph = import_graph()
    unplaced = sorted(set(graph) - set(layer_of(graph)))
    assert not unplaced, (
        f"scripts/ modules outside the layer folders: {unplaced} — move each into the folder of its layer "
        f"({', '.join(folder for _, folder in LAYERS)})"
    )
    folders = {path.name for path in SCRIPTS.iterdir() if (path / "__init__.py").is_file()}
    assert folders == {folder for _, folder in LAYERS}, f"scripts/ has package folders {sorted(folders)}"


def test_imports_only_run_down_the_layers():
    graph = import_graph()
    found = upward_imports(graph, layer_of(graph))
    assert not found, "imports that run up the layers (move what both need down, or pass it in):\n" + "\n".join(found)


def test_the_layer_check_finds_an_upward_import():
    """The check itself: a rule importing the command line is found; imports down or within a layer are not."""
    graph = {
        "rules.registry": {"cli.site", "rules.checks", "config.paths"},
        "rules.checks": {"config.paths"},
        "cli.site": {"rules.registry"},
        "site": {"cli.site"},
        "config.paths": set(),
    }
    assert upward_imports(graph, layer_of(graph)) == ["rules.registry (rules) → cli.site (command line)"]
    assert layer_of(["stray", "rules.x"]) == {"rules.x": 2}  # a module outside the folders has no layer


def test_readme_lists_every_module_in_its_layer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| layer | folder | modules |") :].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip(): line.split("|")[2:4] for line in table.splitlines()[2:]}
    graph = import_graph()
    missing = []
    for name, folder in LAYERS:
        shown_folder, modules = rows.get(name, ["", ""])
        if f"`scripts/{folder}/`" not in shown_folder:
            missing.append(f"layer '{name}' with its folder scripts/{folder}/")
        for module in sorted(graph):
            if module.split(".")[0] == folder and "." in module and f"{module.split('.', 1)[1]}.py" not in modules:
                missing.append(f"{module} (layer '{name}')")
    assert not missing, f"README's layer table does not list: {missing}"
