"""The leaflet's build on copies of the project: bad input fails naming the fix.

Three builds, one per variant: a copy seeded with a missing image and an unknown page in the reading order
(without leaflets: their checks run all the same), a copy past its page budget (with leaflets: the page count
is the subject), and a copy of another clinic's site, clean, built without leaflets: another topic, another
brand and no page with the about role, whose built page follows them with no code change (the pieces of that
are unit-tested in tests/test_topic_free.py). The paper-size check and the release build's refusal of
--no-leaflets are run in this process. That a build with leaflets has the file and links it is
tests/test_scaffold.py's (its one build, of a new language, lays its leaflet out).
The settings' and reading order's own rules are tests/test_leaflet_units.py's.

That two builds of one commit give the same leaflets and QR codes is tests/test_reproducible.py's (it compares
the whole of site/ and site-offline/, byte for byte).
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
from types import SimpleNamespace

import pytest
from test_leaflet_pdf import page_texts, pdfinfo

from scripts.adapters import printed
from scripts.adapters.context import PRINTED_KEY
from scripts.cli import site as site_command
from scripts.config import site_config
from scripts.renderers import leaflet

from conftest import assert_no_traceback, build_copy, clinic_of, copy_project, edit_settings, soup

PDF_LINK = 'a[type="application/pdf"]'


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _output(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_leaflet_past_its_page_budget_fails_with_its_page_count_on_letter_paper(project):
    # A clinic with a name, a phone number and a logo, on Letter paper: the cover and the contacts show them.
    from PIL import Image

    Image.new("RGB", (120, 40), "#005a70").save(project / "brand" / "clinic-logo.png")

    def clinic_on_letter(settings: dict) -> None:
        settings["extra"]["leaflet"] = {**(settings["extra"].get("leaflet") or {}), "max_pages": 3}
        clinic = {
            "paper": "Letter",
            "name": "Clinique du Parc",
            "logo": "clinic-logo.png",
            "phone": "+33 1 23 45 67 89",
        }
        clinic_of(settings).update(clinic)

    edit_settings(project, clinic_on_letter)
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


class _Config(dict):
    """What printed.on_config reads of MkDocs' configuration (its `extra`) and stores its state in."""

    def __init__(self, extra: dict) -> None:
        super().__init__()
        self.extra = extra


def test_a_wrong_paper_size_lays_no_leaflet_out(caplog):
    """The rule leaflet-settings names the line, once (tests/test_settings_schema.py); the hook says nothing more
    and lays nothing out."""
    config = _Config({"clinic": {"paper": "A5"}})
    with caplog.at_level(logging.DEBUG):
        printed.on_config(config)
    assert caplog.records == []
    assert config[PRINTED_KEY].broken  # the leaflet is not laid out; the rule's error stops the build
    config = _Config({"clinic": {"paper": "Letter"}})
    printed.on_config(config)
    assert not config[PRINTED_KEY].broken and config[PRINTED_KEY].settings.paper == "Letter"


def test_a_release_build_refuses_to_leave_the_leaflets_out(monkeypatch, capsys):
    monkeypatch.setenv("RELEASE", "1")
    assert site_command.build(["en"], leaflets=False) == 1
    out = capsys.readouterr().out
    assert "a release build lays out the printed leaflets" in out and "--no-leaflets" in out


@pytest.fixture(scope="module")
def other_clinic(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A copy made another clinic's: another topic's name, another brand colour, no page with the about role;
    built once, English, without leaflets."""
    project = copy_project(tmp_path_factory.mktemp("other-clinic") / "project")

    def another_clinic(settings: dict) -> None:
        settings["extra"]["topic"]["name"] = "Skin boosters"
        # Its colour and no dark one (tinted from it), no logo: the favicon is the topic's icon in its colour.
        clinic = clinic_of(settings)
        colors = {key: value for key, value in (clinic.get("colors") or {}).items() if key != "primary_dark"}
        clinic.update(colors={**colors, "primary": "#6b2f8a"}, logo="")

    edit_settings(project, another_clinic)
    for path in (project / "docs").glob("*/about.md"):
        _edit(path, "role: about\n", "")
    result = build_copy(project, "en")  # build --no-leaflets
    return SimpleNamespace(project=project, result=result, site=project / "site" / "en")


@pytest.mark.slow
def test_a_build_without_leaflets_has_neither_the_file_nor_its_link(other_clinic):
    assert other_clinic.result.returncode == 0, _output(other_clinic.result)
    site = other_clinic.site
    assert not (site / leaflet.file_name("en")).exists()
    pages = list(site.rglob("index.html"))
    assert pages and not [page for page in pages if soup(page).select(PDF_LINK)], "a page links to no leaflet"


@pytest.mark.slow
def test_a_second_topic_and_brand_need_no_code_change(other_clinic):
    """Another topic's name, no about page's role, another brand: the built page follows, with no link to a
    missing page and the colours in the page's own (policy-vouched) style."""
    assert other_clinic.result.returncode == 0, _output(other_clinic.result)
    doc = soup(other_clinic.site / "session" / "index.html")
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["about"] == {"@type": "MedicalProcedure", "name": "Skin boosters"}
    assert not [a for a in doc.select(".patient-footer a") if "about" in a["href"]]
    style = " ".join(s.get_text() for s in doc.find_all("style"))
    dark = site_config.brand_colors({"colors": {"primary": "#6b2f8a"}})["primary_dark"]
    assert "--patient-primary:#6b2f8a" in style and f"--patient-primary-dark:{dark}" in style
    assert "%236b2f8a" in doc.select_one("link[rel=icon]")["href"]
