"""What a page says when a printout's QR code opens it (`?v=`), in Chromium, online and from file://.

The built site is copied (not rebuilt) and its versions file is given a history the repository does not have
yet: an earlier version of one page per language, published before the current one. The page then says, in
its language, that a printout of the current version is current, that one of the earlier version is out of
date (since when, which section), and nothing for a malformed or unknown version; it loads nothing from
another host, breaks no policy, and a page view without `?v=` loads neither the notice nor its data.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from babel.lists import format_list

from scripts.config.project_config import SOURCE_LANGUAGE, load_base_config, site_languages
from scripts.i18n.interface import get_translations, long_date
from scripts.rules import page_versions, signoff

from browser_support import PageWatch, new_context, policy_violations, settle, start_server, watch_policy
from conftest import LANGS, ROOT, soup

pytestmark = pytest.mark.browser

PAGE = "aftercare.md"
LOCALES = {item.code: item.locale for item in site_languages()}
EARLIER, CURRENT = "2026-01-01", "2026-03-15"  # when the earlier and the current version were published
MALFORMED = '"><img src=x onerror="document.title=1">'


def earlier_text(text: str) -> tuple[str, str]:
    """The page as it was before (a sentence of its first section below the title read differently), and
    that section's heading as the reader sees it."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("## "))
    target = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("#"))
    lines[target] += " Earlier advice."
    return "\n".join(lines), page_versions.heading_text(lines[start][3:])


class History:
    def __init__(self, lang: str) -> None:
        config = load_base_config()
        pages, leaflet_pages = page_versions.current_versions(config, lang, source_language=SOURCE_LANGUAGE)
        self.current = pages[PAGE]
        source = ROOT / "docs" / lang / PAGE
        old_text, self.heading = earlier_text(source.read_text(encoding="utf-8"))
        meta = page_versions.front_matter(old_text)
        signed = signoff.resolve(signoff.settings(config["extra"]), lang, meta, translated=lang != SOURCE_LANGUAGE)
        self.earlier = page_versions.page_version(PAGE, old_text, signed)
        # The earlier leaflet had the earlier page; the current one has the current page.
        earlier_leaflet = [self.earlier if item.page == PAGE else item for item in leaflet_pages]
        record, _ = page_versions.updated_record({}, lang, [self.earlier], earlier_leaflet, EARLIER)
        record, _ = page_versions.updated_record(record, lang, list(pages.values()), leaflet_pages, CURRENT)
        self.leaflet = page_versions.leaflet_version(leaflet_pages)
        self.earlier_leaflet = page_versions.leaflet_version(earlier_leaflet)
        self.lang, self.pages, self.leaflet_pages, self.record = lang, pages, leaflet_pages, record[lang]

    def script(self, urls: dict[str, str]) -> str:
        """The versions file with this history, for a site whose pages are at `urls` (file → address)."""
        locale = LOCALES[self.lang]
        return page_versions.notice_script(
            page_versions.notice_data(
                list(self.pages.values()),
                self.leaflet_pages,
                self.record,
                today=CURRENT,
                urls=urls,
                words=page_versions.Words(
                    gettext=get_translations(self.lang).gettext,
                    format_date=lambda day: long_date(day, locale),
                    format_list=lambda items: format_list(items, locale=locale),
                ),
            )
        )


