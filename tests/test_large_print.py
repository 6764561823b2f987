"""The large-print leaflet: the same template as the standard one with a clear-print stylesheet laid over.

Settings, file names and the link are pure functions and templates, tested alone; a tiny leaflet is laid out
in-process (about a second each) to measure what a reader gets: no word under 16 pt, lines 1.5 apart, text
aligned at the start of the line and ragged at its end (left to right and right to left), no italics, tagged.
The built large-print leaflets, the fixture topic's (its release build: tests/fixture-topic), are read with
poppler like the standard ones (tests/test_leaflet_pdf.py).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from test_leaflet_pdf import CONFIG, DEJAVU_BOX_EM, LANGS, LANGUAGES, page_texts, pdfinfo, tool

from scripts.config.project_config import load_base_config
from scripts.i18n.interface import get_translations
from scripts.renderers import components, leaflet, leaflet_cache, leaflet_layout, qr

from conftest import ROOT, built_pages, soup

# --- Settings and names ---------------------------------------------------------------------------


def test_each_variant_has_its_own_file_beside_the_pages():
    assert leaflet.file_name("fr") == "leaflet-fr.pdf"
    assert leaflet.file_name("fr", leaflet.STANDARD) == "leaflet-fr.pdf"
    assert leaflet.file_name("ar", leaflet.LARGE_PRINT) == "leaflet-ar-large-print.pdf"
    assert leaflet.VARIANTS == (leaflet.STANDARD, leaflet.LARGE_PRINT)


@pytest.mark.parametrize(
    ("settings", "standard", "large"),
    [
        ({}, None, None),  # no budget at all
        ({"max_pages": 20}, 20, 20 * leaflet.LARGE_PRINT_PAGE_FACTOR),  # the default: a multiple of the standard's
        ({"max_pages": 20, "large_print_max_pages": 50}, 20, 50),
        ({"large_print_max_pages": 50}, None, 50),
    ],
)
def test_each_variant_has_its_page_budget(settings, standard, large):
    read, problems = leaflet.read_settings({"leaflet": settings})
    assert problems == []
    assert read.page_budget(leaflet.STANDARD) == standard
    assert read.page_budget(leaflet.LARGE_PRINT) == large


def test_messages_name_the_setting_that_gave_the_budget():
    default, _ = leaflet.read_settings({"leaflet": {"max_pages": 20}})
    own, _ = leaflet.read_settings({"leaflet": {"max_pages": 20, "large_print_max_pages": 50}})
    assert default.budget_setting(leaflet.STANDARD) == "mkdocs.yml extra.leaflet.max_pages"
    assert default.budget_setting(leaflet.LARGE_PRINT) == (
        f"mkdocs.yml extra.leaflet.large_print_max_pages, unset: {leaflet.LARGE_PRINT_PAGE_FACTOR} × max_pages"
    )
    assert own.budget_setting(leaflet.LARGE_PRINT) == "mkdocs.yml extra.leaflet.large_print_max_pages"


@pytest.mark.parametrize("value", ["many", 0, -3, True, 2.5])
def test_a_large_print_budget_that_is_no_number_of_pages_is_refused(value):
    read, problems = leaflet.read_settings({"leaflet": {"max_pages": 10, "large_print_max_pages": value}})
    assert [str(p) for p in problems] == [
        f"mkdocs.yml:1: extra.leaflet.large_print_max_pages: {value!r} is not a number of pages — "
        f"write a whole number, e.g. 64"
    ]
    assert read.page_budget(leaflet.LARGE_PRINT) == 10 * leaflet.LARGE_PRINT_PAGE_FACTOR  # the default instead


def test_the_shipped_configuration_gives_large_print_a_larger_budget():
    read, problems = leaflet.read_settings(load_base_config()["extra"])
    assert problems == []
    assert read.page_budget(leaflet.LARGE_PRINT) > read.page_budget(leaflet.STANDARD)


# --- One template, two stylesheets ------------------------------------------------------------------

LONG_PARAGRAPH = (
    "Alphastart you can read this text at arm's length. Each line starts at the same place, and ends where "
    "its last word ends, so the eye finds the next line easily. Words are never split at the end of a line "
    "and the spaces between them stay even, because the text is never stretched to fill the line. "
    "This matters most to readers who see a little of the page at a time. Omegaend"
)
CONTENT = f"""
<h1 id="t">Title of the page</h1>
<p>{LONG_PARAGRAPH}</p>
<p>Some <em>emphasised words</em> and <strong>strong words</strong>, and <small>small print</small>.</p>
<div class="care-card care-card--urgent"><p class="care-card__label">Urgent advice:</p>
<h3 class="care-card__heading">Get help now</h3><p>Call the clinic.</p></div>
<p>More at <a href="https://example.org/some/long/address/">the other site</a>.</p>
<table><thead><tr><th>Week</th><th>What</th></tr></thead><tbody><tr><td>1</td><td>Rest</td></tr></tbody></table>
"""


def _document(variant: str, direction: str = "ltr") -> leaflet.Leaflet:
    prepared = leaflet.prepare_content(CONTENT, page_slug="p", page_url="p/", targets={}, images={})
    page = leaflet.Page(
        anchor="page-p",
        title="Title of the page",
        content=Markup(prepared.html),
        source="docs/en/p.md",
        address="https://x.org/en/p/",
        reviewed_by="This page has not yet been clinically reviewed.",
        last_changed="25 November 2026",
        last_changed_iso="2026-11-25",
    )
    return leaflet.Leaflet(
        lang="ar" if direction == "rtl" else "en",
        dir=direction,
        title="Information",
        paper="A4",
        home_address="https://x.org/en/",
        home_qr=qr.qr_data_uri("https://x.org/en/"),
        pages=(page,),
        contacts=components.clinic_contact(
            {"name": "Clinic of the Park", "phone": "+33 1 23 45 67 89"}, gettext=lambda text: text
        ),
        variant=variant,
        version_cover={
            "version": "3f9c2a1b",
            "published": "6 December 2026",
            "published_iso": "2026-12-06",
            "review_due": "",
            "review_due_iso": "",
            "notes": ["This leaflet has not yet been clinically reviewed."],
        },
    )


def test_large_print_is_the_same_document_with_the_clear_print_stylesheet_and_its_own_cover():
    standard = leaflet.render_html(_document(leaflet.STANDARD), NullTranslations())
    large = leaflet.render_html(_document(leaflet.LARGE_PRINT), NullTranslations())
    large_css = (ROOT / "overrides" / "leaflet" / "leaflet-large-print.css").read_text(encoding="utf-8")
    assert "Large-print leaflet" in large and "Large-print leaflet" not in standard
    assert "Printed leaflet" in standard
    assert large_css.split("*/", 1)[1].strip()[:40] in large
    assert "leaflet-large-print" not in standard and 'class="leaflet--standard"' in standard
    assert 'class="leaflet--large-print"' in large
    # Everything of the standard leaflet's body is in the large-print one: one template, not a copy.
    body = standard[standard.index("<body>") :].replace("Printed leaflet", "Large-print leaflet")
    assert body == large[large.index("<body>") :]


def test_the_cache_tells_the_two_layouts_apart():
    keys = {
        leaflet_cache.key(
            leaflet.render_html(_document(variant), NullTranslations()),
            "file:///docs/",
            [],
            fonts="fonts",
            code="code",
        )
        for variant in leaflet.VARIANTS
    }
    assert len(keys) == 2


@pytest.mark.parametrize("name", ["leaflet.css", "leaflet-large-print.css"])
def test_no_text_is_justified_and_no_column_layout(name):
    css = (ROOT / "overrides" / "leaflet" / name).read_text(encoding="utf-8")
    assert not re.search(r"text-align:\s*justify|column-count|columns:", css)


def _words(pdf: Path, tmp_path: Path) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of every word of the PDF, from pdftotext -bbox."""
    out = tmp_path / f"{pdf.stem}-words.html"
    subprocess.run([tool("pdftotext", "poppler-utils"), "-bbox", str(pdf), str(out)], check=True)
    return [
        (float(a), float(b), float(c), float(d), word)
        for a, b, c, d, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            out.read_text(encoding="utf-8"),
        )
    ]


