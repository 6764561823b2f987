"""The site's interface strings in one language, as the templates, macros and root pages read them.

The catalogs themselves (translations/<lang>/LC_MESSAGES/messages.po, their checks and their compiling
to .mo at build time; the .mo files are not committed) are scripts/i18n/catalogs.py's.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

from scripts.i18n.catalogs import DOMAIN, TRANSLATIONS_DIR, compile_catalog, po_path


def get_translations(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> NullTranslations:
    """The compiled catalog of `lang` (compiled on first use if the .mo is missing or stale).

    Kept per version of the .po (its modification time and size): `make serve` runs in one process, and an
    editor's change to a catalog shows on the next rebuild instead of the strings read at start."""
    po = po_path(lang, translations_dir)
    try:
        stat = po.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # compile_catalog names the missing file
    return _translations(lang, translations_dir, stamp)


@functools.lru_cache(maxsize=64)
def _translations(lang: str, translations_dir: Path, stamp: tuple[int, int] | None) -> NullTranslations:
    po = po_path(lang, translations_dir)
    mo = po.with_suffix(".mo")
    if not mo.is_file() or mo.stat().st_mtime_ns != po.stat().st_mtime_ns:  # compile_catalog stamps the .mo
        compile_catalog(lang, translations_dir)
    with mo.open("rb") as fh:
        return Translations(fh, domain=DOMAIN)


def gettext_for(lang: str):
    """A `_()` function for `lang`."""
    return get_translations(lang).gettext


def long_date(value: object, locale: str) -> str | None:
    """A front-matter date as the page's language writes it in full (25 November 2026, 25 novembre 2026),
    or None if the value is not a date: the rules report what an editor wrote (a string such as 25/11/2026,
    on which Babel would stop with an assertion) and fail the build."""
    if not isinstance(value, dt.date):
        return None
    return format_date(value, format="long", locale=locale)
