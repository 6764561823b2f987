"""Everyday words for search: glossary/search-words.<lang>.yml, the words patients type for what the pages say.

    - patient: pregnancy          # what a patient may type (a word or a few words)
      pages: [pregnant]           # words or phrases written on the pages of that language
    - patient: sun
      pages: [avoid]
      headings: [after your session]   # optional: the title or heading of the part that answers it
    - patient: "#"                # any number typed that no page writes ("65": an age)
      pages: [adults]
    - patient: "im #"             # a number typed after these words, followed by small words only, whatever the
      pages: [adults]             # pages write ("im 30 can i have it": an age, though a session lasts 30 minutes)

`headings` is what the word asks about, where the pages answer it: a page whose title or a heading has all the
words of one of them ranks as if that title answered the word, above a page that merely has the word in its text
("sun" on a page on what ages the skin, as a cause; what to do in the sun on the page on care after a session).

Read through scripts/config/editor_files.py (no traceback on a bad file), checked by the rules registry
(scripts/rules/registry.py, rule "search-words": every word of `pages` must be a word of docs/<lang>/, every phrase
of `headings` must be in a title or heading of one page), and compiled
into the search index's config ("everyday_words") by scripts/postprocess/pages.py for the search worker
(overrides/assets/javascripts/workers/search-patient.js). A language without the file has no everyday words.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from scripts.config import editor_files
from scripts.config.editor_files import EditorFileError, parse_yaml, problems_of, read_text, setting_lines
from scripts.config.problems import Problem

_LETTER = r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670])"  # with accents and Arabic tashkeel
WORD_RE = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*", re.U)
ANY_NUMBER = "#"  # the patient words of the entry a number no page writes is read as
FIX_FORMAT = (
    "write each entry as '- patient: word' then '  pages: [word on the pages]' "
    "(and, if a heading answers it, '  headings: [words of the heading]')"
)
HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
TITLE_RE = re.compile(r"^title:\s*(.+?)\s*$")


# As search-patient.js's fold: an Arabic letter held down ("كتييير") is one, a final hamza after three letters
# is dropped ("دواء" as "دوا").
HELD_LETTER_RE = re.compile(r"([\u0621-\u064a])\1{2,}")
FINAL_HAMZA_RE = re.compile(r"^(.{3,})\u0621$", re.S)
# Arabic-Indic and Persian digits, as an Arabic keyboard types them, are the pages' digits.
EASTERN_DIGITS = {code + n: str(n) for code in (0x0660, 0x06F0) for n in range(10)}


def words_file(root: Path, lang: str) -> Path:
    return root / "glossary" / f"search-words.{lang}.yml"


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as search compares it (search-patient.js's fold): lower case, without accents or tashkeel,
    one alef, ى as ي and ة as ه, a letter held down once, no final hamza after three letters, Western digits."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    folded = (
        bare.replace("\u0671", "\u0627")
        .replace("\u0649", "\u064a")
        .replace("\u0629", "\u0647")
        .replace("œ", "oe")
        .replace("æ", "ae")
        .replace("’", "'")
    )
    return FINAL_HAMZA_RE.sub(r"\1", HELD_LETTER_RE.sub(r"\1", folded)).translate(EASTERN_DIGITS)


def words(text: str) -> list[str]:
    """Lower-case words of a text (an elided article stays attached, as search indexes it)."""
    return [w.lower() for w in WORD_RE.findall(unicodedata.normalize("NFC", text))]


def patient_words(text: str) -> list[str]:
    """An entry's patient words, with ANY_NUMBER kept where it is written ("im #": a number typed after "im")."""
    return [w for token in text.split() for w in ([ANY_NUMBER] if token == ANY_NUMBER else words(token))]


def page_texts(root: Path, lang: str) -> list[str]:
    """The text of every page of docs/<lang>/ that can be read (the others are reported by the page rules)."""
    return editor_files.page_texts(root / "docs" / lang, root)


def site_words(root: Path, lang: str, texts: Iterable[str] | None = None) -> set[str]:
    """Every word written in docs/<lang>/ (or in `texts`, its pages as the caller read them), folded, with the
    part after an elision (l’anesthésie → anesthésie)."""
    found: set[str] = set()
    for text in page_texts(root, lang) if texts is None else texts:
        found |= _text_words(text)
    return found


# A page's words depend on its text alone: `make serve` reads again only the pages saved since its last build.
@functools.lru_cache(maxsize=4096)
def _text_words(text: str) -> frozenset[str]:
    found: set[str] = set()
    for word in words(text):
        found.add(fold(word))
        found.add(fold(re.split(r"['’]", word)[-1]))
    return frozenset(found)


def site_headings(root: Path, lang: str, texts: Iterable[str] | None = None) -> list[frozenset[str]]:
    """The folded words of each title (front matter) and heading (Markdown '#' lines) of docs/<lang>/ (or of
    `texts`)."""
    found: list[frozenset[str]] = []
    for text in page_texts(root, lang) if texts is None else texts:
        found.extend(_text_headings(text))
    return found


