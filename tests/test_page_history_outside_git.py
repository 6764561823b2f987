"""A project outside git (a copy, a benchmark's project) has no page dates, and git is asked once, not once per
page of every build: the answer is kept until a .git appears in the folder or above it."""

from __future__ import annotations

import subprocess

from scripts.rules import page_history


def test_a_folder_outside_git_is_asked_once_until_a_git_folder_appears(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    asked: list[tuple[str, ...]] = []
    real_git = page_history._git

    def counting_git(root, *args):
        asked.append(args)
        return real_git(root, *args)

    monkeypatch.setattr(page_history, "_git", counting_git)
    monkeypatch.setattr(page_history, "_GIT_DIRS", {})
    monkeypatch.setattr(page_history, "_NOT_IN_GIT", {})
    for _ in range(5):
        assert page_history.last_changed(project, "docs/a.md") is None
    assert len(asked) == 1, asked
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    page_history.last_changed(project, "docs/a.md")
    assert asked[1] == ("rev-parse", "--absolute-git-dir")
    assert page_history._git_dir(project) == (project / ".git").resolve()
