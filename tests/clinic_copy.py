"""A clinic's copy of the project: the shipped site with a clinic's settings, as README tells a clinic to set them.

A copy of the project gets a clinic's name, logo, colours, contacts, emergency numbers, a named sign-off of every
language and site_url: the logo saved in brand/, everything else in mkdocs.yml; no file of the engine (scripts/,
overrides/) is touched. tests/test_clinic_copy.py builds one and runs the content tests inside it; from the shell,

    python tests/clinic_copy.py /tmp/clinic-copy

makes one (with the test suite, a link to this checkout's .venv and node_modules) to run any test file in.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

if __name__ == "__main__":  # run as a script: the project's modules and the tests' helpers, from this checkout
    sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from scripts.rules.signoff import PERSON_LIMIT

from conftest import ROOT, commit_all, copy_project

NAME = "Clinique du Test, centre de dermatologie, médecine des mains"
LOGO = "clinique-du-test.svg"
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#1d4e89"/><circle cx="16" cy="16" r="8" fill="#fff"/></svg>\n'
)
SITE_URL = "https://patients.clinique-du-test.fr/informations/"
REVIEWER = "Dr Claire Test-Delacroix de la Roche-Nor"
ROLE = "dermatologist, aesthetic medicine, Paris"
TRANSLATOR = "Translator Anne-Sophie Lefèvre-Bonnaventure"
TRANSLATOR_ROLE = "certified medical translator (SFT), hand"
# Every contact detail and name as long as the settings allow (scripts/config/site_config.py CONTACT_LIMITS,
# scripts/rules/signoff.py PERSON_LIMIT): the copy's consultation sheet must still print on one page.
CONTACTS = {
    "name": NAME,
    "website": "https://www.clinique-du-test.fr/dermatologie/main/",
    "phone": "+33 (0)1 23 45 67 89 00 00 000",
    "email": "secretariat.dermatologie@clinique-du-test-paris.fr",
    "address": "Centre médical du Test, bâtiment B, 2e étage, 12 rue du Test, 75011 Paris France",
    "opening_hours": "Lundi–vendredi 8:30–12:30 et 14:00–19:30, samedi 9:00–12:30.",
}


def translator(code: str) -> str:
    """The language's translator, a name as long as the settings allow."""
    return f"{code.upper()} {TRANSLATOR}"[:PERSON_LIMIT]


def clinic_settings(codes: list[str], reviewed: dt.date) -> dict:
    """Every setting README names for a clinic (extra.clinic), with a named, dated sign-off of every language."""
    return {
        **CONTACTS,
        "logo": LOGO,
        "paper": "A4",
        "colors": {"primary": "#1d4e89", "accent": "#7a2e0e", "primary_dark": "#9cc3f0", "accent_dark": "#f2b48f"},
        "emergency_numbers": [
            {"region": "FR", "number": "15", "label": "SAMU"},
            {"region": "FR", "number": "18", "label": "Pompiers"},
            {"region": "EU", "number": "112"},
        ],
        "signoff": {
            "clinical_review": {"name": REVIEWER, "role": ROLE, "date": reviewed},
            "translations": {
                code: {
                    "translator": {"name": translator(code), "role": TRANSLATOR_ROLE},
                    "reviewer": {"name": REVIEWER, "role": ROLE},
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


def site_codes(project: Path = ROOT) -> list[str]:
    """The project's language codes, the source language first, as mkdocs.yml lists them."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return [item["lang"] for item in config["extra"]["alternate"]]


def repository_files(root: Path = ROOT) -> list[str]:
    """Every file of the repository as a clone has it (tracked, or new and not ignored), relative to root."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


def make_clinic_copy(dest: Path, reviewed: dt.date | None = None) -> Path:
    """dest as a clinic's copy of this checkout, committed (a git repository): every file of the repository, the
    clinic's settings signed off on `reviewed` (today by default)."""
    project = copy_project(dest)
    apply_clinic(project, clinic_settings(site_codes(), reviewed or dt.date.today()), SITE_URL)
    # A clinic's copy is the whole repository, as its clone has it: beside the project files, the test suite
    # (data/accessibility.yml names its tests), the benchmark's static server, which the tests' shared fixtures
    # load, the guides some tests read, the list of published addresses, the workflows.
    for name in repository_files():
        if not (project / name).exists():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    commit_all(project)  # the clinic's change, committed: the pages' last change is still the copy's first commit
    return project


if __name__ == "__main__":
    if len(sys.argv) != 2 or Path(sys.argv[1]).exists():
        sys.exit("usage: python tests/clinic_copy.py NEW_FOLDER (a folder that does not exist yet)")
    made = make_clinic_copy(Path(sys.argv[1]).resolve())
    # `make` and the tests run the project's Python from .venv: this one's, the one running this script (a link,
    # which .gitignore's "/.venv/" does not match: git is told to ignore it here).
    (made / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    with (made / ".git" / "info" / "exclude").open("a", encoding="utf-8") as exclude:
        exclude.write("/.venv\n")
    print(made)
