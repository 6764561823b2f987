"""Translation status: up to date, out of date (visible notice), missing (build fails), bad input.

The rules that refuse a translation are unit tests of the registry's build profile, in process, on a tiny
project (tests/tiny_project.py). The notice is the build's own work: one copy of the project with an English
page changed, built once in every translated language, each test reading its language's pages.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from scripts.cli import site as site_command
from scripts.i18n.catalogs import compile_catalog
from scripts.rules import registry
from scripts.rules.translation_status import Status, language_status

from conftest import LANGS, ROOT, build_copy, copy_project, soup
from tiny_project import commit_all, line_of, page_text, write_tiny_project

NOTICE = {
    "fr": "Cette traduction n’est peut-être plus à jour",
    "it": "Questa traduzione potrebbe non essere aggiornata",
    "es": "Puede que esta traducción no esté al día",
    "ar": "قد لا تكون هذه الترجمة محدّثة",
}
TRANSLATED = [code for code in LANGS if code != "en"]


def _status(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "scripts.site", "translations", "status", *args],
        cwd=project,
        capture_output=True,
        text=True,
    )


def _build_errors(root, lang) -> list[str]:
    return [str(p) for p in registry.run("build", root=root, langs=[lang], today=dt.date(2026, 6, 1)).errors]


@pytest.fixture
def tiny(tmp_path):
    """A tiny project in English and French, committed (the translation's history is git's)."""
    return write_tiny_project(tmp_path / "project", ["en", "fr"], history="2026-01-09")


def test_shipped_translations_are_all_up_to_date(capsys):
    assert site_command.main(["translations", "status"]) == 0
    output = capsys.readouterr().out
    assert "out of date" not in output and "missing" not in output
    assert all(f"{lang}    index.md" in output for lang in TRANSLATED), output


# --- the rules, in process ---------------------------------------------------------------------------


def test_the_tiny_translation_is_up_to_date(tiny):
    assert [entry.status for entry in language_status(tiny, "fr")] == [Status.UP_TO_DATE]
    assert _build_errors(tiny, "fr") == []


def test_a_changed_english_page_makes_its_translation_out_of_date(tiny):
    english = tiny / "docs" / "en" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new English sentence.\n", encoding="utf-8")
    commit_all(tiny, "2026-01-10")
    assert [(entry.page, entry.status) for entry in language_status(tiny, "fr")] == [("index.md", Status.OUT_OF_DATE)]
    result = registry.run("build", root=tiny, langs=["fr"])
    assert result.errors == []  # a preview still builds; the page shows the notice
    assert any(str(p).startswith("docs/fr/index.md:1: translation out of date") for p in result.warnings)


def test_missing_translation_fails_the_build_naming_the_file(tiny):
    (tiny / "docs" / "en" / "aftercare.md").write_text(page_text("en"), encoding="utf-8")
    assert (
        "docs/fr/aftercare.md:1: translation missing (the site does not build without it) — translate "
        "docs/en/aftercare.md, then run `python -m scripts.site translations mark fr aftercare.md`"
    ) in _build_errors(tiny, "fr")
    assert {entry.page: entry.status for entry in language_status(tiny, "fr")}["aftercare.md"] is Status.MISSING


def test_unknown_recorded_version_fails_the_build(tiny):
    page = tiny / "docs" / "fr" / "index.md"
    lines = [
        "translation_of: 0123456789ab" if line.startswith("translation_of:") else line
        for line in page.read_text(encoding="utf-8").split("\n")
    ]
    page.write_text("\n".join(lines), encoding="utf-8")
    errors = _build_errors(tiny, "fr")
    assert any(
        e.startswith("docs/fr/index.md:1: translation_of 0123456789ab is no version of docs/en/index.md")
        for e in errors
    ), errors


def test_page_without_english_original_fails(tiny):
    (tiny / "docs" / "fr" / "extra.md").write_text(page_text("fr"), encoding="utf-8")
    assert (
        "docs/fr/extra.md:1: no English page docs/en/extra.md — every page starts in English; add "
        "docs/en/extra.md or remove this file"
    ) in _build_errors(tiny, "fr")


def test_unknown_language_code_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the build sets it for its children; put back after
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert site_command.main(["build", "--no-leaflets", "de"]) == 1
    assert "error: unknown language 'de' — mkdocs.yml extra.alternate lists" in capsys.readouterr().out
    assert [str(p) for p in registry.run("build", root=ROOT, langs=["de"]).errors if "'de'" in p.message] == [
        "mkdocs.yml:{}: 'de' is not one of the site's languages ({}) — check the spelling, or add it with "
        "`python -m scripts.site new-language de NAME LOCALE`".format(
            line_of(ROOT / "mkdocs.yml", "  alternate:"), ", ".join(LANGS)
        )
    ]


def test_language_folder_not_in_configuration_fails(tiny):
    (tiny / "docs" / "de").mkdir()
    (tiny / "docs" / "de" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    assert (
        "docs/de:1: a language folder that mkdocs.yml extra.alternate does not list — add the language with "
        "`python -m scripts.site new-language de` or remove the folder"
    ) in _build_errors(tiny, "en")


def test_catalog_that_does_not_compile_fails_naming_the_file(tiny):
    po = tiny / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Clinic"\nmsgstr "Clinique\n', encoding="utf-8")
    errors = _build_errors(tiny, "fr")
    assert any(e.startswith("translations/fr/LC_MESSAGES/messages.po:") for e in errors), errors
    # the build command compiles each catalog before MkDocs starts, with the same line
    with pytest.raises(ValueError, match=r"^translations/fr/LC_MESSAGES/messages\.po:\d+: "):
        compile_catalog("fr", tiny / "translations")


# --- the notice, on the built pages: one copy, built once --------------------------------------------


@pytest.fixture(scope="module")
def changed_english(tmp_path_factory):
    """A copy whose English session page changed after its translations, built in every translated
    language; and what `translations status` says of it."""
    project = copy_project(tmp_path_factory.mktemp("status") / "project")
    english = project / "docs" / "en" / "session.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new English sentence.\n", encoding="utf-8")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "change English"],
        cwd=project,
        check=True,
        env={**os.environ, "GIT_COMMITTER_DATE": "2026-12-01T12:00:00+00:00"},
    )
    result = build_copy(project, *TRANSLATED)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, _status(project), result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("lang", TRANSLATED)
def test_out_of_date_page_shows_a_notice_in_its_language(changed_english, lang):
    project, status, built = changed_english
    # a preview build prints a rule's warning, with its line, and builds
    assert f"docs/{lang}/session.md:1: translation out of date" in built, built
    notice = soup(project / "site" / lang / "session" / "index.html").select_one("aside.patient-notice")
    assert notice is not None and NOTICE[lang] in notice.get_text()
    link = notice.find("a")
    assert link["hreflang"] == "en" and link["href"] == "../../en/session/"
    assert status.returncode == 1
    assert any(
        row.startswith(f"{lang}    session.md") and row.endswith("out of date") for row in status.stdout.splitlines()
    )


@pytest.mark.slow
@pytest.mark.parametrize("lang", TRANSLATED)
def test_up_to_date_page_has_no_notice(changed_english, lang):
    project, status, _ = changed_english
    assert not soup(project / "site" / lang / "aftercare" / "index.html").select(".patient-notice")
    assert any(
        row.startswith(f"{lang}    aftercare.md") and row.endswith("up to date") for row in status.stdout.splitlines()
    ), status.stdout
