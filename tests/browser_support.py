"""Serving site/ as a static host would, and driving Debian's Chromium (issue 5).

A pytest plugin: test modules load it with `pytest_plugins = ["browser_support"]`,
so the server and the browser are started once per session however many modules use them.

The server (bench/server.py, the one the benchmark uses too) runs in a thread of the test session on
127.0.0.1 (a free port) and serves site/ under the path of mkdocs.yml's site_url (/hand-mesotherapy/),
gzip-compressed, with the cache policy the README asks of a host (fingerprinted files cached for a year,
everything else revalidated), and logs every response (path, status, bytes on the wire) so a test can say
what a page loaded.
"""

from __future__ import annotations

import shutil
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.pages import CHROMIUM as BENCH_CHROMIUM
from bench.pages import CHROMIUM_ARGS
from bench.server import FINGERPRINTED, Hit, StaticServer
from scripts.config.project_config import load_base_config

from conftest import ROOT, built_pages

CHROMIUM = Path(BENCH_CHROMIUM)
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "`make test` installs it (scripts/ensure-tools.sh); or run `make browser-deps`"

# Two widths (phone, desktop) × two palettes: every page is checked in each.
VIEWPORTS = {"375px": {"width": 375, "height": 812}, "1280px": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")

# Where the site is published: the path part of site_url ("/hand-mesotherapy/").
BASE_PATH = "/" + urllib.parse.urlsplit(load_base_config()["site_url"]).path.strip("/") + "/"
BASE_PATH = BASE_PATH.replace("//", "/")


class StaticSite(StaticServer):
    """The running server of site/: its base URL, the log of what it answered, and the built pages' URLs."""

    def page_url(self, page: Path) -> str:
        """URL of a built page (site/en/results/index.html → http://…/en/results/)."""
        rel = page.relative_to(self.root).as_posix()
        return self.url + rel.removesuffix("index.html")

    def file_of(self, url: str) -> Path:
        """The built file behind a page URL (http://…/en/results/ → site/en/results/index.html)."""
        rel = urllib.parse.urlsplit(url).path.removeprefix(BASE_PATH)
        return self.root / rel / "index.html" if rel.endswith("/") or not rel else self.root / rel

    def pages(self, lang: str) -> list[str]:
        pages = built_pages(self.root, lang)
        assert pages, (
            f"no pages built for '{lang}' in {self.root / lang}: build the site with "
            f"`make site` (python -m scripts.site build) — every language in mkdocs.yml must build"
        )
        return [self.page_url(page) for page in pages]


def start_server(root: Path) -> StaticSite:
    return StaticSite(root, base_path=BASE_PATH, cache=FINGERPRINTED).start()


def require_chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Debian's Chromium is missing ({CHROMIUM}): {INSTALL_HINT} "
            f"(sudo apt-get install chromium). The browser tests never download a browser.",
            pytrace=False,
        )
    return CHROMIUM


def require_java() -> str:
    java = shutil.which("java")
    if not java:
        pytest.fail(
            f"A Java runtime is missing (the Nu HTML Checker needs one): {INSTALL_HINT} "
            f"(sudo apt-get install default-jre-headless).",
            pytrace=False,
        )
    return java


def require_axe() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS.relative_to(ROOT)}): {INSTALL_HINT} (npm ci).", pytrace=False)
    return AXE_JS


