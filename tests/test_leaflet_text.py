"""The leaflets' text layer: what a screen reader, a search or a copy-paste gets back from each PDF.

The ToUnicode fix (scripts/renderers/pdf_text.py) and the printed addresses are pure functions, tested here on
strings and on a tiny leaflet WeasyPrint lays out in-process; the built leaflets, the fixture topic's (its release
build: tests/fixture-topic, English and Arabic), are read with pdftotext and pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from babel.support import NullTranslations
from bs4 import BeautifulSoup
from markupsafe import Markup

from scripts.config import file_safety
from scripts.renderers import leaflet, leaflet_layout, pdf_text, qr
from scripts.rules.content_rules import split_front_matter

from conftest import FIXTURE_TOPIC, ROOT, fixture_config, fixture_languages, nav_roles

# The fixture topic's settings: its release build's leaflets are the ones read in the last part.
CONFIG = fixture_config()
LANGS = fixture_languages()
# Words with each lam-alef ligature of the Arabic leaflet (لا لأ لإ لآ): they must read back as written.
ARABIC_LAM_ALEF_WORDS = ("الاستشارة", "علاجات", "لا", "الأمور", "الآن")
# … and in the fixture's Arabic pages (tests/fixture-topic/docs/ar), with words that carry a shadda beside them.
# (The fix needs each ligature's other letter as a glyph of its own in the font subset: the pages also write
# آ, أ and إ alone, in آخر, أحد and إلى; without, a reader may read the ligature back reversed.)
FIXTURE_LAM_ALEF_WORDS = ("لاختبار", "لا", "الأولى", "للإعادة", "الآن")
FIXTURE_SHADDA_WORDS = ("يديّ", "مخدّر")
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # pdftotext's embeddings


def pdftotext(pdf: Path) -> str:
    found = shutil.which("pdftotext")
    if not found:
        pytest.fail("pdftotext is missing: `make test` installs it (sudo apt-get install poppler-utils)", pytrace=False)
    # Reading-order mode: a right-to-left line comes back in logical order, the way a screen reader reads it.
    text = subprocess.run([found, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.translate(BIDI_CONTROLS)


# Letters, with the combining marks written on them (shadda, vowel signs), which are not \w.
WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670])+")


def pypdf_text(pdf: Path) -> str:
    """The text pypdf extracts (a second, independent reader: pure Python, its own right-to-left ordering)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


READERS = {"pdftotext": pdftotext, "pypdf": pypdf_text}


def words(text: str) -> list[str]:
    """The words alone: pdftotext moves punctuation and digits around in right-to-left lines."""
    return WORD_RE.findall(text)


def contains_words(text: str, phrase: str) -> bool:
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "


def streams(data: bytes) -> list[bytes]:
    """The PDF's streams, decompressed (the catalog is in an object stream)."""
    found = []
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            found.append(zlib.decompressobj().decompress(data[match.end() : match.end() + 1_000_000]))
        except zlib.error:
            continue
    return found


def cmaps(data: bytes) -> list[str]:
    """The ToUnicode maps of a PDF's fonts."""
    return [text.decode("ascii") for text in streams(data) if b"/CMapName /Adobe-Identity-UCS" in text]


def to_unicode_texts(cmap: str) -> set[str]:
    return {bytes.fromhex(text).decode("utf-16-be") for text in re.findall(r"<[0-9a-f]{4}> <([0-9a-f]+)>", cmap)}


# --- The ToUnicode fix, as pure functions -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("لا", "ال"),  # lam-alef
        ("لأ", "أل"),
        ("لإ", "إل"),
        ("لآ", "آل"),
        ("لّا", "اّل"),  # lam, shadda, alef: one cluster
        ("של", "לש"),  # Hebrew is right-to-left too
        ("fi", "fi"),  # a left-to-right ligature stays as it is
        ("ffl", "ffl"),
        ("ا", "ا"),  # one character: nothing to order
        ("", ""),
        ("\u0651ا", "ا\u0651"),  # a leading mark (no direction of its own) does not hide the letter's
        ("1ل", "ل1"),  # a digit is weak: the first strong letter (ل) decides
        ("aل", "aل"),  # … here a left-to-right one
    ],
)
def test_a_right_to_left_cluster_is_written_in_visual_order(text, expected):
    assert pdf_text.visual_order(text) == expected


