"""The building blocks a page may call ({{ timeline(…) }}, {% call care_card("urgent") %} … {% endcall %}),
and nothing else: a page is content, never code.

Jinja can reach Python from a template (`{{ ''.__class__.__mro__ }}`, `{{ lipsum.__globals__ }}`), read
files (`{% include %}`, `{% import %}`) and expose the build's settings. So a page's Jinja is first read
as a syntax tree and allowed only as calls of the project's macros (scripts/adapters/macros.py) with plain values
(text, numbers, lists of them) as arguments, or `{% call macro(…) %} … {% endcall %}` around Markdown;
anything else is refused as `path:line: what — fix`, every one at once. What passes is rendered in Jinja's
sandbox with those macros as its only names: no filters, tests or other globals.

`page_macro_problems` is the rule (make check, and the build before any page is rendered);
`PageMacros` is what scripts/adapters/macros.py's `define_env` registers its macros on (the interface
mkdocs-macros-plugin gave it: `conf`, `page`, `macro`), and renders a page's Markdown
(scripts/adapters/page_macros.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from scripts.config.problems import Problem

FIX = "write only the building blocks CONTRIBUTING.md shows ('Building blocks'), with values in quotes"
# Jinja's statements, named as an editor wrote them.
STATEMENTS = {
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Include: "{% include %}",
    nodes.Extends: "{% extends %}",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.For: "{% for %}",
    nodes.If: "{% if %}",
    nodes.Macro: "{% macro %}",
    nodes.Block: "{% block %}",
    nodes.With: "{% with %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Scope: "{% with %}",
    nodes.ScopedEvalContextModifier: "{% autoescape %}",
}
LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.TemplateData)


def environment(macros: dict[str, Callable] | None = None) -> ImmutableSandboxedEnvironment:
    """Jinja's sandbox with the given macros as its only names: no filters, tests or default globals
    (range, lipsum, cycler, joiner, namespace, dict); an unknown name is an error, not empty text."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    env.globals.update(macros or {})
    return env


def _describe(node: nodes.Node) -> str:
    for kind, name in STATEMENTS.items():
        if isinstance(node, kind):
            return name
    if isinstance(node, nodes.Name):
        return f"the name '{node.name}'"
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return "reaching into a value (. or [ ])"
    if isinstance(node, nodes.Filter):
        return f"the filter '|{node.name}'"
    if isinstance(node, nodes.Test):
        return f"the test 'is {node.name}'"
    if isinstance(node, nodes.Call):
        return "calling what a call gives"
    return f"Jinja {type(node).__name__.lower()}"


def _literal(node: nodes.Node) -> bool:
    return isinstance(node, LITERALS) and all(_literal(child) for child in node.iter_child_nodes())


class _Checker:
    def __init__(self, names: Iterable[str], report: Callable[[int, str], None]):
        self.names = frozenset(names)
        self.report = report

    def call(self, node: nodes.Node) -> None:
        """A call of one of the macros, with plain values."""
        if not isinstance(node, nodes.Call):
            self.report(node.lineno, f"{_describe(node)} is not allowed in a page")
            return
        target = node.node
        if not isinstance(target, nodes.Name):
            self.report(node.lineno, f"{_describe(target)} is not allowed in a page")
            return
        if target.name not in self.names:
            known = ", ".join(sorted(self.names))
            self.report(node.lineno, f"'{target.name}' is not a building block (the building blocks: {known})")
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            self.report(node.lineno, f"{target.name}(): * and ** are not allowed in a page")
        for value in [*node.args, *(keyword.value for keyword in node.kwargs)]:
            if not _literal(value):
                self.report(value.lineno, f"{target.name}(): {_describe(value)} is not allowed as a value")

    def body(self, body: list[nodes.Node]) -> None:
        for node in body:
            if isinstance(node, nodes.Output):
                for item in node.nodes:
                    if not isinstance(item, nodes.TemplateData):
                        self.call(item)
            elif isinstance(node, nodes.CallBlock):
                self.call(node.call)
                if node.args or node.defaults:
                    self.report(node.lineno, "{% call(…) %} with arguments is not allowed in a page")
                self.body(node.body)
            else:
                self.report(node.lineno, f"{_describe(node)} is not allowed in a page")


def page_macro_problems(path: str, body: str, names: Iterable[str], *, first_line: int = 1) -> list[Problem]:
    """What in a page's Markdown (without its front matter, starting on `first_line`) is Jinja other than
    calls of the macros `names`; each problem names its line."""
    if "{" not in body:
        return []
    problems: list[Problem] = []

    def report(lineno: int, message: str) -> None:
        problems.append(Problem(path, first_line + lineno - 1, message, FIX))

    try:
        tree = environment().parse(body)
    except TemplateSyntaxError as exc:
        report(exc.lineno or 1, f"a building block is not written right ({exc.message})")
        return problems
    _Checker(names, report).body(tree.body)
    return problems


def page_problems(path: str, text: str) -> list[Problem]:
    """The rule over a whole page (front matter and Markdown): its Jinja is only the project's macros."""
    from scripts.rules.content_rules import split_front_matter

    _, body, first_line = split_front_matter(text)
    return page_macro_problems(path, body, macro_names(), first_line=first_line)


# The building blocks a page may call: the allowlist this rule checks pages against, written out here (the
# rules sit below scripts/adapters/macros.py, which implements them and registers exactly these names on PageMacros;
# tests/test_content_is_data_code.py checks that the two agree).
BUILDING_BLOCKS = frozenset(
    {
        "care_card",
        "do_list",
        "dont_list",
        "clinic_contact",
        "notes_space",
        "glossary",
        "timeline",
        "course",
        "signoff_statement",
        "accessibility_statement",
    }
)


def macro_names() -> frozenset[str]:
    """The names pages may call (BUILDING_BLOCKS)."""
    return BUILDING_BLOCKS


class PageMacros:
    """The macros of the project, registered by scripts/adapters/macros.py's `define_env`, and the page being
    rendered: what mkdocs-macros-plugin gave `define_env` (`conf`, `page`, `macro`), and no more."""

    def __init__(self, conf) -> None:
        self.conf = conf
        self.page = None
        self.macros: dict[str, Callable] = {}
        self._environment: ImmutableSandboxedEnvironment | None = None

    def macro(self, function: Callable) -> Callable:
        self.macros[function.__name__] = function
        self._environment = None
        return function

    @property
    def environment(self) -> ImmutableSandboxedEnvironment:
        if self._environment is None:
            self._environment = environment(self.macros)
        return self._environment

    def problems(self, path: str, markdown: str, *, first_line: int = 1) -> list[Problem]:
        return page_macro_problems(path, markdown, self.macros, first_line=first_line)

    def render(self, markdown: str, page=None) -> str:
        """The page's Markdown with its building blocks written out; check `problems` first. Every page is
        rendered, as mkdocs-macros-plugin did (Jinja drops the text's last newline): the same HTML."""
        self.page = page
        try:
            return self.environment.from_string(markdown).render()
        except Exception as exc:  # a macro's own refusal (an unknown kind, a missing sentence): its line
            raise MacroCallError(_template_line(exc.__traceback__), exc) from None
        finally:
            self.page = None


class MacroCallError(ValueError):
    """A building block refused its call; `line` is the line of the call in the Markdown rendered."""

    def __init__(self, line: int, error: Exception):
        self.line = line
        self.error = error
        super().__init__(" ".join(str(error).split()) or type(error).__name__)


def _template_line(trace) -> int:
    """The line of the Markdown being rendered where the error arose (Jinja names its frames <template>)."""
    line = 1
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
