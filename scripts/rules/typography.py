"""French typography: a non-breaking space before : ; ! ? and inside « » (content standards, "Translations").

An ordinary space there lets the browser break the line before the colon or the closing
guillemet, leaving it alone at the start of the next line; no space at all is simply wrong
in French. Before ':' the space is a non-breaking space (U+00A0); before ; ! ? and inside « »
a narrow one (U+202F) is also right.

Checked: the msgstr of French catalogs, and the prose of French pages (their body and their
title and description). Not checked: what is not prose — code, URLs and e-mail addresses, HTML
tags and comments, words marked as another language (`<span lang="en">…</span>`: an English
title cited in a French page), references (doi:…, 2021;32(6):2168), times and ratios
(10:30, 1:2), Markdown's own syntax (definition lists
`:   text`, admonitions `!!! note`, images `![`, attribute lists `{: .class }`, link
definitions `[id]: url`, table alignment rows), emoji shortcodes (`:warning:`) and templates.
Everything here is pure: text in, problems out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from scripts.config.problems import Problem

NBSP, NNBSP = "\u00a0", "\u202f"
FRENCH_LANGUAGES = ("fr",)  # languages (code or locale's language) that follow these rules

# Blanked out before checking (replaced by as many ordinary letters, so columns stay where they were).
_NOT_PROSE = [
    re.compile(r"`[^`\n]*`"),  # inline code
    # Words in another language, marked as such (a cited title: <span lang="en">…</span>).
    re.compile(r"<(\w+)\b[^>\n]*\blang=[\"']?(?!fr\b)[^>\n]*>.*?</\1>"),
    re.compile(r"<!--.*?-->"),  # an HTML comment on one line
    re.compile(r"<[a-zA-Z/!][^>\n]*>"),  # HTML tags and autolinks
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"),  # templates (macros)
    re.compile(r"\{[^}\n]*\}"),  # attribute lists { : .class }
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # a Markdown link's address (and title)
    re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+"),  # URLs
    re.compile(r"\b(?:mailto|tel|javascript|data):\S+"),
    re.compile(r"\S+@\S+\.\w+"),  # e-mail addresses
    re.compile(r":[a-z0-9_+-]+:"),  # emoji shortcodes
    re.compile(r"%\([a-z_]+\)[sd]|%[sd]"),  # catalog placeholders
    re.compile(r"\bdoi:\S+", re.I),  # references: doi:10.1097/…, 2021;32(6):2168-71
    re.compile(r"\b\d{4};\d+(?:\(\d+\))?:\d+"),
    re.compile(r"\d[:/]\d"),  # times and ratios: 10:30, 1:2
    # An editor's placeholder (`new-page` writes "TODO: …"): the placeholder rule reports it, in its own words.
    re.compile(r"\b(?:TODO|FIXME)\s*:"),
]
_LINE_SYNTAX = [
    re.compile(r"^\s*:\s{1,4}(?=\S)"),  # definition list
    re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s"),  # admonition, collapsible block
    re.compile(r"^\s*\[[^\]]+\]:\s"),  # link reference and footnote definitions
    re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$"),  # table alignment row
]
_MARKS = re.compile(r"[:;!?«»]")


def _blank(match: re.Match) -> str:
    return "x" * len(match.group(0))


def prose(line: str) -> str:
    """The line with everything that is not prose blanked out (same length)."""
    for pattern in _LINE_SYNTAX:
        line = pattern.sub(_blank, line)
    for pattern in _NOT_PROSE:
        line = pattern.sub(_blank, line)
    return line


def _name(mark: str) -> str:
    return {"«": "after '«'", "»": "before '»'"}.get(mark, f"before '{mark}'")


def _fix(mark: str) -> str:
    if mark == ":":
        return "fix: use a non-breaking space (U+00A0) before ':'"
    where = _name(mark)
    return f"fix: use a narrow non-breaking space (U+202F) or a non-breaking space (U+00A0) {where}"


def line_problems(line: str) -> list[tuple[int, str, str]]:
    """(column, what is wrong, how to fix it) for each mark in one line of French prose."""
    text = prose(line)
    found = []
    for match in _MARKS.finditer(text):
        mark, at = match.group(0), match.start()
        if line[at] != mark:  # blanked out
            continue
        if mark == "«":
            after = line[at + 1 : at + 2]
            if not after or after in (NBSP, NNBSP) or after == "\n":
                continue
            what = "ordinary space" if after in " \t" else "no space"
        else:
            before = line[at - 1 : at] if at else ""
            if not before or not line[:at].strip():
                continue  # at the start of a line: Markdown's, not a sentence's
            if before in (NBSP, NNBSP) and not (mark == ":" and before == NNBSP):
                continue
            if mark in "!?" and before in "!?":
                continue  # ?! and !!: the space goes before the first
            if mark == "!" and line[at + 1 : at + 2] == "[":
                continue  # a Markdown image
            if mark == ":" and before == ":":
                continue
            if before == NNBSP:
                what = "narrow non-breaking space"
            else:
                what = "ordinary space" if before in " \t" else "no space"
        context = line[max(0, at - 20) : at + 20].strip()
        found.append((at, f"French typography: {what} {_name(mark)} in “{context}”", _fix(mark)))
    return found


def _problems(path: str, numbered: Iterable[tuple[int, str]]) -> list[Problem]:
    problems = []
    for number, line in numbered:
        for _, what, fix in line_problems(line):
            problems.append(Problem(path, number, what, fix.removeprefix("fix: ")))
    return problems


def page_problems(path: str, text: str) -> list[Problem]:
    """A French page: its body's prose (outside code blocks) and its title and description."""
    lines = text.split("\n")
    numbered: list[tuple[int, str]] = []
    in_front_matter = bool(lines) and lines[0].strip() == "---"
    fence = None
    in_comment = False
    for number, line in enumerate(lines, start=1):
        if in_front_matter:
            if number > 1 and line.strip() == "---":
                in_front_matter = False
            else:
                key = re.match(r"(title|description):[ \t]*", line)
                if key:  # the value only: the key's own colon is YAML's
                    numbered.append((number, "x" * key.end() + line[key.end() :]))
            continue
        stripped = line.strip()
        opening = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                numbered.append((number, "x" * (line.index("-->") + 3) + line[line.index("-->") + 3 :]))
            continue
        if "<!--" in line and "-->" not in line[line.index("<!--") :]:
            in_comment = True
            line = line[: line.index("<!--")]
        numbered.append((number, line))
    return _problems(path, numbered)


