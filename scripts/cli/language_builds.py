"""The language builds of `python -m scripts.site build`: each language's MkDocs process (in parallel, one a core,
or one at a time when large: ONE_AT_A_TIME_FROM_PAGES), what each said, then the root pages.

scripts/cli/site.py checks what a build reads first (the configs, the catalogs, the system's libraries), which
imports most of the project, then runs `python -m scripts.cli.language_builds JOB` in its own place (os.execv):
the process that waits beside the language builds for their whole time then holds this module and little more
(about 14 MB, not about 60), and a build's peak memory is the sum over its processes (README, "Speed and
size"). The root pages are made before it (they need most of the project); it puts them in place once every
language has built.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from scripts.cli.warm_start import WarmBuild
from scripts.config import processes
from scripts.config.generators import ENGINES, QUIET_ENV
from scripts.config.paths import ROOT
from scripts.postprocess import style_rules

SITE_DIR = ROOT / "site"
OFFLINE_SITE_DIR = ROOT / "site-offline"


LEVEL_PREFIX = re.compile(r"^(?:ERROR|WARNING)\s+-\s+")
# MkDocs' own link messages, reworded to name the file from the repository root and the fix.
MKDOCS_MESSAGES = (
    (
        re.compile(
            r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the doc '(?P<target>[^']+)' "
            r"does not contain an anchor '(?P<anchor>[^']+)'\.?"
        ),
        "{docs}/{page}: link '{link}': {docs}/{target} has no heading with the id '{anchor}' — "
        "use the id of one of its headings (lower case, words joined by -)",
    ),
    (
        re.compile(
            r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target "
            r"(?:'[^']+' )?is not found among documentation files\.?.*"
        ),
        "{docs}/{page}: link '{link}': no such page in {docs}/ — check the file name; pages link to each other "
        "by file name, e.g. [the next page](next-page.md)",
    ),
    (
        re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)'.*"),
        "{docs}/{page}: link '{link}' is not a page — link to a .md file of this folder",
    ),
    (
        re.compile(r"Doc file '(?P<page>[^']+)' contains an absolute link '(?P<link>[^']+)'.*"),
        "{docs}/{page}: link '{link}' starts with / — link to the .md file instead, e.g. [the next page](next-page.md)",
    ),
    (
        re.compile(r"Redirect target '(?P<target>[^']+)' does not exist!?"),
        "mkdocs.yml plugins.redirects.redirect_maps: redirect target '{target}' does not exist in {docs}/ — "
        "point the redirect at an existing page",
    ),
    (
        re.compile(
            r"The following pages exist in the docs directory, but are not included in the \"nav\" "
            r"configuration:\s*(?P<pages>.*)"
        ),
        "{docs}/: pages not in the navigation: {pages} — add them to nav in mkdocs.yml "
        "(`python -m scripts.site new-page` does it)",
    ),
)


INTERNAL_ERROR = (
    "{docs}/: the build stopped on an error in the site's own code ({error}), not in a file you edited — "
    "fix the problems listed above and build again; if this line stays, report it with the output of "
    "`python -m scripts.site build {lang}`"
)


MACRO_FILE = re.compile(r"^_File_: `(?P<file>[^`]+)`$")
MACRO_ERROR = re.compile(r"^_(?P<kind>\w+)_: (?P<message>.+)$")
MACRO_PROBLEM = (
    "{docs}/{file}: a building block's call is wrong ({kind}: {message}) — check its name and brackets "
    "against CONTRIBUTING.md, 'Building blocks'"
)


def _build_problems(output: str, docs: str = "docs/en") -> list[str]:
    """The lines of MkDocs' output an editor needs, reworded where MkDocs is terse; no tracebacks.

    The macros plugin's report of a page it cannot render (its file, its error, then a traceback in a
    code block) becomes one line naming the page. Any other traceback (a bug in the site's code, which no
    editor input should reach) becomes one line naming its exception: its frames, source lines and carets
    mean nothing to an editor."""
    lines: list[str] = []
    in_code = in_traceback = False
    macro_file = None
    for line in output.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if in_traceback:
            if line[:1].isspace() or not line.strip():
                continue  # a frame, its source line, its carets
            in_traceback = False
            error = line.split(":", 1)[0].strip() or "an exception"
            lines.append(INTERNAL_ERROR.format(docs=docs, error=error, lang=docs.rsplit("/", 1)[-1]))
            continue
        if line.startswith("Traceback"):
            in_traceback = True
            continue
        if match := MACRO_FILE.match(line.strip()):
            macro_file = match.group("file")
            continue
        if macro_file and (match := MACRO_ERROR.match(line.strip())):
            lines.append(MACRO_PROBLEM.format(docs=docs, file=macro_file, **match.groupdict()))
            macro_file = None
            continue
        if (
            not line.strip()
            or line.startswith(("INFO", "DEBUG", "  File ", "Aborted with"))
            or "_Macro Rendering Error_" in line
        ):
            continue
        line = LEVEL_PREFIX.sub("", line).strip()
        for pattern, template in MKDOCS_MESSAGES:
            match = pattern.fullmatch(line)
            if match:
                line = template.format(docs=docs, **match.groupdict())
                break
        lines.append(line)
    return lines


BUILD_WARNING = re.compile(r"^INFO\s+-\s+warning: (.*)$")


def _build_warnings(output: str) -> list[str]:
    return [match.group(1) for line in output.splitlines() for match in [BUILD_WARNING.match(line)] if match]


@dataclasses.dataclass(frozen=True)
class LanguageJob:
    """One language's build: its MkDocs command and what its environment changes from this process's."""

    lang: str
    command: list[str]
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    unset: list[str] = dataclasses.field(default_factory=list)
    # Its process, started when the command started and waiting to be told this command (scripts/cli/warm_start.py
    # WarmBuild.to_text); "": started here.
    warm: str = ""


@dataclasses.dataclass(frozen=True)
class Job:
    """What the language builds are, and how their end is reported; sent as JSON to this module's main."""

    languages: list[LanguageJob]
    engine: str = ENGINES[0]
    offline: bool = False
    quiet: bool = False
    pages: int = 0  # the most pages (Markdown files) of one language: the style rules' process is sized by it
    jobs: int = 0  # how many language builds at once (`build --jobs`); 0: languages_at_once decides
    # The root pages, made before the language builds (scripts/cli/site.py) in this folder: put in place once
    # every language has built, so that this process never imports what makes them.
    root_pages: str = ""
    # The language verdicts judged for this build before it (scripts/cli/site.py): removed once every language
    # has built.
    verdicts: str = ""

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        return cls(**dict(data, languages=[LanguageJob(**item) for item in data["languages"]]))


