"""Search from the offline copy (site-offline/ opened from file://), at least SEARCH_RUNS times in a row.

The same runs as over HTTP (test_browser_search.py, which says how they go and why in one language), every
offline page of the source language, the widths in turn. Offline, search runs in an iframe stand-in for the
worker: a start of its own, repeated here.
"""

from __future__ import annotations

import pytest
from test_browser_search import REPEAT_LANG, TARGET_PAGE, run_searches, search_runs, search_word

pytestmark = pytest.mark.browser


def test_search_works_every_time_from_file_urls(browser, offline_site, site):
    lang = REPEAT_LANG
    word = search_word(site, lang)
    runs = search_runs([p.as_uri() for p in sorted((offline_site / lang).glob("*.html")) if p.name != "404.html"])
    target = f"/{lang}/{TARGET_PAGE}.html"
    failures = run_searches(browser, runs, word, lang, target, lambda url: url.rsplit("site-offline/", 1)[-1])
    assert not failures, (
        f"{len(failures)} of {len(runs)} offline searches for {word!r} failed in {lang}:\n" + "\n".join(failures)
    )
