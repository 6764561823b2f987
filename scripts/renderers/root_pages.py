"""The site's root, which belongs to no language: the language chooser, the root 404, the sitemap index.

The two pages are overrides/root/root-page.html, rendered here with the clinic's colours and every language
of the configuration; each heading is in its language's own catalog. `render_root_page` is pure (tested in
tests/test_root_pages.py); `write_root_pages` puts the files in the built site.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2

from scripts.config import topic
from scripts.config.paths import ROOT
from scripts.config.project_config import SOURCE_LANGUAGE
from scripts.config.site_config import ConfigError, Language, brand_colors
from scripts.i18n import interface as i18n
from scripts.postprocess import pages as postprocess
from scripts.renderers.bidi import is_rtl

TEMPLATES = ROOT / "overrides" / "root"


def N_(message: str) -> str:
    """Mark a string for `pybabel extract`; each language's catalog translates it."""
    return message


CHOOSE_LANGUAGE = N_("Choose your language")
PAGE_NOT_FOUND = N_("Page not found")

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def root_headings(langs: list[Language], message: str) -> list[tuple[Language, str]]:
    """`message` in each language's own catalog; a language whose catalog lacks it is left out
    (it would repeat the English words)."""
    found = []
    for item in langs:
        text = i18n.gettext_for(item.code)(message)
        if text and (item.code == SOURCE_LANGUAGE or text != message):
            found.append((item, text))
    return found


def clinic_colors(extra: dict) -> dict[str, str]:
    """Every brand colour (scripts/config/site_config.py brand_colors): the clinic's, else the theme's defaults."""
    return brand_colors((extra or {}).get("clinic"))


def render_root_page(
    langs: list[Language],
    *,
    not_found: bool,
    redirect: bool,
    site_url: str,
    index: str,
    colors: dict[str, str],
    description: str = "",
    icon: str | None = None,
    logo: str | None = None,
) -> str:
    """The chooser (not_found=False) or the root 404 as HTML, before minifying and the CSP."""
    prefix = urlsplit(site_url).path if not_found else ""  # a 404 is served at any depth: absolute links
    headings = [
        {"lang": item.code, "rtl": is_rtl(item.code), "text": text}
        for item, text in root_headings(langs, PAGE_NOT_FOUND if not_found else CHOOSE_LANGUAGE)
    ]
    links = [
        {"href": f"{prefix}{item.code}/{index}", "lang": item.code, "rtl": is_rtl(item.code), "name": item.name}
        for item in langs
    ]
    alternates = (
        []
        if not_found
        else [
            *({"hreflang": item.code, "href": f"{site_url}{item.code}/"} for item in langs),
            {"hreflang": "x-default", "href": site_url},
        ]
    )
    names = [item.name for item in langs]
    return _environment.get_template("root-page.html").render(
        default_lang=langs[0].code,
        title=" · ".join(names),
        description=description,
        # The clinic's logo, as each language's pages show it (copied into <lang>/assets/images/), else the icon.
        icon=f"{prefix}{langs[0].code}/assets/images/{quote(logo)}"
        if logo
        else icon or topic.favicon({}, colors["primary"]),
        colors=colors,
        alternates=alternates,
        headings=headings,
        links=links,
        redirect_langs=[item.code for item in langs] if redirect else [],
    )


def root_inline_code(langs: list[Language], colors: dict[str, str]) -> postprocess.OwnInlineCode:
    """The root pages' own inline style and script (overrides/root/root-page.html), for their policy."""
    return postprocess.own_inline_code(bases=["."], colors=colors, redirect_langs=[item.code for item in langs])


def _write_page(path: Path, html: str, own: postprocess.OwnInlineCode) -> None:
    """A root page through the post-processing; inline code it does not vouch for can only come from the
    configuration (the languages' names, the colours): a ConfigError, one line per finding."""
    try:
        path.write_text(postprocess.process_page(html, own=own), encoding="utf-8")
    except postprocess.UntrustedInlineCode as exc:
        raise ConfigError(
            "\n".join(str(problem) for problem in postprocess.page_problems(path, None, exc.findings))
        ) from None


def write_root_pages(out_dir: Path, langs: list[Language], *, base_config: dict, offline: bool = False) -> None:
    """The language chooser at the root, a root 404 and a sitemap index of the languages."""
    site_url = base_config["site_url"].rstrip("/") + "/"
    index = "index.html" if offline else ""
    extra = base_config.get("extra") or {}
    colors = clinic_colors(extra)
    # The root's words are the site's own (mkdocs.yml site_description), its icon the topic's (extra.topic).
    words: dict = {
        "description": str(base_config.get("site_description") or ""),
        "icon": topic.favicon(extra, colors["primary"]),
        "logo": ((extra.get("clinic") or {}).get("logo") or None) if isinstance(extra.get("clinic"), dict) else None,
    }
    # Minified, with their Content-Security-Policy, like every language page (scripts/postprocess/pages.py): the
    # policy vouches for the template's own style and script, rendered with the checked colours and codes.
    own = root_inline_code(langs, colors)
    chooser = render_root_page(
        langs, not_found=False, redirect=not offline, site_url=site_url, index=index, colors=colors, **words
    )
    _write_page(out_dir / "index.html", chooser, own)
    if offline:
        return
    not_found = render_root_page(
        langs, not_found=True, redirect=False, site_url=site_url, index=index, colors=colors, **words
    )
    _write_page(out_dir / "404.html", not_found, own)
    entries = "\n".join(f"  <sitemap><loc>{site_url}{item.code}/sitemap.xml</loc></sitemap>" for item in langs)
    (out_dir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</sitemapindex>\n",
        encoding="utf-8",
    )
    (out_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
