"""on_config: every rule of the build profile for this language, then what the rest of the build knows.

Fail closed: every problem is logged as an error (all of them, one line each, naming the file and the
fix) and `--strict` stops the build.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from scripts.adapters.context import LANGUAGE_KEY, LanguageBuild, language_build, store
from scripts.config.editor_files import EditorFileError, problems_of
from scripts.config.paths import ROOT
from scripts.config.project_config import leaflets_from_env, release_from_env
from scripts.config.site_config import ConfigError, languages, load_glossary
from scripts.i18n import interface as i18n
from scripts.renderers import rendered_pages
from scripts.rules import language_check
from scripts.rules import registry as rules

log = logging.getLogger("mkdocs.hooks.patient")
# The one thing MkDocs tells only on_startup, before any config exists: `mkdocs serve` (a live preview) or
# `mkdocs build`. Set once per process; each build's LanguageBuild carries it (`preview`).
_command: dict[str, str | bool] = {"name": "build", "dirty": False}
STOPPED = "the build stopped: a file above cannot be read — fix it and build again"


def _validate(config: MkDocsConfig, lang: str) -> rules.Result:
    """Every rule of the build profile (RELEASE=1: the release profile) for this language; errors
    fail the strict build, warnings are shown by `make site` and do not stop a preview."""
    profile = "release" if release_from_env() else "build"
    try:
        # The preview judges again only the pages saved since its last build (and every page after a save of
        # a shared file); a build judges them all.
        result = rules.run(
            profile,
            root=ROOT,
            langs=[lang],
            docs_dir=Path(config.docs_dir),
            keep_results=_command["name"] == "serve",
        )
    except EditorFileError as exc:
        for problem in problems_of(exc):
            log.error(str(problem))
        raise PluginError(STOPPED) from None
    for problem in result.errors:
        log.error(str(problem))
    for problem in result.warnings:  # INFO: a strict build fails on WARNING; site.py shows these
        log.info(f"warning: {problem}")
    if result.fatal:
        # MkDocs would stop on these files later with a traceback; stop here, every problem listed above.
        raise PluginError(STOPPED)
    return result


def _root_url(config: MkDocsConfig, lang: str) -> str:
    """The site's address without the language; sets this build's site_url to <root>/<lang>/."""
    root_url = config.site_url or ""
    if not root_url.endswith("/"):
        root_url += "/"
    if not root_url.rstrip("/").endswith(f"/{lang}"):
        config.site_url = f"{root_url}{lang}/"
    else:  # already per-language (e.g. set by a child config)
        root_url = root_url[: -len(lang) - 1]
    return root_url


# MkDocs warns on every dirty build that other pages' menus may be stale, and a strict build counts a warning
# as a failure. The preview rebuilds every page whenever anything but a page changes (on_pre_build), so the
# menus are right: the notice is dropped, from that one logger only.
DIRTY_NOTICE = "A 'dirty' build is being performed"


def _not_the_dirty_notice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_NOTICE)


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command
    _command["dirty"] = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_notice)


# The newest shared input the previous dirty build saw (config, glossary, catalogs, templates, data).
_shared_inputs = {"newest": 0}


def _newest_shared_input(config: MkDocsConfig) -> int:
    paths = [Path(config.config_file_path), ROOT / "mkdocs.yml", *(Path(item) for item in config.watch)]
    newest = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(item.stat().st_mtime_ns for item in files if item.is_file())])
    return newest


def on_pre_build(config: MkDocsConfig) -> None:
    """The preview re-renders only the pages saved since its last build; when a shared file changed, every
    page (each one shows the menu, the glossary, the interface strings): MkDocs renders a page again when
    its built file is older than its source or missing, so the built site goes."""
    build = language_build(config)
    if not build.dirty:
        return
    newest = _newest_shared_input(config)
    if newest > _shared_inputs["newest"]:
        utils.clean_directory(config.site_dir)
    _shared_inputs["newest"] = newest


# Each page's modification time as the preview's previous build found it, by source path.
_page_mtimes: dict[str, int] = {}


def drop_stale_outputs(files: Files, seen: dict[str, int]) -> list[str]:
    """The built file of every page saved since the previous build saw it goes, so that MkDocs renders it again;
    `seen` is updated. MkDocs alone renders a page again only when its built file is older than its source: a
    save while a build runs, after the page was read and before its output was written, left the old text in
    the preview until the next save. Returns the pages' source paths."""
    dropped = []
    for file in files.documentation_pages():
        source = file.abs_src_path
        if source is None:
            continue  # a page made by a plugin: nothing saved
        try:
            mtime = os.stat(source).st_mtime_ns
        except OSError:
            continue  # a page deleted meanwhile: MkDocs says so
        before = seen.get(source)
        seen[source] = mtime
        if before is not None and before != mtime:
            Path(file.abs_dest_path).unlink(missing_ok=True)
            dropped.append(file.src_uri)
    return dropped


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if language_build(config).dirty:
        drop_stale_outputs(files, _page_mtimes)
    return files


def _free_rules_memory() -> None:
    """The language-identification model the rules loaded (about 70 MB) is not needed again by a build: let
    it go, so the rest of the build (and the Node.js process it starts) does not run beside it. The preview
    keeps it: it runs the rules again on every save."""
    language_check.identifier.cache_clear()
    gc.collect()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang = config.theme["language"]
    result = _validate(config, lang)
    if _command["name"] == "build" and not rendered_pages.rendering():
        _free_rules_memory()
    try:
        langs = languages(config.extra)
    except ConfigError:
        langs = []  # reported by the rules
    language = next((item for item in langs if item.code == lang), None)
    glossary, _ = load_glossary(lang)
    try:
        translations = i18n.get_translations(lang)
    except (EditorFileError, ValueError, OSError):
        translations = None  # reported by the rules
    root_url = _root_url(config, lang)
    store(
        config,
        LANGUAGE_KEY,
        LanguageBuild(
            lang=lang,
            locale=language.locale if language else lang,
            language=language,
            languages=langs,
            root_url=root_url,
            glossary=glossary,
            translations=translations,
            statuses=result.statuses.get(lang, {}),  # computed once, by the translation rules
            failed=bool(result.errors),
            preview=_command["name"] == "serve",
            dirty=bool(_command.get("dirty")),
            leaflets=leaflets_from_env(),
        ),
    )
    config.extra["patient"] = {"lang": lang, "root_url": root_url}
    # This language's glossary becomes abbreviations on every page (tooltips). Given to
    # the abbr extension as its glossary: appending "*[word]: …" lines to each page
    # instead costs the block parser quadratic time.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = {
        form: entry.definition for entry in glossary for form in entry.forms
    }
    return config
