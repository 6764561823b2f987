"""The printed leaflet and the QR codes of printed pages (one of the build's hooks: see __init__.py).

A thin adapter: it takes what MkDocs' hook API gives (the nav, each page's rendered
content and front matter, the site's files) and gives plain data to scripts/renderers/leaflet.py
and scripts/renderers/qr.py. MkDocs renders every page's Markdown, then calls on_env, then writes
the pages: the leaflet is made in on_env, so every page can say how long it is.

Fail closed: a problem is logged as an error naming the file and the fix, and the
build (always --strict) stops.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

from babel.lists import format_list
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scripts.adapters.context import PRINTED_KEY, PrintedBuild, language_build, printed_build, store
from scripts.config import file_safety, processes
from scripts.config.editor_files import EditorFileError
from scripts.config.paths import BRAND_DIR, ROOT
from scripts.config.project_config import BASE_CONFIG, SOURCE_LANGUAGE, source_date_epoch
from scripts.config.site_config import ConfigError, Language, languages
from scripts.i18n.interface import get_translations, long_date
from scripts.renderers import components, leaflet, leaflet_cache, leaflet_layout, leaflet_process, qr
from scripts.rules import page_history, page_roles, page_versions, signoff

log = logging.getLogger("mkdocs.hooks.leaflet")
QR_DIR = "assets/qr"
QR_CACHE = ROOT / ".cache" / "qr"  # each language's codes of its last build (leaflet_cache.kept_texts)
QR_CODE, QR_PACKAGES = ("scripts/renderers/qr.py",), ("segno",)  # what draws a code
VERSIONS_KEY = "patient_page_versions"


@dataclasses.dataclass
class Versions:
    """Every page's version (scripts/rules/page_versions.py) and the leaflet's, known before any page is written."""

    pages: dict[str, page_versions.PageVersion]  # page file → its version
    leaflet_pages: list[page_versions.PageVersion]  # the leaflet's pages, in its order
    leaflet: str  # the leaflet's version
    leaflet_record: list  # the language's leaflet versions in data/page-versions.yml, with their dates
    script: str  # the notice's data (printout-notice.js reads it)
    file: str  # where it is written in the language's site


def _language(config: MkDocsConfig) -> Language | None:
    lang = config.theme["language"]
    try:
        found = [item for item in languages(config.extra) if item.code == lang]
    except ConfigError:  # the rules report it (language.py)
        found = []
    return found[0] if found else None


def _root_url(config: MkDocsConfig, lang: str) -> str:
    patient = config.extra.get("patient") or {}
    if patient.get("root_url"):
        return patient["root_url"]
    url = (config.site_url or "").rstrip("/") + "/"
    return url[: -len(lang) - 1] if url.endswith(f"/{lang}/") else url


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings, problems = leaflet.read_settings(config.extra)  # the leaflet-settings rule reports the problems
    store(config, PRINTED_KEY, PrintedBuild(settings=settings, broken=bool(problems)))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The leaflet's templates and stylesheet are read by scripts/renderers/leaflet.py, not published.
    for file in [f for f in files if f.src_uri.startswith("leaflet/") and not f.is_documentation_page()]:
        files.remove(file)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    state = printed_build(config)
    if state is not None:
        state.nav = nav
        language = _language(config)
        if language is not None:
            store(config, VERSIONS_KEY, _versions(config, nav, state, language))
        state.qr_codes = _draw_codes_apart(config, nav)
    return nav


def _build_day() -> dt.date:
    """The build's date: the last commit's (SOURCE_DATE_EPOCH), so two builds of one commit agree; today outside
    git. The printout notice's "since" of a version later than the last recorded one; not the leaflet's date."""
    epoch = source_date_epoch()
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date() if epoch is not None else dt.date.today()


def _versions(config: MkDocsConfig, nav: Navigation, state: PrintedBuild, language: Language) -> Versions:
    lang, locale = language.code, language.locale
    texts = {page.file.src_uri: page.file.content_string for page in nav.pages}
    pages = page_versions.language_versions(config.extra, lang, texts, source_language=SOURCE_LANGUAGE)
    # Pages are not read yet (on_nav): their roles come from the front matter of their text.
    roles = page_roles.role_pages((name, page_versions.front_matter(text)) for name, text in texts.items())
    order = leaflet.reading_order(list(pages), state.settings, roles)[0] if state.settings else []
    leaflet_pages = [pages[name] for name in order]
    try:
        record = page_versions.read_record().get(lang) or {}
    except EditorFileError:  # the rule page-versions-record says where, and the build stops
        record = {}
    translations = get_translations(lang)
    data = page_versions.notice_data(
        list(pages.values()),
        leaflet_pages,
        record,
        today=_build_day().isoformat(),
        urls={page.file.src_uri: page.url for page in nav.pages},
        words=page_versions.Words(
            gettext=translations.gettext,
            format_date=lambda value: long_date(value, locale) or value.isoformat(),
            format_list=lambda items: format_list(items, locale=locale),
        ),
    )
    script = page_versions.notice_script(data)
    return Versions(
        pages=pages,
        leaflet_pages=leaflet_pages,
        leaflet=page_versions.leaflet_version(leaflet_pages),
        leaflet_record=list(record.get("leaflet") or []),
        script=script,
        file=page_versions.notice_file(script),
    )


def versions_of(config: MkDocsConfig) -> Versions | None:
    return config.get(VERSIONS_KEY)


def _dates(field: str, shown: dict | None) -> dict[str, str]:
    """leaflet.Page's `<field>` and `<field>_iso` from scripts/rules/signoff.py review_dates (empty: not shown)."""
    return {field: shown["date"], f"{field}_iso": shown["date_iso"]} if shown else {}


