"""What keeps the leaflet's layout cheap (scripts/renderers/leaflet.py): the references read again before
WeasyPrint's second pass (refresh_references), and the check of WeasyPrint's system libraries that does not
import it (system_problem)."""

from __future__ import annotations

import logging
import platform
import subprocess
import sys
from types import SimpleNamespace

import pytest
from babel.support import NullTranslations
from markupsafe import Markup

from scripts.config import file_safety
from scripts.renderers import leaflet, leaflet_layout, qr

from conftest import ROOT


class Lookup(SimpleNamespace):
    """A reference as WeasyPrint's TargetCollector keeps it (CounterLookupItem), recording its re-reads."""

    def __init__(self, index, missing=("page",), cached=None):
        super().__init__(
            page_maker_index=index,
            missing_counters=set(missing),
            missing_target_counters={},
            cached_page_counter_values=cached if cached is not None else {"pages": [0], "page": [2]},
            reads=[],
        )

    def parse_again(self, values):
        self.reads.append(values)


def page_maker(total: int, pages: int) -> list:
    """WeasyPrint's page_maker after a pass: entry i + 1 holds the counters of page i (i from 0)."""
    return [(None, {}, True, ([0], {"pages": [total], "page": [index]}, [], []), {}) for index in range(pages + 1)]


def collector(*lookups: object) -> SimpleNamespace:
    return SimpleNamespace(counter_lookup_items={(index, "content"): item for index, item in enumerate(lookups)})


def test_a_reference_whose_page_counters_changed_is_read_again_with_them():
    item = Lookup(1)
    maker = page_maker(total=19, pages=3)
    assert leaflet_layout.refresh_references(collector(item), maker) == 1
    assert item.reads == [{"pages": [19], "page": [2]}]
    assert item.cached_page_counter_values == {"pages": [19], "page": [2]}
    # a copy: WeasyPrint's own state of the page is not shared with the reference
    assert item.cached_page_counter_values is not maker[2][3][1]


def test_a_reference_whose_counters_are_current_is_left_alone():
    item = Lookup(0, cached={"pages": [19], "page": [1]})
    assert leaflet_layout.refresh_references(collector(item), page_maker(total=19, pages=3)) == 0
    assert item.reads == []


@pytest.mark.parametrize(
    "item",
    [
        Lookup(None),  # never placed on a page (WeasyPrint reads it when it places it)
        Lookup(5),  # on a page the last pass did not reach
        Lookup(1, missing=()),  # reads no counter of its own page: only its targets', which WeasyPrint follows
        Lookup(1, missing=("chapter",)),  # a counter its page does not have
    ],
)
def test_references_weasyprint_handles_itself_are_left_alone(item):
    before = dict(item.cached_page_counter_values)
    assert leaflet_layout.refresh_references(collector(item), page_maker(total=19, pages=3)) == 0
    assert item.reads == [] and item.cached_page_counter_values == before


@pytest.mark.parametrize(
    ("target_collector", "maker"),
    [
        (None, page_maker(19, 3)),  # no collector
        (SimpleNamespace(), page_maker(19, 3)),  # another WeasyPrint: no counter_lookup_items
        (collector(Lookup(1)), None),  # no page_maker
        (collector(SimpleNamespace(page_maker_index=1)), page_maker(19, 3)),  # a lookup without the attributes
        (collector(Lookup(1)), [(None, {}, True, "not a state", {})] * 4),  # a page state of another shape
    ],
)
def test_with_other_internals_nothing_is_done(target_collector, maker):
    assert leaflet_layout.refresh_references(target_collector, maker) == 0


FORWARD = '<p>{words} See <a href="#page-{target}">the {target} section</a>.</p>'


def _leaflet_with_forward_references() -> str:
    """Three topics of a few pages, each referring to a later one: references WeasyPrint resolves only
    after a first pass, as the contents' page numbers."""
    words = "Read this slowly and ask the clinic about anything that is not clear to you. " * 12
    pages = []
    for name, target in (("first", "second"), ("second", "third"), ("third", "first")):
        body = f"<h1>The {name} topic</h1>" + "".join(FORWARD.format(words=words, target=target) for _ in range(6))
        pages.append(
            leaflet.Page(
                anchor=f"page-{name}",
                title=f"The {name} topic",
                content=Markup(body),
                source=f"docs/en/{name}.md",
                address=f"https://x.org/en/{name}/",
            )
        )
    document = leaflet.Leaflet(
        lang="en",
        dir="ltr",
        title="Information",
        paper="A4",
        home_address="https://x.org/en/",
        home_qr=qr.qr_data_uri("https://x.org/en/"),
        pages=tuple(pages),
        contacts=Markup("<p>-</p>"),
        created="2026-11-25T10:00:00Z",
    )
    return leaflet.render_html(document, NullTranslations())


