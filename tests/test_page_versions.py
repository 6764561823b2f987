"""Versions of pages and leaflets (scripts/rules/page_versions.py), the record of published ones, the notice's data,
and the leaflet's cover: pure functions, tested alone."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.lists import format_list
from bs4 import BeautifulSoup
from markupsafe import Markup

from scripts.adapters import printed
from scripts.adapters.printed import cover_data
from scripts.config.editor_files import EditorFileError, problems_of
from scripts.i18n.interface import get_translations, long_date
from scripts.renderers import leaflet, leaflet_layout, qr
from scripts.rules import page_versions, signoff

PAGE = """---
title: After your session
description: What is normal afterwards.
sources:
  - "A source"
---

# After your session

Some mild effects for a short time.

## What is normal { #normal }

Slight redness.

## When to get help

Call your clinic.
"""

NOBODY = signoff.resolve({}, "en", {}, translated=False)
REVIEWED = signoff.resolve(
    {"clinical_review": {"name": "Dr A. Example", "role": "dermatologist", "date": dt.date(2026, 5, 1)}},
    "en",
    {},
    translated=False,
)


def version(text: str = PAGE, page_signoff=NOBODY, page: str = "aftercare.md") -> page_versions.PageVersion:
    return page_versions.page_version(page, text, page_signoff)


# --- Versions ------------------------------------------------------------------------------------------------


def test_a_version_is_short_hex_and_the_same_on_every_computation():
    first, again = version(), version()
    assert first == again
    assert page_versions.is_version(first.version) and len(first.version) == page_versions.VERSION_LENGTH
    assert first.title == "After your session"


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("Slight redness.", "Slight redness or swelling."),
        lambda t: t.replace("title: After your session", "title: After the session"),
        lambda t: t.replace("What is normal afterwards.", "What is normal after a session."),
        lambda t: t + "\n## A new section\n\nNew advice.\n",
    ],
)
def test_a_change_of_words_changes_the_version(change):
    before, after = version(), version(change(PAGE))
    assert after.version != before.version and after.words != before.words
    assert after.signoff == before.signoff


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace('  - "A source"', '  - "Another source"'),  # not words: like translation_of
        lambda t: t + "\n\n\n",  # trailing blank lines
    ],
)
def test_what_is_not_the_pages_words_leaves_the_version(change):
    assert version(change(PAGE)).version == version().version


def test_a_change_of_sign_off_changes_the_version_but_not_the_words():
    before, after = version(), version(page_signoff=REVIEWED)
    assert after.version != before.version and after.signoff != before.signoff
    assert after.words == before.words and after.sections == before.sections


def test_the_same_words_on_another_translations_sign_off_differ():
    settings = {"translations": {"fr": {"translator": {"name": "A", "role": "translator"}}}}
    checked = signoff.resolve(settings, "fr", {}, translated=True)
    unchecked = signoff.resolve({}, "fr", {}, translated=True)
    assert version(page_signoff=checked).version != version(page_signoff=unchecked).version


def test_sections_are_cut_at_headings_below_the_title_named_as_a_reader_sees_them():
    text = PAGE + "\n```\n## not a heading\n```\n\n### A **bold** [link](x.md) heading { .c }\n\nText.\n"
    headings = [s.heading for s in version(text).sections]
    assert headings == ["After your session", "What is normal", "When to get help", "A bold link heading"]


def test_a_heading_is_recorded_without_the_invisible_characters_data_files_refuse():
    text = PAGE.replace("## When to get help", "## \u200fمتى \u200cتطلب المساعدة\u200e")
    assert version(text).sections[-1].heading == "متى تطلب المساعدة"


def test_a_change_in_one_section_changes_that_sections_digest_only():
    before, after = version(), version(PAGE.replace("Call your clinic.", "Call your clinic at once."))
    changed = [(a.heading, a.digest != b.digest) for a, b in zip(before.sections, after.sections, strict=True)]
    assert changed == [("After your session", False), ("What is normal", False), ("When to get help", True)]


def test_the_leaflets_version_follows_its_pages_and_their_order():
    one, two = version(page="a.md"), version(page="b.md")
    changed = version(PAGE.replace("Slight", "Mild"), page="b.md")
    assert page_versions.leaflet_version([one, two]) == page_versions.leaflet_version([one, two])
    assert page_versions.leaflet_version([one, two]) != page_versions.leaflet_version([two, one])
    assert page_versions.leaflet_version([one, two]) != page_versions.leaflet_version([one, changed])
    assert page_versions.leaflet_version([one]) != page_versions.leaflet_version([one, two])


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("3f9c2a1b", True),
        ("3F9C2A1B", False),
        ("3f9c2a1", False),
        ("3f9c2a1b0", False),
        ("<b>x</b>", False),
        (None, False),
    ],
)
def test_only_eight_lower_hex_digits_are_a_version(value, ok):
    assert page_versions.is_version(value) is ok


def test_the_versioned_address_adds_the_version_as_v():
    assert page_versions.versioned_address("https://x.org/en/a/", "3f9c2a1b") == "https://x.org/en/a/?v=3f9c2a1b"
    assert page_versions.versioned_address("https://x.org/en/a/", "") == "https://x.org/en/a/"


# --- The leaflet's publication date ------------------------------------------------------------------------

BUILD_DAY = dt.date(2027, 3, 1)  # the build's own date: taken only when neither the record nor git says one
LEAFLETS = [
    {"version": "11111111", "published": "2026-01-10", "pages": {}},
    {"version": "22222222", "published": dt.date(2026, 2, 20), "pages": {}},  # YAML may read a date unquoted
]
GIT_DAYS = [dt.date(2026, 4, 1), dt.date(2026, 6, 15), dt.date(2026, 5, 2)]  # pages and sign-off settings


@pytest.mark.parametrize(
    ("version", "recorded", "changed", "published"),
    [
        # Recorded: the record's date, whatever git says of the files since (a later commit that left it alone).
        ("11111111", LEAFLETS, GIT_DAYS, dt.date(2026, 1, 10)),
        ("22222222", LEAFLETS, GIT_DAYS, dt.date(2026, 2, 20)),
        ("22222222", LEAFLETS, [None], dt.date(2026, 2, 20)),
        # Not recorded: the newest last change of the files its version is made of, whichever page it is.
        ("33333333", LEAFLETS, GIT_DAYS, dt.date(2026, 6, 15)),
        ("33333333", [], [dt.date(2026, 6, 15), dt.date(2026, 7, 1)], dt.date(2026, 7, 1)),
        ("33333333", [], [dt.date(2026, 4, 1)], dt.date(2026, 4, 1)),
        # A recorded date that is not a date is no date: the files' dates instead.
        ("44444444", [{"version": "44444444", "published": "soon", "pages": {}}], GIT_DAYS, dt.date(2026, 6, 15)),
        # Outside git, or a file not committed yet (newer than any commit): the build's date.
        ("33333333", LEAFLETS, [None, None], BUILD_DAY),
        ("33333333", [], [dt.date(2026, 6, 15), None], BUILD_DAY),
        ("33333333", [], [], BUILD_DAY),
    ],
)
def test_the_leaflet_is_dated_by_its_record_else_its_files_last_change_else_the_build(
    version, recorded, changed, published
):
    assert page_versions.leaflet_published(version, recorded, changed, BUILD_DAY) == published


def test_the_first_recorded_publication_of_a_version_dates_it():
    twice = [{"version": "11111111", "published": "2026-01-10"}, {"version": "11111111", "published": "2026-05-01"}]
    assert page_versions.leaflet_published("11111111", twice, GIT_DAYS, BUILD_DAY) == dt.date(2026, 1, 10)


def test_the_build_dates_its_leaflet_by_its_own_pages_and_the_sign_off_settings_only(monkeypatch, tmp_path):
    """scripts/adapters/printed.py asks git of the leaflet's pages (not the pages it leaves out) and mkdocs.yml."""
    days = {
        "docs/en/a.md": dt.date(2026, 4, 1),
        "docs/en/b.md": dt.date(2026, 5, 2),
        "docs/en/left-out.md": dt.date(2026, 9, 9),
        "mkdocs.yml": dt.date(2026, 6, 15),
    }
    monkeypatch.setattr(printed, "ROOT", tmp_path)
    monkeypatch.setattr(printed, "BASE_CONFIG", tmp_path / "mkdocs.yml")
    monkeypatch.setattr(printed, "_build_day", lambda: BUILD_DAY)
    monkeypatch.setattr(
        printed.page_history, "last_changed", lambda root, path: days.get(Path(path).relative_to(root).as_posix())
    )
    nav = SimpleNamespace(
        pages=[
            SimpleNamespace(file=SimpleNamespace(src_uri=name, abs_src_path=str(tmp_path / "docs" / "en" / name)))
            for name in ("a.md", "b.md", "left-out.md")
        ]
    )
    versions = SimpleNamespace(leaflet="33333333", leaflet_record=LEAFLETS)
    assert printed._published(nav, ["a.md", "b.md"], versions) == dt.date(2026, 6, 15)  # mkdocs.yml's
    days["mkdocs.yml"] = dt.date(2026, 1, 1)
    assert printed._published(nav, ["a.md", "b.md"], versions) == dt.date(2026, 5, 2)  # b.md's, not left-out.md's
    assert printed._published(nav, ["b.md", "new.md"], versions) == BUILD_DAY  # a page git has no date of
    recorded = SimpleNamespace(leaflet="22222222", leaflet_record=LEAFLETS)
    assert printed._published(nav, ["a.md", "b.md"], recorded) == dt.date(2026, 2, 20)


