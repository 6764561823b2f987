"""The language builds of `python -m scripts.site build` (scripts/cli/language_builds.py), run from a process that
imports almost nothing: the command line's build hands its process over to them once its checks pass."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scripts.cli import language_builds
from scripts.cli import site as site_command
from scripts.cli.language_builds import Job, LanguageJob
from scripts.config import processes
from scripts.postprocess import style_rules
from scripts.rules import language_check

ROOT = Path(__file__).resolve().parent.parent

# What the checks before a build import, and the language builds' process must not hold beside them.
HEAVY = (
    "scripts.rules",
    "scripts.renderers",
    "scripts.config.project_config",
    "scripts.config.site_config",
    "scripts.i18n",
    "pydantic",
    "jinja2",
    "mkdocs",
    "yaml",
    "weasyprint",
)


def fake_language(lang: str, code: str, **fields) -> LanguageJob:
    """A language whose 'build' is a line of Python: what it prints is its output."""
    return LanguageJob(lang, [sys.executable, "-c", code], **fields)


def test_the_process_beside_the_language_builds_imports_almost_nothing():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, scripts.cli.language_builds; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = result.stdout.split()
    assert "scripts.cli.language_builds" in imported
    assert [name for name in imported if name.startswith(HEAVY)] == []


def test_a_job_is_the_same_after_its_trip_through_the_command_line():
    job = Job(
        [
            LanguageJob("en", ["python", "-m", "mkdocs"], env={"NO_LEAFLETS": "1"}, unset=["NO_LEAFLETS"]),
            LanguageJob("ar", ["python", "-m", "properdocs"], env={}),
        ],
        engine="properdocs",
        offline=True,
        quiet=True,
    )
    assert Job.from_json(job.to_json()) == job
    assert json.loads(job.to_json())["languages"][1]["lang"] == "ar"


def test_each_language_runs_with_its_own_environment_and_a_failure_is_told(monkeypatch, capsys):
    monkeypatch.setenv("LEFT_OUT", "from the build's own environment")
    monkeypatch.setenv("KEPT", "kept")
    code = "import os, sys; print('ERROR - ', os.environ.get('GIVEN'), os.environ.get('LEFT_OUT'), os.environ['KEPT']); sys.exit(1)"
    job = Job(
        [fake_language("xx", code, env={"GIVEN": "given"}, unset=["LEFT_OUT"]), fake_language("yy", code, env={})]
    )
    assert language_builds.run(job) == 1
    out = capsys.readouterr().out
    assert "✗ xx: the build failed. Fix these and run it again:\n  given None kept" in out
    assert "✗ yy: the build failed. Fix these and run it again:\n  None from the build's own environment kept" in out
    assert "The site is in" not in out  # no root pages over a failed language


def test_mkdocs_messages_are_reworded_for_the_language_that_printed_them(capsys):
    line = "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files."
    job = Job([fake_language("fr", f"import sys; print({line!r}); sys.exit(1)")])
    assert language_builds.run(job) == 1
    assert "  docs/fr/a.md: link 'b.md': no such page in docs/fr/" in capsys.readouterr().out


def test_the_module_run_as_a_program_says_the_same_and_exits_with_the_builds_status():
    job = Job([fake_language("xx", "import sys; print('ERROR - it broke'); sys.exit(3)")])
    result = subprocess.run(
        [sys.executable, "-m", "scripts.cli.language_builds", job.to_json()], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout == "\n✗ xx: the build failed. Fix these and run it again:\n  it broke\n"


def test_the_style_rules_fallback_is_said_once_as_it_is_not_among_the_pages_warnings(monkeypatch, capsys):
    """post_build's warning as MkDocs writes it into a language's output, beside a page's warning (the rules')."""
    from mkdocs.__main__ import ColorFormatter

    from scripts.adapters import post_build

    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    handler.setFormatter(ColorFormatter())
    monkeypatch.setattr(ColorFormatter.text_wrapper, "width", 0)  # as in a build: its output is not a terminal
    monkeypatch.setattr(post_build.log, "level", logging.INFO)
    monkeypatch.setattr(post_build.log, "handlers", [handler])
    monkeypatch.setattr(post_build.log, "propagate", False)
    page_warning = "docs/xx/a.md:3: a sentence of 31 words — split it"
    post_build.log.info(f"warning: {page_warning}")  # as scripts/adapters/language.py logs the rules' warnings
    fallback = style_rules.fallback_warning("it refused the connection: it had ended")
    post_build._warn(fallback)
    assert language_builds._build_warnings(logged.getvalue()) == [page_warning, fallback]
    job = Job([fake_language("xx", f"print({logged.getvalue()!r})")])
    assert language_builds.run(job) == 0
    out = capsys.readouterr().out
    assert out.count(style_rules.WARNING_START) == 1
    assert f"→ site/xx/\n  ! {fallback}\n" in out
    assert f"  ! 1 warning(s), shown on the pages; `make check` lists them all:\n    {page_warning}\n" in out


class HandedOver(Exception):
    pass


def test_the_command_line_build_hands_its_process_over_once_the_checks_pass(monkeypatch):
    calls = []

    def execv(path, argv):
        calls.append((path, argv))
        raise HandedOver

    monkeypatch.setattr(os, "execv", execv)
    monkeypatch.setattr(site_command, "system_problem", lambda: None)
    with pytest.raises(HandedOver):
        site_command.build(["en", "ar"], leaflets=False, handover=True)
    [(path, argv)] = calls
    assert path == sys.executable and argv[:3] == [sys.executable, "-m", "scripts.cli.language_builds"]
    job = Job.from_json(argv[3])
    assert [language.lang for language in job.languages] == ["en", "ar"]
    assert job.languages[1].command[-1] == str(ROOT / "mkdocs.ar.yml")
    # every text's language judged here, once, and handed to each language's build
    verdicts = Path(job.verdicts)
    try:
        assert job.languages[0].env == {
            site_command.NO_LEAFLETS_ENV: "1",
            language_check.HANDED_VERDICTS_ENV: job.verdicts,
        }
        assert job.languages[1].env[language_check.HANDED_VERDICTS_ENV] == job.verdicts
        assert language_check.HANDED_VERDICTS_ENV in job.languages[0].unset  # never one inherited
        assert len(json.loads(verdicts.read_text(encoding="utf-8"))) > 10
    finally:
        verdicts.unlink()
    # the style rules' process is sized by the largest language's pages
    assert job.pages == max(len(list((ROOT / "docs" / lang).rglob("*.md"))) for lang in ("en", "ar")) > 0
    # the root pages are made already, for the language builds to put in place
    staged = Path(job.root_pages)
    try:
        assert {"index.html", "404.html", "sitemap.xml", "robots.txt"} <= {page.name for page in staged.iterdir()}
    finally:
        shutil.rmtree(staged)


def test_a_build_that_fails_its_checks_does_not_hand_over(monkeypatch, capsys):
    monkeypatch.setattr(os, "execv", lambda *args: pytest.fail("handed over after a failed check"))
    assert site_command.build(["xx"], leaflets=False, handover=True) == 1
    assert "unknown language 'xx'" in capsys.readouterr().out


def test_only_the_command_line_hands_over(monkeypatch):
    seen = []
    monkeypatch.setattr(site_command, "build", lambda *args, **options: seen.append(options["handover"]) or 0)
    assert site_command.main(["build", "en"]) == 0  # called from Python (a test, a script): its process goes on
    monkeypatch.setattr(sys, "argv", ["python -m scripts.site", "build", "en"])
    assert site_command.main() == 0
    assert seen == [False, True]


def test_the_languages_are_built_by_as_many_workers_as_asked_and_told_in_their_order(monkeypatch):
    running, most, started = [0], [0], []
    lock = threading.Lock()

    def build_one(language: LanguageJob):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            started.append(language.lang)
        # the worker's other build may start meanwhile; the result names its language
        result = (language.lang, 0, f"{language.lang} built", 0.0)
        with lock:
            running[0] -= 1
        return result

    monkeypatch.setattr(language_builds, "_build_one", build_one)
    languages = [LanguageJob(lang, ["true"]) for lang in ("en", "fr", "it", "es", "ar")]
    results = language_builds._in_parallel(languages, 2)
    assert [result[0] for result in results] == ["en", "fr", "it", "es", "ar"]
    assert sorted(started) == sorted(["en", "fr", "it", "es", "ar"]) and most[0] <= 2
    started.clear()
    assert [result[2] for result in language_builds._in_parallel(languages, 1)] == [
        f"{lang} built" for lang in ("en", "fr", "it", "es", "ar")
    ]
    assert started == ["en", "fr", "it", "es", "ar"]  # one worker: one after the other, in the order given


def test_one_language_builds_at_a_time_once_a_language_is_large():
    at_once = language_builds.languages_at_once
    limit = language_builds.ONE_AT_A_TIME_FROM_PAGES
    assert at_once(5, 13, 2) == 2 and at_once(5, limit - 1, 4) == 4  # one a core
    assert at_once(1, 13, 8) == 1  # never more builds than languages
    assert at_once(5, limit, 2) == 1 and at_once(5, 10 * limit, 8) == 1
    assert at_once(5, 13, 0) == 1  # a machine that says no cores still builds


def test_the_run_builds_as_many_languages_at_once_as_their_size_allows(monkeypatch):
    asked = []
    monkeypatch.setattr(language_builds.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(
        language_builds,
        "_in_parallel",
        lambda languages, workers: asked.append(workers) or [(item.lang, 0, "", 0.0) for item in languages],
    )
    languages = [LanguageJob(lang, ["true"]) for lang in ("en", "fr", "it")]
    for pages in (13, language_builds.ONE_AT_A_TIME_FROM_PAGES):
        assert language_builds.run(Job(languages, quiet=True, pages=pages)) == 0
    # `build --jobs N` asks for N at once, whatever their size
    assert language_builds.run(Job(languages, quiet=True, pages=language_builds.ONE_AT_A_TIME_FROM_PAGES, jobs=3)) == 0
    assert asked == [2, 1, 3]


def test_build_jobs_reaches_the_language_builds_and_refuses_what_is_not_a_count(monkeypatch, capsys):
    seen = []
    monkeypatch.setattr(site_command, "build", lambda *args, **options: seen.append(options["jobs"]) or 0)
    assert site_command.main(["build", "en", "--jobs", "2"]) == 0
    assert site_command.main(["build", "en"]) == 0
    assert seen == [2, 0]  # 0: languages_at_once decides
    for wrong in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as stopped:
            site_command.main(["build", "--jobs", wrong])
        assert stopped.value.code == 2
        assert "a whole number of language builds at once, 1 or more" in capsys.readouterr().err
    assert Job.from_json(Job([], jobs=2).to_json()).jobs == 2


def staged_root_pages(folder: Path) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text("the chooser")
    (folder / "robots.txt").write_text("robots")
    return folder


def test_the_root_pages_are_put_in_place_once_every_language_has_built(monkeypatch, tmp_path):
    monkeypatch.setattr(language_builds, "SITE_DIR", tmp_path / "site")
    staged = staged_root_pages(tmp_path / "staged")
    job = Job([fake_language("xx", "print('INFO - built')")], quiet=True, root_pages=str(staged))
    assert language_builds.run(job) == 0
    assert (tmp_path / "site" / "index.html").read_text() == "the chooser"
    assert (tmp_path / "site" / "robots.txt").read_text() == "robots"
    assert not staged.exists()


def test_no_root_pages_over_a_failed_language(monkeypatch, tmp_path):
    monkeypatch.setattr(language_builds, "SITE_DIR", tmp_path / "site")
    staged = staged_root_pages(tmp_path / "staged")
    ok, broken = fake_language("xx", "print('INFO - built')"), fake_language("yy", "import sys; sys.exit(1)")
    assert language_builds.run(Job([ok, broken], quiet=True, root_pages=str(staged))) == 1
    assert not (tmp_path / "site" / "index.html").exists()
    assert not staged.exists()


def test_the_verdicts_handed_to_the_builds_are_removed_once_they_have_built(monkeypatch, tmp_path):
    monkeypatch.setattr(language_builds, "SITE_DIR", tmp_path / "site")
    for code in ("print('INFO - built')", "import sys; sys.exit(1)"):
        verdicts = tmp_path / "verdicts.json"
        verdicts.write_text("{}")
        language_builds.run(Job([fake_language("xx", code)], quiet=True, verdicts=str(verdicts)))
        assert not verdicts.exists()


def test_the_languages_judged_ahead_are_every_page_and_glossary_read_as_the_rules_read_them(monkeypatch, tmp_path):
    docs = tmp_path / "docs" / "fr"
    docs.mkdir(parents=True)
    (docs / "a.md").write_bytes(b"# A\r\n\r\nUn texte.\r\n")  # saved on Windows: read as the rules read it
    (docs / "broken.md").write_bytes(b"\xff\xfe not UTF-8")  # the rules report it; nothing to judge here
    seen = {}

    def judge_ahead(pages, glossaries, languages):
        seen.update(pages=list(pages), glossaries=list(glossaries), languages=languages)
        return "verdicts.json"

    monkeypatch.setattr(language_check, "judge_ahead", judge_ahead)
    assert site_command._judge_languages_ahead({"fr": docs}, ["en", "fr"]) == "verdicts.json"
    assert seen["pages"] == [("# A\n\nUn texte.\n", "fr")]
    assert seen["glossaries"] == [((ROOT / "glossary" / "fr.yml").read_text(encoding="utf-8"), "fr")]
    assert seen["languages"] == ["en", "fr"]


def test_a_build_whose_languages_cannot_be_judged_ahead_leaves_it_to_the_language_builds(monkeypatch):
    def judge_ahead(*args):
        raise OSError("no model")

    monkeypatch.setattr(language_check, "judge_ahead", judge_ahead)
    assert site_command._judge_languages_ahead({"fr": ROOT / "docs" / "fr"}, ["en", "fr"]) == ""
    job = site_command._language_job("fr", False, True, "mkdocs", "")
    assert language_check.HANDED_VERDICTS_ENV not in job.env and language_check.HANDED_VERDICTS_ENV in job.unset


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_from_outside_stops_its_language_builds_and_says_so(tmp_path, signum):
    # As a cancelled CI job or `timeout` stops the command: before, the language builds went on writing site/.
    started = tmp_path / "started"
    started.mkdir()
    code = f"import os, time; open(os.path.join({str(started)!r}, str(os.getpid())), 'w').close(); time.sleep(60)"
    verdicts = tmp_path / "verdicts.json"
    verdicts.write_text("{}")
    job = Job([fake_language(lang, code) for lang in ("xx", "yy", "zz")], verdicts=str(verdicts))
    build = subprocess.Popen(
        [sys.executable, "-m", "scripts.cli.language_builds", job.to_json()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(started.iterdir()):  # the first language build is running
        assert time.monotonic() < deadline and build.poll() is None, "no language build started"
        time.sleep(0.02)
    build.send_signal(signum)
    out, _ = build.communicate(timeout=30)
    assert build.returncode == 128 + signum
    assert f"stopped ({signal.Signals(signum).name})" in out and "is incomplete — build again" in out
    pids = [int(path.name) for path in started.iterdir()]
    assert 1 <= len(pids) <= min(3, os.cpu_count() or 1)  # no language started after the signal
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"language builds still running: {[p for p in pids if _alive(p)]}"
        time.sleep(0.02)
    assert not verdicts.exists()


def test_a_build_alone_or_the_last_to_start_is_told_it_has_a_core_to_spare(monkeypatch):
    """It lays its leaflet's second layout out beside the first (scripts/renderers/leaflet_process.py
    layouts_at_once): the others have laid theirs out by the time the last starts."""
    told: dict[str, str | None] = {}
    monkeypatch.setattr(
        language_builds,
        "_build_one",
        lambda language: (
            told.update({language.lang: language.env.get(processes.SPARE_CORE_ENV)}) or (language.lang, 0, "", 0.0)
        ),
    )
    languages = [LanguageJob(lang, ["true"]) for lang in ("en", "fr", "it")]
    language_builds._in_parallel(languages, 2)
    assert told == {"en": None, "fr": None, "it": "1"}
    language_builds._in_parallel(languages, 1)
    assert told == {"en": "1", "fr": "1", "it": "1"}
    # and never inherited from the command's own environment
    assert processes.SPARE_CORE_ENV in language_builds.with_core_to_spare(languages[0], False).unset
