"""The leaflet's layout: HTML to a tagged PDF with WeasyPrint (`write_pdf`), and what keeps it safe and cheap.

Apart from scripts/renderers/leaflet.py (what the leaflet says, its settings, its HTML) so that the process that
lays it out (scripts/renderers/leaflet_process.py) imports WeasyPrint and this alone: not pydantic, Babel or
Jinja, about 12 MB it would carry beside the language builds for nothing.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import dataclasses
import gc
import hashlib
import logging
import mimetypes
from pathlib import Path

from scripts.config import file_safety
from scripts.renderers import pdf_text

PDF_VARIANT = "pdf/ua-1"


@dataclasses.dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    warnings: tuple[str, ...]  # what WeasyPrint could not do (a missing image, a font, bad CSS)
    refused: tuple[tuple[str, str], ...] = ()  # (URL, why) the leaflet was not allowed to load


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site_only_fetcher(files: frozenset[Path], refused: list[tuple[str, str]]):
    """WeasyPrint's URL fetcher for the leaflet: it serves the files of the site (`files`) and inline
    data: images, and refuses anything else (file_safety.fetch_target), noting it in `refused`. It has no
    network handler to fall back on: a stylesheet, font or image from another host is never requested."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteOnly(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                target = file_safety.fetch_target(url, files)
            except file_safety.FetchRefused as exc:
                refused.append((url, str(exc)))
                raise
            if isinstance(target, str):  # a data: image, decoded by urllib's data: handler alone
                return super().fetch(target, headers)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(target.as_uri(), target.read_bytes(), {"Content-Type": kind})

    # data: only, should anything reach the parent's fetch; and never a redirect.
    return SiteOnly(allowed_protocols=("data",), allow_redirects=False)


def refresh_references(collector, page_maker) -> int:
    """Before WeasyPrint paginates again, give each reference the counters of the page it is on, as that
    pass would when it reaches the page; returns how many were refreshed.

    Why: WeasyPrint lays the pages out once with the page count unknown (0) and forward references
    unresolved, then again. In the second pass each page with a reference ("(page 14)", the contents'
    numbers) finds its counters changed (the page count is known now), reads the reference again only then,
    after laying the page out with the old text, and so lays it out a third time with the new: ~11 of 41 page
    layouts of a standard leaflet. Read before the pass, the second pass lays each such page out once, with
    its final text, and has nothing left to redo. A reference whose target moves in that pass is still read
    and laid out again by WeasyPrint. `collector` is its TargetCollector, `page_maker` its list of
    (resume_at, next_page, right_page, page_state, remake_state); with other internals (another WeasyPrint
    version) nothing is done and the layout is WeasyPrint's own.
    """
    lookups = getattr(collector, "counter_lookup_items", None)
    if not isinstance(lookups, dict) or not isinstance(page_maker, list):
        return 0
    refreshed = 0
    for item in lookups.values():
        index = getattr(item, "page_maker_index", None)
        missing = getattr(item, "missing_counters", None)
        parse_again = getattr(item, "parse_again", None)
        if not isinstance(index, int) or not missing or not callable(parse_again) or index + 1 >= len(page_maker):
            continue
        try:
            values = page_maker[index + 1][3][1]  # the page's counters: the state after it (layout_document)
        except (IndexError, KeyError, TypeError):
            continue
        if not isinstance(values, dict) or values == getattr(item, "cached_page_counter_values", None):
            continue
        if all(values.get(name) is None for name in missing):
            continue
        item.cached_page_counter_values = copy.deepcopy(values)
        parse_again(values)
        refreshed += 1
    return refreshed


@contextlib.contextmanager
def _references_refreshed_before_repaginating():
    """WeasyPrint's layout with `refresh_references` before each pass after the first (its layout_document
    calls make_all_pages once per pass, with the previous pass's pages)."""
    from weasyprint import layout

    original = getattr(layout, "make_all_pages", None)
    if original is None:
        yield
        return

    def make_all_pages(context, root_box, html, pages):
        if pages:
            refresh_references(getattr(context, "target_collector", None), getattr(context, "page_maker", None))
        return original(context, root_box, html, pages)

    layout.make_all_pages = make_all_pages
    try:
        yield
    finally:
        layout.make_all_pages = original


def write_pdf(document_html: str, *, base_url: str, site_files: frozenset[Path]) -> Pdf:
    """Lay the leaflet out and write a tagged PDF; the same HTML gives the same bytes.

    The dates come from the document's dcterms meta (the date of what it says), and the file
    identifier is a digest of the HTML, so nothing depends on the clock. WeasyPrint loads
    only `site_files` (and data: images): see `site_only_fetcher`. Right-to-left
    ligatures are written so that PDF readers extract them in logical order (scripts/renderers/pdf_text.py).
    """
    from weasyprint import HTML  # imported here: only the build needs Pango

    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    refused: list[tuple[str, str]] = []
    fetcher = site_only_fetcher(site_files, refused)
    try:
        with _references_refreshed_before_repaginating():
            document = HTML(string=document_html, base_url=base_url, url_fetcher=fetcher).render(
                pdf_variant=PDF_VARIANT
            )
        identifier = hashlib.sha256(document_html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier, finisher=pdf_text.finisher)
    finally:
        logger.removeHandler(collect)
    pages = len(document.pages)
    del document
    return_freed_memory()
    return Pdf(data, pages, tuple(collect.messages), tuple(dict.fromkeys(refused)))


def return_freed_memory(load=None) -> bool:
    """Give the memory the layout freed back to the system (glibc's malloc_trim); whether it could.

    Why: a layout leaves ~30 MB freed but kept by the C allocator in the build's process, which then
    post-processes every page beside Node.js; handed back, the build's summed peak is ~13 MB lower
    (bench/results/leaflet.md). Elsewhere (macOS' libc has no malloc_trim) nothing is done."""
    gc.collect()  # WeasyPrint's boxes and fonts refer to each other: freed only by a collection
    try:
        libc = (load or ctypes.CDLL)(None)  # the process's own C library
    except OSError:
        return False
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True
