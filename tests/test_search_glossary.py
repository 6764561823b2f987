"""The glossary page and search (scripts/renderers/components.py glossary_list, overrides/partials/glossary.html,
scripts/postprocess/pages.py with_glossary_terms): terms in each alphabet's order with an A–Z jump list, and each
term a search result of its own, linking to its anchor, with its definition apart from it.

Pure functions first; then the built glossary page and search index, the fixture topic's (tests/fixture-topic:
English and Arabic, its preview build). That every shipped glossary groups whole is the shipped content's test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.config.site_config import GlossaryEntry, load_glossary
from scripts.postprocess import pages as postprocess
from scripts.renderers import components

from conftest import FIXTURE_TOPIC, LANGS, fixture_languages

FIXTURE_LANGS = fixture_languages()
FIXTURE_GLOSSARY = FIXTURE_TOPIC / "glossary"


def entries(*terms: str) -> list[GlossaryEntry]:
    return [GlossaryEntry(term, f"definition of {term}", (term,)) for term in terms]


def grouped(lang: str, *terms: str) -> list[tuple[str, list[str]]]:
    return [(g.letter, [t.term for t in g.terms]) for g in components.glossary_groups(entries(*terms), lang)]


# --- Order and letters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "it", "es"])
def test_latin_accents_are_ignored_for_grouping_and_order(lang):
    assert grouped(lang, "élastine", "eczéma", "derme", "Fibre", "écran") == [
        ("D", ["Derme"]),
        ("E", ["Écran", "Eczéma", "Élastine"]),
        ("F", ["Fibre"]),
    ]


def test_ligatures_are_read_as_their_letters():
    assert grouped("fr", "œdème", "ongle", "odeur") == [("O", ["Odeur", "Œdème", "Ongle"])]


def test_a_word_without_accents_comes_before_the_same_word_with_them():
    assert grouped("fr", "séance", "seance") == [("S", ["Seance", "Séance"])]


def test_latin_order_ignores_case_and_keeps_phrases_word_by_word():
    assert grouped("en", "WCAG", "amino acids", "Analytics", "allergy") == [
        ("A", ["Allergy", "Amino acids", "Analytics"]),
        ("W", ["WCAG"]),
    ]


def test_spanish_n_with_tilde_is_a_letter_of_its_own_after_n():
    assert grouped("es", "ñandú", "oreja", "nube", "nylon") == [
        ("N", ["Nube", "Nylon"]),
        ("Ñ", ["Ñandú"]),
        ("O", ["Oreja"]),
    ]
    assert grouped("fr", "ñandú", "nube") == [("N", ["Ñandú", "Nube"])]  # not a French letter: n


def test_arabic_letters_in_the_alphabet_order_not_unicode_order():
    # Unicode puts ه (U+0647) before و and after ن, but ى/ي forms last; ة is not a letter to group by
    assert [g for g, _ in grouped("ar", "يد", "وتر", "هيالورونيك", "نسيج", "بقعة", "تطهير", "ثابت")] == [
        "ب",
        "ت",
        "ث",
        "ن",
        "ه",
        "و",
        "ي",
    ]


def test_arabic_hamza_forms_count_as_alef_and_the_article_is_skipped():
    assert grouped("ar", "الكولاجين", "إكزيما", "أدوات", "آلة", "ألم", "كدمة", "الطب") == [
        ("ا", ["أدوات", "إكزيما", "ألم", "آلة"]),  # ة sorts as ه, after م
        ("ط", ["الطب"]),
        ("ك", ["كدمة", "الكولاجين"]),
    ]


def test_arabic_tashkeel_is_ignored():
    assert grouped("ar", "كُدْمَة", "كريم") == [("ك", ["كُدْمَة", "كريم"])]


def test_arabic_article_is_not_taken_from_a_word_that_is_only_the_article_and_one_letter():
    assert components.initial_letter("الف", "ar") == "ا"  # ال + one letter: a word, not an article
    assert components.initial_letter("الألم الروماتيزمي", "ar") == "ا"  # الـ + ألم: under ا (alef of ألم)


def test_latin_terms_come_after_the_arabic_alphabet_under_their_latin_letter():
    assert grouped("ar", "WCAG", "doi", "مواد فعالة", "الخزعة") == [
        ("خ", ["الخزعة"]),
        ("م", ["مواد فعالة"]),
        ("D", ["Doi"]),
        ("W", ["WCAG"]),
    ]


def test_a_language_code_with_a_region_uses_its_language_rules():
    assert components.initial_letter("الكولاجين", "ar-EG") == "ك"
    assert components.initial_letter("ñandú", "es_MX") == "Ñ"


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_glossary_is_grouped_whole_in_its_order(lang):
    glossary, problems = load_glossary(lang)
    assert glossary and not problems
    groups = components.glossary_groups(glossary, lang)
    flat = [t for g in groups for t in g.terms]
    assert len(flat) == len(glossary)
    keys = [components.collation_key(t.term, lang) for t in flat]
    assert keys == sorted(keys), lang
    letters = [g.letter for g in groups]
    assert len(letters) == len(set(letters)), f"{lang}: a letter's terms are split: {letters}"
    ids = [t.id for t in flat] + [g.id for g in groups]
    assert len(ids) == len(set(ids)), f"{lang}: two anchors alike"


# --- The rendered list ------------------------------------------------------------------------------------


def rendered(lang: str, *terms: str, gettext=lambda text: f"«{text}»") -> BeautifulSoup:
    return BeautifulSoup(str(components.glossary_list(entries(*terms), gettext=gettext, lang=lang)), "html.parser")


def test_the_jump_list_links_each_letter_to_its_group_in_order():
    soup = rendered("fr", "élastine", "bleu", "allergie")
    nav = soup.find("nav")
    assert nav["aria-label"] == "«Glossary terms by first letter»"  # the catalog's string
    links = [(a.get_text(), a["href"]) for a in nav.find_all("a")]
    assert links == [("A", "#letter-a"), ("B", "#letter-b"), ("E", "#letter-e")]
    for _, href in links:
        group = soup.find(id=href[1:])
        assert group is not None and group.name == "dl" and "glossary" in group.parent["class"]
    assert soup.find(id="letter-e").find("dt").get_text() == "Élastine"


def test_the_list_and_the_jump_list_are_left_out_of_the_pages_own_search_entry():
    soup = rendered("en", "bruise")
    assert soup.find("nav").has_attr("data-search-exclude")
    assert soup.find("div", class_="glossary").has_attr("data-search-exclude")
    assert not soup.find("div", class_="glossary").find("div")  # Material's parser would end the exclusion


def test_each_term_has_its_stable_anchor_and_its_definition_right_after_it():
    soup = rendered("en", "blood-thinning medicines", "Amino acids")
    terms = soup.find_all("dt")
    assert [dt["id"] for dt in terms] == ["term-amino-acids", "term-blood-thinning-medicines"]
    for dt, term in zip(terms, ["Amino acids", "blood-thinning medicines"], strict=True):
        assert dt.find_next_sibling().name == "dd"
        assert dt.find_next_sibling().get_text() == f"definition of {term}"


def test_term_and_definition_are_apart_in_the_text_without_markup():
    html = str(components.glossary_list(entries("حساسية"), gettext=str, lang="ar"))
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "حساسية definition" in text
    # no two tags of the list touch: the text read without the markup keeps the words apart
    assert "</dt><dd>" not in html and "</dd><dt" not in html


def test_words_of_a_term_are_escaped_where_they_land():
    html = str(
        components.glossary_list(
            [GlossaryEntry('<b>x</b> "y"', "<script>alert(1)</script>", ("x",))], gettext=str, lang="en"
        )
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_the_jump_list_label_is_in_the_pages_language():
    from scripts.i18n.interface import gettext_for

    labels = {lang: rendered(lang, "x", gettext=gettext_for(lang)).find("nav")["aria-label"] for lang in LANGS}
    assert labels["en"] == "Glossary terms by first letter"
    assert len(set(labels.values())) == len(LANGS), labels  # each language its own words


# --- Search entries ---------------------------------------------------------------------------------------

PAGE = """<h1 id="glossary">Glossary</h1><p>Hard words.</p>
<div class="glossary" data-search-exclude>
<dl class="glossary__letter" id="letter-a"><dt id="term-allergy">Allergy</dt>
<dd>When your body <abbr title="x">reacts</abbr>
 strongly &amp; fast.</dd></dl>
