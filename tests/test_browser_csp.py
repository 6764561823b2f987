"""The Content-Security-Policy in Chromium: no violation on the pages nobody searches from, at phone and
desktop widths, online (the local static server) and offline (site-offline/ from file://).

Every content page and every language's 404 page, with search opened and used, at both widths, online and
offline, is the search tests' (test_browser_search.py, test_browser_search_offline.py: each run fails on a policy
violation).
Here: the root language chooser and the root 404 online; offline, the chooser and each language's 404.html.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import VIEWPORTS, PageWatch, new_context, policy_violations, short, watch_policy  # noqa: E402
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser


def _violations(context, url: str, base: str) -> list[str]:
    """Open one page; every policy violation and console error seen."""
    page = context.new_page()
    watch = PageWatch(base).attach(page)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        # Only what the policy refused: an offline 404.html's absolute links lead nowhere from file://.
        refused = [
            f"console error: {text}"
            for text in watch.console_errors
            if "Content Security Policy" in text or text.startswith("Refused to")
        ]
        return policy_violations(page) + refused
    finally:
        page.close()


def _check(browser, viewport: str, urls: list[str], base: str, name) -> None:
    context = new_context(browser, viewport=viewport)
    watch_policy(context)
    try:
        problems = [f"{name(url)}: {v}" for url in urls for v in _violations(context, url, base)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} Content-Security-Policy problem(s) at {viewport}:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_policy_violation_on_the_root_pages_online(browser, static_site, viewport):
    urls = [static_site.url, static_site.url + "no-such-page/"]
    _check(browser, viewport, urls, static_site.url, lambda url: short(url, static_site))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_policy_violation_offline_on_the_chooser_and_404_pages(browser, offline_site, viewport):
    urls = [(offline_site / "index.html").as_uri()] + [(offline_site / lang / "404.html").as_uri() for lang in LANGS]
    _check(browser, viewport, urls, offline_site.as_uri(), lambda url: url.rsplit("site-offline/", 1)[-1])
