"""One registry of rules, three profiles: everything the build checks, `make check` checks too."""

from __future__ import annotations

import pytest

from scripts.cli import check_command
from scripts.rules import registry as rules

from conftest import LANGS, copy_project

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
    """One copy with one problem of each kind the build checks besides the pages."""
    project = copy_project(tmp_path_factory.mktemp("rules") / "project")
    base = project / "mkdocs.yml"
    base.write_text(
        base.read_text(encoding="utf-8")
        .replace('phone: ""', 'phone: "call us"', 1)
        .replace("  - about.md\n", "  - about.md\n  - gone.md\n", 1),
        encoding="utf-8",
    )
    for lang in LANGS:
        glossary = project / "glossary" / f"{lang}.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n- term: \n  definition: x\n", encoding="utf-8")
        page = project / "docs" / lang / "session.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nSee [this](no-such-page.md) and "
            "[that](results.md#no-such-heading).\n",
            encoding="utf-8",
        )
    return project


@pytest.mark.parametrize("lang", LANGS)
def test_check_reports_what_the_build_refuses_all_at_once(broken, lang):
    errors = [str(p) for p in check_command.run_checks([lang], root=broken).errors]
    expected = [
        "mkdocs.yml:",  # the clinic's phone, with its line
        f"glossary/{lang}.yml entry",
        f"docs/{lang}/session.md:",
    ]
    assert any(
        e.startswith("mkdocs.yml:") and "extra.clinic.phone: 'call us' is not a phone number" in e for e in errors
    ), errors
    assert any(e.startswith(f"glossary/{lang}.yml") and "'term' is empty" in e for e in errors), errors
    assert any(
        e.startswith(f"docs/{lang}/session.md:") and "link 'no-such-page.md': no such page" in e for e in errors
    ), errors
    assert any(
        "link 'results.md#no-such-heading': results.md has no heading with the id 'no-such-heading'" in e
        for e in errors
    ), errors
    assert any("nav lists gone.md, which is not in docs/" in e for e in errors), errors
    assert expected
