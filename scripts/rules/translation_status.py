"""Which version of the English page each translation translates.

A translated page records `translation_of: <id>` in its front matter, where the
id is `source_version()` of the English page it was translated from. The id
covers the English title, description and body, not the rest of the front matter
(sources, a page's own sign-off), so a change that changes no words does not flag
every translation. `english_changes()` shows, paragraph by paragraph, what changed
in the English since the version a translation records
(`python -m scripts.site translations diff LANG PAGE`).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import hashlib
import subprocess
from pathlib import Path

import yaml

from scripts.config.editor_files import read_text
from scripts.config.project_config import SOURCE_LANGUAGE
from scripts.rules.content_rules import load_yaml, split_front_matter


class Status(str, enum.Enum):
    UP_TO_DATE = "up to date"
    OUT_OF_DATE = "out of date"
    MISSING = "missing"
    UNMARKED = "no translation_of"
    UNKNOWN_VERSION = "unknown English version"


@dataclasses.dataclass(frozen=True)
class PageStatus:
    lang: str
    page: str
    status: Status
    recorded: str | None = None
    current: str | None = None


def _meta(yaml_text: str | None) -> dict:
    """Front matter as a dict; broken YAML counts as none (the front-matter rule reports it)."""
    try:
        meta = (load_yaml(yaml_text) if yaml_text else None) or {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def source_version(text: str) -> str:
    """The 12-character id of an English page's words (title, description, body)."""
    yaml_text, body, _ = split_front_matter(text)
    meta = _meta(yaml_text)
    key = "\n".join([str(meta.get("title", "")), str(meta.get("description", "")), body.strip()])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def _history(root: Path, rel_path: str):
    """(commit, date, text) of every committed version of a file, newest first (nothing outside git)."""
    log = _git(root, "log", "--format=%H %cs", "--", rel_path)
    for row in (log or "").splitlines():
        commit, date = row.split(" ", 1)
        shown = _git(root, "show", f"{commit}:{rel_path}")
        if shown is not None:
            yield commit, date, shown


def _historic_versions(root: Path, rel_path: str) -> set[str]:
    """Ids of every committed version of an English page (empty outside a git checkout)."""
    return {source_version(text) for _, _, text in _history(root, rel_path)}


def historic_version(root: Path, rel_path: str, version: str) -> tuple[str, str, str] | None:
    """(commit, date, text) of the newest committed version of a page whose id is `version`, or None."""
    return next(((c, d, t) for c, d, t in _history(root, rel_path) if source_version(t) == version), None)


def recorded_version(text: str) -> str | None:
    yaml_text, _, _ = split_front_matter(text)
    value = _meta(yaml_text).get("translation_of")
    return str(value) if value else None


def page_status(root: Path, lang: str, page: str) -> PageStatus:
    """Status of `docs/<lang>/<page>` against `docs/en/<page>` (EditorFileError if one is unreadable)."""
    english = root / "docs" / SOURCE_LANGUAGE / page
    translated = root / "docs" / lang / page
    current = source_version(read_text(english, root, fix_missing="", allow_empty=True))
    if not translated.is_file():
        return PageStatus(lang, page, Status.MISSING, None, current)
    recorded = recorded_version(read_text(translated, root, fix_missing="", allow_empty=True))
    if recorded is None:
        return PageStatus(lang, page, Status.UNMARKED, None, current)
    if recorded == current:
        return PageStatus(lang, page, Status.UP_TO_DATE, recorded, current)
    rel = english.relative_to(root).as_posix()
    if recorded in _historic_versions(root, rel):
        return PageStatus(lang, page, Status.OUT_OF_DATE, recorded, current)
    return PageStatus(lang, page, Status.UNKNOWN_VERSION, recorded, current)


def english_pages(root: Path) -> list[str]:
    base = root / "docs" / SOURCE_LANGUAGE
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


def language_status(root: Path, lang: str) -> list[PageStatus]:
    return [page_status(root, lang, page) for page in english_pages(root)]


