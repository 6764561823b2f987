"""One registry of rules, three profiles: everything the build checks, `make check` checks too.

The profiles run in process on a tiny project (tests/tiny_project.py) seeded with one problem of each kind
the build checks besides the pages' own fields, in every language at once."""

from __future__ import annotations

import re

import pytest

from scripts.cli import check_command
from scripts.rules import registry as rules

from conftest import LANGS
from tiny_project import write_page, write_tiny_project

LEVEL = {"warning": 1, "error": 2}


def test_every_build_rule_also_runs_in_check_and_release_at_least_as_strictly():
    for item in rules.REGISTRY:
        assert item.levels, item.name
        if "build" in item.levels:
            assert "check" in item.levels or item.name == "signoff", item.name
        for weaker, stronger in (("build", "release"), ("check", "release")):
            if weaker in item.levels and item.name != "signoff-summary":
                assert LEVEL[item.levels[stronger]] >= LEVEL[item.levels[weaker]], item.name


def test_rule_names_are_unique_and_described():
    names = [item.name for item in rules.REGISTRY]
    assert len(names) == len(set(names))
    table = rules.describe()
    assert all(name in table for name in names)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A tiny project with one problem of each kind the build checks besides the pages' own fields."""
    project = write_tiny_project(tmp_path_factory.mktemp("rules") / "project", LANGS)
    base = project / "mkdocs.yml"
    base.write_text(
        base.read_text(encoding="utf-8")
        .replace('phone: ""', 'phone: "call us"', 1)
        .replace("  - index.md\n", "  - index.md\n  - gone.md\n", 1),
        encoding="utf-8",
    )
    for lang in LANGS:
        glossary = project / "glossary" / f"{lang}.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n- term: \n  definition: x\n", encoding="utf-8")
        write_page(project, lang, "See [this](no-such-page.md) and [that](index.md#no-such-heading).")
    return project


@pytest.fixture(scope="module")
def found(broken):
    """The errors of the check and of the build, all languages at once, as editors read them."""
    return {
        "check": [str(p) for p in check_command.run_checks(root=broken).errors],
        "build": [str(p) for lang in LANGS for p in rules.run("build", root=broken, langs=[lang]).errors],
    }


def test_check_reports_what_the_build_refuses_all_at_once(broken, found):
    errors = found["check"]
    assert any(
        e.startswith("mkdocs.yml:") and "extra.clinic.phone: 'call us' is not a phone number" in e for e in errors
    ), errors
    assert any("nav lists gone.md, which is not in docs/" in e for e in errors), errors
    for lang in LANGS:
        page = f"docs/{lang}/index.md"
        assert any(e.startswith(f"glossary/{lang}.yml") and "'term' is empty" in e for e in errors), errors
        assert any(e.startswith(f"{page}:") and "link 'no-such-page.md': no such page" in e for e in errors), errors
        assert any(
            e.startswith(f"{page}:")
            and "link 'index.md#no-such-heading': index.md has no heading with the id 'no-such-heading'" in e
            for e in errors
        ), errors


def test_everything_the_build_refuses_the_check_refuses_too(found):
    # The build refuses the clinic's phone, the glossaries and the links: every one of its errors, in every
    # language, is an error of the check as well, with the same file, line and words.
    assert found["build"], "the build refuses the seeded problems"
    assert set(found["build"]) <= set(found["check"]), set(found["build"]) - set(found["check"])


def test_only_the_seeded_problems_are_reported_one_line_each(found):
    # The tiny project is clean but for what the fixture seeds: nothing else is reported, and each error
    # is one line `path:line: what — fix`.
    seeded = ("mkdocs.yml:", *(f"glossary/{lang}.yml" for lang in LANGS), *(f"docs/{lang}/index.md:" for lang in LANGS))
    for error in found["check"]:
        assert error.startswith(seeded), error
        assert "\n" not in error and re.match(r"^[\w./-]+(:\d+)?:? .+ — .+$", error), error
