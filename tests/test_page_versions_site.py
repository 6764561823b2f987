"""The built site carries the versions scripts/rules/page_versions.py computes: printed pages, the leaflet's cover
(read with poppler, one language) and the notice's data file, made from the repository's record."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

from babel.lists import format_list

from scripts.config.project_config import SOURCE_LANGUAGE, load_base_config, source_date_epoch
from scripts.i18n.interface import get_translations, long_date
from scripts.renderers import leaflet
from scripts.rules import page_versions

from conftest import built_pages, soup

CONFIG = load_base_config()


def current(lang: str):
    return page_versions.current_versions(CONFIG, lang, source_language=SOURCE_LANGUAGE)


def test_every_printed_page_shows_the_version_its_source_has(site):
    pages, _ = current("en")
    for built in built_pages(site, "en"):
        rel = built.relative_to(site / "en").as_posix().removesuffix("index.html").rstrip("/") or "index"
        html = soup(built)
        assert html.select_one(".print-qr .print-qr__version-id").get_text() == pages[f"{rel}.md"].version
        assert html.select_one("[data-printout-notice]")["data-page"] == f"{rel}.md"


def test_the_notice_data_file_is_the_record_and_the_current_versions_in_the_pages_language(site):
    pages, leaflet_pages = current("en")
    built = site / "en" / "index.html"
    name = soup(built).select_one("[data-versions]")["data-versions"]
    script = (built.parent / name).read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("self.pagePrintoutVersions=").rstrip(";\n"))
    assert {page: entry["current"] for page, entry in data["pages"].items()} == {
        page: version.version for page, version in pages.items()
    }
    assert data["leaflet"]["current"] == page_versions.leaflet_version(leaflet_pages)
    epoch = source_date_epoch()
    assert epoch is not None
    expected = page_versions.notice_data(
        list(pages.values()),
        leaflet_pages,
        page_versions.read_record().get("en"),
        today=dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date().isoformat(),
        urls=_urls(site),
        words=page_versions.Words(
            gettext=get_translations("en").gettext,
            format_date=lambda day: long_date(day, "en_GB"),
            format_list=lambda items: format_list(items, locale="en_GB"),
        ),
    )
    assert data == expected
    # Named by its content, and loaded by no page view (only printout-notice.js, for ?v=, loads it).
    assert name.endswith(page_versions.notice_file(script).removeprefix("assets/"))


def _urls(site) -> dict[str, str]:
    found = {}
    for built in built_pages(site, "en"):
        rel = built.relative_to(site / "en").as_posix().removesuffix("index.html")
        found[(rel.rstrip("/") or "index") + ".md"] = rel
    return found


def test_the_built_leaflets_cover_says_its_version_publication_and_that_it_is_unreviewed(site):
    """The shipped settings name no reviewer: the cover says so, and gives no review date."""
    _, leaflet_pages = current("en")
    pdf = site / "en" / leaflet.file_name("en")
    cover = subprocess.run(
        ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(cover.split())
    epoch = source_date_epoch()
    assert epoch is not None
    published = long_date(dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date(), "en_GB")
    assert f"Version: {page_versions.leaflet_version(leaflet_pages)}" in text
    assert f"Published: {published}" in text
    assert "This leaflet has not yet been clinically reviewed." in text
    assert "Next review due" not in text
