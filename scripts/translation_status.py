"""Which version of the English page each translation translates.

A translated page records `translation_of: <id>` in its front matter, where the
id is `source_version()` of the English page it was translated from. The id
covers the English title, description and body, not the review dates, so a
review that changes no words does not flag every translation.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import subprocess
from pathlib import Path

import yaml

from scripts.content_rules import load_yaml, split_front_matter
from scripts.editor_files import read_text
from scripts.project_config import SOURCE_LANGUAGE


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


def _historic_versions(root: Path, rel_path: str) -> set[str]:
    """Ids of every committed version of an English page (empty outside a git checkout)."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=%H", "--", rel_path], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return set()
    versions = set()
    for commit in log:
        shown = subprocess.run(
            ["git", "show", f"{commit}:{rel_path}"],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        if shown.returncode == 0:
            versions.add(source_version(shown.stdout))
    return versions


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