def _cmap(entries: dict[int, str]) -> list[bytes]:
    lines = [b"/CMapName /Adobe-Identity-UCS def", b"%d beginbfchar" % len(entries)]
    lines += [b"<%04x> <%s>" % (glyph, text.encode("utf-16-be").hex().encode()) for glyph, text in entries.items()]
    return [*lines, b"endbfchar"]


def test_a_to_unicode_map_is_read_and_rewritten_entry_by_entry():
    lines = _cmap({0x14F1: "لا", 0x13B2: "fi", 0x0555: "ا"}) + [b"<0003> <d800>", b"<0000> <ffff>"]
    assert pdf_text.parse_to_unicode(lines) == {0x14F1: "لا", 0x13B2: "fi", 0x0555: "ا", 0: "\uffff"}
    rewritten = pdf_text.rewrite_to_unicode(lines, {0x14F1: "ل"})
    assert rewritten == [line.replace(b"<14f1> <06440627>", b"<14f1> <0644>") for line in lines]
    assert rewritten != lines


def test_widths_are_read_from_both_forms_of_a_w_array():
    assert pdf_text.parse_widths([3, [500, 600.5], 10, [250], 20, 22, 300]) == {
        3: 500,
        4: 600.5,
        10: 250,
        20: 300,
        21: 300,
        22: 300,
    }
    assert pdf_text.parse_widths(None) == {}


ALEF, LAM_ALEF, LAM_ALEF_FINAL, SHADDA, FI = 0x0555, 0x14F1, 0x14F6, 0x057A, 0x13B2


def test_a_ligature_keeps_its_first_letter_and_gets_invisible_glyphs_for_the_others():
    fix = pdf_text.plan_font({LAM_ALEF: "لا", ALEF: "ا", FI: "fi"}, {ALEF: 556, LAM_ALEF: 600, FI: 600})
    assert fix.texts == {LAM_ALEF: "ل"}
    assert fix.carriers == {LAM_ALEF: ((ALEF, 556),)}


def test_carriers_come_last_letter_first():
    texts = {0x10: "abc", 0x20: "שלם", 0x21: "ל", 0x22: "ם"}
    fix = pdf_text.plan_font(texts, {0x21: 500, 0x22: 400})
    assert fix.texts == {0x20: "ש"} and fix.carriers == {0x20: ((0x22, 400), (0x21, 500))}


def test_without_a_glyph_for_the_other_letters_the_ligature_is_written_in_visual_order():
    fix = pdf_text.plan_font({LAM_ALEF: "لآ", ALEF: "ا"}, {ALEF: 556})
    assert fix.texts == {LAM_ALEF: "آل"} and fix.carriers == {}
    # A glyph with no width of its own is not drawn by the text, so it cannot carry a letter.
    fix = pdf_text.plan_font({LAM_ALEF: "لا", ALEF: "ا"}, {})
    assert fix.texts == {LAM_ALEF: "ال"} and fix.carriers == {}


def test_left_to_right_ligatures_and_single_letters_are_left_alone():
    fix = pdf_text.plan_font({FI: "fi", 0x13B4: "ffi", ALEF: "ا", 3: " "}, {FI: 600, ALEF: 556})
    assert fix.texts == {} and fix.carriers == {}


def test_a_mark_that_got_its_whole_cluster_is_mapped_to_the_mark():
    texts = {SHADDA: "لّا", LAM_ALEF: "لا", ALEF: "ا"}
    fix = pdf_text.plan_font(texts, {ALEF: 556})
    assert fix.texts[SHADDA] == "\u0651"
    # … but a cluster nothing else explains is not guessed at
    assert SHADDA not in pdf_text.plan_font({SHADDA: "لّا", ALEF: "ا"}, {ALEF: 556}).texts


def test_the_fonts_own_cmap_names_a_glyph_left_without_text_or_with_a_cluster():
    texts = {SHADDA: "لّا", LAM_ALEF_FINAL: "", ALEF: "ا"}
    nominal = {SHADDA: ("\u0651",), LAM_ALEF_FINAL: ("لا",), ALEF: ("ا",)}
    fix = pdf_text.plan_font(texts, {ALEF: 556, LAM_ALEF_FINAL: 600}, nominal)
    assert fix.texts == {SHADDA: "\u0651", LAM_ALEF_FINAL: "ل"}
    assert fix.carriers == {LAM_ALEF_FINAL: ((ALEF, 556),)}


