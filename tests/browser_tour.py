"""The checks of every page at one width, asserted on one visit of each page (browser_support.Tours).

Imported by test_browser_tour_phone.py (375 px) and test_browser_tour_desktop.py (1280 px), which give the
`viewport` fixture: `make test` runs a file per process, so each width's visits are made once, in their own
process, side by side. Every language, as each can differ (strings, glossary, direction, text length):
- axe-core: zero WCAG 2.0/2.1/2.2 A and AA violations, in the light palette as the page arrives (Material's
  bundle not loaded), and in the dark one once the reader has moved the mouse (the bundle loaded, the
  palette switched as the reader's toggle switches it);
- keyboard: the skip link is the first Tab stop and shows; every Tab stop shows a focus ring that can be
  seen (on screen, not transparent, an outline 3:1 against what surrounds it; one that cannot be measured
  fails), in the light palette on every page and in the dark one on the page with the most kinds of stop
  (a reader whose system is dark); glossary words take focus and show their explanation in Material's tooltip;
- on the whole visit (first view, repeat view, Tab, the dark palette): no request to another host, no failed
  request, no error response, no console error, no Content-Security-Policy violation.
"""

from __future__ import annotations

import re

import pytest

from scripts.config.site_config import load_glossary

from browser_support import AXE_TAGS, focus_problem, short
from conftest import LANGS, soup

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation(tours, static_site, lang, viewport):
    visits = tours.of(lang, viewport)
    versions = {visit.axe_version for visit in visits if visit.axe_version}
    assert versions and all(version.startswith("4.") for version in versions), (
        f"axe-core {versions}: the tests expect a 4.x release (package.json)"
    )
    problems = [line for visit in visits for line in visit.axe]
    assert not problems, (
        f"axe-core ({', '.join(AXE_TAGS)}) found violations on {lang} pages at {viewport} "
        f"({len(visits)} checked, light and dark):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_no_foreign_request_failed_request_console_error_or_policy_violation(tours, static_site, lang, viewport):
    visits = tours.of(lang, viewport)
    problems = [f"{short(visit.url, static_site)}: {problem}" for visit in visits for problem in visit.problems]
    dark = tours.dark_walk(lang, viewport)
    problems += [f"{short(dark.walk.url, static_site)} (system dark): {problem}" for problem in dark.problems]
    assert not problems, (
        f"{len(problems)} problem(s) on {lang} pages at {viewport} (fresh profile: first view, repeat view, "
        f"Tab, dark palette):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_is_first_tab_stop_and_shows(tours, static_site, lang, viewport):
    problems = []
    for visit in tours.of(lang, viewport):
        walk = visit.walk
        where = short(walk.url, static_site)
        if not walk.stops:
            problems.append(f"{where}: Tab does not move the focus at all")
            continue
        first = walk.stops[0]
        if "md-skip" not in first["classes"]:
            problems.append(f"{where}: the first Tab stop is {first['element']}, not the skip link (a.md-skip)")
            continue
        if not (first["in_view"] and first["opacity"] >= 0.99 and first["visibility"] == "visible"):
            problems.append(
                f"{where}: the focused skip link is not visible (box {first['box']}, "
                f"opacity {first['opacity']:.2f}, visibility {first['visibility']})"
            )
        target = (first["href"] or "").removeprefix("#")
        html = soup(static_site.file_of(walk.url))
        anchor = html.find(id=target) if target else None
        if anchor is None or anchor.find_parent(class_="md-content") is None:
            problems.append(f"{where}: the skip link points to #{target}, which is not in the page content")
    assert not problems, f"skip link, {lang} pages at {viewport}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_stop_shows_a_visible_focus_indicator(tours, static_site, lang, viewport):
    problems = []
    walks = [(visit.walk, "") for visit in tours.of(lang, viewport)] + [(tours.dark_walk(lang, viewport).walk, " dark")]
    for walk, palette in walks:
        for number, stop in enumerate(walk.stops, 1):
            problem = focus_problem(stop)
            if problem:
                shown = f" (drawn on {stop['shown']})" if stop["shown"] != stop["element"] else ""
                problems.append(
                    f"{short(walk.url, static_site)}{palette} Tab #{number} {stop['element']}{shown} "
                    f"“{stop['text']}”: {problem}"
                )
    assert not problems, (
        f"{len(problems)} Tab stop(s) without a visible focus indicator, {lang} pages at "
        f"{viewport}:\n" + "\n".join(problems)
    )


def _glossary_pattern(lang: str) -> re.Pattern:
    entries, problems = load_glossary(lang)
    assert entries and not problems, f"glossary/{lang}.yml: {problems or 'no entries'}"
    forms = sorted({form for entry in entries for form in entry.forms}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(form) for form in forms) + r")\b")


def _uses_glossary_words(path, pattern: re.Pattern) -> bool:
    """Running text of the article (not the glossary list itself, links, code) with a glossary word."""
    article = soup(path).select_one("article")
    for text in article.find_all(string=True):
        if text.find_parent(["a", "code", "pre", "script", "style", "abbr"]) or text.find_parent(class_="glossary"):
            continue
        if pattern.search(str(text)):
            return True
    return bool(article.select("abbr"))


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_words_show_their_tooltip_on_keyboard_focus(tours, static_site, lang, viewport):
    pattern = _glossary_pattern(lang)
    definitions = {form: entry.definition for entry in load_glossary(lang)[0] for form in entry.forms}
    problems, checked = [], 0
    for visit in tours.of(lang, viewport):
        walk = visit.walk
        where = short(walk.url, static_site)
        path = static_site.file_of(walk.url)
        if not _uses_glossary_words(path, pattern):
            continue
        checked += 1
        words = soup(path).select("article abbr")
        unfocusable = [str(word)[:80] for word in words if word.get("tabindex") != "0"]
        if not words:
            problems.append(f"{where}: uses glossary words but has no <abbr tabindex=0> (no tooltip)")
            continue
        if unfocusable:
            problems.append(f"{where}: glossary words without tabindex=0: {unfocusable[:3]}")
        if walk.tooltip_word is None:
            problems.append(f"{where}: no glossary word (<abbr>) is reached with Tab")
            continue
        word, tip = walk.tooltip_word, walk.tooltip
        expected = definitions.get(word["text"])
        if not tip["exists"]:
            problems.append(
                f"{where}: focusing “{word['text']}” shows no tooltip (aria-describedby="
                f"{tip.get('describedby')!r}; Material's feature content.tooltips renders "
                f"div.md-tooltip2[role=tooltip])"
            )
            continue
        if tip["role"] != "tooltip" or "md-tooltip2--active" not in tip["classes"]:
            problems.append(
                f"{where}: the tooltip of “{word['text']}” is not active (role={tip['role']!r}, "
                f"classes {tip['classes']})"
            )
        if not (tip["in_view"] and tip["opacity"] > 0.99 and tip["visibility"] == "visible"):
            problems.append(
                f"{where}: the tooltip of “{word['text']}” is not visible (box {tip['box']}, "
                f"opacity {tip['opacity']}, visibility {tip['visibility']})"
            )
        if expected and tip["text"] != expected:
            problems.append(
                f"{where}: the tooltip of “{word['text']}” says {tip['text']!r}, the glossary says {expected!r}"
            )
    assert checked, f"no {lang} page uses a glossary word: the glossary tooltips went untested"
    assert not problems, f"glossary tooltips by keyboard, {lang} pages at {viewport}:\n" + "\n".join(problems)
