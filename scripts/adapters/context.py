"""What the hooks of one language's build share, kept on that build's MkDocs config (see __init__.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from babel.support import NullTranslations
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation

from scripts.config.site_config import GlossaryEntry, Language
from scripts.renderers.leaflet import Settings
from scripts.rules.translation_status import PageStatus

LANGUAGE_KEY = "patient_language_build"
PRINTED_KEY = "patient_printed_build"


@dataclasses.dataclass
class LanguageBuild:
    """Set by language.on_config, read by every later hook of the build."""

    lang: str
    locale: str
    language: Language | None
    languages: list[Language]
    root_url: str  # the site's address without the language: https://…/patients/
    glossary: list[GlossaryEntry]
    translations: NullTranslations | None  # None when the catalog is broken (the rules report it)
    statuses: dict[str, PageStatus]  # page → translation status, from the rules' run
    failed: bool  # the rules found errors: the strict build fails, nothing to post-process
    preview: bool = False  # `make serve`: rebuilt on every save, never published
    # `make serve` re-renders only the pages saved since its last build (`mkdocs serve --dirty`); the later
    # hooks then work on what this build wrote (`written`), not on every page of the language.
    dirty: bool = False
    written: list[str] = dataclasses.field(default_factory=list)  # HTML files this build wrote
    # each page's output file → its Markdown source: the CSP check names where unsafe HTML came from
    sources: dict[str, Path] = dataclasses.field(default_factory=dict)
    leaflets: bool = True  # False for `build --no-leaflets`: the web pages only, never published
    # What names the pages to the style rules' process as they are written, for a language built alone
    # (post_build.py `_name_ahead`), and how many of `written` it has named.
    ahead: Any = None
    named: int = 0

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message) if self.translations else message


@dataclasses.dataclass
class PrintedBuild:
    """Set by printed.on_config and on_nav, read by its later hooks."""

    settings: Settings | None  # None when extra.leaflet is broken (reported)
    broken: bool
    nav: Navigation | None = None
    info: dict | None = None  # the leaflets made in on_env, per layout (leaflet.VARIANTS): file, pages, bytes, size
    qr_codes: Any = None  # the child drawing the pages' QR codes meanwhile (printed.py `_draw_codes_apart`), if any


def store(config: MkDocsConfig, key: str, value: object) -> None:
    config[key] = value


def language_build(config: MkDocsConfig) -> LanguageBuild:
    return config[LANGUAGE_KEY]


def printed_build(config: MkDocsConfig) -> PrintedBuild | None:
    return config.get(PRINTED_KEY)
