"""The engine names no topic; the clinic's brand and numbers reach every place they belong.

Pure functions only: page roles (scripts/rules/page_roles.py) and the footer's link by role, the rules that refuse a
link to a missing page, the topic's settings (scripts/config/topic.py), the brand colours and their contrast rule
(scripts/config/site_config.py, overrides/main.html, patient.css), emergency numbers in order with their labels,
timeline stages in time (scripts/renderers/timeline.py), and a search of scripts/ and overrides/ for the topic's words
and its pages' file names. That a second topic and brand build with no code change is read from the one
build of another clinic's copy in tests/test_leaflet_build.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from babel.support import NullTranslations
from bs4 import BeautifulSoup

from scripts.adapters.templates import json_ld, role_urls
from scripts.cli import scaffold
from scripts.config import site_config, topic
from scripts.config.editor_files import EditorFileError, read_mkdocs_config, setting_lines
from scripts.postprocess import pages as postprocess
from scripts.renderers import components, leaflet
from scripts.renderers.timeline import TimelineError, load_timelines, render_timeline
from scripts.rules import page_roles
from scripts.rules import registry as rules
from scripts.rules.content_rules import check_front_matter
from scripts.rules.links_check import page_link_problems
from scripts.rules.signoff import PageSignoff, Review

from conftest import ROOT

# ---------------------------------------------------------------- roles


def _pages(*items):
    """(rel, page, meta, line) rows of one language, from (page, role) pairs."""
    return [(f"docs/fr/{page}", page, {"role": role} if role else {}, 3) for page, role in items]


def test_role_pages_and_the_first_reference_page_come_from_front_matter_not_file_names():
    metas = [("a.md", {}), ("words.md", {"role": "glossary"}), ("who.md", {"role": "about"}), ("x.md", None)]
    roles = page_roles.role_pages(metas)
    assert roles == {"glossary": "words.md", "about": "who.md"}
    assert page_roles.first_reference_page(["a.md", "who.md", "words.md"], roles) == "who.md"
    assert page_roles.first_reference_page(["a.md"], {}) is None
    assert page_roles.role_of({"role": "sidebar"}) is None and page_roles.role_of({"role": 3}) is None


def test_a_known_role_once_per_language_passes():
    assert page_roles.problems(_pages(("index.md", "home"), ("b.md", "about"), ("c.md", None))) == []


@pytest.mark.parametrize(
    ("pages", "source", "words"),
    [
        (_pages(("a.md", "sidebar")), None, "front matter 'role': 'sidebar' is not a role — use one of home, about"),
        (_pages(("a.md", ["about"])), None, "front matter 'role': ['about'] is not a role"),
        (_pages(("a.md", "about"), ("b.md", "about")), None, "front matter 'role': about is already the role of a.md"),
        (_pages(("a.md", None)), {"a.md": "about"}, "role': none, but the en page's role is about — write 'role"),
        (_pages(("a.md", "glossary")), {"a.md": "about"}, "role': glossary, but the en page's role is about"),
        (_pages(("a.md", "about")), {}, "role': about, but the en page's role is none — remove it"),
        (_pages(("start.md", "home")), None, "role': home on start.md, but the language's address opens index.md"),
    ],
)
def test_role_problems_name_the_page_and_line_and_the_fix(pages, source, words):
    found = page_roles.problems(pages, source)
    assert len(found) == 1 and words in str(found[0]) and str(found[0]).startswith(pages[-1][0] + ":3: ")


def test_role_is_a_front_matter_field():
    text = "---\ntitle: T\nrole: about\ndescription: D\nsources:\n  - S\n---\n\n# T\n"
    meta, problems = check_front_matter("docs/en/who.md", text)
    assert meta["role"] == "about" and problems == []


def test_role_urls_link_only_the_pages_that_exist():
    page = lambda url, meta: SimpleNamespace(url=url, meta=meta)  # noqa: E731
    nav = SimpleNamespace(pages=[page("", {"role": "home"}), page("who/", {"role": "about"}), page("a/", {})])
    assert role_urls(nav) == {"home": "./", "about": "who/"}
    assert role_urls(SimpleNamespace(pages=[page("a/", {})])) == {} and role_urls(None) == {}


def _footer(roles: dict) -> BeautifulSoup:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda value: "../" + value
    html = env.get_template("partials/copyright.html").render(patient={"clinic": {}, "roles": roles})
    return BeautifulSoup(html, "html.parser")


def test_the_footer_links_the_about_page_by_its_role_and_nothing_without_one():
    link = _footer({"about": "who-we-are/"}).select_one("a")
    assert link["href"] == "../who-we-are/" and link.get_text() == "About this information"
    for roles in ({}, {"glossary": "words/"}):
        assert _footer(roles).select("a") == [], "no about page: no link (never one to a missing page)"


def test_the_leaflet_leaves_out_pages_by_role_unless_the_settings_name_them():
    nav = ["start.md", "sheet.md", "who.md", "care.md"]
    settings = leaflet.read_settings({})[0]
    assert leaflet.reading_order(nav, settings, {"consultation": "sheet.md", "about": "who.md"})[0] == [
        "start.md",
        "care.md",
    ]
    named = leaflet.read_settings({"leaflet": {"leave_out": ["care.md"]}})[0]
    assert leaflet.reading_order(nav, named, {"about": "who.md"})[0] == ["start.md", "sheet.md", "who.md"]


# ---------------------------------------------------------------- links to missing pages


def test_a_link_to_a_missing_page_fails_the_build_with_its_line(tmp_path):
    levels = {item.name: item.levels for item in rules.REGISTRY}
    assert levels["links"]["build"] == "error" and levels["page-roles"]["build"] == "error"
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    (docs / "there.md").write_text("# There\n", encoding="utf-8")
    text = "---\ntitle: T\n---\n\nSee [there](there.md).\n\nSee [gone](gone.md) and [away](/away.md).\n"
    found = page_link_problems("docs/en/here.md", text, docs, {"there.md": {"there"}})
    assert [(p.line, p.message) for p in found] == [
        (7, "link 'gone.md': no such page in docs/en/"),
        (7, "link '/away.md' starts with /"),
    ]
    assert all("next-page.md" in p.fix for p in found)


# ---------------------------------------------------------------- the topic


TOPIC = {"name": "Skin care", "schema_type": "MedicalTherapy", "icon": "M4 4h24v24H4z", "social_card": "card.png"}


def test_topic_settings_are_checked(tmp_path):
    (tmp_path / "card.png").write_bytes(b"png")
    assert topic.problems({"topic": TOPIC}, tmp_path) == []
    bad = {"topic": {"name": "", "schema_type": "Spa", "icon": "M0 0'/><script>", "social_card": "x.gif", "k": 1}}
    found = topic.problems(bad, tmp_path)
    assert [line.split(":")[0] for line in found] == [
        "mkdocs.yml extra.topic.k",
        "mkdocs.yml extra.topic.name",
        "mkdocs.yml extra.topic.schema_type",
        "mkdocs.yml extra.topic.icon",
        "mkdocs.yml extra.topic.social_card",
    ]
    assert all(" — " in line for line in found)
    assert topic.problems({}, tmp_path)[0].startswith("mkdocs.yml extra.topic: missing — ")
    missing = topic.problems({"topic": {"name": "x", "social_card": "none.png"}}, tmp_path)
    assert missing == ["mkdocs.yml extra.topic.social_card: brand/none.png does not exist — save the image there"]


def test_the_favicon_draws_the_topics_icon_on_the_primary_colour():
    icon = topic.favicon({"topic": TOPIC}, "#6b2f8a")
    assert icon.startswith("data:image/svg+xml,") and "%236b2f8a" in icon and "M4%204h24v24H4z" in icon
    plain = topic.favicon({}, "#6b2f8a")
    assert "%236b2f8a" in plain and "path" not in plain  # no icon set: still an icon, never /favicon.ico
    assert "script" not in topic.favicon({"topic": {"icon": "M0 0'/><script>"}}, "#000")


def test_the_json_ld_subject_is_the_languages_topic():
    build = SimpleNamespace(lang="fr")
    page = SimpleNamespace(title="T", canonical_url="https://x.org/fr/p/")
    nobody = PageSignoff(Review(None, None))
    data = json_ld(build, page, {}, nobody, dt.date(2026, 1, 1), {"topic": {"name": "Soins", "schema_type": "Drug"}})
    assert data["about"] == {"@type": "Drug", "name": "Soins"}
    assert "about" not in json_ld(build, page, {}, nobody, None, {})
    assert topic.about({"topic": {"name": "Soins"}}) == {"@type": "MedicalProcedure", "name": "Soins"}


def test_a_translated_language_names_the_topic_in_its_own_words():
    base = {"topic": {"name": "Skin care"}}
    assert topic.language_problems("fr", {"topic": {"name": "Soins de la peau"}}, base) == []
    for own, what in ((base, "not translated"), ({}, "missing")):
        found = topic.language_problems("fr", own, base)
        assert found[0].startswith(f"mkdocs.fr.yml extra.topic.name: {what} — add")
    text = scaffold.language_config_text("de", "Hautpflege", topic_name="Skin care")
    assert yaml.safe_load(text)["extra"] == {"topic": {"name": "Skin care"}}


def test_every_shipped_language_names_the_topic():
    base = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)["extra"]
    assert topic.problems(base) == []
    for path in sorted(ROOT.glob("mkdocs.[a-z][a-z].yml")):
        if path.stem.split(".")[1] != "en":
            extra = read_mkdocs_config(path, ROOT)["extra"]
            assert topic.language_problems(path.stem.split(".")[1], extra, base) == [], path.name


# ---------------------------------------------------------------- colours


def test_dark_versions_are_given_or_tinted_to_read_on_the_dark_background():
    given = site_config.brand_colors({"colors": {"primary": "#6b2f8a", "primary_dark": "#e0c4ef"}})
    assert given["primary"] == "#6b2f8a" and given["primary_dark"] == "#e0c4ef"
    assert given["accent_dark"] == site_config.DEFAULT_COLORS["accent_dark"]
    tinted = site_config.brand_colors({"colors": {"primary": "#b00020"}})["primary_dark"]
    assert site_config.contrast(tinted, site_config.DARK_BACKGROUND) >= site_config.DARK_TARGET
    r, g, b = (int(tinted[i : i + 2], 16) for i in (1, 3, 5))
    assert r > g and r > b, "the tint keeps the brand's hue"
    assert site_config.brand_colors(None) == site_config.DEFAULT_COLORS
    assert site_config.brand_colors({"colors": {"primary": "red;}"}})["primary"] == "#005a70"


@pytest.mark.parametrize(
    ("colors", "words"),
    [
        ({"primary": "#7fd3e6"}, "colors.primary: #7fd3e6 on white has a contrast of 1.6:1, below the 4.5:1"),
        ({"accent": "#ff9900"}, "colors.accent: #ff9900 on white has a contrast of 2.1:1"),
        ({"primary_dark": "#005a70"}, "colors.primary_dark: #005a70 on the dark scheme's background (#1b2327)"),
        ({"accent_dark": "#444444"}, "colors.accent_dark: #444444 on the dark scheme's background"),
        ({"primary": "teal"}, "colors.primary: 'teal' is not a colour — write it as #rrggbb"),
        ({"link": "#000000"}, "colors.link: unknown colour — allowed: primary, accent, primary_dark, accent_dark"),
    ],
)
def test_colours_that_leave_text_unreadable_are_refused(colors, words):
    found = [str(p) for p in site_config.color_problems({"colors": colors})]
    assert len(found) == 1 and words in found[0] and " — " in found[0]


def test_shipped_colours_pass_and_the_rule_gives_the_settings_line():
    assert site_config.color_problems(read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)["extra"]["clinic"]) == []
    config = "extra:\n  clinic:\n    colors:\n      primary: '#eeeeee'\n"
    lines = setting_lines(config)
    (problem,) = site_config.color_problems({"colors": {"primary": "#eeeeee"}}, lines)
    assert (problem.path, problem.line) == ("mkdocs.yml", 4)


def test_the_pages_style_sets_every_brand_colour_as_a_custom_property():
    source = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    (body,) = [body for tag, body in postprocess.template_blocks(source) if tag == "style"]
    colors = site_config.brand_colors({"colors": {"primary": "#6b2f8a"}})
    css = jinja2.Environment().from_string(body).render(patient={"clinic": {"colors": colors}})
    assert css == (
        ":root{--patient-primary:#6b2f8a;--patient-accent:#8a3b12;"
        f"--patient-primary-dark:{colors['primary_dark']};--patient-accent-dark:#ffb38a}}"
    )


def _declarations(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def test_links_menu_cards_and_timeline_take_the_brand_in_both_schemes():
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "patient.css").read_text(encoding="utf-8")
    light, dark = (
        _declarations(css, "[data-md-color-scheme=default]"),
        _declarations(css, "[data-md-color-scheme=slate]"),
    )
    # links and the active menu item (Material colours both with --md-typeset-a-color), and the timeline's dots
    assert "--md-typeset-a-color: var(--patient-primary," in light
    assert "--md-typeset-a-color: var(--patient-primary-dark," in dark
    assert "--timeline-dot: var(--md-typeset-a-color)" in css
    root = _declarations(css, ":root")
    assert "--patient-card: var(--patient-primary," in root and "--patient-focus: var(--patient-accent," in root
    assert (
        "--patient-card: var(--patient-primary-dark," in dark and "--patient-focus: var(--patient-accent-dark," in dark
    )
    assert "border: 2px solid var(--patient-card)" in _declarations(css, ".md-typeset .care-card")
    assert not re.search(r"#00566b|#005a70(?!\))", css.replace("var(--patient-primary, #005a70)", ""))


# ---------------------------------------------------------------- emergency numbers


NUMBERS = [
    {"region": "FR", "number": "15", "label": "SAMU"},
    {"region": "FR", "number": "18", "label": "Pompiers"},
    {"region": "EU", "number": "112"},
]


def test_emergency_numbers_keep_their_order_and_labels():
    heading, places = components.emergency_numbers(site_config.emergency_numbers(NUMBERS), "fr_FR")
    assert heading == "15, 18 ou 112"
    assert places == [("15 (SAMU)", "France"), ("18 (Pompiers)", "France"), ("112", "Union européenne")]
    card = components.care_card("urgent", "- x", gettext=lambda s: s, emergency=(heading, places))
    assert (
        "Call 15, 18 ou 112 if:" in card and "France: 15 (SAMU); France: 18 (Pompiers); Union européenne: 112" in card
    )


def test_the_older_map_form_is_still_read_in_the_order_written():
    found = site_config.emergency_numbers({"GB": "999", "EU": "112"})
    assert [(n.region, n.number, n.label) for n in found] == [("GB", "999", ""), ("EU", "112", "")]
    assert site_config.check_clinic({"emergency_numbers": {"GB": "999", "EU": "112"}}) == []
    assert site_config.check_clinic({"emergency_numbers": NUMBERS}) == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ([*NUMBERS, {"region": "FR", "number": "15"}], "emergency_numbers[3]: FR 15 is already listed at"),
        ([{"region": "XX", "number": "112"}], "emergency_numbers[0].region: unknown region 'XX' — use a code such as"),
        ([{"region": "FR", "number": "fifteen"}], "emergency_numbers[0].number: 'fifteen' is not an emergency number"),
        ([{"region": "FR", "number": True}], "emergency_numbers[0].number: True is not an emergency number"),
        ([{"region": "FR", "number": "15", "phone": "x"}], "emergency_numbers[0].phone: unknown field"),
        ([{"region": "FR", "number": "15", "label": 3}], "emergency_numbers[0].label: expected text"),
        (["FR 15"], "emergency_numbers[0]: expected region, number and label, got str — write it as"),
        ("112", "emergency_numbers: expected a list of numbers, got str — write one line per number"),
        ({"XX": "112"}, "emergency_numbers.XX: unknown region"),
    ],
)
def test_bad_emergency_numbers_are_refused(value, words):
    found = [str(p) for p in site_config.check_clinic({"emergency_numbers": value})]
    assert len(found) == 1 and words in found[0] and found[0].startswith("mkdocs.yml:1: extra.clinic.")


def test_a_region_given_twice_in_the_map_form_is_refused_by_the_loader(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text('site_name: x\nextra:\n  clinic:\n    emergency_numbers:\n      FR: "15"\n      FR: "18"\n')
    with pytest.raises(EditorFileError) as error:
        read_mkdocs_config(path, tmp_path)
    assert str(error.value.problem).startswith("mkdocs.yml:6: 'FR' is given twice (first on line 5)")


# ---------------------------------------------------------------- timeline stages in time


ENTRY = """course:
  sessions: {min: 3, max: 5}
  interval: {min: {value: 2, unit: week}, max: {value: 4, unit: week}}
  stages:
