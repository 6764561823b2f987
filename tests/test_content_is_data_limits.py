"""Limits on what editors write: invisible and direction-changing characters, file size, Windows line ends and
byte-order marks, and the form of the clinic's settings (https:// addresses, e-mail, phone). Pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.config.editor_files import MAX_FILE_BYTES, EditorFileError, read_catalog, read_mkdocs_config, read_text
from scripts.config.site_config import (
    check_clinic,
    is_placeholder,
    load_glossary,
    placeholder_problems,
    site_address_problems,
)
from scripts.i18n.catalogs import po_path
from scripts.rules import registry as rules
from scripts.rules.content_rules import check_page
from scripts.rules.text_safety import character_problems, file_problems

from conftest import LANGS, ROOT

RTL_LANGS = {"ar"}
PAGE = (ROOT / "docs" / "en" / "session.md").read_text(encoding="utf-8")
FRENCH_PAGE = (ROOT / "docs" / "fr" / "session.md").read_text(encoding="utf-8")


# --- Invisible characters ------------------------------------------------------------------------------------


def test_a_right_to_left_override_in_an_english_page_is_refused_with_its_line():
    text = PAGE.replace("\n## ", "\n## \u202eyad 2 \u202c", 1)
    line = text[: text.index("\u202e")].count("\n") + 1
    (problem,) = character_problems("docs/en/session.md", text)
    assert problem.line == line
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in problem.message and "U+202C POP DIRECTIONAL FORMATTING" in problem.message
    assert problem.fix.startswith("delete them")


def test_a_zero_width_space_in_a_french_title_is_refused():
    text = FRENCH_PAGE.replace("\ntitle: ", "\ntitle: Le\u200b", 1)
    (problem,) = character_problems("docs/fr/session.md", text)
    assert (
        problem.line == FRENCH_PAGE.split("\ntitle: ")[0].count("\n") + 2
        and "U+200B ZERO WIDTH SPACE" in problem.message
    )


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u2060", "\ufeff"]
)
def test_direction_controls_and_zero_width_spaces_are_refused_even_in_arabic(char):
    assert character_problems("docs/ar/x.md", f"نص{char}عربي\n", rtl=True)
    assert character_problems("docs/en/x.md", f"some{char}text\n")


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200c", "\u200d"])
def test_marks_and_joiners_are_kept_for_right_to_left_languages_only(char):
    text = f"---\ntitle: x\n---\n\nنص{char}عربي (WCAG{char} 2.2)\n"
    assert character_problems("docs/ar/x.md", text, rtl=True) == []
    (problem,) = character_problems("docs/en/x.md", text)
    assert problem.line == 5 and "only right-to-left languages use them" in problem.message


def test_one_line_per_line_whatever_it_holds():
    problems = character_problems("g.yml", "a\u200bb\u200bc\u2066d\nclean\n\u200f\n")
    assert [p.line for p in problems] == [1, 3]
    assert problems[0].message.count("U+") == 2  # each character named once


def test_every_shipped_file_of_every_language_passes():
    """The Arabic pages, glossary, search words and catalog included: nothing they use is refused."""
    for lang in LANGS:
        rtl = lang in RTL_LANGS
        files = [
            *sorted((ROOT / "docs" / lang).rglob("*.md")),
            ROOT / "glossary" / f"{lang}.yml",
            ROOT / "glossary" / f"search-words.{lang}.yml",
            po_path(lang, ROOT / "translations"),
            ROOT / f"mkdocs.{lang}.yml",
        ]
        for path in files:
            assert file_problems(path, ROOT, rtl=rtl) == [], path
    for path in [ROOT / "mkdocs.yml", *sorted((ROOT / "data").glob("*.yml"))]:
        assert file_problems(path, ROOT) == [], path


def _language(code: str) -> rules.Language:
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    site = rules.Site(ROOT, "build", dt.date(2026, 12, 1), config, LANGS)
    return rules.Language(site, code, ROOT / "docs" / code, [], [])


@pytest.mark.parametrize("lang, refused", [("ar", False), ("en", True), ("fr", True)])
def test_the_page_rule_knows_the_direction_of_the_language(lang, refused):
    """The rule reads the language's locale (mkdocs.yml extra.alternate): Arabic keeps its joiners."""
    page = rules.Page(f"docs/{lang}/x.md", "x.md", "نص\u200cعربي\n", {}, [])
    (item,) = [item for item in rules.REGISTRY if item.name == "invisible-characters"]
    assert bool(item.run(_language(lang), page)) is refused


