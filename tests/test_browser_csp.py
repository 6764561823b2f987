"""The Content-Security-Policy in Chromium: no violation on any page, at phone and desktop widths, with
search opened and used, online (the local static server) and offline (site-offline/ from file://).

Chromium reports a blocked script, style or request both as a `securitypolicyviolation` event and as a
console error ("Refused to …"); both are collected, from the page and its frames.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from test_browser_search import result_links, search_word, type_query  # noqa: E402

from browser_support import VIEWPORTS, new_context, short  # noqa: E402
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push(
  `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile || ''}:${event.lineNumber})`));
"""


def _violations(context, url: str, word: str | None) -> list[str]:
    """Open one page (and search on it when word is given); every violation seen."""
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text or message.text.startswith("Refused to") else None)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        if word:
            type_query(page, word)
            result_links(page)
        seen = [v for frame in page.frames for v in (frame.evaluate("window.__cspViolations || []"))]
    finally:
        page.close()
    return seen + console


def _check(browser, viewport: str, pages: list[tuple[str, str | None]], name) -> None:
    context = new_context(browser, viewport=viewport)
    context.add_init_script(COLLECT_VIOLATIONS)
    try:
        problems = [f"{name(url)}: {v}" for url, word in pages for v in _violations(context, url, word)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} Content-Security-Policy violation(s) at {viewport}:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_policy_violation_online(browser, static_site, site, viewport):
    pages: list[tuple[str, str | None]] = [(static_site.url, None), (static_site.url + "no-such-page/", None)]
    for lang in LANGS:
        word = search_word(site, lang)
        pages += [(url, word) for url in static_site.pages(lang)]
        pages.append((f"{static_site.url}{lang}/no-such-page/", word))
    _check(browser, viewport, pages, lambda url: short(url, static_site))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_policy_violation_offline(browser, offline_site, site, viewport):
    pages: list[tuple[str, str | None]] = [((offline_site / "index.html").as_uri(), None)]
    for lang in LANGS:
        word = search_word(site, lang)
        # 404.html too, but not searched: from file:// nothing serves it, and its absolute links lead nowhere.
        pages += [(p.as_uri(), None if p.name == "404.html" else word)
                  for p in sorted((offline_site / lang).glob("*.html"))]
    _check(browser, viewport, pages, lambda url: url.rsplit("site-offline/", 1)[-1])
