"""A language build's process: the generator's own command line (`python -m mkdocs build …`, or ProperDocs'), run
as `python -m scripts.cli.engine_process ENGINE ARGS…`, and ended without the interpreter's teardown.

Why: once the generator has written the site and printed its last line, Python's teardown (collecting and freeing
the objects of MkDocs, Markdown, Babel and every page, then every module) is about 0.1 s that an editor waits for
after an edit and nobody needs. What a program asks to be done at its end still is: the threads' exit functions
(a thread pool's workers are let go and joined) and every `atexit` function (logging's flush); then the output is
flushed and the process ends with the generator's own exit code. An exception the generator does not turn into an
exit code ends the process as it would have (its traceback, then the teardown): scripts/cli/language_builds.py
makes one line of it.

`python -m scripts.cli.engine_process --warm ENGINE` is the same process started early (scripts/cli/warm_start.py):
it imports what every build imports, then reads one line, `{"args": […], "env": {…}, "cwd": "…"}`, and runs the
generator with those arguments in exactly that environment; the end of its input instead ends it, having run
nothing.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import runpy
import sys
import threading


def exit_code(exc: SystemExit) -> int:
    """The process's exit code for `sys.exit(value)`, as the interpreter gives it: None is 0, a number is itself,
    anything else is printed to stderr and is 1."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def run(engine: str, args: list[str]) -> int:
    """The generator's command line (`python -m ENGINE ARGS…`) in this process; its exit code."""
    sys.argv = [engine, *args]
    try:
        runpy.run_module(engine, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return exit_code(exc)
    return 0


def end(code: int) -> None:
    """What the interpreter does at its end and the program may notice, then the end, without the teardown."""
    shutdown = getattr(threading, "_shutdown", None)  # joins the threads and runs their exit functions (pools)
    if callable(shutdown):
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: nobody is reading
    os._exit(code)


# What every build imports before it reads a page (about 0.35 s): the generator's command-line library, build and
# configuration (never its __main__, which is the build itself); the modules the project's hooks import (MkDocs
# loads the hooks themselves from their files); Material's search plugin. Each is looked up with the engine's
# name; one that is missing or fails is left to the build, which imports it again and says what stops it.
WARM_MODULES = (
    "click",
    "{engine}.commands.build",
    "{engine}.config.defaults",
    "material.plugins.search.plugin",
    "scripts.adapters.context",
    "scripts.adapters.macros",
    "scripts.rules.registry",
    "scripts.postprocess.pages",
)


def warm(engine: str) -> int:
    """Import what the build will, wait to be told what to build, build it: its exit code (0 when never told)."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name.format(engine=engine))
        except Exception:  # the build imports it again, and reports what stops it as it always does
            pass
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the command ended before its checks passed
    told = json.loads(line)
    os.environ.clear()
    os.environ.update(told["env"])
    os.chdir(told["cwd"])
    return run(engine, told["args"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--warm"] and len(sys.argv) == 3:
        end(warm(sys.argv[2]))
    if len(sys.argv) < 2:
        sys.exit("usage: python -m scripts.cli.engine_process ENGINE [ARGS…]")
    end(run(sys.argv[1], sys.argv[2:]))
