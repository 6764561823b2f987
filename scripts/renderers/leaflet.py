"""The printed leaflet: one PDF booklet per language, laid out by WeasyPrint.

Where the leaflet's text comes from, and why: each page's content as MkDocs rendered
it from the Markdown (macros, care cards, timeline and glossary included), taken
through MkDocs' own hook API by scripts/adapters/printed.py before the web pages are
written. So the leaflet says exactly what the reviewed pages say, without a second
Markdown pipeline and without parsing Material's page markup, and its page count and
size are known in time for every web page's link to it.

Everything here but `write_pdf` (and its URL fetcher) and `system_problem` is pure: settings, reading
order, content preparation and the HTML (Jinja templates in overrides/leaflet/) are
data in, text out, and unit-tested in tests/test_leaflet_units.py.
"""

from __future__ import annotations

import ctypes.util
import dataclasses
import functools
import html as html_lib
import importlib.util
import posixpath
import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from babel import Locale
from babel.units import format_unit
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, field_validator

from scripts.config import settings_schema
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.config.settings_schema import fail, setting_problem, validate

TEMPLATE_DIR = ROOT / "overrides" / "leaflet"
PAPERS = {"A4": "A4", "Letter": "letter"}
# The menu's pages that are not topics to read through, by their role (front matter role:, scripts/rules/page_roles.py):
# the consultation sheet is printed on its own, "about" repeats what the sign-off and sources sections say, and
# the accessibility statement is about the website.
LEAVE_OUT_ROLES = ("consultation", "about", "accessibility")
# Tagged PDF for screen readers: WeasyPrint's PDF/UA-1 variant turns on pdf_tags and
# writes the XMP metadata PDF/UA asks for (title shown, language declared).
WHERE = "mkdocs.yml extra.leaflet"


# Two layouts of one template: the standard leaflet, and a large-print one for readers with low vision (clear
# print: 16 pt and more, 1.5 line spacing, wide margins; overrides/leaflet/leaflet-large-print.css).
STANDARD, LARGE_PRINT = "standard", "large-print"
VARIANTS = (STANDARD, LARGE_PRINT)
# Without extra.leaflet.large_print_max_pages, large print's budget is the standard one times this: its text
# takes about twice the paper (a third larger each way, looser lines, wider margins).
LARGE_PRINT_PAGE_FACTOR = 2


def file_name(lang: str, variant: str = STANDARD) -> str:
    """The leaflet's file, beside the language's pages: site/<lang>/leaflet-<lang>.pdf, and
    site/<lang>/leaflet-<lang>-large-print.pdf for large print."""
    return f"leaflet-{lang}.pdf" if variant == STANDARD else f"leaflet-{lang}-{variant}.pdf"


@dataclasses.dataclass(frozen=True)
class Settings:
    paper: str = "A4"  # extra.clinic.paper: A4 or Letter
    pages: tuple[str, ...] | None = None  # extra.leaflet.pages: the reading order, if not the menu's
    leave_out: tuple[str, ...] | None = None  # extra.leaflet.leave_out; None: the pages of LEAVE_OUT_ROLES
    max_pages: int | None = None  # extra.leaflet.max_pages: the page budget
    large_print_max_pages: int | None = None  # extra.leaflet.large_print_max_pages: large print's, if not the default

    def page_budget(self, variant: str) -> int | None:
        """The most pages the leaflet of `variant` may have (None: no budget)."""
        if variant == STANDARD:
            return self.max_pages
        if self.large_print_max_pages is not None:
            return self.large_print_max_pages
        return self.max_pages * LARGE_PRINT_PAGE_FACTOR if self.max_pages else None

    def budget_setting(self, variant: str) -> str:
        """Where `variant`'s budget is set, for messages."""
        if variant == STANDARD:
            return f"{WHERE}.max_pages"
        if self.large_print_max_pages is not None:
            return f"{WHERE}.large_print_max_pages"
        return f"{WHERE}.large_print_max_pages, unset: {LARGE_PRINT_PAGE_FACTOR} × max_pages"


def _page_count(value: object, info: ValidationInfo) -> object:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        example = 32 if info.field_name == "max_pages" else 64
        raise fail(f"{value!r} is not a number of pages", f"write a whole number, e.g. {example}")
    return value


PAGE_FILES = "a list of page files — e.g. [first-page.md, second-page.md]"
PageFiles = Annotated[list[Annotated[str, StringConstraints(min_length=1)]] | None, Field(description=PAGE_FILES)]
PageCount = Annotated[Any, AfterValidator(_page_count)]


