"""on_post_build: the patient stylesheet compacted, then every built page through scripts/postprocess/pages.py
(search on demand, stylesheets inline, minify-html, the Content-Security-Policy last)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.adapters.context import LanguageBuild, language_build
from scripts.config.paths import ROOT
from scripts.config.site_config import brand_colors
from scripts.postprocess import pages as postprocess
from scripts.postprocess import style_rules
from scripts.rules import search_words

log = logging.getLogger("mkdocs.hooks.patient")

CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
CSS_SPACE_RE = re.compile(r"\s+")
CSS_PUNCTUATION_RE = re.compile(r"\s*([{};])\s*")


def compact_css(css: str) -> str:
    """Drop comments and spacing: the stylesheet's comments are for editors, not for phones."""
    css = CSS_SPACE_RE.sub(" ", CSS_COMMENT_RE.sub("", css))
    return CSS_PUNCTUATION_RE.sub(r"\1", css).strip() + "\n"


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = language_build(config)
    if not (build.preview or build.failed) and style_rules.ahead_for():
        # Started before the pages are read, so that Node.js is started and ready by the first page written.
        site_dir = Path(config.site_dir)
        css = files.get_file_from_path(postprocess.SITE_CSS)
        # the site's stylesheet as on_post_build leaves it for the request (below)
        site = compact_css(Path(css.abs_src_path).read_text(encoding="utf-8")) if css and css.abs_src_path else ""
        build.ahead = postprocess.style_rules_ahead(site_dir, site)
    return files


def _name_ahead(build: LanguageBuild, site_dir: Path) -> None:
    """The pages written before this one, named to the style rules' process (scripts/postprocess/style_rules.py
    PagesAhead): MkDocs writes a page once its on_post_page hooks have run, so the one just rendered is not yet."""
    done = build.written[:-1]
    build.ahead.written([Path(path).relative_to(site_dir).as_posix() for path in done[build.named :]])
    build.named = len(done)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = language_build(config)
    build.written.append(page.file.abs_dest_path)
    if build.ahead is not None:
        _name_ahead(build, Path(config.site_dir))
    if page.file.abs_src_path:
        build.sources[page.file.abs_dest_path] = Path(page.file.abs_src_path)
    if not build.preview:
        # Written, and read no more (the search plugin keeps its own entry): MkDocs would hold every page's HTML
        # and Markdown to the end of the build, beside the pages' post-processing (tens of MB at 50×). The
        # preview keeps them, as MkDocs does.
        page.content = None
        page.markdown = None
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):  # 404.html, rendered on every build
        language_build(config).written.append(str(Path(config.site_dir) / template_name))
    return output_content


def _redirect_targets(config: MkDocsConfig) -> list[str]:
    """Where mkdocs-redirects sends each moved page (plugins.redirects.redirect_maps), as it writes it."""
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return []
    from mkdocs.structure.files import File
    from mkdocs_redirects.plugin import get_relative_html_path

    targets = []
    for old, new in (plugin.config.get("redirect_maps") or {}).items():
        if not isinstance(old, str) or not isinstance(new, str) or "://" in new:
            continue  # another host: the policy check refuses its refresh
        path, hash_mark, fragment = new.partition("#")
        url = File(path, "", "", config.use_directory_urls).url  # as the plugin turns the page into its address
        targets.append(get_relative_html_path(old, url + hash_mark + fragment, config.use_directory_urls))
    return targets


def _warn(message: str) -> None:
    """A warning in the build's output, as the rules' are (scripts/adapters/language.py): INFO, since a strict
    build fails on WARNING and this one does not make the site wrong; `python -m scripts.site build` shows it."""
    log.info(f"warning: {message}")


def on_post_build(config: MkDocsConfig) -> None:
    build = language_build(config)
    if build.ahead is not None:
        build.ahead.close()  # every page is written: the rest are worked out with the request
        build.ahead = None
    for css in (Path(config.site_dir) / "assets" / "stylesheets").glob("patient*.css"):
        css.write_text(compact_css(css.read_text(encoding="utf-8")), encoding="utf-8")
    if build.failed:
        return  # the build fails anyway: no need to post-process pages nobody will publish
    try:
        postprocess.process_site(
            Path(config.site_dir),
            offline=_offline(config),
            preview=build.preview,
            everyday_words=search_words.compiled(ROOT, build.lang),
            # the preview keeps what made the families for its next save; a build has no next save
            word_families=search_words.word_families if build.preview else search_words.word_families_once,
            # The preview's later builds wrote only the pages saved since: those, and the search
            # entries of the others kept from before.
            only=[Path(path) for path in build.written] if build.dirty else None,
            # the site's own inline code is rendered with these (every brand colour the templates set, #hex only)
            site_url=config.site_url,
            colors=brand_colors(config.extra.get("clinic")),
            redirects=_redirect_targets(config),
            sources=build.sources,
            docs_dir=Path(config.docs_dir),
            warn=_warn,
        )
    except postprocess.UnsafePages as exc:
        for problem in exc.problems:
            log.error(str(problem))
    except postprocess.PostprocessError as exc:
        log.error(str(exc))
