"""Bad input from editors fails the build, naming the file, the field and the fix — all at once.

Each kind of bad input is a unit test of the build's rules: the registry's build profile runs in process on a
tiny project (tests/tiny_project.py) with the one problem seeded, and the exact line is asserted. The build
itself is the subject once: one copy of the project with every kind seeded, each into its own page, built
once (`build --no-leaflets en`); it must stop with exit 1, print each problem's line, all at once, and no
traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scripts.cli.site import _build_problems
from scripts.rules import links_check, registry

from conftest import assert_no_traceback, build_copy, copy_project
from tiny_project import write_page, write_tiny_project

# name: (text in the page, what replaces it, the line expected). {page} is the page's path as the build
# prints it, regex-escaped; {target} another page of the language, that has no heading 'no-such-heading'.
CASES = {
    "missing field": (
        "\nsources:\n",
        "\nsource:\n",
        r"{page}:\d+: front matter 'sources': missing — add 'sources:'",
    ),
    "malformed front matter": (
        "sources:\n",
        "sources: [unclosed\n",
        r"{page}:\d+: front matter is not valid YAML",
    ),
    "date that is not a date": (
        "\nsources:\n",
        "\nclinical_review:\n  date: 25/11/2026\nsources:\n",
        r"{page}:4: front matter 'clinical_review\.date': '25/11/2026' is not a date — write it as YYYY-MM-DD",
    ),
    "a review the sign-off does not name": (
        "\nsources:\n",
        "\nlast_reviewed: 2026-11-25\nsources:\n",
        r"{page}:4: front matter 'last_reviewed': a page does not state its own review — remove it",
    ),
    "description too long": (
        "description: ",
        "description: " + "Very long words here. " * 8,
        r"{page}:3: front matter 'description': \d+ characters, at most 160 allowed — shorten it",
    ),
    "title that is a number": (
        "title: ",
        "title: 123",
        r"{page}:2: front matter 'title': expected text, got int — write it as plain text",
    ),
    "broken link": (
        "\n# ",
        "\nSee [aftercare](after-care.md).\n\n# ",
        r"{page}:\d+: link 'after-care\.md': no such page in docs/en/ — check the file name",
    ),
    "broken anchor": (
        "\n# ",
        "\nSee [aftercare]({target}#no-such-heading).\n\n# ",
        r"{page}:\d+: link '{target}#no-such-heading': {target} has no heading with the id 'no-such-heading' — "
        r"use the id of one of its headings",
    ),
    "raw script": (
        "\n# ",
        "\n<script>alert(1)</script>\n\n# ",
        r"{page}:\d+: unsafe HTML: raw <script> element — remove it",
    ),
    "raw iframe": (
        "\n# ",
        '\n<iframe src="https://video.example.org/x"></iframe>\n\n# ',
        r"{page}:\d+: unsafe HTML: raw <iframe> element",
    ),
    "event handler": (
        "\n# ",
        '\n<p onclick="steal()">Click</p>\n\n# ',
        r"{page}:\d+: unsafe HTML: inline event handler \(on…= attribute\)",
    ),
    "inline style": (
        "\n# ",
        '\n<p style="color:red">Important</p>\n\n# ',
        r"{page}:\d+: unsafe HTML: inline style attribute \(style=…\) — remove it",
    ),
    "javascript link": (
        "\n# ",
        "\n[Click](javascript:alert(1))\n\n# ",
        r"{page}:\d+: unsafe HTML: javascript: link — link to a page",
    ),
    "a typo in a building block": (
        "\n# ",
        "\n{% call do_lists() %}\n- Rest.\n{% endcall %}\n\n# ",
        r"{page}:\d+: 'do_lists' is not a building block \(the building blocks: .*care_card.*\) — "
        r"write only the building blocks CONTRIBUTING\.md shows",
    ),
}


def _seed(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    if old == "title: ":  # the whole title line: the new title replaces the old one
        text = re.sub(r"^title: .*$", new, text, count=1, flags=re.M)
    else:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _expected(case: str, page: str, target: str) -> str:
    return CASES[case][2].format(page=re.escape(f"docs/en/{page}"), target=re.escape(target))


# --- each rule of the build, in process, on a tiny project -------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_by_the_build_rules(tmp_path, case):
    root = write_tiny_project(tmp_path / "project")
    write_page(root, "en", page="other.md")
    old, new, _ = CASES[case]
    _seed(root / "docs" / "en" / "index.md", old, new.replace("{target}", "other.md"))
    result = registry.run("build", root=root, langs=["en"], today=dt.date(2026, 6, 1))
    errors = [str(p) for p in result.errors]
    pattern = _expected(case, "index.md", "other.md")
    assert any(re.match(pattern, line) for line in errors), f"{pattern!r} not in {errors}"
    # the clean page beside it has nothing to report
    assert not [line for line in errors if line.startswith("docs/en/other.md")], errors


def test_the_clean_tiny_project_passes_the_build_rules(tmp_path):
    root = write_tiny_project(tmp_path / "project")
    write_page(root, "en", page="other.md")
    assert registry.run("build", root=root, langs=["en"], today=dt.date(2026, 6, 1)).errors == []


# --- the build itself: every kind seeded into one copy, built once ----------------------------------

# Which page of the copy each kind goes into: one kind per page where the line number is asserted (front
# matter), so that one problem's edit does not move another's line; pages without a role: line, where the
# line is fixed.
PAGES = {
    "date that is not a date": "session.md",
    "a review the sign-off does not name": "questions.md",
    "description too long": "why-hands-age.md",
    "title that is a number": "who-it-is-for.md",
    "missing field": "compared.md",
    "malformed front matter": "what-is-mesotherapy.md",
    "broken link": "index.md",
    "broken anchor": "about.md",
    "raw script": "consultation-sheet.md",
    "raw iframe": "glossary.md",
    "event handler": "accessibility.md",
    "inline style": "results.md",
    "javascript link": "results.md",
    "a typo in a building block": "aftercare.md",
}
# A page without building blocks: the build's link rule knows all its headings. A link into a page with
# care cards or do/don't lists is left to MkDocs' own check (test_mkdocs_anchor_warning_becomes_one_line).
ANCHOR_TARGET = "session.md"


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory) -> str:
    """The output of one build of a copy with every kind of bad input seeded (exit status checked here)."""
    project = copy_project(tmp_path_factory.mktemp("bad-input") / "project")
    for case, page in PAGES.items():
        old, new, _ = CASES[case]
        _seed(project / "docs" / "en" / page, old, new.replace("{target}", ANCHOR_TARGET))
    result = build_copy(project, "en")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    return output


def test_every_kind_has_its_page_in_the_shared_build():
    assert set(PAGES) == set(CASES)


@pytest.mark.slow
def test_the_build_stops_without_a_traceback(bad_build):
    assert_no_traceback(bad_build)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_the_build_with_its_line(bad_build, case):
    pattern = _expected(case, PAGES[case], ANCHOR_TARGET)
    assert re.search(pattern, bad_build, re.M), f"{pattern!r} not in build output:\n{bad_build}"


# --- what the build says of MkDocs' own link checks --------------------------------------------------


def test_a_link_into_a_page_with_building_blocks_is_left_to_mkdocs():
    blocks = '---\ntitle: t\n---\n\n# Aftercare\n\n{% call care_card("urgent") %}\n- x\n{% endcall %}\n'
    assert links_check.heading_ids(blocks) is None
    assert links_check.heading_ids(blocks.replace("care_card", "no_block")) == {"aftercare"}


def test_mkdocs_link_warnings_become_one_line_each():
    # MkDocs 1.6.1's own wording (mkdocs/structure/pages.py), as the strict build prints it
    output = (
        "WARNING -  Doc file 'session.md' contains a link 'aftercare.md#no-such-heading', but the doc "
        "'aftercare.md' does not contain an anchor '#no-such-heading'.\n"
        "WARNING -  Doc file 'session.md' contains a link 'after-care.md', but the target 'after-care.md' is not "
        "found among documentation files.\n"
        "INFO    -  Cleaning site directory\n"
    )
    assert _build_problems(output, "docs/en") == [
        "docs/en/session.md: link 'aftercare.md#no-such-heading': docs/en/aftercare.md has no heading with the id "
        "'#no-such-heading' — use the id of one of its headings (lower case, words joined by -)",
        "docs/en/session.md: link 'after-care.md': no such page in docs/en/ — check the file name; pages link to "
        "each other by file name, e.g. [the next page](next-page.md)",
    ]