# --- What changed in the English since a translation was brought up to date -------------------------


@dataclasses.dataclass(frozen=True)
class Block:
    """One paragraph of a page's words: its title, its description, or a block of its body."""

    label: str  # "title", "description" or the line of the body where it starts: "line 12"
    text: str


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    old: Block | None
    new: Block | None


def blocks(text: str) -> list[Block]:
    """A page's words as paragraphs: title, description, then the body split at blank lines (a fenced
    code block stays whole)."""
    yaml_text, body, body_line = split_front_matter(text)
    meta = _meta(yaml_text)
    found = [Block("title", str(meta.get("title", ""))), Block("description", str(meta.get("description", "")))]
    current: list[str] = []
    start, fence = 0, None
    for number, line in enumerate(body.split("\n"), start=body_line):
        stripped = line.strip()
        if fence is not None:  # inside a fenced code block, up to its closing fence
            current.append(line.rstrip())
            fence = None if stripped.startswith(fence) else fence
            continue
        if not stripped:
            if current:
                found.append(Block(f"line {start}", "\n".join(current)))
            current = []
            continue
        if not current:
            start = number
        current.append(line.rstrip())
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
    if current:
        found.append(Block(f"line {start}", "\n".join(current)))
    return found


def diff_blocks(old: list[Block], new: list[Block]) -> list[Change]:
    """Paragraphs added, removed or changed from `old` to `new` (difflib, paragraph by paragraph)."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(a2 - a1, b2 - b1) if tag == "replace" else 0
        changes += [Change("changed", old[a1 + i], new[b1 + i]) for i in range(pairs)]
        changes += [Change("removed", item, None) for item in old[a1 + pairs : a2]]
        changes += [Change("added", None, item) for item in new[b1 + pairs : b2]]
    return changes


def word_diff(old: str, new: str) -> str:
    """One line showing what changed inside a paragraph: [-removed words-]{+added words+}."""
    a, b = old.split(), new.split()
    out = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += a[a1:a2]
            continue
        if a2 > a1:
            out.append("[-" + " ".join(a[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(b[b1:b2]) + "+}")
    return " ".join(out)


class DiffError(Exception):
    """Why there is nothing to compare: one line for the translator."""


def english_changes(root: Path, lang: str, page: str) -> tuple[str, str, str, list[Change]]:
    """(recorded id, commit, date, changes) of docs/en/<page> since the version docs/<lang>/<page> translates."""
    if ".." in Path(page).parts or Path(page).is_absolute() or not lang or "/" in lang or lang.startswith("."):
        raise DiffError(f"'{lang} {page}' is not a language and a page of docs/ — e.g. `fr some-page.md`")
    english = root / "docs" / SOURCE_LANGUAGE / page
    translated = root / "docs" / lang / page
    for path in (english, translated):
        if not path.is_file():
            raise DiffError(f"{path.relative_to(root).as_posix()} does not exist — check the language and page name")
    rel = english.relative_to(root).as_posix()
    current = read_text(english, root, fix_missing="", allow_empty=True)
    recorded = recorded_version(read_text(translated, root, fix_missing="", allow_empty=True))
    where = translated.relative_to(root).as_posix()
    if recorded is None:
        raise DiffError(
            f"{where} has no translation_of, so there is no English version to compare with — after translating, "
            f"run `python -m scripts.site translations mark {lang} {page}`"
        )
    if recorded == source_version(current):
        return recorded, "", "", []  # up to date: nothing to compare
    if _git(root, "rev-parse", "--git-dir") is None:
        raise DiffError(f"{where}: the English versions are in git, and this is not a git checkout — run it in one")
    found = historic_version(root, rel, recorded)
    if found is None:
        raise DiffError(
            f"{where}: translation_of {recorded} is no committed version of {rel} — set it to the version "
            f"you translated (`python -m scripts.site translations status`)"
        )
    commit, date, text = found
    return recorded, commit, date, diff_blocks(blocks(text), blocks(current))
