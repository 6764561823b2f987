"""The browser tests' own checks can fail: each helper of browser_support.py whose findings the tests assert
empty is shown here a tiny page with exactly the defect it exists to catch, and must name it.

A check that cannot fail passes every page: whole_stylesheet_changes once compared a page's rules with
themselves. The pages are served by the test itself
(page.route on http://probe.test/, and http://other.test/ as "another host"): no site, no network.
"""

from __future__ import annotations

import types

import pytest

pytest.register_assert_rewrite("browser_support")
from bench.server import Hit  # noqa: E402

import browser_support  # noqa: E402
from browser_support import (  # noqa: E402
    FOCUS_STATE_JS,
    PageWatch,
    axe_check,
    focus_problem,
    fresh_view_problems,
    keyboard_walk,
    new_context,
    palette_problem,
    policy_violations,
    require_axe,
    settle,
    watch_policy,
    whole_stylesheet_changes,
)

pytestmark = pytest.mark.browser

PROBE = "http://probe.test/"
OTHER = "http://other.test/"
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def serve(page, files: dict[str, tuple[int, str, str | bytes] | None]) -> None:
    """Answer http://probe.test/<path> and http://other.test/<path> from `files` ({url: (status, type, body)});
    None aborts the request (a network failure)."""

    def answer(route):
        item = files.get(route.request.url, (404, "text/plain", "not here"))
        if item is None:
            route.abort()
            return
        status, kind, body = item
        route.fulfill(status=status, content_type=kind, body=body)

    page.route(f"{PROBE}**", answer)
    page.route(f"{OTHER}**", answer)


def html(head: str, body: str, *, root: str = "<html lang=en>", body_tag: str = "<body>") -> str:
    return f"<!doctype html>{root}<head><meta charset=utf-8><title>probe</title>{head}</head>{body_tag}{body}</body></html>"


@pytest.fixture
def page(browser):
    context = new_context(browser, viewport="1280px")
    try:
        yield context.new_page()
    finally:
        context.close()


# ---------------------------------------------------------------- the focus ring (FOCUS_STATE_JS, focus_problem)

# One link per way a focus can go unseen, and one that shows (so the problems come from the defects).
FOCUS_PAGE = html(
    """<style>
    body { margin: 40px; background: #fff; } a { display: inline-block; margin: 20px; color: #000; }
    a:focus { outline: 3px solid #000; outline-offset: 2px; }
    #faint:focus { outline-color: rgb(220, 220, 220); }
    #bare:focus { outline: none; }
    #faded { opacity: 0.2; }
    #away { position: absolute; left: -9999px; }
    #unread:focus { outline-color: color(display-p3 0 0 0); }
    #shadowed:focus { outline: none; box-shadow: 0 0 0 3px #000; }
    </style>""",
    '<a id="shown" href="#1">shown</a><a id="faint" href="#2">faint</a><a id="bare" href="#3">bare</a>'
    '<a id="faded" href="#4">faded</a><a id="away" href="#5">away</a><a id="unread" href="#6">unread</a>'
    '<a id="shadowed" href="#7">shadowed</a>',
)


def test_the_focus_check_names_a_focus_that_cannot_be_seen(page):
    serve(page, {PROBE: (200, "text/html", FOCUS_PAGE)})
    page.goto(PROBE)
    found = {}
    for name in ("shown", "faint", "bare", "faded", "away", "unread", "shadowed"):
        page.focus(f"#{name}")
        found[name] = focus_problem(page.evaluate(FOCUS_STATE_JS))
    assert found["shown"] is None, found
    assert (found["faint"] or "").startswith("focus ring contrast 1.37 / 1.37 / 1.37 / 1.37:1"), found
    assert "below 3.0:1" in found["faint"], found
    assert (found["bare"] or "").startswith("no focus indicator (outline none"), found
    assert found["faded"] == "focused but transparent (opacity 0.20)", found
    assert (found["away"] or "").startswith("focused but not on screen"), found
    # A ring whose colour the check cannot read is not taken for a ring that shows.
    assert (found["unread"] or "").startswith("focus ring contrast not measured"), found
    assert (found["shadowed"] or "").startswith("focus shown by a box-shadow alone"), found


