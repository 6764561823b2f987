"""Gettext catalogs of the site's interface strings: extract, update, compile, check.

python -m scripts.site catalogs extract   # scripts/ and overrides/ → translations/messages.pot
python -m scripts.site catalogs update    # merge the template into every language's .po
python -m scripts.site catalogs compile   # .po → .mo (the build does this too)
python -m scripts.site catalogs check     # exit 1: template out of date, or a missing/fuzzy/mismatched entry
python -m scripts.site catalogs init LANG # start a new language's catalog
"""

from __future__ import annotations

import functools
import gettext
import os
import re
import tempfile
from pathlib import Path

from babel.messages import checkers
from babel.messages.catalog import PYTHON_FORMAT, TranslationError
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from scripts.config.editor_files import CatalogSyntaxErrors, EditorFileError, problems_of, read_catalog, read_text
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.config.project_config import SOURCE_LANGUAGE, site_languages

TRANSLATIONS_DIR = ROOT / "translations"
DOMAIN = "messages"
POT = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = ["-k", "N_"]
# What `extract` does not walk: Babel's default (hidden folders), and the built sites, the Node packages,
# the content and the tests, where babel.cfg matches nothing (site/ alone holds thousands of files).
NOT_SCANNED = [".*", "._", "site", "site-offline", "node_modules", "docs", "tests", "bench", "translations"]


def _pybabel(*args: str, root: Path = ROOT) -> None:
    # babel.cfg patterns are relative to the repository root, so run from there.
    cwd = Path.cwd()
    try:
        os.chdir(root)
        CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(cwd)


def _site_langs() -> list[str]:
    return [item.code for item in site_languages()]


def extract(output: Path = POT, root: Path = ROOT) -> Path:
    """Extract every translatable string of scripts/ and overrides/ into the template."""
    _pybabel(
        "extract",
        "-F",
        str(root / "babel.cfg"),
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "--omit-header",
        "--project",
        "patient-information-site",
        "--ignore-dirs",
        " ".join(NOT_SCANNED),
        "-o",
        str(output),
        ".",
        root=root,
    )
    return output


def _fill_source_language(lang: str) -> None:
    """English is the source: its msgstr is its msgid, so nothing counts as missing."""
    if lang != SOURCE_LANGUAGE:
        return
    path = po_path(lang)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        empty = not message.string or (isinstance(message.string, tuple) and not all(message.string))
        if message.id and empty:
            message.string = message.id  # plural entries: (singular, plural), as English has two forms
        if message.id:
            message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, width=100, no_location=True)


def update(langs: list[str] | None = None) -> None:
    extract()
    for lang in langs or _site_langs():
        if not po_path(lang).is_file():
            init(lang)
        _pybabel(
            "update",
            "-i",
            str(POT),
            "-d",
            str(TRANSLATIONS_DIR),
            "-l",
            lang,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "--width=100",
        )
        _fill_source_language(lang)


def init(lang: str) -> Path:
    if not POT.is_file():
        extract()
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "-l", lang, "--no-wrap")
    _fill_source_language(lang)
    return po_path(lang)


def placeholders(text: str) -> set[str]:
    """The %(name)s and %s placeholders of a message (a literal %% is none)."""
    return {f"%({name})s" if name else f"%{kind}" for name, _, kind in PYTHON_FORMAT.findall(text) if kind != "%"}


def message_problems(catalog, message, rel: str) -> list[Problem]:
    """What `msgfmt --check` refuses in one entry: Babel's checkers, then placeholders the
    translation dropped (Babel accepts those: the value would vanish from the page)."""
    fix = "keep exactly the msgid's %(name)s placeholders, spelt the same"
    problems = []
    line = message.lineno or 1
    for checker in (checkers.num_plurals, checkers.python_format):
        try:
            checker(catalog, message)
        except TranslationError as exc:
            what = str(exc)
            problems.append(
                Problem(
                    rel,
                    line,
                    f"msgid {_short(message)}: {what}",
                    f"write {catalog.num_plurals} msgstr[…] forms for this language" if "plural" in what else fix,
                )
            )
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    expected = set().union(*(placeholders(i) for i in ids))
    one_number = single_number_forms(catalog.plural_expr) if message.pluralizable else frozenset()
    for index, string in enumerate(strings):
        if not string or index in one_number:
            continue
        lost = sorted(expected - placeholders(string))
        if lost:
            which = f"msgstr[{index}]" if message.pluralizable else "msgstr"
            problems.append(Problem(rel, line, f"msgid {_short(message)}: {which} drops {', '.join(lost)}", fix))
    return problems


@functools.cache
def single_number_forms(plural_expr: str, up_to: int = 1000) -> frozenset[int]:
    """The plural forms that stand for one number only (Arabic's zero, one and two): such a form may leave
    the number out, as GNU msgfmt allows ("شهر" for 1, "شهرين" for 2, never "1 شهر")."""
    try:
        form_of = gettext.c2py(plural_expr)
    except (ValueError, SyntaxError):
        return frozenset()
    numbers: dict[int, set[int]] = {}
    for n in range(up_to):
        numbers.setdefault(form_of(n), set()).add(n)
    return frozenset(form for form, ns in numbers.items() if len(ns) == 1)


def _short(message) -> str:
    text = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return repr(text if len(text) <= 50 else text[:47] + "…")


PLURAL_FORMS_RE = re.compile(r"Plural-Forms:\s*nplurals\s*=\s*(\d+)")


