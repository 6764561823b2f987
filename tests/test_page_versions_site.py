"""The built site carries the versions scripts/rules/page_versions.py computes: printed pages, the leaflet's cover
(read with poppler, one language) and the notice's data file, made from the repository's record.

The engine's work, tested on the fixture topic's release build (tests/fixture-topic, signed: its leaflets laid
out); the cover of an unreviewed leaflet is tested on its renderer (tests/test_page_versions.py).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from babel.lists import format_list

from scripts.config.project_config import SOURCE_LANGUAGE, source_date_epoch
from scripts.i18n.interface import get_translations, long_date
from scripts.renderers import leaflet
from scripts.rules import page_history, page_versions, signoff

from conftest import FixtureBuild, built_pages, fixture_config, fixture_review_date, soup


@pytest.fixture(scope="module")
def built(fixture_release: FixtureBuild) -> FixtureBuild:
    return fixture_release


def current(build: FixtureBuild, lang: str):
    config = fixture_config(build.project)
    return page_versions.current_versions(config, lang, build.project, source_language=SOURCE_LANGUAGE)


def test_every_printed_page_shows_the_version_its_source_has(built):
    pages, _ = current(built, "en")
    site = built.site
    assert len(built_pages(site, "en")) == len(pages) > 2
    for page in built_pages(site, "en"):
        rel = page.relative_to(site / "en").as_posix().removesuffix("index.html").rstrip("/") or "index"
        html = soup(page)
        assert html.select_one(".print-qr .print-qr__version-id").get_text() == pages[f"{rel}.md"].version
        assert html.select_one("[data-printout-notice]")["data-page"] == f"{rel}.md"


def test_the_notice_data_file_is_the_record_and_the_current_versions_in_the_pages_language(built):
    pages, leaflet_pages = current(built, "en")
    page = built.site / "en" / "index.html"
    name = soup(page).select_one("[data-versions]")["data-versions"]
    script = (page.parent / name).read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("self.pagePrintoutVersions=").rstrip(";\n"))
    assert {page: entry["current"] for page, entry in data["pages"].items()} == {
        page: version.version for page, version in pages.items()
    }
    assert data["leaflet"]["current"] == page_versions.leaflet_version(leaflet_pages)
    epoch = source_date_epoch(built.project)
    assert epoch is not None
    record = page_versions.read_record(built.project / "data" / "page-versions.yml", built.project)
    expected = page_versions.notice_data(
        list(pages.values()),
        leaflet_pages,
        record.get("en"),
        today=dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date().isoformat(),
        urls=_urls(built.site),
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


def test_the_built_leaflets_cover_says_its_version_publication_and_when_its_review_is_due(built):
    """Every page of the signed variant has a named review: the cover gives the next review's date and no
    'not yet reviewed' note."""
    _, leaflet_pages = current(built, "en")
    pdf = built.site / "en" / leaflet.file_name("en")
    cover = subprocess.run(
        ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(cover.split())
    # The fixture records no leaflet version: the cover gives the newest last change (git) of the leaflet's pages
    # and of mkdocs.yml (the sign-off settings), the same dates its pages show, not the build's.
    changed = [
        page_history.last_changed(built.project, built.project / "docs" / "en" / page.page) for page in leaflet_pages
    ] + [page_history.last_changed(built.project, built.project / "mkdocs.yml")]
    assert None not in changed
    published = long_date(max(day for day in changed if day is not None), "en_GB")
    assert f"Version: {page_versions.leaflet_version(leaflet_pages)}" in text
    assert f"Published: {published}" in text
    due = long_date(signoff.next_review_due(fixture_review_date()), "en_GB")
    assert f"Next review due: {due}" in text
    assert "not yet been clinically reviewed" not in text and "not yet been checked" not in text
