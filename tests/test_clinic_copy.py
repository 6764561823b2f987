"""A clinic adopts the shipped site: its settings keep the tests about the shipped content green (issue 25, item 3).

A copy of the project gets a clinic's name, logo, colours, contacts, emergency numbers, sign-off and site_url as
README ("Clinic settings", "Sign-off", "Publishing") tells a clinic to set them: the logo saved in brand/,
everything else in mkdocs.yml; no file of the engine (scripts/, overrides/) is touched. The copy is built (every language, for the tests that
compare languages; no leaflets) and the content tests run inside it, so that its scripts.config.paths.ROOT is the copy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_copy, commit_all, copy_project, soup

pytestmark = pytest.mark.build  # builds, or reads a build (conftest.py)

# The tests about the shipped content (its pages, readability, languages, French typography), run in the copy.
# Which files these are is settled when the suite is split into engine and content tests.
CONTENT_TESTS = (
    "tests/test_readability.py",
    "tests/test_languages.py",
    "tests/test_typography.py",
)
# A clinic's copy is the whole repository: the test suite (data/accessibility.yml names its tests), the
# benchmark's static server, which the tests' shared fixtures load, and the guides some tests read.
TEST_SUPPORT = ("tests", "bench", "README.md", "CONTRIBUTING.md")

LOGO = "clinique-du-test.svg"
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#1d4e89"/><circle cx="16" cy="16" r="8" fill="#fff"/></svg>\n'
)
SITE_URL = "https://patients.clinique-du-test.fr/informations/"


def clinic_settings(codes: list[str], reviewed: dt.date) -> dict:
    """Every setting README names for a clinic (extra.clinic), with a named, dated sign-off of every language."""
    return {
        "name": "Clinique du Test",
        "logo": LOGO,
        "website": "https://www.clinique-du-test.fr/",
        "phone": "+33 1 23 45 67 89",
        "email": "accueil@clinique-du-test.fr",
        "address": "12 rue du Test, 75011 Paris",
        "opening_hours": "Mon–Fri 9:00–18:00",
        "paper": "A4",
        "colors": {"primary": "#1d4e89", "accent": "#7a2e0e", "primary_dark": "#9cc3f0", "accent_dark": "#f2b48f"},
        "emergency_numbers": [
            {"region": "FR", "number": "15", "label": "SAMU"},
            {"region": "FR", "number": "18", "label": "Pompiers"},
            {"region": "EU", "number": "112"},
        ],
        "signoff": {
            "clinical_review": {"name": "Dr Claire Test", "role": "dermatologist", "date": reviewed},
            "translations": {
                code: {
                    "translator": {"name": f"{code.upper()} Translator", "role": "medical translator"},
                    "reviewer": {"name": "Dr Claire Test", "role": "dermatologist"},
                    "date": reviewed,
                }
                for code in codes[1:]
            },
        },
    }


def apply_clinic(project: Path, settings: dict, site_url: str) -> None:
    """The clinic's edits: the logo file, mkdocs.yml's extra.clinic block and its site_url (the rest unchanged)."""
    (project / "brand" / LOGO).write_text(LOGO_SVG, encoding="utf-8")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    start = lines.index("  clinic:")
    # The block runs to the next line at the indentation of extra's own settings (a setting or its comment).
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"  \S", lines[i]))
    block = yaml.safe_dump({"clinic": settings}, allow_unicode=True, sort_keys=False, width=200)
    lines[start:end] = ["  " + line for line in block.rstrip("\n").split("\n")]
    text = "\n".join(lines)
    text, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")


def test_a_clinic_s_settings_keep_the_content_tests_green(tmp_path):
    project = copy_project(tmp_path / "clinic")
    codes = [
        item["lang"] for item in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["alternate"]
    ]
    apply_clinic(project, clinic_settings(codes, dt.date.today()), SITE_URL)
    for name in TEST_SUPPORT:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "work", "results")
            shutil.copytree(ROOT / name, project / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, project / name)
    engine = subprocess.run(
        ["git", "status", "--porcelain", "--", "scripts", "overrides"], cwd=project, capture_output=True, text=True
    )
    assert engine.stdout == "", f"a clinic had to edit the engine: {engine.stdout}"
    commit_all(project)  # the clinic's change, committed: the pages' last change is still the copy's first commit

    build = build_copy(project)
    assert build.returncode == 0, build.stdout + build.stderr
    # The settings reached the pages: the clinic's name, logo and colour, the numbers in the order written.
    home, aftercare = (
        soup(project / "site" / "en" / "index.html"),
        soup(project / "site" / "en" / "aftercare" / "index.html"),
    )
    assert "Clinique du Test" in home.get_text() and home.find("img", src=re.compile(re.escape(LOGO)))
    assert (project / "site" / "en" / "assets" / "images" / LOGO).read_text(encoding="utf-8") == LOGO_SVG
    assert "--patient-primary:#1d4e89" in str(home)
    assert home.find("link", rel="canonical")["href"].startswith(SITE_URL)
    assert "Dr Claire Test" in home.get_text()
    urgent = " ".join(aftercare.get_text(" ").split())
    assert re.search(r"15\D+18\D+112", urgent), urgent

    # Named, dated sign-off and the clinic's own addresses: publishable as README's "Sign-off" says.
    release = subprocess.run(
        [sys.executable, "-m", "scripts.site", "check", "--release"], cwd=project, capture_output=True, text=True
    )
    assert release.returncode == 0, release.stdout[-6000:] + release.stderr[-2000:]

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CONTENT_TESTS],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
