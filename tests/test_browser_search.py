"""Search as a reader uses it, in Chromium: it never fails, and costs a page view nothing until used.

- it works every time: online (the local static server) and offline (site-offline/ from file://, in
  test_browser_search_offline.py, a file of its own so that the two run side by side under `make test`), in
  the source language, a page is loaded and a word typed, at least SEARCH_RUNS times in a row, and every run
  shows results that include the page the word comes from, all in that language. What is repeated is the
  start of search on a new document (Material's bundle, its worker, the index download, the first query
  against the index's arrival), where a race would show; the runs go through every page of the language
  (online, its 404 page too), half at the phone width and half at the desktop width, each width in a fresh
  profile whose first run starts from an empty cache. They are also the Content-Security-Policy test of
  those pages with search used: any policy violation or console error fails the run. Search in each
  language (its word, its stemmer, its results) is the highlight test's below, and offline
  test_browser_print_offline.py's;
- online, a page view loads neither the search index nor Material's search worker until the first query;
- arriving from a result (?h=…) highlights the word on the page, in every language.

The word is typed key by key, as a person does: Material reads the box on keyup (and 1 ms after focus),
so Playwright's fill(), which sets the value without keys, would test a race of the test's own making.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytest.register_assert_rewrite("browser_support")
from scripts.config.project_config import SOURCE_LANGUAGE  # noqa: E402

from browser_support import (  # noqa: E402
    LTR_AND_RTL,
    VIEWPORTS,
    PageWatch,
    new_context,
    policy_violations,
    settle,
    short,
    watch_policy,
)
from conftest import LANGS, soup  # noqa: E402

pytestmark = pytest.mark.browser

SEARCH_RUNS = 12
REPEAT_LANG = SOURCE_LANGUAGE  # the runs in a row: the start of search does not depend on the language
TARGET_PAGE = "aftercare"  # every language has it; its title's longest word finds it
RESULT_TIMEOUT_MS = 15_000
WORD_RE = re.compile(r"\w{5,}")


def search_word(site, lang: str) -> str:
    """The longest word of the target page's title in that language: it is in the search index."""
    title = soup(site / lang / TARGET_PAGE / "index.html").find("h1").get_text(" ", strip=True)
    words = WORD_RE.findall(title)
    assert words, f"{lang}/{TARGET_PAGE}/: no word of five letters or more in its title {title!r}"
    return max(words, key=len)


def type_query(page, word: str) -> None:
    box = page.locator("input.md-search__input")
    if not page.evaluate("matchMedia('(min-width: 60em)').matches"):  # Material's width for an open box
        page.locator("label.md-header__button[for=__search]").click()  # phone: the header button opens it
    box.wait_for(state="visible")
    box.press_sequentially(word)
    # Playwright types letters that a US keyboard lacks (Arabic, say) without key events, and Material
    # reads the box when a key goes up: a real key, as a keyboard would send one, then starts the search.
    box.press("End")


def result_links(page) -> list[str]:
    page.wait_for_selector(".md-search-result__item", timeout=RESULT_TIMEOUT_MS)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def _search_once(page, url: str, word: str, lang: str, target: str) -> str | None:
    """One visit: load the page, type the word; the problem seen, or None."""
    watch = PageWatch(url).attach(page)
    try:
        if url.endswith(NOT_FOUND):
            watch.allowed_404.add(url)  # a 404 page is answered 404, rightly; search works on it all the same
        page.goto(url)
        if left := page.locator("input.md-search__input").input_value():
            return f"the search box is not empty on arrival: {left!r}"
        type_query(page, word)
        try:
            links = result_links(page)
        except PlaywrightTimeout:
            return (
                f"no result after {RESULT_TIMEOUT_MS} ms; the box says {page.inner_text('.md-search-result__meta')!r}"
            )
        if not any(target in link for link in links):
            return f"{target} is not among the results {links}"
        if not all(f"/{lang}/" in link for link in links):
            return f"results from another language: {links}"
        problems = [p for p in watch.problems() if not p.startswith("request to another host: file://")]
        return "; ".join(problems + policy_violations(page)) or None
    finally:
        watch.detach(page)


