"""Search from the offline copy (site-offline/ opened from file://), SEARCH_RUNS times in a row in every language.

The same runs as over HTTP (test_browser_search.py, which says how they go), every offline page at each width.
"""

from __future__ import annotations

import pytest
from test_browser_search import TARGET_PAGE, run_searches, search_runs, search_word

from conftest import LANGS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_search_works_every_time_from_file_urls(browser, offline_site, site, lang):
    word = search_word(site, lang)
    runs = search_runs([p.as_uri() for p in sorted((offline_site / lang).glob("*.html")) if p.name != "404.html"])
    target = f"/{lang}/{TARGET_PAGE}.html"
    failures = run_searches(browser, runs, word, lang, target, lambda url: url.rsplit("site-offline/", 1)[-1])
    assert not failures, (
        f"{len(failures)} of {len(runs)} offline searches for {word!r} failed in {lang}:\n" + "\n".join(failures)
    )
