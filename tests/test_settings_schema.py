"""The settings' declared schema, its one-line problems, the registry that checks them, and the catalogs'
cache (`make serve` picks up a .po edit)."""

from __future__ import annotations

import os
from pathlib import Path

from scripts.i18n import get_translations

PO_HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def _write_po(translations: Path, msgstr: str, *, mtime_ns: int) -> None:
    po = translations / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(PO_HEADER + f'msgid "Next review due"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    os.utime(po, ns=(mtime_ns, mtime_ns))  # an editor's save: a later time, whatever the clock's resolution


def test_a_changed_catalog_gives_the_new_string_in_the_same_process(tmp_path):
    translations = tmp_path / "translations"
    _write_po(translations, "Prochaine relecture", mtime_ns=1_700_000_000_000_000_000)
    assert get_translations("fr", translations).gettext("Next review due") == "Prochaine relecture"
    _write_po(translations, "Prochaine relecture prévue", mtime_ns=1_700_000_010_000_000_000)
    assert get_translations("fr", translations).gettext("Next review due") == "Prochaine relecture prévue"


def test_an_unchanged_catalog_is_read_once(tmp_path):
    translations = tmp_path / "translations"
    _write_po(translations, "Prochaine relecture", mtime_ns=1_700_000_000_000_000_000)
    assert get_translations("fr", translations) is get_translations("fr", translations)
