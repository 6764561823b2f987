"""When each page last changed: the date of the last commit that touched its source file.

A page that nobody has reviewed may still say when it was last changed, and that date must
be true and the same on every build of one commit: it is the committer date of the newest
commit touching the file (`git log -1 --format=%cs -- <file>`), read for every file with one
`git log` per commit: kept in .cache/page-history.json by the commit's id for the next build
(`SITE_LEAFLET_CACHE=off` asks git again). A file outside a git checkout, or not yet committed, has no
date: the page then says nothing rather than invent one (and release mode refuses it, since
nobody can tell whether a review covers its text).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess
from pathlib import Path

from scripts.config.paths import keep_file
from scripts.renderers import leaflet_cache

HISTORY_CACHE = Path(".cache") / "page-history.json"  # under the project's folder


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    except OSError:  # no git on this machine
        return None
    return result.stdout if result.returncode == 0 else None


def _commit_key(root: Path) -> str | None:
    """What git's answer below depends on, exactly: the commit (its history is part of its id), the folder the
    paths are relative to, and a shallow clone's boundary (deepening it changes the dates, not the commit)."""
    found = _git(root, "rev-parse", "--path-format=absolute", "--git-common-dir", "HEAD")
    lines = found.split() if found else []
    if len(lines) != 2:
        return None
    shallow = Path(lines[0]) / "shallow"
    boundary = shallow.read_text(encoding="utf-8") if shallow.is_file() else ""
    return "\n".join([lines[1], str(root), boundary])


def _kept_dates(root: Path) -> tuple[Path, str, dict[str, dt.date] | None] | None:
    """The dates the last build of this commit read (HISTORY_CACHE under root): (its file, the commit's key, the
    dates or None). None when not kept: the cache is off (leaflet_cache.enabled) or git cannot say the commit."""
    if not leaflet_cache.enabled():
        return None
    key = _commit_key(root)
    if key is None:
        return None
    path = root / HISTORY_CACHE
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return path, key, {name: dt.date.fromisoformat(day) for name, day in kept["dates"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return path, key, None


def _keep_dates(path: Path, key: str, found: dict[str, dt.date]) -> None:
    keep_file(path, json.dumps({"key": key, "dates": {n: d.isoformat() for n, d in found.items()}}))


@functools.lru_cache(maxsize=8)
def _dates(root: Path, head: str) -> dict[str, dt.date]:
    """Path (relative to root, posix) → date of its newest commit; `head` keys the cache to one commit.

    git reads the whole history (about 0.1 s, more as it grows) in every build, each a new process: the answer
    for one commit never changes, so it is kept in .cache/ by the commit's id and read back by the next build."""
    kept = _kept_dates(root)
    if kept is not None and kept[2] is not None:
        return kept[2]
    log = _git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "--format=@%cs",
        "--name-only",
        "--no-renames",
        "--relative",
        "--",
        ".",
    )
    found: dict[str, dt.date] = {}
    if log is None:
        return found
    date = None
    for line in log.splitlines():
        if line.startswith("@"):
            date = dt.date.fromisoformat(line[1:])
        elif line and date is not None:
            found.setdefault(line, date)  # newest first: the first date seen is the last change
    if kept is not None:
        _keep_dates(kept[0], kept[1], found)
    return found


_GIT_DIRS: dict[Path, Path] = {}
# A folder found outside git, with the .git entries of it and its parents then: asked again only when they
# change (`git init`), not for every page of every preview build (a git process each).
_NOT_IN_GIT: dict[Path, tuple[Path, ...]] = {}


def _git_markers(root: Path) -> tuple[Path, ...]:
    return tuple(folder for folder in (root, *root.parents) if (folder / ".git").exists())


def _git_dir(root: Path) -> Path | None:
    """root's git directory (remembered once found; a folder outside git is asked again when a .git appears)."""
    if root not in _GIT_DIRS:
        if root in _NOT_IN_GIT and _NOT_IN_GIT[root] == _git_markers(root):
            return None
        found = _git(root, "rev-parse", "--absolute-git-dir")
        if not found:
            _NOT_IN_GIT[root] = _git_markers(root)
            return None
        _NOT_IN_GIT.pop(root, None)
        _GIT_DIRS[root] = Path(found.strip())
    return _GIT_DIRS[root]


def _head_key(root: Path) -> str | None:
    """What identifies the current commit, cheaply: every page asks, several times per build.

    HEAD's reflog changes with every commit, checkout or reset, so its size and time stand for the commit
    without running git; without a reflog, git is asked.
    """
    git_dir = _git_dir(root)
    if git_dir is None:
        return None
    log = git_dir / "logs" / "HEAD"
    if log.is_file():
        stat = log.stat()
        return f"reflog {stat.st_size} {stat.st_mtime_ns}"
    head = _git(root, "rev-parse", "HEAD")
    return head.strip() if head else None


def last_changed_dates(root: Path) -> dict[str, dt.date]:
    """Every committed file under root → the date it last changed (empty outside git)."""
    root = root.resolve()
    key = _head_key(root)
    return _dates(root, key) if key else {}


def last_changed(root: Path, path: Path | str) -> dt.date | None:
    """The date `path` (absolute, or relative to root) last changed in git, or None if unknown."""
    root = root.resolve()
    file = Path(path)
    file = file.resolve() if file.is_absolute() else (root / file).resolve()
    try:
        rel = file.relative_to(root).as_posix()
    except ValueError:
        return None
    return last_changed_dates(root).get(rel)
