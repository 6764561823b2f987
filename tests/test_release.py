"""Release mode fails closed: `RELEASE=1 make check` and the release build refuse what nobody
named has signed off, translations not checked or out of date, and overdue reviews — listing
every one — while preview builds still build, with the notices.

The rules run in process on tiny projects (tests/tiny_project.py): unsigned as the project ships, or signed
off by the clinic's reviewers. The release build is the subject once: one copy with nobody named, as shipped,
refused; one with its reviewers named, built.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_signoff import commit_history_on, name_nobody, set_reviewers

from scripts.cli import check_command

from conftest import LANGS, assert_no_traceback, copy_project
from tiny_project import CLINICIAN, commit_all, page_text, write_tiny_project

TODAY = dt.date(2026, 12, 1)  # before the next review of the signed tiny project: only what is tested is overdue
TRANSLATED = [lang for lang in LANGS if lang != "en"]
SIGNED = "2026-11-20"


def _pages(root: Path, lang: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "docs" / lang).rglob("*.md"))


def _errors(root: Path, **kwargs) -> list[str]:
    return [str(p) for p in check_command.run_checks(root=root, today=kwargs.pop("today", TODAY), **kwargs).errors]


def _with_second_page(root: Path) -> Path:
    """Every language gets a second page, so that "every page" means more than one."""
    for lang in LANGS:
        (root / "docs" / lang / "aftercare.md").write_text(page_text(lang), encoding="utf-8")
    base = root / "mkdocs.yml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("  - index.md\n", "  - index.md\n  - aftercare.md\n", 1),
        encoding="utf-8",
    )
    return root


@pytest.fixture
def unsigned(tmp_path) -> Path:
    """A tiny project as the project ships: nobody named."""
    return _with_second_page(write_tiny_project(tmp_path / "unsigned", LANGS))


@pytest.fixture
def reviewed(tmp_path) -> Path:
    """A tiny project signed off on 2026-11-20, its pages as they were the day before: the review covers them."""
    root = _with_second_page(write_tiny_project(tmp_path / "reviewed", LANGS, signed=SIGNED))
    commit_all(root, "2026-11-19", init=True)
    return root


def test_unsigned_content_is_refused_naming_every_page(unsigned):
    errors = _errors(unsigned, release=True)
    for lang in LANGS:
        for page in _pages(unsigned, lang):
            assert any(
                e.startswith(
                    f"{page}:1: not yet clinically reviewed: nobody is named as clinically responsible — set "
                    "extra.clinic.signoff.clinical_review (name, role, date) in mkdocs.yml"
                )
                for e in errors
            ), page
            if lang != "en":
                assert any(e.startswith(f"{page}:1: translation not yet reviewed") for e in errors), page
    # Editing mode: a warning per language, no error, so editors can work on unsigned pages.
    report = check_command.run_checks(root=unsigned, today=TODAY)
    assert not [p for p in report.errors if "reviewed" in p.message]
    assert {p.path for p in report.warnings if "sign-off(s) missing" in p.message} == {f"docs/{lang}" for lang in LANGS}


def test_release_check_command_exits_1_on_unsigned_content(unsigned):
    out = io.StringIO()
    args = check_command.parser().parse_args(["check", "--today", TODAY.isoformat()])
    assert check_command.run(args, root=unsigned, environ={"RELEASE": "1"}, out=out) == 1
    assert f"docs/{TRANSLATED[0]}/aftercare.md:1: translation not yet reviewed" in out.getvalue()
    assert "check failed (release mode)" in out.getvalue()


def test_content_with_reviewers_set_is_accepted(reviewed):
    assert _errors(reviewed, release=True) == []


def test_a_language_without_translation_reviewer_is_refused(reviewed):
    path = reviewed / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    missing, kept = TRANSLATED[-1], TRANSLATED[0]
    start = text.index(f"        {missing}:\n")
    # the language's block ends where the next line at its own indentation (or less) starts
    following = re.compile(r"\n {0,8}\S").search(text, start + 10)
    end = following.start() if following else -1
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    errors = _errors(reviewed, release=True)
    refused = {e.split(":")[0] for e in errors if "translation not yet reviewed" in e}
    assert refused == set(_pages(reviewed, missing)), errors
    assert not any(e.startswith(f"docs/{kept}/") for e in errors)
    assert not any("not yet clinically reviewed" in e for e in errors)


@pytest.mark.parametrize("lang", [TRANSLATED[0], TRANSLATED[-1]])
def test_out_of_date_translation_is_refused_in_release_only(reviewed, lang):
    english = reviewed / "docs" / "en" / "aftercare.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence about swelling.\n", encoding="utf-8")
    commit_all(reviewed, "2026-11-19")
    errors = _errors(reviewed, release=True)
    assert any(e.startswith(f"docs/{lang}/aftercare.md:1: translation out of date") for e in errors), errors
    editing = check_command.run_checks(root=reviewed, today=TODAY)
    assert not [p for p in editing.errors if "out of date" in p.message]
    assert any(p.path == f"docs/{lang}/aftercare.md" and "out of date" in p.message for p in editing.warnings)


def test_a_review_older_than_the_page_or_later_than_its_sign_off_is_refused(reviewed):
    english = reviewed / "docs" / "en" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    commit_all(reviewed, "2026-11-21")
    other = reviewed / "docs" / "en" / "aftercare.md"  # a date Dr Ada did not sign
    other.write_text(
        other.read_text(encoding="utf-8").replace("sources:\n", "clinical_review:\n  date: 2026-11-25\nsources:\n", 1),
        encoding="utf-8",
    )
    errors = _errors(reviewed, release=True, langs=["en"])
    line = next(
        n for n, row in enumerate(other.read_text(encoding="utf-8").splitlines(), 1) if row == "clinical_review:"
    )
    who = f"{CLINICIAN['name']}, {CLINICIAN['role']}"
    assert errors == [
        f"docs/en/aftercare.md:{line}: clinical review dated 2026-11-25 is after the sign-off of {who} on "
        f"{SIGNED} that backs it (mkdocs.yml extra.clinic.signoff.clinical_review.date) — have {who} sign off "
        "again and update extra.clinic.signoff.clinical_review.date, or name who checked this page in its own "
        "clinical_review:",
        f"docs/en/index.md:1: clinical review dated {SIGNED} is before this page's last change on 2026-11-21 "
        f"(git): it does not cover the current text — have {who} check the page as it is now, then set the date "
        "in clinical_review: in this page's front matter or in mkdocs.yml extra.clinic.signoff.clinical_review",
    ], errors
    editing = check_command.run_checks(root=reviewed, today=TODAY, langs=["en"])
    assert not [p for p in editing.errors if "clinical review dated" in p.message]
    assert len([p for p in editing.warnings if "clinical review dated" in p.message]) == 2


@pytest.mark.parametrize("lang", ["en", TRANSLATED[-1]])
def test_overdue_reviews_are_refused_listing_every_page(reviewed, lang):
    errors = _errors(reviewed, release=True, langs=[lang], today=dt.date(2028, 1, 1))
    overdue = {e.split(":")[0] for e in errors if "review overdue" in e}
    assert overdue == set(_pages(reviewed, lang))


# --- the release build: an unsigned copy refused, a reviewed copy built, once each ---------------------

BUILT = TRANSLATED[0]  # a translation: both the clinical review and the translation's are needed


def _release_build(project: Path, *langs: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.site", "build", *langs],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "RELEASE": "1"},
    )


@pytest.fixture(scope="module")
def release_builds(tmp_path_factory) -> dict:
    """The release build of a copy whose sign-off names nobody, as the project ships (English and a translation),
    and of a copy whose reviewers are named (the translation, with its leaflet, as a release build lays it out)."""
    unsigned = copy_project(tmp_path_factory.mktemp("unsigned") / "project")
    name_nobody(unsigned)  # whatever this checkout's settings name (a clinic's copy names its reviewers)
    reviewed = copy_project(tmp_path_factory.mktemp("release") / "project")
    set_reviewers(reviewed)  # signed off on 2026-11-20 (translations 2026-11-22)
    commit_history_on(reviewed, "2026-11-19")  # the pages as they were the day before: the review covers them
    return {
        "unsigned": unsigned,
        "refused": _release_build(unsigned, "en", BUILT),
        "reviewed": reviewed,
        "accepted": _release_build(reviewed, BUILT),
    }


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", BUILT])
def test_release_build_refuses_unsigned_pages(release_builds, lang):
    refused = release_builds["refused"]
    assert refused.returncode == 1
    for page in _pages(release_builds["unsigned"], lang):
        assert f"{page}:1: not yet clinically reviewed" in refused.stdout, refused.stdout
    assert_no_traceback(refused.stdout + refused.stderr)


@pytest.mark.slow
def test_release_build_accepts_signed_pages(release_builds):
    accepted = release_builds["accepted"]
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert (release_builds["reviewed"] / "site" / BUILT / "index.html").is_file()
