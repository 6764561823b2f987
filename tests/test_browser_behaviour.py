"""What a patient's browser does (issue 5): the root chooser, 404 pages, the language switcher, no JavaScript.

(No request to another host, no failed request and no console error on any page, the skip link, focus
rings and glossary tooltips by keyboard: browser_tour.py, on each page's one visit per width.)
- the root page lists the languages, and sends a browser set to one of them there;
- a missing page is answered with the language's own 404 page, whose links work;
- keyboard: the language switcher opens from the keyboard and leads to the same page in the other language;
- with JavaScript off, the content, the navigation and the results timeline are there and visible (in the
  source language and each right-to-left one: the layout is the same in every language of a direction).
"""

from __future__ import annotations

import urllib.parse

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import (  # noqa: E402
    LTR_AND_RTL,
    PageWatch,
    motionless,
    new_context,
    settle,
    short,
)
from conftest import LANGS, soup  # noqa: E402

pytestmark = pytest.mark.browser

RESULTS_PAGE = "results/"  # the page with the results timeline, in every language


# Without <link rel="icon"> a browser asks the host for /favicon.ico, outside the site: a 404 on every visit.
NO_ICON = "no <link rel=icon>: browsers then request /favicon.ico from the host root (404, outside the site)"


@pytest.mark.parametrize("locale", ["de-DE", *LANGS])
def test_language_chooser_at_the_root(browser, static_site, locale):
    """The root page lists the languages; a browser set to one of them is sent to it, the others stay."""
    context = new_context(browser, locale=locale)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.goto(static_site.url)
        settle(page)
        expected = static_site.url + (f"{locale}/" if locale in LANGS else "")
        landed = page.url
        links = page.eval_on_selector_all("main a[hreflang]", "links => links.map(a => a.hreflang)")
        icons = page.locator("link[rel~=icon]").count() if page.url == static_site.url else 1
    finally:
        context.close()
    assert landed == expected, f"browser language {locale}: the root page led to {landed}, expected {expected}"
    if locale not in LANGS:
        assert sorted(links) == sorted(LANGS), f"the language chooser links to {links}, expected {LANGS}"
    problems = watch.problems()
    if not icons:
        problems.append(NO_ICON)
    if locale in LANGS:
        # Leaving the chooser while it loads cancels what is left of its own request: that is the redirect.
        problems = [p for p in problems if p != f"failed request: GET {static_site.url}: net::ERR_ABORTED"]
    assert not problems, f"root page, browser language {locale}:\n" + "\n".join(problems)


# (path under the site's base, the language whose 404 page answers it; "" for the root 404 page)
NOT_FOUND_CASES = [(f"{lang}/no-such-page/", lang) for lang in LANGS] + [("no-such-language/page/", "")]


@pytest.mark.parametrize(("path", "lang"), NOT_FOUND_CASES, ids=[lang or "root" for _, lang in NOT_FOUND_CASES])
def test_missing_page_gets_its_languages_404_page_with_working_links(browser, static_site, site, path, lang):
    url = static_site.url + path
    context = new_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url, allowed_404={url}).attach(page)
        response = page.goto(url)
        settle(page)
        assert response.status == 404, f"{path}: answered {response.status}, expected 404"
        expected = (site / lang / "404.html") if lang else (site / "404.html")
        expected_lang = soup(expected).html.get("lang")
        assert page.evaluate("document.documentElement.lang") == expected_lang, (
            f"{path}: not answered with {expected.relative_to(site)} (html lang="
            f"{page.evaluate('document.documentElement.lang')!r}, expected {expected_lang!r})"
        )
        assert page.locator("h1").first.is_visible(), f"{path}: the 404 page shows no heading"
        problems = watch.problems()
        if not page.locator("link[rel~=icon]").count():
            problems.append(NO_ICON)
        # Every link of the 404 page that stays on this site must lead somewhere: a lost reader's way back.
        own = urllib.parse.urlsplit(static_site.url).netloc
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => [a.getAttribute('href'), a.href])")
        for raw, absolute in hrefs:
            parts = urllib.parse.urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != own or absolute.split("#")[0] == url:
                continue
            status = page.request.get(absolute.split("#")[0], max_redirects=5).status
            if status >= 400:
                problems.append(f'link href="{raw}" → {absolute}: {status}')
    finally:
        context.close()
    assert not problems, f"404 page for {path} ({expected.relative_to(site)}):\n" + "\n".join(problems)


# ---------------------------------------------------------------- keyboard


def _same_page_in(url: str, lang: str, other: str, base: str) -> str:
    rest = url.removeprefix(base)
    assert rest.startswith(f"{lang}/"), url
    return f"{base}{other}/{rest.removeprefix(f'{lang}/')}"


