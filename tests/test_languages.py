"""Languages in the built site: lang, alternates, canonical, sitemaps, search, switcher, 404; catalogs.

The engine's part is tested on the fixture topic's preview build (tests/fixture-topic: English and Arabic, a
site_url with a path); that the shipped languages have the same pages and complete catalogs is the shipped
content's own test.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import LANGS, ROOT, built_pages, fixture_config, fixture_languages, soup

# The fixture topic's languages and address: the engine's tests read its build (fixture_preview).
FIXTURE_LANGS = fixture_languages()
ROOT_URL = fixture_config()["site_url"]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _file_for(url: str, site: Path) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(ROOT_URL), f"{url} is not under site_url {ROOT_URL}"
    path = site / urlsplit(url).path[len(urlsplit(ROOT_URL).path) :]
    return path / "index.html" if url.endswith("/") else path


def _page_url(site: Path, html: Path) -> str:
    rel = html.parent.relative_to(site).as_posix()
    return f"{ROOT_URL}{rel}/"


def test_every_shipped_language_has_the_same_pages(site):
    sets = {lang: sorted(p.relative_to(site / lang).as_posix() for p in built_pages(site, lang)) for lang in LANGS}
    assert all(pages == sets["en"] for pages in sets.values()), sets
    sources = {lang: sorted(p.name for p in (ROOT / "docs" / lang).glob("*.md")) for lang in LANGS}
    assert all(pages == sources["en"] for pages in sources.values())


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_pages_declare_their_language_and_link_every_version(fixture_preview, lang):
    site = fixture_preview.site
    for html in built_pages(site, lang) + [site / lang / "404.html"]:
        doc = soup(html)
        assert doc.html["lang"] == lang, html
        if html.name == "404.html":
            continue
        own = _page_url(site, html)
        assert doc.find("link", rel="canonical")["href"] == own
        alternates = {link["hreflang"]: link["href"] for link in doc.find_all("link", rel="alternate", hreflang=True)}
        assert set(alternates) == set(FIXTURE_LANGS) | {"x-default"}, html
        assert alternates[lang] == own
        assert alternates["x-default"] == alternates[FIXTURE_LANGS[0]]
        for code, url in alternates.items():
            assert _file_for(url, site).is_file(), f"{html}: hreflang {code} → {url} is not built"
            if code != "x-default":
                assert soup(_file_for(url, site)).html["lang"] == code


def test_language_switcher_goes_to_the_same_page(fixture_preview):
    site = fixture_preview.site
    for html in (page for lang in FIXTURE_LANGS for page in built_pages(site, lang)):
        rel = html.relative_to(site / html.relative_to(site).parts[0])
        links = soup(html).select(".md-select__list a.md-select__link")
        assert [a["hreflang"] for a in links] == FIXTURE_LANGS
        for a in links:
            target = (html.parent / a["href"]).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target == (site / a["hreflang"] / rel).resolve(), f"{html}: {a['href']}"
        assert [a.get("aria-current") for a in links].count("page") == 1


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_sitemap_lists_every_page_with_its_alternates(fixture_preview, lang):
    site = fixture_preview.site
    tree = ET.parse(site / lang / "sitemap.xml")
    urls = tree.getroot().findall(f"{SM}url")
    locs = sorted(u.find(f"{SM}loc").text for u in urls)
    assert locs == sorted(_page_url(site, p) for p in built_pages(site, lang))
    for url in urls:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.find(f"{SM}lastmod").text)
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(links) == set(FIXTURE_LANGS) | {"x-default"}
        assert all(_file_for(href, site).is_file() for href in links.values())


def test_root_sitemap_index_lists_each_language(fixture_preview):
    tree = ET.parse(fixture_preview.site / "sitemap.xml")
    assert tree.getroot().tag == f"{SM}sitemapindex"
    locs = [s.find(f"{SM}loc").text for s in tree.getroot()]
    assert locs == [f"{ROOT_URL}{lang}/sitemap.xml" for lang in FIXTURE_LANGS]


def test_root_page_lets_a_patient_pick_a_language_without_javascript(fixture_preview):
    site = fixture_preview.site
    doc = soup(site / "index.html")
    links = doc.select("main a")
    assert [(a["href"], a["lang"]) for a in links] == [(f"{lang}/", lang) for lang in FIXTURE_LANGS]
    assert all((site / a["href"] / "index.html").is_file() for a in links)
    script = doc.find("script").get_text()
    assert "navigator.languages" in script and "location.replace" in script


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_search_index_holds_only_its_own_language(fixture_preview, lang):
    site = fixture_preview.site
    # The full index (search/search_index.json is a stub until someone searches: scripts/postprocess/pages.py).
    index = json.loads((site / lang / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    titles = {doc["title"] for doc in index["docs"]}
    for other in FIXTURE_LANGS:
        if other == lang:
            continue
        other_titles = {soup(p).find("h1").get_text() for p in built_pages(site, other)}
        assert not titles & other_titles, f"{lang} search index holds {other} titles: {titles & other_titles}"
    own_titles = {soup(p).find("h1").get_text() for p in built_pages(site, lang)}
    assert own_titles <= titles


NOT_FOUND = {
    "en": "Page not found",
    "fr": "Page introuvable",
    "it": "Pagina non trovata",
    "es": "Página no encontrada",
    "ar": "الصفحة غير موجودة",
}


def not_found_words(lang: str) -> str:
    from scripts.i18n.interface import gettext_for

    return NOT_FOUND.get(lang) or gettext_for(lang)("Page not found")


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_404_page_is_in_its_language(fixture_preview, lang):
    doc = soup(fixture_preview.site / lang / "404.html")
    assert doc.html["lang"] == lang
    words = not_found_words(lang)
    assert doc.find("h1").get_text() == words and doc.title.get_text().startswith(words)
    links = doc.select(".md-select__list a.md-select__link")
    assert [a["href"] for a in links] == [f"{urlsplit(ROOT_URL).path}{code}/" for code in FIXTURE_LANGS]


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang in NOT_FOUND])
def test_the_404_heading_is_in_each_shipped_language(lang):
    """The words of the shipped languages' 404 pages, from their catalogs (the built page is the fixture's)."""
    from scripts.i18n.interface import gettext_for

    assert gettext_for(lang)("Page not found") == NOT_FOUND[lang]


def test_interface_catalogs_are_complete_and_compile():
    from scripts.i18n.catalogs import check

    assert check() == []
    for lang in LANGS:
        assert (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.mo").is_file()
