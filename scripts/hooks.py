"""MkDocs hooks: validate the content, then give templates what they show.

Fail closed: every problem is logged as an error (all of them, one line each,
naming the file and the fix) and `--strict` stops the build.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs loads this file by its path, not as part of the `scripts` package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from babel.dates import format_date  # noqa: E402
from jinja2 import FileSystemBytecodeCache  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from scripts import (  # noqa: E402
    i18n,
    postprocess,
    rules,
    search_words,
    signoff,
)
from scripts.bidi import isolate_article, mark_document_direction  # noqa: E402
from scripts.editor_files import EditorFileError, problems_of  # noqa: E402
from scripts.paths import ROOT  # noqa: E402
from scripts.project_config import SOURCE_LANGUAGE, release_from_env  # noqa: E402
from scripts.site_config import ConfigError, languages, load_glossary  # noqa: E402
from scripts.translation_status import Status  # noqa: E402

log = logging.getLogger("mkdocs.hooks.patient")
# What on_config learned about the language being built (one build = one language).
_state: dict = {}


def N_(message: str) -> str:
    """Mark a string for `pybabel extract`; it is translated where it is shown."""
    return message


PROCEDURE_NAME = N_("Hand mesotherapy")


def _validate(config, lang: str):
    """Every rule of the build profile (RELEASE=1: the release profile) for this language; errors
    fail the strict build, warnings are shown by `make site` and do not stop a preview."""
    profile = "release" if release_from_env() else "build"
    try:
        result = rules.run(profile, root=ROOT, langs=[lang], docs_dir=Path(config.docs_dir))
    except EditorFileError as exc:
        for problem in problems_of(exc):
            log.error(str(problem))
        raise PluginError("the build stopped: a file above cannot be read — fix it and build again") from None
    for problem in result.errors:
        log.error(str(problem))
    for problem in result.warnings:  # INFO: a strict build fails on WARNING; site.py shows these
        log.info(f"warning: {problem}")
    if result.fatal:
        # MkDocs would stop on these files later with a traceback; stop here, every problem listed above.
        raise PluginError("the build stopped: a file above cannot be read — fix it and build again")
    return result


def on_config(config):
    lang = config.theme["language"]
    result = _validate(config, lang)
    try:
        langs = languages(config.extra)
    except ConfigError:
        langs = []  # reported by the rules
    language = next((item for item in langs if item.code == lang), None)
    glossary, _ = load_glossary(lang)
    statuses = result.statuses.get(lang, {})  # computed once, by the translation rules
    try:
        translations = i18n.get_translations(lang)
    except (EditorFileError, ValueError, OSError):
        translations = None  # reported by the rules
    _state["failed"] = bool(result.errors)  # nothing to post-process: the build fails anyway

    root_url = config.site_url or ""
    if not root_url.endswith("/"):
        root_url += "/"
    if not root_url.rstrip("/").endswith(f"/{lang}"):
        config.site_url = f"{root_url}{lang}/"
    else:  # already per-language (e.g. set by a child config)
        root_url = root_url[: -len(lang) - 1]
    _state.update(lang=lang, language=language, languages=langs, root_url=root_url,
                  glossary=glossary, translations=translations, statuses=statuses,
                  locale=language.locale if language else lang)
    config.extra["patient"] = {"lang": lang, "root_url": root_url}
    # This language's glossary becomes abbreviations on every page (tooltips). Given to
    # the abbr extension as its glossary: appending "*[word]: …" lines to each page
    # instead costs the block parser quadratic time.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = {
        form: entry.definition for entry in glossary for form in entry.forms}
    return config


def on_startup(command, dirty):
    _state["command"] = command


def on_env(env, config, files):
    # Material's templates are compiled once, not on every build (half a second each).
    env.bytecode_cache = FileSystemBytecodeCache(str(_jinja_cache_dir()))
    env.globals["material_assets"] = postprocess.material_assets()
    if _state.get("translations") is not None:
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(_state["translations"], newstyle=True)
    return env


HEADING_RE = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1>", re.S)
LINK_RE = re.compile(r"<a\b[^>]*>.*?</a>", re.S)
# Task lists (the consultation sheet's checklist): a label per box, and boxes a
# reader can tick on screen before printing.
TASK_ITEM_RE = re.compile(r'<li class="task-list-item"><input type="checkbox" disabled/?>\s*(.*?)</li>', re.S)
ABBR_TAG_RE = re.compile(r"</?abbr\b[^>]*>")


def on_page_content(html, page, config, files):
    # Headings stay plain text (a tab stop in every title would be noise); the
    # word is explained where it appears in the text below.
    # Nor inside links: one tab stop per link.
    html = HEADING_RE.sub(lambda m: ABBR_TAG_RE.sub("", m.group(0)), html)
    html = LINK_RE.sub(lambda m: ABBR_TAG_RE.sub("", m.group(0)), html)
    html = TASK_ITEM_RE.sub(r'<li class="task-list-item"><label><input type="checkbox"> \1</label></li>', html)
    # Tooltips must open on keyboard focus and on tap, not only on hover.
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')


def _gettext(message: str) -> str:
    translations = _state.get("translations")
    return translations.gettext(message) if translations else message


def _page_url(root_url: str, lang: str, url: str) -> str:
    return f"{root_url}{lang}/{url}"


def _format_review_date(value) -> str | None:
    try:
        return format_date(value, format="long", locale=_state["locale"])
    except (TypeError, ValueError, AttributeError):
        return None


def _alternates(page_url: str, up: str) -> list[dict]:
    lang, root_url = _state["lang"], _state["root_url"]
    return [{"lang": item.code, "name": item.name, "locale": item.locale, "current": item.code == lang,
             "url": _page_url(root_url, item.code, page_url), "href": f"{up}{item.code}/{page_url}"}
            for item in _state["languages"]]


def _base_context(config, page_url: str, up: str) -> dict:
    alternates = _alternates(page_url, up)
    return {
        "lang": _state["lang"],
        "locale": _state["locale"],
        "alternates": alternates,
        "x_default": alternates[0]["url"] if alternates else None,
        "clinic": config.extra.get("clinic") or {},
        "out_of_date": False,
        "last_reviewed": None,
        "json_ld": None,
    }


def _jinja_cache_dir() -> Path:
    path = ROOT / ".cache" / "jinja"
    path.mkdir(parents=True, exist_ok=True)
    return path


def on_template_context(context, template_name, config):
    """Pages without a Markdown source (404.html): link each language's home page."""
    up = urlsplit(_state["root_url"]).path  # the 404 page is served at any depth: absolute paths
    context["patient"] = _base_context(config, "", up)
    return context


