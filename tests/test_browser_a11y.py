"""axe-core in Debian's Chromium on the pages outside a language's navigation (issue 5): zero WCAG
2.0/2.1/2.2 A and AA violations on the language chooser at the root and the 404 pages (the root's and each
language's), at a phone width (375 px) and a desktop width (1280 px), in the light palette and the dark one.

Each page is loaded once per width with the system preference light and checked as it arrives; then the reader
moves the mouse, which loads Material's bundle, the preference turns dark and the page takes the dark palette as
a reader's toggle does, and it is checked again. Every page of every language's navigation is checked the same
way on its one visit per width (browser_tour.py, test_browser_tour_phone.py, test_browser_tour_desktop.py).
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import (  # noqa: E402
    AXE_TAGS,
    LIGHT_INPUT,
    SCHEMES,
    VIEWPORTS,
    axe_check,
    new_context,
    require_axe,
    short,
    to_dark,
)
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser


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
            for scheme in SCHEMES:
                if scheme == "dark":
                    to_dark(page)
                version, lines = axe_check(page, scheme, f"{short(url, static_site)} [{viewport}, {scheme}]")
                assert not version or version.startswith("4."), (
                    f"axe-core {version}: the tests expect a 4.x release (package.json)"
                )
                problems += lines
            # Material keeps the toggled palette for the next page: toggle back, as the reader would.
            page.evaluate(
                f"() => {{ const light = document.querySelector({LIGHT_INPUT!r}); if (light) light.click(); }}"
            )
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_root_and_not_found_pages(browser, static_site, viewport):
    """The language chooser at the root and the 404 pages (root and each language's) are pages too."""
    urls = [static_site.url, static_site.url + "no-such-page/"] + [
        f"{static_site.url}{lang}/no-such-page/" for lang in LANGS
    ]
    # A browser language the site does not have: the chooser then stays (it redirects to a known language).
    problems = check_pages(browser, static_site, urls, viewport, locale="de-DE")
    assert not problems, f"axe-core ({', '.join(AXE_TAGS)}) found violations:\n" + "\n".join(problems)
