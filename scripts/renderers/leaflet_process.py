"""The leaflet laid out in a process of its own, which ends with its layout.

Why: WeasyPrint's import (about 26 MB) and what its layout leaves in the C allocator and Python's heaps (about
20 MB more) stayed in the language build's process for the rest of its build, beside the pages' post-processing
and Node.js: at 50× the build's summed peak. A fresh interpreter that imports only the layout's code gives all of
it back when it ends. A fork would share the build's pages with it, but each it touches is copied, and every
page the two share is counted in both (the summed RSS the build's memory goal is measured by).

`Apart` is scripts/config/processes.py's child (a function called in a fresh interpreter, by pickle over its stdin
and stdout; what it raises comes back as `Failed`, one line for the build; it ends with the build), held to one
layout's process at a time in the whole build (LAYOUT_LOCK).
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable
from typing import Any

from scripts.config import processes
from scripts.config.paths import ROOT

LAYOUT = "scripts.renderers.leaflet_layout:write_pdf"
# From how many pages a language lays its leaflet out apart. The layout's leftovers cost only beside a large
# post-processing (at 650 pages a language, two builds at once: about 48 MB each at the build's peak); the child
# costs a second interpreter during the layout, which with few pages is when the build peaks (at 13 pages a
# language, apart: 401 MB summed instead of 363). Measured between, nothing cached, two runs each: at 65 pages a
# language apart 434-437 MB against 403-408 in the build; at 130 pages apart 388-391 against 416-417.
APART_FROM_PAGES = 100
# One layout's process at a time in the whole build: two languages reach their leaflet at about the same moment,
# and two such processes at once, beside both builds and Node.js, were the build's peak at 130 pages a language
# (85 + 32 MB of the 409). The others wait for the lock (the kernel's, let go when its holder ends, however it
# ends), doing nothing meanwhile but wait. Languages this large now build one at a time by default
# (scripts/cli/language_builds.py ONE_AT_A_TIME_FROM_PAGES); the lock still holds when `build --jobs` asks for more.
LAYOUT_LOCK = ROOT / ".cache" / "leaflet-layout.lock"


def lays_out_apart(pages: int) -> bool:
    """Whether a language of `pages` pages lays its leaflet out in a process of its own (APART_FROM_PAGES)."""
    return pages >= APART_FROM_PAGES


def layouts_at_once(pages: int) -> bool:
    """Whether a language of `pages` pages lays its leaflet's second layout (large print) out in a process of its own
    while this one lays out the first: when its build has a core to spare (processes.spare_core), on which that
    layout would otherwise wait (about 1.3 s at 13 pages a language; each page waits for both, it shows their
    sizes). A large language lays both out apart already, in one child, for its memory."""
    return processes.spare_core() and not lays_out_apart(pages)


Failed = processes.Failed


class Apart(processes.Apart):
    """A child process for a language's layouts, started on the first and ended by `close` (or the end of a
    `with` block): its two layouts share one, so WeasyPrint is imported once a language, as it was in the build's
    own process. One such process at a time in the whole build (LAYOUT_LOCK)."""

    def __init__(self) -> None:
        super().__init__(name="layout", kind="LayoutProcess", turn=_one_at_a_time)

    def write_pdf(self, document_html: str, *, base_url: str, site_files: frozenset) -> Any:
        """`leaflet_layout.write_pdf` in the child: the same PDF (a `leaflet_layout.Pdf`), and nothing of the layout left in
        this process once the child has ended."""
        return self.start_pdf(document_html, base_url=base_url, site_files=site_files)()

    def start_pdf(self, document_html: str, *, base_url: str, site_files: frozenset) -> Callable[[], Any]:
        """`write_pdf` begun, returning at once: what it returns waits for the PDF. The process is started here, by
        the caller's thread (the kernel stops it when the thread that started it ends)."""
        self.send(LAYOUT, document_html, base_url=base_url, site_files=site_files)
        return self.receive


@contextlib.contextmanager
def _one_at_a_time():
    """Held while this process's layout child lives (LAYOUT_LOCK); without a lock file, no wait."""
    try:
        LAYOUT_LOCK.parent.mkdir(parents=True, exist_ok=True)
        lock = open(LAYOUT_LOCK, "a")  # closed by the with below, once the layout is done
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def call_apart(target: str, *args: Any, **kwargs: Any) -> Any:
    """`target` called in a child process of its own, which has ended when this returns."""
    with Apart() as apart:
        return apart.call(target, *args, **kwargs)