@pytest.fixture(scope="session")
def static_site(site: Path):
    """site/ served on 127.0.0.1 with compression and cache headers, for the whole session."""
    served = start_server(site)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright (Python) is not installed in this Python: run `make test`, which installs requirements.lock",
            pytrace=False,
        )

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def new_context(browser, *, viewport: str = "1280px", scheme: str = "light", javascript: bool = True, **kwargs):
    """A fresh profile (empty cache, no stored palette) at one width, in one palette."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        color_scheme=scheme,
        java_script_enabled=javascript,
        service_workers="block",
        **kwargs,
    )
    InFlight.track(context)
    return context


class InFlight:
    """The requests of a profile that have gone out and not yet ended, for settle().

    Playwright's own "networkidle" never came, twice in clean-clone runs, within 30 s of a page's load (1 load
    in several hundred; not reproduced in 240 loads alone); what it waited for it does not say. It may count
    what is not on the network (Chromium reports the data: URLs of Material's icons as requests): this counts
    requests to a host only, and when it gives up, names them."""

    def __init__(self) -> None:
        self.requests: set = set()
        self.quiet_since = time.monotonic()

    @classmethod
    def track(cls, context) -> None:
        tracker = cls()
        context.on("request", tracker._start)
        context.on("requestfinished", tracker._end)
        context.on("requestfailed", tracker._end)
        context._patient_in_flight = tracker  # read by settle()

    def _start(self, request) -> None:
        if request.url.startswith(("http:", "https:", "file:")):
            self.requests.add(request)

    def _end(self, request) -> None:
        self.requests.discard(request)
        if not self.requests:
            self.quiet_since = time.monotonic()


# The Content-Security-Policy as Chromium enforces it: a blocked script, style or request is reported both
# as a `securitypolicyviolation` event (collected by this script, in the page and its frames) and as a
# console error ("Refused to …", which PageWatch collects with the other console errors).
COLLECT_POLICY_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push(
  `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile || ''}:${event.lineNumber})`));
"""


def watch_policy(context) -> None:
    """Every page of this context records its policy violations (read them with policy_violations)."""
    context.add_init_script(COLLECT_POLICY_VIOLATIONS)


def policy_violations(page) -> list[str]:
    return [f"policy violation: {v}" for frame in page.frames for v in frame.evaluate("window.__cspViolations || []")]


@dataclass
class PageWatch:
    """What one page did on the network and in the console while a test looked at it."""

    base_url: str
    requests: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed_404: set[str] = field(default_factory=set)

    def _handlers(self) -> dict:
        return {
            "request": self._request,
            "requestfailed": self._failed,
            "response": self._response,
            "console": self._console,
            "pageerror": self._page_error,
        }

    def attach(self, page) -> PageWatch:
        for event, handler in self._handlers().items():
            page.on(event, handler)
        return self

    def detach(self, page) -> None:
        """Stop watching (a page that goes on to another test's visit)."""
        for event, handler in self._handlers().items():
            page.remove_listener(event, handler)

    def _request(self, request) -> None:
        self.requests.append(request)

    def _failed(self, request) -> None:
        self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def _response(self, response) -> None:
        if response.status >= 400 and response.url not in self.allowed_404:
            self.bad_status.append(f"{response.status} {response.url}")

    def _console(self, message) -> None:
        where = message.location or {}
        if message.type == "error" and where.get("url") not in self.allowed_404:
            self.console_errors.append(f"{message.text} [{where.get('url', '')}:{where.get('lineNumber', '')}]")

    def foreign_requests(self) -> list[str]:
        own = urllib.parse.urlsplit(self.base_url).netloc
        return [
            request.url
            for request in self.requests
            if not request.url.startswith(("data:", "blob:", "about:"))
            and urllib.parse.urlsplit(request.url).netloc != own
        ]

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {url}" for url in self.foreign_requests()]
            + [f"failed request: {item}" for item in self.failed]
            + [f"error response: {item}" for item in self.bad_status]
            + [f"console error: {item}" for item in self.console_errors]
            + [f"uncaught exception: {item}" for item in self.page_errors]
        )


@dataclass
class PageLoad:
    """One page's first view in a fresh profile, then a reload with the cache that view filled."""

    url: str
    problems: list[str]
    requests: list[tuple[str, str]]  # (resource type, URL) of every request the browser made, first view
    first: list[Hit]  # what the server sent for the first view
    repeat: list[Hit]  # ... and for the repeat view

    @property
    def first_bytes(self) -> int:
        return sum(hit.wire_bytes for hit in self.first)

    @property
    def repeat_bytes(self) -> int:
        return sum(hit.wire_bytes for hit in self.repeat)


class PageLoads:
    """First and repeat views of every page, loaded once per session and shared by the tests that need them."""

    def __init__(self, browser, static_site: StaticSite):
        self.browser, self.site = browser, static_site
        self._cache: dict[str, list[PageLoad]] = {}

    def of(self, lang: str) -> list[PageLoad]:
        if lang not in self._cache:
            self._cache[lang] = [self._load(url) for url in self.site.pages(lang)]
        return self._cache[lang]

    def _load(self, url: str) -> PageLoad:
        context = new_context(self.browser)
        try:
            page = context.new_page()
            watch = PageWatch(self.site.url).attach(page)
            self.site.take()
            page.goto(url)
            settle(page)
            first = self.site.take()
            requests = [(request.resource_type, request.url) for request in watch.requests]
            page.reload()
            settle(page)
            repeat = self.site.take()
            return PageLoad(url, watch.problems(), requests, first, repeat)
        finally:
            context.close()


@pytest.fixture(scope="session")
def page_loads(browser, static_site) -> PageLoads:
    return PageLoads(browser, static_site)


QUIET_S = 0.5  # as Playwright's "networkidle": no request under way for this long
SETTLE_TIMEOUT_S = 30


