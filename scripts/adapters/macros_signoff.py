"""The `signoff_statement` macro: what "About this information" says about the reviews.

    {{ signoff_statement() }}

Generated from the same data as each page's sign-off (scripts/rules/signoff.py), so the
about page never claims a review that the data do not show.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from babel.lists import format_list

from scripts.config.editor_files import EditorFileError, read_text
from scripts.i18n.interface import get_translations
from scripts.rules import signoff
from scripts.rules.content_rules import load_yaml, split_front_matter
from scripts.rules.translation_status import SOURCE_LANGUAGE


def page_meta(path: Path) -> dict:
    """A page's front matter, or {} when it cannot be read (the rules report that page)."""
    try:
        yaml_text, _, _ = split_front_matter(read_text(path, path.parent, fix_missing="", allow_empty=True))
        meta = load_yaml(yaml_text) if yaml_text else {}
    except (EditorFileError, yaml.YAMLError):
        return {}
    return meta if isinstance(meta, dict) else {}


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
