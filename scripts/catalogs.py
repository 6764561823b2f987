"""Gettext catalogs of the site's interface strings: extract, update, compile, check.

    python -m scripts.site catalogs extract   # scripts/ and overrides/ → translations/messages.pot
    python -m scripts.site catalogs update    # merge the template into every language's .po
    python -m scripts.site catalogs compile   # .po → .mo (the build does this too)
    python -m scripts.site catalogs check     # exit 1: template out of date, or a missing/fuzzy/mismatched entry
    python -m scripts.site catalogs init LANG # start a new language's catalog
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from scripts.i18n import ROOT, SOURCE_LANGUAGE, TRANSLATIONS_DIR, compile_catalog, po_path

POT = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = ["-k", "N_"]


def _pybabel(*args: str) -> None:
    # babel.cfg patterns are relative to the repository root, so run from there.
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)
        CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(cwd)


def _site_langs() -> list[str]:
    from scripts.site import site_languages
    return [item.code for item in site_languages()]


def extract(output: Path = POT) -> Path:
    """Extract every translatable string of scripts/ and overrides/ into the template."""
    _pybabel("extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS, "--no-location", "--sort-output",
             "--omit-header", "--project", "hand-mesotherapy-patient-site", "-o", str(output), ".")
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
        _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "-l", lang, "--no-fuzzy-matching",
                 "--ignore-obsolete", "--width=100")
        _fill_source_language(lang)


def init(lang: str) -> Path:
    if not POT.is_file():
        extract()
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "-l", lang, "--no-wrap")
    _fill_source_language(lang)
    return po_path(lang)


def check(langs: list[str] | None = None) -> list[str]:
    """Problems with the catalogs, one line each naming the file and the fix."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = extract(Path(tmp) / "messages.pot")
        with fresh.open("rb") as fh:
            expected = {m.id for m in read_po(fh) if m.id}
    committed = set()
    if POT.is_file():
        with POT.open("rb") as fh:
            committed = {m.id for m in read_po(fh) if m.id}
    if expected != committed:
        added, removed = sorted(map(str, expected - committed)), sorted(map(str, committed - expected))
        problems.append(f"translations/messages.pot: out of date (new: {added}, gone: {removed}) — "
                        "run `make catalogs` and translate the new strings")
    for lang in langs or _site_langs():
        path = po_path(lang)
        rel = path.relative_to(ROOT)
        if not path.is_file():
            problems.append(f"{rel}: missing — run `python -m scripts.site catalogs init {lang}`")
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        have = {m.id: m for m in catalog if m.id}
        for msgid in sorted(map(str, expected - set(have))):
            problems.append(f"{rel}: msgid {msgid!r} missing — run `make catalogs`, then translate it")
        for msgid, message in sorted(have.items(), key=lambda kv: str(kv[0])):
            if msgid not in expected:
                problems.append(f"{rel}: msgid {msgid!r} is no longer used — run `make catalogs`")
            if message.fuzzy:
                problems.append(f"{rel}: msgid {msgid!r} is marked fuzzy — check the translation, then remove '#, fuzzy'")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                problems.append(f"{rel}: msgid {msgid!r} has no translation — write its msgstr")
        for message, errors in catalog.check():
            for error in errors:
                problems.append(f"{rel}: msgid {message.id!r}: {error} — keep the same %(name)s placeholders")
        try:
            compile_catalog(lang)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def add_commands(commands) -> None:
    parser = commands.add_parser("catalogs", help="gettext catalogs of the interface strings")
    sub = parser.add_subparsers(dest="action", required=True)
    for name, helptext in (("extract", "write translations/messages.pot"),
                           ("update", "extract, then merge into every .po"),
                           ("compile", "compile every .po to .mo"),
                           ("check", "exit 1 if the template or a catalog is out of date or incomplete")):
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