def settle(page) -> None:
    """Wait until the page and what its scripts fetch (Material's bundle, search's stand-in) are done: its
    load event, then no request to a host under way for QUIET_S (InFlight); fails naming what never ended."""
    page.wait_for_load_state("load")
    tracker: InFlight = page.context._patient_in_flight
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while tracker.requests or time.monotonic() - tracker.quiet_since < QUIET_S:
        if time.monotonic() > deadline:
            pytest.fail(
                f"{page.url}: requests still under way after {SETTLE_TIMEOUT_S} s: "
                + ", ".join(sorted(request.url for request in tracker.requests)),
                pytrace=False,
            )
        page.wait_for_timeout(50)  # lets Playwright deliver the request events while the condition is polled


def short(url: str, site: StaticSite) -> str:
    """A page's URL as people read it in a report: /hand-mesotherapy/en/results/ → en/results/."""
    return url.removeprefix(site.url) or "/"


def add_test_style(page, css: str) -> None:
    """A stylesheet for the test's own needs, added through the CSSOM: the page's Content-Security-Policy
    (rightly) refuses an injected <style>, and the tests keep that policy on."""
    page.evaluate(
        """css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""",
        css,
    )


# Transitions and animations off while a test measures what is on screen: the end state is what counts,
# and Material fades many things in over 125-250 ms.
NO_MOTION_CSS = (
    "*,*::before,*::after{transition-duration:0s!important;transition-delay:0s!important;"
    "animation-duration:0s!important;animation-delay:0s!important}"
)

