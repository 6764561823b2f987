"""The leaflet laid out in a process of its own, which ends with its layout.

Why: WeasyPrint's import (about 26 MB) and what its layout leaves in the C allocator and Python's heaps (about
20 MB more) stayed in the language build's process for the rest of its build, beside the pages' post-processing
and Node.js: at 50× the build's summed peak. A fresh interpreter that imports only the layout's code gives all of
it back when it ends. A fork would share the build's pages with it, but each it touches is copied, and every
page the two share is counted in both (the summed RSS the build's memory goal is measured by).

`call_apart("module:function", *args)` runs the function in a child `python -m scripts.renderers.leaflet_process`;
its arguments and result cross by pickle over the child's stdin and stdout (only this project's own child reads
or writes them). What the function raises comes back as `Failed`, with its exception's name and message, so the
build reports it as one line like any layout problem. The child ends when the process that started it ends (a
build stopped from outside: Linux' parent-death signal), so that no layout goes on after the build has stopped.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import subprocess
import sys
from typing import Any

from scripts.config.paths import ROOT

MODULE = "scripts.renderers.leaflet_process"
LAYOUT = "scripts.renderers.leaflet:write_pdf"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Failed(Exception):
    """The function raised in the child (`kind`: its exception's name), or the child ended without a result."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.kind}: {self.args[0]}"


def call_apart(target: str, *args: Any, **kwargs: Any) -> Any:
    """`target` ("package.module:function") called with these arguments in a child process; its result."""
    request = pickle.dumps((target, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    done = subprocess.run(
        [sys.executable, "-m", MODULE, str(os.getpid())], input=request, capture_output=True, cwd=ROOT, check=False
    )
    if done.stderr:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))  # what the layout's libraries said, as before
    if done.returncode != 0 or not done.stdout:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        ended = f"killed by {signal.Signals(-done.returncode).name}" if done.returncode < 0 else "ended"
        raise Failed("LayoutProcess", f"the layout's process {ended} (status {done.returncode}) {last}".strip())
    ok, value = pickle.loads(done.stdout)
    if not ok:
        raise Failed(*value)
    return value


def write_pdf_apart(document_html: str, *, base_url: str, site_files: frozenset) -> Any:
    """`leaflet.write_pdf` in a child process: the same PDF (a `leaflet.Pdf`), and nothing of the layout left
    in this one."""
    return call_apart(LAYOUT, document_html, base_url=base_url, site_files=site_files)


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
    # The result alone goes to stdout: anything a library prints goes to stderr, which the parent passes on.
    result_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    target, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    module, _, name = target.partition(":")
    try:
        reply = (True, getattr(importlib.import_module(module), name)(*args, **kwargs))
    except Exception as exc:  # said by the parent as one line of the build's problems
        reply = (False, (type(exc).__name__, str(exc)))
    result_out.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    result_out.flush()


if __name__ == "__main__":
    main()
