"""Gettext catalogs for the site's own interface strings.

`translations/messages.pot` is extracted with Babel (see babel.cfg); each language
has `translations/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` at build
time (the `.mo` files are not committed).
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from scripts.editor_files import read_catalog
from scripts.paths import ROOT

TRANSLATIONS_DIR = ROOT / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def po_path(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    """Compile one language's .po into .mo next to it; raise ValueError naming the file on error."""
    po = po_path(lang, translations_dir)
    from scripts.catalogs import catalog_problems  # the same rules as `make check`

    problems = catalog_problems(lang, None, translations_dir.parent)
    if problems:
        raise ValueError("\n".join(map(str, problems)))
    catalog = read_catalog(po, translations_dir.parent, lang)
    mo = po.with_suffix(".mo")
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return mo


@functools.cache
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
