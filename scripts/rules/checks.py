"""The content rules for editors' pages, each a pure function over a page's text (tested one by one).

Front matter and unsafe HTML are scripts/rules/content_rules.py's; here: review dates, TODO placeholders,
readability and sentence length (textstat), promotional or forbidden wording
(scripts/wordlists/forbidden.<lang>.txt) and English spelling (codespell, with
scripts/wordlists/codespell-ignore.txt). Every problem names `path:line: what is wrong — how to fix it`.
The registry (scripts/rules/registry.py) runs them; `make check` (scripts/cli/check_command.py) prints them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import cast

from scripts.config.editor_files import EditorFileError, read_text
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.rules.content_rules import split_front_matter
from scripts.rules.readability import ReadabilityRule, as_sentences, load_rules, reader_units, score  # noqa: F401
from scripts.rules.signoff import REVIEW_MONTHS, Review, next_review_due

WORDLIST_DIR = Path(__file__).resolve().parents[1] / "wordlists"
CODESPELL_IGNORE = WORDLIST_DIR / "codespell-ignore.txt"
STANDARDS = "content standards, 'Plain language'"

# --- Readability ------------------------------------------------------------
# Each language's formula, target and "never worse than" line are configuration:
# its `readability:` entry in mkdocs.yml extra.alternate (scripts/rules/readability.py),
# copied from the content standards (shared/content-standards.md, "Plain language").
# Worse than the target is a warning (rework the text); worse than the line is an error.
# The figure is taken on the page as readers get it: its rendered HTML (scripts/renderers/rendered_pages.py), macros
# expanded, read unit by unit (scripts/rules/readability.py reader_units); the Markdown is the fallback only where
# the page cannot be rendered, and the table says which.

READABILITY, READABILITY_PROBLEMS = load_rules(ROOT)
# Content standards: "Sentences of 20 words or fewer". Longer than this is flagged.
SENTENCE_WORDS_TARGET = 20
SENTENCE_WORDS_MAX = 25
# Formulas mean little on a few words (the glossary page is mostly a macro).
MIN_WORDS_TO_SCORE = 40


def readability_score(lang: str, text: str, rules: dict | None = None) -> float | None:
    """The language's formula on plain text, or None when the language has no rule."""
    rule = (READABILITY if rules is None else rules).get(lang)
    return None if rule is None else score(rule, lang, text)


# --- Turning a Markdown page into the text a reader reads --------------------

_MULTILINE_DROP = (
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"\{\{.*?\}\}", re.S),  # macro calls {{ … }}
    re.compile(r"\{%.*?%\}", re.S),  # macro blocks {% … %}
    re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.S | re.M),  # fenced code
)
_SKIP_LINE = re.compile(r"^\s*(\*\[[^\]]*\]:|\[[^\]]+\]:\s|\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"([^\"]*)\")?\s*$")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the words
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<https?://[^>]*>"), ""),  # autolinks
    (re.compile(r"<[^>]+>"), " "),  # HTML tags
    (re.compile(r"\{[:#.][^}]*\}|\{\s+[.#][^}]*\}"), ""),  # attribute lists { .class }
    (re.compile(r"https?://\S+"), ""),  # bare addresses
    (re.compile(r"`+"), ""),  # code marks
    (re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)"), ""),  # emphasis marks
    (re.compile(r"^\s*>\s?"), ""),  # quotes
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”)\]]*[\s\u00a0\u202f]+(?=\S)")
_WORD = re.compile(r"\w[\w'’-]*")


@dataclasses.dataclass(frozen=True)
class Unit:
    """A paragraph, heading, list item or table cell, and the line each piece of it came from."""

    text: str
    lines: tuple  # ((offset in text, source line number), …)

    def line_at(self, offset: int) -> int:
        line = self.lines[0][1]
        for start, number in self.lines:
            if start <= offset:
                line = number
        return line


def _blank_keep_lines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def _inline(line: str) -> str:
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return " ".join(html.unescape(line).split())


def prose_units(text: str) -> list[Unit]:
    """What a reader reads, unit by unit: no front matter, macros, Markdown syntax or HTML."""
    yaml_text, _, body_line = split_front_matter(text)
    lines = text.split("\n")
    if yaml_text is not None:
        lines[: body_line - 1] = [""] * (body_line - 1)
    text = "\n".join(lines)
    for pattern in _MULTILINE_DROP:
        text = pattern.sub(_blank_keep_lines, text)
    units: list[Unit] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            parts, offsets, pos = [], [], 0
            for number, words in current:
                offsets.append((pos, number))
                parts.append(words)
                pos += len(words) + 1
            joined = " ".join(parts)
            if _WORD.search(joined):
                units.append(Unit(joined, tuple(offsets)))
            current.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip() or _SKIP_LINE.match(raw):
            flush()
            continue
        admonition = _ADMONITION.match(raw)
        if admonition:
            flush()
            if admonition.group(1):
                current.append((number, _inline(admonition.group(1))))
                flush()
            continue
        if _HEADING.match(raw):
            flush()
            current.append((number, _inline(_HEADING.sub("", raw).rstrip("# "))))
            flush()
            continue
        if raw.lstrip().startswith("|") or (raw.count("|") >= 2 and not _LIST_ITEM.match(raw)):
            flush()
            for cell in raw.strip().strip("|").split("|"):
                current.append((number, _inline(cell)))
                flush()
            continue
        if _LIST_ITEM.match(raw):
            flush()
            raw = _LIST_ITEM.sub("", raw, count=1)
        words = _inline(raw)
        if words:
            current.append((number, words))
    flush()
    return units


