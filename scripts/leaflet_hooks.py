"""MkDocs hooks for the printed leaflet and the QR codes of printed pages (listed in mkdocs.yml `hooks`).

A thin adapter: it takes what MkDocs' hook API gives (the nav, each page's rendered
content and front matter, the site's files) and hands plain data to scripts/leaflet.py
and scripts/qr.py. MkDocs renders every page's Markdown, then calls on_env, then writes
the pages: the leaflet is made in on_env, so every page can say how long it is.

Fail closed: a problem is logged as an error naming the file and the fix, and the
build (always --strict) stops.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

# MkDocs loads this file by its path, not as part of the `scripts` package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from babel.dates import format_date  # noqa: E402
from babel.lists import format_list  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

from scripts import components, leaflet, qr, signoff  # noqa: E402
from scripts.i18n import get_translations  # noqa: E402
from scripts.paths import ROOT  # noqa: E402
from scripts.site_config import ConfigError, languages  # noqa: E402

log = logging.getLogger("mkdocs.hooks.leaflet")
_state: dict = {}
QR_DIR = "assets/qr"


def source_date_epoch(root: Path = ROOT) -> int | None:
    """SOURCE_DATE_EPOCH, else the time of the last commit; None outside a repository."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             check=False).stdout.strip()
    except OSError:
        return None
    return int(out) if out.isdigit() else None


def _language(config):
    lang = config.theme["language"]
    try:
        found = [item for item in languages(config.extra) if item.code == lang]
    except ConfigError:  # scripts/hooks.py reports it
        found = []
    return found[0] if found else None


def _root_url(config, lang: str) -> str:
    patient = config.extra.get("patient") or {}
    if patient.get("root_url"):
        return patient["root_url"]
    url = (config.site_url or "").rstrip("/") + "/"
    return url[: -len(lang) - 1] if url.endswith(f"/{lang}/") else url


def on_config(config):
    settings, problems = leaflet.read_settings(config.extra)
    for problem in problems:
        log.error(problem)
    _state.clear()
    _state.update(settings=settings, broken=bool(problems), info=None)
    return config


def on_files(files, config):
    # The leaflet's templates and stylesheet are read by scripts/leaflet.py, not published.
    for file in [f for f in files if f.src_uri.startswith("leaflet/") and not f.is_documentation_page()]:
        files.remove(file)
    return files


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def _review_date(value, locale: str) -> str:
    try:
        return format_date(value, format="long", locale=locale)
    except (TypeError, ValueError, AttributeError):
        return str(value or "")


def _static_files(files) -> dict[str, str]:
    """Site path → file URI of every file that is not a page (images, the clinic's logo)."""
    return {unquote(f.url): Path(f.abs_src_path).resolve().as_uri() for f in files
            if not f.is_documentation_page() and f.abs_src_path}