def test_the_keyboard_walk_keeps_every_stop_as_it_was_seen(page, monkeypatch):
    """Every Tab stop in order, the walk ending when the focus leaves the last; a stop whose ring never shows is
    kept as it stayed (the walk's wait for Material is cut short: nothing on this page comes later)."""
    monkeypatch.setattr(browser_support, "FOCUS_SETTLE_MS", 100)
    serve(page, {PROBE: (200, "text/html", FOCUS_PAGE)})
    page.goto(PROBE)
    walk = keyboard_walk(page, PROBE)
    elements = [stop["element"] for stop in walk.stops]
    assert elements == [
        'a#shown[href="#1"]',
        'a#faint[href="#2"]',
        'a#bare[href="#3"]',
        'a#faded[href="#4"]',
        'a#away[href="#5"]',
        'a#unread[href="#6"]',
        'a#shadowed[href="#7"]',
    ], elements
    problems = {stop["element"]: focus_problem(stop) for stop in walk.stops}
    assert problems['a#shown[href="#1"]'] is None, problems
    assert "focus ring contrast" in (problems['a#faint[href="#2"]'] or ""), problems
    assert "no focus indicator" in (problems['a#bare[href="#3"]'] or ""), problems
    assert "transparent" in (problems['a#faded[href="#4"]'] or ""), problems
    assert "not on screen" in (problems['a#away[href="#5"]'] or ""), problems
    assert "not measured" in (problems['a#unread[href="#6"]'] or ""), problems
    assert "box-shadow alone" in (problems['a#shadowed[href="#7"]'] or ""), problems


# ---------------------------------------------------------------- the network and the console (PageWatch)


def test_the_page_watch_names_each_kind_of_problem(page):
    """Another host, a failed request, an error response, a console error, an uncaught exception, and a request
    the page itself lost after its load (net::ERR_ABORTED, which only leaving the page may excuse). The page is
    answered 404 and allowed to be, as a site's 404 page is: that excuses the page, not the 404 it loads."""
    files = {
        PROBE: (
            404,
            "text/html",
            html(
                '<link rel="stylesheet" href="/missing.css">',
                '<img alt="" src="http://other.test/pixel.gif"><script src="/gone.js"></script>'
                '<script>console.error("probe: something broke")</script>'
                '<script>throw new Error("probe threw")</script>',
            ),
        ),
        f"{OTHER}pixel.gif": (200, "image/gif", PIXEL),
        f"{PROBE}gone.js": None,
    }
    serve(page, files)
    page.route(f"{PROBE}cut", lambda route: route.abort("aborted"))
    watch = PageWatch(PROBE, allowed_404={PROBE}).attach(page)
    page.goto(PROBE)
    settle(page)
    page.evaluate("() => fetch('/cut').catch(() => null)")
    settle(page)
    problems = watch.problems()
    joined = "\n".join(problems)
    assert f"request to another host: {OTHER}pixel.gif" in problems, joined
    assert f"failed request: GET {PROBE}gone.js: net::ERR_FAILED" in problems, joined
    assert f"failed request: GET {PROBE}cut: net::ERR_ABORTED" in problems, joined
    assert f"error response: 404 {PROBE}missing.css" in problems, joined
    assert f"console error: probe: something broke [{PROBE}:0]" in problems, joined
    assert any(p.startswith("uncaught exception: ") and "probe threw" in p for p in problems), joined
    # Without allowed_404 the page itself would add "error response: 404 http://probe.test/" and Chromium's
    # "Failed to load resource: … 404" at its address.
    assert not any(p.endswith((f" {PROBE}", f"[{PROBE}:0]")) and "404" in p for p in problems), joined


