"""The leaflet's build on copies of the project: bad input fails naming the fix.

That two builds of one commit give the same leaflets and QR codes is tests/test_reproducible.py's (it compares
the whole of site/ and site-offline/, byte for byte).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from test_leaflet_pdf import page_texts, pdfinfo

from scripts.renderers import leaflet

from conftest import assert_no_traceback, build_copy, soup

PDF_LINK = 'a[type="application/pdf"]'

pytestmark = pytest.mark.slow


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _output(result) -> str:
    return result.stdout + result.stderr


def test_a_missing_image_and_an_unknown_page_in_the_reading_order_fail_naming_page_and_fix(project):
    _edit(project / "docs" / "en" / "session.md", "\n## ", "\n![A hand after a session](img/hand-after.png)\n\n## ")
    _edit(
        project / "mkdocs.yml",
        "  leaflet:\n",
        "  leaflet:\n    pages: [index.md, aftercar.md, session.md]\n",
    )
    result = build_copy(project, "en")  # --no-leaflets: the leaflet's own checks run all the same
    output = _output(result)
    assert result.returncode == 1, output
    assert re.search(
        r"docs/en/session\.md: image 'img/hand-after\.png' not found, so the printed leaflet cannot "
        r"show it — save the image in docs/en/",
        output,
    ), output
    assert re.search(
        r"mkdocs\.yml:\d+: extra\.leaflet\.pages\[1\]: 'aftercar\.md' is not a page of the menu \(nav\) — "
        r"use one of: index\.md, ",
        output,
    ), output
    assert_no_traceback(output)


def test_a_leaflet_past_its_page_budget_fails_with_its_page_count_on_letter_paper(project):
    _edit(project / "mkdocs.yml", "    max_pages: 36\n", "    max_pages: 3\n")
    _edit(project / "mkdocs.yml", "    paper: A4 ", "    paper: Letter ")
    # A clinic with a name, a phone number and a logo: the cover and the contacts show them.
    from PIL import Image

    Image.new("RGB", (120, 40), "#005a70").save(project / "overrides" / "assets" / "images" / "clinic-logo.png")
    _edit(
        project / "mkdocs.yml",
        '    name: ""\n    logo: ""\n',
        '    name: "Clinique du Parc"\n    logo: "clinic-logo.png"\n',
    )
    _edit(project / "mkdocs.yml", '    phone: ""\n', '    phone: "+33 1 23 45 67 89"\n')
    result = build_copy(project, "en", leaflets=True)
    output = _output(result)
    assert result.returncode == 1, output
    pdf = project / "site" / "en" / leaflet.file_name("en")
    pages = int(pdfinfo(pdf)["Pages"])
    assert pages > 3
    assert (
        f"docs/en/: the printed leaflet has {pages} pages, more than the budget of 3 "
        f"(mkdocs.yml extra.leaflet.max_pages) — shorten pages"
    ) in output, output
    # Large print has its own budget, by default twice the standard one, and says which setting gives it.
    large = int(pdfinfo(project / "site" / "en" / leaflet.file_name("en", leaflet.LARGE_PRINT))["Pages"])
    assert large > pages
    assert (
        f"docs/en/: the large-print leaflet has {large} pages, more than the budget of "
        f"{3 * leaflet.LARGE_PRINT_PAGE_FACTOR} (mkdocs.yml extra.leaflet.large_print_max_pages, unset: "
        f"{leaflet.LARGE_PRINT_PAGE_FACTOR} × max_pages) — shorten pages"
    ) in output, output
    assert pdfinfo(pdf)["Page size"].endswith("(letter)")
    cover, *_, last = page_texts(pdf)
    assert "Clinique du Parc" in cover
    assert "+33 1 23 45 67 89" in last and "Clinique du Parc" in last
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["120", "40"]], "the clinic's logo is not on the cover"


def test_a_wrong_paper_size_is_refused(project):
    _edit(project / "mkdocs.yml", "    paper: A4 ", "    paper: A5 ")
    result = build_copy(project, "en")
    assert result.returncode == 1
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("    paper: A5"))
    assert f"mkdocs.yml:{line}: extra.clinic.paper: 'A5' is not a paper size — use A4 or Letter" in _output(result)


def test_a_build_without_leaflets_has_neither_the_file_nor_its_link_and_release_refuses_it(project):
    result = build_copy(project, "en")  # build --no-leaflets
    assert result.returncode == 0, _output(result)
    site = project / "site" / "en"
    assert not (site / leaflet.file_name("en")).exists()
    pages = list(site.rglob("index.html"))
    assert pages and not [page for page in pages if soup(page).select(PDF_LINK)], "a page links to no leaflet"
    release = subprocess.run(
        [sys.executable, "-m", "scripts.site", "build", "--no-leaflets", "en"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "RELEASE": "1"},
    )
    assert release.returncode == 1
    assert "a release build lays out the printed leaflets" in release.stdout and "--no-leaflets" in release.stdout
    full = build_copy(project, "en", leaflets=True)
    assert full.returncode == 0, _output(full)
    assert (site / leaflet.file_name("en")).is_file()
    assert soup(site / "index.html").select(PDF_LINK)
