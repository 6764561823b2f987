"""Plain language, measured per page and per language (content standards, 'Plain language').

The whole table is printed at the end of every test run (conftest.pytest_terminal_summary).
"""

from __future__ import annotations

import pytest

from scripts.checks import READABILITY, check_readability

from conftest import LANGS, ROOT

PAGES = sorted(p.name for p in (ROOT / "docs" / "en").glob("*.md"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_is_within_the_readability_limit(lang, page):
    path = ROOT / "docs" / lang / page
    row, errors, _ = check_readability(f"docs/{lang}/{page}", lang, page, path.read_text(encoding="utf-8"))
    assert not errors, "\n".join(map(str, errors))
    if row.status == "too short":  # the glossary page is one sentence and the generated list
        assert page == "glossary.md"
        return
    rule = READABILITY[lang]
    assert row.score is not None and not rule.worse(row.score, rule.limit)
    assert row.long_sentences == 0, f"{path}: {row.long_sentences} sentence(s) over 25 words"


def test_english_pages_meet_the_grade_8_line():
    for page in PAGES:
        row, _, _ = check_readability(
            f"docs/en/{page}", "en", page, (ROOT / "docs" / "en" / page).read_text(encoding="utf-8")
        )
        assert row.score is None or row.score <= 8, f"docs/en/{page}: Flesch-Kincaid grade {row.score}"