def plain_text(units: list[Unit]) -> str:
    """The units as sentences: a heading, list item or cell without a full stop ends one."""
    sentences = []
    for unit in units:
        words = unit.text.rstrip(" :;,—–-\u00a0\u202f")
        sentences.append(words if words.endswith((".", "!", "?", "…")) else words + ".")
    return " ".join(sentences)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentences(units: list[Unit]) -> list[tuple[int, str]]:
    """(source line, sentence) for every sentence of the page."""
    found = []
    for unit in units:
        start = 0
        for match in _SENTENCE_END.finditer(unit.text):
            found.append((unit.line_at(start), unit.text[start : match.start()].strip()))
            start = match.end()
        if unit.text[start:].strip():
            found.append((unit.line_at(start), unit.text[start:].strip()))
    return found


def check_sentence_length(path: str, text: str, *, max_words: int = SENTENCE_WORDS_MAX) -> list[Problem]:
    """Sentences longer than `max_words` words (a warning: content standards say 20 or fewer)."""
    problems = []
    for line, sentence in sentences(prose_units(text)):
        count = word_count(sentence)
        if count > max_words:
            start = " ".join(sentence.split()[:6])
            problems.append(
                Problem(
                    path,
                    line,
                    f'sentence of {count} words (over {max_words}): "{start} …"',
                    f"split it; aim for {SENTENCE_WORDS_TARGET} words or fewer ({STANDARDS})",
                )
            )
    return problems


@dataclasses.dataclass(frozen=True)
class ReadabilityRow:
    lang: str
    path: str
    formula: str
    score: float | None
    target: str
    limit: str
    words: int
    sentences: int
    long_sentences: int
    status: str  # ok · over target · FAIL · too short · no formula
    measured_on: str = "page"  # page: the rendered page; source: its Markdown (the page could not be rendered)


def check_readability(
    path: str, lang: str, page: str, text: str, rules: dict | None = None, *, html: str | None = None
) -> tuple[ReadabilityRow, list[Problem], list[Problem]]:
    """(table row, errors, warnings) for one page's readability in its language.

    `text` is the page's Markdown, `html` the page as rendered (scripts/renderers/rendered_pages.py). The score,
    words and sentences are the rendered page's when it is given: what a reader reads, care cards,
    timeline and checklists included. The Markdown gives the lines named in the advice.
    """
    units = prose_units(text)
    source_lengths = sorted(((word_count(s), line) for line, s in sentences(units)), reverse=True)
    if html is None:
        measured_on, plain, found = "source", plain_text(units), sentences(units)
    else:
        read = reader_units(html)
        measured_on, plain = "page", as_sentences(read)
        found = sentences([Unit(unit, ((0, 0),)) for unit in read])
    lengths = sorted(((word_count(s), line) for line, s in found), reverse=True)
    words = word_count(plain)
    long_count = sum(1 for count, _ in lengths if count > SENTENCE_WORDS_MAX)
    rules = READABILITY if rules is None else rules
    rule = rules.get(lang)
    _, _, body_line = split_front_matter(text)
    first_line = units[0].lines[0][1] if units else body_line
    if rule is None:
        row = ReadabilityRow(lang, path, "—", None, "—", "—", words, len(found), long_count, "no formula", measured_on)
        return row, [], []  # run_checks warns once for the language
    target, limit = rule.target_for(page), rule.limit
    if words < MIN_WORDS_TO_SCORE:
        row = ReadabilityRow(
            lang,
            path,
            rule.formula,
            None,
            rule.describe(target),
            rule.describe(limit),
            words,
            len(found),
            long_count,
            "too short",
            measured_on,
        )
        return row, [], []
    score = round(cast(float, readability_score(lang, plain, rules)), 1)  # the language has a rule: a score
    hardest = ", ".join(str(line) for _, line in sorted(source_lengths[:3], key=lambda item: item[1]))
    fix = (
        f"use shorter sentences and everyday words (longest sentences: lines {hardest}); "
        f"put the medical word in brackets after the plain one"
    )
    errors, warnings = [], []
    if rule.worse(score, limit):
        status = "FAIL"
        errors.append(
            Problem(
                path,
                first_line,
                f"hard to read: {rule.formula} {score:g}, worse than the limit {rule.describe(limit)} "
                f"(target {rule.describe(target)}, {STANDARDS})",
                fix,
            )
        )
    elif rule.worse(score, target):
        status = "over target"
        warnings.append(
            Problem(
                path,
                first_line,
                f"readability {rule.formula} {score:g} misses the target {rule.describe(target)} ({STANDARDS})",
                fix,
            )
        )
    else:
        status = "ok"
    row = ReadabilityRow(
        lang,
        path,
        rule.formula,
        score,
        rule.describe(target),
        rule.describe(limit),
        words,
        len(found),
        long_count,
        status,
        measured_on,
    )
    return row, errors, warnings