# The language builds running now. A build stopped from outside (a CI job cancelled, `timeout`, Ctrl-C) stops
# them with it, and starts no other: none goes on writing into site/ after the command has ended.
_RUNNING: set = set()  # subprocess.Popen, warm_start.WarmBuild: each has terminate()
_RUNNING_LOCK = threading.Lock()
_STOPPING = threading.Event()
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stopped(Exception):
    """The build was stopped by a signal (its number)."""


def _build_one(job: LanguageJob) -> tuple[str, int, str, float]:
    started = time.perf_counter()
    env = dict(os.environ, **QUIET_ENV)
    for name in job.unset:
        env.pop(name, None)
    env.update(job.env)
    if job.warm:
        told = _build_warm(job, env)
        if told is not None:
            return job.lang, *told, time.perf_counter() - started
    with _RUNNING_LOCK:
        if _STOPPING.is_set():
            return job.lang, -1, "", 0.0
        process = subprocess.Popen(
            job.command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",  # a byte the build printed that is no UTF-8 is shown, never a traceback
            env=env,
        )
        _RUNNING.add(process)
    try:
        stdout, stderr = process.communicate()
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
    return job.lang, process.returncode, stdout + stderr, time.perf_counter() - started


def _build_warm(job: LanguageJob, env: dict[str, str]) -> tuple[int, str] | None:
    """The build by its process started early (its exit code and output); None if that one had ended."""
    warm = WarmBuild.from_text(job.warm)
    engine_module = job.command.index("scripts.cli.engine_process")
    with _RUNNING_LOCK:
        if _STOPPING.is_set():
            warm.abandon()
            return -1, ""
        _RUNNING.add(warm)
    try:
        return warm.run(job.command[engine_module + 2 :], env, str(ROOT))
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(warm)


def _stop(signum: int, _frame: object) -> None:
    with _RUNNING_LOCK:
        _STOPPING.set()
        for process in _RUNNING:
            process.terminate()
    raise Stopped(signum)


# From how many pages a language (the most of any) the languages are built one at a time, not one per core. Two
# builds at once, beside the style rules' Node.js process and a leaflet's layout (apart from 100 pages:
# scripts/renderers/leaflet_process.py), made the build's summed peak: nothing cached, 364 MB at 13 pages a
# language, 384-390 at 65, 396 at 130, 425 at 325 and 471 at 650 (Node.js 160, two builds of 105 each, a layout of
# 85), against the 400 MB the build is held to. One at a time, 650 pages peaked at 293 MB, for a third more wall
# time. README, "Speed and size".
ONE_AT_A_TIME_FROM_PAGES = 100


def languages_at_once(languages: int, pages: int, cores: int) -> int:
    """How many language builds run at once: one a core, but one at a time for languages of
    ONE_AT_A_TIME_FROM_PAGES pages or more."""
    if pages >= ONE_AT_A_TIME_FROM_PAGES:
        return 1
    return max(1, min(languages, cores))


