"""on_page_markdown: a page's building blocks (scripts/adapters/macros.py) written out, in Jinja's sandbox.

The rules (language.py) have already refused any other Jinja in the language's pages; it is checked again
here, on the Markdown MkDocs is about to render, so that no page is rendered unchecked (`make serve`
re-renders a page as soon as it is saved). See scripts/rules/page_macros.py.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.adapters import macros
from scripts.adapters.context import store
from scripts.config.editor_files import display_path
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.rules.page_macros import MacroCallError, PageMacros

log = logging.getLogger("mkdocs.hooks.patient")
MACROS_KEY = "patient_page_macros"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    env = PageMacros(config)
    macros.define_env(env)
    store(config, MACROS_KEY, env)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    env: PageMacros = config[MACROS_KEY]
    path = display_path(Path(page.file.abs_src_path or page.file.src_uri), ROOT)
    source = page.file.content_string
    # The line the Markdown starts on in the file: MkDocs gives the page without its front matter.
    first_line = source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1
    problems = env.problems(path, markdown, first_line=first_line)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(STOPPED)
    try:
        return env.render(markdown, page)
    except MacroCallError as exc:  # a building block's own refusal (a wrong kind, an unknown timeline)
        log.error(str(Problem(path, first_line + exc.line - 1, f"a building block's call is wrong ({exc})", FIX_CALL)))
        raise PluginError(STOPPED) from None


FIX_CALL = "check its name and values against CONTRIBUTING.md, 'Building blocks'"
STOPPED = "the build stopped: a page above is not written right — fix it and build again"
# MkDocs logs "Error reading page 'x.md':" before the problem the hook logged itself: one line is enough.
READING_NOTICE = re.compile(r"Error reading page '[^']*':")


def _not_the_reading_notice(record: logging.LogRecord) -> bool:
    return not READING_NOTICE.fullmatch(record.getMessage())


logging.getLogger("mkdocs.commands.build").addFilter(_not_the_reading_notice)