STAGES
"""


def _timeline(tmp_path, stages: str):
    path = tmp_path / "timelines.yml"
    path.write_text(ENTRY.replace("STAGES", stages), encoding="utf-8")
    return load_timelines(path)["course"]


GOOD_STAGES = """    - {id: early, when: after, time: {value: 2, unit: week}}
    - {id: second, when: after, session: 2}
    - {id: later, when: after, time: {value: 3, unit: month}}"""


@pytest.mark.parametrize(
    ("locale", "labels"),
    [
        ("en_GB", ["After 2 weeks", "After session 2", "After 3 months"]),
        ("fr_FR", ["Après 2\u00a0semaines", "Après la séance 2", "Après 3\u00a0mois"]),
    ],
)
def test_stages_in_time_read_in_the_locales_units(tmp_path, locale, labels):
    from scripts.i18n import interface as i18n

    entry = _timeline(tmp_path, GOOD_STAGES)
    translations = i18n.get_translations(locale[:2]) if locale != "en_GB" else NullTranslations()
    html = render_timeline(
        entry, locale, translations.gettext, {"early": "a", "second": "b", "later": "c"}, ngettext=translations.ngettext
    )
    found = [s.get_text() for s in BeautifulSoup(html, "html.parser").select(".timeline__step--stage strong")]
    assert [text.replace(" ", "\u00a0") for text in found] == [label.replace(" ", "\u00a0") for label in labels]


@pytest.mark.parametrize(
    ("stages", "words"),
    [
        ("    - {id: a, when: after, session: 1, time: {value: 2, unit: week}}", "give either session: N"),
        ("    - {id: a, when: after}", "give either session: N"),
        (
            "    - {id: a, when: from, time: {value: 2, unit: week}}",
            "field 'stages[0].when': a stage in time is 'after'",
        ),
        ("    - {id: a, when: after, time: {value: 2, unit: year}}", "stages[0].time.unit': unknown unit 'year'"),
        ("    - {id: a, when: after, time: {value: 0, unit: week}}", "stages[0].time.value': must be 1 or more"),
        (
            "    - {id: a, when: after, time: {value: 1, unit: month}}\n"
            "    - {id: b, when: after, time: {value: 3, unit: week}}",
            "stages[1].time': stages in time must be in order: 3 week does not come after 1 month",
        ),
    ],
)
def test_bad_stages_in_time_name_the_field(tmp_path, stages, words):
    with pytest.raises(TimelineError) as error:
        _timeline(tmp_path, stages)
    assert words in str(error.value)


# ---------------------------------------------------------------- the engine names no topic

# Words of a patient-information site in general, not of its topic: the engine may say them.
GENERIC_WORDS = {"patient", "patients", "information", "informazioni", "pazienti", "información", "pacientes"}
GENERIC_WORDS |= {"معلومات", "للمرضى", "para", "delle", "de", "des", "las", "per", "i"}
# MkDocs' own convention for a folder's home page, not a page of this topic.
CONVENTION_PAGES = {"index.md"}
ENGINE_SUFFIXES = {".py", ".html", ".css", ".js", ".mjs", ".sh", ".xml", ".json", ".txt", ".cfg"}


def topic_words() -> set[str]:
    """The words of the site's name and the topic's name, in every language, from the shipped configuration."""
    words: set[str] = set()
    for path in [ROOT / "mkdocs.yml", *sorted(ROOT.glob("mkdocs.[a-z][a-z].yml"))]:
        config = read_mkdocs_config(path, ROOT)
        for text in (config.get("site_name") or "", topic.name(config.get("extra"))):
            words |= {word.casefold() for word in re.findall(r"\w+", text) if len(word) > 2}
    return words - GENERIC_WORDS


def page_names() -> set[str]:
    return {path.name for path in (ROOT / "docs" / "en").glob("*.md")} - CONVENTION_PAGES


def test_the_word_lists_are_read_from_the_shipped_content():
    assert {"hand", "mesotherapy", "mésothérapie", "mains"} <= topic_words()
    assert "patient" not in topic_words()
    assert {"about.md", "glossary.md", "results.md", "consultation-sheet.md"} <= page_names()


def test_scripts_and_overrides_name_no_topic_word_and_no_page():
    words = sorted(topic_words() | {word + "s" for word in topic_words()})  # "hands" as well as "hand"
    word_re = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, words)) + r")(?![\w])", re.IGNORECASE)
    page_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(page_names()))) + r")")
    found = []
    for folder in ("scripts", "overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in ENGINE_SUFFIXES or "wordlists" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                for match in [*word_re.finditer(line), *page_re.finditer(line)]:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {line.strip()[:100]}")
    assert found == [], "the engine names the topic or a page:\n" + "\n".join(found)


def test_the_search_finds_a_topic_word_where_there_is_one(tmp_path):
    """The search above is not vacuous: a line naming the topic or a page is caught."""
    words = topic_words()
    word_re = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(words))) + r")(?![\w])", re.IGNORECASE)
    assert word_re.search('PROCEDURE_NAME = N_("Hand mesotherapy")')
    assert not word_re.search("handle the handwritten patient information")
    page_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(page_names()))) + r")")
    assert page_re.search("<a href=\"{{ 'about/' }}\">") is None  # a URL, not a file name…
    assert page_re.search('DEFAULT_LEAVE_OUT = ("consultation-sheet.md", "about.md")')


def test_the_about_link_is_no_url_in_the_templates():
    """…so the footer's old hard-coded link is looked for as a URL too."""
    pages = {Path(name).stem for name in page_names()}
    url_re = re.compile(r"""['"/](""" + "|".join(map(re.escape, sorted(pages))) + r""")/['"]""")
    hits = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "overrides").rglob("*.html"))
        for match in url_re.finditer(path.read_text(encoding="utf-8"))
    ]
    assert hits == []
    assert url_re.search("""<a href="{{ 'about/' | url | e }}">""")