# --- The record ------------------------------------------------------------------------------------------


def test_recording_adds_new_versions_once_and_keeps_earlier_ones():
    old, new = version(), version(PAGE.replace("Slight", "Mild"))
    record, added = page_versions.updated_record({}, "en", [old], [old], "2026-01-01")
    assert added == [f"en aftercare.md {old.version}", f"en leaflet {page_versions.leaflet_version([old])}"]
    again, nothing = page_versions.updated_record(record, "en", [old], [old], "2026-02-01")
    assert nothing == [] and again == record
    later, added = page_versions.updated_record(record, "en", [new], [new], "2026-03-01")
    entries = later["en"]["pages"]["aftercare.md"]
    assert [e["version"] for e in entries] == [old.version, new.version]
    assert [e["published"] for e in entries] == ["2026-01-01", "2026-03-01"]
    assert len(later["en"]["leaflet"]) == 2 and record["en"]["pages"]["aftercare.md"] == entries[:1]


def test_the_record_reads_back_as_written(tmp_path):
    record, _ = page_versions.updated_record({}, "ar", [version()], [version()], "2026-01-01")
    path = tmp_path / "data" / "page-versions.yml"
    path.parent.mkdir()
    path.write_text(page_versions.dump_record(record), encoding="utf-8")
    assert page_versions.read_record(path, tmp_path) == record
    assert page_versions.record_file_problems(tmp_path) == []