def _laid_out(html: str) -> tuple[leaflet_layout.Pdf, int]:
    """The PDF, and how many pages WeasyPrint laid out to make it (its progress log, one line a page)."""
    made: list[str] = []

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message.startswith("Step 5") and message.split()[-1].isdigit():
                made.append(message)

    progress = logging.getLogger("weasyprint.progress")
    handler, level = Count(), progress.level
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    try:
        files = file_safety.site_files(path for path in (ROOT / "overrides").rglob("*") if path.is_file())
        pdf = leaflet_layout.write_pdf(html, base_url=(ROOT / "docs" / "en").as_uri() + "/", site_files=files)
    finally:
        progress.removeHandler(handler)
        progress.setLevel(level)
    return pdf, len(made)


def test_references_read_before_the_second_pass_give_the_same_pdf_with_fewer_pages_laid_out(monkeypatch):
    html = _leaflet_with_forward_references()
    refreshed, refreshed_layouts = _laid_out(html)
    monkeypatch.setattr(leaflet_layout, "refresh_references", lambda collector, page_maker: 0)  # WeasyPrint's own way
    own, own_layouts = _laid_out(html)
    assert refreshed.warnings == () and refreshed.pages >= 4
    assert refreshed.data == own.data  # the same bytes: same pages, text, fonts, numbers
    assert refreshed_layouts < own_layouts, (refreshed_layouts, own_layouts)
    # every page once, then again only the pages whose references were unknown the first time
    assert refreshed_layouts < 2 * refreshed.pages


def test_the_layout_leaves_weasyprint_as_it_was():
    from weasyprint import layout

    original = layout.make_all_pages
    _laid_out(_leaflet_with_forward_references())
    assert layout.make_all_pages is original


def test_libraries_are_found_by_any_of_their_names_and_the_missing_ones_named():
    opened: list[str] = []

    def load(name: str) -> object:
        opened.append(name)
        if name not in ("pango-b", "hb-a"):
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    libraries = (("Pango", ("pango-a", "pango-b", "pango-c")), ("HarfBuzz", ("hb-a",)), ("Cairo", ("c-a", "c-b")))
    assert leaflet.unloadable(libraries, load) == ["Cairo"]
    assert opened == ["pango-a", "pango-b", "hb-a", "c-a", "c-b"]  # stops at the first name that opens


def test_a_missing_system_library_is_named_with_how_to_install_it(monkeypatch):
    libraries = (*leaflet.SYSTEM_LIBRARIES[:1], ("Pango", ("libno-such-pango-here.so.0",)))
    monkeypatch.setattr(leaflet, "SYSTEM_LIBRARIES", libraries)
    problem = leaflet.system_problem()
    assert problem is not None and "(Pango not found)" in problem
    assert "GObject" not in problem and "apt-get install libpango-1.0-0" in problem and "brew install pango" in problem


def test_missing_weasyprint_is_said_before_the_build(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "weasyprint" else real(name, *a))
    problem = leaflet.system_problem()
    assert problem is not None and "WeasyPrint" in problem and "not installed" in problem and "make site" in problem


def test_the_system_check_passes_here_without_importing_weasyprint():
    """WeasyPrint's import costs about half a second of CPU: a build whose leaflets come from the cache never
    pays it, and the check before the build does not either."""
    code = (
        "import sys; from scripts.renderers import leaflet; "
        "print(leaflet.system_problem()); print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["None", "False"], result.stdout + result.stderr


def test_memory_the_layout_freed_is_handed_back_where_the_c_library_can():
    trimmed: list[int] = []
    glibc = SimpleNamespace(malloc_trim=trimmed.append)
    assert leaflet_layout.return_freed_memory(lambda name: glibc) is True
    assert trimmed == [0]  # 0: keep no slack at the heap's top
    assert leaflet_layout.return_freed_memory(lambda name: SimpleNamespace()) is False  # macOS: no malloc_trim

    def unloadable(name):
        raise OSError("no C library")

    assert leaflet_layout.return_freed_memory(unloadable) is False
    # this machine's own C library, called for real: glibc (Debian, Ubuntu) has malloc_trim
    assert leaflet_layout.return_freed_memory() is (platform.libc_ver()[0] == "glibc")
