"""Shared fixtures: the built site, its pages per language, and temporary project copies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.config.paths import ROOT, lay_project_files
from scripts.config.project_config import site_languages

SITE = ROOT / "site"

LANGS = [item.code for item in site_languages()]
# The local static server and the one Chromium, shared by every browser test.
pytest_plugins = ["browser_support"]


def built_once(tmp_path_factory: pytest.TempPathFactory, out: Path, *options: str) -> Path:
    """out/ as `python -m scripts.site build *options` makes it, built here only if missing.

    `make test` builds site/ and site-offline/ before the tests start. Run without it, the first test
    process builds; the lock keeps the other parallel processes (pytest -n) from building into the same
    folder at the same time, and they use what it built.
    """
    # The parent of the base temporary folder is the one all parallel test processes share.
    lock = tmp_path_factory.getbasetemp().parent / f"build-{out.name}.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not (out / "en" / "index.html").is_file():
            result = subprocess.run(
                [sys.executable, "-m", "scripts.site", "build", *options], cwd=ROOT, capture_output=True, text=True
            )
            assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/ as `make site` builds it."""
    return built_once(tmp_path_factory, SITE)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site-offline/ as `make site-offline` builds it, opened from file:// by the tests."""
    return built_once(tmp_path_factory, ROOT / "site-offline", "--offline")


