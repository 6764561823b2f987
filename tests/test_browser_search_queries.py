"""Patient queries in Chromium: the queries of tests/search-queries/<lang>.yml find a page that answers them
among the first three results, online (the local static server) and offline (site-offline/ from file://): at
least 95 % of each language's queries (issue 27's goal), every miss listed, and no page problem at all. The
files hold hard questions on purpose; a query that misses stays in its file, to be answered by better search,
not taken out (`python -m bench.search_hits` lists the misses, and README gives the rates).

One page is opened per language and mode; each query then replaces the last one in the same box, as a
patient searches again. A query is read only once the search worker has answered this query: the test's
init script notes the query each RESULT names (the relay answers the latest query only, and names it) on
whichever Worker the page creates (the real one online, the iframe shim offline); Material renders the
first results synchronously when RESULT arrives, so nothing is waited for by time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytest.register_assert_rewrite("browser_support")
from test_browser_search import RESULT_TIMEOUT_MS  # noqa: E402

from bench.search_hits import TOP, load_queries, page_of  # noqa: E402

from browser_support import PageWatch, new_context  # noqa: E402
from conftest import LANGS, ROOT  # noqa: E402

pytestmark = pytest.mark.browser

COUNT_SEARCH_MESSAGES = """
(() => {
  const wrap = (Base) => Base && class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 3) window.__searchAnswered = event.data.data.query;
      });
    }
  };
  window.__searchAnswered = null;
  let current = wrap(window.Worker);
  Object.defineProperty(window, "Worker", { configurable: true, get: () => current, set: (v) => { current = wrap(v); } });
})();
"""
ANSWERED = "q => window.__searchAnswered === q"


def _enter(box, query: str) -> None:
    """Replace what the box holds, then a real key: Material reads the box when a key goes up."""
    box.fill(query)
    box.press("End")


def top_pages(page, box, query: str, lang: str) -> list[str]:
    """The pages (names in docs/<lang>/) of the first results, in order."""
    _enter(box, query)
    page.wait_for_function(ANSWERED, arg=query, timeout=RESULT_TIMEOUT_MS)
    links = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link:first-child", "links => links.map(a => a.href)"
    )
    return [page_of(urlsplit(link).path.rsplit(f"/{lang}/", 1)[-1]) for link in links][:TOP]


HIT_RATE = 0.95  # the share of each language's queries that must find an answer among the first three


def _run(browser, url: str, lang: str, base: str) -> tuple[list[str], list[str], int]:
    context = new_context(browser)
    context.add_init_script(COUNT_SEARCH_MESSAGES)
    try:
        page = context.new_page()
        watch = PageWatch(base).attach(page)
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.click()
        box.wait_for(state="visible")
        failures = []
        queries = load_queries(lang, ROOT)
        for entry in queries:  # each replaces the last in the box (the queries differ)
            found = top_pages(page, box, entry["query"], lang)
            if not set(entry["answers"]) & set(found):
                failures.append(f"{entry['query']!r}: first results {found}, not {entry['answers']}")
        problems = [p for p in watch.problems() if not p.startswith("request to another host: file://")]
    finally:
        context.close()
    return failures, problems, len(queries)


def _judge(failures: list[str], problems: list[str], count: int, lang: str, mode: str) -> None:
    assert not problems, f"{lang} {mode}: " + "\n".join(problems)
    allowed = int(count * (1 - HIT_RATE))
    assert len(failures) <= allowed, (
        f"{len(failures)} of {count} {lang} queries missed {mode} (at most {allowed}, {HIT_RATE:.0%} must hit):\n"
        + "\n".join(failures)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_patient_queries_find_an_answer_in_the_first_three_results_online(browser, static_site, lang):
    _judge(*_run(browser, f"{static_site.url}{lang}/", lang, static_site.url), lang, "online")


@pytest.mark.parametrize("lang", LANGS)
def test_patient_queries_find_an_answer_in_the_first_three_results_offline(browser, offline_site, lang):
    _judge(*_run(browser, (offline_site / lang / "index.html").as_uri(), lang, offline_site.as_uri()), lang, "offline")