def _switch_language(page, static_site, url: str, lang: str, other: str, viewport: str) -> str | None:
    """Tab to the switcher's button, on to the other language's link, Enter: None if it landed right."""
    where = f"{short(url, static_site)} [{viewport}] → {other}"
    page.goto(url)
    page.wait_for_load_state("load")
    motionless(page)
    active = "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : ''; }"
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => !!document.activeElement.closest('.md-select') && document.activeElement.tagName === 'BUTTON'"
        ):
            break
    else:
        return f"{where}: the language button (.md-select button) is not among the first 15 Tab stops"
    link = page.locator(f".md-select a[hreflang='{other}']")
    if not link.count():
        return f"{where}: the language list has no link with hreflang={other}"
    if not link.first.is_visible():
        return f"{where}: the language list does not open when its button has keyboard focus"
    for _ in range(6):
        if page.evaluate(f"() => document.activeElement.getAttribute('hreflang') === '{other}'"):
            break
        page.keyboard.press("Tab")
    else:
        return f"{where}: Tab from the language button does not reach the {other} link (at {page.evaluate(active)})"
    if not page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); "
        "return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; }"
    ):
        return f"{where}: the focused {other} link is not on screen"
    expected = _same_page_in(url, lang, other, static_site.url)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    landed_lang = page.evaluate("document.documentElement.lang")
    if page.url != expected or landed_lang != other:
        return f"{where}: Enter led to {page.url} (lang={landed_lang!r}), expected {expected}"
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_works_with_the_keyboard(browser, static_site, lang):
    """Tab to the switcher, Tab to another language, Enter: the same page in that language.

    At each width the home page switches to every other language (so every pair of languages is used), and
    at 1280 px one other page, in the content's depth, to one of them. Where every page's list points is
    the built HTML's to say (test_languages.py: the same page in each language); here, that a keyboard
    reaches the list, opens it, and goes where it points.
    """
    others = [other for other in LANGS if other != lang]
    assert others, "the site has one language: nothing to switch to"
    home = static_site.url + f"{lang}/"
    inner = next(url for url in static_site.pages(lang) if url != home)
    cases = {
        "1280px": [(home, others), (inner, others[:1])],
        "375px": [(home, others)],
    }
    problems = []
    for viewport, pages in cases.items():
        context = new_context(browser, viewport=viewport)
        try:
            page = context.new_page()
            for url, targets in pages:
                for other in targets:
                    problem = _switch_language(page, static_site, url, lang, other, viewport)
                    if problem:
                        problems.append(problem)
        finally:
            context.close()
    assert not problems, "language switcher by keyboard:\n" + "\n".join(problems)


# ---------------------------------------------------------------- JavaScript disabled

VISIBLE_JS = """e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'
         && parseFloat(s.opacity) > 0.5; }"""


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_pages_are_readable_without_javascript(browser, static_site, lang):
    urls = static_site.pages(lang)
    problems = []
    context = new_context(browser, viewport="1280px", javascript=False)
    try:
        page = context.new_page()
        for url in urls:
            where = short(url, static_site)
            page.goto(url)
            page.wait_for_load_state("load")
            article = page.locator("article.md-content__inner")
            if not article.count() or not article.first.is_visible():
                problems.append(f"{where}: no visible article (article.md-content__inner)")
                continue
            heading = page.locator("article h1").first
            if not heading.count() or not heading.is_visible() or not heading.inner_text().strip():
                problems.append(f"{where}: the page heading (h1) is missing or hidden")
            words = len(article.first.inner_text().split())
            if words < 40:
                problems.append(f"{where}: the article shows only {words} words")
            nav_links = page.locator("nav.md-nav--primary a.md-nav__link[href]")
            visible = nav_links.evaluate_all(f"links => links.filter({VISIBLE_JS}).length")  # one round trip
            if visible < len(urls):
                problems.append(f"{where}: {visible} visible navigation links, expected one per page ({len(urls)})")
            if url.endswith(f"/{lang}/{RESULTS_PAGE}"):
                problems += _timeline_problems(page, where)
    finally:
        context.close()
    assert any(url.endswith(f"/{lang}/{RESULTS_PAGE}") for url in urls), f"{lang}/{RESULTS_PAGE} was not built"
    assert not problems, f"{lang} pages with JavaScript disabled:\n" + "\n".join(problems)


def _timeline_problems(page, where: str) -> list[str]:
    timeline = page.locator("figure.timeline")
    if not timeline.count():
        # The timeline is not on the page (yet): the results themselves must still be readable.
        sections = page.locator("article h2")
        visible = [sections.nth(i).inner_text() for i in range(sections.count()) if sections.nth(i).is_visible()]
        return [] if len(visible) >= 2 else [f"{where}: the results page shows {len(visible)} section headings"]
    problems = []
    steps = timeline.first.locator("ol > li")
    if not timeline.first.evaluate(VISIBLE_JS):
        problems.append(f"{where}: the timeline (figure.timeline) is hidden")
    if not steps.count():
        problems.append(f"{where}: the timeline has no <ol> of steps")
    hidden = steps.evaluate_all(f"steps => steps.map((e, i) => ({VISIBLE_JS})(e) ? 0 : i + 1).filter(Boolean)")
    if hidden:
        problems.append(f"{where}: timeline steps {hidden} are hidden")
    return problems
