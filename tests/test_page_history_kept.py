"""The pages' git dates are read from git once per commit and kept for the next build (scripts/rules/page_history.py):
each build is a new process, and the history git reads grows with every commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from scripts.renderers import leaflet_cache
from scripts.rules import page_history


def commit(project: Path, day: str, **files: str) -> None:
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T10:00:00+0000", GIT_COMMITTER_DATE=f"{day}T10:00:00+0000")
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", day, "--allow-empty"],
        cwd=project,
        check=True,
        env=env,
    )


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    root = (tmp_path / "project").resolve()
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    commit(root, "2026-01-10", **{"a.md": "# A\n", "b.md": "# B\n"})
    commit(root, "2026-02-20", **{"b.md": "# B, later\n"})
    return root


@pytest.fixture
def logs(monkeypatch) -> list[tuple[str, ...]]:
    """Every `git log` asked, in a fresh process each time (the in-process cache emptied)."""
    asked: list[tuple[str, ...]] = []
    real_git = page_history._git

    def counting_git(root, *args):
        if "log" in args:
            asked.append(args)
        return real_git(root, *args)

    monkeypatch.setattr(page_history, "_git", counting_git)
    page_history._dates.cache_clear()
    yield asked
    page_history._dates.cache_clear()


def dates(root: Path) -> dict[str, dt.date]:
    page_history._dates.cache_clear()  # as a new build's process
    return page_history.last_changed_dates(root)


def test_a_build_of_the_same_commit_reads_the_kept_dates_and_not_git_log(project, logs):
    first = dates(project)
    assert first["a.md"] == dt.date(2026, 1, 10) and first["b.md"] == dt.date(2026, 2, 20)
    assert dates(project) == first and dates(project) == first
    assert len(logs) == 1
    assert (project / page_history.HISTORY_CACHE).is_file()


def test_a_new_commit_even_an_empty_one_asks_git_again(project, logs):
    dates(project)
    commit(project, "2026-03-05", **{"a.md": "# A, changed\n"})
    assert dates(project)["a.md"] == dt.date(2026, 3, 5) and len(logs) == 2
    commit(project, "2026-04-01")
    assert dates(project)["a.md"] == dt.date(2026, 3, 5) and len(logs) == 3
    page_history._dates.cache_clear()
    assert page_history.last_changed(project, "a.md") == dt.date(2026, 3, 5) and len(logs) == 3


def test_a_shallow_clones_boundary_is_part_of_the_key(project, logs):
    dates(project)
    (project / ".git" / "shallow").write_text("0" * 40 + "\n", encoding="utf-8")
    dates(project)
    assert len(logs) == 2


def test_damaged_kept_dates_or_the_cache_off_ask_git(project, logs, monkeypatch):
    first = dates(project)
    (project / page_history.HISTORY_CACHE).write_text('{"key": 1', encoding="utf-8")
    assert dates(project) == first and len(logs) == 2
    monkeypatch.setenv(leaflet_cache.CACHE_ENV, "off")
    (project / page_history.HISTORY_CACHE).unlink()
    assert dates(project) == first and dates(project) == first and len(logs) == 4
    assert not (project / page_history.HISTORY_CACHE).exists()