def plural_header_problems(lang: str, rel: str, text: str) -> list[Problem]:
    """The catalog's Plural-Forms must have as many forms as the language has (CLDR)."""
    expected = get_plural(lang)
    for number, line in enumerate(text.splitlines(), start=1):
        match = PLURAL_FORMS_RE.search(line)
        if match and int(match.group(1)) != expected.num_plurals:
            return [
                Problem(
                    rel,
                    number,
                    f"Plural-Forms says nplurals={match.group(1)}, but '{lang}' has "
                    f"{expected.num_plurals} plural form(s)",
                    f"write: Plural-Forms: nplurals={expected.num_plurals}; plural={expected.plural_expr};",
                )
            ]
    return []


def catalog_problems(lang: str, expected: set | None, root: Path = ROOT) -> list[Problem]:
    """Everything wrong with one language's .po, each naming the file and line."""
    path = po_path(lang, root / "translations")
    rel = path.relative_to(root).as_posix()
    try:
        header = plural_header_problems(
            lang,
            rel,
            read_text(
                path, root, fix_missing=f"restore it from git, or run `python -m scripts.site catalogs init {lang}`"
            ),
        )
        if header:
            return header  # Babel cannot read the forms against a wrong count
        catalog = read_catalog(path, root, lang)
    except EditorFileError as exc:
        return problems_of(exc)
    problems: list[Problem] = []
    have = {m.id: m for m in catalog if m.id}
    key = lambda message_id: message_id[0] if isinstance(message_id, tuple) else message_id  # noqa: E731
    if expected is not None:
        for msgid in sorted(expected - set(have), key=key):
            problems.append(Problem(rel, 1, f"msgid {key(msgid)!r} missing", "run `make catalogs`, then translate it"))
    for msgid, message in sorted(have.items(), key=lambda kv: key(kv[0])):
        line = message.lineno or 1
        if expected is not None and msgid not in expected:
            problems.append(Problem(rel, line, f"msgid {_short(message)} is no longer used", "run `make catalogs`"))
        if message.fuzzy:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"msgid {_short(message)} is marked fuzzy",
                    "check the translation, then remove '#, fuzzy'",
                )
            )
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(
                Problem(
                    rel,
                    line,
                    f"msgid {_short(message)} has no translation",
                    "write its msgstr" + ("[…] forms" if message.pluralizable else ""),
                )
            )
        problems += message_problems(catalog, message, rel)
    return problems


def po_path(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    """Compile one language's .po into .mo next to it; EditorFileError (a ValueError) lists its problems."""
    problems = catalog_problems(lang, None, translations_dir.parent)  # the same rules as `make check`
    if problems:
        raise CatalogSyntaxErrors(problems) if len(problems) > 1 else EditorFileError(problems[0])
    po = po_path(lang, translations_dir)
    catalog = read_catalog(po, translations_dir.parent, lang)
    mo = po.with_suffix(".mo")
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    # The .mo takes the .po's time: one that differs is another version's, older or newer (a checkout, an edit).
    stamp = po.stat().st_mtime_ns
    os.utime(mo, ns=(stamp, stamp))
    return mo


def used_messages(root: Path = ROOT) -> set:
    """The msgids the code uses now (a fresh extraction, the committed template untouched)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = extract(Path(tmp) / "messages.pot", root=root)
        with fresh.open("rb") as fh:
            return {m.id for m in read_po(fh) if m.id}


def template_problems(used: set, root: Path = ROOT) -> list[Problem]:
    """translations/messages.pot must list exactly the strings the code uses (`used`)."""
    pot = root / "translations" / "messages.pot"
    committed = set()
    if pot.is_file():
        with pot.open("rb") as fh:
            committed = {m.id for m in read_po(fh) if m.id}
    if used == committed:
        return []
    added, removed = sorted(map(str, used - committed)), sorted(map(str, committed - used))
    return [
        Problem(
            "translations/messages.pot",
            1,
            f"out of date (new: {added}, gone: {removed})",
            "run `make catalogs` and translate the new strings",
        )
    ]


def check(langs: list[str] | None = None, *, root: Path = ROOT, template: bool = True) -> list[Problem]:
    """Problems with the catalogs, as strict as `msgfmt --check`, each naming the file and line.
    `template`: also check that translations/messages.pot lists the strings the code uses."""
    problems: list[Problem] = []
    expected = None
    if template:
        expected = used_messages(root)
        problems += template_problems(expected, root)
    for lang in langs or _site_langs():
        problems += catalog_problems(lang, expected, root)
    return problems


def add_commands(commands) -> None:
    parser = commands.add_parser("catalogs", help="gettext catalogs of the interface strings")
    sub = parser.add_subparsers(dest="action", required=True)
    for name, helptext in (
        ("extract", "write translations/messages.pot"),
        ("update", "extract, then merge into every .po"),
        ("compile", "compile every .po to .mo"),
        ("check", "exit 1 if the template or a catalog is out of date or incomplete"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("langs", nargs="*")
    p = sub.add_parser("init", help="start a catalog for a new language")
    p.add_argument("lang")
    parser.set_defaults(handler=run)


def run(args) -> int:
    if args.action == "extract":
        print(extract().relative_to(ROOT))
    elif args.action == "update":
        update(args.langs or None)
    elif args.action == "compile":
        for lang in args.langs or _site_langs():
            print(compile_catalog(lang).relative_to(ROOT))
    elif args.action == "init":
        print(init(args.lang).relative_to(ROOT))
    elif args.action == "check":
        problems = check(args.langs or None)
        for problem in problems:
            print(problem)
        if problems:
            return 1
        print("catalogs: up to date and complete")
    return 0
