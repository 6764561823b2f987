"""Every page of every language at the desktop width (1280 px), visited once (browser_support.Tours).

The checks every width shares are browser_tour.py's (axe-core light and dark, the keyboard, no problem on
the way); this width adds the page weight, as a desktop browser loads the page:
each page's first view (HTML and everything it loads, as sent gzip-compressed by the test server) and its
repeat view (a reload with the cache the first view filled) stay within the budget below. The number of
requests and what they fetch is what the browser asks for, so it is measured in the browser.
"""

from __future__ import annotations

import urllib.parse

import pytest

pytest.register_assert_rewrite("browser_support", "browser_tour")
from browser_tour import (  # noqa: E402, F401  (the shared checks, collected in this file)
    test_axe_finds_no_violation,
    test_every_tab_stop_shows_a_visible_focus_indicator,
    test_glossary_words_show_their_tooltip_on_keyboard_focus,
    test_no_foreign_request_failed_request_console_error_or_policy_violation,
    test_skip_link_is_first_tab_stop_and_shows,
)

from browser_support import PageWatch, fresh_view_problems, new_context, settle, short  # noqa: E402
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser

# Page-weight budget. A plain Material site transfers about 83 KB compressed in 6 to 9 requests per first
# view. Issue 11's goal is at most 50 KB (stretch 40) in at most 4 requests; measured on 2026-12-05:
# 16.1-18.4 KB in 2 requests (the page with the style rules its own HTML uses inline, and
# material-on-use.js; the whole stylesheet, Material's bundle and search load on first use). With the
# whole stylesheet inline instead, pages weighed 24.8-26.9 KB: the budget sits below that, so a page that
# loses its per-page rules fails here, with room left for longer text. Do not raise these to make a page
# pass: make the page lighter.
KB = 1000
FIRST_VIEW_MAX_BYTES = 24 * KB
FIRST_VIEW_MAX_REQUESTS = 4
REPEAT_VIEW_MAX_BYTES = 2 * KB


@pytest.fixture(scope="module")
def viewport() -> str:
    return "1280px"


def _what_loads(visit, static_site) -> list[str]:
    """One line per request of a first view: bytes the server sent (headers + compressed body), type, URL."""
    sent = {hit.path: hit for hit in visit.first}
    lines = []
    for kind, url in visit.requests:
        hit = sent.get(urllib.parse.urlsplit(url).path)
        lines.append(
            f"    {hit.wire_bytes / KB:6.1f} KB  {kind:10} {url.removeprefix(static_site.url)}"
            if hit
            else f"    {'—':>6}     {kind:10} {url} (not answered by this site)"
        )
    return lines


@pytest.mark.parametrize("lang", LANGS)
def test_page_weight_within_budget(tours, static_site, lang, viewport):
    visits = tours.of(lang, viewport)
    table, over = [], []
    for visit in visits:
        within = (
            visit.first_bytes <= FIRST_VIEW_MAX_BYTES
            and len(visit.requests) <= FIRST_VIEW_MAX_REQUESTS
            and visit.repeat_bytes <= REPEAT_VIEW_MAX_BYTES
        )
        table.append(
            f"  {short(visit.url, static_site):32} first view {visit.first_bytes / KB:6.1f} KB "
            f"{len(visit.requests):3} requests   repeat view {visit.repeat_bytes / KB:5.1f} KB"
            f"{'' if within else '   OVER'}"
        )
        if not within:
            over.append(visit)
    if over:
        heaviest = max(over, key=lambda visit: (visit.first_bytes, len(visit.requests)))
        pytest.fail(
            f"{len(over)} of {len(visits)} {lang} pages over the page-weight budget (first view "
            f"≤ {FIRST_VIEW_MAX_BYTES / KB:.0f} KB and ≤ {FIRST_VIEW_MAX_REQUESTS} requests, repeat view "
            f"≤ {REPEAT_VIEW_MAX_BYTES / KB:.0f} KB; bytes as sent gzip-compressed, headers included):\n"
            + "\n".join(table)
            + f"\n\nwhat {short(heaviest.url, static_site)} loads on a first view:\n"
            + "\n".join(_what_loads(heaviest, static_site))
            + f"\nrepeat view ({heaviest.repeat_bytes} B): {len(heaviest.repeat)} requests reached the "
            f"server: {', '.join(f'{hit.path} {hit.status}' for hit in heaviest.repeat)}",
            pytrace=False,
        )


def test_a_page_seen_before_is_named_and_a_tab_made_new_is_not(browser, static_site, tours):
    """The tour goes from page to page in one tab (Tours._as_new): the first view's check must tell a page
    served from what the last one left from a first visit, or the page weight above could pass on a cache."""
    url = static_site.pages(LANGS[0])[0]
    context = new_context(browser, viewport="1280px")
    try:
        page = context.new_page()
        page.goto(url)
        settle(page)
        seen = []
        for made_new in (False, True):
            if made_new:
                tours._as_new(page, context.new_cdp_session(page))
            watch = PageWatch(static_site.url).attach(page)
            static_site.take()
            page.goto(url)
            settle(page)
            seen.append(fresh_view_problems(page, watch, static_site.take(), static_site))
            watch.detach(page)
    finally:
        context.close()
    again, new = seen
    assert again and "not a fresh one" in again[0], f"a second view of {url} passed as a first one: {again}"
    assert new == [], f"after Tours._as_new, {url} is still not a first visit: {new}"
