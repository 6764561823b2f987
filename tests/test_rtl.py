"""Right-to-left languages (Arabic): direction, isolated Latin words and numbers, one digit system.

A language is right to left when CLDR says so (scripts/renderers/bidi.is_rtl), so a new one (Hebrew, Persian…)
is checked the same way. The markup is the engine's: it is tested on the fixture topic's preview build
(tests/fixture-topic: English and Arabic); that the shipped Arabic sources write Western digits is the shipped
content's own test.
"""

from __future__ import annotations

import re

import pytest

from scripts.config.project_config import site_languages
from scripts.config.site_config import languages
from scripts.renderers.bidi import EASTERN_DIGITS, is_rtl, isolate_ltr_runs, mark_document_direction
from scripts.rules import page_history

from conftest import ROOT, built_pages, fixture_config, soup

# The fixture topic's languages: the built pages the tests read are its preview build's.
LANGUAGES = languages(fixture_config()["extra"])
RTL = [item.code for item in LANGUAGES if is_rtl(item.locale)]
LTR = [item.code for item in LANGUAGES if not is_rtl(item.locale)]
SHIPPED_RTL = [item.code for item in site_languages() if is_rtl(item.locale)]
LATIN = re.compile(r"[A-Za-z0-9]")


def test_the_fixture_has_a_right_to_left_and_a_left_to_right_language():
    assert "ar" in RTL and "ar" not in LTR and "en" in LTR


# ---------------------------------------------------------------- pure functions


def test_latin_runs_are_isolated_and_tags_stay_as_they_are():
    html = (
        '<p>نُشرت في J Craniofac Surg. 2021;32(6):2168-71. PMID 34516073، و<abbr title="WCAG x">WCAG</abbr> '
        "2.2 من 20 إلى 30 دقيقة، اتصل بالرقم +33 1 23 45 67 89 (WCAG 2.2، المستوى AA) 100 %&nbsp;!</p>"
        '<pre>code 1</pre><a href="https://x.example/a1">رابط</a>'
    )
    out = isolate_ltr_runs(html)
    runs = re.findall(r'<bdi dir="ltr">(.*?)</bdi>', out)
    assert runs == [
        "J Craniofac Surg. 2021;32(6):2168-71. PMID 34516073",
        '<abbr title="WCAG x">WCAG</abbr> 2.2',
        "20",
        "30",
        "+33 1 23 45 67 89",
        "WCAG 2.2",
        "AA",
        "100 %",
    ]
    assert "&nbsp;" in out and "<pre>code 1</pre>" in out and 'href="https://x.example/a1"' in out
    assert re.sub(r"</?bdi[^>]*>", "", out) == html


def test_latin_words_with_accents_are_one_run():
    """A clinic's reviewer, translator or source named with accents (é, ñ, ã, ø, ç, and accents written as combining
    marks) is one isolate, not pieces with the accented letters left to the paragraph's direction."""
    html = "<p>راجع Dr Hélène Roux, dermatologist، وترجمه Íñigo Peña و São Paulo و Søren Kierkegaard و François</p>"
    runs = re.findall(r'<bdi dir="ltr">(.*?)</bdi>', isolate_ltr_runs(html))
    assert runs == ["Dr Hélène Roux, dermatologist", "Íñigo Peña", "São Paulo", "Søren Kierkegaard", "François"]


def test_a_citation_with_glossary_words_is_one_run():
    html = (
        '<li>An update. J Craniofac Surg. 2021;32(6):2168-71. <abbr title="d">doi</abbr>:10.1097/SCS.7557. '
        '<abbr title="p">PMID</abbr> 34516073.</li><p>من <a href="x">Dr A</a> B، و C</p>'
    )
    out = isolate_ltr_runs(html)
    assert out == (
        '<li><bdi dir="ltr">An update. J Craniofac Surg. 2021;32(6):2168-71. <abbr title="d">doi</abbr>'
        ':10.1097/SCS.7557. <abbr title="p">PMID</abbr> 34516073</bdi>.</li>'
        '<p>من <bdi dir="ltr"><a href="x">Dr A</a> B</bdi>، و <bdi dir="ltr">C</bdi></p>'
    )


def test_document_direction_only_for_right_to_left_locales():
    page = '<!doctype html><html lang="ar" class="no-js"><body dir="rtl">'
    assert mark_document_direction(page, "ar").startswith('<!doctype html><html dir="rtl" lang="ar"')
    assert mark_document_direction(page, "fr_FR") == page
    assert mark_document_direction(mark_document_direction(page, "ar"), "ar").count("dir=") == 2


# ---------------------------------------------------------------- built pages


@pytest.mark.parametrize("lang", RTL)
def test_every_page_is_right_to_left(fixture_preview, lang):
    site = fixture_preview.site
    for html in [*built_pages(site, lang), site / lang / "404.html"]:
        doc = soup(html)
        assert doc.html.get("dir") == "rtl" and doc.html["lang"] == lang, html
        assert doc.body.get("dir") == "rtl", html


