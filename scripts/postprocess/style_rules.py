"""One Node.js process works out the style rules (scripts/postprocess/purge-css.mjs) for every language of a
build, instead of one per language.

`python -m scripts.site build` builds each language in a process of its own, in parallel. Started per
language, Node.js loaded its modules and compiled PurgeCSS's code again each time, most of a language's
time there: the same work for a second language in a process already warm took a third of the first's.
`shared_process` (around the language builds) starts `serve-style-rules.mjs` on a Unix socket and names
the socket in SERVE_ENV, which the builds inherit; `ask` sends it one language's request from a build.
A build of one language goes through it too: it is the same one Node.js process, with its memory capped
(node_flags), and it ends with that language's answer. A build started any other way (MkDocs directly, the
benchmark's stages) runs purge-css.mjs on its own, as before: the answer is the same either way. A build that
has the process but cannot reach it (it ended on its heap cap, or crashed) runs its own too, and says so in the
build's output (`fallback_warning`): that process costs a Node.js start and has no memory cap, which once hid a
fault for a day.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from scripts.config import processes
from scripts.config.paths import ROOT

SERVE_ENV = "SITE_STYLE_RULES_SOCKET"
PURGE_SCRIPT = ROOT / "scripts" / "postprocess" / "purge-css.mjs"
SERVE_SCRIPT = ROOT / "scripts" / "postprocess" / "serve-style-rules.mjs"
# The shared process's heap, capped: left to itself V8 grew it to about 210 MB over five languages, kept
# for the rest of the build beside the language builds; at 128 MB its peak was about 140 MB for the same
# time (a language at 26 times the pages fits). Were it to run out, the builds left run their own (and say so).
HEAP_MB = 128
# Its young generation, sized by the pages of a language: V8's default (16 MB semi-spaces, three of them) is
# what grows its resident size most between collections, not what it keeps. At 2 MB it stayed about 100 MB
# resident instead of about 140 MB over five languages of 14 pages, for about a tenth more of its own CPU time;
# but at 130 pages a language it collected so often that the build took 15 % more CPU time: the default again
# from 256 pages. One MB per 16 pages, not 8: at 65 pages a language (5 MB, not 9) the whole build peaked at
# 384-390 MB instead of 410-413 (Node.js 112 MB, not 133), for 1-8 % more CPU time (two runs each, 2026-12-07).
# Its answers are the same (only when it collects changes), and no size can make a build fail. At most 8 MB, not
# V8's 16, since a language of 100 pages or more is worked out in two threads (purge-css.mjs threadsFor), each with
# its heap: at 650 pages a language Node.js peaked at 237 MB resident with 16 MB, 196 MB with 8, for the same CPU
# time (28.8 s against 29.8 s, one run each; 4 MB: 176 MB).
SEMI_SPACE_MB = (2, 8)  # the least, and the most
PAGES_PER_SEMI_SPACE_MB = 16
# And its optimising compiler on its own thread, not beside it on helper threads: each of those kept the memory
# its compilations had freed (about 7 MB less resident, the same CPU time; the same code is compiled).
# --expose-gc: between two languages it collects its garbage at once (serve-style-rules.mjs), not when its heap
# next fills: it waits for the next language about 77 MB resident instead of about 88-92, beside the language
# builds at their largest, for one collection (a few tens of ms) per language.
NODE_FLAGS = ("--no-concurrent-recompilation", "--expose-gc")
# How long a build waits for the shared process's socket: it is there from the start of the build (Node.js
# itself starts on the first request), so this is only reached when it could not be made (then the build runs
# its own).
CONNECT_WAIT_S = 10.0


def semi_space_mb(pages: int) -> int:
    """The young generation's semi-space for languages of at most `pages` pages (SEMI_SPACE_MB says why)."""
    least, most = SEMI_SPACE_MB
    return min(most, max(least, -(-pages // PAGES_PER_SEMI_SPACE_MB)))


def node_flags(pages: int = 0) -> list[str]:
    """V8's memory settings for the shared process, for languages of at most `pages` pages."""
    return [f"--max-old-space-size={HEAP_MB}", f"--max-semi-space-size={semi_space_mb(pages)}", *NODE_FLAGS]


@contextlib.contextmanager
def shared_process(builds: int = 2, node: str | None = None, *, pages: int = 0) -> Iterator[Path | None]:
    """While inside: one purge-css.mjs process that the `builds` started meanwhile ask (SERVE_ENV); yields
    its socket, or None when there is no build or no Node.js (each language build then reports that itself).
    `pages`: the most pages a language of the build has (node_flags).

    Node.js starts on the first request, not before (it held about 40 MB through the first languages' rules and
    leaflets, when their language model is loaded), and ends once it has answered `builds` requests, not with
    the last language's build: this process listens on the socket and passes it on (`listen_and_hand_over`)."""
    node = node or shutil.which("node")
    if node is None or builds < 1:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="style-rules-"))
    path = folder / "socket"
    started: list[subprocess.Popen] = []
    stop = listen_and_hand_over(
        path,
        lambda fd: [node, *node_flags(pages), str(SERVE_SCRIPT), "--fd", str(fd), str(builds)],
        started,
        backlog=builds,
    )
    previous = os.environ.get(SERVE_ENV)
    os.environ[SERVE_ENV] = str(path)
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(SERVE_ENV, None)
        else:
            os.environ[SERVE_ENV] = previous
        stop()
        for process in started:
            assert process.stdin is not None
            process.stdin.close()  # the process ends when its input does
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def listen_and_hand_over(
    path: Path, command: Callable[[int], list[str]], started: list[subprocess.Popen], *, backlog: int = 2
) -> Callable[[], None]:
    """Listen at `path`; on the first connection, start `command(fd)` with the listening socket as file
    descriptor fd (the connection waits for it in the socket's queue) and append it to `started`. Returns
    what stops waiting (and returns once nothing more is started).

    This process keeps no copy of the socket once the process is started: should that process end, a build
    waiting for an answer, or asking afterwards, is refused at once and runs its own (`ask`), instead of
    waiting for an answer nobody would send."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(max(backlog, 1))
    wake, woken = socket.socketpair()

    def start_on_first_request() -> None:
        try:
            ready, _, _ = select.select([listener, woken], [], [])
            if listener in ready:
                fd = listener.fileno()
                started.append(
                    subprocess.Popen(
                        command(fd), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT, pass_fds=(fd,)
                    )
                )
        except OSError:
            pass  # it could not start: the builds waiting are refused below and run their own
        finally:
            listener.close()

    starter = threading.Thread(target=start_on_first_request, daemon=True)
    starter.start()

    def stop() -> None:
        wake.send(b"\0")
        starter.join()
        wake.close()
        woken.close()

    return stop


def exchange(path: str, request: bytes) -> bytes:
    """One request to the process listening at `path` and its whole answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        parts = []
        while part := connection.recv(1 << 16):
            parts.append(part)
    return b"".join(parts)


class Unreachable(Exception):
    """This build has a shared process, and it did not answer; the message says why, in a few words."""


# How a build that fell back says it, once per language: what happened, what it costs, where to look. Measured on
# a language of 14 pages: 2.1-2.3 s of CPU and about 140 MB resident in a process of its own, against about 1.4 s
# for a second language in the shared process; at 50 times the pages, an uncapped process once reached 544 MB.
WARNING_START = "style rules: "


def fallback_warning(why: str) -> str:
    """The build's one line for a language whose shared process did not answer (`why`: Unreachable's words)."""
    return (
        f"{WARNING_START}the build's shared Node.js process did not answer ({why}), so this language ran "
        f"scripts/postprocess/purge-css.mjs in a Node.js process of its own — the site is the same, but that costs "
        f"a Node.js start (about a second of CPU) and memory without the shared process's {HEAP_MB} MB heap cap "
        f"(hundreds of MB on a large site); look for why it ended: Node.js's message above (its heap cap, HEAP_MB "
        f"in scripts/postprocess/style_rules.py, or a crash of scripts/postprocess/serve-style-rules.mjs)"
    )


def ask(request: dict, *, wait_s: float = CONNECT_WAIT_S) -> dict | None:
    """The shared process's answer to one language's request, or None when this build has none (started another
    way: the caller runs purge-css.mjs itself). Unreachable when it has one that does not answer: the caller runs
    its own then too, and says so (`fallback_warning`)."""
    path = os.environ.get(SERVE_ENV)
    if not path:
        return None
    data = json.dumps(request).encode("utf-8")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            answer = exchange(path, data)
        except FileNotFoundError:  # not listening yet
            if time.monotonic() >= deadline:
                raise Unreachable(f"its socket {path} was not there after {wait_s:g} s") from None
            time.sleep(0.05)
            continue
        except ConnectionRefusedError:
            raise Unreachable("it refused the connection: it had ended") from None
        except OSError as error:
            raise Unreachable(f"it went away mid-answer: {error.strerror or error}") from None
        if not answer:
            raise Unreachable("it ended without answering")
        return json.loads(answer)


# Set by the language builds (scripts/cli/language_builds.py) for a language built with no other beside it: one
# language asked for, or a large language (they are built one at a time). Its MkDocs process renders on one core,
# so its pages are named ahead (PagesAhead) for the other. Two languages built at once keep both cores busy.
ALONE_ENV = "SITE_LANGUAGE_BUILT_ALONE"


def ahead_for(cores: int | None = None) -> bool:
    """Whether this language build names its pages ahead: built alone (ALONE_ENV), with a second core."""
    return os.environ.get(ALONE_ENV) == "1" and (cores if cores is not None else processes.cores()) > 1


class PagesAhead:
    """Names each page to the build's shared process (SERVE_ENV) as soon as MkDocs has written it, so that its rules
    are worked out on the core the render leaves idle (purge-css.mjs PagesAhead), not after the last page. Started
    before the first page is rendered, it also has Node.js started and its code loaded by the time of the request.

    Only a head start: the language's request at the end (`ask`) is answered from the pages' HTML as it then is, and
    uses what was found ahead only for a page whose HTML and stylesheets are the same. Nothing here can fail a
    build: should the process not be there or go away, the pages are simply worked out at the end, as before."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection: socket.socket | None = connection

    @classmethod
    def start(cls, ahead: dict) -> PagesAhead | None:
        """A connection naming pages for `ahead` ({siteDir, stylesheet, site, pagesCache, codeKey}: the request's
        fields, `site` the site's stylesheet as the request will find it), or None when this build has no shared
        process to name them to."""
        path = os.environ.get(SERVE_ENV)
        if not path:
            return None
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        named = cls(connection)
        try:
            connection.connect(path)
        except OSError:
            connection.close()
            return None
        named._send([{"ahead": ahead}])
        return named if named._connection is not None else None

    def written(self, pages: list[str]) -> None:
        """These pages (paths in the language's folder) are written."""
        self._send(pages)

    def close(self) -> None:
        """No more pages: the process finishes those named (before the language's request)."""
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.shutdown(socket.SHUT_WR)
            self._connection.close()
            self._connection = None

    def _send(self, values: list) -> None:
        if self._connection is None or not values:
            return
        try:
            self._connection.sendall("".join(json.dumps(value) + "\n" for value in values).encode("utf-8"))
        except OSError:  # the process went away: the pages are worked out at the end
            self._connection.close()
            self._connection = None
