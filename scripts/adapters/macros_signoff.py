"""The `signoff_statement` macro: what "About this information" says about the reviews.

    {{ signoff_statement() }}

Generated from the same data as each page's sign-off (scripts/rules/signoff.py), so the
about page never claims a review that the data do not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import yaml
from babel.lists import format_list

from scripts.config.editor_files import EditorFileError, read_text
from scripts.i18n.interface import get_translations
from scripts.rules import signoff
from scripts.rules.content_rules import load_yaml, split_front_matter
from scripts.rules.translation_status import SOURCE_LANGUAGE

# Each page's front matter by (modification time, size): every about page reads every page of its language, and a
# site with several about pages (or the preview, on each save) would parse each page's YAML again for each.
_META: dict[Path, tuple[tuple[int, int], Mapping]] = {}


def page_meta(path: Path) -> Mapping:
    """A page's front matter (read only), or {} when it cannot be read (the rules report that page)."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    seen = (stat.st_mtime_ns, stat.st_size)
    kept = _META.get(path)
    if kept is not None and kept[0] == seen:
        return kept[1]
    try:
        yaml_text, _, _ = split_front_matter(read_text(path, path.parent, fix_missing="", allow_empty=True))
        meta = load_yaml(yaml_text) if yaml_text else {}
    except (EditorFileError, yaml.YAMLError):
        meta = {}
    found = MappingProxyType(meta if isinstance(meta, dict) else {})
    _META[path] = (seen, found)
    return found


def language_signoffs(docs_dir: Path, lang: str, extra: dict) -> list[signoff.PageSignoff]:
    settings = signoff.settings(extra)
    return [
        signoff.resolve(settings, lang, page_meta(path), translated=lang != SOURCE_LANGUAGE)
        for path in sorted(docs_dir.rglob("*.md"))
    ]


def register(env, locale_of) -> None:
    @env.macro
    def signoff_statement():
        lang = env.conf["theme"]["language"]
        translations = get_translations(lang)
        locale = locale_of(env)
        summary = signoff.summarise(language_signoffs(Path(env.conf["docs_dir"]), lang, env.conf["extra"]))
        return signoff.about_text(
            summary, translations.gettext, translations.ngettext, lambda items: format_list(items, locale=locale)
        )