@functools.lru_cache(maxsize=4096)
def _text_headings(text: str) -> tuple[frozenset[str], ...]:
    found = []
    for line in text.splitlines():
        match = HEADING_RE.match(line) or TITLE_RE.match(line)
        if match:
            found.append(_text_words(match.group(1).strip("\"'")))
    return tuple(found)


class Entry(NamedTuple):
    """One entry: the patient's words, the page words and phrases, the headings that answer it, and the lines
    of the entry, of its `pages` and of its `headings`."""

    patient: str
    pages: list[str]
    line: int
    headings: list[str] = []
    headings_line: int = 0


def load(root: Path, lang: str) -> tuple[list[Entry], list[Problem]]:
    """Each entry, and the problems of the file."""
    path = words_file(root, lang)
    if not path.is_file():
        return [], []
    rel = f"glossary/search-words.{lang}.yml"
    try:
        text = read_text(path, root, fix_missing=f"delete {rel} or add an entry", allow_empty=True)
    except EditorFileError as exc:
        return [], problems_of(exc)
    entries, found = _entries(rel, text)
    return list(entries), list(found)


# By the file's text: the preview judges the file on every save and puts it in the search index again.
@functools.lru_cache(maxsize=16)
def _entries(rel: str, text: str) -> tuple[tuple[Entry, ...], tuple[Problem, ...]]:
    try:
        data = parse_yaml(text, rel)
    except EditorFileError as exc:
        return (), tuple(problems_of(exc))
    lines = setting_lines(text)
    if data is None:
        return (), ()
    if not isinstance(data, list):
        return (), (Problem(rel, 1, "expected a list of entries", FIX_FORMAT),)
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line = lines.get(f"[{index}]", 1)
        if not isinstance(item, dict) or set(item) - {"patient", "pages", "headings"}:
            problems.append(Problem(rel, line, "an entry other than 'patient:' and 'pages:'", FIX_FORMAT))
            continue
        patient, pages = item.get("patient"), item.get("pages")
        if isinstance(pages, str):
            pages = [pages]
        if not isinstance(patient, str) or not patient_words(patient):
            problems.append(Problem(rel, line, "'patient' is empty", "write the word a patient types"))
            continue
        if not isinstance(pages, list) or not pages or not all(isinstance(p, str) and words(p) for p in pages):
            problems.append(
                Problem(
                    rel,
                    lines.get(f"[{index}].pages", line),
                    f"'{patient}': 'pages' is empty",
                    "list the words the pages use for it: pages: [word, other word]",
                )
            )
            continue
        headings = item.get("headings", [])
        if isinstance(headings, str):
            headings = [headings]
        if not isinstance(headings, list) or not all(isinstance(h, str) and words(h) for h in headings):
            problems.append(
                Problem(
                    rel,
                    lines.get(f"[{index}].headings", line),
                    f"'{patient}': 'headings' is not a list of headings",
                    "list the words of the titles or headings that answer it: headings: [words of a heading]",
                )
            )
            continue
        key = " ".join(patient_words(patient))
        if key in seen:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"'{patient}' is already an entry (line {seen[key]})",
                    "keep one entry and list all its page words there",
                )
            )
            continue
        seen[key] = line
        entries.append(
            Entry(
                key,
                [" ".join(words(p)) for p in pages],
                lines.get(f"[{index}].pages", line),
                [" ".join(words(h)) for h in headings],
                lines.get(f"[{index}].headings", line),
            )
        )
    return tuple(entries), tuple(problems)


def problems(root: Path, lang: str, texts: list[str] | None = None) -> list[Problem]:
    """The file's problems, every page word that no page of the language contains, and every heading that is
    no title or heading of a page. texts: the language's pages as the caller read them (else read here)."""
    entries, found = load(root, lang)
    if not entries:
        return found
    texts = page_texts(root, lang) if texts is None else texts
    vocabulary = site_words(root, lang, texts)
    # Each heading once: at 50 copies of a page, every heading of it 50 times.
    headings = set(site_headings(root, lang, texts)) if any(entry.headings for entry in entries) else set()
    rel = f"glossary/search-words.{lang}.yml"
    for patient, pages, line, wanted, headings_line in entries:
        for heading in wanted:
            folded = {fold(w) for w in heading.split()}
            if not any(folded <= words_of for words_of in headings):
                found.append(
                    Problem(
                        rel,
                        headings_line,
                        f"'{patient}': no title or heading of docs/{lang}/ has '{heading}'",
                        "write words of one title or heading (# line or title:) as the page spells them, or remove it",
                    )
                )
        for phrase in pages:
            missing = [w for w in phrase.split() if fold(w) not in vocabulary]
            if missing:
                found.append(
                    Problem(
                        rel,
                        line,
                        f"'{patient}': '{missing[0]}' is on no page of docs/{lang}/",
                        "write the word as the pages spell it, or remove it",
                    )
                )
    return found


