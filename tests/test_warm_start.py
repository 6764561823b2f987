"""A build of one language starts its build process with the command, to import while the command checks
(scripts/cli/warm_start.py), and builds exactly what a process started after the checks would: the arguments, the
whole environment and the folder it is told, its output and exit code as they are; untold, it ends having run
nothing; gone before it is told, one is started instead."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from scripts.cli import language_builds, warm_start
from scripts.cli.language_builds import LanguageJob
from scripts.cli.warm_start import engine_for
from scripts.config.paths import ROOT

# A stand-in for the generator, run with -m as `python -m mkdocs` is: it records what it was given and ends as asked.
ENGINE_MAIN = """
import atexit, json, os, sys
from pathlib import Path

out = Path(sys.argv[2])
atexit.register(lambda: (out / "atexit").write_text("ran"))
files = {}
for fd in (fd for fd in map(int, os.listdir("/proc/self/fd")) if fd > 2):
    try:
        files[fd] = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        pass  # the listing's own, closed by now
given = {"args": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd(), "pid": os.getpid(), "files": files}
(out / "given").write_text(json.dumps(given))
sys.stdout.write("built\\n")
sys.stderr.write("a warning\\n")
sys.exit(int(os.environ.get("PROBE_EXIT", "0")))
"""


@pytest.fixture
def engine_env(tmp_path: Path) -> dict[str, str]:
    package = tmp_path / "lib" / "fake_engine"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(ENGINE_MAIN)
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "lib"), str(ROOT)]), LEFT_OUT="yes")


def _told_env(engine_env: dict[str, str], **more: str) -> dict[str, str]:
    env = {key: value for key, value in engine_env.items() if key != "LEFT_OUT"}
    return {**env, **more}


@pytest.mark.parametrize(
    ("argv", "environ", "engine"),
    [
        (["build", "en"], {}, "mkdocs"),
        (["build", "--no-leaflets", "fr"], {}, "mkdocs"),
        (["build", "en", "--engine", "properdocs"], {}, "properdocs"),
        (["build", "--engine=properdocs", "en"], {}, "properdocs"),
        (["build", "--jobs", "2", "en"], {}, "mkdocs"),  # 2 is --jobs' value, not a language
        (["build", "en"], {"SITE_ENGINE": "properdocs"}, "properdocs"),
        (["build"], {}, None),  # every language: they build one a core already
        (["build", "en", "fr"], {}, None),
        (["build", "--jobs", "2"], {}, None),
        (["build", "en", "--engine", "zensical"], {}, None),  # the command refuses it
        (["check", "en"], {}, None),
        ([], {}, None),
        (["build", "en"], {"SITE_WARM_START": "off"}, None),
    ],
)
def test_only_a_command_line_build_of_one_language_starts_early(argv, environ, engine):
    assert engine_for(argv, environ) == engine


def test_the_process_builds_what_it_is_told_in_exactly_the_environment_told(tmp_path, engine_env):
    warm = warm_start.start("fake_engine", engine_env)
    told = _told_env(engine_env, PROBE="told", PROBE_EXIT="3")
    code, output = warm.run(["build", str(tmp_path)], told, str(tmp_path))
    assert (code, output) == (3, "built\na warning\n")
    given = json.loads((tmp_path / "given").read_text())
    assert given["pid"] == warm.pid
    assert given["args"] == ["build", str(tmp_path)] and given["cwd"] == str(tmp_path)
    assert given["env"] == told, "the build saw another environment than the one it was told"
    assert (tmp_path / "atexit").read_text() == "ran"
    with pytest.raises(ChildProcessError):
        os.waitpid(warm.pid, os.WNOHANG)  # collected


def test_a_process_never_told_ends_having_run_nothing(tmp_path, engine_env):
    warm = warm_start.start("fake_engine", engine_env)
    warm.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(warm.pid, os.WNOHANG)
    assert not (tmp_path / "given").exists()


def test_a_process_whose_command_ended_ends_too(tmp_path, engine_env):
    """The command gone before it could stop it (killed): the end of the input ends the process, untold."""
    warm = warm_start.start("fake_engine", engine_env)
    for fd in (warm.stdin, warm.stdout, warm.stderr):
        os.close(fd)
    deadline = time.monotonic() + 30
    while (ended := os.waitpid(warm.pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ended[0] == warm.pid and os.waitstatus_to_exitcode(ended[1]) == 0
    assert not (tmp_path / "given").exists()


def test_a_process_gone_before_it_is_told_is_replaced_by_one_started_then(tmp_path, engine_env, monkeypatch):
    warm = warm_start.start("fake_engine", engine_env)
    os.kill(warm.pid, signal.SIGKILL)
    os.waitpid(warm.pid, 0)
    assert warm.run(["build", str(tmp_path)], engine_env, str(tmp_path)) is None
    monkeypatch.setenv("PYTHONPATH", engine_env["PYTHONPATH"])
    warm = warm_start.start("fake_engine", engine_env)
    os.kill(warm.pid, signal.SIGKILL)
    os.waitpid(warm.pid, 0)
    job = LanguageJob(
        "en",
        [sys.executable, "-m", "scripts.cli.engine_process", "fake_engine", "build", str(tmp_path)],
        warm=warm.to_text(),
    )
    lang, code, output, _ = language_builds._build_one(job)
    assert (lang, code, output) == ("en", 0, "built\na warning\n")
    assert json.loads((tmp_path / "given").read_text())["args"] == ["build", str(tmp_path)]


def test_a_language_build_with_a_process_started_early_is_the_one_started_after(tmp_path, engine_env, monkeypatch):
    """The same job through language_builds, started early or not: the same arguments, environment, output."""
    monkeypatch.setenv("PYTHONPATH", engine_env["PYTHONPATH"])
    command = [sys.executable, "-m", "scripts.cli.engine_process", "fake_engine", "build", str(tmp_path)]
    job = LanguageJob("en", command, env={"PROBE": "job"}, unset=["LEFT_OUT"])
    seen = []
    for warm in (None, warm_start.start("fake_engine", engine_env)):
        one = job if warm is None else LanguageJob(**{**job.__dict__, "warm": warm.to_text()})
        seen.append((language_builds._build_one(one)[:3], json.loads((tmp_path / "given").read_text())))
    (cold, cold_given), (early, early_given) = seen
    assert early_given.pop("pid") == warm.pid, "the process started early did not build: another was started"
    cold_given.pop("pid")
    assert cold == early == ("en", 0, "built\na warning\n")
    assert early_given["env"] == cold_given["env"] and early_given["args"] == cold_given["args"]
    assert early_given["cwd"] == cold_given["cwd"] == str(ROOT)
    assert early_given["env"]["PROBE"] == "job" and "LEFT_OUT" not in early_given["env"]


def test_a_command_that_stops_before_building_stops_the_process(engine_env):
    warm_start._started = warm_start.start("fake_engine", engine_env)
    pid = warm_start._started.pid
    warm_start.let_go()
    assert warm_start._started is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_process_for_another_engine_is_not_taken(engine_env):
    warm_start._started = warm_start.start("fake_engine", engine_env)
    pid = warm_start._started.pid
    assert warm_start.take("mkdocs") is None and warm_start._started is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_process_gets_no_open_file_but_its_pipes(tmp_path, engine_env):
    """As a process subprocess starts: an open file the command inherited (a jobserver's pipe from make) is not
    passed on."""
    kept, other = os.pipe()
    os.set_inheritable(kept, True)
    try:
        warm = warm_start.start("fake_engine", engine_env)
        warm.run(["build", str(tmp_path)], engine_env, str(tmp_path))
    finally:
        os.close(kept)
        os.close(other)
    files = json.loads((tmp_path / "given").read_text())["files"]
    assert not any(link.startswith("pipe:") for link in files.values()), files


def test_a_process_that_cannot_be_started_leaves_the_build_as_before(engine_env, monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(24, "Too many open files")

    before = set(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "posix_spawn", refused)
    assert warm_start.start("fake_engine", engine_env) is None
    assert set(os.listdir("/proc/self/fd")) == before, "the pipes made for it were left open"


def test_a_collected_process_is_never_signalled(tmp_path, engine_env, monkeypatch):
    """Its number may be another process's once it is collected: stopping the build then signals nothing."""
    warm = warm_start.start("fake_engine", engine_env)
    warm.run(["build", str(tmp_path)], engine_env, str(tmp_path))
    signalled = []
    monkeypatch.setattr(os, "kill", lambda *args: signalled.append(args))
    warm.terminate()
    assert signalled == []


def test_a_build_stopped_before_it_was_told_stops_the_process_untold(tmp_path, engine_env, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", engine_env["PYTHONPATH"])
    warm = warm_start.start("fake_engine", engine_env)
    command = [sys.executable, "-m", "scripts.cli.engine_process", "fake_engine", "build", str(tmp_path)]
    language_builds._STOPPING.set()
    try:
        assert language_builds._build_one(LanguageJob("en", command, warm=warm.to_text()))[1:3] == (-1, "")
    finally:
        language_builds._STOPPING.clear()
    with pytest.raises(ChildProcessError):
        os.waitpid(warm.pid, os.WNOHANG)
    assert not (tmp_path / "given").exists()