@pytest.mark.parametrize("lang", LTR)
def test_left_to_right_pages_carry_no_rtl(fixture_preview, lang):
    doc = soup(fixture_preview.site / lang / "index.html")
    assert doc.html.get("dir") is None and doc.body.get("dir") == "ltr"
    assert not doc.select("article bdi")


def _latin_texts(article) -> list[tuple[str, bool]]:
    """Each text of the article a reader sees with a Latin letter or digit in it, and whether it stands inside
    a dir="ltr" element (code and preformatted text aside)."""
    return [
        (str(text), text.find_parent(lambda tag: tag.get("dir") == "ltr") is not None)
        for text in article.find_all(string=LATIN)
        if text.parent.name not in ("script", "style", "code", "pre")
    ]


@pytest.mark.parametrize("lang", RTL)
def test_latin_words_and_numbers_are_isolated(fixture_preview, lang):
    """Every Latin letter or digit a reader sees in the text is inside <bdi dir="ltr"> (or a dir="ltr" element)."""
    checked = 0
    for html in built_pages(fixture_preview.site, lang):
        for text, isolated in _latin_texts(soup(html).select_one("article")):
            assert isolated, f"{html}: {text.strip()[:60]!r} is not isolated"
            checked += 1
    assert checked >= 10, f"{lang}: only {checked} Latin words or numbers in the fixture's pages to check"


@pytest.mark.parametrize("lang", SHIPPED_RTL)
def test_shipped_right_to_left_sources_write_western_digits(lang):
    """Decision (README, "Arabic: digits"): Western digits everywhere, in the shipped pages and glossary."""
    for source in sorted((ROOT / "docs" / lang).glob("*.md")) + [ROOT / "glossary" / f"{lang}.yml"]:
        assert not EASTERN_DIGITS.search(source.read_text(encoding="utf-8")), f"{source}: Eastern Arabic digits"


@pytest.mark.parametrize("lang", RTL)
def test_one_digit_system_western_digits(fixture_preview, lang):
    """Decision (README, "Arabic: digits"): Western digits everywhere, in the pages and in what Babel formats."""
    site, project = fixture_preview.site, fixture_preview.project
    for html in [*built_pages(site, lang), site / lang / "404.html"]:
        assert not EASTERN_DIGITS.search(html.read_text(encoding="utf-8")), f"{html}: Eastern Arabic digits"
    # The fixture's timeline: sessions 3 to 5, 1 to 2 weeks apart; stages after session 1, from session 3, and
    # after 2 months (in Arabic a dual after a preposition, بعد شهرين, with no digit).
    progress = soup(site / lang / "progress" / "index.html")
    timeline = progress.select_one("figure.timeline").get_text(" ")
    for number in ("1", "3", "5"):
        assert re.search(rf"(?<!\d){number}(?!\d)", timeline), (number, timeline)
    assert "بعد شهرين" in timeline and "شهران" not in timeline, timeline
    course = progress.select_one("article").get_text(" ")
    for number in ("3", "5"):
        assert re.search(rf"(?<!\d){number}(?!\d)", course), (number, course)
    review = soup(site / lang / "steps" / "index.html").select_one("aside.page-review").get_text(" ")
    # Nobody is named in the unsigned variant: the page says when it last changed (its file's git date).
    assert str(page_history.last_changed(project, f"docs/{lang}/steps.md").year) in review


def test_babel_formats_arabic_numbers_with_western_digits():
    """Babel's own default (numbering_system='latn'); CLDR's default for 'ar' is also latn (ar_EG's is arab)."""
    import datetime as dt

    from babel import Locale
    from babel.dates import format_date

    from scripts.renderers.timeline import Duration, format_duration

    locale = next(item.locale for item in LANGUAGES if item.code == "ar")
    assert Locale.parse(locale).default_numbering_system == "latn"
    for text in (
        format_duration(Duration(15, "day"), locale),
        format_duration(Duration(6, "month"), locale),
        format_date(dt.date(2026, 11, 25), format="long", locale=locale),
    ):
        assert not EASTERN_DIGITS.search(text) and re.search(r"\d", text), text


def test_root_chooser_reads_each_language_in_its_direction(fixture_preview):
    from scripts.i18n.interface import gettext_for

    doc = soup(fixture_preview.site / "index.html")
    for item in LANGUAGES:
        heading = doc.select_one(f'h1 span[lang="{item.code}"]')
        assert heading is not None and heading.get_text() == gettext_for(item.code)("Choose your language")
        link = doc.select_one(f'main a[lang="{item.code}"]')
        assert (heading.get("dir"), link.get("dir")) == (("rtl", "rtl") if item.code in RTL else (None, None))
