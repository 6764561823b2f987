"""Shared fixtures: the built site, its pages per language, and temporary project copies."""

from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.config.paths import PROJECT_FILES, ROOT
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


def lay_project_files(dest: Path) -> None:
    """This working tree's project files into dest (replacing what dest has of them), and its node_modules."""
    for name in [*PROJECT_FILES, *(config.name for config in ROOT.glob("mkdocs.*.yml"))]:
        src, target = ROOT / name, dest / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        elif src.is_file():
            shutil.copy2(src, target)
    if (ROOT / "node_modules").is_dir():  # PurgeCSS, used by the build (scripts/postprocess/purge-css.mjs)
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project to seed bad input into (a git repo, for translation history)."""
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
    one line the build makes of one (scripts/cli/site.py INTERNAL_ERROR: an error in the site's own code)."""
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# The files with the longest single tests, started first: `make test` gives each process whole files
# (pytest-xdist --dist loadfile) in this order, and a long file started last leaves one process working alone.
LONGEST_FIRST = (
    "test_reproducible.py",
    "test_scaffold.py",
    "test_browser_search.py",
    "test_browser_search_offline.py",
    "test_site_html.py",
    "test_browser_behaviour.py",
    "test_browser_a11y.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the other files, and the tests within a file, keep their order


def pytest_terminal_summary(terminalreporter):
    """Print the readability of every page in every language (issue: reported as a table)."""
    from scripts.cli.check_command import format_table, run_checks

    ran = [
        r
        for reports in terminalreporter.stats.values()
        for r in reports
        if "test_readability" in getattr(r, "nodeid", "")
    ]
    if not ran:
        return
    report = run_checks(root=ROOT)
    terminalreporter.section("readability per page and language (content standards)")
    terminalreporter.write_line(format_table(report.rows))


def nav_roles(lang: str = "en") -> dict[str, str]:
    """{role: page file} of the menu's pages of one language, from their front matter (scripts/rules/page_roles.py):
    what the leaflet leaves out by default, as the build works it out."""
    from scripts.config.project_config import load_base_config
    from scripts.rules import page_roles
    from scripts.rules.content_rules import load_yaml, split_front_matter

    nav = [next(iter(item.values())) if isinstance(item, dict) else item for item in load_base_config()["nav"]]
    metas = (
        (name, load_yaml(split_front_matter((ROOT / "docs" / lang / name).read_text(encoding="utf-8"))[0] or ""))
        for name in nav
    )
    return page_roles.role_pages(metas)
