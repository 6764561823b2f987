"""The printed leaflets as a reader gets them: the PDFs a release build writes, read with poppler and zbar.

The layout is the engine's: the leaflets read here are the fixture topic's (tests/fixture-topic, English and
Arabic, its signed variant built in release mode, which lays the leaflets out).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.config.project_config import SOURCE_LANGUAGE
from scripts.config.site_config import languages
from scripts.renderers import leaflet
from scripts.rules import page_versions

from conftest import (
    FIXTURE_REVIEWER,
    FIXTURE_TOPIC,
    FixtureBuild,
    built_pages,
    fixture_config,
    fixture_languages,
    nav_roles,
    soup,
)

INSTALL_HINT = "`make test` installs it (scripts/ensure-tools.sh)"
# The fixture topic's settings: its release build's leaflets are the ones read here.
CONFIG = fixture_config()
LANGS = fixture_languages()
LANGUAGES = languages(CONFIG["extra"])
ROOT_URL = CONFIG["site_url"].rstrip("/") + "/"
NAV = CONFIG["nav"]


@pytest.fixture(scope="module")
def release(fixture_release: FixtureBuild) -> FixtureBuild:
    return fixture_release


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: {INSTALL_HINT} (sudo apt-get install {package})", pytrace=False)
    return found


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_path(site: Path, lang: str) -> Path:
    return site / lang / leaflet.file_name(lang)


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = run(tool("pdfinfo", "poppler-utils"), str(pdf))
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))  # embeddings pdftotext writes around right-to-left runs


def _right_to_left(pdf: Path) -> bool:
    code = pdf.stem.removeprefix("leaflet-").removesuffix(f"-{leaflet.LARGE_PRINT}")
    return any(leaflet.text_direction(item) == "rtl" for item in LANGUAGES if item.code == code)


@functools.cache
def _page_texts(pdf: Path, mtime_ns: int) -> tuple[str, ...]:
    # Content-stream order (-raw) reads left-to-right text in order, but lists the words of a right-to-left
    # line from the left; pdftotext's reading-order mode puts those back in logical order.
    mode = [] if _right_to_left(pdf) else ["-raw"]
    text = run(tool("pdftotext", "poppler-utils"), *mode, str(pdf), "-").translate(BIDI_CONTROLS)
    return tuple(squash(page) for page in text.split("\f"))[: int(pdfinfo(pdf)["Pages"])]


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, in order (content order; pdftotext separates pages with a form feed)."""
    return list(_page_texts(pdf, pdf.stat().st_mtime_ns))


