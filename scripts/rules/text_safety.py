"""Invisible characters in what editors write: pages, front matter, glossaries, search words, data files,
catalogs and the settings in mkdocs*.yml.

Characters that change the direction of the text around them (U+202A–202E, U+2066–2069) can make a line
read differently from what a reviewer saw ("take 2 tablets" shown, "take 20" meant), and zero-width ones
(U+200B, U+2060, U+FEFF) hide inside words, so that search, the glossary and the spelling check miss them.
The site sets the direction of right-to-left text itself (scripts/renderers/bidi.py), so none of them is needed.
Right-to-left languages keep what their writing uses: the direction marks (U+200E LRM, U+200F RLM,
U+061C ALM) and the joiners that control how letters connect (U+200C ZWNJ, U+200D ZWJ). (None of the
shipped files needs even these.)

Pure: `character_problems` over a text; `file_problems` reads the file through scripts/config/editor_files.py.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from scripts.config.editor_files import EditorFileError, read_text
from scripts.config.problems import Problem

# Refused in every language: embeddings, overrides and isolates, zero-width spaces, word joiner, BOM in text.
ALWAYS_REFUSED = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
# What right-to-left writing uses: direction marks and the joiners of connected scripts.
RTL_ONLY = "\u200e\u200f\u061c\u200c\u200d"
_ALWAYS = re.compile(f"[{ALWAYS_REFUSED}]")
_ANY = re.compile(f"[{ALWAYS_REFUSED}{RTL_ONLY}]")


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'invisible character')}"


def character_problems(path: str, text: str, *, rtl: bool = False) -> list[Problem]:
    """One problem per line holding a character refused in this language (`rtl`: right to left)."""
    pattern = _ALWAYS if rtl else _ANY
    if not pattern.search(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = dict.fromkeys(pattern.findall(line))
        if not found:
            continue
        names = ", ".join(_name(char) for char in found)
        if all(char in RTL_ONLY for char in found):
            message = f"invisible character(s) {names}: only right-to-left languages use them"
        else:
            message = f"invisible character(s) {names}: they can hide text or change the order it reads in"
        problems.append(
            Problem(path, number, message, "delete them (retype the line if your editor does not show them)")
        )
    return problems


def file_problems(path: Path, root: Path, *, rtl: bool = False) -> list[Problem]:
    """`character_problems` of a file; a missing or unreadable file is reported by the rule that reads it."""
    try:
        text = read_text(path, root, fix_missing="", allow_empty=True)
    except EditorFileError:
        return []
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return character_problems(rel, text, rtl=rtl)