def test_the_character_rules_are_errors_in_every_profile():
    names = {"invisible-characters", "invisible-characters-files", "invisible-characters-settings"}
    found = {item.name: item.levels for item in rules.REGISTRY if item.name in names}
    assert found == dict.fromkeys(names, {"build": "error", "check": "error", "release": "error"})


def test_a_glossary_with_a_hidden_character_is_reported(tmp_path):
    (tmp_path / "glossary").mkdir()
    path = tmp_path / "glossary" / "en.yml"
    path.write_text("- term: collagen\n  definition: A pro\u2060tein.\n", encoding="utf-8")
    (problem,) = file_problems(path, tmp_path)
    assert (problem.path, problem.line) == ("glossary/en.yml", 2)


# --- Size -----------------------------------------------------------------------------------------------------


def test_a_page_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "docs" / "en" / "huge.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(PAGE.encode("utf-8") + b"Plain words. " * (MAX_FILE_BYTES // 13 + 1))
    with pytest.raises(EditorFileError) as caught:
        read_text(path, tmp_path, fix_missing="")
    problem = caught.value.problem
    assert (problem.path, problem.line) == ("docs/en/huge.md", 1)
    assert problem.message.startswith("too large (") and f"at most {MAX_FILE_BYTES // 1024} KB" in problem.message


def test_a_page_at_the_limit_is_read(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * MAX_FILE_BYTES)
    assert len(read_text(path, tmp_path, fix_missing="")) == MAX_FILE_BYTES


def test_a_huge_page_stops_the_checks_as_an_unreadable_file(tmp_path):
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    (docs / "huge.md").write_bytes(b"a " * MAX_FILE_BYTES)
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    language = rules.load_language(rules.Site(tmp_path, "build", dt.date(2026, 12, 1), config, LANGS), "en", docs)
    assert language.pages == [] and [p.message[:9] for p in language.unreadable] == ["too large"]


# --- Windows line ends and byte-order marks -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "\ufeff"])
def test_a_page_saved_with_windows_line_ends_or_a_bom_has_its_front_matter(prefix):
    meta, problems = check_page("docs/en/session.md", prefix + PAGE.replace("\n", "\r\n"))
    assert problems == []
    assert meta == check_page("docs/en/session.md", PAGE)[0]


def test_read_text_gives_every_file_unix_line_ends_without_the_bom(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode("utf-8"))
    assert read_text(path, tmp_path, fix_missing="") == PAGE


def test_a_glossary_saved_on_windows_with_a_bom_reads(tmp_path):
    (tmp_path / "glossary").mkdir()
    source = (ROOT / "glossary" / "fr.yml").read_text(encoding="utf-8")
    (tmp_path / "glossary" / "fr.yml").write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    entries, problems = load_glossary("fr", tmp_path / "glossary")
    assert problems == [] and entries == load_glossary("fr", ROOT / "glossary")[0]


def test_a_catalog_saved_on_windows_with_a_bom_reads(tmp_path):
    source = po_path("fr", ROOT / "translations")
    path = tmp_path / "messages.po"
    path.write_bytes(b"\xef\xbb\xbf" + source.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    ours, theirs = read_catalog(path, tmp_path, "fr_FR"), read_catalog(source, ROOT, "fr_FR")
    assert {m.id: m.string for m in ours} == {m.id: m.string for m in theirs}


def test_mkdocs_yml_saved_on_windows_with_a_bom_reads(tmp_path):
    source = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    assert read_mkdocs_config(tmp_path / "mkdocs.yml", tmp_path) == read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)