def test_the_policy_check_names_what_the_policy_refused(browser):
    """What the Content-Security-Policy refuses, an inline script in the page and an image from another host in
    a frame: each is a violation named with its directive and what it blocked, and a console error."""
    policy = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    files = {
        PROBE: (
            200,
            "text/html",
            html(policy, '<script>document.title = "ran"</script><iframe src="/frame"></iframe>'),
        ),
        f"{PROBE}frame": (200, "text/html", html(policy, '<img alt="" src="http://other.test/pixel.gif">')),
        f"{OTHER}pixel.gif": (200, "image/gif", PIXEL),
    }
    context = new_context(browser)
    watch_policy(context)
    try:
        page = context.new_page()
        serve(page, files)
        watch = PageWatch(PROBE).attach(page)
        page.goto(PROBE)
        settle(page)
        violations = policy_violations(page)
        title = page.title()
    finally:
        context.close()
    joined = "\n".join(violations)
    assert title == "probe", "the policy did not refuse the inline script: the probe page is wrong"
    assert any(v.startswith("policy violation: script-src-elem blocked inline (") for v in violations), joined
    assert f"policy violation: img-src blocked {OTHER}pixel.gif" in joined, joined
    assert any("Content Security Policy" in error for error in watch.console_errors), watch.console_errors


# ---------------------------------------------------------------- a first view (fresh_view_problems)


def test_the_fresh_view_check_names_a_bundle_loaded_before_any_use_and_an_answer_not_sent(page):
    """What the tour's first view must not have: Material's bundle asked for before any use, a request of the site
    answered by a revalidation (304) or not sent by the server at all (a cache), a value stored when the page
    started (the last page's palette). The server's log is given here."""
    serve(page, {PROBE: (200, "text/html", html("", "<p>probe</p>", root="<html lang=en data-md-bundle=ready>"))})
    site = types.SimpleNamespace(url=PROBE)
    watch = PageWatch(PROBE).attach(page)
    page.goto(PROBE)
    settle(page)
    fresh = [Hit("/", 200, 500)]
    assert fresh_view_problems(page, watch, fresh, site) == [
        "/: Material's bundle was loaded on the first view, before any use"
    ]
    page.evaluate("() => document.documentElement.removeAttribute('data-md-bundle')")
    assert fresh_view_problems(page, watch, fresh, site) == []
    for sent in ([Hit("/", 304, 200)], []):
        problems = fresh_view_problems(page, watch, sent, site)
        assert len(problems) == 1 and problems[0].startswith("/: the first view was not a fresh one"), (sent, problems)
    page.evaluate("() => { localStorage.setItem('/.__palette', '{}'); sessionStorage.setItem('tab', '1'); }")
    watch.detach(page)
    watch = PageWatch(PROBE).attach(page)
    page.reload()
    settle(page)
    assert fresh_view_problems(page, watch, fresh, site) == [
        "/: the first view was not a fresh one: it started with ['/.__palette', 'session: tab'] stored",
        "/: Material's bundle was loaded on the first view, before any use",  # the probe's <html> says so
    ]


# ---------------------------------------------------------------- axe-core and the palette (axe_check, palette_problem)


# A Material page showing its light palette, with an image without a text alternative and faint text.
PALETTE_PAGE = html(
    "<style>.faint { color: #ccc; background: #fff; }</style>",
    '<div data-md-component="palette"></div><main><h1>probe</h1><img src="/pixel.gif">'
    '<p class="faint">text too faint to read</p></main>',
    body_tag='<body data-md-color-scheme="default">',
)


def test_axe_check_names_what_axe_core_finds(browser):
    context = new_context(browser)
    context.add_init_script(path=str(require_axe()))
    try:
        page = context.new_page()
        serve(page, {PROBE: (200, "text/html", PALETTE_PAGE), f"{PROBE}pixel.gif": (200, "image/gif", PIXEL)})
        page.goto(PROBE)
        version, lines = axe_check(page, "light", "probe")
    finally:
        context.close()
    joined = "\n".join(lines)
    assert version.startswith("4."), version
    assert any(line.startswith("probe: image-alt (critical) — ") for line in lines), joined
    assert any(line.startswith("probe: color-contrast (serious) — ") for line in lines), joined
    assert any(line.strip().startswith("p  :: ") and "insufficient color contrast" in line for line in lines), joined