def told(language: LanguageJob, name: str, yes: bool) -> LanguageJob:
    """The build with `name` set to "1" in its environment when `yes`, and never inherited from this process's."""
    return dataclasses.replace(
        language, env={**language.env, name: "1"} if yes else language.env, unset=[*language.unset, name]
    )


def built_alone(languages: list[LanguageJob], workers: int) -> list[LanguageJob]:
    """The builds, each told whether it runs with no other beside it (style_rules.ALONE_ENV): then it has the
    style rules of its pages worked out on the other core while it renders (style_rules.PagesAhead)."""
    alone = min(workers, len(languages)) == 1
    return [told(language, style_rules.ALONE_ENV, alone) for language in languages]


def with_core_to_spare(language: LanguageJob, spare: bool) -> LanguageJob:
    """The build, told whether it has a core to spare (processes.SPARE_CORE_ENV: for its leaflet's second layout)."""
    return told(language, processes.SPARE_CORE_ENV, spare)


def _in_parallel(languages: list[LanguageJob], workers: int) -> list[tuple[str, int, str, float]]:
    """Each language built by the next free worker, in the order given; the results in that order. Threads, not
    multiprocessing's pool: importing it alone made this process a fifth bigger. A build that runs alone, or the
    last to start (the others are near their end), has a core to spare (`with_core_to_spare`)."""
    pending = iter(enumerate(languages))
    lock = threading.Lock()
    done: dict[int, tuple[str, int, str, float]] = {}

    def work() -> None:
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            index, language = item
            done[index] = _build_one(with_core_to_spare(language, workers == 1 or index == len(languages) - 1))

    threads = [threading.Thread(target=work) for _ in range(max(workers, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [done[index] for index in range(len(languages))]


def run(job: Job) -> int:
    """Build the languages, say how each went; the root pages once all have built. Exit status: 1 if one failed."""
    out_dir = OFFLINE_SITE_DIR if job.offline else SITE_DIR
    staged = Path(job.root_pages) if job.root_pages else None
    in_main_thread = threading.current_thread() is threading.main_thread()
    handlers = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS} if in_main_thread else {}
    _STOPPING.clear()
    try:
        # Threads, not processes: each only waits for its language's build process, and forked workers would
        # each hold a copy of this process beside the builds. The builds share one Node.js process for their
        # style rules (scripts/postprocess/style_rules.py).
        with style_rules.shared_process(len(job.languages), pages=job.pages):
            workers = job.jobs or languages_at_once(len(job.languages), job.pages, processes.cores())
            results = _in_parallel(built_alone(job.languages, workers), workers)
    except Stopped as stop:
        _clean_up(job, staged)
        print(
            f"\n✗ stopped ({signal.Signals(stop.args[0]).name}): the language builds were stopped with it; "
            f"{out_dir.relative_to(ROOT)}/ is incomplete — build again"
        )
        return 128 + stop.args[0]
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    failed = False
    for lang, returncode, output, seconds in results:
        problems = _build_problems(output, f"docs/{lang}")
        if returncode != 0:
            failed = True
            print(f"\n✗ {lang}: the build failed. Fix these and run it again:")
            for line in problems or output.splitlines()[-20:]:
                print(f"  {line}")
        elif not job.quiet:
            with_engine = "" if job.engine == ENGINES[0] else f" with {job.engine}"
            print(f"✓ {lang}: built in {seconds:.1f} s{with_engine} → {(out_dir / lang).relative_to(ROOT)}/")
            warnings = _build_warnings(output)
            # The build's own (the style rules' process fell back): not on the pages, each said as it is.
            for line in (line for line in warnings if line.startswith(style_rules.WARNING_START)):
                print(f"  ! {line}")
            warnings = [line for line in warnings if not line.startswith(style_rules.WARNING_START)]
            if warnings:  # preview notices (scripts/rules/registry.py: warnings of the build profile)
                print(f"  ! {len(warnings)} warning(s), shown on the pages; `make check` lists them all:")
                for line in warnings:
                    print(f"    {line}")
    try:
        if failed:
            return 1
        if staged is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            for page in sorted(staged.iterdir()):
                shutil.move(page, out_dir / page.name)
    finally:
        _clean_up(job, staged)
    if not job.quiet:
        print(
            f"\nThe site is in {out_dir.relative_to(ROOT)}/ — open {out_dir.relative_to(ROOT)}/index.html, "
            f"or run `make serve` for a live preview."
        )
    return 0


def _clean_up(job: Job, staged: Path | None) -> None:
    """Remove what the command made for this build only: the staged root pages and the verdicts file."""
    if staged is not None:
        shutil.rmtree(staged, ignore_errors=True)
    if job.verdicts:
        Path(job.verdicts).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(run(Job.from_json(sys.argv[1])))
