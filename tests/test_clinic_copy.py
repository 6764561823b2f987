"""A clinic adopts the shipped site: its settings keep the tests about the shipped content green (issue 25, item 3).

A copy of the repository gets a clinic's name, logo, colours, contacts, emergency numbers, sign-off and site_url as
README ("Clinic settings", "Sign-off", "Publishing") tells a clinic to set them (tests/clinic_copy.py); no file of
the engine (scripts/, overrides/) is touched. The copy is built (every language, for the tests that compare
languages; no leaflets) and the content tests run inside it, so that its scripts.config.paths.ROOT is the copy.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from test_leaflet_web import sheet_print_problems

from scripts.config.site_config import CONTACT_LIMITS
from scripts.rules.signoff import PERSON_LIMIT

from browser_support import new_context, settle, start_server
from clinic_copy import (
    CONTACTS,
    LOGO,
    LOGO_SVG,
    NAME,
    REVIEWER,
    ROLE,
    SITE_URL,
    TRANSLATOR_ROLE,
    make_clinic_copy,
    translator,
)
from conftest import LANGS, build_copy, soup

pytestmark = pytest.mark.build  # builds, or reads a build (conftest.py)

# The tests about the shipped content (its pages, readability, languages, French typography), run in the copy,
# and those of the built pages that follow the settings (the sign-off, the clinic, its emergency numbers): they read
# the copy's own build. Which files these are is settled when the suite is split into engine and content tests.
CONTENT_TESTS = (
    "tests/test_readability.py",
    "tests/test_languages.py",
    "tests/test_typography.py",
    "tests/test_signoff.py::test_a_page_says_reviewed_iff_its_sign_off_names_a_reviewer_and_date",
    "tests/test_signoff.py::test_the_about_page_claims_only_the_reviews_the_data_show",
    "tests/test_clinic_and_patients.py::test_aftercare_has_both_care_cards_and_do_dont_lists",
    "tests/test_clinic_and_patients.py::test_sharing_tags_and_structured_data_match_the_front_matter",
    "tests/test_clinic_and_patients.py::test_the_site_names_a_clinic_iff_the_settings_name_one",
)


def test_a_clinic_s_settings_keep_the_content_tests_green(browser, tmp_path):
    project = make_clinic_copy(tmp_path / "clinic")
    engine = subprocess.run(
        ["git", "diff", "--name-only", "HEAD~1", "--", "scripts", "overrides"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert engine.returncode == 0 and engine.stdout == "", f"a clinic had to edit the engine: {engine.stdout}"

    build = build_copy(project)
    assert build.returncode == 0, build.stdout + build.stderr
    # The settings reached the pages: the clinic's name, logo and colour, the numbers in the order written.
    home, aftercare = (
        soup(project / "site" / "en" / "index.html"),
        soup(project / "site" / "en" / "aftercare" / "index.html"),
    )
    assert NAME in home.get_text() and home.find("img", src=re.compile(re.escape(LOGO)))
    assert (project / "site" / "en" / "assets" / "images" / LOGO).read_text(encoding="utf-8") == LOGO_SVG
    assert "--patient-primary:#1d4e89" in str(home)
    assert home.find("link", rel="canonical")["href"].startswith(SITE_URL)
    assert REVIEWER in home.get_text()
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

    # Its details and names as long as the settings allow: the consultation sheet still prints on one page, in every
    # language, on A4 and on Letter, nothing past the side of the paper.
    assert {key: len(value) for key, value in CONTACTS.items()} == CONTACT_LIMITS
    assert {len(REVIEWER), len(ROLE), len(TRANSLATOR_ROLE), *(len(translator(code)) for code in LANGS)} == {
        PERSON_LIMIT
    }
    served, context = start_server(project / "site"), new_context(browser)
    try:
        page = context.new_page()
        problems = []
        for lang in LANGS:
            page.goto(f"{served.url}{lang}/consultation-sheet/")
            settle(page)
            problems += sheet_print_problems(page, lang, tmp_path)
    finally:
        context.close()
        served.stop()
    assert problems == []
