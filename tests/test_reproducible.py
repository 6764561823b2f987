"""Two builds of one commit are byte-identical (site/ and site-offline/), even months apart, and on either engine.

The property is the engine's, so the project built is the fixture topic (tests/fixture-topic: English and Arabic),
its signed variant in release mode with its leaflets. The first build is the one the other tests read
(conftest.py fixture_release and fixture_release_offline, with MkDocs); the second is made in a clone of that
project elsewhere (the same history, so the same last commit), under Debian's faketime with the clock 300 days
ahead (a year would make the signed review overdue, which release mode refuses: fail closed), and with the other
generator the site supports, ProperDocs (`SITE_ENGINE=properdocs`, README "Versions"): one second build answers
both questions, where two would double the test's cost. SOURCE_DATE_EPOCH comes from the last commit
(scripts/cli/site.py) and the leaflet's date from its pages' last change (page_versions.leaflet_published), so
nothing in the output may depend on the clock, the folder the project is in, or which of the two engines built
it. When it fails, run the second build by hand with `SITE_ENGINE=mkdocs` to tell a clock or folder difference
from an engine one.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.renderers import leaflet

from conftest import FixtureBuild, FixtureOfflineBuild, fixture_languages

pytestmark = pytest.mark.slow

LANGS = fixture_languages()
# Far enough for another month and day, and for most of the year another year; short of the signed variant's
# next review (12 months after a review dated yesterday: conftest.py FIXTURE_REVIEWED_DAYS_AGO).
CLOCK_AHEAD_DAYS = 300


def _faketime() -> str:
    found = shutil.which("faketime")
    if not found:
        pytest.fail(
            "Debian's faketime is missing: `make test` installs it (scripts/ensure-tools.sh), "
            "or run `sudo apt-get install faketime`",
            pytrace=False,
        )
    return found


SECOND_ENGINE = "properdocs"


def _build(project: Path, *, clock: list[str]) -> dict[str, Path]:
    """Both copies of the site, as the first build made them (release mode, leaflets), on the second engine."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(SITE_ENGINE=SECOND_ENGINE, RELEASE="1")
    for offline in ([], ["--offline"]):
        result = subprocess.run(
            [*clock, sys.executable, "-m", "scripts.site", "build", *offline],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count(f"with {SECOND_ENGINE} →") == len(LANGS), result.stdout  # not MkDocs again
    return {name: project / name for name in ("site", "site-offline")}


def _other_clone(project: Path, dest: Path) -> Path:
    """A clone of the fixture's project elsewhere: its history (so the same last commit), none of its builds."""
    subprocess.run(["git", "clone", "--quiet", "--local", str(project), str(dest)], check=True)
    return dest


def _differences(first: Path, second: Path) -> list[str]:
    def names(root: Path) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    a, b = names(first), names(second)
    problems = [f"only in one build: {name}" for name in sorted(set(a) ^ set(b))]
    problems += [
        f"differs: {name}"
        for name in sorted(set(a) & set(b))
        if not filecmp.cmp(first / name, second / name, shallow=False)
    ]
    return problems


def test_two_builds_months_apart_are_byte_identical(
    fixture_release: FixtureBuild, fixture_release_offline: FixtureOfflineBuild, tmp_path
):
    clock = [_faketime(), "-f", f"+{CLOCK_AHEAD_DAYS}d"]
    ahead = subprocess.run(
        [*clock, sys.executable, "-c", "import time; print(time.time())"], capture_output=True, text=True, check=True
    )
    assert float(ahead.stdout) - time.time() > (CLOCK_AHEAD_DAYS - 5) * 86400, "faketime did not move the clock ahead"
    kept = {"site": fixture_release.site, "site-offline": fixture_release_offline.site}
    project = _other_clone(fixture_release.project, tmp_path / "project")
    assert not (project / "site").exists() and not (project / ".cache").exists()  # built afresh, no leaflet cache
    second = _build(project, clock=clock)
    problems = [f"{name}/: {p}" for name in second for p in _differences(kept[name], second[name])]
    for name in kept:
        assert len(list(kept[name].rglob("*.html"))) > 8, name
    # The leaflet is dated by its pages' last change (the fixture records no leaflet version): the fixture is one
    # commit, so that commit's day, never the clock's (scripts/rules/page_versions.py leaflet_published).
    last_commit = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=fixture_release.project, capture_output=True, text=True
    )
    committed = f"{last_commit.stdout.strip()}T00:00:00Z"
    for lang in LANGS:  # what the comparison covers: each language's leaflets and the QR code of every page
        built = kept["site"] / lang
        for variant in leaflet.VARIANTS:
            assert (built / leaflet.file_name(lang, variant)).is_file(), f"{lang}: no {variant} leaflet was built"
        pages = list((project / "docs" / lang).glob("*.md"))
        assert len(list((built / "assets" / "qr").glob("*.svg"))) == len(pages), f"{lang}: a QR code per page"
        dates = subprocess.run(
            ["pdfinfo", "-isodates", str(built / leaflet.file_name(lang))], capture_output=True, text=True, check=True
        ).stdout
        created = [line.split(":", 1)[1].strip() for line in dates.splitlines() if line.startswith("CreationDate:")]
        assert created == [committed], (
            f"{lang}: the leaflet's date is not its pages' last change ({committed}):\n{dates}"
        )
    assert not problems, (
        f"{len(problems)} difference(s) between the fixture's site/ and site-offline/ (MkDocs) and a second build "
        f"{CLOCK_AHEAD_DAYS} days later on {SECOND_ENGINE}:\n" + "\n".join(problems[:40])
    )