# --- Promotional and forbidden wording ----------------------------------------

_GAP = r"[\s\u00a0\u202f-]*"


@dataclasses.dataclass(frozen=True)
class WordEntry:
    phrase: str
    hint: str
    pattern: re.Pattern


@dataclasses.dataclass(frozen=True)
class WordList:
    path: str  # as shown in messages, e.g. scripts/wordlists/forbidden.fr.txt
    forbidden: tuple  # WordEntry, …
    allowed: tuple  # WordEntry, … (honest phrases that contain a forbidden word)


def _normalise(text: str) -> str:
    """Same length as the input: curly apostrophes become straight ones."""
    return text.replace("’", "'").replace("ʼ", "'")


def phrase_pattern(phrase: str) -> re.Pattern:
    """Whole words, any case, any spacing (or a hyphen, or none) between the words."""
    tokens = [re.escape(token) for token in _normalise(phrase).split()]
    return re.compile(r"(?<!\w)" + _GAP.join(tokens) + r"(?!\w)", re.I)


def parse_word_list(text: str, path: str) -> tuple[WordList, list[Problem]]:
    """Lines: `phrase`, `phrase | what to write instead`, `! allowed phrase`, `# comment`."""
    forbidden: list[WordEntry] = []
    allowed: list[WordEntry] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        is_allowed = line.startswith("!")
        phrase, _, hint = line.lstrip("!").partition("|")
        phrase, hint = " ".join(phrase.split()), hint.strip()
        if not phrase:
            problems.append(Problem(path, number, "empty entry", "write a word or phrase, or delete the line"))
            continue
        entry = WordEntry(phrase, hint, phrase_pattern(phrase))
        (allowed if is_allowed else forbidden).append(entry)
    return WordList(path, tuple(forbidden), tuple(allowed)), problems


def load_word_list(lang: str, root: Path = ROOT) -> tuple[WordList | None, list[Problem]]:
    path = root / "scripts" / "wordlists" / f"forbidden.{lang}.txt"
    rel = path.relative_to(root).as_posix()
    if not path.is_file():
        return None, [
            Problem(
                rel,
                1,
                f"no forbidden-wording list for language '{lang}'",
                "copy scripts/wordlists/forbidden.en.txt to this name and translate every entry",
            )
        ]
    try:
        text = read_text(path, root, fix_missing="restore it from git", allow_empty=True)
    except EditorFileError as exc:
        return None, [exc.problem]
    word_list, problems = parse_word_list(text, rel)
    if not word_list.forbidden:
        problems.append(
            Problem(
                rel,
                1,
                "the forbidden-wording list is empty",
                "add this language's words for: best, painless, miracle, guaranteed, permanent, "
                "no downtime, 100 %, prices and offers (see forbidden.en.txt)",
            )
        )
    return word_list, problems


def _checked_lines(text: str) -> list[tuple[int, str]]:
    """Lines a patient sees: the body, plus title and description from the front matter."""
    yaml_text, _, body_line = split_front_matter(text)
    text = _MULTILINE_DROP[0].sub(_blank_keep_lines, text)  # HTML comments: nobody reads them
    lines = text.split("\n")
    checked = []
    for number, line in enumerate(lines, start=1):
        if yaml_text is not None and number < body_line:
            if re.match(r"(title|description):", line):
                checked.append((number, line.split(":", 1)[1]))
            continue
        checked.append((number, line))
    return checked