def decode_qr_codes(pdf: Path, page: int, tmp_path: Path, dpi: int = 150, top_mm: float | None = None) -> list[str]:
    """Every QR code zbarimg reads on one page of the PDF, drawn by pdftoppm (only its top `top_mm` if given:
    drawing a whole page is most of the cost)."""
    prefix = tmp_path / f"{pdf.stem}-p{page}"
    region = [] if top_mm is None else ["-x", "0", "-y", "0", "-W", "100000", "-H", str(round(top_mm / 25.4 * dpi))]
    run(
        tool("pdftoppm", "poppler-utils"),
        "-r",
        str(dpi),
        "-png",
        "-f",
        str(page),
        "-l",
        str(page),
        *region,
        "-singlefile",
        str(pdf),
        str(prefix),
    )
    result = subprocess.run(
        [tool("zbarimg", "zbar-tools"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{prefix}.png"],
        capture_output=True,
        text=True,
    )
    return [line for line in result.stdout.splitlines() if line]


# pdftotext reads the lam-alef ligature of Arabic back as alef-lam ("لا" as "ال"): compare both sides
# with the pairs written one way.
LAM_ALEF = (("لا", "ال"), ("لأ", "أل"), ("لإ", "إل"), ("لآ", "آل"))


ARABIC = re.compile(r"[\u0600-\u06ff]")
# In right-to-left lines pdftotext also moves digits and punctuation around the words (a date reads
# "2026 نوفمبر 25", a full stop stands before the next word): there, `words` compares the words alone.
NOT_A_WORD = re.compile(r"[\d\W_]+")


def squash(text: str) -> str:
    if ARABIC.search(text):
        for ligature, extracted in LAM_ALEF:
            text = text.replace(ligature, extracted)
    return " ".join(text.split())


def words(text: str, rtl: bool = False) -> str:
    """`squash`, and for Arabic text (or any text of a right-to-left leaflet) its words only."""
    text = squash(text)
    return " ".join(NOT_A_WORD.sub(" ", text).split()) if rtl or ARABIC.search(text) else text


def page_order(lang: str) -> list[str]:
    order, problems = leaflet.reading_order(
        NAV, leaflet.read_settings(CONFIG["extra"])[0], nav_roles(lang, FIXTURE_TOPIC)
    )
    assert problems == []
    return order


def built_page(site: Path, lang: str, src: str) -> Path:
    rel = src.removesuffix(".md")
    return site / lang / ("index.html" if rel == "index" else f"{rel}/index.html")


def page_title(site: Path, lang: str, src: str) -> str:
    return squash(soup(built_page(site, lang, src)).select_one("article h1").get_text())


def test_one_leaflet_per_configured_language_and_layout(release):
    site = release.site
    assert LANGS == [item.code for item in LANGUAGES] == ["en", "ar"]
    for lang in LANGS:
        assert pdf_path(site, lang).is_file(), f"no leaflet for {lang}: {pdf_path(site, lang)}"
    assert sorted(p.relative_to(site).as_posix() for p in site.glob("*/*.pdf")) == sorted(
        f"{lang}/{leaflet.file_name(lang, variant)}" for lang in LANGS for variant in leaflet.VARIANTS
    )


@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_is_tagged_titled_in_its_language_and_embeds_its_fonts(release, lang):
    site = release.site
    pdf = pdf_path(site, lang)
    info = pdfinfo(pdf)
    site_name = squash(soup(site / lang / "index.html").select_one("meta[property='og:site_name']")["content"])
    assert info["Title"] == site_name
    assert info["Tagged"] == "yes"
    paper = (CONFIG["extra"].get("clinic") or {}).get("paper") or "A4"
    assert info["Page size"].endswith("(A4)" if paper == "A4" else "(letter)"), info["Page size"]
    assert 2 < int(info["Pages"]) <= CONFIG["extra"]["leaflet"]["max_pages"]
    struct = run(tool("pdfinfo", "poppler-utils"), "-struct", str(pdf))
    assert struct.startswith("Document") and "H1" in struct and "Figure" in struct, struct[:300]
    catalog_lang = re.findall(rb"/Lang\s*\(([^)]*)\)", b"".join(_streams(pdf.read_bytes())))
    assert catalog_lang and set(catalog_lang) == {lang.encode()}, catalog_lang
    fonts = run(tool("pdffonts", "poppler-utils"), str(pdf)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for line in fonts:
        columns = line.split()
        assert columns[-5] == "yes", f"font not embedded: {line}"


def _streams(data: bytes) -> list[bytes]:
    """The decompressed content of the PDF's streams (object streams hold the catalog)."""
    import zlib

    out = []
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[match.end() : match.end() + 4_000_000]))
        except zlib.error:
            continue
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_holds_every_page_then_review_dates_sign_off_sources_and_contacts_in_order(release, lang):
    site = release.site
    pages = page_texts(pdf_path(site, lang))
    contents_page = next(i for i, text in enumerate(pages) if leaflet_strings(lang)["Contents"] in text)
    body = " ".join(pages[contents_page + 1 :])
    position = 0
    for src in page_order(lang):
        title = page_title(site, lang, src)
        found = body.find(title, position)
        assert found >= 0, f"{lang}: '{title}' ({src}) missing from the leaflet or out of nav order"
        position = found + len(title)
    review_heading = squash(leaflet_strings(lang)["Review dates and sign-off"])
    review_at = body.find(review_heading, position)
    assert review_at > 0, f"{lang}: the review dates and sign-off section is missing or not after the pages"
    review = body[review_at:]
    for src in page_order(lang):
        page = soup(built_page(site, lang, src))
        for time in page.select(".page-review time"):
            assert words(time.get_text()) in words(review), f"{lang}: review date of {src} missing: {time.get_text()}"
    # The signed variant names its reviewer: the leaflet says who reviewed the pages (an unsigned leaflet's
    # statement is tested on its renderer, tests/test_signoff.py).
    rtl = _right_to_left(pdf_path(site, lang))
    named = NOT_A_WORD.sub(" ", review).split()
    for word in (*FIXTURE_REVIEWER["name"].split(), *FIXTURE_REVIEWER["role"].split()):
        assert word in named, f"{lang}: the reviewer ({word}) is not named in the leaflet"
    sources_at = review.find(squash(leaflet_strings(lang)["Sources"]))
    contacts_at = review.find(squash(leaflet_strings(lang)["Your clinic's contacts"]))
    assert 0 < sources_at < contacts_at
    for source in {s for src in page_order(lang) for s in _front_matter(lang, src)["sources"]}:
        assert words(source, rtl) in words(review[sources_at:contacts_at], rtl), f"{lang}: source missing: {source}"


def leaflet_strings(lang: str) -> dict[str, str]:
    from scripts.i18n.interface import get_translations

    gettext = get_translations(lang).gettext
    return {key: gettext(key) for key in ("Review dates and sign-off", "Sources", "Your clinic's contacts", "Contents")}


def _front_matter(lang: str, src: str) -> dict:
    text = (FIXTURE_TOPIC / "docs" / lang / src).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


@pytest.mark.parametrize("lang", LANGS)
def test_contents_give_the_page_each_section_starts_on(release, lang):
    site = release.site
    pages = page_texts(pdf_path(site, lang))
    contents_page = next(i for i, text in enumerate(pages) if leaflet_strings(lang)["Contents"] in text)
    contents = pages[contents_page]
    for src in page_order(lang):
        title = page_title(site, lang, src)
        match = re.search(re.escape(title) + r"[ .…]*?(\d+)", contents)
        assert match, f"{lang}: '{title}' not in the contents with a page number: {contents[:400]}"
        number = int(match.group(1))
        assert title in pages[number - 1], f"{lang}: contents say '{title}' is on page {number}, it is not"


@pytest.mark.parametrize("lang", LANGS)
def test_care_cards_and_do_dont_lists_are_never_split(release, lang):
    site = release.site
    pages = page_texts(pdf_path(site, lang))
    checked = 0
    for src in page_order(lang):
        for box in soup(built_page(site, lang, src)).select("article .care-card, article .do-dont"):
            first = squash(box.find(["h2", "h3", "h4"]).get_text())
            last = squash(box.find_all("li")[-1].get_text())
            starts = [i for i, text in enumerate(pages) if words(first) in words(text)]
            assert starts, f"{lang} {src}: '{first}' not in the leaflet"
            ends = [i for i, text in enumerate(pages) if words(last) in words(text)]
            assert any(i in ends for i in starts), (
                f"{lang} {src}: the box '{first}' starts on page {starts[0] + 1} but its last line '{last}' "
                f"is on page {[i + 1 for i in ends]}: split across pages"
            )
            checked += 1
    assert checked >= 4, f"{lang}: only {checked} care cards and do/don't lists found"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_qr_code_opens_the_home_page_in_the_leaflets_language(release, lang, tmp_path):
    pdf = pdf_path(release.site, lang)
    home = f"{ROOT_URL}{lang}/"
    # At the leaflet's version (scripts/rules/page_versions.py): the page it opens says whether the paper is current.
    config = fixture_config(release.project)  # signed: the reviews are part of each page's version
    _, pages = page_versions.current_versions(config, lang, release.project, source_language=SOURCE_LANGUAGE)
    assert decode_qr_codes(pdf, 1, tmp_path) == [f"{home}?v={page_versions.leaflet_version(pages)}"]
    assert home in page_texts(pdf)[0], "the address is not printed beside the code"


@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_has_page_numbers_and_running_titles_and_no_screen_controls(release, lang):
    site = release.site
    pages = page_texts(pdf_path(site, lang))
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        # "2 / 6": pdftotext may read the spaces of a short right-to-left footer as none ("2/6")
        assert re.search(rf"(?<!\d){number} ?/ ?{total}(?!\d)", text), f"{lang}: page {number} has no page number"
    # A section that runs onto a second page: its title heads it, and runs at the foot of the next page.
    contents_page = next(i for i, text in enumerate(pages) if leaflet_strings(lang)["Contents"] in text)
    second_title = page_title(site, lang, page_order(lang)[1])
    assert sum(second_title in text for text in pages[contents_page + 1 :]) >= 2, "no running title"
    text = " ".join(pages)
    for control in ("Skip to content", "Search", "Back to top", "Copy to clipboard"):
        assert control not in text


def test_the_web_pages_link_text_matches_the_leaflet(release):
    site = release.site
    for lang in LANGS:
        pdf = pdf_path(site, lang)
        pages = int(pdfinfo(pdf)["Pages"])
        size = leaflet.size_text(pdf.stat().st_size, next(i.locale for i in LANGUAGES if i.code == lang))
        for page in built_pages(site, lang):
            link = soup(page).select_one(".leaflet-link a")
            assert link is not None, f"{page}: no link to the leaflet"
            assert str(pages) in link.get_text() and size in link.get_text(), (
                f"{page}: '{link.get_text()}' does not say {pages} pages and {size}"
            )
            assert (page.parent / link["href"]).resolve() == pdf.resolve()


# pdftotext's word boxes are as high as the font's ascent plus descent: 1.164 em for DejaVu Sans,
# the leaflet's font. 12 pt text gives 13.97 pt boxes, 11 pt text 12.8 pt.
DEJAVU_BOX_EM = 1.164


@pytest.mark.parametrize("lang", LANGS)
def test_body_text_is_at_least_12_points(release, lang, tmp_path):
    pdf = pdf_path(release.site, lang)
    out = tmp_path / "words.html"
    run(tool("pdftotext", "poppler-utils"), "-bbox", "-f", "3", "-l", "3", str(pdf), str(out))
    heights = sorted(
        float(m.group(2)) - float(m.group(1))
        for m in re.finditer(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', out.read_text(encoding="utf-8")
        )
    )
    assert len(heights) > 50, "too few words on page 3 to measure"
    median = heights[len(heights) // 2]
    assert median >= 12 * DEJAVU_BOX_EM - 0.2, f"{lang}: body text about {median / DEJAVU_BOX_EM:.1f} pt"
