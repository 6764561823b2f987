"""What editors write is data, never code: a page's Jinja is only the project's building blocks, in Jinja's
sandbox; every YAML is read by the safe loader (no Python tags, no key twice, no alias bomb), MkDocs' own
included, so that the preview refuses what the build refuses. Pure functions, and one run of the preview on a
bare tiny project (tests/tiny_project.py) with the project's code beside it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tracemalloc
import types
import uuid
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, TemplateAssertionError, UndefinedError

from scripts.adapters import macros
from scripts.adapters import page_macros as page_macros_hook
from scripts.config.editor_files import (
    MAX_YAML_EXPANSION,
    EditorFileError,
    EditorLoader,
    parse_yaml,
    read_mkdocs_config,
    setting_lines,
)
from scripts.config.site_config import load_glossary
from scripts.rules import page_macros
from scripts.rules import registry as rules
from scripts.rules.content_rules import check_page
from scripts.rules.page_macros import MacroCallError, PageMacros, page_macro_problems, page_problems

from conftest import LANGS, ROOT, assert_no_traceback
from tiny_project import write_bare_project

BUILDING_BLOCKS = {
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
SHIPPED_PAGES = sorted((ROOT / "docs").glob("*/*.md"))


# --- A page's Jinja: the building blocks only ------------------------------------------------------------

HOSTILE = {
    "dunder chain": ("{{ ''.__class__.__mro__ }}", "reaching into a value"),
    "lipsum globals": ("{{ lipsum.__globals__ }}", "reaching into a value"),
    "config": ("{{ config }}", "the name 'config'"),
    "environment": ("{{ environment }}", "the name 'environment'"),
    "page": ("{{ page.title }}", "reaching into a value"),
    "self": ("{{ self }}", "the name 'self'"),
    "import": ("{% import 'os' as os %}", "{% import %}"),
    "from import": ("{% from 'x' import y %}", "{% from … import %}"),
    "include": ("{% include 'mkdocs.yml' %}", "{% include %}"),
    "extends": ("{% extends 'base.html' %}", "{% extends %}"),
    "set": ("{% set x = course %}", "{% set %}"),
    "for": ("{% for x in [1] %}{{ x }}{% endfor %}", "{% for %}"),
    "macro": ("{% macro m() %}x{% endmacro %}", "{% macro %}"),
    "cycler": ("{{ cycler('a').__init__.__globals__ }}", "reaching into a value"),
    "joiner called": ("{{ joiner()() }}", "calling what a call gives"),
    "namespace": ("{{ namespace(a=1) }}", "'namespace' is not a building block"),
    "range": ("{{ range(99999999) }}", "'range' is not a building block"),
    "filter": ("{{ course('hand', 'span') | upper }}", "the filter '|upper'"),
    "attribute of a block": ("{{ glossary.__globals__ }}", "reaching into a value"),
    "name as a value": ("{{ timeline('x', after_first=config) }}", "the name 'config' is not allowed as a value"),
    "star args": ("{{ course(*['a', 'span']) }}", "* and ** are not allowed"),
    "call with arguments": ("{% call(x) care_card('urgent') %}- {{ x }}{% endcall %}", "with arguments"),
    "inside a care card": ("{% call care_card('urgent') %}\n- {{ lipsum() }}\n{% endcall %}", "'lipsum'"),
    "unclosed": ("{{ timeline('x', ", "not written right"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_jinja_other_than_the_building_blocks_is_refused_with_its_line(case):
    source, expected = HOSTILE[case]
    body = "Some words.\n\n" + source + "\n"
    problems = page_macro_problems("docs/en/x.md", body, BUILDING_BLOCKS, first_line=8)
    assert problems, case
    assert any(expected in p.message for p in problems), problems
    assert all(p.path == "docs/en/x.md" and p.line >= 10 for p in problems), problems
    assert all("CONTRIBUTING.md" in p.fix for p in problems)


def test_the_line_of_a_refused_expression_counts_the_front_matter():
    text = "---\ntitle: x\n---\n\nOne.\n\n{{ config }}\n"
    (problem,) = page_problems("docs/en/x.md", text)
    assert problem.line == 7


def test_the_building_blocks_as_pages_write_them_pass():
    body = (
        '{% call care_card("urgent") %}\n- you have trouble breathing\n{% endcall %}\n\n'
        "{% call do_list() %}\n- rest\n{% endcall %}\n"
        '{{ timeline("hand-mesotherapy", after_first="A sentence.", from_third="B.") }}\n'
        'About {{ course("hand-mesotherapy", "span") }}. {{ notes_space(lines=4) }} {{ glossary() }}\n'
        "{# a comment #} {% raw %}{{ shown as it is }}{% endraw %}\n"
    )
    assert page_macro_problems("p.md", body, BUILDING_BLOCKS) == []


@pytest.mark.parametrize("path", SHIPPED_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shipped_page_uses_only_the_building_blocks(path):
    assert page_problems(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")) == []


def test_the_pages_have_exactly_the_project_macros():
    """scripts/adapters/macros.py registers on PageMacros what mkdocs-macros-plugin gave it: the names are the same."""
    assert page_macros.macro_names() == BUILDING_BLOCKS
    env = PageMacros({"theme": {"language": "en"}})
    macros.define_env(env)
    assert set(env.environment.globals) == BUILDING_BLOCKS
    assert not env.environment.filters and not env.environment.tests


def _sandbox() -> PageMacros:
    env = PageMacros({})
    env.macro(lambda: "BLOCK")  # registered under its name, "<lambda>", unreachable from Jinja
    env.macro(_shout)
    return env


def _shout(text: str = "x") -> str:
    return text.upper()


@pytest.mark.parametrize(
    "source, error",
    [
        ("{{ ''.__class__.__mro__ }}", SecurityError),
        ("{{ _shout.__globals__ }}", SecurityError),
        ("{{ _shout.__call__.__self__ }}", SecurityError),
        ("{{ lipsum() }}", UndefinedError),
        ("{{ range(3) }}", UndefinedError),
        ("{{ 'a' | upper }}", TemplateAssertionError),  # no filters at all: refused when compiled
        ("{{ 'a' is string }}", TemplateAssertionError),  # nor tests
        ("{{ [].append(1) }}", SecurityError),  # the immutable sandbox: no changing a value
    ],
)
def test_the_sandbox_refuses_even_what_the_rule_would_have_missed(source, error):
    """Defence in depth: rendered without the rule's check, the sandbox has no way out."""
    with pytest.raises(MacroCallError) as caught:
        _sandbox().render(source)
    assert isinstance(caught.value.error, error), repr(caught.value.error)


