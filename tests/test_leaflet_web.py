"""The web pages' side of the leaflet, in Chromium: the link, the printed QR code, the offline copy.

Every page's printed QR code is decoded in the source language and each right-to-left one (the code is
made for each page by one mechanism; the address, which differs by language, is decoded in every language
from the printed consultation sheet)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_leaflet_pdf import BIDI_CONTROLS, decode_qr_codes, pdf_path, pdfinfo

from scripts.config.project_config import SOURCE_LANGUAGE, load_base_config
from scripts.i18n.interface import get_translations
from scripts.renderers import leaflet
from scripts.rules import page_versions

from browser_support import LTR_AND_RTL, PageWatch, new_context, settle
from conftest import LANGS, built_pages, soup

pytestmark = pytest.mark.browser

# The shipped site's address (the leaflet tests of test_leaflet_pdf.py read the fixture topic's).
ROOT_URL = load_base_config()["site_url"].rstrip("/") + "/"


def published(site: Path, page: Path) -> str:
    """The address a built page has at site_url (site/fr/aftercare/index.html → …/fr/aftercare/)."""
    return ROOT_URL + page.relative_to(site).as_posix().removesuffix("index.html")


def versioned(site: Path, page: Path, lang: str) -> str:
    """What a printed page's QR code opens: its address at its version (scripts/rules/page_versions.py)."""
    versions, _ = page_versions.current_versions(load_base_config(), lang, source_language=SOURCE_LANGUAGE)
    rel = page.relative_to(site / lang).as_posix().removesuffix("index.html").rstrip("/") or "index"
    return page_versions.versioned_address(published(site, page), versions[f"{rel}.md"].version)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_its_leaflet_in_its_own_language(site, lang):
    pdf = pdf_path(site, lang)
    pages = int(pdfinfo(pdf)["Pages"])
    locale = soup(site / lang / "index.html").select_one("meta[property='og:locale']")["content"]
    expected = get_translations(lang).ngettext(
        "Download the printed leaflet (PDF, %(num)s page, %(size)s)",
        "Download the printed leaflet (PDF, %(num)s pages, %(size)s)",
        pages,
    ) % {"num": pages, "size": leaflet.size_text(pdf.stat().st_size, locale)}
    for page in built_pages(site, lang):
        html = soup(page)
        link = html.select_one(".leaflet-link a")
        assert link is not None, f"{page}: no link to the leaflet"
        assert " ".join(link.get_text().split()) == " ".join(expected.split())
        assert link["type"] == "application/pdf" and link["hreflang"] == lang
        assert (page.parent / link["href"]).resolve() == pdf.resolve()
        for element in html.select(".leaflet-link, .leaflet-link *, .print-qr, .print-qr *"):
            assert not any(name == "style" or name.startswith("on") for name in element.attrs), (
                f"{page}: inline style or script attribute on {element.name} (the CSP forbids them)"
            )
    if lang != "en":
        assert expected != get_translations("en").ngettext(
            "Download the printed leaflet (PDF, %(num)s page, %(size)s)",
            "Download the printed leaflet (PDF, %(num)s pages, %(size)s)",
            pages,
        ) % {"num": pages, "size": leaflet.size_text(pdf.stat().st_size, locale)}, "link text not translated"


@pytest.mark.parametrize("lang", LTR_AND_RTL)
def test_printed_pages_carry_a_qr_code_of_their_own_address_and_a_page_view_loads_neither(
    browser, static_site, site, lang, tmp_path
):
    context = new_context(browser)
    try:
        page = context.new_page()
        watch = PageWatch(static_site.url).attach(page)
        for built in built_pages(site, lang):
            address = published(site, built)
            watch.requests.clear()
            page.goto(static_site.page_url(built))
            settle(page)
            loaded = [r.url for r in watch.requests if "/assets/qr/" in r.url or r.url.endswith(".pdf")]
            assert loaded == [], f"{address}: a page view loaded {loaded}"
            assert not page.locator(".print-qr").is_visible(), "the QR code shows on screen"
            pdf = tmp_path / f"{lang}-{built.parent.name}.pdf"
            pdf.write_bytes(page.pdf(format="A4", page_ranges="1"))  # the code and address print on page 1
            # The code prints beside the title: in the top 100 mm of the first page.
            assert decode_qr_codes(pdf, 1, tmp_path, top_mm=100) == [versioned(site, built, lang)], (
                f"{address}: printed QR code"
            )
            text = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout.translate(BIDI_CONTROLS)
            assert address in "".join(text.split()), f"{address}: not printed beside the code"
            assert watch.problems() == [], watch.problems()
    finally:
        context.close()


# What the printed consultation sheet leaves out (the site's chrome), and nothing of it past the paper's edge.
CHROME_PRINTED_JS = """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-search']
    .filter(s => document.querySelector(s) && document.querySelector(s).checkVisibility())"""
