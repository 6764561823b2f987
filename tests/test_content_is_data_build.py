"""Hostile values in every place a value comes from, in ONE build of one language of a project copy: each
comes out of the built pages as inert text. (An .html file dropped into docs/ stops the build before any page
is rendered, so it is not part of this build: tests/test_content_is_data_files.py refuses it by name, and
tests/test_content_is_data_csp.py shows the policy check would refuse its script were it ever published.)

The clinic's name, address, website and hours and a reviewer's name and role (mkdocs.yml), the site's name
(mkdocs.fr.yml), a catalog msgstr (translations/fr), a page's title and description written with YAML escapes,
and a glossary definition. The unit tests of each piece are test_content_is_data_{csp,html,escaping}.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.postprocess import pages as postprocess

from conftest import build_copy, clinic_of, copy_project, edit_settings

pytestmark = pytest.mark.build  # builds, or reads a build (conftest.py)

LANG = "fr"
CLINIC_NAME = '<script>alert("clinic")</script>'
WEBSITE = 'https://clinic.example/?"><svg/onload=alert(3)>'  # within the website's 50 characters
ADDRESS = '"><img src=x onerror=alert(2)>'
HOURS = "</p><style>.page-signoff{display:none}</style>"
REVIEWER = "<script>alert(4)</script>"
ROLE = '"><img src=x onerror=alert(5)>'
SITE_NAME = "Mésothérapie <script>alert(6)</script>"
MSGSTR = "<script>alert(7)</script>"
TITLE = "<script>alert(8)</script>"
DESCRIPTION = "</script><script>alert(9)</script>"
DEFINITION = "Les parties <img src=x onerror=alert(12)> <script>alert(13)</script> d'un produit"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _set_line(path: Path, field: str, value: str) -> None:
    """The first `field: …` line of a YAML file (or front matter) set to `field: value`."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"(?m)^{field}: .*$", lambda _: f"{field}: {value}", text, count=1)
    assert count == 1, f"no {field}: in {path}"
    path.write_text(new, encoding="utf-8")


def _hostile_clinic(settings: dict) -> None:
    """The clinic's contacts and its clinical reviewer in mkdocs.yml: hostile values, whatever it held before."""
    clinic = clinic_of(settings)
    clinic.update(name=CLINIC_NAME, website=WEBSITE, phone="+33 1 23 45 67 89", address=ADDRESS, opening_hours=HOURS)
    signoff = clinic.get("signoff") or {}
    signoff["clinical_review"] = {"name": REVIEWER, "role": ROLE, "date": dt.date(2026, 11, 25)}
    clinic["signoff"] = signoff


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    edit_settings(project, _hostile_clinic)
    edit_settings(project, lambda settings: settings.update(site_name=SITE_NAME), f"mkdocs.{LANG}.yml")
    _replace(
        project / "translations" / LANG / "LC_MESSAGES" / "messages.po",
        'msgid "Page last reviewed:"\nmsgstr "Dernière relecture de la page\u00a0:"',
        f'msgid "Page last reviewed:"\nmsgstr {json.dumps(MSGSTR)}',
    )
    page = project / "docs" / LANG / "session.md"
    # YAML escapes: the page's text has no "<" for a text search to find
    _set_line(page, "title", '"\\u003cscript\\u003ealert(8)\\u003c/script\\u003e"')
    _set_line(page, "description", '"\\u003c/script\\u003e\\u003cscript\\u003ealert(9)\\u003c/script\\u003e"')
    _replace(
        project / "glossary" / f"{LANG}.yml",
        "  definition: Les parties d’un produit qui doivent avoir un effet. En mésothérapie, elles sont injectées "
        "dans la peau.",
        f"  definition: {json.dumps(DEFINITION)}",
    )
    result = build_copy(project, LANG)
    return project, result


def _pages(project: Path) -> list[Path]:
    return sorted((project / "site" / LANG).rglob("*.html"))


def test_every_page_is_published_inert_or_refused_by_name(hostile):
    """A page whose HTML still carries a hostile value (from code that printed it raw) is refused, named, and
    not left in the site: the build never publishes it."""
    project, result = hostile
    for source in sorted((project / "docs" / LANG).glob("*.md")):
        built = project / "site" / LANG / ("index.html" if source.stem == "index" else f"{source.stem}/index.html")
        named = f"site/{LANG}/{built.relative_to(project / 'site' / LANG).as_posix()}" in result.stdout
        assert built.is_file() != named, (source, result.stdout)


def test_no_hostile_value_runs_or_styles_a_page(hostile):
    project, _ = hostile
    pages = _pages(project)
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = postprocess.inline_code(text)
        assert not found.refused, (path, found.refused)
        assert not [body for _, body in found.scripts if "alert" in body], path
        assert not [body for _, body in found.styles if "page-signoff{display:none}" in body], path
        doc = BeautifulSoup(text, "html.parser")
        assert not doc.find_all("img", src="x"), path
        assert not [a for a in doc.find_all("a", href=True) if a["href"].lower().startswith("javascript")], path


def test_hostile_values_are_shown_as_text(hostile):
    project, _ = hostile
    page = BeautifulSoup(
        (project / "site" / LANG / "session" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    shown = page.get_text()
    for value in (CLINIC_NAME, ADDRESS, REVIEWER, ROLE, MSGSTR, TITLE):
        assert value in shown, value
    assert HOURS in shown
    # <title> is text to a browser (RCDATA): minify-html writes its "<" as they are, html.parser misreads it
    raw = (project / "site" / LANG / "session" / "index.html").read_text(encoding="utf-8")
    assert raw.split("<title>", 1)[1].split("</title>", 1)[0] == f"{TITLE} - {SITE_NAME}"
    assert page.find("meta", attrs={"name": "description"})["content"] == DESCRIPTION
    assert page.find("meta", property="og:site_name")["content"] == SITE_NAME
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert (data["name"], data["description"]) == (TITLE, DESCRIPTION)
    assert [a["href"] for a in page.find_all("a", href=re.compile("clinic.example"))] == [WEBSITE]


def test_a_glossary_definition_is_shown_as_text(hostile):
    project, _ = hostile
    glossary = (project / "site" / LANG / "glossary" / "index.html").read_text(encoding="utf-8")
    assert DEFINITION in BeautifulSoup(glossary, "html.parser").get_text()
