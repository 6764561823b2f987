"""A language build's process ends without the interpreter's teardown, and nothing a program asks for at its end is
lost (scripts/cli/engine_process.py): the exit code, the output, the `atexit` functions, a thread pool's work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.cli import engine_process
from scripts.config.paths import ROOT

# A stand-in for the generator: a package run with -m, as `python -m mkdocs` runs MkDocs' __main__.
ENGINE_MAIN = """
import atexit, concurrent.futures, sys, time
from pathlib import Path

out = Path(sys.argv[1])
atexit.register(lambda: (out / "atexit").write_text("ran"))
pool = concurrent.futures.ThreadPoolExecutor(1)  # left open, as a library may leave it
pool.submit(lambda: (time.sleep(0.3), (out / "pooled").write_text("done")))
sys.stdout.write("last words without a newline")
sys.stderr.write("a warning\\n")
{end}
"""


def _engine(tmp_path: Path, end: str) -> Path:
    package = tmp_path / "lib" / "fake_engine"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(ENGINE_MAIN.format(end=end))
    return tmp_path / "lib"


def _run(tmp_path: Path, end: str) -> subprocess.CompletedProcess:
    lib = _engine(tmp_path, end)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(lib), str(ROOT)]))
    return subprocess.run(
        [sys.executable, "-m", "scripts.cli.engine_process", "fake_engine", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(("end", "code"), [("sys.exit(3)", 3), ("", 0), ("sys.exit(None)", 0)])
def test_the_generator_s_exit_code_output_and_end_functions_are_kept(tmp_path, end, code):
    result = _run(tmp_path, end)
    assert result.returncode == code, result.stderr
    assert result.stdout == "last words without a newline" and result.stderr == "a warning\n"
    assert (tmp_path / "atexit").read_text() == "ran"
    assert (tmp_path / "pooled").read_text() == "done"  # the pool's work finished before the end


def test_a_message_given_to_exit_is_printed_and_fails(tmp_path):
    result = _run(tmp_path, "sys.exit('the config is wrong')")
    assert result.returncode == 1 and result.stderr.endswith("the config is wrong\n"), result.stderr


def test_an_exception_the_generator_lets_through_ends_the_process_as_python_would(tmp_path):
    result = _run(tmp_path, "raise RuntimeError('a bug')")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "RuntimeError: a bug" in result.stderr
    assert (tmp_path / "atexit").read_text() == "ran"


def test_exit_codes_are_the_interpreter_s(capsys):
    assert engine_process.exit_code(SystemExit()) == 0
    assert engine_process.exit_code(SystemExit(2)) == 2
    assert engine_process.exit_code(SystemExit("no")) == 1
    assert capsys.readouterr().err == "no\n"


def test_each_language_is_built_through_it_with_the_engine_chosen():
    from scripts.cli import site

    for engine in ("mkdocs", "properdocs"):
        job = site._language_job("en", False, True, engine)
        assert job.command[:5] == [sys.executable, "-m", "scripts.cli.engine_process", engine, "build"], job.command


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_what_a_build_started_early_imports_is_there_and_runs_nothing(engine):
    """scripts/cli/warm_start.py: the modules imported while the command checks exist for each engine, and none is
    a program's __main__ (importing one would run the build, untold)."""
    import importlib.util

    for name in engine_process.WARM_MODULES:
        module = name.format(engine=engine)
        assert not module.endswith("__main__"), module
        assert importlib.util.find_spec(module) is not None, f"{module}: no such module"
