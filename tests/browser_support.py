"""Serving site/ as a static host would, and driving Debian's Chromium (issue 5).

A pytest plugin: test modules load it with `pytest_plugins = ["browser_support"]`,
so the server and the browser are started once per session however many modules use them.

The server (bench/server.py, the one the benchmark uses too) runs in a thread of the test session on
127.0.0.1 (a free port) and serves site/ under the path of mkdocs.yml's site_url (/hand-mesotherapy/),
gzip-compressed, with the cache policy the README asks of a host (fingerprinted files cached for a year,
everything else revalidated), and logs every response (path, status, bytes on the wire) so a test can say
what a page loaded.

The tour (Tours, PageTour): each page of a language at one width is loaded once, as a first visit, and
everything the per-page checks need is collected on that one visit: what the first and the repeat view
loaded, every problem seen on the way (another host, a failed request, a console error, a policy
violation), axe-core's findings in the light and the dark palette, every Tab stop, and (for STYLE_LANGS at
STYLE_VIEWPORT) how the page's own style rules differ from the whole stylesheet's. The tests assert on
those facts (tests/browser_tour.py); nothing here waits on a timer: the load event, the end of each request,
and conditions in the page.
"""

from __future__ import annotations

import shutil
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.pages import CHROMIUM as BENCH_CHROMIUM
from bench.pages import CHROMIUM_ARGS
from bench.server import FINGERPRINTED, Hit, StaticServer
from scripts.config.project_config import SOURCE_LANGUAGE, load_base_config, site_languages
from scripts.renderers.bidi import is_rtl

from conftest import ROOT, built_pages

CHROMIUM = Path(BENCH_CHROMIUM)
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "`make test` installs it (scripts/ensure-tools.sh); or run `make browser-deps`"

