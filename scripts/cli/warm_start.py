"""One language's build process, started before the command has checked what the build reads.

After an edit, an editor rebuilds one language (`python -m scripts.site build en`). The command first imports
most of the project and checks the configs, catalogs and system libraries (about 0.5 s); the language's build
process then imports MkDocs, Material and the project's hooks (about 0.35 s) before it reads a page. Started at
the command's first line instead (`begin`, from scripts/site.py), the build process imports while the command
checks, on the other core, then waits to be told what to build (`WarmBuild.run`): the generator's arguments, the
folder and the whole of os.environ the build would have had, so that it builds what a process started then would
(README, "Speed and size"; what it imports early reads no environment variable the command sets). If the checks
fail, the command stops it (`let_go`), and had the command no time to, the end of its input ends it: either way it
has written nothing.

Only for a build of one language named on the command line, run from the project's folder, on POSIX: a build of
several languages runs them one a core already, and its process beside the builds is kept small
(scripts/cli/language_builds.py).
`SITE_WARM_START=off` starts the build process when the checks have passed, as before.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from scripts.config.generators import ENGINES, QUIET_ENV, engine_named
from scripts.config.paths import ROOT

SWITCH_ENV = "SITE_WARM_START"
# `build`'s options that take a value (scripts/cli/site.py): their value is not a language.
VALUE_OPTIONS = ("--engine", "--jobs")


def engine_for(argv: list[str], environ: Mapping[str, str] = os.environ) -> str | None:
    """The generator a command line's build of one language uses, or None when the command is not one (another
    command, no language or several named, an engine the build does not know: the command says what is wrong)."""
    if os.name != "posix" or environ.get(SWITCH_ENV, "").strip().lower() == "off" or argv[:1] != ["build"]:
        return None
    langs, engine, rest = [], engine_named(environ), iter(argv[1:])
    for word in rest:
        name, _, value = word.partition("=")
        if name in VALUE_OPTIONS:
            value = value or next(rest, "")
            if name == "--engine":
                engine = value
        elif not word.startswith("-"):
            langs.append(word)
    return engine if len(langs) == 1 and engine in ENGINES else None


@dataclasses.dataclass(frozen=True)
class WarmBuild:
    """A build process waiting to be told what to build: its id and the ends of its three pipes held here.

    As text (`to_text`), it crosses the command's os.execv into scripts/cli/language_builds.py, which inherits the
    pipes, and is still the process's parent."""

    engine: str
    pid: int
    stdin: int
    stdout: int
    stderr: int
    # Held while it is signalled or collected: once collected, its number may be another process's.
    _ending: threading.Lock = dataclasses.field(default_factory=threading.Lock, compare=False, repr=False)
    _collected: list[bool] = dataclasses.field(default_factory=list, compare=False, repr=False)

    def to_text(self) -> str:
        return json.dumps(
            {"engine": self.engine, "pid": self.pid, "stdin": self.stdin, "stdout": self.stdout, "stderr": self.stderr}
        )

    @classmethod
    def from_text(cls, text: str) -> WarmBuild:
        return cls(**json.loads(text))

    def run(self, args: list[str], env: dict[str, str], cwd: str) -> tuple[int, str] | None:
        """Build with the generator's `args`, os.environ set to `env`, from `cwd`: the exit code and what it printed
        (standard output, then its errors). None when the process had already ended (it could not be told): start
        one instead."""
        message = (json.dumps({"args": args, "env": env, "cwd": cwd}) + "\n").encode("utf-8")
        try:
            while message:
                message = message[os.write(self.stdin, message) :]
        except BrokenPipeError:
            os.close(self.stdin)
            self._collect()
            return None
        os.close(self.stdin)
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.append(_read_all(self.stderr)))
        reader.start()
        output = _read_all(self.stdout)
        reader.join()
        return self._wait(), output + "".join(errors)

    def terminate(self) -> None:
        """Stop it (the build stopped from outside: scripts/cli/language_builds.py), unless it is collected."""
        with self._ending:
            if not self._collected:
                os.kill(self.pid, signal.SIGTERM)

    def abandon(self) -> None:
        """Stop it untold (it has only imported) and collect its end."""
        self.terminate()
        os.close(self.stdin)
        self._collect()

    def _collect(self) -> None:
        """Its output let go and its end collected (the input's end already closed)."""
        os.close(self.stdout)
        os.close(self.stderr)
        self._wait()

    def _wait(self) -> int:
        """Its exit code, once it has ended."""
        with self._ending:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:  # collected by someone else already
                status = None
            self._collected.append(True)
        return -1 if status is None else os.waitstatus_to_exitcode(status)


def _read_all(fd: int) -> str:
    with os.fdopen(fd, encoding="utf-8", errors="replace") as stream:
        return stream.read()


_started: WarmBuild | None = None


def begin(argv: list[str]) -> None:
    """Start the build process now when the command line is a build of one language (`engine_for`), run from the
    project's folder (where a build process started later runs: the modules it finds first are the same)."""
    global _started
    engine = engine_for(argv)
    if engine is not None and Path.cwd() == ROOT:
        _started = start(engine, dict(os.environ, **QUIET_ENV))


def start(engine: str, env: dict[str, str]) -> WarmBuild | None:
    """`python -m scripts.cli.engine_process --warm ENGINE` started in `env`, its pipes' ends held here; None if it
    cannot be started (too many open files, say): the build then starts its process after the checks.

    posix_spawn, not subprocess: the process is this one's to collect (os.waitpid), with no Popen object that
    would collect it first. It gets the three pipes and no other open file, as subprocess's processes (the pipes'
    other ends, os.pipe's, are never inherited; these ends are kept across os.execv)."""
    opened: list[int] = []
    try:
        for _ in range(3):
            opened += os.pipe()
        child_in, stdin, stdout, child_out, stderr, child_err = opened
        closed = [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inherited_files()]
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", "scripts.cli.engine_process", "--warm", engine],
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, child_in, 0),
                (os.POSIX_SPAWN_DUP2, child_out, 1),
                (os.POSIX_SPAWN_DUP2, child_err, 2),
                *closed,
            ],
        )
    except OSError:
        for fd in opened:
            os.close(fd)
        return None
    for fd in (child_in, child_out, child_err):
        os.close(fd)
    for fd in (stdin, stdout, stderr):
        os.set_inheritable(fd, True)
    return WarmBuild(engine, pid, stdin, stdout, stderr)


def _inherited_files() -> list[int]:
    """The open files past the three standard ones that a process started now would inherit (a jobserver's pipe
    from make, say); none where the system does not list them."""
    try:
        numbers = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return []
    inherited = []
    for fd in numbers:
        try:
            if fd > 2 and os.get_inheritable(fd):
                inherited.append(fd)
        except OSError:
            pass  # the listing's own, closed by now
    return inherited


def let_go() -> None:
    """The command ends without having built (its checks failed, or it was another command): stop the process."""
    global _started
    if _started is not None:
        _started.abandon()
        _started = None


def take(engine: str) -> WarmBuild | None:
    """The build process started by `begin` for `engine`, once (None if none was, or for another engine)."""
    global _started
    warm, _started = _started, None
    if warm is not None and warm.engine != engine:
        warm.abandon()
        return None
    return warm
