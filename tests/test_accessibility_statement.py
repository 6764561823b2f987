"""The accessibility statement: said from data/accessibility.yml (scripts/renderers/accessibility.py), kept honest by the
rule accessibility-data, shown on one page per language and linked from every page's footer.

The renderer and the rule are pure functions, tested alone on every path; the built site is read only to see
the page and the footer link in every language.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import markdown
import pytest
import yaml
from babel.support import NullTranslations
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from scripts.adapters import macros_accessibility
from scripts.config.editor_files import setting_lines
from scripts.config.project_config import load_base_config
from scripts.i18n.interface import get_translations
from scripts.renderers import accessibility
from scripts.rules import registry as rules
from scripts.rules.content_rules import load_yaml, split_front_matter

from conftest import LANGS, ROOT, built_pages, soup

TODAY = dt.date(2026, 12, 6)
ALL = ["en", "fr"]


def _gap(**text: str) -> dict:
    return {"text": text or {"en": "A gap.", "fr": "Un manque."}}


def _raw(**changes) -> dict:
    raw = {
        "status": "partial",
        "last_full_check": None,
        "checks": [{"kind": "axe", "test": "tests/test_browser_tour_phone.py::test_axe_finds_no_violation"}],
        "known_gaps": [_gap()],
    }
    raw.update(changes)
    return raw


def parse(raw, languages=ALL, lines=None, root=ROOT):
    return accessibility.parse(
        raw, rel="data/accessibility.yml", lines=lines or {}, root=root, languages=languages, today=TODAY
    )


def messages(raw, **kw) -> list[str]:
    return [str(problem) for problem in parse(raw, **kw)[1]]


# --- The rule: the data says only what the tests check ----------------------------------------------


def test_the_shipped_data_is_honest_for_every_language_of_the_site():
    statement, problems = accessibility.load(LANGS, today=dt.date.today())
    assert problems == []
    assert (
        statement is not None
        and statement.checks
        and {check.kind for check in statement.checks}
        >= {
            "axe",
            "html",
            "keyboard",
            "rtl",
            "pdf-tags",
        }
    )
    # Partial while gaps are listed: the shipped statement must not claim more than the tests show.
    assert statement.status == "partial" and statement.gaps


def test_a_valid_statement_has_no_problem():
    statement, problems = parse(_raw())
    assert problems == []
    assert statement.checks == (
        accessibility.Check("axe", "tests/test_browser_tour_phone.py::test_axe_finds_no_violation"),
    )
    assert statement.gaps == ({"en": "A gap.", "fr": "Un manque."},)


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        (
            "tests/test_nothing_here.py::test_x",
            "checks[0].test: tests/test_nothing_here.py does not exist — name a test file",
        ),
        (
            "tests/test_browser_a11y.py::test_that_was_removed",
            "checks[0].test: tests/test_browser_a11y.py has no test_that_was_removed — name a test that exists",
        ),
        ("tests/test_browser_a11y.py", "checks[0].test: 'tests/test_browser_a11y.py' is not a test of the suite"),
        ("../etc/passwd::test_x", "is not a test of the suite — write tests/<file>.py::test_<name>"),
        (None, "checks[0].test: no test named — write tests/<file>.py::test_<name>"),
        (3, "checks[0].test: no test named"),
    ],
)
def test_a_check_must_name_a_test_that_exists(test, expected):
    statement, problems = parse(_raw(checks=[{"kind": "axe", "test": test}]))
    assert len(problems) == 1 and expected in str(problems[0]), problems
    assert "(the statement says only what a test checks)" in str(problems[0])
    assert statement.checks == ()  # a check without its test is never said


def test_without_the_test_suite_only_the_form_of_a_test_name_is_checked(tmp_path):
    # A copy of the project made to build a site from has no tests/: the repository's own checks see them.
    good = _raw(checks=[{"kind": "axe", "test": "tests/test_browser_a11y.py::test_gone"}])
    assert messages(good, root=tmp_path) == []
    bad = _raw(checks=[{"kind": "axe", "test": "test_browser_a11y"}])
    assert "is not a test of the suite" in messages(bad, root=tmp_path)[0]


def test_a_test_function_named_only_in_a_comment_or_a_call_does_not_count(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "# def test_gone(): removed\nresult = test_called()\n\ndef test_here():\n    pass\n", encoding="utf-8"
    )
    for name, found in (("test_gone", False), ("test_called", False), ("test_here", True)):
        problems = messages(_raw(checks=[{"kind": "axe", "test": f"tests/test_x.py::{name}"}]), root=tmp_path)
        assert (problems == []) is found, (name, problems)


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        (
            [{"kind": "magic", "test": "tests/test_rules.py::test_rule_names_are_unique_and_described"}],
            "checks[0].kind: 'magic' is not a check",
        ),
        (
            [
                {"kind": "axe", "test": "tests/test_browser_tour_phone.py::test_axe_finds_no_violation"},
                {"kind": "axe", "test": "tests/test_browser_a11y.py::test_axe_root_and_not_found_pages"},
            ],
            "checks[1].kind: axe is already listed as checks[0] — list each check once",
        ),
        (
            [{"kind": "axe", "test": "tests/test_browser_tour_phone.py::test_axe_finds_no_violation", "when": 1}],
            "checks[0].when: unknown field",
        ),
        (["axe"], "checks[0]: expected {kind: …, test: …}"),
        ([], "checks: expected a list of checks"),
        ("axe", "checks: expected a list of checks"),
        (None, "checks: expected a list of checks"),
    ],
)
def test_a_check_must_be_one_the_statement_can_describe_once(checks, expected):
    found = messages(_raw(checks=checks))
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": "full"}, "status: full, with 1 known gap(s) — write partial while any gap is listed"),
        ({"status": "full", "known_gaps": [], "last_full_check": None}, "status: full, with no recorded full test run"),
        ({"status": "partial", "known_gaps": []}, "known_gaps: empty, but the status is partial — list what is not"),
        ({"status": "partial", "known_gaps": None}, "known_gaps: empty, but the status is partial"),
        ({"status": "compliant"}, "status: 'compliant' is not a compliance status — write partial or full"),
        ({"status": None}, "status: None is not a compliance status"),
    ],
)
def test_the_compliance_status_must_be_honest(changes, expected):
    found = messages(_raw(**changes))
    assert any(expected in problem for problem in found), found


def test_fully_compliant_with_no_gap_and_a_recorded_run_is_accepted():
    statement, problems = parse(_raw(status="full", known_gaps=[], last_full_check=dt.date(2026, 12, 1)))
    assert problems == [] and statement.status == "full" and statement.last_full_check == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("last week", "last_full_check: 'last week' is not a date — write the day the whole test suite passed"),
        (20261201, "last_full_check: 20261201 is not a date"),
        (dt.datetime(2026, 12, 1, 10, 0), "is not a date"),
        (dt.date(2026, 12, 7), "last_full_check: 2026-12-07 is in the future"),
    ],
)
def test_the_last_full_check_is_a_past_date_or_nothing(value, expected):
    statement, problems = parse(_raw(last_full_check=value))
    assert len(problems) == 1 and expected in str(problems[0]), problems
    assert statement.last_full_check is None  # never a date the tests did not pass
    assert parse(_raw(last_full_check=""))[0].last_full_check is None


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [
        ([_gap(en="A gap.")], "known_gaps[0].text: not written in fr — write the gap in every language"),
        ([_gap(en="A gap.", fr="  ")], "known_gaps[0].text: not written in fr"),
        (["A gap."], "known_gaps[0]: expected {text: {en: …, fr: …}}"),
        ([{"text": "A gap."}], "known_gaps[0]: expected {text: {en: …, fr: …}}"),
        ([{"text": {"en": "A.", "fr": "B."}, "since": 2020}], "known_gaps[0].since: unknown field"),
        ("A gap.", "known_gaps: expected a list of gaps"),
    ],
)
def test_every_gap_is_written_in_every_language(gaps, expected):
    found = messages(_raw(known_gaps=gaps))
    assert any(expected in problem for problem in found), found


def test_a_gap_in_a_language_the_site_no_longer_has_is_no_problem():
    # Removing a language from the site must not break the build; a typo shows as the language missing.
    assert messages(_raw(known_gaps=[_gap(en="A gap.", fr="Un manque.", de="Eine Lücke.")])) == []
    assert messages(_raw(known_gaps=[_gap(en="A gap.", fe="Un manque.")])) == [
        "data/accessibility.yml:1: known_gaps[0].text: not written in fr — write the gap in every language"
    ]


def test_unknown_settings_and_a_file_that_is_no_mapping_are_refused():
    assert any("colour: unknown setting — allowed: status" in p for p in messages(_raw(colour="blue")))
    assert messages(["status"]) == [
        "data/accessibility.yml:1: data: expected the statement's settings (status, last_full_check, checks, "
        "known_gaps) — see the comments at the top of data/accessibility.yml"
    ]


def test_problems_name_the_line_of_the_setting():
    text = "status: partial\nchecks:\n  - kind: axe\n    test: tests/test_gone.py::test_x\nknown_gaps: []\n"
    found = messages(yaml.safe_load(text), lines=setting_lines(text))
    assert "data/accessibility.yml:4: checks[0].test: tests/test_gone.py does not exist" in found[0]
    assert found[1].startswith("data/accessibility.yml:5: known_gaps: empty, but the status is partial")


def test_load_reports_a_missing_or_broken_file_in_one_line(tmp_path):
    missing = tmp_path / "data" / "accessibility.yml"
    statement, problems = accessibility.load(ALL, path=missing, root=tmp_path, today=TODAY)
    assert statement is None and len(problems) == 1
    assert "data/accessibility.yml" in str(problems[0]) and "git checkout -- data/accessibility.yml" in str(problems[0])
    missing.parent.mkdir()
    missing.write_text("status: [partial\n", encoding="utf-8")
    statement, problems = accessibility.load(ALL, path=missing, root=tmp_path, today=TODAY)
    assert statement is None and len(problems) == 1 and str(problems[0]).startswith("data/accessibility.yml:")


def test_the_rule_runs_in_every_profile_and_reads_the_projects_data_file(tmp_path):
    registered = {item.name: item for item in rules.REGISTRY}["accessibility-data"]
    assert registered.levels == {"build": "error", "check": "error", "release": "error"}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "accessibility.yml").write_text(yaml.safe_dump(_raw(status="full")), encoding="utf-8")
    (tmp_path / "tests").mkdir()  # a project with its test suite, where the named test is missing
    site = rules.Site(root=tmp_path, profile="check", today=TODAY, config={}, codes=ALL)
    statement_page = rules.Page("docs/en/a11y.md", "a11y.md", "{{ accessibility_statement() }}", {}, [])
    lang = rules.Language(site, "en", tmp_path / "docs" / "en", [statement_page], [])
    found = [str(problem) for problem in registered.run(lang)]
    assert any("tests/test_browser_tour_phone.py does not exist" in line for line in found), found
    assert any("status: full, with 1 known gap(s)" in line for line in found), found


# --- The statement, said from the data --------------------------------------------------------------


def render(statement=None, *, lang="en", clinic=None, updated=TODAY, gettext=None, site_name="Patient information"):
    statement = statement or parse(_raw())[0]
    return accessibility.statement_markdown(
        statement,
        lang=lang,
        site_name=site_name,
        clinic=clinic or {},
        updated=updated,
        format_date=lambda day: day.strftime("%d.%m.%Y"),
        gettext=gettext or NullTranslations().gettext,
    )


def headings(text: str) -> list[str]:
    return [line.lstrip("# ") for line in text.splitlines() if line.startswith("## ")]


def test_the_sections_follow_the_model_statement():
    assert headings(render()) == [
        "How accessible this website is",
        "What to do if you cannot use part of this website",
        "Reporting accessibility problems",
        "Enforcement procedure",
        "Compliance status",
        "How we tested this website",
    ]
    assert render().startswith("This statement is about Patient information.")


def test_a_partial_statement_says_so_and_lists_its_gaps_in_the_pages_language():
    statement = parse(_raw(known_gaps=[_gap(en="No manual audit yet.", fr="Pas encore d’audit."), _gap()]))[0]
    text = render(statement, lang="fr")
    assert "partly meets the Web Content Accessibility Guidelines \\(WCAG\\) 2.2, level AA" in text
    assert "- Pas encore d’audit.\n- Un manque." in text
    assert "fully meets" not in text and "No manual audit" not in text


def test_a_full_statement_says_so_and_lists_no_gap():
    statement = parse(_raw(status="full", known_gaps=[], last_full_check=dt.date(2026, 12, 1)))[0]
    text = render(statement)
    assert "This website fully meets the Web Content Accessibility Guidelines" in text
    assert "We know of no part of this website that is not accessible." in text
    assert "partly" not in text and "not fully accessible" not in text


def test_it_says_each_check_the_data_lists_and_no_other():
    checks = [
        {
            "kind": "keyboard",
            "test": "tests/test_browser_tour_desktop.py::test_every_tab_stop_shows_a_visible_focus_indicator",
        },
        {"kind": "html", "test": "tests/test_site_html.py::test_html_is_valid_for_the_nu_html_checker"},
    ]
    text = render(parse(_raw(checks=checks))[0])
    tested = text.split("## How we tested this website", 1)[1]
    keyboard = accessibility.check_text("keyboard", NullTranslations().gettext)
    html = accessibility.check_text("html", NullTranslations().gettext)
    assert tested.index(keyboard) < tested.index(html)
    assert "axe-core" not in text and "16 points" not in text


def test_every_check_kind_is_described_and_translated_in_every_language():
    config = load_base_config()
    for lang in LANGS:
        gettext = get_translations(lang).gettext
        for kind in accessibility.CHECK_KINDS:
            english = accessibility.check_text(kind, NullTranslations().gettext)
            said = accessibility.check_text(kind, gettext)
            assert said and (lang == "en" or said != english), f"{lang}: check {kind} is not translated"
    assert config["extra"]["alternate"]  # the languages come from the site


def test_the_date_of_the_last_full_run_only_when_recorded_and_the_update_from_the_last_commit():
    unrecorded = render(updated=dt.date(2026, 11, 25))
    assert "The date the tests last ran is not recorded here." in unrecorded
    assert "last passed" not in unrecorded
    assert "This statement was last updated on 25.11.2026, the date of the last change to this website." in unrecorded
    recorded = render(parse(_raw(last_full_check=dt.date(2026, 12, 1)))[0], updated=None)
    assert "All these tests last passed on 01.12.2026." in recorded
    assert "not recorded" not in recorded and "last updated" not in recorded


@pytest.mark.parametrize(
    ("clinic", "expected", "absent"),
    [
        (
            {"name": "Clinic of the Park", "phone": "+33 1 23 45 67 89", "email": "care@example.org"},
            [
                "You can contact the clinic:",
                "- Phone: \\+33 1 23 45 67 89",
                "- E-mail: care@example.org",
                "a website run by Clinic of the Park.",
            ],
            ["Ask the clinic that treats you"],
        ),
        ({"email": "care@example.org"}, ["- E-mail: care@example.org"], ["Phone:", "run by"]),
        ({"phone": "+33 1"}, ["- Phone: \\+33 1"], ["E-mail:"]),
        ({}, ["Ask the clinic that treats you how best to contact them."], ["Phone:", "E-mail:", "You can contact"]),
        (
            {"name": "Clinic of the Park", "website": "https://example.org", "address": "1 Road"},
            ["Ask the clinic that treats you how best to contact them."],
            ["Phone:", "E-mail:", "example.org", "1 Road"],
        ),
    ],
)
def test_another_format_through_the_clinics_contacts_or_a_neutral_sentence_never_an_invented_one(
    clinic, expected, absent
):
    text = render(clinic=clinic)
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text


def test_every_value_is_literal_text_never_markup():
    statement = parse(_raw(known_gaps=[_gap(en="<img src=x onerror=alert(1)> [a](https://x.org) *b*", fr="x")]))[0]
    text = render(
        statement,
        clinic={"name": "<b>Clinic</b>", "phone": "[call](javascript:alert(1))", "email": "a_b_c@x.org"},
        site_name="# Site {#id}",
    )
    html = markdown.markdown(text, extensions=["attr_list"])
    page = BeautifulSoup(html, "html.parser")
    assert not page.select("img, a, b, em, h1"), html
    assert "<b>Clinic</b>" in page.get_text() and "[call](javascript:alert(1))" in page.get_text()
    assert "a_b_c@x.org" in page.get_text() and "# Site {#id}" in page.get_text()


def test_a_translated_statement_comes_from_the_catalog_with_its_values():
    gettext = get_translations("fr").gettext
    text = render(lang="fr", gettext=gettext, clinic={"phone": "+33 1"}, site_name="Site")
    assert headings(text)[0] == gettext("How accessible this website is") != "How accessible this website is"
    assert "Cette déclaration concerne Site." in text
    assert "Téléphone\u00a0: \\+33 1" in text


# --- The macro, the page in every language, the footer ----------------------------------------------


@pytest.mark.parametrize(
    ("clinic", "opening"),
    [
        ({}, "Cette déclaration concerne Site."),
        ({"name": "Clinique X"}, "Cette déclaration concerne Site, un site géré par Clinique X."),
    ],
)
def test_the_macro_says_the_statement_in_the_pages_language(clinic, opening):
    """Said from the settings, whatever clinic a copy names (the shipped one names none)."""
    registered = {}
    page = SimpleNamespace(meta={})
    env = SimpleNamespace(
        conf={
            "theme": {"language": "fr"},
            "site_name": "Site",
            "extra": {**load_base_config()["extra"], "clinic": clinic},
        },
        page=page,
        macro=lambda function: registered.setdefault(function.__name__, function),
    )
    macros_accessibility.register(env, lambda _env: "fr_FR")
    text = registered["accessibility_statement"]()
    assert text.startswith(opening), text[:200]
    assert page.meta == {}  # the page's role is its front matter's (role: accessibility), not the macro's


def test_the_statement_page_exists_in_every_language_and_calls_the_macro():
    config = load_base_config()
    pages = [name for name in config["nav"] if isinstance(name, str)]
    statement_pages = {
        lang: sorted(
            path.name
            for path in (ROOT / "docs" / lang).glob("*.md")
            if "{{ accessibility_statement() }}" in path.read_text(encoding="utf-8")
        )
        for lang in LANGS
    }
    english = statement_pages["en"]
    assert len(english) == 1 and english[0] in pages
    assert all(found == english for found in statement_pages.values()), statement_pages
    # A page about the website, not about the topic: its role keeps it out of the printed leaflet.
    from scripts.renderers import leaflet
    from scripts.rules import page_roles

    for lang in LANGS:
        for name in statement_pages[lang]:
            text = (ROOT / "docs" / lang / name).read_text(encoding="utf-8")
            assert page_roles.role_of(load_yaml(split_front_matter(text)[0])) == "accessibility", (lang, name)
    assert "accessibility" in leaflet.LEAVE_OUT_ROLES


def _footer(roles: dict) -> str:
    env = Environment(loader=FileSystemLoader(str(ROOT / "overrides")), extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda value: value
    return env.get_template("partials/copyright.html").render(patient={"clinic": {}, "roles": roles})


def test_the_footer_links_to_the_page_of_the_statement_role_and_to_none_without_it():
    links = BeautifulSoup(_footer({"about": "about/", "accessibility": "a11y/"}), "html.parser").select("a")
    assert [(a.get_text(), a["href"]) for a in links][-1] == ("Accessibility statement", "a11y/")
    assert "Accessibility statement" not in _footer({"about": "about/"})
    out = _footer({"accessibility": '"><script>alert(1)</script>'})
    assert "<script>" not in out and "&#34;&gt;&lt;script&gt;" in out


@pytest.mark.parametrize("lang", LANGS)
def test_every_built_page_links_to_the_statement_in_its_language(site, lang):
    gettext = get_translations(lang).gettext
    pages = built_pages(site, lang)
    statement = [
        page
        for page in pages
        if soup(page).select_one("article h2")
        and gettext("Compliance status") in soup(page).select_one("article").get_text()
    ]
    assert len(statement) == 1, statement
    for page in pages:
        link = [a for a in soup(page).select(".patient-footer a") if a.get_text() == gettext("Accessibility statement")]
        assert len(link) == 1, f"{page}: no footer link to the accessibility statement"
        assert (page.parent / link[0]["href"] / "index.html").resolve() == statement[0].resolve()


def test_the_statement_data_are_needed_only_where_a_page_says_the_statement(tmp_path):
    """A topic with no statement page needs no data/accessibility.yml; a page with the building block or the
    role makes the missing file a problem that names it and the fix (rule accessibility-data, in this process)."""
    from scripts.rules import registry

    from tiny_project import page, write_bare_project

    def data_problems(pages):
        root = write_bare_project(tmp_path / str(len(list(tmp_path.iterdir()))), pages)
        result = registry.run("check", root=root, langs=["en"])
        return [str(p) for p in result.errors if "accessibility.yml" in str(p)]

    assert data_problems({"docs/en/index.md": page("Home", role="home")}) == []
    with_block = {"docs/en/index.md": page("Home"), "docs/en/a11y.md": page("A", "{{ accessibility_statement() }}")}
    with_role = {"docs/en/index.md": page("Home"), "docs/en/a11y.md": page("A", role="accessibility")}
    for pages in (with_block, with_role):
        found = data_problems(pages)
        assert len(found) == 1 and found[0].startswith("data/accessibility.yml:"), found
        assert "git checkout -- data/accessibility.yml" in found[0]


def test_a_check_may_name_a_test_its_file_collects_from_a_shared_module(tmp_path):
    """The browser tours define a check once and import it into one file per width: the statement may name it
    in either file; a name imported from nowhere, or never defined, is still refused."""
    from scripts.renderers.accessibility import _test_problem

    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "shared.py").write_text("def test_seen(page):\n    pass\n", encoding="utf-8")
    (tests / "test_wide.py").write_text(
        "from shared import (  # collected here\n    test_seen,\n)\nfrom shared import test_gone\n", encoding="utf-8"
    )
    assert _test_problem("tests/test_wide.py::test_seen", tmp_path) is None
    assert "has no test_gone" in _test_problem("tests/test_wide.py::test_gone", tmp_path)
    assert "has no test_other" in _test_problem("tests/test_wide.py::test_other", tmp_path)
