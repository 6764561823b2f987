"""Search on a slow phone, in Chromium: until the whole index has answered, the results line says Material's
"Initializing search" in the page's language, never "No matching documents".

The page runs with Chromium's CPU slowed down (CDP `Emulation.setCPUThrottlingRate`, about a mid-range phone)
and the index download held by the test (a Playwright route that answers only when the test lets it: an
explicit signal, not a timer). The reader opens search, which starts Material (its first query is of the
empty box), then types a whole word while the index is held, with a slip of the finger put right (on the
way, a query that finds nothing); then the index is let go
and the results come. An init script records every text the results line shows (a MutationObserver, which
sees each change before the page is painted); the test asserts that "No matching documents" (in that
language) is never one of them, that the loading text is what the reader sees while the index is held, and
that the results line ends on the count of the results shown. Every language (the strings are its own).
"""

from __future__ import annotations

import re

import pytest

from scripts.postprocess.pages import search_line_texts

pytest.register_assert_rewrite("browser_support")
from test_browser_first_use import READY_JS  # noqa: E402
from test_browser_search import RESULT_TIMEOUT_MS, search_word  # noqa: E402
from test_search_ranking_count_messages import material_strings  # noqa: E402

from browser_support import PageWatch, new_context, policy_violations, watch_policy  # noqa: E402
from conftest import LANGS  # noqa: E402

pytestmark = pytest.mark.browser

CPU_SLOWDOWN = 6  # Chromium's CPU throttling rate: about a mid-range phone on this kind of machine
FULL_INDEX = "**/search/search_index.full.json"
TYPO = 3  # letters typed by mistake and taken back: more than the search drops from a word's end

# Every text the results line (Material's .md-search-result__meta) shows, in order, from the first parse on.
RECORD_META = """
window.__metaTexts = [];
new MutationObserver(() => {
  const meta = document.querySelector('.md-search-result__meta');
  const text = meta ? meta.textContent.trim() : null;
  const texts = window.__metaTexts;
  if (text !== null && texts[texts.length - 1] !== text) texts.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_material_has_the_search_result_strings_of_every_language():
    for lang in LANGS:
        strings = material_strings(lang)
        missing = {"search.result.initializer", "search.result.none", "search.result.one", "search.result.other"}
        assert missing <= set(strings), f"{lang}: Material lacks {missing - set(strings)}"


class HeldIndex:
    """The full index's download, answered only when the test lets it go. When it is asked for, the handler
    marks the page (window.__indexAsked), which the test waits for: a condition, not a timer."""

    ASKED_JS = "() => window.__indexAsked === true"

    def __init__(self) -> None:
        self.routes: list = []
        self.released = False
        self.page = None

    def handle(self, route) -> None:
        if self.released:
            route.continue_()
            return
        self.routes.append(route)
        if self.page is not None:
            self.page.evaluate("() => { window.__indexAsked = true; }")

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.continue_()


@pytest.mark.parametrize("lang", LANGS)
def test_a_slow_phone_sees_initializing_search_never_no_results_before_the_results(browser, static_site, site, lang):
    strings = material_strings(lang)
    word = search_word(site, lang)
    context = new_context(browser, viewport="375px")
    watch_policy(context)
    context.add_init_script(RECORD_META)
    held = HeldIndex()
    context.route(FULL_INDEX, held.handle)
    try:
        page = held.page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(f"{static_site.url}{lang}/")
        # The reader opens search (the tap loads Material's bundle, which starts the search worker) and types
        # once Material has started: its first query, of the empty box, went before the first letter.
        page.locator("label.md-header__button[for=__search]").click()
        page.wait_for_function(READY_JS, timeout=RESULT_TIMEOUT_MS)
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        box.press_sequentially(word)
        box.press("End")  # a real key: Material reads the box on keyup (see test_browser_search.type_query)
        # A slip of the finger, put right: on the way, a query that finds nothing ("séanceqqq").
        for key in ["q"] * TYPO + ["Backspace"] * TYPO:
            box.press(key)
        # The first query of a word asks for the index (from the worker; the route holds it and marks the
        # page): that is the signal that search waits for it.
        page.wait_for_function(HeldIndex.ASKED_JS, timeout=RESULT_TIMEOUT_MS)
        while_held = page.eval_on_selector(".md-search-result__meta", "meta => meta.textContent.trim()")
        assert held.routes and not held.released
        held.release()
        page.wait_for_selector(".md-search-result__item", timeout=RESULT_TIMEOUT_MS)
        texts = page.evaluate("window.__metaTexts")
        problems = watch.problems() + policy_violations(page)
    finally:
        context.close()
    assert while_held == strings["search.result.initializer"], f"while the index loads the line said {while_held!r}"
    nones = {strings["search.result.none"], search_line_texts(lang)["none"]}  # Material's, and the site's words
    assert not nones & set(texts), f"{lang}: 'no results' shown before the results: {texts}"
    # The count in the site's own words for every plural form (search_line_texts: Arabic's six), or Material's.
    forms = [*search_line_texts(lang)["counts"].values(), strings["search.result.other"]]
    counts = [re.escape(form).replace("\\#", r"\d+") for form in forms]
    assert texts and (
        texts[-1] == strings["search.result.one"] or any(re.fullmatch(count, texts[-1]) for count in counts)
    ), f"{lang}: the results line ends on {texts[-1:]!r}, not a count of results"
    assert not problems, problems
