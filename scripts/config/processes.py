"""A child process of the build that calls functions for it, and what makes it end with the build.

Why a fresh interpreter and not a fork: it imports only what its functions need and gives every byte back when it
ends; a fork would share the build's pages with it, each it touches copied, and every page the two share counted in
both (the summed RSS the build's memory goal is measured by). Used by the leaflet's layout
(scripts/renderers/leaflet_process.py), and from 100 pages a language by the pages' post-processing
(scripts/postprocess/pages.py `process_pages_in_two`) and the QR codes (scripts/adapters/printed.py).

`Apart().call("module:function", *args)` runs the function in a child `python -m scripts.config.processes`, started
on the first call and ended on `close`; `send` and `receive` are the call's two halves, so that this process can
work meanwhile. Arguments and results cross by pickle over the child's stdin and stdout (only this project's own
child reads or writes them). What the function raises comes back as `Failed`, with its exception's name and
message, so the build reports it as one line. The child ends when the process that started it ends (a build stopped
from outside: Linux' parent-death signal), so that no work goes on after the build has stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from scripts.config.paths import ROOT

MODULE = "scripts.config.processes"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
ApartT = TypeVar("ApartT", bound="Apart")


def cores() -> int:
    """The cores this build counts on: the language builds take one language at a time, and a language build works
    in a second process or thread, only where there is more than one (os.cpu_count, as on every system)."""
    return os.cpu_count() or 1


# Set by the language builds (scripts/cli/language_builds.py) for a build with a core to spare: built alone, or the
# last of the languages to start (the others are near their end by then). It then lays its leaflet's second layout
# out beside the first (scripts/renderers/leaflet_process.py layouts_at_once).
SPARE_CORE_ENV = "SITE_BUILD_HAS_A_SPARE_CORE"


def spare_core() -> bool:
    """Whether this build was told it has a core to spare (SPARE_CORE_ENV), on a machine with a second core."""
    return os.environ.get(SPARE_CORE_ENV) == "1" and cores() > 1


class Failed(Exception):
    """The function raised in the child (`kind`: its exception's name), or the child ended without a result."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.kind}: {self.args[0]}"


class Apart:
    """A child process that calls functions for this one, one call at a time, started on the first call and
    ended by `close` (or the end of a `with` block).

    `name` says whose process it is in a failure ("the layout's process was killed by SIGKILL…"), `kind` is that
    failure's `Failed.kind`; `turn`, when given, is held from the child's start to its end (a lock: one such child
    at a time in the whole build)."""

    def __init__(
        self,
        *,
        name: str = "child",
        kind: str = "ChildProcess",
        turn: Callable[[], contextlib.AbstractContextManager] | None = None,
    ) -> None:
        self._process: subprocess.Popen | None = None
        self._name, self._kind, self._turn_of = name, kind, turn
        self._turn = contextlib.ExitStack()

    def call(self, target: str, *args: Any, **kwargs: Any) -> Any:
        """`target` ("package.module:function") called with these arguments in the child; its result."""
        self.send(target, *args, **kwargs)
        return self.receive()

    def send(self, target: str, *args: Any, **kwargs: Any) -> None:
        """Ask the child for `target`'s result, and return at once: `receive` waits for it."""
        if self._process is None:
            if self._turn_of is not None:
                self._turn.enter_context(self._turn_of())
            # Its stderr is the build's: what the child's libraries say reaches it as before.
            self._process = subprocess.Popen(
                [sys.executable, "-m", MODULE, str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        assert self._process.stdin is not None
        try:
            pickle.dump((target, args, kwargs), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except OSError:
            self._ended()

    def receive(self) -> Any:
        """The result of the call `send` asked for (Failed when the function raised or the child ended)."""
        process = self._process
        if process is None:
            raise Failed(self._kind, f"the {self._name}'s process had ended before it was asked")
        assert process.stdout is not None
        try:
            ok, value = pickle.load(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            self._ended()
        if not ok:
            raise Failed(*value)
        return value

    def _ended(self):
        process, self._process = self._process, None
        assert process is not None
        status = process.wait()
        self._turn.close()
        ended = f"was killed by {signal.Signals(-status).name}" if status < 0 else f"ended with status {status}"
        raise Failed(self._kind, f"the {self._name}'s process {ended} before it answered") from None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.close()  # the child's loop ends on it
            process.wait()
            process.stdout.close()
        self._turn.close()

    def __enter__(self: ApartT) -> ApartT:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def end_with_parent(parent: int) -> None:
    """Have the kernel stop this process when its parent (`parent`, its pid) ends; elsewhere it runs to its end."""
    try:
        prctl = getattr(ctypes.CDLL(None), "prctl", None)
    except OSError:
        prctl = None
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(128 + signal.SIGTERM)


def main() -> None:
    end_with_parent(int(sys.argv[1]))
    # The results alone go to stdout: anything a library prints goes to stderr, the build's.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    while True:
        try:
            target, args, kwargs = pickle.load(requests)
        except EOFError:  # the parent has closed: no more calls
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
