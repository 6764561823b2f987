"""Every page of one language as its build renders it, in memory: what readability is measured on.

MkDocs' own steps for a page — its Markdown, the macros (care cards, timeline, checklists, the clinic's
boxes) and the hooks' on_page_content — without the theme, without writing the site and without the
printed leaflet. About a second and a half per language, most of it the build's own checks.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from scripts.config.project_config import NO_LEAFLETS_ENV


class RenderError(Exception):
    """The language's pages could not be rendered; the message says why, in one line."""


_rendering = {"active": False}


@contextlib.contextmanager
def _quiet_build_environment() -> Iterator[None]:
    """No leaflet, the build profile's checks (not release: it measures readability, which renders
    again), and MkDocs' log silent: the build's own problems are the check's to report, not this."""
    saved = {key: os.environ.get(key) for key in (NO_LEAFLETS_ENV, "RELEASE")}
    previous_disable = logging.root.manager.disable
    os.environ[NO_LEAFLETS_ENV] = "1"
    os.environ.pop("RELEASE", None)
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous_disable)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def rendering() -> bool:
    """Whether a render is under way in this process (the build's own hooks run inside it)."""
    return _rendering["active"]


def render_pages(config_file: Path) -> dict[str, str] | None:
    """{page file: its rendered HTML content} for the language built by `config_file` (mkdocs.<lang>.yml).

    None when called while a render is under way (the build's checks run inside it): the outer call measures.
    """
    if _rendering["active"]:
        return None
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    _rendering["active"] = True
    try:
        with _quiet_build_environment():
            config = load_config(config_file=str(config_file))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                config = config.plugins.on_config(config)
                files = config.plugins.on_files(get_files(config), config=config)
                config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
                pages = {}
                for file in files.documentation_pages():
                    page = file.page
                    if page is None:
                        continue
                    # MkDocs' build does these steps for each page (mkdocs.commands.build._populate_page).
                    page = config.plugins.on_pre_page(page, config=config, files=files)
                    page.read_source(config)
                    page.markdown = config.plugins.on_page_markdown(
                        page.markdown or "", page=page, config=config, files=files
                    )
                    page.render(config, files)
                    pages[file.src_uri] = config.plugins.on_page_content(
                        page.content or "", page=page, config=config, files=files
                    )
            finally:
                config.plugins.on_shutdown()
    except Exception as exc:  # any failure of the build's code: one line for the editor, never a traceback
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RenderError(first) from None
    finally:
        _rendering["active"] = False
    return pages