def test_the_record_is_parsed_once_per_text_of_the_file_and_each_reader_has_its_own_copy(tmp_path, monkeypatch):
    page_versions._parsed_record.cache_clear()  # another test may have parsed the same text
    record, _ = page_versions.updated_record({}, "ar", [version()], [version()], "2026-01-01")
    path = tmp_path / "data" / "page-versions.yml"
    path.parent.mkdir()
    path.write_text(page_versions.dump_record(record), encoding="utf-8")
    parsed: list[str] = []
    real = page_versions.parse_yaml
    monkeypatch.setattr(page_versions, "parse_yaml", lambda text, rel: parsed.append(rel) or real(text, rel))
    first = page_versions.read_record(path, tmp_path)
    first["ar"]["leaflet"].clear()  # a reader that changes its copy
    assert page_versions.read_record(path, tmp_path) == record and len(parsed) == 1
    more, _ = page_versions.updated_record(record, "ar", [version(page="b.md")], [], "2026-02-01")
    path.write_text(page_versions.dump_record(more), encoding="utf-8")
    assert page_versions.read_record(path, tmp_path) == more and len(parsed) == 2


@pytest.mark.parametrize(
    ("record", "found"),
    [
        ([1, 2], "expected languages"),
        ({"en": "x"}, "en: expected pages: and leaflet:"),
        ({"en": {"pages": {"a.md": "x"}}}, "en.pages.a.md: expected a list of versions"),
        ({"en": {"pages": {"a.md": [{"version": "XYZ"}]}}}, "en.pages.a.md[0]: no version of 8 hex digits"),
        ({"en": {"pages": {"a.md": [{"version": "3f9c2a1b", "published": "2026-01-01"}]}}}, "expected published"),
        ({"en": {"leaflet": [{"version": "3f9c2a1b"}]}}, "en.leaflet[0]: expected published, pages"),
    ],
)
def test_a_malformed_record_is_one_line_per_problem_with_the_fix(record, found):
    problems = page_versions.record_problems(record)
    assert len(problems) == 1 and found in problems[0].message
    assert str(problems[0]).startswith("data/page-versions.yml:1: ") and "versions record" in problems[0].fix