def test_the_sandbox_renders_the_macros_like_the_plugin_did():
    env = _sandbox()
    # Jinja drops the Markdown's last newline, as mkdocs-macros-plugin's environment did: the same HTML.
    assert env.render('A {{ _shout("word") }} B\n') == "A WORD B"
    assert env.render("No Jinja here.\n\n") == "No Jinja here.\n"


def _hook_page(tmp_path: Path, markdown: str):
    path = tmp_path / "docs" / "en" / "x.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: x\n---\n" + markdown, encoding="utf-8")
    file = types.SimpleNamespace(abs_src_path=str(path), src_uri="x.md", content_string=path.read_text())
    return types.SimpleNamespace(file=file)


def test_the_hook_refuses_hostile_jinja_before_rendering(tmp_path, caplog):
    config = {"theme": {"language": "en"}, "extra": {}}
    page_macros_hook.on_config(config)
    page = _hook_page(tmp_path, "Text.\n\n{{ lipsum.__globals__['os'].system('true') }}\n")
    with pytest.raises(Exception, match="the build stopped"):
        page_macros_hook.on_page_markdown(
            "Text.\n\n{{ lipsum.__globals__['os'].system('true') }}\n", page, config, None
        )
    assert any(":6: reaching into a value" in record.getMessage() for record in caplog.records), caplog.text


def test_the_hook_names_the_line_of_a_building_block_that_refuses_its_call(tmp_path, caplog):
    config = {"theme": {"language": "en"}, "extra": {}}
    page_macros_hook.on_config(config)
    markdown = 'One.\n\n{% call care_card("bogus") %}\n- x\n{% endcall %}\n'
    with pytest.raises(Exception, match="the build stopped"):
        page_macros_hook.on_page_markdown(markdown, _hook_page(tmp_path, markdown), config, None)
    assert any(
        ":6: a building block's call is wrong (care_card: unknown kind 'bogus'" in r.getMessage()
        for r in caplog.records
    ), caplog.text


@pytest.mark.parametrize(
    "source, expected",
    [
        ('{% call do_list(level="3 onclick=alert(1)") %}\n- a\n{% endcall %}', "level='3 onclick=alert(1)'"),
        ('{% call care_card("urgent", level=0) %}\n- a\n{% endcall %}', "level=0: give a whole number from 2 to 6"),
        ("{% call dont_list(level=True) %}\n- a\n{% endcall %}", "level=True"),
        ("{{ notes_space(lines=100000000) }}", "lines=100000000: give a whole number from 1 to 40"),
        ("{{ notes_space(lines='6') }}", "lines='6'"),
        ('{{ care_card("urgent") }}', "care_card must be used as {% call care_card"),
        ("{{ do_list() }}", "do_list must be used as {% call do_list() %}"),
    ],
)
def test_the_building_blocks_refuse_values_that_would_reach_the_html_or_exhaust_the_build(source, expected):
    env = PageMacros({"theme": {"language": "en"}, "extra": {"clinic": {}}})
    macros.define_env(env)
    assert page_macro_problems("p.md", source, env.macros) == []  # plain values: the rule lets them through
    with pytest.raises(MacroCallError, match=re.escape(expected)):
        env.render(source)


