"""axe-core in Debian's Chromium: zero WCAG 2.0/2.1/2.2 A and AA violations on every page (issue 5).

Every page of every language is checked at a phone width (375 px) and a desktop width (1280 px), in the
light palette and in the dark one (Material follows prefers-color-scheme; the test checks it did).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytest.register_assert_rewrite("browser_support")
from browser_support import SCHEMES, VIEWPORTS, new_context, require_axe, short  # noqa: E402
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN_JS = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => ({version: axe.version, violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\\s+/g, ' ')}))
  }))}))"""
# Material writes the palette into <body data-md-color-scheme> once its script has read the media query.
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
SCHEME_JS = "() => document.body && document.body.getAttribute('data-md-color-scheme')"


def axe_violations(page) -> tuple[str, list[dict]]:
    """axe-core is in the page from its start (context init script: the page's CSP refuses injected tags)."""
    result = page.evaluate(AXE_RUN_JS, AXE_TAGS)
    return result["version"], result["violations"]


def format_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}) — {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {node['target']}  :: {node['summary'][:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return lines


def check_pages(browser, static_site, urls: list[str], viewport: str, scheme: str, **context_options) -> list[str]:
    problems = []
    context = new_context(browser, viewport=viewport, scheme=scheme, **context_options)
    context.add_init_script(path=str(require_axe()))
    try:
        page = context.new_page()
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
            where = f"{short(url, static_site)} [{viewport}, {scheme}]"
            if page.query_selector("script[src*='bundle']"):  # a Material page (not the root chooser)
                try:
                    page.wait_for_function(f"() => ({SCHEME_JS})() === '{MATERIAL_SCHEME[scheme]}'", timeout=5000)
                except PlaywrightTimeout:
                    problems.append(
                        f"{where}: the {scheme} palette did not apply — <body data-md-color-scheme="
                        f"{page.evaluate(SCHEME_JS)!r}>, expected {MATERIAL_SCHEME[scheme]!r}"
                    )
                    continue
            version, violations = axe_violations(page)
            assert version.startswith("4."), f"axe-core {version}: the tests expect a 4.x release (package.json)"
            problems += format_violations(where, violations)
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation(browser, static_site, lang, viewport, scheme):
    urls = static_site.pages(lang)
    problems = check_pages(browser, static_site, urls, viewport, scheme)
    assert not problems, (
        f"axe-core ({', '.join(AXE_TAGS)}) found violations on {lang} pages "
        f"({len(urls)} checked):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_root_and_not_found_pages(browser, static_site, viewport, scheme):
    """The language chooser at the root and the 404 pages (root and each language's) are pages too."""
    urls = [static_site.url, static_site.url + "no-such-page/"] + [
        f"{static_site.url}{lang}/no-such-page/" for lang in LANGS
    ]
    # A browser language the site does not have: the chooser then stays (it redirects to a known language).
    problems = check_pages(browser, static_site, urls, viewport, scheme, locale="de-DE")
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)