def test_an_unreadable_record_is_a_problem_not_a_traceback(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "page-versions.yml").write_text("en: [unclosed\n", encoding="utf-8")
    problems = page_versions.record_file_problems(tmp_path)
    assert len(problems) == 1 and problems[0].path == "data/page-versions.yml"
    (tmp_path / "data" / "page-versions.yml").write_text("en: {pages: {a.md: [{version: 1}]}}\n", encoding="utf-8")
    with pytest.raises(EditorFileError) as caught:
        page_versions.read_record(tmp_path / "data" / "page-versions.yml", tmp_path)
    assert "no version of 8 hex digits" in str(problems_of(caught.value)[0])


def test_an_unrecorded_version_is_named_per_language(tmp_path):
    config = {"nav": ["index.md"], "extra": {}}
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "index.md").write_text(PAGE, encoding="utf-8")
    problems = page_versions.unrecorded_problems(config, ["en"], tmp_path, source_language="en")
    assert [p.message.split(":")[0] for p in problems] == ["en"] and "index.md" in problems[0].message
    page_versions.record(config, ["en"], "2026-01-01", tmp_path, source_language="en")
    assert page_versions.unrecorded_problems(config, ["en"], tmp_path, source_language="en") == []


# --- The notice's data ----------------------------------------------------------------------------------


def words(lang: str = "en", locale: str = "en_GB") -> page_versions.Words:
    return page_versions.Words(
        gettext=get_translations(lang).gettext,
        format_date=lambda day: long_date(day, locale),
        format_list=lambda items: format_list(items, locale=locale),
    )


def history(*texts_and_dates, page_signoff=NOBODY):
    """(record, the versions) of a page published at each (text, date) in turn."""
    record: dict = {}
    versions = []
    for text, date in texts_and_dates:
        current = version(text, page_signoff)
        versions.append(current)
        record, _ = page_versions.updated_record(record, "en", [current], [current], date)
    return record["en"], versions


def notice(record, current, *, lang="en", locale="en_GB", leaflet_pages=None):
    return page_versions.notice_data(
        [current],
        [current] if leaflet_pages is None else leaflet_pages,
        record,
        today="2026-12-06",
        urls={"aftercare.md": "aftercare/"},
        words=words(lang, locale),
    )


def test_the_current_version_has_no_notice_of_change_and_says_it_is_up_to_date():
    record, (current,) = history((PAGE, "2026-01-01"))
    data = notice(record, current)
    assert data["pages"]["aftercare.md"] == {"current": current.version, "old": {}}
    assert data["current"]["title"] == "Your printout is up to date"


def test_an_earlier_version_says_since_when_and_which_sections_changed():
    second = PAGE.replace("Call your clinic.", "Call your clinic at once.").replace("Slight", "Mild")
    third = second.replace("Some mild effects", "A few mild effects")
    record, (v1, v2, v3) = history((PAGE, "2026-01-01"), (second, "2026-03-15"), (third, "2026-06-01"))
    old = notice(record, v3)["pages"]["aftercare.md"]["old"]
    assert set(old) == {v1.version, v2.version}
    assert old[v1.version]["lines"] == [
        "This page has changed since 15 March 2026.",  # when the next version was published
        "Parts that changed: After your session, What is normal and When to get help.",
        "Read the page below, or print it again.",
    ]
    assert old[v2.version]["lines"][:2] == [
        "This page has changed since 1 June 2026.",
        "Parts that changed: After your session.",
    ]


def test_a_version_recorded_last_but_changed_since_is_out_of_date_from_this_build():
    record, (v1,) = history((PAGE, "2026-01-01"))
    current = version(PAGE.replace("Slight", "Mild"))
    lines = notice(record, current)["pages"]["aftercare.md"]["old"][v1.version]["lines"]
    assert lines[:2] == ["This page has changed since 6 December 2026.", "Parts that changed: What is normal."]


def test_a_removed_section_is_named_by_its_old_heading():
    record, (v1,) = history((PAGE, "2026-01-01"))
    current = version(PAGE.split("## When to get help")[0])
    assert (
        "Parts that changed: When to get help."
        in notice(record, current)["pages"]["aftercare.md"]["old"][v1.version]["lines"]
    )


def test_a_change_of_sign_off_alone_says_the_advice_did_not_change():
    record, (v1,) = history((PAGE, "2026-01-01"))
    current = version(page_signoff=REVIEWED)
    lines = notice(record, current)["pages"]["aftercare.md"]["old"][v1.version]["lines"]
    assert lines[1] == "The advice has not changed: only the details of its review have."