def test_the_fonts_cmap_is_read_with_ligatures_decomposed():
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.fail("fonts-dejavu-core is missing: `make test` installs it (scripts/ensure-tools.sh)", pytrace=False)
    from fontTools.ttLib import TTFont

    font = TTFont(str(dejavu), lazy=True)
    glyph = {chr(cp): font.getGlyphID(name) for cp, name in font.getBestCmap().items()}
    nominal = pdf_text.nominal_texts(dejavu.read_bytes())
    assert "لا" in nominal[glyph["\ufefb"]]  # ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM
    assert nominal[glyph["\u0651"]] == ("\u0651",)
    assert nominal[glyph["a"]] == ("a",)


FIX = pdf_text.FontFix(texts={LAM_ALEF: "ل"}, carriers={LAM_ALEF: ((ALEF, 556),)})


def test_a_ligature_is_drawn_after_its_invisible_letters_and_nothing_moves():
    parts = [b"BT", b"/f1 12 Tf", b"[<0001" + b"14f1" + b">-12<0002>] TJ", b"ET"]
    assert pdf_text.rewrite_content(parts, {"f1": FIX}) == [
        b"BT",
        b"/f1 12 Tf",
        b"[<0001>] TJ",
        b"3 Tr",
        b"[<0555>556] TJ",  # shown, then its own width back: the next glyph starts where it did
        b"0 Tr",
        b"[<14f1>-12<0002>] TJ",
        b"ET",
    ]


def test_the_render_mode_in_force_is_restored_and_other_fonts_are_untouched():
    parts = [b"2 Tr", b"/f1 9 Tf", b"[<14f1>] TJ", b"/f2 9 Tf", b"[<14f1>] TJ", "/P", {"MCID": 0}, b"BDC"]
    out = pdf_text.rewrite_content(parts, {"f1": FIX})
    assert out == [b"2 Tr", b"/f1 9 Tf", b"3 Tr", b"[<0555>556] TJ", b"2 Tr", b"[<14f1>] TJ", *parts[3:]]


def test_empty_strings_between_numbers_are_kept_and_what_is_not_understood_is_left_as_it_is():
    parts = [b"/f1 9 Tf", b"[<0001>5<>-3.5<14f1>] TJ", b"[(literal)<14f1>] TJ"]
    assert pdf_text.rewrite_content(parts, {"f1": FIX}) == [
        b"/f1 9 Tf",
        b"[<0001>5<>-3.5] TJ",
        b"3 Tr",
        b"[<0555>556] TJ",
        b"0 Tr",
        b"[<14f1>] TJ",
        b"[(literal)<14f1>] TJ",
    ]


def test_one_byte_glyph_codes_are_not_touched():
    parts = [b"/f1 9 Tf", b"[<f1>] TJ"]
    assert pdf_text.rewrite_content(parts, {"f1": pdf_text.FontFix({}, {0xF1: ((1, 5),)})}) == parts


def test_the_finisher_fixes_the_pdf_objects_weasyprint_made():
    import pydyf

    pdf = pydyf.PDF()
    to_unicode = pydyf.Stream(_cmap({LAM_ALEF: "لا", ALEF: "ا"}))
    pdf.add_object(to_unicode)
    descendant = pydyf.Dictionary({"Type": "/Font", "W": pydyf.Array([ALEF, pydyf.Array([556])])})
    pdf.add_object(descendant)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "BaseFont": "/AAAAAA+Test",
            "ToUnicode": to_unicode.reference,
            "DescendantFonts": pydyf.Array([descendant.reference]),
        }
    )
    pdf.add_object(font)
    pdf.add_object(pydyf.Dictionary({"f1": font.reference}))
    content = pydyf.Stream([b"BT", b"/f1 12 Tf", b"[<14f1>] TJ", b"ET"])
    pdf.add_object(content)
    pdf_text.finisher(SimpleNamespace(fonts={}), pdf)
    assert pdf_text.parse_to_unicode(to_unicode.stream) == {LAM_ALEF: "ل", ALEF: "ا"}
    assert content.stream == [b"BT", b"/f1 12 Tf", b"3 Tr", b"[<0555>556] TJ", b"0 Tr", b"[<14f1>] TJ", b"ET"]


# --- A tiny leaflet, laid out in-process with the leaflet's own template and stylesheet ---------------

