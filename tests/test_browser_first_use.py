"""Material's script bundle costs a page view nothing until the reader uses the page (issue 11), in Chromium.

overrides/assets/javascripts/material-on-use.js loads it on the first touch, click, key, scroll or mouse move,
or at once when the address asks for search (?q=, ?h=), and switches light/dark itself until then:
- a page view requests the page and material-on-use.js, and neither the bundle, nor search, nor the whole
  stylesheet (the page inlines its own rules), which is applied once, after the page's rules, on first use;
- the light/dark switch works as the very first thing a reader touches, and stays switched once the bundle
  has started (it reads the palette where material-on-use.js left it): PALETTE_RUNS page loads in a row per
  language, each a fresh document, with no failure;
- the keyboard reaches the switch that shows, in the light palette and the dark one, with a ring the reader
  sees, and Enter switches the palette and keeps the focus on the switch shown then;
- a key (Tab), a scroll and a tap each load the bundle, which starts (html[data-md-bundle=ready]) once, and
  moves nothing in the header (Material shows its search button only once scripts run: were that left to the
  bundle, the buttons would shift under the reader's finger and the tap that loaded it land on another one);
- ?q=word opens search with its results, with no interaction at all;
- no console error and no Content-Security-Policy violation on the way.
In the source language and each right-to-left one (browser_support.LTR_AND_RTL): the script is the same in
every language; search in each language is test_browser_search.py's.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

pytest.register_assert_rewrite("browser_support")
from test_browser_search import result_links, search_word  # noqa: E402

from browser_support import (  # noqa: E402
    FOCUS_STATE_JS,
    LTR_AND_RTL,
    MATERIAL_SCHEME,
    PageWatch,
    focus_problem,
    motionless,
    new_context,
    policy_violations,
    settle,
    watch_policy,
)

pytestmark = pytest.mark.browser

PALETTE_RUNS = 10
BUNDLE_RE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")
# Search proper: the index, Material's worker, the stemmers (not the 1 KB stand-in the bundle starts).
SEARCH_RE = re.compile(r"search_index\.full\.json|/workers/search\.[0-9a-f]{8}\.min\.js|/lunr/")
WHOLE_CSS_RE = re.compile(r"/assets/stylesheets/site\.[0-9a-f]{12}\.css$")
# The whole stylesheet applied right after the page's own rules (material-on-use.js), before the bundle ran.
WHOLE_CSS_JS = """() => { const link = document.querySelector('style[data-on-use] + link[rel=stylesheet]');
  return link && link.sheet ? link.getAttribute('href') === link.previousElementSibling.dataset.onUse : null; }"""
READY_JS = "() => document.documentElement.getAttribute('data-md-bundle') === 'ready'"
SCHEME_JS = "() => document.body.getAttribute('data-md-color-scheme')"
SWITCH = "[data-md-component=palette] label:not([hidden])"
HEADER_BOXES_JS = """() => [...document.querySelectorAll('.md-header__inner > *, .md-header__option > *')]
  .map(e => { const r = e.getBoundingClientRect(); return [e.tagName, Math.round(r.x), Math.round(r.width)]; })"""
OTHER = {"default": "slate", "slate": "default"}


def _paths(watch: PageWatch, pattern: re.Pattern) -> list[str]:
    return [request.url for request in watch.requests if pattern.search(urlsplit(request.url).path)]


def _arrive(page, url: str, base: str) -> PageWatch:
    watch = PageWatch(base).attach(page)
    page.goto(url)
    settle(page)
    return watch


def _leave(page, watch: PageWatch) -> None:
    """Stop watching, then leave the page: what the bundle started (search's stand-in) may still be on its
    way, and leaving cuts it off (net::ERR_ABORTED), which is the test moving on, not a failed request."""
    watch.detach(page)
    page.goto("about:blank")


def _problems(page, watch: PageWatch) -> list[str]:
    return watch.problems() + policy_violations(page)


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_the_light_dark_switch_works_as_the_first_thing_touched(browser, static_site, lang):
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    failures = []
    try:
        page = context.new_page()
        for run in range(1, PALETTE_RUNS + 1):
            watch = _arrive(page, f"{static_site.url}{lang}/", static_site.url)
            try:
                early = _paths(watch, BUNDLE_RE)
                before = page.evaluate(SCHEME_JS)
                page.locator(SWITCH).click()
                page.wait_for_function(READY_JS)
                settle(page)  # what the bundle fetches when it starts (the search settings)
                after = page.evaluate(SCHEME_JS)
                shown = page.eval_on_selector_all(
                    "[data-md-component=palette] input", "inputs => inputs.map(i => !i.nextElementSibling.hidden)"
                )
                problems = _problems(page, watch)
                if early:
                    problems.append(f"the bundle loaded before any use: {early}")
                if after != OTHER.get(before):
                    problems.append(f"the switch went from {before!r} to {after!r}")
                if shown.count(True) != 1:
                    problems.append(f"{shown.count(True)} switches shown, not one")
                if problems:
                    failures.append(f"run {run}: " + "; ".join(problems))
            finally:
                _leave(page, watch)
    finally:
        context.close()
    assert not failures, f"the light/dark switch, {lang} home page at 375px:\n" + "\n".join(failures)


# The focused palette radio, and whether the switch after it (its <label>) shows.
PALETTE_FOCUS_JS = """() => { const el = document.activeElement;
  return el && el.name === '__palette' ? {id: el.id, shown: !el.nextElementSibling.hidden} : null; }"""
HEADER_TAB_STOPS = 6  # the skip link, the menu button, the switch: well within


def _tab_to_switch(page) -> dict | None:
    for _ in range(HEADER_TAB_STOPS):
        page.keyboard.press("Tab")
        if focused := page.evaluate(PALETTE_FOCUS_JS):
            return focused
    return None


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_the_keyboard_reaches_the_switch_shown_in_either_palette(browser, static_site, lang, scheme):
    """Tab stops on a radio group's checked button, or on its first when none is checked: unless the current
    palette's radio is checked, the dark palette's Tab stop is the light palette's radio, whose switch is
    hidden, and the reader sees no focus at all."""
    context = new_context(browser, viewport="375px", scheme=scheme)
    watch_policy(context)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.goto(f"{static_site.url}{lang}/aftercare/")
        settle(page)
        motionless(page)
        focused = _tab_to_switch(page)
        assert focused, f"{lang}, {scheme}: {HEADER_TAB_STOPS} Tab stops did not reach the light/dark switch"
        assert focused["shown"], f"{lang}, {scheme}: Tab reached #{focused['id']}, whose switch is hidden"
        assert focus_problem(page.evaluate(FOCUS_STATE_JS)) is None, f"{lang}, {scheme}: the switch's focus"
        before = page.evaluate(SCHEME_JS)
        assert before == MATERIAL_SCHEME[scheme]
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => ({SCHEME_JS})() === '{OTHER[before]}'")
        page.wait_for_function(READY_JS)  # the key loaded the bundle
        settle(page)
        motionless(page)  # the new palette's colours without their fade
        after = page.evaluate(PALETTE_FOCUS_JS)
        assert after and after["shown"], f"{lang}, {scheme}: after Enter the focus is on {after}"
        assert focus_problem(page.evaluate(FOCUS_STATE_JS)) is None, f"{lang}, {scheme}: the focus after Enter"
        problems = _problems(page, watch)
    finally:
        context.close()
    assert problems == []


FIRST_USES = {
    "Tab": lambda page: page.keyboard.press("Tab"),
    "scroll": lambda page: page.mouse.wheel(0, 600),
    "tap": lambda page: page.locator("article h1").tap(),
}


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_a_page_view_loads_the_bundle_on_first_use_only(browser, static_site, lang):
    context = new_context(browser, viewport="375px", has_touch=True)
    watch_policy(context)
    problems = []
    try:
        page = context.new_page()
        for name, use in FIRST_USES.items():
            watch = _arrive(page, f"{static_site.url}{lang}/aftercare/", static_site.url)
            try:
                if early := _paths(watch, BUNDLE_RE) + _paths(watch, SEARCH_RE) + _paths(watch, WHOLE_CSS_RE):
                    problems.append(f"{name}: loaded before any use: {early}")
                if page.evaluate("() => document.documentElement.hasAttribute('data-md-bundle')"):
                    problems.append(f"{name}: the bundle was asked for before any use")
                page.evaluate("() => window.scrollTo(0, 0)")
                header = page.evaluate(HEADER_BOXES_JS)
                use(page)
                page.wait_for_function(READY_JS)
                settle(page)
                page.evaluate("() => window.scrollTo(0, 0)")
                if (moved := page.evaluate(HEADER_BOXES_JS)) != header:
                    problems.append(f"{name}: the header moved when the bundle started: {header} → {moved}")
                if len(loaded := _paths(watch, BUNDLE_RE)) != 1:
                    problems.append(f"{name}: the bundle was requested {len(loaded)} times, not once: {loaded}")
                if page.evaluate(WHOLE_CSS_JS) is not True:
                    problems.append(f"{name}: the whole stylesheet is not applied after the page's own rules")
                if len(sheets := _paths(watch, WHOLE_CSS_RE)) != 1:
                    problems.append(f"{name}: the whole stylesheet was requested {len(sheets)} times: {sheets}")
                if _paths(watch, SEARCH_RE):
                    problems.append(f"{name}: search loaded with the bundle, before any query")
                problems += [f"{name}: {problem}" for problem in _problems(page, watch)]
            finally:
                _leave(page, watch)
    finally:
        context.close()
    assert not problems, f"{lang}: \n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_an_address_with_a_query_opens_search_untouched(browser, static_site, site, lang):
    word = search_word(site, lang)
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.goto(f"{static_site.url}{lang}/?q={quote(word)}")
        links = result_links(page)
        problems = _problems(page, watch)
    finally:
        context.close()
    assert any(f"/{lang}/aftercare/" in link for link in links), links
    assert problems == []