def test_an_old_leaflet_names_each_changed_page_with_its_address_and_what_changed():
    record, (v1,) = history((PAGE, "2026-01-01"))
    current = version(PAGE.replace("Slight", "Mild"))
    added = version(PAGE, page="results.md")
    data = page_versions.notice_data(
        [current, added],
        [current, added],
        record,
        today="2026-12-06",
        urls={"aftercare.md": "aftercare/", "results.md": "results/"},
        words=words(),
    )
    (old,) = data["leaflet"]["old"].values()
    assert old["lines"][0] == "This leaflet has changed since 6 December 2026."
    assert old["pages"] == [
        {"title": "After your session", "href": "aftercare/", "what": "Parts that changed: What is normal."},
        {"title": "After your session", "href": "results/", "what": "A new page."},
    ]
    assert data["leaflet"]["current"] == page_versions.leaflet_version([current, added])


def test_a_malformed_version_in_the_record_never_reaches_the_notice():
    record, (v1,) = history((PAGE, "2026-01-01"))
    record["pages"]["aftercare.md"].append({"version": "<img src=x>", "published": "2026-02-01"})
    current = version(PAGE.replace("Slight", "Mild"))
    assert set(notice(record, current)["pages"]["aftercare.md"]["old"]) == {v1.version}


@pytest.mark.parametrize(
    ("lang", "locale", "since", "changed"),
    [
        ("fr", "fr_FR", "Cette page a changé depuis le 15 mars 2026.", "Parties modifiées\u00a0: What is normal."),
        ("it", "it_IT", "Questa pagina è cambiata dal 15 marzo 2026.", "Parti modificate: What is normal."),
        ("es", "es_ES", "Esta página ha cambiado desde el 15 de marzo de 2026.", "Partes que han cambiado:"),
        ("ar", "ar", "تغيّرت هذه الصفحة منذ 15 مارس 2026.", "الأجزاء التي تغيّرت:"),
    ],
)
def test_the_notice_speaks_the_pages_language(lang, locale, since, changed):
    second = PAGE.replace("Slight", "Mild")
    record, (v1, v2) = history((PAGE, "2026-01-01"), (second, "2026-03-15"))
    data = notice(record, v2, lang=lang, locale=locale)
    lines = data["pages"]["aftercare.md"]["old"][v1.version]["lines"]
    assert lines[0] == since and lines[1].startswith(changed)
    english = notice(record, v2)
    assert data["current"]["title"] != english["current"]["title"]
    assert data["outdated"]["title"] != english["outdated"]["title"]


def test_the_notice_data_is_a_script_that_sets_one_global_and_cannot_end_an_html_block():
    data = {"current": {"title": "</script><b>x</b>"}}
    script = page_versions.notice_script(data)
    assert script.startswith("self.pagePrintoutVersions={") and script.endswith(";\n")
    assert "</" not in script
    assert json.loads(script.removeprefix("self.pagePrintoutVersions=").rstrip(";\n")) == data
    name = page_versions.notice_file(script)
    assert re.fullmatch(r"assets/page-versions\.[0-9a-f]{10}\.js", name)
    assert page_versions.notice_file(script + " ") != name


# --- The leaflet's cover ----------------------------------------------------------------------------------


def _page(n: int) -> leaflet.Page:
    return leaflet.Page(
        anchor=f"page-p{n}",
        title=f"Title {n}",
        content=Markup(f"<h1>Title {n}</h1><p>Text {n}.</p>"),
        source=f"docs/en/p{n}.md",
        address=f"https://x.org/en/p{n}/",
    )


def cover_document(lang: str, signoffs: list, *, locale: str, version_id: str = "3f9c2a1b", **kw) -> leaflet.Leaflet:
    translations = get_translations(lang)
    home = f"https://x.org/{lang}/"
    values = dict(
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        title="Site",
        paper="A4",
        home_address=home,
        home_qr=qr.qr_data_uri(page_versions.versioned_address(home, version_id)),
        pages=(_page(1),),
        contacts=Markup("<p>contacts</p>"),
        clinic_name="Clinique <du> Parc",
        version_cover=cover_data(version_id, signoffs, dt.date(2026, 12, 6), translations.gettext, locale),
    )
    values.update(kw)
    return leaflet.Leaflet(**values)