NOT_FOUND = "/no-such-page/"


def search_runs(urls: list[str]) -> list[tuple[str, str]]:
    """(page, width) of each run in a row: every page once, the widths in turn, and at least SEARCH_RUNS runs."""
    widths = list(VIEWPORTS)
    runs = [(urls[run % len(urls)], widths[run % len(widths)]) for run in range(max(SEARCH_RUNS, len(urls)))]
    return sorted(runs, key=lambda run: widths.index(run[1]))  # one profile per width, opened once


def run_searches(browser, runs: list[tuple[str, str]], word: str, lang: str, target: str, name) -> list[str]:
    """Every run in order, each width in a fresh profile; one line per failed run (name(url) says which page)."""
    failures = []
    for width in dict.fromkeys(width for _, width in runs):
        context = new_context(browser, viewport=width)
        watch_policy(context)
        try:
            page = context.new_page()
            for number, (url, run_width) in enumerate(runs, start=1):
                if run_width == width and (problem := _search_once(page, url, word, lang, target)):
                    failures.append(f"run {number}, {name(url)} at {width}: {problem}")
        finally:
            context.close()
    return failures


def test_search_works_every_time_over_http(browser, static_site, site):
    lang = REPEAT_LANG
    word = search_word(site, lang)
    runs = search_runs([*static_site.pages(lang), f"{static_site.url}{lang}{NOT_FOUND}"])
    target = f"/{lang}/{TARGET_PAGE}/"
    failures = run_searches(browser, runs, word, lang, target, lambda url: short(url, static_site))
    assert not failures, f"{len(failures)} of {len(runs)} searches for {word!r} failed in {lang}:\n" + "\n".join(
        failures
    )


def test_the_runs_cover_every_page_and_every_width():
    runs = search_runs([f"p{n}" for n in range(15)])
    assert len(runs) == 15 and {url for url, _ in runs} == {f"p{n}" for n in range(15)}
    assert {width for _, width in runs} == set(VIEWPORTS)
    few = search_runs(["a", "b", "c"])
    assert len(few) == SEARCH_RUNS and {width for _, width in few} == set(VIEWPORTS)
    assert {url for url, _ in few} == {"a", "b", "c"}
    widths = [width for _, width in runs]
    assert widths == sorted(widths, key=list(VIEWPORTS).index), "a width's runs are not in one row: one profile each"


SEARCH_FILES = re.compile(r"search_index\.full\.json|/workers/search\.[0-9a-f]{8}\.min\.js|/lunr/")


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_search_loads_only_when_used(browser, static_site, site, lang):
    context = new_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.goto(f"{static_site.url}{lang}/")
        settle(page)
        before = [r.url for r in watch.requests if SEARCH_FILES.search(urlsplit(r.url).path)]
        type_query(page, search_word(site, lang))
        result_links(page)
        after = [r.url for r in watch.requests if SEARCH_FILES.search(urlsplit(r.url).path)]
    finally:
        context.close()
    assert before == [], f"a page view loaded search before anyone searched: {before}"
    assert any("search_index.full.json" in url for url in after), f"the first query did not load the index: {after}"


@pytest.mark.parametrize("lang", LANGS)
def test_arriving_from_a_result_highlights_the_word(browser, static_site, site, lang):
    word = search_word(site, lang)
    context = new_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.goto(f"{static_site.url}{lang}/")
        type_query(page, word)
        result_links(page)
        page.locator(f".md-search-result__link[href*='{TARGET_PAGE}/']").first.click()
        page.wait_for_url(re.compile(rf"/{lang}/{TARGET_PAGE}/\?h="))
        page.wait_for_selector("article mark[data-md-highlight]", timeout=RESULT_TIMEOUT_MS)
        marked = page.eval_on_selector_all("article mark[data-md-highlight]", "m => m.map(e => e.textContent)")
        problems = watch.problems()
    finally:
        context.close()
    assert any(word.lower() in text.lower() for text in marked), f"highlighted {marked}, not {word!r}"
    assert problems == []