def test_the_building_blocks_render_with_their_usual_values():
    env = PageMacros({"theme": {"language": "en"}, "extra": {"clinic": {}}})
    macros.define_env(env)
    html = env.render("{% call do_list(level=4) %}\n- rest\n{% endcall %}\n{{ notes_space(lines=3) }}")
    assert '<h4 class="do-dont__heading">' in html and html.count('class="notes__line"') == 3


def test_mkdocs_yml_renders_pages_with_the_sandbox_not_the_macros_plugin():
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    assert "macros" not in (config.get("plugins") or {})
    assert "scripts/adapters/page_macros.py" in config["hooks"]


def test_the_building_blocks_rule_runs_in_every_profile_and_stops_the_build():
    (item,) = [item for item in rules.REGISTRY if item.name == "page-building-blocks"]
    assert item.levels == {"build": "error", "check": "error", "release": "error"} and item.fatal


# --- YAML is data ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_a_python_tag_is_refused_and_never_run(tmp_path, value):
    marker = tmp_path / "ran"
    text = "a: 1\nb: " + value.format(marker=marker) + "\n"
    with pytest.raises(EditorFileError) as caught:
        parse_yaml(text, "data/x.yml")
    assert str(caught.value.problem).startswith("data/x.yml:2: a Python tag (!!python/")
    assert not marker.exists()


def _front_matter_page(extra: str, date: str = "2026-11-25") -> str:
    """A page whose own clinical review (line 4) is dated `date`; `extra` lines go first in its front matter."""
    return (
        f"---\n{extra}title: Your session\ndescription: What happens during a session.\n"
        f'clinical_review: {{name: "Dr A. Example", role: "dermatologist", date: {date}}}\n'
        'sources:\n  - "A source."\n---\n\n# Your session\n\nWords here.\n'
    )


def test_a_key_twice_in_front_matter_names_the_second_line():
    _, problems = check_page("docs/en/session.md", _front_matter_page("title: One\n"))
    (problem,) = problems
    assert problem.line == 3 and problem.message == "front matter: 'title' is given twice (first on line 2)"


def test_a_key_twice_in_a_glossary_names_the_second_line(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "en.yml").write_text(
        "- term: collagen\n  definition: A protein.\n  definition: Another.\n", encoding="utf-8"
    )
    assert [str(p) for p in load_glossary("en", tmp_path / "glossary")[1]] == [
        "glossary/en.yml:3: 'definition' is given twice (first on line 2) — keep one of them: YAML would silently "
        "use the last"
    ]


@pytest.mark.parametrize(
    "line",
    [r"^strict: .*\n", r"^    phone: .*\n"],  # the top of mkdocs.yml; the clinic's block, whatever it holds
)
def test_a_key_twice_in_mkdocs_yml_names_the_second_line(tmp_path, line):
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(line, text, re.M)
    assert found, line
    expected = text[: found.start()].count("\n") + 2
    (tmp_path / "mkdocs.yml").write_text(text[: found.end()] + found.group(0) + text[found.end() :], encoding="utf-8")
    with pytest.raises(EditorFileError) as caught:
        read_mkdocs_config(tmp_path / "mkdocs.yml", tmp_path)
    assert caught.value.problem.line == expected
    assert "is given twice (first on line" in caught.value.problem.message


def _alias_bomb(levels: int = 9, indent: str = "") -> str:
    lines = [f"{indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_without_expanding_it():
    tracemalloc.start()
    try:
        with pytest.raises(EditorFileError) as caught:
            parse_yaml(_alias_bomb(), "glossary/en.yml")  # 9**9: about 387 million values written out
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"the aliases (*name) stand for more than {MAX_YAML_EXPANSION} values" in str(caught.value)
    assert peak < 5_000_000, f"{peak} bytes to refuse it"


def test_an_alias_bomb_in_front_matter_and_in_mkdocs_yml_is_refused(tmp_path):
    _, problems = check_page("docs/en/session.md", _front_matter_page(_alias_bomb()))
    assert [p.line for p in problems] == [2] and "stand for more than" in problems[0].message
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "bomb:\n" + _alias_bomb(indent="  "), encoding="utf-8"
    )
    with pytest.raises(EditorFileError, match="stand for more than"):
        read_mkdocs_config(config, tmp_path)
    assert len(setting_lines(config.read_text(encoding="utf-8"))) < 400  # each repeated node walked once