def cover_text(document: leaflet.Leaflet, lang: str) -> str:
    html = leaflet.render_html(document, get_translations(lang))
    cover = BeautifulSoup(html, "html.parser").select_one("section.cover")
    return re.sub(r"[ \t\n]+", " ", cover.get_text(" ")).strip()  # no-break spaces kept


def test_an_unreviewed_leaflets_cover_says_so_with_its_version_and_publication_date_and_no_review_due():
    text = cover_text(cover_document("en", [NOBODY, NOBODY], locale="en_GB"), "en")
    assert "Clinique <du> Parc" in text and "Printed leaflet" in text
    assert "Version: 3f9c2a1b" in text and "Published: 6 December 2026" in text
    assert "This leaflet has not yet been clinically reviewed." in text
    assert "Next review due" not in text


def test_a_reviewed_leaflets_cover_gives_the_earliest_review_due_and_no_unreviewed_notice():
    later = signoff.resolve(
        {"clinical_review": {"name": "Dr B", "role": "GP", "date": dt.date(2026, 9, 1)}}, "en", {}, translated=False
    )
    text = cover_text(cover_document("en", [later, REVIEWED], locale="en_GB"), "en")
    assert "Next review due: 1 May 2027" in text
    assert "not yet" not in text


def test_a_partly_reviewed_leaflet_shows_no_review_due_and_says_parts_are_unreviewed():
    text = cover_text(cover_document("en", [REVIEWED, NOBODY], locale="en_GB"), "en")
    assert "Parts of this leaflet have not yet been clinically reviewed." in text
    assert "Next review due" not in text


def test_a_translated_leaflets_cover_speaks_its_language_and_says_an_unchecked_translation():
    unchecked = signoff.resolve({}, "fr", {}, translated=True)
    text = cover_text(cover_document("fr", [unchecked], locale="fr_FR"), "fr")
    assert "Version\u00a0: 3f9c2a1b" in text and "Date de publication\u00a0: 6 décembre 2026" in text
    assert "Cette brochure n’a pas encore été relue sur le plan médical." in text
    assert "Cette traduction n’a pas encore été vérifiée par rapport à la page en anglais." in text


def test_a_cover_without_version_data_is_the_cover_as_before():
    text = cover_text(cover_document("en", [NOBODY], locale="en_GB", version_cover=None), "en")
    assert "Version" not in text and "Published" not in text


def test_the_laid_out_cover_reads_and_its_qr_code_opens_the_home_page_at_the_leaflets_version(tmp_path):
    """WeasyPrint lays out a one-topic leaflet (no site build); poppler reads its cover, zbar its code."""
    document = cover_document("ar", [NOBODY], locale="ar")
    pdf = leaflet_layout.write_pdf(
        leaflet.render_html(document, get_translations("ar")), base_url=tmp_path.as_uri() + "/", site_files=frozenset()
    )
    assert pdf.warnings == () and pdf.refused == ()
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True).stdout
    assert "3f9c2a1b" in text and "2026" in text
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(path), str(tmp_path / "p")]
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "p.png")],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert decoded == ["https://x.org/ar/?v=3f9c2a1b"]


def test_the_record_command_names_an_unknown_language_and_changes_nothing(capsys):
    from scripts.cli import site

    before = page_versions.RECORD_PATH.read_bytes()
    assert site.main(["versions", "record", "xx"]) == 1
    assert capsys.readouterr().out.startswith("error: xx: not a language of the site — use one of: en, ")
    assert page_versions.RECORD_PATH.read_bytes() == before


def test_the_leaflets_version_covers_the_leaflets_pages_only(tmp_path):
    """Pages whose role keeps them out of the leaflet (about, consultation sheet…) are not in its version."""
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    for name, role in (("index.md", "home"), ("topic.md", None), ("who.md", "about"), ("sheet.md", "consultation")):
        front = f"title: {name}\n" + (f"role: {role}\n" if role else "") + "description: d\nsources: [s]\n"
        (docs / name).write_text(f"---\n{front}---\n\n# {name}\n\nWords.\n", encoding="utf-8")
    config = {"nav": ["index.md", "topic.md", "who.md", "sheet.md"], "extra": {}}
    pages, in_leaflet = page_versions.current_versions(config, "en", tmp_path, source_language="en")
    assert set(pages) == {"index.md", "topic.md", "who.md", "sheet.md"}
    assert in_leaflet == [pages["index.md"], pages["topic.md"]]