def _static_files(files: Files) -> dict[str, str]:
    """Site path → file URI of every file that is not a page (images, the clinic's logo)."""
    return {
        unquote(f.url): Path(f.abs_src_path).resolve().as_uri()
        for f in files
        if not f.is_documentation_page() and f.abs_src_path
    }


def _display(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path


def _collect_pages(
    config: MkDocsConfig, files: Files, nav: Navigation, order: list[str], lang: str, locale: str, root_url: str
) -> tuple[list, list, list]:
    nav_pages = {page.file.src_uri: page for page in nav.pages}
    included = {name: leaflet.page_anchor(leaflet.slug(name)) for name in order}
    targets = {
        page.url: ("#" + included[src] if src in included else leaflet.published_address(root_url, lang, src))
        for src, page in nav_pages.items()
    }
    images = _static_files(files)
    gettext = get_translations(lang).gettext
    pages, problems, signoffs = [], [], []
    for name in order:
        page = nav_pages[name]
        source = _display(page.file.abs_src_path or f"{config.docs_dir}/{name}")
        prepared = leaflet.prepare_content(
            page.content or "", page_slug=leaflet.slug(name), page_url=page.url, targets=targets, images=images
        )
        problems += [
            f"{source}: image '{src}' not found, so the printed leaflet cannot show it — save the image "
            f"in {_display(config.docs_dir)}/ and link it by its file name, "
            f"or remove it"
            for src in prepared.missing_images
        ]
        meta = page.meta or {}
        page_signoff = signoff.resolve(signoff.settings(config.extra), lang, meta, translated=lang != SOURCE_LANGUAGE)
        signoffs.append(page_signoff)
        clinical = page_signoff.clinical.person
        # The same dates as the web page: a named review, or else when the page last changed (git).
        changed = page_history.last_changed(ROOT, page.file.abs_src_path) if page.file.abs_src_path else None
        dates = signoff.review_dates(page_signoff, changed, lambda value: long_date(value, locale))
        pages.append(
            leaflet.Page(
                anchor=included[name],
                title=str(meta.get("title") or page.title or name),
                content=Markup(prepared.html),
                source=source,
                address=leaflet.published_address(root_url, lang, name),
                **_dates("last_reviewed", dates["reviewed"]),
                **_dates("next_review", dates["next_review"]),
                **_dates("last_changed", dates["changed"]),
                # The clinician who answers for the page, as on the web page (partials/signoff.html).
                reviewed_by=str(clinical) if clinical else gettext("This page has not yet been clinically reviewed."),
                sources=tuple(str(s) for s in (meta.get("sources") or [])),
            )
        )
    return pages, problems, signoffs


def _published(nav: Navigation, order: list[str], versions: Versions | None) -> dt.date:
    """The leaflet's publication date (scripts/rules/page_versions.py leaflet_published): recorded for its version,
    or when its pages or the sign-off settings (mkdocs.yml: part of every page's version) last changed."""
    sources = {page.file.src_uri: page.file.abs_src_path for page in nav.pages}
    files = [sources.get(name) for name in order] + [str(BASE_CONFIG)]
    changed = [page_history.last_changed(ROOT, path) if path else None for path in files]
    if versions is None:
        return page_versions.leaflet_published("", [], changed, _build_day())
    return page_versions.leaflet_published(versions.leaflet, versions.leaflet_record, changed, _build_day())


def cover_data(version: str, signoffs: list, published: dt.date, gettext, locale: str) -> dict:
    """What the leaflet's cover says of its version (overrides/leaflet/cover-version.html): the version, the
    publication date (_published: what it says, not the build, dates it), the next review due only when every page has a named review (the
    earliest of them), and otherwise that it is not yet reviewed, in the leaflet's language."""
    reviewed = [item.clinical.date for item in signoffs if item.clinical.done]
    all_reviewed = bool(signoffs) and len(reviewed) == len(signoffs)
    due = min(signoff.next_review_due(day) for day in reviewed) if all_reviewed else None
    notes = []
    if not reviewed:
        notes.append(gettext("This leaflet has not yet been clinically reviewed."))
    elif not all_reviewed:
        notes.append(gettext("Parts of this leaflet have not yet been clinically reviewed."))
    translations = [item for item in signoffs if item.translation is not None]
    if translations and not all(item.translation.done and item.translator for item in translations):
        notes.append(gettext("This translation has not yet been checked against the English page."))
    return {
        "version": version,
        "published": long_date(published, locale) or published.isoformat(),
        "published_iso": published.isoformat(),
        "review_due": (long_date(due, locale) or due.isoformat()) if due else "",
        "review_due_iso": due.isoformat() if due else "",
        "notes": notes,
    }


def _signoff_statement(signoffs: list, lang: str, locale: str) -> Markup:
    """What the about page says of the reviews (scripts/rules/signoff.py), for the pages in the leaflet."""
    translations = get_translations(lang)
    text = signoff.about_text(
        signoff.summarise(signoffs),
        translations.gettext,
        translations.ngettext,
        lambda items: format_list(items, locale=locale),
    )
    return Markup("").join(Markup("<p>%s</p>") % escape(paragraph) for paragraph in text.split("\n\n") if paragraph)


def _refused_problem(url: str, why: str, pages: list, docs: str) -> str:
    """The page (and line) that asks the leaflet to load `url`, as one problem line; the pages' folder when
    no page shows the address as written (a relative one, resolved by the layout)."""
    shown = url if len(url) <= 100 else url[:80] + "…"  # a data: image runs to kilobytes
    written = [url, url.rsplit("/", 1)[-1]]
    for needle in written:
        for page in pages:
            if needle and needle in str(page.content):
                where = page.source
                try:
                    text = (ROOT / page.source).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                if needle in text:
                    line = text.count("\n", 0, text.index(needle)) + 1
                    where += f":{line}"
                return (
                    f"{where}: the printed leaflet may not load {shown}: {why} — remove it, or save the image "
                    f"in {docs}/ and show it by its file name"
                )
    return (
        f"{docs}/: the printed leaflet may not load {shown}: {why} — remove it from the page or the leaflet's "
        f"stylesheet (overrides/leaflet/) that names it, or save the image in {docs}/ and show it by its file name"
    )


def _make_leaflet(config: MkDocsConfig, files: Files, state: PrintedBuild) -> dict | None:
    language = _language(config)
    if language is None or state.broken or state.nav is None or state.settings is None:
        return None
    lang, locale = language.code, language.locale
    settings = state.settings
    nav_names = [page.file.src_uri for page in state.nav.pages]
    roles = page_roles.role_pages((page.file.src_uri, page.meta) for page in state.nav.pages)
    order = leaflet.reading_order(nav_names, settings, roles)[0]  # its problems: the leaflet-pages rule
    root_url = _root_url(config, lang)
    pages, problems, signoffs = _collect_pages(config, files, state.nav, order, lang, locale, root_url)
    clinic = config.extra.get("clinic") or {}
    logo = clinic.get("logo") or ""
    logo_uri = ""
    if logo:
        logo_path = BRAND_DIR / logo
        if logo_path.is_file():
            logo_uri = logo_path.as_uri()
        else:
            problems.append(
                f"mkdocs.yml extra.clinic.logo: brand/{logo} does not exist, so the "
                f"leaflet's cover cannot show it — save the logo there"
            )
    if problems:
        for problem in problems:
            log.error(problem)
        return None
    build = language_build(config)
    if build.failed or build.preview or not build.leaflets:
        # The rules have failed this build and said why, or it is `make serve`'s preview, rebuilt on every save,
        # or a `build --no-leaflets`: the leaflet's own checks above still run, but laying it out (most of a
        # build's time) would only delay the list, the preview or the pages. `make site` makes it.
        return None
    translations = get_translations(lang)
    home = leaflet.published_address(root_url, lang, "index.md")
    versions = versions_of(config)
    version = versions.leaflet if versions else ""
    # Dated by what it says, so that a commit that changes none of it keeps its bytes (and its cached layout).
    published_on = _published(state.nav, order, versions)
    document = leaflet.Leaflet(
        lang=lang,
        dir=leaflet.text_direction(language),
        title=config.site_name,
        paper=settings.paper,
        home_address=home,
        # The leaflet's version rides in its QR code: the home page it opens says whether this paper is current.
        home_qr=qr.qr_data_uri(page_versions.versioned_address(home, version)),
        pages=tuple(pages),
        contacts=components.clinic_contact(clinic, gettext=translations.gettext),
        clinic_name=str(clinic.get("name") or ""),
        clinic_logo=logo_uri,
        signoff=_signoff_statement(signoffs, lang, locale),
        created=published_on.isoformat(),
        version_cover=cover_data(version, signoffs, published_on, translations.gettext, locale),
    )
    # What the layout may load: the files this build publishes (images, the logo), nothing else.
    published = [f.abs_src_path for f in files if not f.is_documentation_page() and f.abs_src_path]
    if logo_uri:
        published.append(str(BRAND_DIR / logo))
    site_files = file_safety.site_files(published)
    made: dict[str, dict] = {}
    documents = [dataclasses.replace(document, variant=variant) for variant in leaflet.VARIANTS]
    base_url = Path(config.docs_dir).as_uri() + "/"
    # A language of many pages lays it out in a process of its own, one for both layouts, which gives WeasyPrint's
    # memory back when it ends (scripts/renderers/leaflet_process.py); started only if a layout is not cached. A
    # build with a core to spare lays the layouts after the first out meanwhile, in a process of their own.
    with _layout(len(state.nav.pages)) as layout, _beside(len(state.nav.pages)) as beside:
        # each layout as what gives its answer: those after the first begun beside at once, the first laid out here
        laid_out = [
            beside(doc, translations, base_url, site_files)
            if beside and i
            else functools.partial(_pdf, doc, translations, base_url, site_files, layout)
            for i, doc in enumerate(documents)
        ]
        for doc, answer in zip(documents, laid_out, strict=True):
            info = _lay_out(doc, answer, config, pages, settings, locale)
            if info is None:
                return None  # said why; the other layout would only say it again
            made[doc.variant] = info
    return made


# A leaflet's layout: the PDF, whether it came from the cache, and how long it took.
LaidOut = tuple[leaflet_layout.Pdf, bool, float]


def _pdf(
    document: leaflet.Leaflet,
    translations,
    base_url: str,
    site_files: frozenset[Path],
    layout: Callable[..., leaflet_layout.Pdf],
) -> LaidOut:
    """One layout of the leaflet, laid out again only when what goes into it changed (leaflet_cache.py): the offline
    copy's leaflet is the web one's, and a build after an edit elsewhere keeps it."""
    started = time.perf_counter()
    pdf, from_cache = leaflet_cache.cached_pdf(
        leaflet.render_html(document, translations), base_url=base_url, site_files=site_files, layout=layout
    )
    return pdf, from_cache, time.perf_counter() - started


@contextlib.contextmanager
def _beside(pages: int) -> Iterator[Callable[..., Callable[[], LaidOut]] | None]:
    """What begins a layout in a process of its own and returns at once (what waits for `_pdf`'s answer), for a
    build with a core to spare (leaflet_process.layouts_at_once); None otherwise. The process ends with the block,
    once it has given every answer asked of it (one not waited for is read and left: its PDF would fill the pipe
    the process writes it to, and it would never end)."""
    if not leaflet_process.layouts_at_once(pages):
        yield None
        return
    unanswered: list[Callable[[], LaidOut]] = []
    with leaflet_process.Apart() as apart:

        def start(document: leaflet.Leaflet, translations, base_url: str, site_files: frozenset[Path]):
            started = time.perf_counter()
            finish = leaflet_cache.cached_pdf_started(
                leaflet.render_html(document, translations),
                base_url=base_url,
                site_files=site_files,
                start=apart.start_pdf,
            )

            @functools.cache
            def answer() -> LaidOut:
                pdf, from_cache = finish()
                return pdf, from_cache, time.perf_counter() - started

            unanswered.append(answer)
            return answer

        try:
            yield start
        finally:
            for answer in unanswered:
                with contextlib.suppress(Exception):
                    answer()


@contextlib.contextmanager
def _layout(pages: int) -> Iterator[Callable[..., leaflet_layout.Pdf]]:
    """What lays the leaflet out for a language of `pages` pages: a process of its own (ended with the block)
    for a large one, this process for a small one (leaflet_process.lays_out_apart)."""
    if not leaflet_process.lays_out_apart(pages):
        yield leaflet_layout.write_pdf
        return
    with leaflet_process.Apart() as apart:
        yield apart.write_pdf


def layout_problem(docs: str, kind: str, lang: str, exc: Exception) -> str:
    """The problem a layout that raised is, in one line; what the layout's own process raised is named as
    it was raised there."""
    what = str(exc) if isinstance(exc, leaflet_process.Failed) else f"{type(exc).__name__}: {exc}"
    return (
        f"{docs}/: the {kind} could not be laid out ({what}) — "
        f"check the pages' HTML and images; `python -m scripts.site build {lang}` repeats it"
    )


def _lay_out(
    document: leaflet.Leaflet,
    laid_out: Callable[[], LaidOut],
    config: MkDocsConfig,
    pages: list,
    settings: leaflet.Settings,
    locale: str,
) -> dict | None:
    """One layout of the leaflet (standard or large print) written beside the pages; what it is, or None
    after logging why it could not be. `laid_out` gives its layout (`_pdf`, or one begun `_beside`)."""
    lang, variant = document.lang, document.variant
    docs = _display(config.docs_dir)
    kind = "large-print leaflet" if document.large_print else "printed leaflet"
    try:
        pdf, from_cache, seconds = laid_out()
    except Exception as exc:
        log.error(layout_problem(docs, kind, lang, exc))
        return None
    for url, why in pdf.refused:
        log.error(_refused_problem(url, why, pages, docs))
    for warning in pdf.warnings:
        if file_safety.FetchRefused.__name__ not in warning:  # said above, with the page
            log.error(f"{docs}/: {kind}: {warning} — fix the page or image it names")
    budget = settings.page_budget(variant)
    if budget and pdf.pages > budget:
        log.error(
            f"{docs}/: the {kind} has {pdf.pages} pages, more than the budget of {budget} "
            f"({settings.budget_setting(variant)}) — shorten pages, leave some out "
            f"(extra.leaflet.leave_out) or raise the budget"
        )
    if pdf.warnings or pdf.refused:
        return None
    name = leaflet.file_name(lang, variant)
    out = Path(config.site_dir) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf.data)
    # Read by `python -m bench.leaflet`.
    how = "unchanged, from .cache/leaflets/" if from_cache else f"laid out in {seconds:.2f} s"
    log.info(f"{kind}: {name}, {pdf.pages} pages, {len(pdf.data)} bytes, {how}")
    return {
        "file": name,
        "pages": pdf.pages,
        "bytes": len(pdf.data),
        "size": leaflet.size_text(len(pdf.data), locale),
    }


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    state = printed_build(config)
    if state is not None:
        state.info = _make_leaflet(config, files, state)
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    lang = config.theme["language"]
    address = leaflet.published_address(_root_url(config, lang), lang, page.file.src_uri)
    state = printed_build(config)
    made = (state.info if state else None) or {}
    versions = versions_of(config)
    version = versions.pages[page.file.src_uri].version if versions and page.file.src_uri in versions.pages else ""
    context["leaflet"] = {
        # What scripts/adapters/printed.py laid out (file, pages, size), per layout; None without leaflets.
        "download": made.get(leaflet.STANDARD),
        "large_print": made.get(leaflet.LARGE_PRINT),
        "address": address,
        "address_parts": leaflet.address_parts(address),
        "qr": f"{QR_DIR}/{leaflet.slug(page.file.src_uri)}.svg",
        # The printed page's version (partials/print-qr.html), and what printout-notice.js needs to say,
        # when the page is opened from a printout's QR code, whether that printout is current.
        "version": version,
        "notice": {"data": versions.file, "page": page.file.src_uri} if versions and version else None,
    }
    return context