ARABIC_CONTENT = (
    "<h1>بعد الجلسة</h1>"
    "<p>معلومات عامة، لا تغني عن الاستشارة الطبية. توجد علاجات أخرى لهذه الأمور. لا تقرر الآن.</p>"
    "<p>عندما يقلّان يصبح الجلد أرق. في يديّ كريم مخدّر. علاجات. آخر.</p>"
    '<p>اطبع <a href="https://patient-info.example.org/hand-mesotherapy/ar/consultation-sheet/">ورقة الاستشارة</a>'
    " وأحضرها معك.</p>"
    "<p>office file fine</p>"
)


def _arabic_leaflet() -> str:
    prepared = leaflet.prepare_content(ARABIC_CONTENT, page_slug="p", page_url="p/", targets={}, images={})
    page = leaflet.Page(
        anchor="page-p",
        title="بعد الجلسة",
        content=Markup(prepared.html),
        source="docs/ar/p.md",
        address="https://x.org/ar/p/",
    )
    document = leaflet.Leaflet(
        lang="ar",
        dir="rtl",
        title="معلومات",
        paper="A4",
        home_address="https://x.org/ar/",
        home_qr=qr.qr_data_uri("https://x.org/ar/"),
        pages=(page,),
        contacts=Markup("<p>-</p>"),
        created="2026-11-25T10:00:00Z",
    )
    return leaflet.render_html(document, NullTranslations())


@pytest.fixture(scope="module")
def tiny_arabic_pdf(tmp_path_factory) -> tuple[bytes, bytes]:
    """The tiny leaflet's PDF, written twice from the same HTML."""
    html = _arabic_leaflet()
    base_url = (ROOT / "docs" / "ar").as_uri() + "/"
    # What a build lets the layout load: the theme's files (the leaflet's stylesheet among them).
    files = file_safety.site_files(path for path in (ROOT / "overrides").rglob("*") if path.is_file())
    first = leaflet_layout.write_pdf(html, base_url=base_url, site_files=files)
    second = leaflet_layout.write_pdf(html, base_url=base_url, site_files=files)
    assert first.warnings == ()
    return first.data, second.data


def test_the_written_pdf_maps_every_right_to_left_glyph_to_one_letter_and_latin_ligatures_as_they_are(
    tiny_arabic_pdf,
):
    data, _ = tiny_arabic_pdf
    texts = set().union(*(to_unicode_texts(cmap) for cmap in cmaps(data)))
    assert {"لا", "لأ", "لآ", "لّا", "ال", "أل", "آل", ""} & texts == set(), texts  # every one a letter
    assert "fi" in texts and "if" not in texts
    content = b"".join(streams(data))
    assert b"3 Tr" in content  # the lam-alef's alef, drawn invisibly beside it


@pytest.mark.parametrize("reader", READERS)
def test_pdf_readers_read_the_arabic_words_as_written(tiny_arabic_pdf, tmp_path, reader):
    data, _ = tiny_arabic_pdf
    (tmp_path / "ar.pdf").write_bytes(data)
    text = READERS[reader](tmp_path / "ar.pdf")
    for word in (*ARABIC_LAM_ALEF_WORDS, "يديّ", "مخدّر"):
        assert word in words(text), f"{word} not read back: {' '.join(words(text))}"
    assert "office file fine" in text
    assert contains_words(text, "معلومات عامة، لا تغني عن الاستشارة الطبية.")


def test_the_fixed_pdf_is_the_same_bytes_every_time(tiny_arabic_pdf):
    first, second = tiny_arabic_pdf
    assert first == second


def test_the_pdf_stays_tagged(tiny_arabic_pdf):
    data, _ = tiny_arabic_pdf
    catalog = b"".join(streams(data))
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo" in catalog


# --- Printed addresses -------------------------------------------------------------------------------


def test_a_printed_address_is_left_to_right_and_wraps_only_after_slash_or_dot():
    html = BeautifulSoup(str(leaflet.printed_address("https://x.org/ar/who-it-is-for/")), "html.parser")
    address = html.select_one(".printed-address")
    assert address["dir"] == "ltr"
    assert [part.get_text() for part in address.select(".address-part")] == [
        "https://",
        "x.",
        "org/",
        "ar/",
        "who-it-is-for/",
    ]
    assert len(address.find_all("wbr")) == 4  # the only places to wrap
    assert address.get_text() == "https://x.org/ar/who-it-is-for/"


def test_a_printed_address_is_escaped():
    assert "<b>" not in str(leaflet.printed_address('https://x.org/?a=<b>&c="d"'))