def test_the_source_language_is_configuration():
    from scripts.config.project_config import SOURCE_LANGUAGE, source_language, source_language_problems

    assert source_language({"source_language": "fr", "alternate": [{"lang": "en"}]}) == "fr"
    assert source_language({"alternate": [{"lang": "it"}, {"lang": "en"}]}) == "it"
    assert source_language({}) == "en" and source_language(None) == "en"
    assert SOURCE_LANGUAGE == source_language(read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)["extra"])
    assert source_language_problems({"source_language": "en"}, ["en", "fr"]) == []
    assert source_language_problems({}, ["en"]) == []
    (problem,) = source_language_problems({"source_language": "de"}, ["en", "fr"])
    assert str(problem).startswith(
        "mkdocs.yml:1: extra.source_language: 'de' is not one of the site's languages (en, fr) — "
    )


@pytest.mark.parametrize(
    ("key", "value"), [("primary", "#767676"), ("primary", "#6f6f6f"), ("primary_dark", "#8a9aa0")]
)
def test_the_primary_colour_must_also_read_on_the_care_cards_tint(key, value):
    problem = str(*site_config.color_problems({"colors": {key: value}}))
    assert f"colors.{key}: {value} on the care cards' tint of it (#" in problem and ":1, below the 4.5:1" in problem
    assert "4.5:1, below" not in problem, "a ratio below 4.5 never reads 4.5"
    dark = site_config.brand_colors({"colors": {"primary": "#767676"}})["primary_dark"]
    assert site_config.color_problems({"colors": {"primary_dark": dark}}) == []