def built_pages(site: Path, lang: str) -> list[Path]:
    """Every content page of one language (not the 404 page)."""
    return sorted(p for p in (site / lang).rglob("index.html") if "assets" not in p.parts)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project to seed bad input into (a git repo, for translation history)."""
    _refuse_in_fast_tests("copies the project")
    dest.mkdir(parents=True, exist_ok=True)
    lay_project_files(dest)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "copy"], cwd=dest, check=True
    )
    return dest


def assert_no_traceback(output: str) -> None:
    """No trace of a Python traceback in what an editor reads: its header, its frames, its carets, or the
    one line the build makes of one (scripts/cli/language_builds.py INTERNAL_ERROR: an error in the site's own code)."""
    assert "Traceback" not in output and 'File "' not in output, output
    assert not re.search(r"^\s*\^{3,}\s*$", output, re.M), f"a traceback's carets:\n{output}"
    assert "the site's own code" not in output, output


def build_copy(project: Path, *langs: str, leaflets: bool = False) -> subprocess.CompletedProcess:
    """Run the project's build command in a copy; returns the finished process.

    Without the printed leaflets unless a test reads them (`build --no-leaflets`): laying one out is most of
    a language's build, and its own checks run either way. site/ and the leaflet tests have them.
    """
    options = [] if leaflets else ["--no-leaflets"]
    return subprocess.run(
        [sys.executable, "-m", "scripts.site", "build", *options, *langs], cwd=project, capture_output=True, text=True
    )


def edit_settings(project: Path, change: Callable[[dict], object], name: str = "mkdocs.yml") -> dict:
    """Change a project's settings as data: mkdocs.yml (or `name`) parsed, handed to `change` to edit in place,
    and written back (its comments dropped); returns the settings as written.

    Tests edit settings this way, never by finding the shipped values' text: a clinic's copy holds its own."""
    path = project / name
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(settings)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return settings


def clinic_of(settings: dict) -> dict:
    """extra.clinic of parsed settings, made if missing: where edit_settings' changes put a clinic's values."""
    return settings.setdefault("extra", {}).setdefault("clinic", {})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# The files with the longest single tests, started first: `make test` gives each process whole files
# (pytest-xdist --dist loadfile) in this order, and a long file started last leaves one process working alone.
LONGEST_FIRST = (
    "test_browser_tour_phone.py",
    "test_browser_tour_desktop.py",
    "test_reproducible.py",
    "test_clinic_copy.py",
    "test_scaffold.py",
    "test_fixture_topic.py",
    "test_browser_search.py",
    "test_browser_behaviour.py",
    "test_browser_critical_css.py",
)


# The fixtures that read or make a built site: a test that uses one, however indirectly, is marked `build` and
# left out of `make test-fast` (lint and unit tests only).
BUILD_FIXTURES = frozenset(
    {
        "site",
        "offline_site",
        "project",
        "fixture_preview",
        "fixture_release",
        "fixture_release_offline",
        "static_site",
        "browser",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
    items.sort(key=rank)  # stable: the other files, and the tests within a file, keep their order


# `make test-fast` runs the unit tests alone (FAST_TESTS=1, `-m "not build and not browser"`). There, a test that
# starts a build, the preview or a project copy fails at once, naming itself: it belongs with the build tests.
FAST_TESTS = os.environ.get("FAST_TESTS") == "1"


def _refuse_in_fast_tests(what: str) -> None:
    if FAST_TESTS:
        raise RuntimeError(
            f"this test {what}: not a unit test — mark it (or its module) with @pytest.mark.build, "
            "or test the function itself (README, 'Tests')"
        )


@pytest.fixture(scope="session", autouse=True)
def _unit_tests_build_nothing():
    if not FAST_TESTS:
        yield
        return
    real = subprocess.Popen.__init__

    def guarded(self, args, *rest, **options):
        argv = [str(arg) for arg in (args if isinstance(args, (list, tuple)) else [args])]
        if "scripts.site" in argv and {"build", "serve"} & set(argv):
            _refuse_in_fast_tests("builds the site")
        real(self, args, *rest, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", guarded)
        yield


def pytest_terminal_summary(terminalreporter):
    """Print the readability of every page in every language (issue: reported as a table)."""
    from scripts.cli.check_command import format_table, run_checks

    ran = [
        r
        for reports in terminalreporter.stats.values()
        for r in reports
        if "test_readability" in getattr(r, "nodeid", "")
    ]
    if not ran or FAST_TESTS:
        return
    report = run_checks(root=ROOT)
    terminalreporter.section("readability per page and language (content standards)")
    terminalreporter.write_line(format_table(report.rows))


def nav_roles(lang: str = "en", project: Path = ROOT) -> dict[str, str]:
    """{role: page file} of the menu's pages of one language, from their front matter (scripts/rules/page_roles.py):
    what the leaflet leaves out by default, as the build works it out; of this project, or another (the fixture)."""
    from scripts.config.project_config import load_base_config
    from scripts.rules import page_roles
    from scripts.rules.content_rules import load_yaml, split_front_matter

    config = load_base_config(project / "mkdocs.yml")
    nav = [next(iter(item.values())) if isinstance(item, dict) else item for item in config["nav"]]
    metas = (
        (name, load_yaml(split_front_matter((project / "docs" / lang / name).read_text(encoding="utf-8"))[0] or ""))
        for name in nav
    )
    return page_roles.role_pages(metas)


# --- The fixture topic: another, invented topic the engine must build from content and settings alone ---------

FIXTURE_TOPIC = Path(__file__).parent / "fixture-topic"
# What the fixture takes from the engine as it is: the code, the theme, and the interface catalogs of its
# languages (the interface strings are the engine's, not the topic's).
ENGINE_FILES = ("scripts", "overrides", "babel.cfg", "pyproject.toml")
FIXTURE_VARIANTS = ("unsigned", "signed")
# The fixture's pages are committed this long before the test runs, and the signed variant's review is dated
# after that and before today: a review that covers the pages as they are, never in the future or overdue.
FIXTURE_CHANGED_DAYS_AGO = 3
FIXTURE_REVIEWED_DAYS_AGO = 1
FIXTURE_REVIEWER = {"name": "Dr Test Reviewer", "role": "test reviewer"}
FIXTURE_TRANSLATOR = {"name": "T. Test Translator", "role": "test translator"}
FIXTURE_TRANSLATION_REVIEWER = {"name": "Dr Test Checker", "role": "test checker"}


def fixture_languages(project: Path = FIXTURE_TOPIC) -> list[str]:
    """The fixture's language codes, from its own mkdocs.yml."""
    from scripts.config.editor_files import read_mkdocs_config

    return [item["lang"] for item in read_mkdocs_config(project / "mkdocs.yml", project)["extra"]["alternate"]]


def fixture_review_date() -> dt.date:
    return dt.date.today() - dt.timedelta(days=FIXTURE_REVIEWED_DAYS_AGO)


def sign_fixture_off(project: Path, reviewed: dt.date) -> None:
    """The signed variant: a named, dated clinical review of every page and a checked translation of every other
    language, written into the project's mkdocs.yml as README ("Sign-off") tells a clinic to."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = "    signoff: {}\n"
    assert text.count(marker) == 1, "the fixture's mkdocs.yml names nobody in one `signoff: {}` line"
    person = lambda who: "{" + ", ".join(f'{key}: "{value}"' for key, value in who.items()) + "}"  # noqa: E731
    lines = [
        "    signoff:",
        f'      clinical_review: {{name: "{FIXTURE_REVIEWER["name"]}", role: "{FIXTURE_REVIEWER["role"]}", '
        f"date: {reviewed.isoformat()}}}",
        "      translations:",
    ]
    for code in fixture_languages(project)[1:]:
        lines += [
            f"        {code}:",
            f"          translator: {person(FIXTURE_TRANSLATOR)}",
            f"          reviewer: {person(FIXTURE_TRANSLATION_REVIEWER)}",
            f"          date: {reviewed.isoformat()}",
        ]
    config.write_text(text.replace(marker, "\n".join(lines) + "\n"), encoding="utf-8")


def commit_all(project: Path, when: dt.datetime | None = None) -> None:
    """The project as one commit (pages' last change, translation history); `when`: its date."""
    env = dict(os.environ)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.strftime("%Y-%m-%dT%H:%M:%S+0000")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "copy"],
        cwd=project,
        check=True,
        env=env,
    )


def fixture_project(dest: Path, variant: str = "unsigned") -> Path:
    """The fixture topic (tests/fixture-topic/) with the engine as it is in this working tree, in dest, as a git
    repository: `unsigned` names no reviewer (the shipped default), `signed` a named, dated review."""
    assert variant in FIXTURE_VARIANTS, variant
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE_TOPIC, dest, dirs_exist_ok=True)
    for name in ENGINE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "translations").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "translations" / "messages.pot", dest / "translations" / "messages.pot")
    for code in fixture_languages(dest):
        shutil.copytree(
            ROOT / "translations" / code, dest / "translations" / code, ignore=shutil.ignore_patterns("*.mo")
        )
    if (ROOT / "node_modules").is_dir():  # PurgeCSS, used by the build (scripts/postprocess/purge-css.mjs)
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if variant == "signed":
        sign_fixture_off(dest, fixture_review_date())
    changed = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=FIXTURE_CHANGED_DAYS_AGO)
    commit_all(dest, changed)
    return dest


