"""The root language chooser and root 404 (overrides/root/root-page.html through scripts/renderers/root_pages.py).

Rendered alone, then as the build writes them for the fixture topic (tests/fixture-topic: its own colours).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from scripts.config.project_config import site_languages
from scripts.config.site_config import DEFAULT_COLORS, Language
from scripts.renderers import root_pages

from conftest import fixture_config, fixture_languages, soup

SITE_URL = "https://clinic.example/patients/"
CLINIC = {"primary": "#6b2f8a", "accent": "#1d5e20", "primary_dark": "#d9b8ea", "accent_dark": "#a6dba8"}


def render(langs: list[Language], **options) -> BeautifulSoup:
    settings = {"not_found": False, "redirect": True, "site_url": SITE_URL, "index": "", "colors": CLINIC}
    return BeautifulSoup(root_pages.render_root_page(langs, **{**settings, **options}), "html.parser")


def test_chooser_lists_every_configured_language_with_its_heading_and_direction():
    langs = site_languages()
    doc = render(langs)
    assert [(a["href"], a["lang"], a.get_text()) for a in doc.select("main li a")] == [
        (f"{item.code}/", item.code, item.name) for item in langs
    ]
    headings = {span["lang"]: span for span in doc.select("h1 span")}
    assert set(headings) == {item.code for item in langs}
    for code, span in headings.items():
        assert (span.get("dir") == "rtl") == root_pages.is_rtl(code)
    alternates = {link["hreflang"]: link["href"] for link in doc.select("link[rel=alternate]")}
    assert alternates == {**{item.code: f"{SITE_URL}{item.code}/" for item in langs}, "x-default": SITE_URL}


def test_a_language_added_later_is_listed_and_its_missing_heading_left_out(monkeypatch):
    # `new-language de` starts a catalog with nothing translated: gettext gives the English back.
    real = root_pages.i18n.gettext_for
    monkeypatch.setattr(root_pages.i18n, "gettext_for", lambda code: (lambda m: m) if code == "de" else real(code))
    new = Language(code="de", name="Deutsch", locale="de")
    doc = render([*site_languages(), new])
    assert doc.select("main li a")[-1]["href"] == "de/"
    assert "de" not in {span["lang"] for span in doc.select("h1 span")}


def test_the_clinics_colours_style_the_chooser_and_its_icon():
    doc = render(site_languages())
    style = doc.find("style").get_text()
    assert "--primary:#6b2f8a" in style and "--accent:#1d5e20" in style
    assert doc.find("meta", attrs={"name": "theme-color"})["content"] == "#6b2f8a"
    assert "%236b2f8a" in doc.find("link", rel="icon")["href"]


def test_root_404_has_absolute_links_no_alternates_and_no_redirect():
    doc = render(site_languages(), not_found=True, redirect=False)
    assert all(a["href"].startswith("/patients/") for a in doc.select("main li a"))
    assert doc.select("link[rel=alternate]") == [] and doc.find("script") is None
    assert {span.get_text() for span in doc.select("h1 span[lang=en]")} == {"Page not found"}


def test_missing_clinic_colours_fall_back_to_the_themes():
    assert root_pages.clinic_colors({}) == DEFAULT_COLORS
    given = root_pages.clinic_colors({"clinic": {"colors": {"primary": "#123456"}}})
    assert given["primary"] == "#123456" and given["accent"] == DEFAULT_COLORS["accent"]
    # the dark scheme's link colour is tinted from the clinic's, not the theme's teal
    assert given["primary_dark"] not in (DEFAULT_COLORS["primary_dark"], "#123456")
    assert given["accent_dark"] == DEFAULT_COLORS["accent_dark"]


def test_root_page_words_and_icon_come_from_the_configuration():
    doc = render(site_languages(), description="Plain words about a treatment.", icon="data:image/svg+xml,x")
    assert doc.select_one("meta[name=description]")["content"] == "Plain words about a treatment."
    assert doc.select_one("link[rel=icon]")["href"] == "data:image/svg+xml,x"
    style = doc.find("style").get_text()
    assert "--primary-dark:#d9b8ea" in style and "var(--primary-dark)" in style


@pytest.mark.parametrize("name", ["index.html", "404.html"])
def test_built_root_pages_use_the_configured_colours(fixture_preview, name):
    colors = root_pages.clinic_colors(fixture_config().get("extra") or {})
    assert colors["primary"] != DEFAULT_COLORS["primary"]  # the fixture's own colour, not the theme's
    doc = soup(fixture_preview.site / name)
    assert f"--primary:{colors['primary']}" in doc.find("style").get_text()
    assert [a["lang"] for a in doc.select("main li a")] == fixture_languages()


def test_the_clinics_logo_is_the_root_pages_icon():
    chooser = render(site_languages(), logo="clinic logo.svg")
    assert chooser.select_one("link[rel=icon]")["href"] == "en/assets/images/clinic%20logo.svg"
    not_found = render(site_languages(), logo="clinic.svg", not_found=True, redirect=False)
    assert not_found.select_one("link[rel=icon]")["href"] == "/patients/en/assets/images/clinic.svg"
