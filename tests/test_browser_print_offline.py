"""What a person sees in Chromium: the offline copy from file://, in every language (its links, its search).

(The consultation sheet on paper: test_leaflet_web.py, with its printed QR code, on one load per language.)
"""

from __future__ import annotations

import pytest
from test_browser_search import result_links, search_word, type_query

from browser_support import PageWatch, new_context
from conftest import LANGS

pytestmark = pytest.mark.browser


def _read(page) -> None:
    """The reader's mouse moves over the page, which loads Material's bundle (material-on-use.js), and the
    page has it before the next click: a click that leaves a page while the bundle is on its way stops that
    request (net::ERR_ABORTED), which is the test racing, not a failed request."""
    page.wait_for_load_state("load")
    if page.query_selector("script[data-bundle]"):
        page.mouse.move(10, 200)
        page.mouse.move(40, 300)
        page.wait_for_function("() => document.documentElement.getAttribute('data-md-bundle') === 'ready'")


@pytest.mark.parametrize("lang", LANGS)
def test_offline_copy_opens_and_searches_from_file_urls(browser, offline_site, site, lang):
    context = new_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(base_url="file:///").attach(page)
        page.goto((offline_site / "index.html").as_uri())
        page.click(f"a[hreflang={lang}]")
        assert page.url.endswith(f"/site-offline/{lang}/index.html")
        _read(page)
        page.click("a.md-nav__link[href='aftercare.html']")
        assert page.url.endswith(f"/{lang}/aftercare.html")
        page.wait_for_load_state("load")
        type_query(page, search_word(site, lang))
        links = result_links(page)
        assert any(f"/{lang}/aftercare.html" in href for href in links), links
        assert all(f"/{lang}/" in href for href in links), f"results from another language: {links}"
        other = next(code for code in LANGS if code != lang)
        page.keyboard.press("Escape")  # close the search
        page.hover(".md-header .md-select button")
        page.click(f".md-select__link[hreflang={other}]")
        assert page.url.endswith(f"/{other}/aftercare.html")
        _read(page)  # and Material's bundle loads from file:// in the other language too
        foreign = [r.url for r in watch.requests if not r.url.startswith(("file://", "data:", "blob:", "about:"))]
        assert foreign == [] and watch.failed == [] and watch.page_errors == [] and watch.console_errors == []
    finally:
        context.close()
