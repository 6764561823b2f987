"""The project's configuration: mkdocs.yml, read through MkDocs' own loader, and the languages it lists.

The bottom layer of the project's modules, with scripts/config/paths.py: the command line, the build, the checks,
the catalogs and the scaffolding all read the configuration here, and this module imports none of them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from scripts.config.editor_files import EditorFileError, read_mkdocs_config
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.config.settings_schema import setting_problem
from scripts.config.site_config import Language, languages

BASE_CONFIG = ROOT / "mkdocs.yml"


def source_language(extra: Mapping | None) -> str:
    """The language pages are written in first, which every other language translates: mkdocs.yml
    extra.source_language, else the first language of extra.alternate (the site's default)."""
    extra = extra if isinstance(extra, Mapping) else {}
    given = extra.get("source_language")
    if isinstance(given, str) and given.strip():
        return given.strip()
    first = (extra.get("alternate") or [{}])[0]
    code = first.get("lang") if isinstance(first, Mapping) else None
    return code if isinstance(code, str) and code else "en"


def _configured_source_language() -> str:
    try:
        return source_language(read_mkdocs_config(BASE_CONFIG, ROOT).get("extra"))
    except EditorFileError:
        return "en"  # an unreadable mkdocs.yml: the rules report it, with its line


SOURCE_LANGUAGE = _configured_source_language()


def source_language_problems(
    extra: Mapping | None, codes: list[str], lines: Mapping[str, int] | None = None
) -> list[Problem]:
    """extra.source_language, when given, is one of the site's languages."""
    given = (extra or {}).get("source_language") if isinstance(extra, Mapping) else None
    if given is None or (isinstance(given, str) and given in codes):
        return []
    return [
        setting_problem(
            "extra.source_language",
            f"{given!r} is not one of the site's languages ({', '.join(codes)})",
            "write the code of the language the pages are written in first",
            lines,
        )
    ]


def load_base_config(path: Path = BASE_CONFIG) -> dict:
    """mkdocs.yml through MkDocs' own loader; EditorFileError names the line of a problem."""
    return read_mkdocs_config(path, path.parent)


def site_languages() -> list[Language]:
    """The site's languages (mkdocs.yml extra.alternate), in switcher order."""
    return languages(load_base_config().get("extra") or {})


def language_config(lang: str) -> Path:
    """The small per-language config (mkdocs.<lang>.yml) that inherits mkdocs.yml."""
    return ROOT / f"mkdocs.{lang}.yml"


def release_from_env(environ: Mapping[str, str] = os.environ) -> bool:
    """Release mode (RELEASE=1): the build and `make check` refuse what must not be published."""
    return environ.get("RELEASE", "").strip().lower() in ("1", "true", "yes", "on")


# Set by `python -m scripts.site build --no-leaflets` for its MkDocs builds (adapters/language.py reads it).
NO_LEAFLETS_ENV = "NO_LEAFLETS"


def leaflets_from_env(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this build lays out the printed leaflets (all but `build --no-leaflets` do)."""
    return environ.get(NO_LEAFLETS_ENV, "") != "1"


def source_date_epoch(root: Path = ROOT) -> int | None:
    """SOURCE_DATE_EPOCH, else the time of the last commit (`git log -1 --format=%ct`); None outside a repository.

    MkDocs writes it as the build date (and in the sitemap's gzip header), the leaflet as its creation date,
    instead of the clock's time, so that two builds of one commit are byte-identical, whenever they run.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    out = result.stdout.strip()
    return int(out) if result.returncode == 0 and out.isdigit() else None
