"""Release mode fails closed: `RELEASE=1 make check` and the release build refuse what nobody
named has signed off, translations not checked or out of date, and overdue reviews — listing
every one — while preview builds still build, with the notices."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_signoff import commit_history_on, set_reviewers

from scripts.cli import check_command

from conftest import LANGS, ROOT, assert_no_traceback, copy_project

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 12, 1)  # before every shipped next_review: only what is tested here is overdue
TRANSLATED = [lang for lang in LANGS if lang != "en"]


def _pages(root: Path, lang: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "docs" / lang).rglob("*.md"))


def _errors(root: Path, **kwargs) -> list[str]:
    return [str(p) for p in check_command.run_checks(root=root, today=kwargs.pop("today", TODAY), **kwargs).errors]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("release") / "project")
    set_reviewers(project)  # signed off on 2026-11-20 (translations 2026-11-22)
    commit_history_on(project, "2026-11-19")  # the pages as they were the day before: the review covers them
    return project


def test_shipped_content_is_refused_naming_every_page():
    errors = _errors(ROOT, release=True)
    for lang in LANGS:
        for page in _pages(ROOT, lang):
            assert (
                f"{page}:1: not yet clinically reviewed: nobody is named as clinically responsible — set "
                "extra.clinic.signoff.clinical_review (name, role, date) in mkdocs.yml" in " ".join(errors)
            ), page
            if lang != "en":
                assert any(e.startswith(f"{page}:1: translation not yet reviewed") for e in errors), page
    # Editing mode: a warning per language, no error, so editors can work on unsigned pages.
    report = check_command.run_checks(root=ROOT, today=TODAY)
    assert not [p for p in report.errors if "reviewed" in p.message]
    assert {p.path for p in report.warnings if "sign-off(s) missing" in p.message} == {f"docs/{lang}" for lang in LANGS}


def test_release_check_command_exits_1_on_shipped_content():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.site", "check", "--today", TODAY.isoformat()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RELEASE": "1"},
    )
    assert result.returncode == 1, result.stdout
    assert "docs/fr/aftercare.md:1: translation not yet reviewed" in result.stdout
    assert "check failed (release mode)" in result.stdout


def test_content_with_reviewers_set_is_accepted(reviewed):
    assert _errors(reviewed, release=True) == []


def test_a_language_without_translation_reviewer_is_refused(reviewed, tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(reviewed, project, symlinks=True)
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    missing, kept = TRANSLATED[-1], TRANSLATED[0]
    start = text.index(f"        {missing}:\n")
    # the language's block ends where the next line at its own indentation (or less) starts
    following = re.compile(r"\n {0,8}\S").search(text, start + 10)
    end = following.start() if following else -1
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    errors = _errors(project, release=True)
    refused = {e.split(":")[0] for e in errors if "translation not yet reviewed" in e}
    assert refused == set(_pages(project, missing)), errors
    assert not any(e.startswith(f"docs/{kept}/") for e in errors)
    assert not any("not yet clinically reviewed" in e for e in errors)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_out_of_date_translation_is_refused_in_release_only(reviewed, tmp_path, lang):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(reviewed, project, symlinks=True)
    english = project / "docs" / "en" / "aftercare.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence about swelling.\n", encoding="utf-8")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "en"], cwd=project, check=True
    )
    errors = _errors(project, release=True)
    assert any(e.startswith(f"docs/{lang}/aftercare.md:1: translation out of date") for e in errors), errors
    editing = check_command.run_checks(root=project, today=TODAY)
    assert not [p for p in editing.errors if "out of date" in p.message]
    assert any(p.path == f"docs/{lang}/aftercare.md" and "out of date" in p.message for p in editing.warnings)


def test_a_review_older_than_the_page_or_later_than_its_sign_off_is_refused(reviewed, tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(reviewed, project, symlinks=True)
    english = project / "docs" / "en" / "session.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-11-21T12:00:00+00:00"}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "en"],
        cwd=project,
        check=True,
        env=env,
    )
    about = project / "docs" / "en" / "about.md"  # a date Dr Ada did not sign
    about.write_text(
        about.read_text(encoding="utf-8").replace("sources:\n", "clinical_review:\n  date: 2026-11-25\nsources:\n", 1),
        encoding="utf-8",
    )
    errors = _errors(project, release=True, langs=["en"])
    line = next(
        n for n, row in enumerate(about.read_text(encoding="utf-8").splitlines(), 1) if row == "clinical_review:"
    )
    assert errors == [
        f"docs/en/about.md:{line}: clinical review dated 2026-11-25 is after the sign-off of Dr Ada Example, "
        "dermatologist on 2026-11-20 that backs it (mkdocs.yml extra.clinic.signoff.clinical_review.date) — have "
        "Dr Ada Example, dermatologist sign off again and update extra.clinic.signoff.clinical_review.date, or name "
        "who checked this page in its own clinical_review:",
        "docs/en/session.md:1: clinical review dated 2026-11-20 is before this page's last change on 2026-11-21 "
        "(git): it does not cover the current text — have Dr Ada Example, dermatologist check the page as it is "
        "now, then set the date in clinical_review: in this page's front matter or in mkdocs.yml "
        "extra.clinic.signoff.clinical_review",
    ], errors
    editing = check_command.run_checks(root=project, today=TODAY, langs=["en"])
    assert not [p for p in editing.errors if "clinical review dated" in p.message]
    assert len([p for p in editing.warnings if "clinical review dated" in p.message]) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_overdue_reviews_are_refused_listing_every_page(reviewed, lang):
    errors = _errors(reviewed, release=True, langs=[lang], today=dt.date(2028, 1, 1))
    overdue = {e.split(":")[0] for e in errors if "review overdue" in e}
    assert overdue == set(_pages(reviewed, lang))


def _release_build(project: Path, lang: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.site", "build", lang],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "RELEASE": "1"},
    )


@pytest.mark.parametrize("lang", ["en", TRANSLATED[0]])
def test_release_build_refuses_unsigned_pages_and_accepts_signed_ones(reviewed, tmp_path, lang):
    shipped = copy_project(tmp_path / "shipped")
    refused = _release_build(shipped, lang)
    assert refused.returncode == 1
    for page in _pages(shipped, lang):
        assert f"{page}:1: not yet clinically reviewed" in refused.stdout, refused.stdout
    assert_no_traceback(refused.stdout + refused.stderr)
    accepted = _release_build(reviewed, lang)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
