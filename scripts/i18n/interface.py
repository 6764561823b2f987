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


def long_date(value: object, locale: str) -> str | None:
    """A front-matter date as the page's language writes it in full (25 November 2026, 25 novembre 2026),
    or None if the value is not a date: the rules report what an editor wrote (a string such as 25/11/2026,
    on which Babel would stop with an assertion) and fail the build."""
    if not isinstance(value, dt.date):
        return None
    return format_date(value, format="long", locale=locale)