def _display(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path


def _collect_pages(config, files, order: list[str], lang: str, locale: str, root_url: str) -> tuple[list, list]:
    nav_pages = {page.file.src_uri: page for page in _state["nav"].pages}
    included = {name: leaflet.page_anchor(leaflet.slug(name)) for name in order}
    targets = {page.url: ("#" + included[src] if src in included else leaflet.published_address(root_url, lang, src))
               for src, page in nav_pages.items()}
    images = _static_files(files)
    gettext = get_translations(lang).gettext
    pages, problems, signoffs = [], [], []
    for name in order:
        page = nav_pages[name]
        source = _display(page.file.abs_src_path or f"{config.docs_dir}/{name}")
        prepared = leaflet.prepare_content(page.content or "", page_slug=leaflet.slug(name), page_url=page.url,
                                           targets=targets, images=images)
        problems += [f"{source}: image '{src}' not found, so the printed leaflet cannot show it — save the image "
                     f"in {_display(config.docs_dir)}/ (or overrides/assets/images/) and link it by its file name, "
                     f"or remove it" for src in prepared.missing_images]
        meta = page.meta or {}
        page_signoff = signoff.resolve(signoff.settings(config.extra), lang, meta, translated=lang != "en")
        signoffs.append(page_signoff)
        clinical = page_signoff.clinical.person
        pages.append(leaflet.Page(
            anchor=included[name], title=str(meta.get("title") or page.title or name),
            content=Markup(prepared.html), source=source,
            address=leaflet.published_address(root_url, lang, name),
            last_reviewed=_review_date(meta.get("last_reviewed"), locale),
            last_reviewed_iso=str(meta.get("last_reviewed") or ""),
            next_review=_review_date(meta.get("next_review"), locale),
            next_review_iso=str(meta.get("next_review") or ""),
            # The clinician who answers for the page, as on the web page (partials/signoff.html).
            reviewed_by=str(clinical) if clinical else gettext("This page has not yet been clinically reviewed."),
            sources=tuple(str(s) for s in (meta.get("sources") or []))))
    return pages, problems, signoffs


def _signoff_statement(signoffs: list, lang: str, locale: str) -> Markup:
    """What the about page says of the reviews (scripts/signoff.py), for the pages in the leaflet."""
    translations = get_translations(lang)
    text = signoff.about_text(signoff.summarise(signoffs), translations.gettext, translations.ngettext,
                              lambda items: format_list(items, locale=locale))
    return Markup("").join(Markup("<p>%s</p>") % escape(paragraph) for paragraph in text.split("\n\n") if paragraph)


def _make_leaflet(config, files) -> dict | None:
    language = _language(config)
    if language is None or _state.get("broken") or "nav" not in _state:
        return None
    lang, locale = language.code, language.locale
    docs = _display(config.docs_dir)
    settings = _state["settings"]
    nav_names = [page.file.src_uri for page in _state["nav"].pages]
    order, problems = leaflet.reading_order(nav_names, settings)
    root_url = _root_url(config, lang)
    pages, page_problems, signoffs = _collect_pages(config, files, order, lang, locale, root_url)
    problems += page_problems
    clinic = config.extra.get("clinic") or {}
    logo = clinic.get("logo") or ""
    logo_uri = ""
    if logo:
        logo_path = ROOT / "overrides" / "assets" / "images" / logo
        if logo_path.is_file():
            logo_uri = logo_path.as_uri()
        else:
            problems.append(f"mkdocs.yml extra.clinic.logo: overrides/assets/images/{logo} does not exist, so the "
                            f"leaflet's cover cannot show it — save the logo there")
    if problems:
        for problem in problems:
            log.error(problem)
        return None
    translations = get_translations(lang)
    home = leaflet.published_address(root_url, lang, "index.md")
    document = leaflet.Leaflet(
        lang=lang, dir=leaflet.text_direction(language), title=config.site_name, paper=settings.paper,
        home_address=home, home_qr=qr.qr_data_uri(home), pages=tuple(pages),
        contacts=components.clinic_contact(clinic, gettext=translations.gettext),
        clinic_name=str(clinic.get("name") or ""), clinic_logo=logo_uri,
        signoff=_signoff_statement(signoffs, lang, locale),
        created=leaflet.w3c_datetime(source_date_epoch()))
    started = time.perf_counter()
    try:
        pdf = leaflet.write_pdf(leaflet.render_html(document, translations), base_url=Path(config.docs_dir).as_uri() + "/")
    except Exception as exc:
        log.error(f"{docs}/: the printed leaflet could not be laid out ({type(exc).__name__}: {exc}) — "
                  f"check the pages' HTML and images; `python -m scripts.site build {lang}` repeats it")
        return None
    for warning in pdf.warnings:
        log.error(f"{docs}/: printed leaflet: {warning} — fix the page or image it names")
    if settings.max_pages and pdf.pages > settings.max_pages:
        log.error(f"{docs}/: the printed leaflet has {pdf.pages} pages, more than the budget of {settings.max_pages} "
                  f"(mkdocs.yml extra.leaflet.max_pages) — shorten pages, leave some out "
                  f"(extra.leaflet.leave_out) or raise the budget")
    if pdf.warnings:
        return None
    name = leaflet.file_name(lang)
    out = Path(config.site_dir) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf.data)
    # Read by `python -m bench.leaflet`.
    log.info(f"printed leaflet: {name}, {pdf.pages} pages, {len(pdf.data)} bytes, "
             f"laid out in {time.perf_counter() - started:.2f} s")
    return {"file": name, "pages": pdf.pages, "bytes": len(pdf.data), "size": leaflet.size_text(len(pdf.data), locale)}


def on_env(env, config, files):
    _state["info"] = _make_leaflet(config, files)
    return env


def on_page_context(context, page, config, nav):
    lang = config.theme["language"]
    address = leaflet.published_address(_root_url(config, lang), lang, page.file.src_uri)
    context["leaflet"] = {
        "download": _state.get("info"),
        "address": address,
        "address_parts": leaflet.address_parts(address),
        "qr": f"{QR_DIR}/{leaflet.slug(page.file.src_uri)}.svg",
    }
    return context


def on_post_build(config):
    """One QR code per page (the printed page shows it), under assets/qr/ of the language."""
    nav = _state.get("nav")
    if nav is None:
        return
    lang = config.theme["language"]
    out = Path(config.site_dir) / QR_DIR
    out.mkdir(parents=True, exist_ok=True)
    for page in nav.pages:
        address = leaflet.published_address(_root_url(config, lang), lang, page.file.src_uri)
        (out / f"{leaflet.slug(page.file.src_uri)}.svg").write_text(qr.qr_svg(address), encoding="utf-8")