def compiled(root: Path, lang: str) -> list[list]:
    """[[patient words, [page phrases]], …] sorted, for the search index's config (only valid entries); an entry
    with headings has them third: [patient words, [page phrases], [headings]]."""
    entries, _ = load(root, lang)
    return sorted(
        [entry.patient, entry.pages, entry.headings] if entry.headings else [entry.patient, entry.pages]
        for entry in entries
    )


# --- Word families: the site's words that share a Snowball stem -------------------------------------------
#
# lunr's stemmers (the ones Material loads) join inflections only, and the search worker stems folded words
# (no accents), which French and Arabic stemmers need. So the build groups the words of the search index by
# their Snowball stem (snowballstemmer, pinned), taken on each word as written, and ships the groups in the
# index's config ("word_families"): a word typed finds the pages with the other words of its family
# ("gonflé" → "gonflement"). The worker only looks the groups up (search-patient.js), so it needs no
# stemmer of its own; a typed word that is no site word reaches a family through lunr's stem.

SNOWBALL = {
    "ar": "arabic",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
    "pt": "portuguese",
    "de": "german",
    "nl": "dutch",
    "ca": "catalan",
    "el": "greek",
    "ro": "romanian",
    "tr": "turkish",
}
# The index's text as the search worker reads it (search-patient.js: TAG_RE, LUNR_SYNTAX_RE, EDGE_RE).
INDEX_MARKUP_RE = re.compile(r"<[^>]*>|&[#\w]+;")
LUNR_SYNTAX_RE = re.compile(r'[*+~^:"\\]')
EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")
ELISION_RE = re.compile(r"['’]")
DEFAULT_SEPARATOR = r"[\s\-]+"


def stemmer_for(lang: str):
    """The Snowball stemmer of a language ('fr', 'ar-EG'), or None if Snowball has none."""
    import snowballstemmer

    name = SNOWBALL.get(lang.split("-")[0].split("_")[0].lower())
    return snowballstemmer.stemmer(name) if name else None


def index_words(text: str, separator: str = DEFAULT_SEPARATOR) -> list[str]:
    """A search entry's title or text as the worker splits it: lower case, markup and lunr's syntax out."""
    try:
        split = re.compile(separator)
    except re.error:
        split = re.compile(DEFAULT_SEPARATOR)
    parts = split.split(INDEX_MARKUP_RE.sub(" ", text or ""))
    cleaned = (EDGE_RE.sub("", LUNR_SYNTAX_RE.sub("", part.lower())) for part in parts)
    return [word for word in cleaned if word]


def word_families(docs: list[dict], lang: str, separator: str = DEFAULT_SEPARATOR) -> list[list[str]]:
    """The index's words (as written) grouped by Snowball stem, each group sorted; only groups of words that
    differ once folded (the worker already finds a word without its accents)."""
    name = SNOWBALL.get(lang.split("-")[0].split("_")[0].lower())
    if name is None:
        return []
    written: set[str] = set()
    for doc in docs:
        written |= _entry_words(doc.get("title", ""), doc.get("text", ""), separator)
    by_stem: dict[str, set[str]] = {}
    for word in written:
        for stem in _word_stems(name, word):
            by_stem.setdefault(stem, set()).add(word)
    families = {tuple(sorted(group)) for group in by_stem.values() if len({fold(w) for w in group}) > 1}
    return [list(group) for group in sorted(families)]


def word_families_once(docs: list[dict], lang: str, separator: str = DEFAULT_SEPARATOR) -> list[list[str]]:
    """`word_families` for a build that makes them once (not the preview): the memos kept for the preview's
    next save (every entry's words, every word's stems: tens of megabytes at 50×) are emptied after."""
    try:
        return word_families(docs, lang, separator)
    finally:
        forget_index_words()


def forget_index_words() -> None:
    _kept_entry_words.clear()
    _word_stems.cache_clear()


# An entry's words depend on its text alone, a word's stems on the word: `make serve` makes the families again
# on every save, from an index whose entries are nearly all unchanged. Kept by the entry's digest (not its text).
_kept_entry_words: dict[bytes, frozenset[str]] = {}
KEPT_ENTRIES = 32768


def _entry_words(title: str, text: str, separator: str) -> frozenset[str]:
    key = hashlib.blake2b("\x1f".join((separator, title, text)).encode("utf-8"), digest_size=16).digest()
    found = _kept_entry_words.get(key)
    if found is None:
        if len(_kept_entry_words) >= KEPT_ENTRIES:
            _kept_entry_words.clear()
        found = frozenset(index_words(title, separator)) | frozenset(index_words(text, separator))
        _kept_entry_words[key] = found
    return found


@functools.lru_cache(maxsize=262144)
def _word_stems(snowball: str, word: str) -> frozenset[str]:
    # "l’anesthésie": the word after an elision is stemmed too (the worker splits it the same way)
    stemmer = _stemmer(snowball)
    return frozenset(stemmer.stemWord(part) for part in {word, ELISION_RE.split(word)[-1]} if part)


@functools.cache
def _stemmer(snowball: str):
    import snowballstemmer

    return snowballstemmer.stemmer(snowball)
