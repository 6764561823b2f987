"""Search after a failed index download, in Chromium: the results line says that search could not load (the
catalog's words, scripts/postprocess/pages.py search_line_texts), never "no results" nor "Initializing search"
for ever, and the next query tries again and finds the results.

The full index's first request fails (a network error, or a server error 503: a Playwright route, which holds
it until the word is typed and then fails it), every later one goes through. The reader waits for the failure
message (an explicit signal: the line's text); then types one more key (a space), which is a new query: the
index loads and the results come."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from test_browser_search import RESULT_TIMEOUT_MS, search_word, type_query  # noqa: E402
from test_browser_search_counts import META_IS, is_full_index  # noqa: E402
from test_browser_search_loading import RECORD_META, HeldIndex  # noqa: E402
from test_search_ranking_count_messages import material_strings  # noqa: E402

from scripts.postprocess.pages import search_line_texts  # noqa: E402

from browser_support import new_context, policy_violations, watch_policy  # noqa: E402

pytestmark = pytest.mark.browser


class FailsOnce(HeldIndex):
    """The full index's download: the first request is held until the test fails it (once the reader has
    typed: no later letter's query tries again before the test looks), as `how` says; the others go through."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how
        self.requests = 0

    def handle(self, route) -> None:
        self.requests += 1
        super().handle(route)

    def fail(self) -> None:
        self.released = True
        for route in self.routes:
            if self.how == "network":
                route.abort("internetdisconnected")
            else:
                route.fulfill(status=503, content_type="text/plain", body="Service Unavailable")


@pytest.mark.parametrize("how", ["network", "503"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_failed_index_download_says_so_and_the_next_query_finds_the_results(browser, static_site, site, lang, how):
    strings = material_strings(lang)
    failed = search_line_texts(lang)["failed"]
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    context.add_init_script(RECORD_META)
    index = FailsOnce(how)
    context.route(is_full_index, index.handle)
    try:
        page = index.page = context.new_page()
        page.goto(f"{static_site.url}{lang}/")
        type_query(page, search_word(site, lang))
        page.wait_for_function(HeldIndex.ASKED_JS, timeout=RESULT_TIMEOUT_MS)  # the download is held: fail it
        index.fail()
        page.wait_for_function(META_IS, arg=[failed], timeout=RESULT_TIMEOUT_MS)
        assert page.locator(".md-search-result__item").count() == 0
        page.locator("input.md-search__input").press("Space")  # a new query: search tries again
        page.wait_for_selector(".md-search-result__item", timeout=RESULT_TIMEOUT_MS)
        shown = page.evaluate("window.__metaTexts")
        problems = policy_violations(page)
    finally:
        context.close()
    assert index.requests == 2, f"the index was asked for {index.requests} times, not twice"
    nones = {strings["search.result.none"], search_line_texts(lang)["none"]}  # Material's, and the site's words
    assert not nones & set(shown), f"'no results' shown: {shown}"
    # loading, failed, loading again (the retry), then the count of the results
    initializing = strings["search.result.initializer"]
    assert shown[:3] == [initializing, failed, initializing], shown
    assert shown[-1] not in (failed, initializing), shown
    assert not problems, problems
