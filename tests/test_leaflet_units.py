"""The leaflet's pure parts (scripts/renderers/leaflet.py, scripts/renderers/qr.py): settings, reading order, content, HTML."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from babel.support import NullTranslations
from bs4 import BeautifulSoup
from markupsafe import Markup

from scripts.renderers import leaflet, qr

NAV = ["index.md", "aftercare.md", "results.md", "consultation-sheet.md", "glossary.md", "about.md"]


def test_settings_default_to_a4_and_the_menu_less_the_sheet_and_about():
    settings, problems = leaflet.read_settings({})
    assert problems == []
    assert settings.paper == "A4" and settings.max_pages is None
    roles = {"consultation": "consultation-sheet.md", "about": "about.md", "glossary": "glossary.md"}
    order, problems = leaflet.reading_order(NAV, settings, roles)
    assert problems == [] and order == ["index.md", "aftercare.md", "results.md", "glossary.md"]
    # by role, not by file name: without roles, every page of the menu
    assert leaflet.reading_order(NAV, settings)[0] == NAV


def test_letter_paper_is_a_clinic_setting_and_other_sizes_are_refused():
    settings, problems = leaflet.read_settings({"clinic": {"paper": "Letter"}})
    assert settings.paper == "Letter" and problems == []
    _, problems = leaflet.read_settings({"clinic": {"paper": "A5"}})
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: extra.clinic.paper: 'A5' is not a paper size — use A4 or Letter"
    ]


def test_bad_leaflet_settings_are_all_reported_with_the_fix():
    found, problems = leaflet.read_settings({"leaflet": {"max_pages": "many", "pages": "index.md", "colour": 1}})
    problems = [str(p) for p in problems]
    assert len(problems) == 3 and found == leaflet.Settings()
    assert any("mkdocs.yml:1: extra.leaflet.colour: unknown setting — allowed: pages, leave_out" in p for p in problems)
    assert any("extra.leaflet.pages: expected a list of page files" in p for p in problems)
    assert any("extra.leaflet.max_pages: 'many' is not a number of pages — write a whole number" in p for p in problems)


def test_an_unknown_page_in_the_reading_order_is_named_with_the_pages_there_are():
    settings, _ = leaflet.read_settings({"leaflet": {"pages": ["results.md", "aftercar.md"]}})
    order, problems = leaflet.reading_order(NAV, settings)
    assert order == ["results.md"]
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: extra.leaflet.pages[1]: 'aftercar.md' is not a page of the menu (nav) — "
        f"use one of: {', '.join(NAV)}"
    ]
    settings, _ = leaflet.read_settings({"leaflet": {"leave_out": ["sheet.md"]}})
    _, problems = leaflet.reading_order(NAV, settings, lines={"extra.leaflet.leave_out": 7})
    assert [str(p) for p in problems] == [
        f"mkdocs.yml:7: extra.leaflet.leave_out[0]: 'sheet.md' is not a page of the menu (nav) — use one of: "
        f"{', '.join(NAV)}"
    ]


@pytest.mark.parametrize(
    "src, address",
    [
        ("index.md", "https://x.org/site/fr/"),
        ("aftercare.md", "https://x.org/site/fr/aftercare/"),
        ("care/index.md", "https://x.org/site/fr/care/"),
        ("care/after.md", "https://x.org/site/fr/care/after/"),
    ],
)
def test_published_address_is_the_directory_address_whatever_the_build_writes(src, address):
    assert leaflet.published_address("https://x.org/site/", "fr", src) == address


@pytest.mark.parametrize(
    "page_url, href, expected",
    [
        ("aftercare/", "../results/#the-course", ("results/", "the-course")),
        ("", "aftercare/", ("aftercare/", "")),
        ("aftercare/", "../", ("", "")),
        ("aftercare.html", "results.html#x", ("results.html", "x")),
        ("aftercare/", "#what-is-normal", ("aftercare/", "what-is-normal")),
        ("aftercare/", "../assets/images/hand%20one.png", ("assets/images/hand one.png", "")),
    ],
)
def test_links_are_resolved_from_the_page_that_holds_them(page_url, href, expected):
    assert leaflet.site_path(page_url, href) == expected


def test_content_gets_unique_ids_leaflet_links_and_source_images():
    content = (
        '<h2 id="next">Next</h2><p>Read <a href="../results/#the-course">results</a>, '
        '<a href="#next">this</a>, <a href="../consultation-sheet/">the sheet</a> and '
        '<a href="https://example.org/">elsewhere</a>.</p>'
        '<p><abbr tabindex="0" title="t">word</abbr><img alt="a hand" src="../img/hand.png"></p>'
        '<ul><li class="task-list-item"><label><input type="checkbox"> one</label></li></ul>'
    )
    targets = {
        "results/": "#page-results",
        "aftercare/": "#page-aftercare",
        "consultation-sheet/": "https://x.org/en/consultation-sheet/",
    }
    prepared = leaflet.prepare_content(
        content,
        page_slug="aftercare",
        page_url="aftercare/",
        targets=targets,
        images={"img/hand.png": "file:///docs/en/img/hand.png"},
    )
    html = BeautifulSoup(prepared.html, "html.parser")
    assert html.h2["id"] == "aftercare--next"
    assert [a["href"] for a in html.find_all("a")] == [
        "#results--the-course",
        "#aftercare--next",
        "https://x.org/en/consultation-sheet/",
        "https://example.org/",
    ]
    assert html.img["src"] == "file:///docs/en/img/hand.png"
    assert not html.find("abbr") and "word" in html.get_text() and not html.find("input")
    assert html.find(class_="leaflet-box") is not None
    assert prepared.missing_images == ()


def test_a_missing_image_is_reported_not_dropped():
    prepared = leaflet.prepare_content(
        '<img alt="x" src="../img/gone.png">', page_slug="a", page_url="a/", targets={}, images={}
    )
    assert prepared.missing_images == ("../img/gone.png",)


@pytest.mark.parametrize("locale, direction", [("en_GB", "ltr"), ("fr_FR", "ltr"), ("ar", "rtl"), ("he_IL", "rtl")])
def test_direction_comes_from_the_language(locale, direction):
    assert leaflet.text_direction(SimpleNamespace(code=locale[:2], locale=locale)) == direction
    # A language that states its own direction is taken at its word.
    assert leaflet.text_direction(SimpleNamespace(code="x", locale="en", dir="rtl")) == "rtl"


@pytest.mark.parametrize(
    "size, locale, text",
    [(180_400, "en_GB", "180 kB"), (95_511, "fr_FR", "96 ko"), (1_234_567, "it_IT", "1,2 MB"), (200, "en_GB", "1 kB")],
)
def test_size_is_written_in_the_readers_language(size, locale, text):
    assert leaflet.size_text(size, locale).replace("\u00a0", " ").replace("\u202f", " ") == text


def test_css_strings_cannot_break_out_of_the_stylesheet():
    assert leaflet.css_string('page"}body{x') == '"page\\22 \\7d body\\7b x"'


def _page(n: int, **kw) -> leaflet.Page:
    return leaflet.Page(
        anchor=f"page-p{n}",
        title=f"Title {n}",
        content=Markup(f"<h1>Title {n}</h1>"),
        source=f"docs/en/p{n}.md",
        address=f"https://x.org/en/p{n}/",
        last_reviewed="1 May 2026",
        last_reviewed_iso="2026-05-01",
        next_review="1 May 2027",
        next_review_iso="2027-05-01",
        reviewed_by="Editorial team",
        sources=("Source A", f"Source {n}"),
        **kw,
    )


def _leaflet(**kw) -> leaflet.Leaflet:
    values = dict(
        lang="ar",
        dir="rtl",
        title="Site <name>",
        paper="Letter",
        home_address="https://x.org/ar/",
        home_qr=qr.qr_data_uri("https://x.org/ar/"),
        pages=(_page(1), _page(2)),
        contacts=Markup("<p>contacts</p>"),
        created="2026-11-25",  # its publication's date (adapters/printed.py _published)
    )
    values.update(kw)
    return leaflet.Leaflet(**values)


def test_both_layouts_of_a_language_share_one_compiled_template_and_each_catalog_has_its_own():
    leaflet._environment.cache_clear()
    catalog, other = NullTranslations(), NullTranslations()
    standard = leaflet.render_html(_leaflet(), catalog)
    large = leaflet.render_html(_leaflet(variant=leaflet.LARGE_PRINT), catalog)
    assert leaflet._environment.cache_info().misses == 1 and standard != large
    assert leaflet.render_html(_leaflet(), catalog) == standard
    leaflet.render_html(_leaflet(), other)
    assert leaflet._environment.cache_info().misses == 2


def test_the_leaflet_document_declares_language_direction_title_and_paper():
    html = leaflet.render_html(_leaflet(), NullTranslations())
    doc = BeautifulSoup(html, "html.parser")
    assert doc.html["lang"] == "ar" and doc.html["dir"] == "rtl"
    assert doc.title.get_text() == "Site <name>"
    assert "size: letter;" in doc.style.get_text()
    assert doc.find("meta", attrs={"name": "dcterms.created"})["content"] == "2026-11-25"
    assert doc.find("meta", attrs={"name": "dcterms.modified"})["content"] == "2026-11-25"
    assert [a["href"] for a in doc.select(".contents__list a")] == [
        "#page-p1",
        "#page-p2",
        "#leaflet-review",
        "#leaflet-sources",
        "#leaflet-contacts",
    ]
    assert [li.get_text() for li in doc.select(".sources li")] == ["Source A", "Source 1", "Source 2"]
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in doc.select(".review__table tbody tr")
    ]
    assert rows[0] == ["Title 1", "Editorial team", "1 May 2026", "1 May 2027"]
    assert doc.select_one(".cover__qr .qr__address").get_text() == "https://x.org/ar/"
    assert doc.select_one(".cover__qr img")["alt"]
    assert not doc.find(["script", "input", "button", "form"])
    assert doc.select_one(".signoff") is None


def test_the_sign_off_has_its_own_place_when_there_is_one():
    html = leaflet.render_html(_leaflet(signoff=Markup("<p>Signed off by Dr Example</p>")), NullTranslations())
    assert BeautifulSoup(html, "html.parser").select_one(".review .signoff").get_text() == "Signed off by Dr Example"


def test_qr_svg_is_the_same_for_the_same_address_and_sized_by_its_reader():
    one, two = qr.qr_svg("https://x.org/en/"), qr.qr_svg("https://x.org/en/")
    assert one == two and "viewBox" in one and 'width="' not in one.split("<path", 1)[0]
    assert qr.qr_svg("https://x.org/fr/") != one
    with pytest.raises(ValueError):
        qr.qr_svg("")


def test_a_printed_address_wraps_after_slashes_and_dots_never_at_a_hyphen():
    parts = leaflet.address_parts("https://patient-info.example.org/x/fr/who-it-is-for/")
    assert "".join(parts) == "https://patient-info.example.org/x/fr/who-it-is-for/"
    assert parts == ["https://", "patient-info.", "example.", "org/", "x/", "fr/", "who-it-is-for/"]


def test_a_missing_harfbuzz_subset_is_named_before_the_build(monkeypatch):
    """Without it WeasyPrint only warns while laying out, and the build would stop on that warning with
    a fix that names a page: the check before the build names the library and how to install it."""
    import ctypes.util

    from scripts.renderers import leaflet

    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "harfbuzz-subset" else real(name))
    problem = leaflet.system_problem()
    assert problem is not None and "HarfBuzz-Subset" in problem and "libharfbuzz-subset0" in problem
