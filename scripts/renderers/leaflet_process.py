"""The leaflet laid out in a process of its own, which ends with its layout.

Why: WeasyPrint's import (about 26 MB) and what its layout leaves in the C allocator and Python's heaps (about
20 MB more) stayed in the language build's process for the rest of its build, beside the pages' post-processing
and Node.js: at 50× the build's summed peak. A fresh interpreter that imports only the layout's code gives all of
it back when it ends. A fork would share the build's pages with it, but each it touches is copied, and every
page the two share is counted in both (the summed RSS the build's memory goal is measured by).

`Apart().call("module:function", *args)` runs the function in a child `python -m scripts.renderers.leaflet_process`,
started on the first call and ended on `close`; arguments and results cross by pickle over the child's stdin and
stdout (only this project's own child reads or writes them). What the function raises comes back as `Failed`,
with its exception's name and message, so the build reports it as one line like any layout problem. The child ends when the process that started it ends (a
build stopped from outside: Linux' parent-death signal), so that no layout goes on after the build has stopped.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import os
import pickle
import signal
import subprocess
import sys
from typing import Any

from scripts.config.paths import ROOT

MODULE = "scripts.renderers.leaflet_process"
LAYOUT = "scripts.renderers.leaflet_layout:write_pdf"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
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


class Failed(Exception):
    """The function raised in the child (`kind`: its exception's name), or the child ended without a result."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.kind}: {self.args[0]}"


class Apart:
    """A child process that calls functions for this one, one call at a time, started on the first call and
    ended by `close` (or the end of a `with` block): a language's two layouts share one, so WeasyPrint is
    imported once a language, as it was in the build's own process."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._turn = contextlib.ExitStack()

    def call(self, target: str, *args: Any, **kwargs: Any) -> Any:
        """`target` ("package.module:function") called with these arguments in the child; its result."""
        if self._process is None:
            self._turn.enter_context(_one_at_a_time())
            # Its stderr is the build's: what the layout's libraries say reaches it as before.
            self._process = subprocess.Popen(
                [sys.executable, "-m", MODULE, str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            pickle.dump((target, args, kwargs), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
            ok, value = pickle.load(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            self._process = None
            status = process.wait()
            self._turn.close()
            ended = f"was killed by {signal.Signals(-status).name}" if status < 0 else f"ended with status {status}"
            raise Failed("LayoutProcess", f"the layout's process {ended} before it answered") from None
        if not ok:
            raise Failed(*value)
        return value

    def write_pdf(self, document_html: str, *, base_url: str, site_files: frozenset) -> Any:
        """`leaflet_layout.write_pdf` in the child: the same PDF (a `leaflet_layout.Pdf`), and nothing of the layout left in
        this process once the child has ended."""
        return self.call(LAYOUT, document_html, base_url=base_url, site_files=site_files)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.close()  # the child's loop ends on it
            process.wait()
            process.stdout.close()
        self._turn.close()

    def __enter__(self) -> Apart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


def _end_with_parent(parent: int) -> None:
    """Have the kernel stop this process when its parent ends (Linux); elsewhere it runs to its end."""
    import ctypes

    try:
        prctl = getattr(ctypes.CDLL(None), "prctl", None)
    except OSError:
        prctl = None
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(128 + signal.SIGTERM)


def main() -> None:
    _end_with_parent(int(sys.argv[1]))
    # The results alone go to stdout: anything a library prints goes to stderr, the build's.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    while True:
        try:
            target, args, kwargs = pickle.load(requests)
        except EOFError:  # the parent has closed: no more layouts
            return
        module, _, name = target.partition(":")
        try:
            reply = (True, getattr(importlib.import_module(module), name)(*args, **kwargs))
        except Exception as exc:  # said by the parent as one line of the build's problems
            reply = (False, (type(exc).__name__, str(exc)))
        pickle.dump(reply, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()


if __name__ == "__main__":
    main()
