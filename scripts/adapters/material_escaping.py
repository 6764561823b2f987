"""Values Material's templates print as they are: MkDocs renders the theme without autoescaping, so a value
that content or configuration controls must already be HTML text when it reaches a template.

The one place that knows Material's raw spots (tests/test_content_is_data_escaping.py checks them against the
installed theme): the site's name and description in the header, drawer and <title>; a page's title (HTML
when it comes from the page's first heading, plain text when it comes from its front matter) in the drawer,
tabs, path, footer and <title>; the titles of the navigation's sections. page.meta.title and
page.meta.description are printed by base.html blocks that overrides/main.html replaces with escaped ones.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

# config fields Material's templates print without `| e`
RAW_CONFIG_FIELDS = ("site_name", "site_description", "site_author", "copyright")


def html_text(value: object) -> Markup:
    """Plain text as HTML text; a Markup value (already HTML) stays as it is.

    The apostrophe is kept: no template, Material's or the site's, prints a value in a single-quoted
    attribute (tests/test_content_is_data_escaping.py checks), and a title's "l'età" must stay the words the
    search index and its ranking read, as a heading's title does (Python-Markdown keeps it too)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape("" if value is None else value)).replace("&#39;", "'"))


def escape_page_titles(pages: Iterable[Page]) -> None:
    """A front-matter title is plain text: Material prints page.title as HTML, so it becomes HTML text.
    (A title from the first heading is already HTML: MkDocs strips its tags and keeps its entities.)"""
    for page in pages:
        meta = page.meta or {}
        if meta.get("title") not in (None, ""):
            page.title = html_text(meta["title"])


def escape_nav_titles(nav: Navigation) -> None:
    """Section and link titles come from mkdocs.yml `nav` (plain text); Material prints them as HTML."""

    def walk(items) -> None:
        for item in items:
            if isinstance(item, (Section, Link)) and item.title is not None:
                item.title = html_text(item.title)
            if isinstance(item, Section):
                walk(item.children)

    walk(nav.items)


def template_config(config: MkDocsConfig) -> MkDocsConfig:
    """A copy of the config for one template's context, with the fields Material prints raw as HTML text
    (the build itself keeps the plain values)."""
    shown = copy.copy(config)
    for name in RAW_CONFIG_FIELDS:
        if shown.get(name) is not None:
            shown[name] = html_text(shown[name])
    return shown