def _shared_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every test process of this run shares (pytest-xdist's workers each have their own
    base folder inside it); without xdist, this run's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@dataclasses.dataclass(frozen=True)
class FixtureBuild:
    project: Path
    variant: str
    release: bool
    output: str  # what the build printed

    @property
    def site(self) -> Path:
        return self.project / "site"


def fixture_built(tmp_path_factory: pytest.TempPathFactory, variant: str, *, release: bool) -> FixtureBuild:
    """The fixture topic's variant, built once per test run however many processes ask (the lock): a preview
    build without leaflets, or a release build (RELEASE=1), which lays the leaflets out as release requires."""
    shared = _shared_tmp(tmp_path_factory)
    name = f"fixture-topic-{variant}-{'release' if release else 'preview'}"
    project, log = shared / name, shared / f"{name}.log"
    with (shared / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not log.is_file():
            fixture_project(project, variant)
            env = dict(os.environ, RELEASE="1" if release else "0")
            options = [] if release else ["--no-leaflets"]
            result = subprocess.run(
                [sys.executable, "-m", "scripts.site", "build", *options],
                cwd=project,
                capture_output=True,
                text=True,
                env=env,
            )
            log.write_text(f"{result.returncode}\n{result.stdout}{result.stderr}", encoding="utf-8")
    returncode, output = log.read_text(encoding="utf-8").split("\n", 1)
    assert returncode == "0", f"the fixture topic ({variant}) did not build:\n{output}"
    return FixtureBuild(project, variant, release, output)


@pytest.fixture(scope="session")
def fixture_preview(tmp_path_factory: pytest.TempPathFactory) -> FixtureBuild:
    """The unsigned fixture topic, built as a preview (`build --no-leaflets`)."""
    return fixture_built(tmp_path_factory, "unsigned", release=False)


@pytest.fixture(scope="session")
def fixture_release(tmp_path_factory: pytest.TempPathFactory) -> FixtureBuild:
    """The signed fixture topic, built in release mode (RELEASE=1, leaflets laid out)."""
    return fixture_built(tmp_path_factory, "signed", release=True)


# --- The fixture topic's offline copy, and what the engine tests read of the fixture's settings ----------------
# (The engine's tests of the built site run on the fixture topic; the shipped content keeps its own tests.)


@dataclasses.dataclass(frozen=True)
class FixtureOfflineBuild(FixtureBuild):
    @property
    def site(self) -> Path:
        return self.project / "site-offline"


@pytest.fixture(scope="session")
def fixture_release_offline(
    fixture_release: FixtureBuild, tmp_path_factory: pytest.TempPathFactory
) -> FixtureOfflineBuild:
    """The signed fixture's offline copy (`build --offline`, RELEASE=1, leaflets) beside the release build's site/,
    in the same project: the pair `make site site-offline` makes, built once per run."""
    shared = _shared_tmp(tmp_path_factory)
    log = shared / "fixture-topic-signed-release-offline.log"
    with (shared / "fixture-topic-signed-release-offline.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not log.is_file():
            result = subprocess.run(
                [sys.executable, "-m", "scripts.site", "build", "--offline"],
                cwd=fixture_release.project,
                capture_output=True,
                text=True,
                env=dict(os.environ, RELEASE="1"),
            )
            log.write_text(f"{result.returncode}\n{result.stdout}{result.stderr}", encoding="utf-8")
    returncode, output = log.read_text(encoding="utf-8").split("\n", 1)
    assert returncode == "0", f"the fixture topic's offline copy did not build:\n{output}"
    return FixtureOfflineBuild(fixture_release.project, fixture_release.variant, True, output)


def fixture_config(project: Path = FIXTURE_TOPIC) -> dict:
    """The fixture's mkdocs.yml, read as the build reads it."""
    from scripts.config.project_config import load_base_config

    return load_base_config(project / "mkdocs.yml")


def fixture_locales(project: Path = FIXTURE_TOPIC) -> dict[str, str]:
    """{language code: Babel locale} of the fixture's languages."""
    from scripts.config.site_config import languages

    return {item.code: item.locale for item in languages(fixture_config(project).get("extra") or {})}


def run_node_module(source: str, payload: object, *, needs: str = "purgecss", timeout: int = 120) -> object:
    """`source`, a module script run by Node.js in the project's folder (so it imports what node_modules holds and
    the project's own modules by their paths, ./scripts/…), with `payload` as JSON on its standard input; what it
    writes, read as JSON. `needs`: a package of node_modules it imports (missing: run `make site`)."""
    import json

    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / needs).is_dir():
        pytest.fail("Node.js or node_modules missing: run `make site` (it runs `npm ci`)", pytrace=False)
    done = subprocess.run(
        [node, "--input-type=module", "-e", source],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-800:]
    return json.loads(done.stdout)
