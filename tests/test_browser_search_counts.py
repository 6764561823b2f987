"""The results line's count as a reader reads it, in Chromium: the site's words for the count's plural
category (overrides/assets/javascripts/search-results-line.js), not Material's one plural for every number.

The full index is answered by the test (a Playwright route) with the real index's settings and N made-up
pages that all have one word, so that the word finds exactly N results; then the line must read what the
language says for N (tests/test_search_ranking_count_messages.py RIGHT): in Arabic the dual for 2, the
singular accusative for 11, the plural for 3, the singular for 100; in English the plain plural."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

pytest.register_assert_rewrite("browser_support")
from test_browser_search import RESULT_TIMEOUT_MS, type_query  # noqa: E402
from test_browser_search_loading import RECORD_META  # noqa: E402
from test_search_ranking_count_messages import RIGHT  # noqa: E402

from browser_support import new_context, policy_violations, watch_policy  # noqa: E402

pytestmark = pytest.mark.browser


def is_full_index(url: str) -> bool:
    # the path only: the worker's own address names the index in its query string
    return urlsplit(url).path.endswith("/search/search_index.full.json")


WORD = "zebrafinch"  # on no page of the site: only the made-up pages have it

META_IS = "([text]) => (document.querySelector('.md-search-result__meta') || {}).textContent === text"


def index_with(site, lang: str, count: int) -> str:
    """The language's full index with its settings and `count` pages, each with WORD in its text."""
    index = json.loads((site / lang / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    docs = [{"location": f"made-up-{n}/", "title": f"P{n}", "text": f"<p>{WORD} {n}</p>"} for n in range(count)]
    return json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False)


@pytest.mark.parametrize(("lang", "count"), [("ar", 2), ("ar", 11), ("ar", 3), ("ar", 100), ("ar", 1), ("en", 2)])
def test_the_results_line_says_the_count_in_the_languages_words(browser, static_site, site, lang, count):
    expected = RIGHT[lang][count]
    body = index_with(site, lang, count)
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    context.add_init_script(RECORD_META)
    context.route(is_full_index, lambda route: route.fulfill(status=200, content_type="application/json", body=body))
    try:
        page = context.new_page()
        page.goto(f"{static_site.url}{lang}/")
        type_query(page, WORD)
        page.wait_for_selector(".md-search-result__item", timeout=RESULT_TIMEOUT_MS)
        page.wait_for_function(META_IS, arg=[expected], timeout=RESULT_TIMEOUT_MS)
        shown = page.evaluate("window.__metaTexts")
        problems = policy_violations(page)
    finally:
        context.close()
    # the line ends on the language's words, and never shows "no results" on the way
    assert shown[-1] == expected, shown
    assert RIGHT[lang][0] not in shown, shown
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_result_says_what_to_try_in_the_languages_words(browser, static_site, lang):
    # the real index: WORD is on no page, so the full index answers with nothing
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    try:
        page = context.new_page()
        page.goto(f"{static_site.url}{lang}/")
        type_query(page, WORD)
        page.wait_for_function(META_IS, arg=[RIGHT[lang][0]], timeout=RESULT_TIMEOUT_MS)
        assert page.locator(".md-search-result__item").count() == 0
        problems = policy_violations(page)
    finally:
        context.close()
    assert not problems, problems


MORE_IS = (
    "([text]) => [...document.querySelectorAll('.md-search-result__more > summary > div')]"
    ".some((summary) => summary.textContent === text)"
)


def index_with_sections(site, lang: str, sections: int) -> str:
    """The language's full index with one page whose title is WORD and `sections` sections that have it in
    their text only: they score lower, and Material folds them under "# more on this page"."""
    index = json.loads((site / lang / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    filler = " ".join(f"filler{n}" for n in range(40))
    docs = [{"location": "made-up/", "title": WORD, "text": ""}]
    docs += [
        {"location": f"made-up/#s{n}", "title": f"S{n}", "text": f"<p>{filler} {WORD} {filler}</p>"}
        for n in range(sections)
    ]
    return json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False)


@pytest.mark.parametrize(("lang", "sections", "expected"), [("ar", 2, "نتيجتان أخريان في هذه الصفحة")])
def test_more_on_this_page_says_the_count_in_the_languages_words(browser, static_site, site, lang, sections, expected):
    body = index_with_sections(site, lang, sections)
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    context.route(is_full_index, lambda route: route.fulfill(status=200, content_type="application/json", body=body))
    try:
        page = context.new_page()
        page.goto(f"{static_site.url}{lang}/")
        type_query(page, WORD)
        page.wait_for_selector(".md-search-result__more", timeout=RESULT_TIMEOUT_MS)
        page.wait_for_function(MORE_IS, arg=[expected], timeout=RESULT_TIMEOUT_MS)
        problems = policy_violations(page)
    finally:
        context.close()
    assert not problems, problems
