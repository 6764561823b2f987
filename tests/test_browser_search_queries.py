"""Patient queries in Chromium: a spread of the queries of tests/search-queries/<lang>.yml (every k-th, SAMPLE
per language), typed online (the local static server) and offline (site-offline/ from file://), show the first
results the built worker gives them without a browser (bench/search-hits.cjs: tests/test_search_queries.py runs
every query that way and asserts the hit rate), and no page problem at all. So the reader's box shows what the
rate measures, and the browser is not driven for a thousand queries that the same scripts answer in Node.js.

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

from bench.search_hits import TOP, load_queries, page_of, run  # noqa: E402

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


SAMPLE = 40  # queries per language typed in the browser, spread over the file


def spread(queries: list[dict], size: int = SAMPLE) -> list[dict]:
    """Every k-th query, so that each part of the file (each kind of query its writers grouped) is typed."""
    step = max(1, -(-len(queries) // size))
    return queries[::step]


@pytest.fixture(scope="module")
def worker_answers(site) -> dict[str, dict[str, list[str]]]:
    """lang → query → the first results of the built worker, without a browser (what the hit rate counts)."""
    answers = {}
    for lang in LANGS:
        queries = [entry["query"] for entry in spread(load_queries(lang, ROOT))]
        answers[lang] = {q: found[:TOP] for q, found in zip(queries, run(site / lang, "patient", queries), strict=True)}
    return answers


def _run(browser, url: str, lang: str, base: str, expected: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    context = new_context(browser)
    context.add_init_script(COUNT_SEARCH_MESSAGES)
    try:
        page = context.new_page()
        watch = PageWatch(base).attach(page)
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.click()
        box.wait_for(state="visible")
        differences = []
        for query, pages in expected.items():  # each replaces the last in the box (the queries differ)
            found = top_pages(page, box, query, lang)
            if found != pages:
                differences.append(f"{query!r}: the browser shows {found}, the worker ranks {pages}")
        problems = [p for p in watch.problems() if not p.startswith("request to another host: file://")]
    finally:
        context.close()
    return differences, problems


def _judge(differences: list[str], problems: list[str], lang: str, mode: str) -> None:
    assert not problems, f"{lang} {mode}: " + "\n".join(problems)
    assert not differences, f"{lang} {mode}: " + "\n".join(differences)


def test_the_spread_reaches_the_end_of_a_file_and_stays_small():
    queries = [{"query": str(n)} for n in range(647)]
    picked = spread(queries)
    assert len(picked) <= SAMPLE and picked[0] == queries[0] and int(picked[-1]["query"]) >= 600
    assert spread(queries[:12]) == queries[:12]


@pytest.mark.parametrize("lang", LANGS)
def test_typed_queries_show_the_workers_first_results_online(browser, static_site, worker_answers, lang):
    _judge(*_run(browser, f"{static_site.url}{lang}/", lang, static_site.url, worker_answers[lang]), lang, "online")


@pytest.mark.parametrize("lang", LANGS)
def test_typed_queries_show_the_workers_first_results_offline(browser, offline_site, worker_answers, lang):
    url = (offline_site / lang / "index.html").as_uri()
    _judge(*_run(browser, url, lang, offline_site.as_uri(), worker_answers[lang]), lang, "offline")
