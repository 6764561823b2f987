"""`python -m scripts.site translations diff LANG PAGE`: what changed in the English page since the
translation was last marked up to date, paragraph by paragraph, in a tiny git repo made here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.cli import site
from scripts.rules.translation_status import Block, blocks, diff_blocks, source_version, word_diff

from conftest import ROOT, assert_no_traceback

ENGLISH_V1 = """---
title: After your session
description: What is normal after a session.
sources:
  - "A source"
---

# After your session

Keep your hands clean for 24 hours.

Do not swim on the day of the session.

Call your clinic if the swelling gets worse.
"""
ENGLISH_V2 = (
    ENGLISH_V1.replace("for 24 hours", "for 48 hours")
    .replace(
        "Call your clinic if the swelling gets worse.\n",
        "Call your clinic if the swelling gets worse.\n\nWear gloves outside in cold weather.\n",
    )
    .replace("Do not swim on the day of the session.\n\n", "")
)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True)


def _project(root: Path, *, git: bool = True) -> Path:
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "fr").mkdir(parents=True)
    (root / "docs" / "en" / "aftercare.md").write_text(ENGLISH_V1, encoding="utf-8")
    (root / "docs" / "fr" / "aftercare.md").write_text(
        f"---\ntranslation_of: {source_version(ENGLISH_V1)}\ntitle: Après\ndescription: D\n---\n\nTexte.\n",
        encoding="utf-8",
    )
    if git:
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "v1")
        (root / "docs" / "en" / "aftercare.md").write_text(ENGLISH_V2, encoding="utf-8")
        _git(root, "commit", "-qam", "v2")
    return root


def _run(root: Path, capsys, lang: str = "fr", page: str = "aftercare.md") -> tuple[int, str]:
    code = site.translations_diff(lang, page, root=root)
    out = capsys.readouterr().out
    assert_no_traceback(out)
    return code, out


def test_the_diff_lists_changed_added_and_removed_paragraphs(tmp_path, capsys):
    code, out = _run(_project(tmp_path), capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(
        f"docs/en/aftercare.md: what changed since the version docs/fr/aftercare.md translates "
        f"({source_version(ENGLISH_V1)}, commit "
    )
    assert "CHANGED (line 10)" in lines
    assert "  - Keep your hands clean for 24 hours." in lines
    assert "  + Keep your hands clean for 48 hours." in lines
    assert "  words: Keep your hands clean for [-24-] {+48+} hours." in lines
    assert (
        "REMOVED (line 12 of the version translated)" in lines and "  - Do not swim on the day of the session." in lines
    )
    assert "ADDED (line 14)" in lines and "  + Wear gloves outside in cold weather." in lines
    assert "Call your clinic" not in out  # unchanged paragraphs are not shown
    assert lines[-1] == (
        "3 paragraph(s) differ: 1 changed, 1 added, 1 removed. Bring docs/fr/aftercare.md up to date, then run "
        "`python -m scripts.site translations mark fr aftercare.md`."
    )


def test_an_up_to_date_translation_has_nothing_to_show(tmp_path, capsys):
    root = _project(tmp_path)
    page = root / "docs" / "fr" / "aftercare.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(source_version(ENGLISH_V1), source_version(ENGLISH_V2)),
        encoding="utf-8",
    )
    code, out = _run(root, capsys)
    assert code == 0 and out.strip().endswith("nothing has changed since."), out


@pytest.mark.parametrize(
    "edit, expected",
    [
        (
            lambda text: text.replace(source_version(ENGLISH_V1), "0123456789ab"),
            "error: docs/fr/aftercare.md: translation_of 0123456789ab is no committed version of docs/en/aftercare.md",
        ),
        (
            lambda text: "\n".join(line for line in text.split("\n") if not line.startswith("translation_of")),
            "error: docs/fr/aftercare.md has no translation_of",
        ),
    ],
)
def test_an_unknown_or_missing_id_is_one_line_and_exit_1(tmp_path, capsys, edit, expected):
    root = _project(tmp_path)
    page = root / "docs" / "fr" / "aftercare.md"
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    code, out = _run(root, capsys)
    assert code == 1 and len(out.strip().splitlines()) == 1 and out.startswith(expected), out


def test_outside_git_or_for_a_wrong_page_it_is_one_line_and_exit_1(tmp_path, capsys):
    root = _project(tmp_path / "no-git", git=False)
    (root / "docs" / "en" / "aftercare.md").write_text(ENGLISH_V2, encoding="utf-8")
    code, out = _run(root, capsys)
    assert code == 1 and out.strip().splitlines() == [
        "error: docs/fr/aftercare.md: the English versions are in git, and this is not a git checkout — run it in one"
    ]
    for lang, page in (("fr", "nope.md"), ("fr", "../../x.md"), ("../fr", "aftercare.md")):
        code, out = _run(root, capsys, lang, page)
        assert code == 1 and len(out.strip().splitlines()) == 1 and out.startswith("error: "), out


def test_the_command_line_runs_it_and_status_names_it():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.site", "translations", "diff", "fr", "no-such-page.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == "error: docs/en/no-such-page.md does not exist — check the language and page name\n"
    assert_no_traceback(result.stdout + result.stderr)
    assert "translations diff LANG PAGE" in (ROOT / "scripts" / "cli" / "site.py").read_text(encoding="utf-8")


def test_blocks_and_word_diff_are_paragraphs_and_words():
    text = "---\ntitle: T\ndescription: D\n---\n\nOne\nstill one.\n\n```\ncode\n\nmore code\n```\n\nTwo.\n"
    assert blocks(text) == [
        Block("title", "T"),
        Block("description", "D"),
        Block("line 6", "One\nstill one."),
        Block("line 9", "```\ncode\n\nmore code\n```"),
        Block("line 15", "Two."),
    ]
    old, new = [Block("a", "x"), Block("b", "y")], [Block("a", "x"), Block("b", "z"), Block("c", "w")]
    assert [(c.kind, c.old, c.new) for c in diff_blocks(old, new)] == [
        ("changed", Block("b", "y"), Block("b", "z")),
        ("added", None, Block("c", "w")),
    ]
    assert word_diff("a b c", "a c d") == "a [-b-] c {+d+}"