def test_aliases_within_the_limit_and_merge_keys_still_read():
    text = "base: &base {paper: A4, pages: 3}\nleaflet:\n  <<: *base\n  pages: 4\nsame: *base\n"
    assert parse_yaml(text, "x.yml") == {
        "base": {"paper": "A4", "pages": 3},
        "leaflet": {"paper": "A4", "pages": 4},
        "same": {"paper": "A4", "pages": 3},
    }


def test_an_alias_that_contains_itself_is_refused():
    with pytest.raises(EditorFileError, match="refers to the value that contains it"):
        parse_yaml("a: &a [1, *a]\n", "x.yml")


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_values_nested_past_the_parser_limit_are_one_line(depth):
    with pytest.raises(EditorFileError, match=r"^x\.yml:1: "):
        parse_yaml("a: " + "[" * depth + "]" * depth + "\n", "x.yml")


def test_values_nested_past_python_s_own_limit_are_one_line():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(300)  # a deep call stack (MkDocs, a plugin) leaves less room than here
    try:
        with pytest.raises(EditorFileError, match="values nested too deeply"):
            parse_yaml("a: " + "[" * 400 + "]" * 400 + "\n", "x.yml")
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-01", "2026-00-10", "20260230", "soon", "25/11/2026"])
def test_an_impossible_date_is_one_line_not_a_traceback(date):
    _, problems = check_page("docs/en/session.md", _front_matter_page("", date=date))
    assert [(p.line, p.fix) for p in problems] == [(4, "write it as YYYY-MM-DD, e.g. 2026-11-25")], problems
    assert "is not a date" in problems[0].message


def test_the_loader_reads_an_impossible_date_or_an_endless_number_as_text():
    assert parse_yaml("d: 2026-02-30\nn: " + "9" * 5000 + "\n", "x.yml") == {"d": "2026-02-30", "n": "9" * 5000}
    assert parse_yaml("d: 2026-02-28\n", "x.yml") == {"d": dt.date(2026, 2, 28)}


def test_mkdocs_reads_its_configuration_with_the_safe_loader(tmp_path, monkeypatch):
    """scripts/adapters/safe_mkdocs.py: what the preview runs, so that a config saved while it runs is refused too."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml as mkdocs_yaml

    from scripts.adapters.safe_mkdocs import make_mkdocs_loader_safe

    monkeypatch.setattr(mkdocs_yaml.get_yaml_loader, "__defaults__", mkdocs_yaml.get_yaml_loader.__defaults__)
    make_mkdocs_loader_safe()
    assert issubclass(mkdocs_yaml.get_yaml_loader(), EditorLoader)
    marker = tmp_path / "ran"
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(ConfigurationError, match="a Python tag"):
        load_config(str(tmp_path / "mkdocs.yml"))
    assert not marker.exists()
    # MkDocs' own tag and INHERIT still work through it.
    monkeypatch.setenv("SANDBOX_SITE_NAME", "From the environment")
    (tmp_path / "mkdocs.yml").write_text("site_name: !ENV [SANDBOX_SITE_NAME, x]\n", encoding="utf-8")
    (tmp_path / "mkdocs.fr.yml").write_text("INHERIT: mkdocs.yml\nsite_dir: out\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    assert load_config(str(tmp_path / "mkdocs.fr.yml"))["site_name"] == "From the environment"


def test_every_shipped_config_reads_with_the_safe_loader():
    for lang in LANGS:
        config = read_mkdocs_config(ROOT / f"mkdocs.{lang}.yml", ROOT)
        assert config["theme"]["language"] == lang and config["extra"]["alternate"]


# --- The preview refuses what the build refuses ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.build
def test_the_preview_refuses_a_python_tag_in_mkdocs_yml_and_runs_nothing(tmp_path):
    # The command run is the project's own (python -m scripts.site from the project's folder): its code beside
    # a tiny project, which it reads nothing of but its configuration before it refuses.
    project = write_bare_project(tmp_path / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    marker = Path("/tmp") / f"pwned-{uuid.uuid4().hex}"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    config.write_text(text + f'strict: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.site", "serve", "en", "--port", str(_free_port())],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "RELEASE"},
    )
    try:
        output, _ = server.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate(timeout=30)
        pytest.fail("the preview started on a mkdocs.yml with a Python tag")
    try:
        assert server.returncode == 1, output
        assert f"error: mkdocs.yml:{line}: a Python tag (!!python/object/apply)" in output, output
        assert_no_traceback(output)
        assert not marker.exists(), "the tag in mkdocs.yml ran a command"
    finally:
        marker.unlink(missing_ok=True)