# ---------------------------------------------------------------- brand files


def test_brand_images_are_the_files_of_brand_the_settings_name(tmp_path):
    """The clinic's logo and the topic's sharing image come from brand/ (content), never from the engine: only
    plain file names that exist, each once; a path, a missing file or a link is left to the rules."""
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "card.png").write_bytes(b"png")
    (tmp_path / "linked.png").symlink_to(tmp_path / "card.png")
    extra = {"clinic": {"logo": "logo.svg"}, "topic": {"social_card": "card.png"}}
    assert site_config.brand_images(extra, tmp_path) == [tmp_path / "logo.svg", tmp_path / "card.png"]
    assert site_config.brand_images(
        {"clinic": {"logo": "card.png"}, "topic": {"social_card": "card.png"}}, tmp_path
    ) == [tmp_path / "card.png"]
    for bad in ("../logo.svg", "sub/logo.svg", "missing.svg", "linked.png", "logo.exe", ".hidden.png", 3):
        assert site_config.brand_images({"clinic": {"logo": bad}}, tmp_path) == [], bad
    assert site_config.brand_images(None, tmp_path) == [] and site_config.brand_images({"clinic": "x"}, tmp_path) == []


def test_the_build_publishes_the_named_brand_files_as_assets_images(tmp_path, monkeypatch):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from scripts.adapters import templates

    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.setattr(templates, "brand_images", lambda extra: [tmp_path / "logo.svg"] if extra else [])
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    config["extra"] = {"clinic": {"logo": "logo.svg"}}
    theme_copy = File("assets/images/logo.svg", str(tmp_path), str(tmp_path / "site"), True)
    files = templates.on_files(Files([theme_copy]), config)
    published = [f for f in files if f.src_uri == "assets/images/logo.svg"]
    assert len(published) == 1 and published[0].abs_src_path == str(tmp_path / "logo.svg")
    assert published[0].dest_uri == "assets/images/logo.svg"


def test_a_brand_svg_that_could_run_is_refused_naming_the_file(tmp_path):
    from scripts.rules import registry

    from tiny_project import write_bare_project

    root = write_bare_project(tmp_path / "p", extra={"clinic": {"logo": "logo.svg"}})
    (root / "brand").mkdir()
    (root / "brand" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    found = [str(p) for p in registry.run("check", root=root, langs=["en"]).errors if p.path.startswith("brand/")]
    assert len(found) == 1 and found[0].startswith("brand/logo.svg:") and "<script>" in found[0], found
    (root / "brand" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>')
    assert not [p for p in registry.run("check", root=root, langs=["en"]).errors if p.path.startswith("brand/")]