class LeafletSettings(settings_schema.Settings):
    """extra.leaflet: which pages the printed leaflet holds, and how many pages of paper it may take."""

    pages: PageFiles = None  # the reading order, if not the menu's
    leave_out: PageFiles = None  # None: the pages of LEAVE_OUT_ROLES
    max_pages: PageCount = None
    large_print_max_pages: PageCount = None


def _paper(value: object) -> object:
    if value not in PAPERS:
        raise fail(f"{value!r} is not a paper size", "use A4 or Letter")
    return value


class PaperSettings(settings_schema.Settings):
    """extra.clinic.paper, the one setting of the leaflet among the clinic's (the others: ClinicSettings)."""

    others_elsewhere = True
    paper: Annotated[Any, AfterValidator(_paper)] = "A4"

    @field_validator("paper", mode="before")
    @classmethod
    def _unset_is_a4(cls, value: object) -> object:
        return value or "A4"


def read_settings(extra: Mapping, lines: Mapping[str, int] | None = None) -> tuple[Settings, list[Problem]]:
    """The leaflet's settings from mkdocs.yml `extra` (a wrong one left at its default), and what is wrong
    with them, each with its line when `lines` are given."""
    clinic = extra.get("clinic")
    paper, problems = validate(PaperSettings, clinic if isinstance(clinic, Mapping) else {}, "extra.clinic", lines)
    read, found = validate(LeafletSettings, extra.get("leaflet"), "extra.leaflet", lines)
    read = read or LeafletSettings()
    return Settings(
        paper=paper.paper if paper else "A4",
        pages=tuple(read.pages) if read.pages else None,
        leave_out=None if read.leave_out is None else tuple(read.leave_out),
        max_pages=read.max_pages,
        large_print_max_pages=read.large_print_max_pages,
    ), problems + found


def reading_order(
    nav_pages: list[str],
    settings: Settings,
    roles: Mapping[str, str] | None = None,
    lines: Mapping[str, int] | None = None,
) -> tuple[list[str], list[Problem]]:
    """The pages of the leaflet in order (file names), and the problems: names that are no page of the menu.
    roles: {role: page} of the menu's pages, for the default of what is left out."""
    if settings.pages is None and settings.leave_out is None:
        leave_out = tuple((roles or {})[role] for role in LEAVE_OUT_ROLES if role in (roles or {}))
        return [name for name in nav_pages if name not in leave_out], []
    key, names = ("pages", settings.pages) if settings.pages else ("leave_out", settings.leave_out or ())
    problems = [
        setting_problem(
            f"extra.leaflet.{key}[{index}]",
            f"'{name}' is not a page of the menu (nav)",
            f"use one of: {', '.join(nav_pages)}",
            lines,
        )
        for index, name in enumerate(names)
        if name not in nav_pages
    ]
    if settings.pages:
        return [name for name in settings.pages if name in nav_pages], problems
    return [name for name in nav_pages if name not in names], problems


def slug(src_uri: str) -> str:
    """some-page.md → some-page; care/after.md → care-after (used in the leaflet's anchors)."""
    return src_uri.removesuffix(".md").replace("/", "-")


def published_address(root_url: str, lang: str, src_uri: str) -> str:
    """The page's address at site_url, as published (directory URLs), whatever this build writes."""
    path = src_uri.removesuffix(".md")
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return f"{root_url}{lang}/{path}"


ADDRESS_BREAK_RE = re.compile(r"(?<=[/.])(?=[^/])")


def address_parts(address: str) -> list[str]:
    """The address cut after each / and . : where a printed address may wrap.

    Never at a hyphen: "who-it-" at a line's end reads as a word broken in two,
    and a reader typing the address would drop it.
    """
    return [part for part in ADDRESS_BREAK_RE.split(address) if part]


def printed_address(address: str) -> Markup:
    """An address as printed after a link: left to right in any language, wrapping only after / and .

    Its own element with dir="ltr", so a right-to-left line neither reorders it nor breaks it mid-word.
    """
    parts = Markup("<wbr>").join(
        Markup('<span class="address-part">{}</span>').format(part) for part in address_parts(address)
    )
    return Markup('<span class="printed-address" dir="ltr">{}</span>').format(parts)


def page_anchor(page_slug: str, fragment: str = "") -> str:
    """Ids are made unique across the pages of one document: <page>--<heading id>."""
    return f"{page_slug}--{fragment}" if fragment else f"page-{page_slug}"