# From how many codes to draw a language's QR codes are drawn in a child process while the pages render (about 20 ms
# a code: 13 s of a language's build at 650 pages, on a core that waited meanwhile). A child costs about 0.3 s to
# start and 20 MB: not worth it for a few codes, or for the preview's codes of the pages saved since.
QR_APART_FROM = 100


def _codes(config: MkDocsConfig, nav: Navigation) -> list[tuple[Path, str]]:
    """Each page's QR code file, and the address it opens: the page at its version."""
    lang = config.theme["language"]
    versions = versions_of(config)
    out = Path(config.site_dir) / QR_DIR
    codes = []
    for page in nav.pages:
        address = leaflet.published_address(_root_url(config, lang), lang, page.file.src_uri)
        version = versions.pages[page.file.src_uri].version if versions and page.file.src_uri in versions.pages else ""
        codes.append(
            (out / f"{leaflet.slug(page.file.src_uri)}.svg", page_versions.versioned_address(address, version))
        )
    return codes


def _kept_codes(config: MkDocsConfig) -> tuple[Path, str, dict[str, str]]:
    """Where the codes of the language's last build are kept, what made them, and those codes (by address)."""
    kept_file = QR_CACHE / f"{config.theme['language']}.json"
    made_by = leaflet_cache.code_and_packages(QR_CODE, QR_PACKAGES)
    return kept_file, made_by, leaflet_cache.kept_texts(kept_file, made_by)