@pytest.fixture(scope="module")
def tiny_pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The tiny leaflet laid out in each variant, left to right; and large print right to left."""
    folder = tmp_path_factory.mktemp("large-print")
    made = {}
    for variant, direction in (
        (leaflet.STANDARD, "ltr"),
        (leaflet.LARGE_PRINT, "ltr"),
        (leaflet.LARGE_PRINT, "rtl"),
    ):
        html = leaflet.render_html(_document(variant, direction), NullTranslations())
        pdf = leaflet_layout.write_pdf(html, base_url=(ROOT / "docs" / "en").as_uri() + "/", site_files=frozenset())
        assert pdf.warnings == () and pdf.refused == ()
        path = folder / f"{variant}-{direction}.pdf"
        path.write_bytes(pdf.data)
        made[variant, direction] = path
    return made


MIN_BOX = 16 * DEJAVU_BOX_EM - 0.2  # pdftotext's box of a 16 pt word in DejaVu Sans


def test_no_word_of_the_large_print_leaflet_is_under_16_points(tiny_pdfs, tmp_path):
    for direction in ("ltr", "rtl"):
        small = [
            (word, round((y2 - y1) / DEJAVU_BOX_EM, 1))
            for x1, y1, x2, y2, word in _words(tiny_pdfs[leaflet.LARGE_PRINT, direction], tmp_path)
            if y2 - y1 < MIN_BOX
        ]
        assert small == [], f"{direction}: words under 16 pt (word, pt): {small[:12]}"
    standard = _words(tiny_pdfs[leaflet.STANDARD, "ltr"], tmp_path)
    assert [word for *_, y1, _x2, y2, word in standard if y2 - y1 < MIN_BOX], "the standard leaflet is 12 pt"


@pytest.mark.parametrize(
    ("variant", "direction", "kind"),
    [
        (leaflet.STANDARD, "ltr", "Printed"),
        (leaflet.LARGE_PRINT, "ltr", "Large-print"),
        (leaflet.LARGE_PRINT, "rtl", "Large-print"),
    ],
)
def test_the_covers_version_block_stands_below_the_kind_of_leaflet(tiny_pdfs, tmp_path, variant, direction, kind):
    words = _words(tiny_pdfs[variant, direction], tmp_path)
    kind_bottom = max(y2 for _x1, _y1, _x2, y2, word in words if kind in word)
    version_top = min(y1 for _x1, y1, _x2, _y2, word in words if "Version" in word)  # ":Version" right to left
    assert version_top >= kind_bottom, f"{variant} {direction}: the version line overlaps the kind of leaflet"


def _paragraph_lines(words) -> list[tuple[float, float]]:
    """(start x, end x) of each line of LONG_PARAGRAPH, in order."""
    texts = [word[4] for word in words]
    first, last = texts.index("Alphastart"), texts.index("Omegaend")
    lines: dict[float, list[tuple[float, float]]] = {}
    for x1, y1, x2, _y2, _word in words[first : last + 1]:
        lines.setdefault(round(y1, 1), []).append((x1, x2))
    return [(min(x for x, _ in spans), max(x for _, x in spans)) for _y, spans in sorted(lines.items())]


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_large_print_lines_start_at_the_same_place_end_ragged_and_stand_1_5_apart(tiny_pdfs, tmp_path, direction):
    words = _words(tiny_pdfs[leaflet.LARGE_PRINT, direction], tmp_path)
    lines = _paragraph_lines(words)
    assert len(lines) >= 4, lines
    starts = [left if direction == "ltr" else right for left, right in lines]
    ends = [right if direction == "ltr" else left for left, right in lines[:-1]]
    assert max(starts) - min(starts) < 0.5, f"{direction}: lines do not start at one place: {starts}"
    assert max(ends) - min(ends) > 5, f"{direction}: every line ends at one place (justified): {ends}"
    texts = [word[4] for word in words]
    tops = sorted({round(word[1], 1) for word in words[texts.index("Alphastart") : texts.index("Omegaend") + 1]})
    spacing = min(b - a for a, b in zip(tops, tops[1:], strict=False))
    assert spacing >= 1.5 * 16 - 0.5, f"{direction}: lines {spacing:.1f} pt apart, less than 1.5 × 16 pt"


def _fonts(pdf: Path) -> str:
    return subprocess.run([tool("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout


def test_large_print_emphasises_in_bold_never_in_italics_and_stays_tagged(tiny_pdfs):
    large, standard = tiny_pdfs[leaflet.LARGE_PRINT, "ltr"], tiny_pdfs[leaflet.STANDARD, "ltr"]
    assert "Oblique" in _fonts(standard), "the tiny leaflet's <em> is italic in the standard leaflet"
    assert "Oblique" not in _fonts(large) and "Bold" in _fonts(large)
    assert pdfinfo(large)["Tagged"] == "yes"


# --- The link on every page ---------------------------------------------------------------------


def _link_html(download, large_print) -> str:
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "overrides")), undefined=StrictUndefined, extensions=["jinja2.ext.i18n"]
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda value: value
    template = env.get_template("partials/leaflet-link.html")
    return template.render(leaflet={"download": download, "large_print": large_print}, patient={"lang": "en"})


def test_every_page_links_to_both_leaflets_each_with_its_own_label_length_and_size():
    standard = {"file": "leaflet-en.pdf", "pages": 19, "size": "95 kB"}
    large = {"file": "leaflet-en-large-print.pdf", "pages": 1, "size": "103 kB"}
    links = soup_of(_link_html(standard, large)).select(".leaflet-link a")
    assert [link["href"] for link in links] == ["leaflet-en.pdf", "leaflet-en-large-print.pdf"]
    assert [" ".join(link.get_text().split()) for link in links] == [
        "Download the printed leaflet (PDF, 19 pages, 95 kB)",
        "Download the large-print leaflet (PDF, 1 page, 103 kB)",
    ]
    assert all(link["type"] == "application/pdf" and link["hreflang"] == "en" for link in links)


def test_without_a_large_print_leaflet_only_the_standard_one_is_linked_and_without_leaflets_none():
    standard = {"file": "leaflet-en.pdf", "pages": 19, "size": "95 kB"}
    assert [a["href"] for a in soup_of(_link_html(standard, None)).select("a")] == ["leaflet-en.pdf"]
    assert soup_of(_link_html(None, None)).select("a") == []


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


# --- The built site ------------------------------------------------------------------------------


def _locale(lang: str) -> str:
    return next(item.locale for item in LANGUAGES if item.code == lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_tagged_large_print_leaflet_within_its_budget(fixture_release, lang):
    site = fixture_release.site
    large = site / lang / leaflet.file_name(lang, leaflet.LARGE_PRINT)
    standard = site / lang / leaflet.file_name(lang)
    info = pdfinfo(large)
    settings, _ = leaflet.read_settings(CONFIG["extra"])
    assert info["Tagged"] == "yes"
    assert int(pdfinfo(standard)["Pages"]) < int(info["Pages"]) <= settings.page_budget(leaflet.LARGE_PRINT)
    cover = page_texts(large)[0]
    assert get_translations(lang).gettext("Large-print leaflet").split()[0] in cover


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_the_built_large_print_leaflet_with_its_length_and_size(fixture_release, lang):
    site = fixture_release.site
    pdf = site / lang / leaflet.file_name(lang, leaflet.LARGE_PRINT)
    pages = pdfinfo(pdf)["Pages"]
    size = leaflet.size_text(pdf.stat().st_size, _locale(lang))
    for page in built_pages(site, lang):
        link = soup(page).select_one(".leaflet-link--large-print a")
        assert link is not None, f"{page}: no link to the large-print leaflet"
        assert pages in link.get_text() and size in link.get_text(), f"{page}: {link.get_text()!r}"
        assert (page.parent / link["href"]).resolve() == pdf.resolve()
