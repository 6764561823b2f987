"""The leaflets' text layer: what a screen reader, a search or a copy-paste gets back from each PDF.

The ToUnicode fix (scripts/pdf_text.py) and the printed addresses are pure functions, tested here on
strings and on a tiny leaflet WeasyPrint lays out in-process; the built leaflets are read with pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml
from babel.support import NullTranslations
from bs4 import BeautifulSoup
from markupsafe import Markup

from scripts import leaflet, pdf_text, qr
from scripts.content_rules import split_front_matter
from scripts.project_config import load_base_config

from conftest import LANGS, ROOT

CONFIG = load_base_config()
# Words with each lam-alef ligature of the Arabic leaflet (لا لأ لإ لآ): they must read back as written.
ARABIC_LAM_ALEF_WORDS = ("الاستشارة", "علاجات", "لا", "الأمور", "الآن")
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # pdftotext's embeddings


def pdftotext(pdf: Path) -> str:
    found = shutil.which("pdftotext")
    if not found:
        pytest.fail("pdftotext is missing: `make test` installs it (sudo apt-get install poppler-utils)", pytrace=False)
    # Reading-order mode: a right-to-left line comes back in logical order, the way a screen reader reads it.
    text = subprocess.run([found, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.translate(BIDI_CONTROLS)


def words(text: str) -> list[str]:
    """The words alone: pdftotext moves punctuation and digits around in right-to-left lines."""
    return re.findall(r"[^\W\d_]+", text)


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


@pytest.mark.parametrize(
    "line, expected",
    [
        (b"<14f1> <06440627>", b"<14f1> <06270644>"),
        (b"<057a> <064406510627>", b"<057a> <062706510644>"),
        (b"<13b2> <00660069>", b"<13b2> <00660069>"),  # fi
        (b"<0555> <0627>", b"<0555> <0627>"),  # a single letter
        (b"100 beginbfchar", b"100 beginbfchar"),
        (b"<0000> <ffff>", b"<0000> <ffff>"),  # the code space range, not an entry to change
        (b"<14f1> <d800>", b"<14f1> <d800>"),  # a lone surrogate: not text, left alone
        (b"/CMapName /Adobe-Identity-UCS def", b"/CMapName /Adobe-Identity-UCS def"),
    ],
)
def test_only_right_to_left_ligature_entries_of_a_to_unicode_map_change(line, expected):
    assert pdf_text.fix_to_unicode_line(line) == expected


def test_a_whole_map_is_fixed_entry_by_entry():
    cmap = b"begincmap\n3 beginbfchar\n<14f1> <06440627>\n<13b2> <00660069>\n<0003> <0020>\nendbfchar\nendcmap"
    assert pdf_text.fix_to_unicode(cmap) == cmap.replace(b"<06440627>", b"<06270644>")
    assert pdf_text.fix_to_unicode(pdf_text.fix_to_unicode(cmap)) == cmap  # its own inverse: apply it once


def test_the_finisher_rewrites_the_to_unicode_streams_and_nothing_else():
    class Stream:
        def __init__(self, parts):
            self.stream = parts

    to_unicode = Stream([b"/CMapName /Adobe-Identity-UCS def", b"1 beginbfchar", b"<14f1> <06440627>", b"endbfchar"])
    content = Stream([b"BT", b"[<14f1>] TJ", b"ET", b"<14f1> <06440627>"])  # a look-alike line in another stream
    pdf_text.finisher(None, type("Pdf", (), {"objects": [to_unicode, content, 7]})())
    assert to_unicode.stream[2] == b"<14f1> <06270644>"
    assert content.stream == [b"BT", b"[<14f1>] TJ", b"ET", b"<14f1> <06440627>"]


# --- A tiny leaflet, laid out in-process with the leaflet's own template and stylesheet ---------------

ARABIC_CONTENT = (
    "<h1>بعد الجلسة</h1>"
    "<p>معلومات عامة، لا تغني عن الاستشارة الطبية. توجد علاجات أخرى لهذه الأمور. لا تقرر الآن.</p>"
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
    first, second = leaflet.write_pdf(html, base_url=base_url), leaflet.write_pdf(html, base_url=base_url)
    assert first.warnings == ()
    return first.data, second.data


def test_the_written_pdf_maps_lam_alef_in_visual_order_and_latin_ligatures_as_they_are(tiny_arabic_pdf):
    data, _ = tiny_arabic_pdf
    texts = set().union(*(to_unicode_texts(cmap) for cmap in cmaps(data)))
    assert "ال" in texts and "لا" not in texts, texts
    assert "fi" in texts and "if" not in texts


def test_pdftotext_reads_the_arabic_words_as_written(tiny_arabic_pdf, tmp_path):
    data, _ = tiny_arabic_pdf
    (tmp_path / "ar.pdf").write_bytes(data)
    text = pdftotext(tmp_path / "ar.pdf")
    for word in ARABIC_LAM_ALEF_WORDS:
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


# --- The built leaflets (`make test` builds site/ first) ----------------------------------------------


def leaflet_titles(lang: str) -> list[str]:
    """The front matter `title` of every page the leaflet holds, in its order."""
    settings, _ = leaflet.read_settings(CONFIG["extra"])
    nav = [next(iter(item.values())) if isinstance(item, dict) else item for item in CONFIG["nav"]]
    order, problems = leaflet.reading_order(nav, settings)
    assert problems == []
    titles = []
    for name in order:
        yaml_text, _, _ = split_front_matter((ROOT / "docs" / lang / name).read_text(encoding="utf-8"))
        titles.append(yaml.safe_load(yaml_text or "")["title"])
    return titles


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_title_reads_back_from_the_built_leaflet(site, lang):
    text = pdftotext(site / lang / leaflet.file_name(lang))
    missing = [title for title in leaflet_titles(lang) if not contains_words(text, title)]
    assert missing == [], f"{lang}: titles a PDF reader does not find in the leaflet: {missing}"


def test_the_arabic_leaflet_reads_its_lam_alef_words_as_written(site):
    if "ar" not in LANGS:
        pytest.fail("the Arabic leaflet is the one with lam-alef ligatures: add Arabic back", pytrace=False)
    found = set(words(pdftotext(site / "ar" / leaflet.file_name("ar"))))
    assert [word for word in ARABIC_LAM_ALEF_WORDS if word not in found] == []
    # What a reader that reversed the ligature would give: none of it.
    assert [word for word in ("االستشارة", "عالجات", "اآلن", "األمور") if word in found] == []