# Two widths (phone, desktop) × two palettes: every page is checked in each.
VIEWPORTS = {"375px": {"width": 375, "height": 812}, "1280px": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")

# What does not differ by language is checked in the source language and each right-to-left one: both
# directions. The page's own style rules, say, are compared with the whole stylesheet's (critical CSS) on
# every page of those, at the phone width: every kind of page, both directions (the rules a page inlines
# come from its own HTML by one mechanism in every language).
LTR_AND_RTL = [SOURCE_LANGUAGE] + [
    item.code for item in site_languages() if is_rtl(item.locale) and item.code != SOURCE_LANGUAGE
]
STYLE_LANGS = LTR_AND_RTL
STYLE_VIEWPORT = "375px"

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


# What each document found stored when it started, before its own scripts (fresh_view_problems: a first
# visit finds nothing; the page's scripts store the palette as soon as they run).
RECORD_STORED_AT_START = """
window.__storedAtStart = (() => {
  try {
    return [...Object.keys(localStorage), ...Object.keys(sessionStorage).map(key => `session: ${key}`)];
  } catch (error) {
    return [];  // a document without storage (about:blank)
  }
})();
"""


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
    context.add_init_script(RECORD_STORED_AT_START)
    return context


class InFlight:
    """The requests of a profile that have gone out and not yet ended, for settle().

    Playwright's own "networkidle" (no request for 500 ms) never came, twice in clean-clone runs, within 30 s
    of a page's load, and costs half a second on every load when it does: this counts requests to a host
    only (Chromium reports the data: URLs of Material's icons as requests), and settle() waits for each one's
    own end."""

    def __init__(self) -> None:
        self.requests: set = set()

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


SETTLE_LIMIT_S = 30  # a page whose requests have not all ended by then is a failure, named


def settle(page) -> None:
    """Wait until the page's load event, then until every request under way has ended (Material's bundle,
    what it fetches), as Playwright reports each end (finished or failed): no timer to wait out. A request that
    never ends fails the test after SETTLE_LIMIT_S, naming it, rather than hanging the run."""
    page.wait_for_load_state("load")
    tracker: InFlight = page.context._patient_in_flight
    deadline = time.monotonic() + SETTLE_LIMIT_S
    while tracker.requests:
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(
                f"{page.url}: requests still under way after {SETTLE_LIMIT_S} s: "
                + ", ".join(sorted(request.url for request in tracker.requests)),
                pytrace=False,
            )
        # Returns at the next request's end; a failed request ends without "requestfinished", so the wait is
        # cut into slices after which the tracker (which also hears "requestfailed") is read again.
        try:
            page.wait_for_event("requestfinished", timeout=min(left, 1.0) * 1000)
        except PlaywrightTimeout:
            pass


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


# How Chromium's console reports a response of 404 (at the address answered).
ANSWERED_404 = "Failed to load resource: the server responded with a status of 404"


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
    # The page's own navigations under way (a goto, a reload): until the new document has arrived, the old one's
    # requests are cut off as it is left (net::ERR_ABORTED) — the browser's own fetch of a favicon, which starts
    # after the load event, is one. What leaving cuts off is not a failed request of the page.
    leaving: set = field(default_factory=set)

    def _handlers(self) -> dict:
        return {
            "request": self._request,
            "requestfinished": self._ended,
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
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.leaving.add(request)

    def _ended(self, request) -> None:
        self.leaving.discard(request)

    def _failed(self, request) -> None:
        cut_off = request.failure == "net::ERR_ABORTED" and self.leaving and request not in self.leaving
        self.leaving.discard(request)
        if not cut_off:
            self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def _response(self, response) -> None:
        if response.status >= 400 and response.url not in self.allowed_404:
            self.bad_status.append(f"{response.status} {response.url}")

    def _console(self, message) -> None:
        where = message.location or {}
        # An allowed 404 excuses Chromium's report of that response only: the page's own scripts and the policy
        # report their errors at the same address.
        excused = where.get("url") in self.allowed_404 and message.text.startswith(ANSWERED_404)
        if message.type == "error" and not excused:
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

FINISH_ANIMATIONS_JS = """() => { for (const animation of document.getAnimations()) {
  try { animation.finish(); } catch (error) { /* an endless one: it has no end state to jump to */ } } }"""


def motionless(page) -> None:
    """Transitions and animations off from now on, and those already running (a palette set on load fades
    in) jumped to their end: what the page looks like once it is still, without waiting for it."""
    add_test_style(page, NO_MOTION_CSS)
    page.evaluate(FINISH_ANIMATIONS_JS)


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
    that opens under a button may cover one side of its ring without hiding the ring. A ring that cannot be
    measured (a box-shadow alone, a colour not in rgb(), no side on screen) is a problem too: unjudged is not seen.
    """
    if not (stop["has_outline"] or stop["has_shadow"]):
        return f"no focus indicator (outline {stop['outline']}, no box-shadow)"
    if stop["visibility"] != "visible" or not stop["in_view"]:
        return f"focused but not on screen (box {stop['box']}, visibility {stop['visibility']})"
    if stop["opacity"] < MIN_OPACITY:
        return f"focused but transparent (opacity {stop['opacity']:.2f})"
    sides = sorted(stop["contrasts"], reverse=True)
    if not stop["has_outline"]:  # a box-shadow alone: FOCUS_STATE_JS measures outlines only
        return (
            f"focus shown by a box-shadow alone, whose contrast is not measured (outline {stop['outline']}) — "
            "give it an outline, as the site's other focus rings have"
        )
    if not sides:  # a colour FOCUS_STATE_JS cannot read, or no side on screen: unjudged
        return (
            f"focus ring contrast not measured (outline {stop['outline']}: a colour not in rgb(), or no side on screen)"
        )
    if sides[(len(sides) + 1) // 2 - 1] < MIN_FOCUS_CONTRAST:
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
    """Tab through the page shown (loaded, nothing focused yet) until the focus goes back to the document."""
    motionless(page)
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


# ---------------------------------------------------------------- axe-core

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
BUNDLE_READY_JS = "() => document.documentElement.getAttribute('data-md-bundle') === 'ready'"


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


PALETTE_WAIT_MS = 5000  # at most this long for Material to show the palette asked for


def palette_problem(page, scheme: str, where: str) -> str | None:
    """Wait until Material shows `scheme`'s palette; what is wrong if it never does (None on other pages)."""
    if not page.query_selector("[data-md-component=palette]"):  # not a Material page (the root chooser)
        return None
    expected = MATERIAL_SCHEME[scheme]
    try:
        page.wait_for_function(
            f"() => ({SCHEME_JS})() === '{expected}' && !document.body.hasAttribute('data-md-color-switching')",
            timeout=PALETTE_WAIT_MS,
        )
    except PlaywrightTimeout:
        return (
            f"{where}: the {scheme} palette did not apply — <body data-md-color-scheme="
            f"{page.evaluate(SCHEME_JS)!r}>, expected {expected!r} ({page.evaluate(PALETTE_INPUTS_JS)})"
        )
    return None


# What decides the palette, for a palette that did not apply: the system preference and what is stored.
PALETTE_INPUTS_JS = """() => `system preference ${matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'}, `
  + `stored ${Object.keys(localStorage).filter(key => key.endsWith('.__palette'))
    .map(key => localStorage.getItem(key)).join(' ') || 'nothing'}`"""


def to_dark(page) -> None:
    """The reader moves the mouse (Material's bundle loads), the system preference turns dark, and the page's
    palette follows as the reader's toggle makes it.

    Transitions off first: Material fades colours over 125-250 ms, and what counts is the palette's end state."""
    motionless(page)
    if page.query_selector("script[data-bundle]"):
        page.mouse.move(5, 5)
        page.mouse.move(200, 300)
        page.wait_for_function(BUNDLE_READY_JS)
    page.emulate_media(color_scheme="dark")
    page.evaluate(f"() => {{ const dark = document.querySelector({DARK_INPUT!r}); if (dark) dark.click(); }}")


def axe_check(page, scheme: str, where: str) -> tuple[str, list[str]]:
    """axe-core's version and findings (one line each, with the nodes) on the page as shown, in `scheme`."""
    problem = palette_problem(page, scheme, where)
    if problem:
        return "", [problem]
    version, violations = axe_violations(page)
    return version, format_violations(where, violations)


# ---------------------------------------------------------------- the page's own style rules (critical CSS)

# Every element's computed style (and its pseudo-elements' when they are drawn), kept in the page: the values of
# every standard property, in one order for all (window.__names). Custom properties (--md-*) are left out: they
# draw nothing themselves, and one whose change shows changes a standard property's value. An array per element, not
# an object keyed by property: about four times quicker to make (a page's 500 properties of 300 elements, twice).
RECORD_STYLES_JS = """() => {
  const names = [...getComputedStyle(document.documentElement)].filter(name => !name.startsWith('--'));
  const styles = el => {
    const out = {};
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
      out[pseudo || ''] = names.map(name => cs.getPropertyValue(name));
    }
    return out;
  };
  window.__names = names;
  window.__recorded = [...document.body.querySelectorAll('*')].concat([document.documentElement, document.body])
    .map(el => [el, styles(el)]);
  return window.__recorded.length;
}"""

# The whole stylesheet, linked where and as material-on-use.js links it (once), on or off; resolves once it
# has applied. Off and on again is its sheet's `disabled`: the link's own `disabled` drops the sheet, and Chromium
# loads it again only later, after the comparison it was put back for.
WHOLE_STYLESHEET_JS = """on => new Promise((resolve, reject) => {
  const inline = document.querySelector('style[data-on-use]');
  if (!inline) return reject(new Error('no <style data-on-use>: the page does not name its whole stylesheet'));
  const present = document.querySelector('link[data-test-whole]');
  if (present) {
    if (!present.sheet) return reject(new Error('the whole stylesheet was linked but has no sheet: ' + present.href));
    present.sheet.disabled = !on;
    return resolve(present.sheet.cssRules.length);
  }
  if (!on) return resolve(0);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = inline.getAttribute('data-on-use');
  link.dataset.testWhole = '';
  link.onload = () => resolve(link.sheet.cssRules.length);
  link.onerror = () => reject(new Error('the whole stylesheet did not load: ' + link.href));
  inline.after(link);
})"""

# What changed since RECORD_STYLES_JS, per element: a short path to it and the properties, before → after.
STYLE_CHANGES_JS = """() => {
  const where = el => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.classList.length ? '.' + [...e.classList].slice(0, 2).join('.') : ''));
    }
    return parts.join(' > ');
  };
  const changes = [];
  for (const [el, before] of window.__recorded) {
    for (const pseudo of new Set([...Object.keys(before), '::before', '::after'])) {
      const cs = getComputedStyle(el, pseudo || null);
      const drawn = !pseudo || !(cs.content === 'none' || cs.content === 'normal');
      const old = before[pseudo];
      if (!old && !drawn) continue;
      if (!old || !drawn) { changes.push(`${where(el)}${pseudo}: ${old ? 'drawn → not drawn' : 'not drawn → drawn'}`); continue; }
      const differ = [];
      window.__names.forEach((p, i) => {
        const now = cs.getPropertyValue(p);
        if (now !== old[i]) differ.push(`${p}: ${old[i]} → ${now}`);
      });
      if (differ.length) changes.push(`${where(el)}${pseudo}: ${differ.slice(0, 4).join('; ')}`);
    }
  }
  return changes;
}"""

FOCUSABLE = "a[href], button, input, select, textarea, label[for], summary, abbr, [tabindex]"
FORCED_STATES = ["focus", "focus-visible", "hover"]
MAX_CHANGES_SHOWN = 15


class ForcedStates:
    """Every focusable element in FORCED_STATES at once, forced through the DevTools protocol as DevTools'
    "force element state" does (a real Tab or hover would be the reader's first use, and load the whole
    stylesheet); release() takes the states off again."""

    def __init__(self, page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("DOM.enable")
        self.cdp.send("CSS.enable")
        root = self.cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        self.nodes = self.cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": FOCUSABLE})["nodeIds"]
        self._set(FORCED_STATES)

    def _set(self, states: list[str]) -> None:
        for node in self.nodes:
            self.cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": states})

    def release(self) -> None:
        self._set([])
        self.cdp.detach()


def _changes(page, where: str) -> list[str]:
    changes = page.evaluate(STYLE_CHANGES_JS)
    return [f"{where}: {change}" for change in changes[:MAX_CHANGES_SHOWN]] + (
        [f"{where}: … and {len(changes) - MAX_CHANGES_SHOWN} more"] if len(changes) > MAX_CHANGES_SHOWN else []
    )


def whole_stylesheet_changes(page, where: str, *, states: bool = False) -> list[str]:
    """What the whole stylesheet changes on the page shown, before any use: one line per element that would
    look different. With `states`, again with every focusable element focused and hovered (on the same
    document: the whole stylesheet is taken off while the states are recorded, then put back)."""
    motionless(page)
    if page.evaluate("() => document.documentElement.hasAttribute('data-md-bundle')"):
        return [f"{where}: Material's bundle was asked for before any use; the page's own rules were not judged alone"]
    page.evaluate(RECORD_STYLES_JS)
    page.evaluate(WHOLE_STYLESHEET_JS, True)
    problems = _changes(page, where)
    if states:
        page.evaluate(WHOLE_STYLESHEET_JS, False)
        forced = ForcedStates(page)
        try:
            if len(forced.nodes) < 10:
                return problems + [f"{where}: fewer than 10 focusable elements found ({FOCUSABLE})"]
            page.evaluate(RECORD_STYLES_JS)
            page.evaluate(WHOLE_STYLESHEET_JS, True)
            problems += _changes(page, f"{where} (focused and hovered)")
        finally:
            forced.release()
    return problems


# ---------------------------------------------------------------- the tour


def fresh_view_problems(page, watch: PageWatch, sent: list[Hit], site: StaticSite) -> list[str]:
    """Why a first view was not a first visit's, if it was not: a request of the site's answered without
    reaching the server (a cache the last page filled), a value stored when the page started (the last page's
    palette), or Material's bundle loaded before any use (the pointer or a stored value of the last page)."""
    where = short(page.url, site)
    own = urllib.parse.urlsplit(site.url).netloc
    asked = sorted(
        urllib.parse.urlsplit(request.url).path
        for request in watch.requests
        if request.url.startswith("http") and urllib.parse.urlsplit(request.url).netloc == own
    )
    # The page's icon is fetched by the browser itself, not the page (so not among its requests): once more than
    # the page asked for it, and revalidated (304) when the page's own <img> of the same file has just cached it,
    # as a clinic's logo is both. That fetch is a first visit's too, whatever the last page left.
    icons = page.evaluate(
        "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href).filter(h => h.startsWith('http'))"
    )
    sent = list(sent)
    for icon in {urllib.parse.urlsplit(href).path for href in icons}:
        extra = [hit for hit in sent if hit.path == icon]
        if len(extra) > asked.count(icon):
            sent.remove(extra[-1])
    answered = sorted(hit.path for hit in sent)
    problems = []
    if asked != answered or any(hit.status == 304 for hit in sent):
        problems.append(
            f"{where}: the first view was not a fresh one: the browser asked for {asked}, the server sent "
            f"{[(hit.path, hit.status) for hit in sent]}"
        )
    stored = page.evaluate("() => window.__storedAtStart")
    if stored is None:
        problems.append(f"{where}: what the first view found stored is unknown: open it in a new_context()")
    elif stored:
        problems.append(f"{where}: the first view was not a fresh one: it started with {stored} stored")
    if page.evaluate("() => document.documentElement.hasAttribute('data-md-bundle')"):
        problems.append(f"{where}: Material's bundle was loaded on the first view, before any use")
    return problems


@dataclass
class DarkWalk:
    """Tours._dark_walk: one page's Tab stops in the dark palette, and what went wrong on the way."""

    walk: KeyboardWalk
    problems: list[str]


def stop_kinds(walk: KeyboardWalk) -> set[tuple[str, tuple[str, ...]]]:
    """The kinds of element a walk stopped on: element name and classes (not ids, addresses or words)."""
    return {(stop["tag"], tuple(sorted(c for c in stop["classes"] if c != "focus-visible"))) for stop in walk.stops}


@dataclass
class PageTour:
    """What one visit of a page at one width collected (see the module's docstring)."""

    url: str
    viewport: str
    requests: list[tuple[str, str]]  # (resource type, URL) of every request the browser made, first view
    first: list[Hit]  # what the server sent for the first view
    repeat: list[Hit]  # ... and for the repeat view (a reload with the cache the first view filled)
    problems: list[str]  # another host, failed request, error response, console error, policy violation
    axe_version: str
    axe: list[str]  # axe-core's findings, light then dark, one line each (and palettes that did not apply)
    walk: KeyboardWalk
    style_changes: list[str] | None  # the whole stylesheet against the page's own rules; None: not compared

    @property
    def first_bytes(self) -> int:
        return sum(hit.wire_bytes for hit in self.first)

    @property
    def repeat_bytes(self) -> int:
        return sum(hit.wire_bytes for hit in self.repeat)


class Tours:
    """Every page of a language at one width, visited once and shared by the tests that need them.

    One browser tab per language and width, which goes from page to page as a fresh profile would arrive:
    before each page, what a first visit cannot have is taken away (the cache, stored values, the dark
    palette), and the first view proves it (fresh_view_problems: every request reached the
    server, and Material's bundle waited for the reader's first use). A new profile per page costs a new
    renderer process and axe-core compiled again, about 0.6 s a page. On each page: the first view (what it
    loads, as the server sent it); a reload, the repeat view; on that page, before any use, axe-core and
    (STYLE_LANGS at STYLE_VIEWPORT) the page's own style rules against the whole stylesheet's; then Tab from
    the top to the end (the first use, which loads Material's bundle); a reload, then the reader's mouse, the
    dark palette and axe-core again. Problems are collected on every document; the watch stops before the
    test leaves one, so that what leaving cuts off is not counted as a failed request."""

    def __init__(self, browser, static_site: StaticSite):
        self.browser, self.site = browser, static_site
        self._cache: dict[tuple[str, str], list[PageTour]] = {}
        self._dark: dict[tuple[str, str], DarkWalk] = {}

    def of(self, lang: str, viewport: str) -> list[PageTour]:
        key = (lang, viewport)
        if key not in self._cache:
            compare = lang in STYLE_LANGS and viewport == STYLE_VIEWPORT
            context = new_context(self.browser, viewport=viewport, scheme="light")
            watch_policy(context)
            context.add_init_script(path=str(require_axe()))
            try:
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                visits = [self._visit(page, cdp, url, viewport, compare) for url in self.site.pages(lang)]
                self._cache[key] = visits
                richest = max(visits, key=lambda visit: len(stop_kinds(visit.walk))).url
                try:
                    self._dark[key] = self._dark_walk(page, cdp, richest)
                except PlaywrightError as exc:  # one test names it; the light visits' checks stand
                    self._dark[key] = DarkWalk(KeyboardWalk(richest, []), [f"the walk stopped: {exc}"])
            finally:
                context.close()
        return self._cache[key]

    def dark_walk(self, lang: str, viewport: str) -> DarkWalk:
        """The walk of one page of `lang` by a reader whose system is dark (see _dark_walk)."""
        self.of(lang, viewport)
        return self._dark[(lang, viewport)]

    def _dark_walk(self, page, cdp, url: str) -> DarkWalk:
        """The page with the most kinds of Tab stop walked again by a reader whose system is dark: the palette is
        dark from the page's load, before Material's bundle, and every ring is drawn in its colours. (One page,
        not every one: the kinds of stop are the site's, and the walk is a tour's largest cost.)"""
        self._as_new(page, cdp)
        page.emulate_media(color_scheme="dark")
        watch = PageWatch(self.site.url).attach(page)
        page.goto(url)
        settle(page)
        problems = []
        if problem := palette_problem(page, "dark", f"{short(url, self.site)} (system dark)"):
            problems.append(problem)
        walk = keyboard_walk(page, url)
        settle(page)
        problems += watch.problems() + policy_violations(page)
        watch.detach(page)
        return DarkWalk(walk, problems)

    def _as_new(self, page, cdp) -> None:
        """Take away what the last page left that a fresh profile would not have."""
        # Leave the last page first: its Material bundle answers the palette's change below by storing the
        # palette it shows, after any clearing done while it is open.
        if page.url.startswith(self.site.url):
            # The page clears its storage itself: its renderer keeps a copy of the origin's, which the clearing
            # below reaches by a message of its own, not ordered with the next page's load (in CI a first view
            # once started with the last page's dark palette). The tab's sessionStorage the clearing leaves.
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.goto("about:blank")
        page.emulate_media(color_scheme="light")
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(self.site.url))
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.send("Network.clearBrowserCache")
        # The pointer stays where the last page's reader left it: a new document has nothing under it until it
        # moves (no :hover, no mouseover, so Material's bundle waits: fresh_view_problems). Moving it off the
        # page instead made axe-core ten times slower on the pages after.

    def _visit(self, page, cdp, url: str, viewport: str, compare: bool) -> PageTour:
        where = f"{short(url, self.site)} [{viewport}]"
        problems: list[str] = []
        self._as_new(page, cdp)
        watch = PageWatch(self.site.url).attach(page)
        self.site.take()
        page.goto(url)
        settle(page)
        first = self.site.take()
        requests = [(request.resource_type, request.url) for request in watch.requests]
        problems += fresh_view_problems(page, watch, first, self.site)
        watch = self._next_document(page, watch, problems)
        page.reload()
        settle(page)
        repeat = self.site.take()
        motionless(page)
        version, axe = axe_check(page, "light", f"{where} light")
        changes = whole_stylesheet_changes(page, where, states=True) if compare else None
        walk = keyboard_walk(page, url)
        settle(page)
        watch = self._next_document(page, watch, problems)
        page.reload()
        settle(page)
        to_dark(page)
        dark_version, dark = axe_check(page, "dark", f"{where} dark")
        settle(page)
        self._next_document(page, watch, problems).detach(page)
        return PageTour(
            url, viewport, requests, first, repeat, problems, version or dark_version, axe + dark, walk, changes
        )

    def _next_document(self, page, watch: PageWatch, problems: list[str]) -> PageWatch:
        """The problems of the document shown, collected; a new watch for the next one."""
        problems += watch.problems() + policy_violations(page)
        watch.detach(page)
        return PageWatch(self.site.url).attach(page)


@pytest.fixture(scope="session")
def tours(browser, static_site) -> Tours:
    return Tours(browser, static_site)