def _draw_codes_apart(config: MkDocsConfig, nav: Navigation) -> processes.Apart | None:
    """The child drawing the codes the last build did not keep, asked now (on_nav, before the pages render) and
    answered by on_post_build; None when there are fewer than QR_APART_FROM to draw."""
    _, _, kept = _kept_codes(config)
    missing = sorted({opens for _, opens in _codes(config, nav) if opens not in kept})
    if len(missing) < QR_APART_FROM:
        return None
    child = processes.Apart(name="QR codes'", kind="QrProcess")
    child.send("scripts.renderers.qr:qr_svgs", missing)
    return child


def _drawn_apart(state: PrintedBuild) -> dict[str, str]:
    """What the child drew (nothing if there is none, or it failed: the codes are then drawn here)."""
    child, state.qr_codes = state.qr_codes, None
    if child is None:
        return {}
    with child:
        try:
            return child.receive()
        except processes.Failed:
            return {}


def on_post_build(config: MkDocsConfig) -> None:
    """One QR code per page (the printed page shows it), under assets/qr/ of the language, opening the page at
    its version; and the data the printout notice reads."""
    state = printed_build(config)
    nav = state.nav if state else None
    if state is None or nav is None:
        return
    versions = versions_of(config)
    (Path(config.site_dir) / QR_DIR).mkdir(parents=True, exist_ok=True)
    # Each build is a new process: the codes of the last build are kept (by address and version, with what made
    # them: segno, qr.py), so that only a page whose version changed is drawn again (about 20 ms a code).
    kept_file, made_by, kept = _kept_codes(config)
    drawn = _drawn_apart(state)
    codes: dict[str, str] = {}
    for svg, opens in _codes(config, nav):
        text = codes[opens] = kept.get(opens) or drawn.get(opens) or qr.qr_svg(opens)
        # The preview's later builds rewrite only a code whose page changed.
        if not svg.is_file() or svg.read_text(encoding="utf-8") != text:
            svg.write_text(text, encoding="utf-8")
    if codes != kept:
        leaflet_cache.keep_texts(kept_file, made_by, codes)
    if versions is not None:
        data = Path(config.site_dir) / versions.file
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text(versions.script, encoding="utf-8")