def find_wording(path: str, lines: list[tuple[int, str]], word_list: WordList) -> list[Problem]:
    problems = []
    for number, line in lines:
        line = _normalise(line)
        spared = [m.span() for entry in word_list.allowed for m in entry.pattern.finditer(line)]
        reported: list[tuple[int, int]] = []
        # Longest phrases first: "special offer" is reported once, not also as "offer".
        for entry in sorted(word_list.forbidden, key=lambda e: -len(e.phrase)):
            for match in entry.pattern.finditer(line):
                if any(start <= match.start() and match.end() <= end for start, end in spared):
                    continue
                if any(match.start() < end and start < match.end() for start, end in reported):
                    continue
                reported.append(match.span())
                fix = entry.hint or "remove it or say it plainly, without promising or selling"
                problems.append(
                    Problem(
                        path,
                        number,
                        f'promotional or forbidden wording "{match.group(0)}" '
                        f'(listed as "{entry.phrase}" in {word_list.path})',
                        fix,
                    )
                )
    return sorted(problems, key=lambda p: p.line)


def check_wording(path: str, text: str, word_list: WordList) -> list[Problem]:
    """Every listed word or phrase in what a patient reads, with file, line and word."""
    return find_wording(path, _checked_lines(text), word_list)


# --- Review dates and placeholders ---------------------------------------------


def _front_matter_line(text: str, field: str) -> int:
    yaml_text, _, _ = split_front_matter(text)
    return next((n for n, row in enumerate((yaml_text or "").splitlines(), start=2) if row.startswith(f"{field}:")), 1)


def check_review_date(path: str, text: str, review: Review, today: dt.date) -> list[Problem]:
    """A page whose named clinical review is more than REVIEW_MONTHS old (the caller decides: warning or error)."""
    if not review.done:
        return []  # nobody has reviewed it: the sign-off rules say so
    reviewed = cast(dt.date, review.date)
    due = next_review_due(reviewed)
    if due >= today:
        return []
    return [
        Problem(
            path,
            _front_matter_line(text, "clinical_review"),
            f"review overdue: the next review was due on {due.isoformat()}, {REVIEW_MONTHS} months after the "
            f"clinical review of {reviewed.isoformat()} (today is {today.isoformat()})",
            "have the page reviewed again, then set the new date in clinical_review (mkdocs.yml "
            "extra.clinic.signoff, or this page's front matter)",
        )
    ]


def check_future_review(path: str, text: str, meta: dict, today: dt.date) -> list[Problem]:
    """A page's own review date (clinical_review, translation_review) that has not happened yet."""
    problems = []
    for field in ("clinical_review", "translation_review"):
        block = meta.get(field)
        done = block.get("date") if isinstance(block, dict) else None
        if isinstance(done, dt.date) and not isinstance(done, dt.datetime) and done > today:
            problems.append(
                Problem(
                    path,
                    _front_matter_line(text, field),
                    f"{field} date {done.isoformat()} is in the future (today is {today.isoformat()})",
                    "write the date the review actually took place",
                )
            )
    return problems


PLACEHOLDER_RE = re.compile(r"\b(TODO|FIXME)\b")


def check_placeholders(path: str, text: str) -> list[Problem]:
    """TODO / FIXME left in a page (new pages start with some: `new-page` writes them)."""
    return [
        Problem(
            path,
            number,
            f"placeholder {match.group(1)} left in the page",
            "write the missing text (or source), then delete the TODO",
        )
        for number, line in enumerate(text.split("\n"), start=1)
        for match in [PLACEHOLDER_RE.search(line)]
        if match
    ]


# --- Spelling (English) ------------------------------------------------------------

CODESPELL_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>.+?) ==> (?P<fix>.+)$")


def read_ignore_words(path: Path) -> list[str]:
    """The project word list: one word a line, '#' starts a comment."""
    if not path.is_file():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def check_spelling(files: list[Path], root: Path = ROOT, ignore_file: Path | None = None) -> list[Problem]:
    """Common misspellings found by codespell, with the project's word list."""
    if not files:
        return []
    ignore_file = ignore_file or root / "scripts" / "wordlists" / "codespell-ignore.txt"
    rel_ignore = ignore_file.relative_to(root).as_posix() if ignore_file.is_relative_to(root) else str(ignore_file)
    try:
        from codespell_lib import main as codespell_main
    except ImportError:
        return [
            Problem(
                rel_ignore,
                1,
                "codespell is not installed, so spelling was not checked",
                "run `make check` (it installs requirements.lock), or `pip install codespell`",
            )
        ]
    args = ["--builtin", "clear,rare", "--check-filenames"]
    words = read_ignore_words(ignore_file)
    if words:
        args += ["--ignore-words-list", ",".join(words)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        codespell_main(*args, *[str(f) for f in files])
    problems = []
    for line in out.getvalue().splitlines():
        match = CODESPELL_LINE.match(line.strip())
        if not match:
            continue
        path = Path(match.group("path"))
        rel = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else str(path)
        word, fix = match.group("word"), match.group("fix").split("|", 1)[0].strip().rstrip(",")
        problems.append(
            Problem(
                rel,
                int(match.group("line")),
                f'spelling: "{word}"',
                f'write "{fix}"; if "{word}" is right, add it to {rel_ignore}',
            )
        )
    return problems
