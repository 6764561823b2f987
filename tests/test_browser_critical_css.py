"""Each page inlines only the style rules its own HTML uses (scripts/postprocess/pages.py, issue 11), in Chromium:
the states a page's visit at the phone width does not show.

A page arrives with Material's and the site's rules that its elements, classes and attributes use; the whole
stylesheet comes when the reader first uses the page (material-on-use.js), before Material's bundle runs.
If the page's part missed a rule, the reader would see the page change when the whole arrives, or never see
that rule at all without script. So, before any use, each element's computed style (and its ::before and
::after) is recorded, the whole stylesheet is applied as material-on-use.js applies it, without the bundle,
and the two must be the same, property for property (browser_support.whole_stylesheet_changes). Every page
as it arrives and focused and hovered, at the phone width, is test_browser_tour_phone.py's; here, in the
source language and each right-to-left one (STYLE_LANGS):
- the home and results pages at desktop width, dark;
- the home page at phone width with the menu and then the search box opened (states the HTML and CSS
  alone give, without script), light and dark;
- the home, results and glossary pages as printed (print media: a reader may print before any use).
Transitions are off (the end state is what counts). A difference names the element and the properties.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import (  # noqa: E402
    STYLE_LANGS,
    motionless,
    new_context,
    policy_violations,
    settle,
    watch_policy,
    whole_stylesheet_changes,
)

pytestmark = pytest.mark.browser

OPEN = {"menu": "#__drawer", "search": "#__search"}
MISSED = "the page's own rules miss some of the whole stylesheet's:\n"


def _compare(browser, urls: list[tuple[str, str | None]], *, media: str = "screen", **context_options) -> list[str]:
    """Each (page, what is opened on it) in one profile: what the whole stylesheet changes, and any policy
    violation on the way."""
    context = new_context(browser, **context_options)
    watch_policy(context)
    problems = []
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        for url, opened in urls:
            page.goto(url)
            settle(page)
            motionless(page)  # before anything opens: its end state is what counts
            if opened:
                page.evaluate("selector => { document.querySelector(selector).checked = true; }", OPEN[opened])
            problems += whole_stylesheet_changes(page, f"{url}{f' ({opened} open)' if opened else ''}")
            problems += policy_violations(page)
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("lang", STYLE_LANGS)
def test_home_and_results_look_the_same_with_the_whole_stylesheet_on_a_dark_desktop(browser, static_site, lang):
    urls = [(f"{static_site.url}{lang}/{path}", None) for path in ("", "results/")]
    problems = _compare(browser, urls, viewport="1280px", scheme="dark")
    assert not problems, MISSED + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", STYLE_LANGS)
def test_the_open_menu_and_search_look_the_same_with_the_whole_stylesheet(browser, static_site, lang, scheme):
    urls = [(f"{static_site.url}{lang}/", opened) for opened in OPEN]
    problems = _compare(browser, urls, viewport="375px", scheme=scheme)
    assert not problems, MISSED + "\n".join(problems)


@pytest.mark.parametrize("lang", STYLE_LANGS)
def test_printed_pages_look_the_same_with_the_whole_stylesheet(browser, static_site, lang):
    urls = [(f"{static_site.url}{lang}/{path}", None) for path in ("", "results/", "glossary/")]
    problems = _compare(browser, urls, media="print", viewport="1280px")
    assert not problems, "the page's own print rules miss some of the whole stylesheet's:\n" + "\n".join(problems)
