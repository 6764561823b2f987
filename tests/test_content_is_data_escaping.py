"""Every value escaped where it lands: JSON-LD inside <script>, the catalog's strings, the clinic's website,
the project's partials rendered as MkDocs renders them (no autoescaping) with hostile values, and what
Material prints as it is (scripts/adapters/material_escaping.py, the one file that reaches into it)."""

from __future__ import annotations

import json
import re
import types

import jinja2
import pytest
from babel.support import Translations
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section

from scripts.adapters import material_escaping
from scripts.adapters.templates import HTMLTranslations, json_for_script, website_href
from scripts.config.paths import ROOT
from scripts.postprocess import pages as postprocess

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script><!--<script>", "a & b ' \""]


@pytest.mark.parametrize("value", HOSTILE)
def test_json_ld_cannot_close_its_script_block(value):
    text = json_for_script({"name": value, "nested": [value]})
    assert not re.search(r"[<>&]", text)
    assert json.loads(text) == {"name": value, "nested": [value]}


def _catalog(msgstr: str) -> Translations:
    catalog = Translations()
    catalog._catalog = {"Page last reviewed:": msgstr, "Reviewed by %(name)s.": msgstr + " %(name)s"}
    return catalog


def _environment() -> jinja2.Environment:
    """The theme's templates as MkDocs renders them: no autoescaping, Jinja's i18n extension (newstyle)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(ROOT / "overrides"), str(postprocess._theme_dir())]),
        extensions=["jinja2.ext.i18n"],
    )
    return env


@pytest.mark.parametrize("value", HOSTILE)
def test_a_catalogs_strings_and_their_values_reach_the_page_as_text(value):
    env = _environment()
    env.install_gettext_translations(HTMLTranslations(_catalog(value)), newstyle=True)  # type: ignore[attr-defined]
    out = env.from_string('<p>{{ _("Page last reviewed:") }} {{ _("Reviewed by %(name)s.", name=who) }}</p>').render(
        who=value
    )
    found = postprocess.inline_code(out)
    assert not found.scripts and not found.refused, out
    assert "<img" not in out and "<script" not in out


@pytest.mark.parametrize(
    "value, href",
    [
        ("https://clinic.example.org/", "https://clinic.example.org/"),
        ("http://clinic.example.org", "http://clinic.example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("//clinic.example.org", None),
        (None, None),
    ],
)
def test_the_clinics_website_is_a_link_only_when_it_is_http(value, href):
    assert website_href(value) == href


def _signoff(name: str, role: str) -> dict:
    person = {"name": name, "role": role, "date": "25 November 2026", "date_iso": "2026-11-25"}
    return {"clinical": person, "is_translation": True, "translator": person, "translation": person}


@pytest.mark.parametrize("value", HOSTILE)
def test_the_projects_partials_print_hostile_values_as_text(value):
    env = _environment()
    env.install_gettext_translations(HTMLTranslations(_catalog(value)), newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda path: path
    clinic = {key: value for key in ("name", "address", "phone", "email", "website", "opening_hours")}
    patient = {
        "clinic": clinic,
        "clinic_website_href": website_href(value),
        "signoff": _signoff(value, value),
        "alternates": [{"lang": "fr", "name": value, "href": value, "current": False}],
        "lang": "en",
    }
    for name in ("partials/copyright.html", "partials/signoff.html", "partials/alternate.html"):
        out = env.get_template(name).render(
            patient=patient, config={"theme": {"icon": {}}}, lang=types.SimpleNamespace(t=lambda key: key)
        )
        found = postprocess.inline_code(out)
        assert not found.scripts and not found.styles and not found.refused, (name, out)
        assert "<img" not in out, (name, out)
        assert not re.search(r'href="javascript', out, re.I), (name, out)


def _page(title: str | None, meta_title: str | None):
    page = types.SimpleNamespace(meta={"title": meta_title} if meta_title is not None else {}, title=title)
    return page


def test_a_front_matter_title_becomes_html_text_and_a_heading_title_stays_html():
    from_meta = _page("<script>alert(1)</script>", "<script>alert(1)</script>")
    from_heading = _page("Q &amp; A", None)  # MkDocs: the first heading's text, tags stripped, entities kept
    material_escaping.escape_page_titles([from_meta, from_heading])
    assert from_meta.title == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert from_heading.title == "Q &amp; A"
    material_escaping.escape_page_titles([from_meta])  # twice (`make serve`): still escaped once
    assert from_meta.title == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_the_navigations_section_and_link_titles_become_html_text():
    link = Link(title='"><img src=x onerror=alert(1)>', url="https://example.org/")
    section = Section(title="<script>alert(1)</script>", children=[link])
    material_escaping.escape_nav_titles(Navigation([section], []))
    material_escaping.escape_nav_titles(Navigation([section], []))
    assert section.title == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert link.title == "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_the_config_a_template_sees_has_its_raw_fields_escaped_and_the_builds_is_unchanged():
    config = MkDocsConfig()
    config.load_dict({"site_name": "<script>alert(1)</script>", "site_description": '"><b>'})
    config.validate()
    shown = material_escaping.template_config(config)
    assert shown.site_name == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert shown.site_description == "&#34;&gt;&lt;b&gt;"
    assert config.site_name == "<script>alert(1)</script>"


def _material(name: str) -> str:
    return (postprocess._theme_dir() / name).read_text(encoding="utf-8")


def test_materials_raw_spots_are_the_ones_material_escaping_knows():
    """What Material prints without `| e` that content or configuration controls; if an upgrade prints
    another, this fails and material_escaping.py (or overrides/) must handle it."""
    raw = set()
    for path in postprocess._theme_dir().rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        raw |= set(re.findall(r"\{\{-?\s*(config\.(?:site_\w+|copyright)|page\.meta\.\w+)\s*-?\}\}", text))
    config_fields = {name.split(".", 1)[1] for name in raw if name.startswith("config.")}
    assert config_fields <= set(material_escaping.RAW_CONFIG_FIELDS), config_fields
    # page.meta.* raw: title, description and author only in base.html's blocks that overrides/main.html
    # replaces; location only in redirect.html, which needs a `location:` field the front-matter rules refuse
    # (and whose meta refresh and inline script the CSP check refuses)
    known = {"page.meta.title", "page.meta.description", "page.meta.author", "page.meta.location"}
    assert {name for name in raw if name.startswith("page.meta.")} <= known
    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    for block in ("site_meta", "htmltitle"):
        assert f"{{% block {block} %}}" in main and f"{{% block {block} %}}" in _material("base.html")


@pytest.mark.parametrize("value", HOSTILE)
def test_the_search_dialogs_name_from_the_catalog_is_an_attributes_text(value):
    from scripts.adapters.page_html import SEARCH_DIALOG, valid_html

    out = valid_html(f"<body>{SEARCH_DIALOG}</div></body>", value)
    found = postprocess.inline_code(out)
    assert not found.scripts and not found.refused and "<img" not in out, out


def test_no_template_prints_a_value_in_a_single_quoted_attribute():
    """material_escaping.html_text keeps apostrophes: safe only while no attribute value is single-quoted."""
    for path in [*postprocess._theme_dir().rglob("*.html"), *(ROOT / "overrides").rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"=\s*'[^'>]*\{\{", text), path


def test_apostrophes_stay_as_they_are_and_quotes_are_escaped():
    assert material_escaping.html_text("Perché le mani mostrano l'età?") == "Perché le mani mostrano l'età?"
    assert material_escaping.html_text('a "b" <c> & d') == "a &#34;b&#34; &lt;c&gt; &amp; d"
