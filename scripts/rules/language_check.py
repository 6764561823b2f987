"""Text in the wrong language: a page or glossary entry whose words are not in its folder's language.

An offline identifier whose model ships in its wheel (py3langid, a maintained fork of
langid.py; BSD), limited to the site's languages. A page is refused when, as a whole, it
reads as another language, or when one of its paragraphs, long enough to judge, clearly
does. Short foreign names (a journal title, "CE", a cited article) are too short or too
uncertain to count, so they never trip it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from scripts.config.paths import keep_file
from scripts.config.problems import Problem
from scripts.rules.checks import plain_text, prose_units, word_count

# The user's cache, not the project's: every copy and worktree shares one decompressed model.
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "patient-information-site" / "langid"
MIN_PAGE_WORDS = 40  # fewer words than this: the page is not judged as a whole
MIN_UNIT_WORDS = 12  # a paragraph, list item or cell shorter than this is not judged
PAGE_CONFIDENCE = 0.9  # the whole page reads as another language at least this surely
UNIT_CONFIDENCE = 0.995  # one paragraph: only when it is unmistakable (citations score lower)
GLOSSARY_CONFIDENCE = 0.99
# Each verdict kept by a digest of its text, the languages and the identifier's version: a build in which no
# page changed neither loads the model (about 0.2 s, and numpy) nor judges a paragraph again.
# `SITE_LANGUAGE_CACHE=off` judges every text again.
VERDICT_DIR = CACHE_DIR.parent / "language-verdicts"
VERDICT_CACHE_ENV = "SITE_LANGUAGE_CACHE"
MIN_GLOSSARY_WORDS = 6
# The verdicts of a whole build, judged before its language builds start (judge_ahead, in
# `python -m scripts.site build`): the file this names holds them, so that no language build loads the model
# (127 MB at its peak while loading, beside the other languages' builds). Not a cache: written for one build,
# removed at its end; a text it does not hold is judged as before.
HANDED_VERDICTS_ENV = "SITE_LANGUAGE_VERDICTS"


def _language_names() -> Mapping[str, str]:
    from babel import Locale

    return Locale.parse("en").languages


@functools.cache
def identifier(languages: tuple[str, ...]):
    """py3langid's identifier over `languages`, its model decompressed once into .cache/ and read from there.

    Decompressing the model (LZMA) takes seconds on every start. The cached copy is read in the parts a build needs:
    the small tables whole; the 39 MB state table mapped from a file of its own (_mapped_table: the pages the text
    walks through are read, nothing is copied); of the 28 MB table of scores, only the columns of `languages`, kept
    in a file per set of languages (_scores). About 0.1 s less each time a build loads the model (after an edit),
    and neither large table in the process's own memory. This reaches into py3langid's model layout (its modelio
    module): tests/test_language_check.py fails if an upgrade changes it."""
    import numpy as np
    from py3langid import langid, modelio

    source = langid.MODEL_DIR / langid.MODEL_FILE
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cached = CACHE_DIR / f"model-{digest}.npz"
    if not cached.is_file():
        import lzma

        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")  # parallel builds each write their own
        with lzma.open(source) as src, partial.open("wb") as out:
            out.write(src.read())
        partial.replace(cached)  # atomic: parallel builds never read half a file
    with np.load(cached, allow_pickle=False) as data:
        classes = data["classes"].tolist()
        known = sorted({code for code in languages if code in classes})
        # As py3langid's set_languages chooses them: every column of a known language (a script's alias too);
        # none known: all of them.
        columns = [i for i, code in enumerate(classes) if code in known] if known else list(range(len(classes)))
        model = langid.LanguageIdentifier(
            _scores(cached, data, known, columns),
            np.asarray(data["pc"])[columns],
            [classes[i] for i in columns],
            _mapped_table(cached, "nextmove", modelio._TYPECODE),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_streamed_array(cached, "nextmove_row", modelio._TYPECODE),
        )
    return model


def _scores(cached: Path, data, known: list[str], columns: list[int]):
    """The model's table of scores (ptc: a row per feature, a column per language), its `columns` only: from a file
    kept beside the model for this set of languages, written from the model's whole table the first time."""
    import numpy as np

    if not known:
        return np.asarray(data["ptc"])
    path = cached.with_name(f"{cached.stem}.ptc-{'-'.join(known)}.npy")
    try:
        table = np.load(path, allow_pickle=False)
        if table.ndim == 2 and table.shape[1] == len(columns):
            return table
    except (OSError, ValueError):
        pass  # not written yet, or not whole: written again below
    table = np.ascontiguousarray(np.asarray(data["ptc"])[:, columns])
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with partial.open("wb") as out:
            np.save(out, table, allow_pickle=False)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only cache: the table is used from memory all the same
    return table


