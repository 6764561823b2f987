"""Every page of every language at the phone width (375 px), visited once (browser_support.Tours).

The checks every width shares are browser_tour.py's (axe-core light and dark, the keyboard, no problem on
the way); this width adds the page's own style rules (scripts/postprocess/pages.py, issue 11): a page
arrives with the rules of Material's and the site's stylesheet that its elements, classes and attributes
use, and the whole stylesheet comes when the reader first uses the page (material-on-use.js). On every page
of the source language and of each right-to-left language (STYLE_LANGS: every kind of page, both
directions; the rules come from each page's own HTML by one mechanism in every language), before any use,
each element's computed style (and its ::before and ::after) is recorded, the whole stylesheet is applied
as material-on-use.js applies it, and the two must be the same, property for property: as the page arrives,
and with every link, button, field and glossary word in the states :focus, :focus-visible and :hover at once
(forced through the DevTools protocol: a real Tab would start loading the whole stylesheet).
The other states (dark desktop, menu and search open, print) are test_browser_critical_css.py's.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support", "browser_tour")
from browser_tour import (  # noqa: E402, F401  (the shared checks, collected in this file)
    test_axe_finds_no_violation,
    test_every_tab_stop_shows_a_visible_focus_indicator,
    test_glossary_words_show_their_tooltip_on_keyboard_focus,
    test_no_foreign_request_failed_request_console_error_or_policy_violation,
    test_skip_link_is_first_tab_stop_and_shows,
)

from browser_support import STYLE_LANGS, STYLE_VIEWPORT  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def viewport() -> str:
    return STYLE_VIEWPORT


def test_the_style_rules_are_compared_in_both_directions():
    assert len(STYLE_LANGS) >= 2, f"{STYLE_LANGS}: no right-to-left language to compare the style rules in"


@pytest.mark.parametrize("lang", STYLE_LANGS)
def test_every_page_looks_the_same_with_the_whole_stylesheet(tours, lang, viewport):
    visits = tours.of(lang, viewport)
    assert len(visits) >= 10, f"only {len(visits)} pages in {lang}"
    assert all(visit.style_changes is not None for visit in visits), "the tour did not compare the style rules"
    problems = [line for visit in visits for line in visit.style_changes or []]
    assert not problems, "the page's own rules miss some of the whole stylesheet's:\n" + "\n".join(problems)