def on_page_context(context, page, config, nav):
    lang = _state["lang"]
    depth = page.url.count("/") if page.url else 0
    up = "../" * (depth + 1)
    meta = page.meta or {}
    recorded = _state["statuses"].get(page.file.src_uri)
    status = recorded.status if recorded else None
    patient = _base_context(config, page.url, up)
    page_signoff = signoff.resolve(signoff.settings(config.extra), lang, meta, translated=lang != SOURCE_LANGUAGE)
    patient.update({
        "source_href": f"{up}{SOURCE_LANGUAGE}/{page.url}",
        "out_of_date": status is Status.OUT_OF_DATE,
        "last_reviewed": _format_review_date(meta.get("last_reviewed")),
        "last_reviewed_iso": str(meta.get("last_reviewed", "")),
        "next_review": _format_review_date(meta.get("next_review")),
        "next_review_iso": str(meta.get("next_review", "")),
        "reviewed_by": meta.get("reviewed_by"),
        "signoff": signoff.template_context(page_signoff, _format_review_date),
        "json_ld": json.dumps(_json_ld(page, meta, page_signoff), ensure_ascii=False).replace("</", "<\\/"),
    })
    context["patient"] = patient
    return context


def _json_ld(page, meta: dict, page_signoff: signoff.PageSignoff) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.get("title") or page.title,
        "description": meta.get("description", ""),
        "inLanguage": _state["lang"],
        "url": page.canonical_url,
        "lastReviewed": str(meta.get("last_reviewed", "")),
        "about": {"@type": "MedicalProcedure", "name": _gettext(PROCEDURE_NAME)},
    }
    reviewer = signoff.json_ld_reviewer(page_signoff)
    if reviewer:  # never a review the data do not show
        data["reviewedBy"] = reviewer
    return data


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _valid_html(output: str) -> str:
    """Fix three things in Material's markup that validators and Lighthouse report."""
    for toggle in ("drawer", "search"):  # autocomplete is not allowed on checkboxes
        output = output.replace(f'type="checkbox" id="__{toggle}" autocomplete="off">',
                                f'type="checkbox" id="__{toggle}">')
    output = output.replace(' autocorrect="off"', "")  # not in the HTML standard the Nu checker knows
    label = _gettext(N_("Search"))
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">')  # a dialog needs a name


CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
CSS_SPACE_RE = re.compile(r"\s+")
CSS_PUNCTUATION_RE = re.compile(r"\s*([{};])\s*")


def compact_css(css: str) -> str:
    """Drop comments and spacing: the stylesheet's comments are for editors, not for phones."""
    css = CSS_SPACE_RE.sub(" ", CSS_COMMENT_RE.sub("", css))
    return CSS_PUNCTUATION_RE.sub(r"\1", css).strip() + "\n"


def _direction(output: str) -> str:
    """Right-to-left pages: dir on <html>, Latin words and numbers isolated (scripts/bidi.py)."""
    return isolate_article(mark_document_direction(output, _state["locale"]), _state["locale"])


def on_post_page(output, page, config):
    return _valid_html(_direction(output))


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return _valid_html(_direction(output_content))


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_post_build(config):
    for css in (Path(config.site_dir) / "assets" / "stylesheets").glob("patient*.css"):
        css.write_text(compact_css(css.read_text(encoding="utf-8")), encoding="utf-8")
    if _state.get("failed"):
        return  # the build fails anyway: no need to post-process pages nobody will publish
    # Stylesheets inline, minify, Content-Security-Policy (scripts/postprocess.py); less under `make serve`.
    try:
        postprocess.process_site(Path(config.site_dir), offline=_offline(config),
                                 preview=_state.get("command") == "serve",
                                 everyday_words=search_words.compiled(ROOT, _state["lang"]))
    except postprocess.PostprocessError as exc:
        log.error(str(exc))