# The focused element as the reader sees it. Material draws the focus of its hidden palette radio on the
# <label> that follows it, so a 0×0 <input> is judged by that label. The ring's contrast is measured on
# each of the four sides, against what is painted just outside the element's box (or inside it, with a
# negative outline-offset); see focus_problem() for the rule.
FOCUS_STATE_JS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const area = e => { const r = e.getBoundingClientRect(); return r.width >= 1 && r.height >= 1; };
  let shown = el;
  if (!area(el) && el.tagName === 'INPUT') {
    const labels = [el.nextElementSibling, ...(el.labels || [])].filter(x => x && x.tagName === 'LABEL');
    shown = labels.find(area) || el;
  }
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  let opacity = 1;
  for (let n = shown; n && n.nodeType === 1; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const parse = c => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const backgroundAt = (x, y, inside) => {
    const stack = document.elementsFromPoint(x, y).filter(e => inside || (e !== shown && !shown.contains(e)));
    let colour = [255, 255, 255, 1];
    for (const e of stack.reverse()) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) colour = over(bg, colour);
    }
    return colour;
  };
  const width = parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  const hasOutline = style.outlineStyle !== 'none' && width > 0;
  const hasShadow = !!style.boxShadow && style.boxShadow !== 'none';
  const contrasts = [];
  const ring = parse(style.outlineColor);
  if (hasOutline && ring) {
    const d = offset + width / 2, cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    const points = [[box.left - d, cy], [box.right + d, cy], [cx, box.top - d], [cx, box.bottom + d]]
      .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
    for (const [x, y] of points) {
      const bg = backgroundAt(x, y, d < 0);
      contrasts.push(Math.round(ratio(over([ring[0], ring[1], ring[2], ring[3] * opacity], bg), bg) * 100) / 100);
    }
  }
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].filter(c => c !== 'focus-visible').map(c => '.' + c).join('') +
    (e.getAttribute('href') ? `[href="${e.getAttribute('href')}"]` : '');
  return {
    element: describe(el), shown: describe(shown), tag: el.tagName,
    text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40),
    classes: [...el.classList], href: el.getAttribute('href'), hreflang: el.getAttribute('hreflang'),
    describedby: el.getAttribute('aria-describedby'), title: el.getAttribute('title'),
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`, has_outline: hasOutline,
    has_shadow: hasShadow, contrasts: contrasts, opacity: opacity, visibility: style.visibility,
    box: [box.left, box.top, box.width, box.height].map(Math.round),
    in_view: box.width >= 1 && box.height >= 1 && box.right > 0 && box.bottom > 0
             && box.left < innerWidth && box.top < innerHeight,
    in_main: !!el.closest('.md-content'), in_switcher: !!el.closest('.md-select'),
  };
}"""

# Material's tooltip for the focused glossary word: <div role="tooltip" class="md-tooltip2 md-tooltip2--active">
# referenced by the word's aria-describedby (Material moves the title there).
TOOLTIP_SHOWN_JS = r"""() => {
  const el = document.activeElement, id = el && el.getAttribute('aria-describedby');
  const tip = id && document.getElementById(id);
  if (!tip || !tip.classList.contains('md-tooltip2--active')) return false;
  const inner = tip.querySelector('.md-tooltip2__inner') || tip;
  const r = inner.getBoundingClientRect(), s = getComputedStyle(tip);
  return r.width > 0 && r.height > 0 && s.visibility === 'visible' && parseFloat(s.opacity) > 0.99;
}"""

TOOLTIP_STATE_JS = r"""() => {
  const el = document.activeElement, id = el && el.getAttribute('aria-describedby');
  const tip = id && document.getElementById(id);
  if (!tip) return {exists: false, describedby: id};
  const inner = tip.querySelector('.md-tooltip2__inner') || tip;
  const r = inner.getBoundingClientRect(), s = getComputedStyle(tip);
  return {exists: true, role: tip.getAttribute('role'), classes: [...tip.classList], text: inner.textContent.trim(),
          opacity: parseFloat(s.opacity), visibility: s.visibility,
          box: [r.left, r.top, r.width, r.height].map(Math.round),
          in_view: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                   && r.left < innerWidth && r.top < innerHeight};
}"""

MAX_TAB_STOPS = 400
FOCUS_SETTLE_MS = 2000  # at most this long for Material to show what it shows on focus
# The focused element is on screen, not transparent, with a ring or shadow (contrast is judged after).
FOCUS_SHOWN_JS = f"""() => {{ const s = ({FOCUS_STATE_JS})();
  return s !== null && (s.has_outline || s.has_shadow) && s.visibility === 'visible' && s.in_view
         && s.opacity >= 0.5; }}"""
MIN_FOCUS_CONTRAST = 3.0  # WCAG 1.4.11 non-text contrast, for the focus ring against what surrounds it
MIN_OPACITY = 0.5  # below this a focused element (and its ring) is all but invisible


def focus_problem(stop: dict) -> str | None:
    """Why the focus of one Tab stop cannot be seen, or None.

    The ring must contrast 3:1 with its surroundings on at least half of the sides measured: a menu
    that opens under a button may cover one side of its ring without hiding the ring.
    """
    if not (stop["has_outline"] or stop["has_shadow"]):
        return f"no focus indicator (outline {stop['outline']}, no box-shadow)"
    if stop["visibility"] != "visible" or not stop["in_view"]:
        return f"focused but not on screen (box {stop['box']}, visibility {stop['visibility']})"
    if stop["opacity"] < MIN_OPACITY:
        return f"focused but transparent (opacity {stop['opacity']:.2f})"
    sides = sorted(stop["contrasts"], reverse=True)
    if stop["has_outline"] and sides and sides[(len(sides) + 1) // 2 - 1] < MIN_FOCUS_CONTRAST:
        return (
            f"focus ring contrast {' / '.join(f'{c:.2f}' for c in stop['contrasts'])}:1 on its sides, "
            f"below {MIN_FOCUS_CONTRAST}:1 on most (outline {stop['outline']})"
        )
    return None


@dataclass
class KeyboardWalk:
    """Every Tab stop of one page, in order, from a fresh load; the first glossary word's tooltip."""

    url: str
    stops: list[dict]
    tooltip: dict | None = None  # TOOLTIP_STATE_JS of the first <abbr> reached, if any
    tooltip_word: dict | None = None  # its Tab stop


def keyboard_walk(page, url: str) -> KeyboardWalk:
    page.goto(url)
    page.wait_for_load_state("load")
    add_test_style(page, NO_MOTION_CSS)
    walk = KeyboardWalk(url, [])
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE_JS)
        if state is not None and focus_problem(state):
            # Material reacts to focus after a short delay (search opens, the tooltip appears): wait until the
            # focused element shows, then judge it; if it never does, the state below says why.
            try:
                page.wait_for_function(FOCUS_SHOWN_JS, timeout=FOCUS_SETTLE_MS)
            except PlaywrightTimeout:
                pass
            state = page.evaluate(FOCUS_STATE_JS)
        if state is None or (walk.stops and state["element"] == walk.stops[0]["element"]):
            break  # past the last stop: focus went back to the document
        if state["tag"] == "ABBR" and walk.tooltip is None:
            try:
                page.wait_for_function(TOOLTIP_SHOWN_JS, timeout=3000)
            except PlaywrightTimeout:
                pass  # the state below says what is wrong
            walk.tooltip, walk.tooltip_word = page.evaluate(TOOLTIP_STATE_JS), state
        walk.stops.append(state)
    return walk


class KeyboardWalks:
    """Keyboard walks of every page of a language at one width, made once and shared by the keyboard tests."""

    def __init__(self, browser, static_site: StaticSite):
        self.browser, self.site = browser, static_site
        self._cache: dict[tuple[str, str], list[KeyboardWalk]] = {}

    def of(self, lang: str, viewport: str) -> list[KeyboardWalk]:
        key = (lang, viewport)
        if key not in self._cache:
            context = new_context(self.browser, viewport=viewport)
            try:
                page = context.new_page()
                self._cache[key] = [keyboard_walk(page, url) for url in self.site.pages(lang)]
            finally:
                context.close()
        return self._cache[key]


@pytest.fixture(scope="session")
def keyboard_walks(browser, static_site) -> KeyboardWalks:
    return KeyboardWalks(browser, static_site)
