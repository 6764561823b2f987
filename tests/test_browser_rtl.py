"""What a reader of a right-to-left language sees in Chromium: the layout is mirrored.

For each right-to-left language of mkdocs.yml, at a phone and a desktop width and on
paper: the results timeline runs down the right-hand side, care cards have their thick
edge on the right, lists and the consultation sheet's boxes start on the right, the
language switcher and search results open inside the screen and read right to left.
"""

from __future__ import annotations

import pytest

from scripts.config.project_config import site_languages
from scripts.renderers.bidi import is_rtl

from browser_support import VIEWPORTS, new_context, settle

pytestmark = pytest.mark.browser
RTL = [item.code for item in site_languages() if is_rtl(item.locale)]
SEARCH_WORD = {"ar": "احمرار"}

LAYOUT_JS = """() => {
  const box = e => e.getBoundingClientRect(), css = e => getComputedStyle(e);
  const steps = [...document.querySelectorAll('.timeline__step')], step = steps[0];
  const text = step.querySelector('.timeline__what');
  return {
    direction: css(document.querySelector('article')).direction,
    across: parseFloat(css(step).borderTopWidth) > 0,   // wide screens: one column per step
    stepLine: [parseFloat(css(step).borderRightWidth), parseFloat(css(step).borderLeftWidth)],
    firstStepRightmost: steps.every(s => box(s).right <= box(step).right + 1),
    firstLeftOfSecond: box(steps[1]).right <= box(step).left + 1,
    textLeftOfLine: box(text).right <= box(step).right,
    h1Right: box(document.querySelector('article h1')).right,
    articleRight: box(document.querySelector('article')).right,
  };
}"""


def _layout(page, url: str) -> dict:
    page.goto(url)
    settle(page)
    return page.evaluate(LAYOUT_JS)


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", RTL)
def test_timeline_care_cards_and_lists_are_mirrored(browser, static_site, lang, viewport, media):
    context = new_context(browser, viewport=viewport)
    page = context.new_page()
    page.emulate_media(media=media)
    results = _layout(page, f"{static_site.url}{lang}/results/")
    assert results["direction"] == "rtl"
    if results["across"]:  # the steps run from right to left along the top
        assert results["firstStepRightmost"] and results["firstLeftOfSecond"], f"timeline not mirrored: {results}"
    else:  # the line runs down the right-hand side, the text on its left
        right, left = results["stepLine"]
        assert right > 0 and left == 0, f"the timeline line is not on the right: {results}"
        assert results["textLeftOfLine"], results
    assert media == "screen" or not results["across"], "the printed timeline is not vertical"
    assert abs(results["h1Right"] - results["articleRight"]) < 40, f"the title does not start on the right: {results}"
    page.goto(f"{static_site.url}{lang}/aftercare/")
    settle(page)
    aftercare = page.evaluate("""() => {
      const css = e => getComputedStyle(e), card = document.querySelector('.care-card');
      const li = document.querySelector('article .do-dont li'), ul = li.parentElement;
      const side = s => ['margin', 'padding'].reduce((sum, k) => sum + parseFloat(css(ul)[k + s]), 0)
                        + parseFloat(css(li)['margin' + s]);
      return {card: [parseFloat(css(card).borderRightWidth), parseFloat(css(card).borderLeftWidth)],
              list: [side('Right'), side('Left')]};
    }""")
    assert aftercare["card"][0] > aftercare["card"][1], f"care card's thick edge is not on the right: {aftercare}"
    assert aftercare["list"][0] > aftercare["list"][1], f"do/don't list is not indented from the right: {aftercare}"
    page.goto(f"{static_site.url}{lang}/consultation-sheet/")
    settle(page)
    boxes = page.evaluate("""() => [...document.querySelectorAll('article li.task-list-item label')].map(l => {
      const input = l.querySelector('input').getBoundingClientRect();
      const range = document.createRange(); range.selectNodeContents(l);
      const all = range.getBoundingClientRect();
      return input.right >= all.right - 1 && input.left > all.left;
    })""")
    assert boxes and all(boxes), "the consultation sheet's check boxes are not on the right of their text"
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", RTL)
def test_language_switcher_and_search_open_inside_the_screen(browser, static_site, lang, viewport):
    width = VIEWPORTS[viewport]["width"]
    context = new_context(browser, viewport=viewport)
    page = context.new_page()
    page.goto(f"{static_site.url}{lang}/aftercare/")
    settle(page)
    page.hover(".md-header .md-select button")
    page.wait_for_selector(".md-select__list a", state="visible")
    boxes = page.eval_on_selector_all(".md-select__list a", "as => as.map(a => a.getBoundingClientRect().toJSON())")
    assert all(0 <= b["left"] and b["right"] <= width for b in boxes), f"switcher outside the screen: {boxes}"
    names = page.eval_on_selector_all(
        ".md-select__list a", "as => as.map(a => [a.lang, getComputedStyle(a).direction])"
    )
    assert (lang, "rtl") in [tuple(n) for n in names]
    page.mouse.move(width // 2, 600)
    if viewport == "375px":
        page.click("label.md-header__button[for=__search]")
    else:
        page.click("input.md-search__input")
    page.fill("input.md-search__input", SEARCH_WORD[lang])
    page.press("input.md-search__input", "End")  # Material reads the box when a key goes up
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    results = page.eval_on_selector_all(
        ".md-search-result__article",
        """es => es.map(e => ({
        direction: getComputedStyle(e).direction, box: e.getBoundingClientRect().toJSON(),
        href: e.closest('a').getAttribute('href')}))""",
    )
    assert results and all(r["direction"] == "rtl" for r in results), results
    assert all(r["box"]["left"] >= -1 and r["box"]["right"] <= width + 1 for r in results), results
    assert any(f"/{lang}/aftercare/" in r["href"] for r in results), results
    context.close()


def test_every_rtl_language_has_a_search_word():
    assert set(SEARCH_WORD) >= set(RTL), f"add a word of the aftercare page for {set(RTL) - set(SEARCH_WORD)}"