# What of the article lies outside the page's width, on either side (a right-to-left sheet overflows on the left).
CUT_OFF_JS = """() => [...document.querySelectorAll('article *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.right > document.documentElement.clientWidth + 1 || box.left < -1);
}).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""
# Paper the sheet is printed on, and the printable width of each (patient.css: @page margins of 16 mm either side).
PAPERS = {"A4": 210 - 32, "Letter": 215.9 - 32}


def sheet_print_problems(page, lang: str, folder: Path) -> list[str]:
    """What is wrong with the open page printed as a one-page sheet, on A4 and on Letter, each with its fix: more
    than one page, something past either side of the paper, the site's chrome printed. Leaves the PDFs in folder
    as sheet-<lang>-<paper>.pdf, and the page at the width it had."""
    problems, viewport = [], page.viewport_size
    for paper, width_mm in PAPERS.items():
        pdf = folder / f"sheet-{lang}-{paper}.pdf"
        pdf.write_bytes(page.pdf(format=paper, print_background=False))
        if (pages := pdfinfo(pdf)["Pages"]) != "1":
            problems.append(
                f"{lang}: the consultation sheet prints on {pages} {paper} pages: shorten its text "
                f"(docs/{lang}/consultation-sheet.md) or the clinic's details (mkdocs.yml extra.clinic)"
            )
        # The page laid out for print at the paper's printable width, as the PDF was.
        page.set_viewport_size({"width": round(width_mm * 96 / 25.4), "height": 1000})
        page.emulate_media(media="print")
        if cut_off := page.evaluate(CUT_OFF_JS):
            problems.append(f"{lang}: on {paper}, cut off at the side of the page: {sorted(set(cut_off))}")
        if chrome := page.evaluate(CHROME_PRINTED_JS):
            problems.append(f"{lang}: on {paper}, the site's chrome is printed: {chrome}")
        page.emulate_media(media=None)
    page.set_viewport_size(viewport)
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_consultation_sheet_prints_on_one_page_with_its_qr_code(browser, static_site, site, lang, tmp_path):
    """In every language (its text is as long as its language makes it), on A4 and on Letter: one page, the
    sheet's own code, no site chrome, nothing cut off at either side. (tests/test_clinic_copy.py prints it with a
    clinic's longest details.)"""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{static_site.url}{lang}/consultation-sheet/")
        settle(page)
        problems = sheet_print_problems(page, lang, tmp_path)
    finally:
        context.close()
    assert problems == []
    sheet = versioned(site, site / lang / "consultation-sheet" / "index.html", lang)
    for paper in PAPERS:
        pdf = tmp_path / f"sheet-{lang}-{paper}.pdf"
        assert decode_qr_codes(pdf, 1, tmp_path, top_mm=100) == [sheet], f"{lang} sheet on {paper}: QR code"


def test_the_sheet_check_names_a_second_page_what_is_cut_off_and_printed_chrome(browser, tmp_path):
    """sheet_print_problems finds a right-to-left sheet that runs onto a second page, a value past the left side of
    the paper (where the right-only check of old never looked) and a header left in print; a sheet that fits
    passes."""
    long_sheet = (
        '<html lang="ar" dir="rtl"><body><header class="md-header">header</header><article>'
        + "<p>نص طويل</p>" * 120
        + '<p><span style="display:inline-block;margin-right:-40mm">+33 1 23 45 67 89 +33 1 23 45 67 89</span></p>'
        "</article></body></html>"
    )
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_content(long_sheet)
        problems = sheet_print_problems(page, "ar", tmp_path)
        page.set_content('<html lang="ar" dir="rtl"><body><article><p>نص قصير</p></article></body></html>')
        fits = sheet_print_problems(page, "ar", tmp_path)
    finally:
        context.close()
    for paper in PAPERS:
        assert any(re.search(rf"sheet prints on \d+ {paper} pages", problem) for problem in problems), problems
        assert f"ar: on {paper}, cut off at the side of the page: ['span']" in problems, problems
        assert f"ar: on {paper}, the site's chrome is printed: ['.md-header']" in problems, problems
    assert fits == []


@pytest.mark.parametrize("lang", LANGS)
def test_offline_site_has_the_leaflet_and_its_link_opens_from_file_urls(browser, offline_site, lang):
    pdf = offline_site / lang / leaflet.file_name(lang)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto((offline_site / lang / "aftercare.html").as_uri())
        href = page.get_attribute(".leaflet-link a", "href")
        assert href == leaflet.file_name(lang)
        qr = page.evaluate("() => document.querySelector('.print-qr img').src")
        assert Path(qr.removeprefix("file://")).is_file(), qr
        responses = []
        page.on("response", lambda r: responses.append((r.url, r.status, r.headers.get("content-type"))))
        page.click(".leaflet-link a")
        page.wait_for_url(pdf.as_uri(), timeout=20_000)
        assert (pdf.as_uri(), 200, "application/pdf") in responses, responses
    finally:
        context.close()
