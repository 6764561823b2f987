"""Each page inlines only the style rules its own HTML uses (scripts/postprocess/pages.py, issue 11), in Chromium.

A page arrives with Material's and the site's rules that its elements, classes and attributes use; the whole
stylesheet comes when the reader first uses the page (material-on-use.js), before Material's bundle runs.
If the page's part missed a rule, the reader would see the page change when the whole arrives, or never see
that rule at all without script. So, before any use, each element's computed style (and its ::before and
::after) is recorded, the whole stylesheet is applied as material-on-use.js applies it, without the bundle,
and the two must be the same, property for property:
- every page of every language at phone width, light: as it arrives, and with every link, button, field
  and glossary word in the states :focus, :focus-visible and :hover at once (forced through the DevTools
  protocol, as DevTools' "force element state" does: a real Tab would start loading the whole stylesheet);
- the home and results pages at desktop width, dark;
- the home page at phone width with the menu and then the search box opened (states the HTML and CSS
  alone give, without script), light and dark;
- the home, results and glossary pages as printed (print media: a reader may print before any use).
Transitions are off (the end state is what counts). A difference names the element and the properties.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import NO_MOTION_CSS, add_test_style, new_context, policy_violations, settle, watch_policy  # noqa: E402
from conftest import LANGS, built_pages  # noqa: E402

pytestmark = pytest.mark.browser

# Every element's computed style (and its pseudo-elements' when they are drawn), kept in the page.
RECORD_JS = """() => {
  const styles = el => {
    const out = {};
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
      const values = {};
      for (let i = 0; i < cs.length; i++) values[cs[i]] = cs.getPropertyValue(cs[i]);
      out[pseudo || ''] = values;
    }
    return out;
  };
  window.__recorded = [...document.body.querySelectorAll('*')].concat([document.documentElement, document.body])
    .map(el => [el, styles(el)]);
  return window.__recorded.length;
}"""

# The whole stylesheet, linked where and as material-on-use.js links it; resolves once it has applied.
APPLY_WHOLE_JS = """() => new Promise((resolve, reject) => {
  const inline = document.querySelector('style[data-on-use]');
  if (!inline) return reject(new Error('no <style data-on-use>: the page does not name its whole stylesheet'));
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = inline.getAttribute('data-on-use');
  link.onload = () => resolve(link.sheet.cssRules.length);
  link.onerror = () => reject(new Error('the whole stylesheet did not load: ' + link.href));
  inline.after(link);
})"""

# What changed since RECORD_JS, per element: a short path to it and the properties, before → after.
CHANGES_JS = """() => {
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
      const differ = Object.keys(old).filter(p => cs.getPropertyValue(p) !== old[p])
        .map(p => `${p}: ${old[p]} → ${cs.getPropertyValue(p)}`);
      if (differ.length) changes.push(`${where(el)}${pseudo}: ${differ.slice(0, 4).join('; ')}`);
    }
  }
  return changes;
}"""

OPEN = {"menu": "#__drawer", "search": "#__search"}
FOCUSABLE = "a[href], button, input, select, textarea, label[for], summary, abbr, [tabindex]"
STATES = ["focus", "focus-visible", "hover"]


def _force_states(page) -> int:
    """Every focusable element in STATES (they stay so while the DevTools session lives); how many."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": FOCUSABLE})["nodeIds"]
    for node in nodes:
        cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": STATES})
    return len(nodes)


def _compare(page, url: str, *, opened: str | None = None, states: bool = False) -> list[str]:
    page.goto(url)
    settle(page)
    add_test_style(page, NO_MOTION_CSS)
    if opened:
        page.evaluate("selector => { document.querySelector(selector).checked = true; }", OPEN[opened])
    if states and _force_states(page) < 10:
        return [f"{url}: fewer than 10 focusable elements found ({FOCUSABLE})"]
    page.evaluate(RECORD_JS)
    if page.evaluate("() => document.documentElement.hasAttribute('data-md-bundle')"):
        return [f"{url}: Material's bundle was asked for before any use; the page's own rules were not judged alone"]
    page.evaluate(APPLY_WHOLE_JS)
    changes = page.evaluate(CHANGES_JS)
    state = f" ({opened} open)" if opened else " (focused and hovered)" if states else ""
    return [f"{url}{state}: {change}" for change in changes[:15]] + (
        [f"{url}{state}: … and {len(changes) - 15} more"] if len(changes) > 15 else []
    )


def _run(browser, urls: list[tuple[str, str | None]], *, states: bool = False, **context_options) -> list[str]:
    context = new_context(browser, **context_options)
    watch_policy(context)
    problems = []
    try:
        page = context.new_page()
        for url, opened in urls:
            problems += _compare(page, url, opened=opened)
            if states:
                problems += _compare(page, url, states=True)
        problems += policy_violations(page)
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_looks_the_same_with_the_whole_stylesheet_at_phone_width(browser, static_site, site, lang):
    base = f"{static_site.url}{lang}/"
    pages = [path.parent.relative_to(site / lang).as_posix() for path in built_pages(site, lang)]
    urls = [(base + ("" if path == "." else path + "/"), None) for path in pages]
    assert len(urls) >= 10, f"only {len(urls)} pages in {lang}"
    problems = _run(browser, urls, states=True, viewport="375px")
    assert not problems, "the page's own rules miss some of the whole stylesheet's:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_results_look_the_same_with_the_whole_stylesheet_on_a_dark_desktop(browser, static_site, lang):
    urls = [(f"{static_site.url}{lang}/{path}", None) for path in ("", "results/")]
    problems = _run(browser, urls, viewport="1280px", scheme="dark")
    assert not problems, "the page's own rules miss some of the whole stylesheet's:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_open_menu_and_search_look_the_same_with_the_whole_stylesheet(browser, static_site, lang, scheme):
    urls = [(f"{static_site.url}{lang}/", opened) for opened in OPEN]
    problems = _run(browser, urls, viewport="375px", scheme=scheme)
    assert not problems, "the page's own rules miss some of the whole stylesheet's:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_printed_pages_look_the_same_with_the_whole_stylesheet(browser, static_site, lang):
    context = new_context(browser, viewport="1280px")
    watch_policy(context)
    problems = []
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for path in ("", "results/", "glossary/"):
            problems += _compare(page, f"{static_site.url}{lang}/{path}")
        problems += policy_violations(page)
    finally:
        context.close()
    assert not problems, "the page's own print rules miss some of the whole stylesheet's:\n" + "\n".join(problems)