_PO_STRING = re.compile(r'^\s*(?:msgstr(?:\[\d+\])?\s+)?(".*")\s*$')


def catalog_problems(path: str, text: str) -> list[Problem]:
    """A French .po file: every msgstr (a multi-line one as a whole), never the msgid."""
    problems: list[Problem] = []
    parts: list[tuple[int, str]] = []  # (line, text) of the msgstr being read

    def finish() -> None:
        joined, starts, at = "", [], 0
        for number, value in parts:
            starts.append((at, number))
            joined += value
            at += len(value)
        offset = 0
        for segment in joined.split("\n"):  # a line break in a message starts a new line of text
            for column, what, fix in line_problems(segment):
                number = next(n for start, n in reversed(starts) if start <= offset + column)
                problems.append(Problem(path, number, what, fix.removeprefix("fix: ")))
            offset += len(segment) + 1
        parts.clear()

    in_msgstr = False
    msgid: list[str] = []  # the lines of the msgid before the msgstr
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("msgid "):
            msgid = [line]
        elif line.startswith('"') and not in_msgstr:
            msgid.append(line)
        if line.startswith("msgstr"):
            finish()
            in_msgstr = msgid != ['msgid ""']  # not the header (Content-Type: …)
        elif not line.startswith('"'):
            finish()
            in_msgstr = False
        match = _PO_STRING.match(line) if in_msgstr else None
        if match is None:
            continue
        try:
            value = ast.literal_eval(match.group(1))
        except (ValueError, SyntaxError):
            continue  # the catalog rule reports a broken file
        if isinstance(value, str):
            parts.append((number, value))
    finish()
    return problems


def follows_french_rules(code: str, locale: str | None = None) -> bool:
    return code.split("_")[0] in FRENCH_LANGUAGES or (locale or "").split("_")[0] in FRENCH_LANGUAGES