<dl class="glossary__letter" id="letter-b"><dt id="term-bruise">Bruise</dt><dd>A mark.<dl><dt>inner</dt><dd>not a
 term</dd></dl></dd></dl>
</div><dl class="other"><dt id="term-not">Not</dt><dd>a glossary</dd></dl>"""


def test_glossary_terms_are_read_from_the_page_as_text():
    assert postprocess.glossary_terms(PAGE) == [
        ("term-allergy", "Allergy", "When your body reacts strongly & fast."),
        ("term-bruise", "Bruise", "A mark. inner not a term"),
    ]


def test_glossary_terms_are_read_from_a_minified_page_too():
    minified = postprocess.minify(PAGE)
    assert "</dd>" in minified or "<dd>" in minified
    assert postprocess.glossary_terms(minified) == postprocess.glossary_terms(PAGE)
    without_closing = PAGE.replace("</dt>", "").replace("</dd>", "")
    assert [t[:2] for t in postprocess.glossary_terms(without_closing)] == [
        ("term-allergy", "Allergy"),
        ("term-bruise", "Bruise"),
    ]


def test_a_page_without_a_glossary_list_has_no_terms():
    assert postprocess.glossary_terms("<dl><dt id='a'>A</dt><dd>b</dd></dl>") == []
    assert postprocess.glossary_terms("") == []


def test_each_term_becomes_an_entry_after_its_pages_own():
    docs = [
        {"location": "", "title": "Home", "text": "x"},
        {"location": "glossary/", "title": "Glossary", "text": "<p>Hard words.</p>"},
        {"location": "glossary/#other", "title": "Other", "text": "y"},
        {"location": "z/", "title": "Z", "text": "z"},
    ]
    pages = {"glossary/": PAGE, "": "<p>glossary <dl class=glossary__letter></dl>", "z/": None}
    out = postprocess.with_glossary_terms(docs, pages.get, boost=0.001)
    assert [d["location"] for d in out] == [
        "",
        "glossary/",
        "glossary/#term-allergy",
        "glossary/#term-bruise",
        "glossary/#other",
        "z/",
    ]
    assert out[2] == {
        "location": "glossary/#term-allergy",
        "title": "Allergy",
        "text": "When your body reacts strongly &amp; fast.",
        "glossary": True,
        "boost": 0.001,
    }
    # run again (a preview rebuild): the same entries, not twice
    assert postprocess.with_glossary_terms(out, pages.get, boost=0.001) == out


def test_term_entries_weigh_as_text_in_materials_order():
    assert postprocess.glossary_boost({"fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}) == 0.001
    assert postprocess.glossary_boost({}) == 1.0
    assert postprocess.glossary_boost({"fields": {"title": {"boost": 1}, "text": {"boost": 5}}}) == 1.0


def test_page_files_of_entries_with_and_without_directory_addresses(tmp_path):
    assert postprocess.page_file(tmp_path, "") == tmp_path / "index.html"
    assert postprocess.page_file(tmp_path, "glossary/#term-x") == tmp_path / "glossary" / "index.html"
    assert postprocess.page_file(tmp_path, "glossary.html#term-x") == tmp_path / "glossary.html"


def test_glossary_terms_go_into_the_index_and_the_offline_script(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "index.html").write_text(PAGE, encoding="utf-8")
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "glossary/", "title": "Glossary", "text": "t"}]}
    (tmp_path / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / postprocess.OFFLINE_INDEX_SCRIPT).write_text("var __index = {}", encoding="utf-8")
    postprocess.process_site(tmp_path, offline=True, preview=True)
    written = json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))
    offline = json.loads(
        (tmp_path / postprocess.OFFLINE_INDEX_SCRIPT).read_text(encoding="utf-8").removeprefix("var __index = ")
    )
    assert [d["location"] for d in written["docs"]] == ["glossary/", "glossary/#term-allergy", "glossary/#term-bruise"]
    assert offline == written


# --- The built site (the fixture topic's preview build) ---------------------------------------------------


def _glossary_page(site: Path, lang: str) -> tuple[str, BeautifulSoup]:
    found = []
    for path in sorted((site / lang).rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("dl", class_="glossary__letter"):
            found.append((path.relative_to(site / lang).as_posix().removesuffix("index.html"), soup))
    assert len(found) == 1, f"{lang}: pages with the glossary list: {[f for f, _ in found]}"
    return found[0]


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_built_glossary_terms_are_search_entries_with_anchors_on_the_page(fixture_preview, lang):
    site = fixture_preview.site
    location, soup = _glossary_page(site, lang)
    docs = json.loads((site / lang / postprocess.FULL_INDEX).read_text(encoding="utf-8"))["docs"]
    terms = [d for d in docs if d["location"].startswith(location + "#term-")]
    glossary, _ = load_glossary(lang, FIXTURE_GLOSSARY)
    assert len(glossary) >= 3
    assert len(terms) == len(glossary)
    definitions = {" ".join(e.definition.split()) for e in glossary}
    for doc in terms:
        anchor = soup.find(id=doc["location"].split("#", 1)[1])
        assert anchor is not None and anchor.name == "dt", doc["location"]
        assert doc["title"] == " ".join(anchor.get_text().split())
        assert BeautifulSoup(doc["text"], "html.parser").get_text() in definitions
    own = next(d for d in docs if d["location"] == location)
    assert not any(e.definition[:30] in own["text"] for e in glossary), "the page's own entry still has the list"
    for link in soup.find("nav", class_="glossary-letters").find_all("a"):
        assert soup.find(id=link["href"][1:]) is not None, link


def test_built_arabic_glossary_keeps_each_term_apart_from_its_definition(fixture_preview):
    docs = json.loads((fixture_preview.site / "ar" / postprocess.FULL_INDEX).read_text(encoding="utf-8"))["docs"]
    glossary, _ = load_glossary("ar", FIXTURE_GLOSSARY)
    texts = " ".join(d["title"] + " " + d["text"] for d in docs)
    glued = [e.term for e in glossary if e.term + e.definition.split()[0] in texts]
    assert not glued, f"terms glued to their definitions in the Arabic index: {glued}"
    by_title = {d["title"]: d for d in docs if d.get("glossary")}
    for entry in glossary:
        text = by_title[entry.term]["text"]
        assert text.startswith(entry.definition.split()[0]) and entry.term not in text, (entry.term, text)


def test_built_arabic_jump_list_follows_the_arabic_alphabet(fixture_preview):
    _, soup = _glossary_page(fixture_preview.site, "ar")
    nav = soup.find("nav", class_="glossary-letters")
    assert nav["aria-label"] == "مصطلحات المسرد حسب الحرف الأول"
    letters = [a.get_text() for a in nav.find_all("a")]
    arabic = [letter for letter in letters if letter in components.ARABIC_ALPHABET]
    assert arabic == sorted(arabic, key=components.ARABIC_ALPHABET.index) and len(arabic) >= 3
    assert letters[: len(arabic)] == arabic and len(letters) > len(arabic)  # Latin-script terms after the Arabic
    # Arabic rules, not another language's: the article of الروتين is skipped (its letter is ر, not ا).
    glossary, _ = load_glossary("ar", FIXTURE_GLOSSARY)
    assert letters == [group.letter for group in components.glossary_groups(glossary, "ar")]
    assert letters != [group.letter for group in components.glossary_groups(glossary, "en")]


# --- What this relies on in Material (fails when an upgrade changes it) -----------------------------------


def test_materials_search_plugin_leaves_out_blocks_marked_data_search_exclude():
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(str(components.glossary_list(entries("bruise"), gettext=str, lang="en")) + "<p>kept</p>")
    parser.close()
    text = "".join("".join(section.text) for section in parser.data)
    assert "bruise" not in text.lower() and "kept" in text


def test_materials_search_worker_gives_each_entry_its_boost():
    worker = (postprocess._theme_dir() / postprocess.material_assets().search_worker).read_text(encoding="utf-8")
    assert re.search(r"\.add\((\w+),\{boost:\1\.boost\}\)", worker), (
        "Material's worker no longer passes an entry's boost to lunr: glossary terms would outrank pages "
        "(scripts/postprocess/pages.py glossary_boost)"
    )
    assert "._documents[" in worker and ".boost||1" in worker