def with_history(built: Path, copy: Path, page_file: str, address) -> Path:
    """A copy of a built site whose versions files hold each language's history (`address`: a page file's
    address in that site, as the build gives it)."""
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("*.pdf"))
    for lang in LANGS:
        page = copy / lang / page_file
        data = soup(page).select_one("[data-versions]")["data-versions"]
        history = History(lang)
        script = history.script({name: address(name.removesuffix(".md")) for name in history.pages})
        (page.parent / data).resolve().write_text(script, encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def histories() -> dict[str, History]:
    return {lang: History(lang) for lang in LANGS}


@pytest.fixture(scope="module")
def online(site, tmp_path_factory):
    copy = with_history(
        site,
        tmp_path_factory.mktemp("online") / "site",
        "aftercare/index.html",
        lambda n: "" if n == "index" else n + "/",
    )
    served = start_server(copy)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def offline(offline_site, tmp_path_factory) -> Path:
    return with_history(
        offline_site, tmp_path_factory.mktemp("offline") / "site", "aftercare.html", lambda n: n + ".html"
    )


def open_with(page, url: str, version: str) -> str:
    page.goto(f"{url}?v={urllib.parse.quote(version)}")
    page.wait_for_selector(".printout-notice-slot[data-state]", state="attached")
    return page.get_attribute(".printout-notice-slot", "data-state")


def shown(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.printout-notice')].filter(box => !box.hidden).map(box => ({
            kind: box.className, lines: [...box.children].filter(line => line.tagName === 'DIV').map(line => line.textContent),
            direction: getComputedStyle(box).direction, visible: box.checkVisibility()}))"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_printout_is_told_whether_it_is_current_online_and_offline(browser, online, offline, histories, lang):
    history = histories[lang]
    _ = get_translations(lang).gettext
    locale = LOCALES[lang]
    direction = "rtl" if lang == "ar" else "ltr"
    since = _("This page has changed since %(date)s.") % {"date": long_date(dt.date.fromisoformat(CURRENT), locale)}
    changed = _("Parts that changed: %(sections)s.") % {"sections": history.heading}
    context = new_context(browser)
    watch_policy(context)
    try:
        page = context.new_page()
        for where, url in (
            ("online", f"{online.url}{lang}/aftercare/"),
            ("offline", (offline / lang / "aftercare.html").as_uri()),
        ):
            watch = PageWatch(base_url=online.url if where == "online" else "file:///").attach(page)
            # The version the printed page carries is the one the build computes.
            page.goto(url)
            settle(page)
            printed = page.text_content(".print-qr__version-id")
            assert printed == history.current.version, f"{where}: printed version {printed}"
            loaded = [r.url for r in watch.requests if "printout-notice" in r.url or "page-versions" in r.url]
            assert loaded == [], f"{where}: a page view without ?v= loaded {loaded}"

            assert open_with(page, url, history.current.version) == "current"
            assert shown(page) == [
                {
                    "kind": "printout-notice printout-notice--current",
                    "lines": [_("Your printout is up to date"), _("This page says the same as your printed copy.")],
                    "direction": direction,
                    "visible": True,
                }
            ], where

            assert open_with(page, url, history.earlier.version) == "outdated"
            (notice,) = shown(page)
            assert notice["kind"].endswith("--outdated") and notice["direction"] == direction and notice["visible"]
            assert notice["lines"] == [
                _("Your printout is out of date"),
                since,
                changed,
                _("Read the page below, or print it again."),
            ], where

            for version, state in ((MALFORMED, "ignored"), ("0123abcd", "unknown")):
                assert open_with(page, url, version) == state, f"{where}: {version}"
                assert shown(page) == [], f"{where}: a notice for {version}"
                assert page.query_selector(".printout-notice-slot img, img[onerror]") is None
                assert not re.match(r"^1$", page.title())
            # The printed leaflet's code opens the home page at the leaflet's version.
            home = f"{online.url}{lang}/" if where == "online" else (offline / lang / "index.html").as_uri()
            assert open_with(page, home, history.leaflet) == "current"
            assert shown(page)[0]["lines"][0] == _("Your printed leaflet is up to date")
            assert open_with(page, home, history.earlier_leaflet) == "outdated"
            (notice,) = shown(page)
            assert notice["lines"][0] == _("Your printed leaflet is out of date")
            items = page.locator(".printout-notice--outdated li")
            assert items.count() == 1 and items.first.text_content().endswith(" — " + changed), where
            # It links to the page that changed, in this site (online or on disk) and language.
            assert items.first.locator("a").evaluate("link => link.href") == url, where
            assert watch.problems() == [], f"{where}: {watch.problems()}"
            assert policy_violations(page) == [], where
            watch.detach(page)
    finally:
        context.close()