ID_RE = re.compile(r'(\sid=")([^"]*)(")')
HREF_RE = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
IMG_SRC_RE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
# Glossary tooltips: nothing to hover on paper (the glossary is in the leaflet), and
# WeasyPrint 70 breaks the line before an <abbr> that wraps ("This⏎page tells you").
ABBR_TAG_RE = re.compile(r"</?abbr\b[^>]*>")
# A link whose target is a web address (a page left out of the leaflet, or another site): the reader of
# paper needs the address itself, printed after the link's words.
ADDRESS_LINK_RE = re.compile(r'<a\b[^>]*?\shref="(https?://[^"]*)"[^>]*>.*?</a>', re.S)
# What is for a screen only: form controls (the checklist's boxes) become printed boxes.
CHECKBOX_RE = re.compile(r'<input type="checkbox"[^>]*>')


def site_path(page_url: str, href: str) -> tuple[str, str]:
    """(path from the site's root, fragment) of a link written in the page at `page_url`."""
    parts = urlsplit(href)
    if not parts.path:
        return page_url.split("#")[0], parts.fragment
    # The folder the page is served from: "/aftercare" for aftercare/, "/" for "" or aftercare.html.
    joined = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), parts.path))
    path = joined.lstrip("/")
    if parts.path.endswith("/") and path and not path.endswith("/"):
        path += "/"
    if path == ".":
        path = ""
    return unquote(path), parts.fragment


@dataclasses.dataclass(frozen=True)
class Prepared:
    html: str
    missing_images: tuple[str, ...]


def prepare_content(
    content: str, *, page_slug: str, page_url: str, targets: Mapping[str, str], images: Mapping[str, str]
) -> Prepared:
    """One page's rendered content, made part of the leaflet.

    - ids are prefixed with the page, so headings of different pages never clash;
    - a link to a page of the leaflet goes to its section (#page-…), one to a page left out
      goes to its published address (`targets`: site path → '#anchor' or address);
    - images are read from their source files (`images`: site path → file URI); one that
      is not there is returned in `missing_images`;
    - a link to a web address is followed by the address, printed (`printed_address`);
    - glossary tooltips (<abbr>) and form controls, which mean nothing on paper, go.
    """
    missing: list[str] = []

    def link(match: re.Match) -> str:
        href = html_lib.unescape(match.group(2))
        if urlsplit(href).scheme or href.startswith("//"):
            return match.group(0)
        path, fragment = site_path(page_url, href)
        target = targets.get(path)
        if target is None:
            return match.group(0)
        if target.startswith("#"):
            anchor_slug = target[len("#page-") :]
            target = "#" + page_anchor(anchor_slug, fragment)
        elif fragment:
            target = f"{target}#{fragment}"
        return f"{match.group(1)}{html_lib.escape(target)}{match.group(3)}"

    def image(match: re.Match) -> str:
        src = html_lib.unescape(match.group(2))
        if src.startswith("data:"):
            return match.group(0)
        path, _ = site_path(page_url, src)
        found = images.get(path)
        if found is None:
            missing.append(src)
            return match.group(0)
        return f"{match.group(1)}{html_lib.escape(found)}{match.group(3)}"

    text = ID_RE.sub(lambda m: f"{m.group(1)}{page_anchor(page_slug, m.group(2))}{m.group(3)}", content)
    text = HREF_RE.sub(link, text)
    text = IMG_SRC_RE.sub(image, text)
    text = ADDRESS_LINK_RE.sub(
        lambda m: Markup("{} ({})").format(Markup(m.group(0)), printed_address(html_lib.unescape(m.group(1)))), text
    )
    text = ABBR_TAG_RE.sub("", text)
    text = CHECKBOX_RE.sub('<span class="leaflet-box" aria-hidden="true"></span>', text)
    return Prepared(text, tuple(missing))


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of the site as the leaflet shows it."""

    anchor: str
    title: str
    content: Markup
    source: str  # docs/<lang>/<file>, for messages
    address: str  # published address
    last_reviewed: str = ""  # formatted in the language, and ISO; only with a named review (scripts/rules/signoff.py)
    last_reviewed_iso: str = ""
    next_review: str = ""
    next_review_iso: str = ""
    reviewed_by: str = ""
    last_changed: str = ""  # without a review: when the page's source last changed (scripts/rules/page_history.py)
    last_changed_iso: str = ""
    sources: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Leaflet:
    """Everything the leaflet template shows, already in the leaflet's language."""

    lang: str
    dir: str  # ltr or rtl, from the language
    title: str  # the site's name in this language
    paper: str  # A4 or Letter
    home_address: str
    home_qr: str  # data: URI of the home page's QR code
    pages: tuple[Page, ...]
    contacts: Markup  # the clinic's contacts (scripts/renderers/components.py)
    clinic_name: str = ""
    clinic_logo: str = ""  # file URI of the clinic's logo, when set
    # The cover's version, publication and review dates and sign-off state (adapters/printed.py cover_data).
    version_cover: Mapping | None = None
    # Who reviewed the pages, from the sign-off data (scripts/rules/signoff.py), as the about page says it.
    signoff: Markup | None = None
    # W3C date (or date-time) the PDF's dates say: its publication's (adapters/printed.py _published), or empty.
    created: str = ""
    variant: str = STANDARD  # STANDARD or LARGE_PRINT: the stylesheet laid over the same template

    @property
    def large_print(self) -> bool:
        return self.variant == LARGE_PRINT

    @property
    def sources(self) -> tuple[str, ...]:
        """Every page's sources, once each, in the order they first appear."""
        seen: dict[str, None] = {}
        for page in self.pages:
            for source in page.sources:
                seen.setdefault(source, None)
        return tuple(seen)


