"""The HTML MkDocs and Material write, mended: glossary tooltips by keyboard, tickable task lists, valid
markup, and right-to-left pages (dir on <html>, Latin runs isolated: scripts/renderers/bidi.py)."""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.adapters.context import LanguageBuild, language_build
from scripts.adapters.templates import N_
from scripts.renderers.bidi import isolate_article, mark_document_direction

HEADING_RE = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1>", re.S)
LINK_RE = re.compile(r"<a\b[^>]*>.*?</a>", re.S)
# Task lists (the consultation sheet's checklist): a label per box, and boxes a
# reader can tick on screen before printing.
TASK_ITEM_RE = re.compile(r'<li class="task-list-item"><input type="checkbox" disabled/?>\s*(.*?)</li>', re.S)
ABBR_TAG_RE = re.compile(r"</?abbr\b[^>]*>")
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def tooltips_and_task_lists(html: str) -> str:
    """Glossary words out of headings and links, focusable elsewhere; task-list boxes with labels."""
    # Headings stay plain text (a tab stop in every title would be noise); the
    # word is explained where it appears in the text below.
    # Nor inside links: one tab stop per link.
    html = HEADING_RE.sub(lambda m: ABBR_TAG_RE.sub("", m.group(0)), html)
    html = LINK_RE.sub(lambda m: ABBR_TAG_RE.sub("", m.group(0)), html)
    html = TASK_ITEM_RE.sub(r'<li class="task-list-item"><label><input type="checkbox"> \1</label></li>', html)
    # Tooltips must open on keyboard focus and on tap, not only on hover.
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')


def valid_html(output: str, search_label: str) -> str:
    """Fix three things in Material's markup that validators and Lighthouse report."""
    for toggle in ("drawer", "search"):  # autocomplete is not allowed on checkboxes
        output = output.replace(
            f'type="checkbox" id="__{toggle}" autocomplete="off">', f'type="checkbox" id="__{toggle}">'
        )
    output = output.replace(' autocorrect="off"', "")  # not in the HTML standard the Nu checker knows
    # a dialog needs a name; the catalog's words are text, escaped for the attribute
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{html.escape(search_label)}">')


def _finish(output: str, build: LanguageBuild) -> str:
    direction = isolate_article(mark_document_direction(output, build.locale), build.locale)
    return valid_html(direction, build.gettext(N_("Search")))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return tooltips_and_task_lists(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _finish(output, language_build(config))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _finish(output_content, language_build(config))