def test_the_palette_check_names_a_palette_that_did_not_apply(page, monkeypatch):
    """The dark palette asked for on a page that stays light is named (and axe is not run on the wrong palette);
    the palette shown is not. (On a probe page nothing comes later: the check waits 0.3 s, not its 5 s.)"""
    monkeypatch.setattr(browser_support, "PALETTE_WAIT_MS", 300)
    serve(page, {PROBE: (200, "text/html", PALETTE_PAGE), f"{PROBE}pixel.gif": (200, "image/gif", PIXEL)})
    page.goto(PROBE)
    assert palette_problem(page, "light", "probe") is None
    expected = (
        "probe: the dark palette did not apply — <body data-md-color-scheme='default'>, expected 'slate' "
        "(system preference light, stored nothing)"
    )
    assert palette_problem(page, "dark", "probe") == expected
    assert axe_check(page, "dark", "probe") == ("", [expected])
    page.emulate_media(color_scheme="dark")
    page.evaluate("() => localStorage.setItem('/.__palette', '{\"index\":0}')")
    assert palette_problem(page, "dark", "probe").endswith('(system preference dark, stored {"index":0})')


# ---------------------------------------------------------------- the page's own style rules (whole_stylesheet_changes)

# A page whose whole stylesheet changes what it shows three ways: a property of an element, a pseudo-element drawn
# only with it, and a property of focused links.
STYLE_PAGE = html(
    '<style data-on-use="/whole.css">p { letter-spacing: 1px; } a { outline-color: rgb(0, 0, 0); }</style>',
    '<p class="changed">changed</p><p class="marked">marked</p>'
    + "".join(f'<a href="#{n}">{n}</a> ' for n in range(12)),
)
STYLE_WHOLE = """p.changed { letter-spacing: 2px; } p.marked::before { content: "!"; }
a:focus { outline-color: rgb(0, 128, 0); }"""


def test_the_style_comparison_names_what_the_whole_stylesheet_changes(page):
    """whole_stylesheet_changes (what the tours and test_browser_critical_css.py assert empty) finds a changed
    property, a pseudo-element drawn only by the whole stylesheet and a change of focused elements, and names each.
    It once found nothing with the elements focused: the whole stylesheet, turned off through its <link>, was not
    back when the styles were read."""
    serve(page, {PROBE: (200, "text/html", STYLE_PAGE), f"{PROBE}whole.css": (200, "text/css", STYLE_WHOLE)})
    page.goto(PROBE)
    changes = whole_stylesheet_changes(page, "probe", states=True)
    joined = "\n".join(changes)
    assert "probe: body > p.changed: letter-spacing: 1px → 2px" in changes, joined
    assert "probe: body > p.marked::before: not drawn → drawn" in changes, joined
    focused = [change for change in changes if change.startswith("probe (focused and hovered): body > a:")]
    assert focused and all("outline-color: rgb(0, 0, 0) → rgb(0, 128, 0)" in change for change in focused), joined


def test_the_fresh_view_check_excuses_the_browser_s_own_fetch_of_the_page_icon(page):
    """A clinic's logo is the page's <img> and its icon: the browser fetches the icon itself (not a request of the
    page) and revalidates it (304). That one fetch is excused; a second, or another file's 304, is not."""
    serve(page, {PROBE: (200, "text/html", html('<link rel="icon" href="/logo.svg">', "<p>probe</p>"))})
    site = types.SimpleNamespace(url=PROBE)
    watch = PageWatch(PROBE).attach(page)
    page.goto(PROBE)
    settle(page)
    assert fresh_view_problems(page, watch, [Hit("/", 200, 500), Hit("/logo.svg", 304, 100)], site) == []
    for sent in (
        [Hit("/", 200, 500), Hit("/logo.svg", 304, 100), Hit("/logo.svg", 304, 100)],
        [Hit("/", 304, 500), Hit("/logo.svg", 200, 100)],
    ):
        problems = fresh_view_problems(page, watch, sent, site)
        assert len(problems) == 1 and "not a fresh one" in problems[0], (sent, problems)
