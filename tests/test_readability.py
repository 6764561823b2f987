"""Plain language, measured per page and per language (content standards, 'Plain language').

Measured as `make check` measures it: on each page as rendered (scripts/renderers/rendered_pages.py), macros included.
The whole table is printed at the end of every test run (conftest.pytest_terminal_summary).
"""

from __future__ import annotations

import functools

import pytest

from scripts.renderers.rendered_pages import render_pages
from scripts.rules.checks import READABILITY, check_readability

from conftest import LANGS, ROOT

pytestmark = pytest.mark.content  # the shipped pages, not the engine: make test runs it, make test-fast does not

PAGES = sorted(p.name for p in (ROOT / "docs" / "en").glob("*.md"))


@functools.cache
def rendered(lang: str) -> dict[str, str]:
    pages = render_pages(ROOT / f"mkdocs.{lang}.yml")
    assert pages is not None
    return pages


def measure(lang: str, page: str):
    path = ROOT / "docs" / lang / page
    return check_readability(
        f"docs/{lang}/{page}", lang, page, path.read_text(encoding="utf-8"), html=rendered(lang)[page]
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_is_within_the_readability_limit(lang, page):
    row, errors, _ = measure(lang, page)
    assert not errors, "\n".join(map(str, errors))
    assert row.measured_on == "page" and row.status != "too short", row
    rule = READABILITY[lang]
    assert row.score is not None and not rule.worse(row.score, rule.limit)
    assert row.long_sentences == 0, f"docs/{lang}/{page}: {row.long_sentences} sentence(s) over 25 words"


def test_english_pages_meet_the_grade_8_line():
    for page in PAGES:
        row, _, _ = measure("en", page)
        assert row.score is not None and row.score <= 8, f"docs/en/{page}: Flesch-Kincaid grade {row.score}"