def _mapped_table(npz: Path, name: str, typecodes: Mapping[int, str]):
    """The .npz member `name` (a one-dimensional unsigned array, checked as _streamed_array checks it) as a
    read-only view of a file of its raw values beside the model, written from the member the first time (and again
    when it is not the member's size: a cache never fails a build): indexed as the array it replaces, read by the
    kernel only where it is indexed, and shared by every build."""
    import mmap

    raw = npz.with_name(f"{npz.stem}.{name}")
    length, dtype = _member_header(npz, name)
    size = length * dtype.itemsize
    if not raw.is_file() or raw.stat().st_size != size:
        values = _streamed_array(npz, name, typecodes)
        partial = raw.with_name(f"{raw.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as out:
                values.tofile(out)
            partial.replace(raw)
        except OSError:
            partial.unlink(missing_ok=True)
            return values  # a read-only cache: the array itself
    with raw.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if len(mapped) != size:  # replaced since it was measured, by a build of another model
        return _streamed_array(npz, name, typecodes)
    return memoryview(mapped).cast(typecodes[dtype.itemsize])  # type: ignore[call-overload]  # H, I or L


def _member_header(npz: Path, name: str) -> tuple[int, Any]:
    """_table_header of the .npz member `name`, opened for it."""
    import zipfile

    with zipfile.ZipFile(npz) as archive, archive.open(f"{name}.npy") as member:
        return _table_header(npz, name, member)


def _table_header(npz: Path, name: str, member) -> tuple[int, Any]:
    """The length and dtype of the .npz member `name`, read from its open file `member`, refused unless a
    little-endian one-dimensional unsigned array (what py3langid's tables are): another layout is an error, never
    misread."""
    from numpy.lib import format as npy_format

    version = npy_format.read_magic(member)
    read_header = npy_format.read_array_header_1_0 if version == (1, 0) else npy_format.read_array_header_2_0
    shape, fortran_order, dtype = read_header(member)
    if len(shape) != 1 or fortran_order or dtype.kind != "u" or dtype.byteorder == ">":
        raise ValueError(f"{npz}: {name} is not a little-endian one-dimensional unsigned array")
    return shape[0], dtype


def _streamed_array(npz: Path, name: str, typecodes: Mapping[int, str]):
    """The .npz member `name` (a one-dimensional unsigned array) as the standard library's array, read in chunks.

    py3langid's own conversion (modelio._to_array) copies a whole NumPy array: for its 39 MB state table the
    array and its copy were alive at once, the largest moment of a language build's memory."""
    import zipfile
    from array import array

    with zipfile.ZipFile(npz) as archive, archive.open(f"{name}.npy") as member:
        length, dtype = _table_header(npz, name, member)
        out = array(typecodes[dtype.itemsize])
        while chunk := member.read(1 << 20):
            out.frombytes(chunk)
    if len(out) != length:
        raise ValueError(f"{npz}: {name} has {len(out)} values, its header says {length}")
    return out


def classify(text: str, languages: list[str]) -> tuple[str, float]:
    """The language `text` reads as, of `languages`, and how surely: handed over by the build (judge_ahead), or
    kept on disk by its key (VERDICT_DIR), or judged."""
    handed = _handed_verdicts()
    kept = _verdicts_kept()
    if not handed and not kept:
        return _identify(text, languages)
    key = verdict_key(text, languages, _identifier_version())
    if key in handed:
        lang, probability = handed[key]
        return str(lang), float(probability)
    if not kept:
        return _identify(text, languages)
    path = VERDICT_DIR / f"{key}.json"
    try:
        lang, probability = json.loads(path.read_text(encoding="utf-8"))
        return str(lang), float(probability)
    except (OSError, ValueError, TypeError):
        pass  # not judged yet, or a file this code did not write whole: judge it
    verdict = _identify(text, languages)
    keep_file(path, json.dumps(verdict))
    return verdict


def _identify(text: str, languages: list[str]) -> tuple[str, float]:
    lang, probability = identifier(tuple(sorted(languages))).classify(text)
    return lang, float(probability)


@functools.cache
def _handed_verdicts() -> dict[str, list]:
    """The verdicts this build was handed (HANDED_VERDICTS_ENV); none when it was handed none or they cannot be
    read (each text is then judged here)."""
    path = os.environ.get(HANDED_VERDICTS_ENV)
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def judge_ahead(pages: Iterable[tuple[str, str]], glossaries: Iterable[tuple[str, str]], languages: list[str]) -> str:
    """Every verdict page_problems and glossary_problems may ask for, of the given (text, language) pages and
    glossaries, written to a new file whose path is returned (HANDED_VERDICTS_ENV names it to the builds);
    "" when there is nothing to judge. The caller removes the file."""
    version = _identifier_version()
    verdicts: dict[str, tuple[str, float]] = {}
    texts = [text for page, lang in pages for text in _page_texts(prose_units(page), lang, languages)]
    texts += [
        definition.value
        for glossary, lang in glossaries
        for _, definition in _glossary_definitions(glossary, lang, languages)
    ]
    for text in texts:
        verdicts[verdict_key(text, languages, version)] = classify(text, languages)
    if not verdicts:
        return ""
    handle, path = tempfile.mkstemp(prefix="language-verdicts-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(verdicts, out)
    return path


def verdict_key(text: str, languages: list[str], version: str) -> str:
    """Everything a verdict depends on: the text, the languages it is chosen from, the identifier's version."""
    parts = [version, ",".join(sorted(languages)), text]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _verdicts_kept() -> bool:
    return os.environ.get(VERDICT_CACHE_ENV, "").strip().lower() not in ("off", "0", "no", "false")


@functools.cache
def _identifier_version() -> str:
    from importlib.metadata import version

    return f"py3langid {version('py3langid')}"


def _name(code: str) -> str:
    return _language_names().get(code, code)


def page_problems(rel: str, text: str, lang: str, languages: list[str]) -> list[Problem]:
    """The page as a whole, then each long paragraph, against the folder's language."""
    return list(_page_problems(rel, text, lang, tuple(languages)))


# A page's problems depend on its text alone: `make serve` judges again only the pages saved since its
# last build (the language identifier is most of the rules' time on a large site).
@functools.lru_cache(maxsize=4096)
def _page_problems(rel: str, text: str, lang: str, languages: tuple[str, ...]) -> tuple[Problem, ...]:
    return tuple(_judge_page(rel, text, lang, list(languages)))


def _page_texts(units: list, lang: str, languages: list[str]) -> list[str]:
    """What _judge_page may ask the identifier about: the whole page, then each paragraph long enough."""
    if lang not in languages or len(languages) < 2:
        return []
    whole = plain_text(units)
    texts = [whole] if word_count(whole) >= MIN_PAGE_WORDS else []
    return texts + [unit.text for unit in units if word_count(unit.text) >= MIN_UNIT_WORDS]


def _judge_page(rel: str, text: str, lang: str, languages: list[str]) -> list[Problem]:
    if lang not in languages or len(languages) < 2:
        return []
    units = prose_units(text)
    fix = (
        f"this folder is for {_name(lang)}: translate the text into {_name(lang)}, or move the page to the "
        "folder of its language"
    )
    whole = plain_text(units)
    if word_count(whole) >= MIN_PAGE_WORDS:
        found, probability = classify(whole, languages)
        if found != lang and probability >= PAGE_CONFIDENCE:
            line = units[0].lines[0][1] if units else 1
            return [
                Problem(
                    rel,
                    line,
                    f"the page reads as {_name(found)}, not {_name(lang)} "
                    f"(language identifier, {probability:.0%} sure)",
                    fix,
                )
            ]
    problems = []
    for unit in units:
        if word_count(unit.text) < MIN_UNIT_WORDS:
            continue
        found, probability = classify(unit.text, languages)
        if found != lang and probability >= UNIT_CONFIDENCE:
            start = " ".join(unit.text.split()[:6])
            problems.append(
                Problem(rel, unit.lines[0][1], f'text in {_name(found)}, not {_name(lang)}: "{start} …"', fix)
            )
    return problems


def _glossary_definitions(text: str, lang: str, languages: list[str]) -> list[tuple[str, Any]]:
    """Each entry's term and definition (its YAML node) long enough to judge; none when the file cannot be read
    (the glossary rule reports it)."""
    import yaml

    if lang not in languages or len(languages) < 2:
        return []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    found = []
    for item in getattr(node, "value", []) if isinstance(node, yaml.SequenceNode) else []:
        if not isinstance(item, yaml.MappingNode):
            continue
        fields = {key.value: value for key, value in item.value if isinstance(value, yaml.ScalarNode)}
        definition = fields.get("definition")
        if definition is None or word_count(definition.value) < MIN_GLOSSARY_WORDS:
            continue
        found.append((fields["term"].value if "term" in fields else "?", definition))
    return found


def glossary_problems(rel: str, text: str, lang: str, languages: list[str]) -> list[Problem]:
    """Each glossary entry (term and definition) against the file's language."""
    problems = []
    for term, definition in _glossary_definitions(text, lang, languages):
        found, probability = classify(definition.value, languages)
        if found != lang and probability >= GLOSSARY_CONFIDENCE:
            problems.append(
                Problem(
                    rel,
                    definition.start_mark.line + 1,
                    f"entry '{term}': the definition reads as {_name(found)}, not {_name(lang)} "
                    f"({probability:.0%} sure)",
                    f"write the definition in {_name(lang)}",
                )
            )
    return problems