@pytest.mark.parametrize(
    "href, printed",
    [
        ("../consultation-sheet/", "https://x.org/ar/consultation-sheet/"),  # a page left out of the leaflet
        ("https://example.org/a-b/", "https://example.org/a-b/"),  # another site
        ("https://example.org/?a=1&amp;b=2", "https://example.org/?a=1&b=2"),
    ],
)
def test_a_link_to_a_web_address_is_followed_by_the_address(href, printed):
    prepared = leaflet.prepare_content(
        f'<p>اطبع <a href="{href}">الورقة</a> الآن.</p>',
        page_slug="p",
        page_url="p/",
        targets={"consultation-sheet/": "https://x.org/ar/consultation-sheet/"},
        images={},
    )
    html = BeautifulSoup(prepared.html, "html.parser")
    assert html.a.get_text() == "الورقة"
    address = html.a.find_next_sibling("span", class_="printed-address")
    assert address is not None and address.get_text() == printed
    assert html.p.get_text() == f"اطبع الورقة ({printed}) الآن."


@pytest.mark.parametrize("href", ["#next", "../results/", "mailto:a@x.org"])
def test_links_within_the_leaflet_or_not_to_the_web_get_no_printed_address(href):
    prepared = leaflet.prepare_content(
        f'<p><a href="{href}">x</a></p>', page_slug="p", page_url="p/", targets={"results/": "#page-results"}, images={}
    )
    assert "printed-address" not in prepared.html


def test_the_stylesheet_no_longer_prints_addresses_from_the_link_itself():
    css = (leaflet.TEMPLATE_DIR / "leaflet.css").read_text(encoding="utf-8")
    assert '" (" attr(href)' not in css and "break-all" not in css
    assert re.search(r"\.address-part\s*\{[^}]*white-space:\s*nowrap", css)


# --- The built leaflets (the fixture topic's release build) --------------------------------------------


def leaflet_titles(lang: str) -> list[str]:
    """The front matter `title` of every page the leaflet holds, in its order."""
    settings, _ = leaflet.read_settings(CONFIG["extra"])
    nav = [next(iter(item.values())) if isinstance(item, dict) else item for item in CONFIG["nav"]]
    order, problems = leaflet.reading_order(nav, settings, nav_roles(lang, FIXTURE_TOPIC))
    assert problems == []
    titles = []
    for name in order:
        yaml_text, _, _ = split_front_matter((FIXTURE_TOPIC / "docs" / lang / name).read_text(encoding="utf-8"))
        titles.append(yaml.safe_load(yaml_text or "")["title"])
    return titles


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_title_reads_back_from_the_built_leaflet(fixture_release, lang, reader):
    text = READERS[reader](fixture_release.site / lang / leaflet.file_name(lang))
    missing = [title for title in leaflet_titles(lang) if not contains_words(text, title)]
    assert missing == [], f"{lang}: titles a PDF reader does not find in the leaflet: {missing}"


@pytest.mark.parametrize("reader", READERS)
def test_the_arabic_leaflet_reads_its_lam_alef_words_as_written(fixture_release, reader):
    if "ar" not in LANGS:
        pytest.fail("the Arabic leaflet is the one with lam-alef ligatures: add Arabic back", pytrace=False)
    sources = " ".join(path.read_text(encoding="utf-8") for path in (FIXTURE_TOPIC / "docs" / "ar").glob("*.md"))
    expected = (*FIXTURE_LAM_ALEF_WORDS, *FIXTURE_SHADDA_WORDS)
    assert [word for word in expected if word not in words(sources)] == []  # the fixture's pages have them
    found = set(words(READERS[reader](fixture_release.site / "ar" / leaflet.file_name("ar"))))
    assert [word for word in expected if word not in found] == []
    # What a reader that reversed the ligature would give: none of it.
    assert [word for word in map(reversed_ligatures, FIXTURE_LAM_ALEF_WORDS) if word in found] == []


def reversed_ligatures(word: str) -> str:
    """The word as a PDF whose lam-alef glyphs map to their letters in visual order reads back ("لا" as "ال")."""
    for ligature in ("لّا", "لا", "لأ", "لإ", "لآ"):
        word = word.replace(ligature, pdf_text.visual_order(ligature))
    return word


def test_a_reversed_ligature_is_another_word():
    assert reversed_ligatures("لاختبار") == "الختبار" and reversed_ligatures("الآن") == "اآلن"
    assert all(reversed_ligatures(word) != word for word in FIXTURE_LAM_ALEF_WORDS)
