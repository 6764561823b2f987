"""Translation status: up to date, out of date (visible notice), missing (build fails), bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import LANGS, build_copy, soup

pytestmark = pytest.mark.slow
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


def _commit(project, message):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", message],
        cwd=project,
        check=True,
    )


def test_shipped_translations_are_all_up_to_date():
    from conftest import ROOT

    result = _status(ROOT)
    assert result.returncode == 0, result.stdout
    assert "out of date" not in result.stdout and "missing" not in result.stdout


def test_up_to_date_page_has_no_notice(project):
    result = build_copy(project, "fr")
    assert result.returncode == 0, result.stdout
    assert not soup(project / "site" / "fr" / "session" / "index.html").select(".patient-notice")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_out_of_date_page_shows_a_notice_in_its_language(project, lang):
    english = project / "docs" / "en" / "session.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new English sentence.\n", encoding="utf-8")
    _commit(project, "change English")
    result = build_copy(project, lang)
    assert result.returncode == 0, result.stdout
    notice = soup(project / "site" / lang / "session" / "index.html").select_one("aside.patient-notice")
    assert notice is not None and NOTICE[lang] in notice.get_text()
    link = notice.find("a")
    assert link["hreflang"] == "en" and link["href"] == "../../en/session/"
    assert not soup(project / "site" / lang / "aftercare" / "index.html").select(".patient-notice")
    status = _status(project, lang)
    assert status.returncode == 1
    assert f"{lang}    session.md" in status.stdout and "out of date" in status.stdout


def test_missing_translation_fails_the_build_naming_the_file(project):
    (project / "docs" / "it" / "aftercare.md").unlink()
    result = build_copy(project, "it")
    assert result.returncode == 1
    assert (
        "docs/it/aftercare.md:1: translation missing (the site does not build without it) — translate docs/en/aftercare.md"
        in result.stdout
    )
    status = _status(project, "it")
    assert status.returncode == 1 and "missing" in status.stdout


def test_unknown_recorded_version_fails_the_build(project):
    page = project / "docs" / "fr" / "results.md"
    text = page.read_text(encoding="utf-8")
    lines = [
        "translation_of: 0123456789ab" if line.startswith("translation_of:") else line for line in text.split("\n")
    ]
    page.write_text("\n".join(lines), encoding="utf-8")
    result = build_copy(project, "fr")
    assert result.returncode == 1
    assert "docs/fr/results.md:1: translation_of 0123456789ab is no version of docs/en/results.md" in result.stdout


def test_page_without_english_original_fails(project):
    (project / "docs" / "fr" / "extra.md").write_text(
        (project / "docs" / "fr" / "session.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = build_copy(project, "fr")
    assert result.returncode == 1
    assert "docs/fr/extra.md:1: no English page docs/en/extra.md" in result.stdout


def test_unknown_language_code_is_refused(project):
    result = build_copy(project, "de")
    assert result.returncode == 1
    assert "unknown language 'de'" in result.stdout


def test_language_folder_not_in_configuration_fails(project):
    (project / "docs" / "de").mkdir()
    (project / "docs" / "de" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    result = build_copy(project, "en")
    assert result.returncode == 1
    assert "docs/de:1: a language folder that mkdocs.yml extra.alternate does not list" in result.stdout


def test_catalog_that_does_not_compile_fails_naming_the_file(project):
    po = project / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Clinique"', 'msgstr "Clinique'), encoding="utf-8")
    result = build_copy(project, "fr")
    assert result.returncode == 1
    assert "translations/fr/LC_MESSAGES/messages.po" in result.stdout
