"""The engine builds another topic from content and settings alone (issue 25, item 3).

tests/fixture-topic/ is an invented care routine in English and Arabic, with other page names, its own glossary,
search words, timeline (stages in sessions and in time), clinic and languages. conftest.py lays it out beside this
working tree's scripts/ and overrides/ and builds each variant once per run: the unsigned one as a preview
(`build --no-leaflets`), the signed one in release mode (RELEASE=1, which lays the leaflets out). Nothing here
names the shipped topic except to make sure the fixture's site never says it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from scripts.i18n.interface import get_translations, long_date
from scripts.renderers.timeline import Duration, duration_after_word

from conftest import (
    ENGINE_FILES,
    FIXTURE_REVIEWER,
    FIXTURE_TOPIC,
    FIXTURE_TRANSLATION_REVIEWER,
    FIXTURE_TRANSLATOR,
    ROOT,
    FixtureBuild,
    built_pages,
    fixture_languages,
    fixture_review_date,
    soup,
)

pytestmark = pytest.mark.build  # builds, or reads a build (conftest.py)

LANGS = fixture_languages()
SITE_URL = yaml.safe_load((FIXTURE_TOPIC / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
# The shipped topic's words, in its languages: none may reach the fixture's site.
SHIPPED_TOPIC = re.compile(r"\bhands?\b|mesotherap|ميزوثيرابي|لليدين", re.I)
# The built files a reader's browser reads as text (Material's own scripts and their source maps aside).
TEXT_SUFFIXES = (".html", ".xml", ".json", ".txt")


def topic_name(lang: str) -> str:
    name = "mkdocs.yml" if lang == LANGS[0] else f"mkdocs.{lang}.yml"
    return yaml.safe_load((FIXTURE_TOPIC / name).read_text(encoding="utf-8"))["extra"]["topic"]["name"]


def glossary(lang: str) -> list[dict]:
    return yaml.safe_load((FIXTURE_TOPIC / "glossary" / f"{lang}.yml").read_text(encoding="utf-8"))


def page(build: FixtureBuild, lang: str, name: str = ""):
    return soup(build.site / lang / name / "index.html")


def json_ld(doc) -> dict:
    return json.loads(doc.find("script", type="application/ld+json").string)


def text_of(doc) -> str:
    return " ".join(doc.get_text(" ").split())


@pytest.fixture(params=["preview", "release"])
def built(request) -> FixtureBuild:
    """Each build of the fixture: the unsigned preview and the signed release."""
    return request.getfixturevalue(f"fixture_{request.param}")


def engine_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for name in ENGINE_FILES
        for path in ([root / name] if (root / name).is_file() else sorted((root / name).rglob("*")))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_fixture_builds_with_the_engine_unchanged(built):
    assert {"✓ en", "✓ ar"} <= {line.split(":")[0] for line in built.output.splitlines()}, built.output
    ours, theirs = engine_files(ROOT), engine_files(built.project)
    assert sorted(theirs) == sorted(ours)
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_release_build_lays_out_the_leaflets_and_the_preview_none(fixture_preview, fixture_release):
    for lang in LANGS:
        leaflet = fixture_release.site / lang / f"leaflet-{lang}.pdf"
        assert leaflet.read_bytes().startswith(b"%PDF"), leaflet
        assert not list((fixture_preview.site / lang).glob("*.pdf"))


def test_the_fixture_pages_are_the_fixture_s_own(built):
    for lang in LANGS:
        sources = sorted(path.stem for path in (FIXTURE_TOPIC / "docs" / lang).glob("*.md"))
        pages = sorted(
            path.parent.name if path.parent != built.site / lang else "index" for path in built_pages(built.site, lang)
        )
        assert pages == sources


@pytest.mark.parametrize("lang", LANGS)
def test_titles_and_structured_data_name_the_topic_in_the_page_s_language(built, lang):
    name = topic_name(lang)
    home = page(built, lang)
    assert home.title.get_text().startswith(name), home.title
    for path in built_pages(built.site, lang):
        data = json_ld(soup(path))
        assert data["about"] == {"@type": "MedicalTherapy", "name": name}, path
        assert data["inLanguage"] == lang
        assert data["url"].startswith(f"{SITE_URL}{lang}/")


def test_root_chooser_says_the_fixture_s_words_and_links_its_languages(built):
    root = soup(built.site / "index.html")
    config = yaml.safe_load((FIXTURE_TOPIC / "mkdocs.yml").read_text(encoding="utf-8"))
    assert root.find("meta", attrs={"name": "description"})["content"] == config["site_description"]
    assert [a["hreflang"] for a in root.select("main a")] == LANGS
    assert not SHIPPED_TOPIC.search(text_of(root))


def test_no_word_of_the_shipped_topic_anywhere_in_the_fixture_s_site(built):
    files = [path for path in built.site.rglob("*") if path.suffix in TEXT_SUFFIXES]
    assert len(files) > 10
    found = {
        path.relative_to(built.site).as_posix(): match.group(0)
        for path in files
        for match in [SHIPPED_TOPIC.search(path.read_text(encoding="utf-8"))]
        if match
    }
    assert found == {}


def test_arabic_pages_are_right_to_left_and_english_pages_left_to_right(built):
    for lang, direction in (("ar", "rtl"), ("en", "ltr")):
        for path in [*built_pages(built.site, lang), built.site / lang / "404.html"]:
            doc = soup(path)
            # Left to right is the HTML default: an English page need not say it, and must not say otherwise.
            assert doc.html["lang"] == lang and doc.html.get("dir", "ltr") == direction, path
            assert doc.body.get("dir", "ltr") == direction, path


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_lists_the_fixture_s_terms_and_pages_explain_them(built, lang):
    entries = glossary(lang)
    terms = page(built, lang, "words").select(".glossary dt")
    definitions = [" ".join(dt.find_next_sibling("dd").get_text(" ").split()) for dt in terms]
    assert len(terms) == len(entries)
    assert sorted(definitions) == sorted(entry["definition"] for entry in entries)
    tooltips = {abbr["title"] for path in built_pages(built.site, lang) for abbr in soup(path).find_all("abbr")}
    assert tooltips == {entry["definition"] for entry in entries}


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_shows_the_fixture_s_stages_in_sessions_and_in_time(built, lang):
    timeline = page(built, lang, "progress").select_one('figure.timeline[data-timeline="example-routine"]')
    stages = timeline.select(".timeline__step--stage")
    when = [" ".join(stage.select_one(".timeline__when").get_text(" ").split()) for stage in stages]
    what = [stage.select_one(".timeline__what").get_text(" ", strip=True) for stage in stages]
    source = (FIXTURE_TOPIC / "docs" / lang / "progress.md").read_text(encoding="utf-8")
    sentences = dict(re.findall(r'(\w+)="([^"]+)"', source))
    assert what == [sentences["after_first"], sentences["from_third"], sentences["after_two_months"]]
    assert [re.sub(r"\D", "", label) for label in when[:2]] == ["1", "3"]
    # "After 2 months" in the catalog's words for a time after "after" (Arabic: بعد شهرين, no digit)
    two_months = duration_after_word(Duration(2, "month"), lang, get_translations(lang).ngettext)
    assert two_months in when[2] and not re.search(r"\d", when[2].replace(two_months, ""))
    if lang == "en":
        assert when == ["After session 1", "From session 3", "After 2 months"]
    assert [li.get_text(strip=True) for li in timeline.select(".timeline__not li")] == [sentences["not_real"]]


def internal_links(site: Path, html: Path) -> list[tuple[str, Path | None]]:
    """(link, the built file it opens) for every link, image, script and stylesheet of this site in a page:
    relative, absolute to the host, or a full address under site_url (canonical, alternates). None for a link of
    this host that leaves the site (a path outside site_url's, `..` past its root): it opens no file of the site,
    whatever this machine has at that path."""
    base = urlsplit(SITE_URL).path
    root = site.resolve()
    found: list[tuple[str, Path | None]] = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup(html).find_all(tag):
            value = element.get(attr)
            if not value or value.startswith(("#", "data:", "mailto:", "tel:")):
                continue
            if (urlsplit(value).scheme and not value.startswith(SITE_URL)) or value.startswith("//"):
                continue  # another site's address: none is loaded (the CSP tests), a link may be given
            path = unquote(urlsplit(value).path)
            if value.startswith(SITE_URL) or value.startswith("/"):
                target = (site / path.removeprefix(base)).resolve() if path.startswith(base) else None
            else:
                target = (html.parent / path).resolve()
            if target is not None and not target.is_relative_to(root):
                target = None
            found.append((value, target / "index.html" if target is not None and target.is_dir() else target))
    return found


def test_every_link_of_the_site_opens_a_file_of_the_site(built):
    pages = [path for path in built.site.rglob("*.html")]
    links = [(path, link, target) for path in pages for link, target in internal_links(built.site, path)]
    assert len(links) > 100
    broken = [
        f"{path.relative_to(built.site)}: {link}"
        for path, link, target in links
        if target is None or not target.is_file()
    ]
    assert broken == []


def test_footer_links_no_role_page_the_fixture_has_not_got(built):
    """The fixture has no page whose role is about or accessibility: no footer link to one."""
    for lang in LANGS:
        for path in built_pages(built.site, lang):
            footer = soup(path).select_one(".patient-footer")
            assert footer.find("a", href=re.compile(r"about|accessibility")) is None, path
            assert "Fixture Test Clinic" in footer.get_text()


def test_unsigned_pages_claim_no_review(fixture_preview):
    for lang in LANGS:
        for path in built_pages(fixture_preview.site, lang):
            doc = soup(path)
            data = json_ld(doc)
            assert "reviewedBy" not in data and "lastReviewed" not in data, path
            assert FIXTURE_REVIEWER["name"] not in path.read_text(encoding="utf-8")
    notice = text_of(page(fixture_preview, "en", "steps"))
    assert "This page has not yet been clinically reviewed" in notice


def test_signed_pages_name_the_reviewer_and_the_date(fixture_release):
    reviewed = fixture_review_date()
    for lang in LANGS:
        locale = "en_GB" if lang == "en" else lang
        for path in built_pages(fixture_release.site, lang):
            doc = soup(path)
            data = json_ld(doc)
            assert data["lastReviewed"] == reviewed.isoformat(), path
            assert data["reviewedBy"] == {
                "@type": "Person",
                "name": FIXTURE_REVIEWER["name"],
                "jobTitle": FIXTURE_REVIEWER["role"],
            }
            words = text_of(doc)
            assert FIXTURE_REVIEWER["name"] in words and long_date(reviewed, locale) in words, path
            assert "not yet been clinically reviewed" not in words
            if lang != LANGS[0]:
                assert FIXTURE_TRANSLATOR["name"] in words and FIXTURE_TRANSLATION_REVIEWER["name"] in words, path


def test_release_check_refuses_the_unsigned_variant(fixture_preview):
    """Fail closed: the unsigned fixture builds as a preview, and release mode says what is missing."""
    result = subprocess.run(
        [sys.executable, "-m", "scripts.site", "check", "--release", "en"],
        cwd=fixture_preview.project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    refused = [line for line in result.stdout.splitlines() if "not yet clinically reviewed" in line]
    assert sorted(line.split(":")[0] for line in refused) == [
        f"docs/en/{path.name}" for path in sorted((FIXTURE_TOPIC / "docs" / "en").glob("*.md"))
    ]