# --- Addresses, e-mail, phone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://clinic.fr/", "ftp://clinic.fr/", "https://", "https:///path", "https://clinic .fr/", "clinic.fr"]
)
def test_site_url_must_be_an_https_address(url):
    (problem,) = site_address_problems({"site_url": url})
    assert str(problem).startswith("mkdocs.yml:1: site_url: ") and "is not an https:// address" in str(problem)


@pytest.mark.parametrize("value", [None, "", "  ", 3])
def test_site_url_is_required(value):
    (problem,) = site_address_problems({"site_url": value})
    assert "site_url: missing" in str(problem)


def test_an_https_site_url_is_accepted():
    assert site_address_problems({"site_url": "https://patients.clinique-rhone.fr/hand/"}) == []


@pytest.mark.parametrize(
    "url, placeholder",
    [
        ("https://patient-info.example.org/hand-mesotherapy/", True),
        ("https://example.com/", True),
        ("https://www.clinic.example/", True),
        ("https://clinic.test/", True),
        ("https://example.org.evil.fr/", False),
        ("https://patients.clinique-rhone.fr/", False),
        ("https://myexample.org/", False),
    ],
)
def test_example_addresses_are_recognised(url, placeholder):
    assert is_placeholder(url) is placeholder


def test_an_example_address_warns_while_editing_and_is_refused_in_release():
    config = {"site_url": "https://patient-info.example.org/x/", "extra": {"clinic": {"website": "https://a.example"}}}
    problems = placeholder_problems(config)
    assert [p.message.split(":")[0] for p in problems] == ["site_url", "extra.clinic.website"]
    assert all("QR codes" in str(p) for p in problems)
    (item,) = [item for item in rules.REGISTRY if item.name == "example-address"]
    assert item.levels == {"build": "warning", "check": "warning", "release": "error"}
    assert placeholder_problems({"site_url": "https://clinic.fr/", "extra": {"clinic": {"website": ""}}}) == []


@pytest.mark.parametrize(
    "setting, value, refused",
    [
        ("website", "http://clinique.fr", True),
        ("website", "javascript:alert(1)", True),
        ("website", "www.clinique.fr", True),
        ("website", "https://www.clinique.fr/", False),
        ("email", "accueil@", True),
        ("email", "accueil@clinique", True),
        ("email", "a b@clinique.fr", True),
        ("email", "accueil@@clinique.fr", True),
        ("email", "accueil@clinique.fr", False),
        ("email", "prise.rdv+main@clinique-rhône.fr", False),
        ("phone", "call us", True),
        ("phone", "+", True),
        ("phone", "12", True),
        ("phone", "01 23 45 67 89 ext. 2", True),
        ("phone", "+33 1 23 45 67 89", False),
        ("phone", "(020) 7946-0958", False),
        ("phone", "06.12.34.56.78", False),
    ],
)
def test_clinic_settings_have_their_form(setting, value, refused):
    problems = [str(p) for p in check_clinic({setting: value}) if f"extra.clinic.{setting}:" in str(p)]
    assert bool(problems) is refused, problems
    assert all(" — " in p for p in problems)


def test_the_site_address_rule_names_the_line_of_site_url():
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    site = rules.Site(ROOT, "build", dt.date(2026, 12, 1), dict(config, site_url="http://clinic.fr/"), LANGS)
    (item,) = [item for item in rules.REGISTRY if item.name == "site-address"]
    (problem,) = item.run(site)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert problem.path == "mkdocs.yml" and problem.line == text[: text.index("\nsite_url:")].count("\n") + 2