def text_direction(language) -> str:
    """'rtl' or 'ltr': the language's own `dir` when it has one, else Babel's (CLDR) for its locale."""
    own = getattr(language, "dir", None)
    if own in ("ltr", "rtl"):
        return own
    try:
        return Locale.parse(language.locale).text_direction
    except (ValueError, TypeError, AttributeError):
        return "ltr"


def css_string(value: str) -> Markup:
    """Text made safe inside a CSS string ("…"), for words the stylesheet prints."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?()-'" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


# One per catalog (get_translations keeps one per version of the .po): the standard and large-print layouts
# render the same template, compiled once. Jinja still reloads a template edited since (the preview).
@functools.lru_cache(maxsize=16)
def _environment(translations) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # install_gettext_translations is added by the jinja2.ext.i18n extension: not in Environment's type
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.filters["address_parts"] = address_parts
    return env


def render_html(leaflet: Leaflet, translations) -> str:
    """The leaflet as one HTML document for WeasyPrint (overrides/leaflet/leaflet.html)."""
    return _environment(translations).get_template("leaflet.html").render(leaflet=leaflet)


def size_text(size: int, locale: str) -> str:
    """'180 kB' / '180 ko' / '1.2 MB', in the page's language (CLDR units)."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)


INSTALL_HINT = (
    "install Pango: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
    "fonts-dejavu-core` (Debian, Ubuntu), `brew install pango` (macOS); `make test` installs them"
)


# The system libraries WeasyPrint opens when it is imported (weasyprint/text/ffi.py), each by the names it tries
# on Linux and macOS. Loaded here on their own: importing WeasyPrint (its C declarations parsed, fontTools)
# costs about half a second of CPU, in every build with leaflets, even one whose leaflets all come from the cache.
SYSTEM_LIBRARIES = (
    ("GObject", ("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", "libgobject-2.0.0.dylib")),
    ("Pango", ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib")),
    ("HarfBuzz", ("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib")),
    ("fontconfig", ("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1", "libfontconfig.1.dylib")),
    (
        "PangoFT2",
        ("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib"),
    ),
)


def unloadable(libraries=None, load=None) -> list[str]:
    """The libraries of `libraries` ((label, names); SYSTEM_LIBRARIES) that `load` (ctypes.CDLL) opens by
    none of their names."""
    load = load or ctypes.CDLL
    missing = []
    for label, names in SYSTEM_LIBRARIES if libraries is None else libraries:
        for name in names:
            try:
                load(name)
                break
            except OSError:
                continue
        else:
            missing.append(label)
    return missing


def system_problem() -> str | None:
    """Why WeasyPrint cannot run here (not installed, or a system library missing), or None. WeasyPrint
    itself is not imported (see SYSTEM_LIBRARIES)."""
    if importlib.util.find_spec("weasyprint") is None:
        return "the printed leaflets need WeasyPrint, which is not installed — `make site` installs it"
    missing = unloadable()
    if missing:
        return (
            f"the printed leaflets need WeasyPrint's system libraries ({', '.join(missing)} not found) — {INSTALL_HINT}"
        )
    # Without it WeasyPrint falls back to fontTools with a warning, which the build refuses (a warning
    # from the layout is a problem of the leaflet): name the library rather than the warning.
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return f"the printed leaflets need HarfBuzz-Subset (libharfbuzz-subset) to embed their fonts — {INSTALL_HINT}"
    return None
