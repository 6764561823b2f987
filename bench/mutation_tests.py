"""The tests `make mutation` runs against each mutant: those that run in the test process only.

A pytest plugin (`-p bench.mutation_tests`, set in pyproject.toml [tool.mutmut]). mutmut runs the tests in
its copy of the project (mutants/), where there is no built site and no browser; and a test
that builds a project copy or starts another process would also take minutes per mutant. So a test is left
out when it, or any fixture or test-suite helper it reaches, builds or starts something:

- it is marked `slow`, `browser`, `build` or `content` (the shipped pages' own tests);
- it uses a fixture of the built site, of a project copy or of the browser (OUT_OF_PROCESS_FIXTURES, and every
  fixture tests/browser_support.py defines);
- the source of the test, of a fixture it uses, or of a helper function of the tests it calls (followed
  through the helpers they call in turn) names something that copies, builds or starts a process
  (OUT_OF_PROCESS_WORDS), or reads the project's code as text for its gettext strings (CODE_AS_TEXT_WORDS).

It is worked out from the tests at collection, not from a list of files, so that a test moved, split or added
is measured the same way: the score before and after a reorganisation of the tests counts the same kind of
tests.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

# `content`: the shipped pages' own tests (the whole check on them reads the code's gettext strings as text).
OUT_OF_PROCESS_MARKERS = frozenset({"slow", "browser", "build", "content"})
OUT_OF_PROCESS_FIXTURES = frozenset({"site", "offline_site", "project"})
# Fixtures every test gets that start nothing themselves: the guard of `make test-fast` (it names subprocess to
# refuse builds, and is a no-op outside FAST_TESTS=1).
IN_PROCESS_FIXTURES = frozenset({"_unit_tests_build_nothing"})
OUT_OF_PROCESS_WORDS = (
    "copy_project",
    "build_copy",
    "built_once",
    "lay_project_files",
    "subprocess",
    "scripts.site",
    "sys.executable",
    "playwright",
    "chromium",
)
# gettext's extraction reads scripts/ as text, and mutmut's copy of a module holds every mutant's strings beside the
# original's: a test comparing the extracted strings with the catalogs fails on the copy before any mutant runs.
CODE_AS_TEXT_WORDS = ("extract_from_file", "used_messages", "catalogs import check")
TESTS = Path(__file__).resolve().parent.parent / "tests"


def names_used(code: types.CodeType) -> set[str]:
    """The global names a function's code reads, its nested functions' and comprehensions' included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_used(const)
    return names


def is_test_helper(value: object, tests: Path) -> bool:
    """A plain function written in the test suite (a helper or fixture body), not the project's code."""
    if not inspect.isfunction(value):
        return False
    try:
        return Path(inspect.getfile(value)).resolve().is_relative_to(tests)
    except (TypeError, ValueError):
        return False


def reaches_out_of_process(
    functions: Iterable[Callable[..., object]],
    tests: Path = TESTS,
    words: tuple[str, ...] = OUT_OF_PROCESS_WORDS + CODE_AS_TEXT_WORDS,
) -> str | None:
    """The first word of `words` in the source of these functions or of the test-suite helpers they call,
    as 'function: word'; None if they stay in the process."""
    queue = list(functions)
    seen: set[object] = set()
    while queue:
        function = inspect.unwrap(queue.pop())
        if function in seen:
            continue
        seen.add(function)
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        found = next((word for word in words if word in source), None)
        if found:
            return f"{function.__qualname__}: {found}"
        code = getattr(function, "__code__", None)
        if code is None:
            continue
        scope = getattr(function, "__globals__", {})
        queue.extend(scope[name] for name in names_used(code) if is_test_helper(scope.get(name), tests))
    return None


def why_left_out(item: pytest.Item, plugin_fixtures: frozenset[str] = frozenset(), tests: Path = TESTS) -> str | None:
    """Why this test does not run against mutants (one reason), or None if it runs in the process only."""
    marked = sorted(OUT_OF_PROCESS_MARKERS & {mark.name for mark in item.iter_markers()})
    if marked:
        return f"marked {marked[0]}"
    fixtures = set(getattr(item, "fixturenames", ()))
    uses = sorted(fixtures & (OUT_OF_PROCESS_FIXTURES | plugin_fixtures))
    if uses:
        return f"uses the fixture {uses[0]}"
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    functions: list[Callable[..., object]] = [
        d.func for defs in definitions for d in defs if d.argname not in IN_PROCESS_FIXTURES
    ]
    test_function = getattr(item, "function", None)
    if test_function is not None:
        functions.append(test_function)
    reached = reaches_out_of_process(functions, tests)
    return f"reaches {reached}" if reached else None


def browser_fixtures(config: pytest.Config) -> frozenset[str]:
    """The fixtures tests/browser_support.py defines (the browser, the static server and what uses them)."""
    plugin = config.pluginmanager.get_plugin("browser_support")
    if plugin is None:
        return frozenset()
    return frozenset(
        getattr(value, "name", None) or name
        for name, value in vars(plugin).items()
        if getattr(value, "_pytestfixturefunction", None) is not None
        or type(value).__name__ == "FixtureFunctionDefinition"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    plugin_fixtures = browser_fixtures(config)
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        (left_out if why_left_out(item, plugin_fixtures) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Keep tests/conftest.py from printing the readability table after every mutant's run.

    It measures every page again (seconds, after each of the thousands of runs) when a readability test
    passed; the table is for people reading `make test`, not for a mutant's verdict, which is pytest's exit
    code. Only the reports of tests that did not fail are dropped: a failure is still shown.
    """
    for outcome, reports in terminalreporter.stats.items():
        if outcome not in ("failed", "error"):
            reports[:] = [r for r in reports if "test_readability" not in getattr(r, "nodeid", "")]


def clear_caches(modules: Iterable[types.ModuleType]) -> int:
    """Empty every functools cache these modules hold at their top level; how many were emptied.

    mutmut forks each mutant's run from a process that already ran the tests: a cached result worked out by the
    original code would be served to the mutant's run, and a mutant of a cached function, or of one it calls,
    would survive without ever running.
    """
    cleared = 0
    for module in modules:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()
                cleared += 1
    return cleared


def pytest_sessionstart(session: pytest.Session) -> None:
    clear_caches(module for name, module in list(sys.modules.items()) if name.split(".")[0] == "scripts" and module)
