"""Gettext catalogs for the site's own interface strings.

`translations/messages.pot` is extracted with Babel (see babel.cfg); each language
has `translations/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` at build
time (the `.mo` files are not committed).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def po_path(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


def _po_syntax_errors(po: Path) -> list[str]:
    """Lines Babel would silently misread (an unclosed quote, a stray word), as msgfmt reports them."""
    rel = po.relative_to(po.parents[3]) if len(po.parents) > 3 else po
    errors = []
    for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            errors.append(f"{rel}:{number}: not a valid catalog line: {stripped[:60]!r} — "
                          'close the quotes: msgstr "…"')
    return errors


def compile_catalog(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    """Compile one language's .po into .mo next to it; raise ValueError naming the file on error."""
    po = po_path(lang, translations_dir)
    if not po.is_file():
        raise ValueError(f"{po.relative_to(translations_dir.parent)}: no catalog for language '{lang}' — "
                         f"run `python -m scripts.site catalogs init {lang}`")
    syntax = _po_syntax_errors(po)
    if syntax:
        raise ValueError("\n".join(syntax))
    try:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang, abort_invalid=True)
    except Exception as exc:  # babel raises PoFileError and friends
        raise ValueError(f"{po}: the catalog does not parse: {exc}") from exc
    errors = [f"{po}: msgid {msg.id!r}: {err}" for msg, errs in catalog.check() for err in errs]
    if errors:
        raise ValueError("\n".join(errors))
    mo = po.with_suffix(".mo")
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return mo


@functools.lru_cache(maxsize=None)
def get_translations(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> NullTranslations:
    """The compiled catalog of `lang` (compiled on first use if the .mo is missing or stale)."""
    po = po_path(lang, translations_dir)
    mo = po.with_suffix(".mo")
    if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
        compile_catalog(lang, translations_dir)
    with mo.open("rb") as fh:
        return Translations(fh, domain=DOMAIN)


def gettext_for(lang: str):
    """A `_()` function for `lang`."""
    return get_translations(lang).gettext
