"""What the templates show: interface strings, Material's asset names, and each page's `patient` context
(language alternates, review dates, sign-off, the translation notice, JSON-LD).

MkDocs renders the templates without autoescaping. So the values built here are escaped where they land:
overrides/ escapes each value it prints (`| e`), the catalog's strings reach the templates as HTML text
(`HTMLTranslations`), JSON-LD is JSON that cannot close its <script> (`json_for_script`), a clinic's website is
a link only if it is http(s), and what Material prints as it is goes through material_escaping.py."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from babel.support import NullTranslations
from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scripts.adapters import material_escaping
from scripts.adapters.context import LanguageBuild, language_build
from scripts.config import topic
from scripts.config.paths import ROOT
from scripts.config.project_config import SOURCE_LANGUAGE
from scripts.config.site_config import brand_colors, brand_images
from scripts.i18n.interface import long_date
from scripts.postprocess import pages as postprocess
from scripts.rules import page_history, page_roles, signoff
from scripts.rules.translation_status import Status


def N_(message: str) -> str:
    """Mark a string for `pybabel extract`; it is translated where it is shown."""
    return message


def _jinja_cache_dir() -> Path:
    path = ROOT / ".cache" / "jinja"
    path.mkdir(parents=True, exist_ok=True)
    return path


class HTMLTranslations:
    """A catalog whose strings reach the templates as HTML text: a msgstr is data, never markup. Jinja's
    newstyle gettext then fills in the %(name)s values escaped too (Markup's `%`)."""

    def __init__(self, translations: NullTranslations):
        self.translations = translations

    def gettext(self, message: str) -> Markup:
        return material_escaping.html_text(self.translations.gettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> Markup:
        return material_escaping.html_text(self.translations.ngettext(singular, plural, count))

    def pgettext(self, context: str, message: str) -> Markup:
        return material_escaping.html_text(self.translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> Markup:
        return material_escaping.html_text(self.translations.npgettext(context, singular, plural, count))


def json_for_script(data: object) -> str:
    """JSON to print inside <script>: <, > and & as \\u escapes (still the same JSON), so that no value can end
    the block (`</script>`) or open a comment the browser would read differently."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def website_href(value: object) -> str | None:
    """The clinic's website as a link target: only an http(s) address (a javascript: or data: URL is not)."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The clinic's logo and the topic's sharing image, from brand/ (content, not the engine's overrides/),
    published as assets/images/<name>: only the files the settings name."""
    for path in brand_images(config.extra):
        uri = f"assets/images/{path.name}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        published = File(uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        published.abs_src_path = str(path)  # read from brand/, written as assets/images/<name>
        files.append(published)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Material's templates are compiled once, not on every build (half a second each).
    env.bytecode_cache = FileSystemBytecodeCache(str(_jinja_cache_dir()))
    env.globals["material_assets"] = postprocess.material_assets()
    env.globals["page_last_changed"] = page_last_changed
    build = language_build(config)
    if build.translations is not None:
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(  # type: ignore[attr-defined]
            HTMLTranslations(build.translations), newstyle=True
        )
    # Every page has been read: a front-matter title becomes HTML text before any template prints it.
    material_escaping.escape_page_titles(file.page for file in files.documentation_pages() if file.page)
    if build.dirty:
        for name in [name for name in KEPT_TEMPLATES if not template_changed(name, config, files)]:
            config.theme.static_templates.discard(name)  # the file an earlier build wrote stays
    return env


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    pending = _pending.pop((config.site_dir, template_name), None)
    if pending is not None:
        _written[(config.site_dir, template_name)] = pending
    return output_content


def sitemap_inputs(config: MkDocsConfig, files: Files) -> tuple:
    """Everything the sitemap says (overrides/sitemap.xml): each page's addresses, the languages, and the dates
    the pages last changed in git. A saved page's words are not in it."""
    pages = tuple(
        (file.src_uri, file.abs_src_path, file.page.url, file.page.canonical_url, file.page.is_link)
        for file in files.documentation_pages()
        if file.page is not None
    )
    languages = json.dumps(config.extra.get("alternate"), sort_keys=True, default=str)
    return pages, languages, config.extra.get("patient"), page_history.last_changed_dates(ROOT)


def error_page_inputs(config: MkDocsConfig, files: Files) -> tuple:
    """What the error page shows besides the shared files: the menu (every page's address and title)."""
    pages = tuple(
        (file.src_uri, file.page.url, file.page.title, file.page.is_link)
        for file in files.documentation_pages()
        if file.page is not None
    )
    return pages, config.extra.get("patient"), config.site_url


# The preview writes these again only when what they show changed; a page's words are in neither.
KEPT_TEMPLATES = {"sitemap.xml": sitemap_inputs, "404.html": error_page_inputs}
# What each was last written from, by built site; what this build's would be written from.
_written: dict[tuple[str, str], tuple] = {}
_pending: dict[tuple[str, str], tuple] = {}


def template_changed(name: str, config: MkDocsConfig, files: Files) -> bool:
    """Whether the preview must write the template's file again: the first build, a build after a shared file
    changed (language.on_pre_build empties the site), or a change of what it shows (KEPT_TEMPLATES)."""
    inputs = KEPT_TEMPLATES[name](config, files)
    key = (config.site_dir, name)
    if (Path(config.site_dir) / name).is_file() and _written.get(key) == inputs:
        return False
    _pending[key] = inputs  # recorded once written (on_post_template)
    return True


def page_last_changed(path: str | None) -> str:
    """The sitemap's lastmod: when the page's source last changed in git ("" when unknown, and left out)."""
    changed = page_history.last_changed(ROOT, path) if path else None
    return changed.isoformat() if changed else ""


def alternates(build: LanguageBuild, page_url: str, up: str) -> list[dict]:
    return [
        {
            "lang": item.code,
            "name": item.name,
            "locale": item.locale,
            "current": item.code == build.lang,
            "url": f"{build.root_url}{item.code}/{page_url}",
            "href": f"{up}{item.code}/{page_url}",
        }
        for item in build.languages
    ]


def role_urls(nav: Navigation | None) -> dict[str, str]:
    """{role: the page's URL} for the pages of the menu that declare a role (scripts/rules/page_roles.py): the
    templates link a role's page only when there is one."""
    pages = nav.pages if nav is not None else []
    found = page_roles.role_pages((page.url, page.meta) for page in pages)
    return {role: url or "./" for role, url in found.items()}


def base_context(
    build: LanguageBuild, config: MkDocsConfig, page_url: str, up: str, nav: Navigation | None = None
) -> dict:
    found = alternates(build, page_url, up)
    clinic = config.extra.get("clinic") or {}
    # Every brand colour, #hex only (the page's inline <style> sets them as CSS custom properties, and the
    # CSP check renders that block with the same values: scripts/postprocess/pages.py own_inline_code).
    colors = brand_colors(clinic)
    return {
        "lang": build.lang,
        "locale": build.locale,
        "alternates": found,
        "x_default": found[0]["url"] if found else None,
        "clinic": {**clinic, "colors": colors} if isinstance(clinic, dict) else {"colors": colors},
        "clinic_website_href": website_href(clinic.get("website") if isinstance(clinic, dict) else None),
        "icon": topic.favicon(config.extra, colors["primary"]),
        "social_card": topic.social_card(config.extra),
        "roles": role_urls(nav),
        "out_of_date": False,
        "review_dates": None,
        "json_ld": None,
    }


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """Pages without a Markdown source (404.html): link each language's home page."""
    build = language_build(config)
    up = urlsplit(build.root_url).path  # the 404 page is served at any depth: absolute paths
    context["patient"] = base_context(build, config, "", up, context.get("nav"))
    context["config"] = material_escaping.template_config(config)
    if context.get("nav") is not None:
        material_escaping.escape_nav_titles(context["nav"])
    return context


def json_ld(
    build: LanguageBuild,
    page: Page,
    meta: Mapping,
    page_signoff: signoff.PageSignoff,
    last_changed: dt.date | None,
    build_extra: Mapping | None = None,
) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.get("title") or page.title,
        "description": meta.get("description", ""),
        "inLanguage": build.lang,
        "url": page.canonical_url,
    }
    subject = topic.about(build_extra)  # the topic in this language (mkdocs.<lang>.yml extra.topic)
    if subject is not None:
        data["about"] = subject
    if last_changed is not None:
        data["dateModified"] = last_changed.isoformat()
    reviewer = signoff.json_ld_reviewer(page_signoff)
    if reviewer:  # never a review the data do not show: both only with a named, dated review
        data["lastReviewed"] = cast(dt.date, page_signoff.clinical.date).isoformat()
        data["reviewedBy"] = reviewer
    return data


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    build = language_build(config)
    depth = page.url.count("/") if page.url else 0
    up = "../" * (depth + 1)
    meta = page.meta or {}
    recorded = build.statuses.get(page.file.src_uri)
    page_signoff = signoff.resolve(
        signoff.settings(config.extra), build.lang, meta, translated=build.lang != SOURCE_LANGUAGE
    )
    review_date = lambda value: long_date(value, build.locale)  # noqa: E731
    # The commit date of the page's source file (scripts/rules/page_history.py); None outside git.
    last_changed = page_history.last_changed(ROOT, page.file.abs_src_path) if page.file.abs_src_path else None
    out_of_date = (recorded.status if recorded else None) is Status.OUT_OF_DATE
    patient = base_context(build, config, page.url, up, nav)
    patient.update(
        {
            "source_href": f"{up}{SOURCE_LANGUAGE}/{page.url}",
            "source_lang": SOURCE_LANGUAGE,
            "out_of_date": out_of_date,
            # In `make serve`, which translators use, the notice names the command that shows what changed;
            # published pages are for patients and leave it out.
            "diff_command": f"python -m scripts.site translations diff {build.lang} {page.file.src_uri}"
            if out_of_date and build.preview
            else None,
            "review_dates": signoff.review_dates(page_signoff, last_changed, review_date),
            "signoff": signoff.template_context(page_signoff, review_date),
            "json_ld": json_for_script(json_ld(build, page, meta, page_signoff, last_changed, config.extra)),
        }
    )
    context["patient"] = patient
    context["config"] = material_escaping.template_config(config)
    material_escaping.escape_nav_titles(nav)
    return context
