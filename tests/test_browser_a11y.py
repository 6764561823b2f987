"""axe-core in Debian's Chromium: zero WCAG 2.0/2.1/2.2 A and AA violations on every page (issue 5).

Every page of every language is checked at a phone width (375 px) and a desktop width (1280 px), in the
light palette and in the dark one. Each page is loaded once per width with the system preference light, and
checked as it arrives (Material's bundle not loaded: overrides/assets/javascripts/material-on-use.js); then the
reader moves the mouse, which loads the bundle, the preference turns dark and the page takes the dark palette as
a reader's toggle does (the palette follows the preference when a page loads, and the toggle changes it in
place), and is checked again with all the bundle adds: two states for one page load each. The test checks the
palette applied.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytest.register_assert_rewrite("browser_support")
from browser_support import (  # noqa: E402
    NO_MOTION_CSS,
    SCHEMES,
    VIEWPORTS,
    add_test_style,
    new_context,
    require_axe,
    short,
)
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN_JS = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => ({version: axe.version, violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\\s+/g, ' ')}))
  }))}))"""
# The palette is written into <body data-md-color-scheme> once a script has read the media query (the site's
# material-on-use.js on load, Material's bundle once it runs).
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
SCHEME_JS = "() => document.body && document.body.getAttribute('data-md-color-scheme')"
# Material's palette radio for the dark scheme (its toggle's label points at it).
DARK_INPUT = "input[name=__palette][data-md-color-scheme=slate]"
LIGHT_INPUT = "input[name=__palette][data-md-color-scheme=default]"


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


def _palette_problem(page, scheme: str, where: str) -> str | None:
    """Wait until Material shows `scheme`'s palette; what is wrong if it never does (None on other pages)."""
    if not page.query_selector("[data-md-component=palette]"):  # not a Material page (the root chooser)
        return None
    expected = MATERIAL_SCHEME[scheme]
    try:
        page.wait_for_function(
            f"() => ({SCHEME_JS})() === '{expected}' && !document.body.hasAttribute('data-md-color-switching')",
            timeout=5000,
        )
    except PlaywrightTimeout:
        return (
            f"{where}: the {scheme} palette did not apply — <body data-md-color-scheme="
            f"{page.evaluate(SCHEME_JS)!r}>, expected {expected!r}"
        )
    return None


def _to_dark(page) -> None:
    """The reader moves the mouse (Material's bundle loads), the system preference turns dark, and the page's
    palette follows as the reader's toggle makes it.

    Transitions off first: Material fades colours over 125-250 ms, and what counts is the palette's end state."""
    add_test_style(page, NO_MOTION_CSS)
    if page.query_selector("script[data-bundle]"):
        page.mouse.move(5, 5)
        page.mouse.move(200, 300)
        page.wait_for_function("() => document.documentElement.getAttribute('data-md-bundle') === 'ready'")
    page.emulate_media(color_scheme="dark")
    page.evaluate(f"() => {{ const dark = document.querySelector({DARK_INPUT!r}); if (dark) dark.click(); }}")


def check_pages(browser, static_site, urls: list[str], viewport: str, **context_options) -> list[str]:
    """axe on every page at one width, in the light palette, then in the dark one."""
    problems = []
    context = new_context(browser, viewport=viewport, scheme="light", **context_options)
    context.add_init_script(path=str(require_axe()))
    try:
        page = context.new_page()
        for url in urls:
            page.emulate_media(color_scheme="light")
            page.goto(url)
            page.wait_for_load_state("load")
            for scheme in SCHEMES:
                if scheme == "dark":
                    _to_dark(page)
                where = f"{short(url, static_site)} [{viewport}, {scheme}]"
                problem = _palette_problem(page, scheme, where)
                if problem:
                    problems.append(problem)
                    continue
                version, violations = axe_violations(page)
                assert version.startswith("4."), f"axe-core {version}: the tests expect a 4.x release (package.json)"
                problems += format_violations(where, violations)
            # Material keeps the toggled palette for the next page: toggle back, as the reader would.
            page.evaluate(
                f"() => {{ const light = document.querySelector({LIGHT_INPUT!r}); if (light) light.click(); }}"
            )
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation(browser, static_site, lang, viewport):
    urls = static_site.pages(lang)
    problems = check_pages(browser, static_site, urls, viewport)
    assert not problems, (
        f"axe-core ({', '.join(AXE_TAGS)}) found violations on {lang} pages "
        f"({len(urls)} checked):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_root_and_not_found_pages(browser, static_site, viewport):
    """The language chooser at the root and the 404 pages (root and each language's) are pages too."""
    urls = [static_site.url, static_site.url + "no-such-page/"] + [
        f"{static_site.url}{lang}/no-such-page/" for lang in LANGS
    ]
    # A browser language the site does not have: the chooser then stays (it redirects to a known language).
    problems = check_pages(browser, static_site, urls, viewport, locale="de-DE")
    assert not problems, "axe-core found violations:\n" + "\n".join(problems)
