"""Scaffolds: `new-page` and `new-language` write valid files, edit mkdocs.yml as text, and the
site they produce builds once the translations are in place."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from scripts.cli import scaffold
from scripts.config.editor_files import EditorLoader
from scripts.rules import signoff
from scripts.rules.checks import check_placeholders
from scripts.rules.content_rules import check_front_matter

from conftest import LANGS, build_copy, soup

TRANSLATED = tuple(code for code in LANGS if code != "en")


def scaffold_cmd(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.cli.scaffold", *args], cwd=project, capture_output=True, text=True
    )


def site_cmd(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.site", *args], cwd=project, capture_output=True, text=True)


def git_status(project: Path) -> str:
    out = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout
    return "".join(line for line in out.splitlines(keepends=True) if "__pycache__" not in line)


def load(path: Path) -> dict:
    # MkDocs' own loader, made of the safe one as the project has MkDocs read it (scripts/adapters/safe_mkdocs.py)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader(loader=EditorLoader))


def translate_by_copy(project: Path, lang: str) -> None:
    """Stand-in translations: every English page missing in `lang` is copied and marked."""
    english = project / "docs" / "en"
    target = project / "docs" / lang
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for page in sorted(p.relative_to(english).as_posix() for p in english.rglob("*.md")):
        if not (target / page).is_file():
            shutil.copy2(english / page, target / page)
            copied.append(page)
    if copied:
        result = site_cmd(project, "translations", "mark", lang, *copied)
        assert result.returncode == 0, result.stdout
    glossary = project / "glossary" / f"{lang}.yml"
    if not glossary.is_file() or not (yaml.safe_load(glossary.read_text(encoding="utf-8")) or []):
        shutil.copy2(project / "glossary" / "en.yml", glossary)
    # The accessibility statement's known gaps are written in every language (data/accessibility.yml).
    statement = project / "data" / "accessibility.yml"
    data = yaml.safe_load(statement.read_text(encoding="utf-8"))
    for gap in data.get("known_gaps") or []:
        gap["text"].setdefault(lang, gap["text"]["en"])
    statement.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- pure parts --------------------------------------------------------------------


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert signoff.add_months(dt.date(2026, 11, 25), 12) == dt.date(2027, 11, 25)
    assert signoff.add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert signoff.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert signoff.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


@pytest.mark.parametrize("title", ["Before your session", "Before your session: what to do", 'Is it "safe"?'])
def test_page_template_has_valid_front_matter_and_todos(title: str):
    text = scaffold.page_template(title)
    meta, problems = check_front_matter("docs/en/x.md", text)
    assert problems == []
    assert meta["title"] == title
    assert not {"last_reviewed", "next_review", "reviewed_by"} & set(meta)  # reviews come from the sign-off only
    flagged = {p.line for p in check_placeholders("docs/en/x.md", text)}
    lines = text.splitlines()
    for field in ("description:", "  - "):
        assert next(n for n, line in enumerate(lines, start=1) if line.startswith(field)) in flagged
    assert f"# {title}" in lines


def test_add_to_nav_inserts_before_the_glossary_keeping_comments():
    config = (
        "site_name: x\n# the pages\nnav:\n  - index.md   # home\n  - a.md\n  # reference pages\n"
        "  - Glossary: glossary.md\n  - about.md\n\ntheme:\n  name: material\n"
    )
    result = scaffold.add_to_nav(config, "new.md", "glossary.md")
    assert result == (
        "site_name: x\n# the pages\nnav:\n  - index.md   # home\n  - a.md\n  - new.md\n"
        "  # reference pages\n  - Glossary: glossary.md\n  - about.md\n\ntheme:\n  name: material\n"
    )
    assert yaml.safe_load(result)["nav"][2] == "new.md"
    with pytest.raises(scaffold.ScaffoldError, match="already in the navigation"):
        scaffold.add_to_nav(result, "new.md")


def test_add_to_nav_without_a_glossary_appends():
    config = "nav:\n- index.md\n- a.md\ntheme:\n  name: material\n"
    assert yaml.safe_load(scaffold.add_to_nav(config, "b.md"))["nav"] == ["index.md", "a.md", "b.md"]
    with pytest.raises(scaffold.ScaffoldError, match="no 'nav:' list"):
        scaffold.add_to_nav("site_name: x\n", "b.md")


def test_add_alternate_keeps_the_rest_of_mkdocs_yml():
    from conftest import ROOT

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    result = scaffold.add_alternate(text, "de", "Deutsch", "de_DE")
    before, after = load_text(text), load_text(result)
    assert after["extra"]["alternate"][-1] == {"name": "Deutsch", "lang": "de", "locale": "de_DE", "link": "/de/"}
    assert after["extra"]["alternate"][:-1] == before["extra"]["alternate"]
    after["extra"]["alternate"].pop()
    assert after == before
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == [
        line for line in result.splitlines() if line.lstrip().startswith("#")
    ]


def load_text(text: str) -> dict:
    return yaml.load(text, Loader=get_yaml_loader(loader=EditorLoader))


@pytest.mark.parametrize(
    "code, message",
    [
        ("xx", "'xx' is not a language Babel knows"),
        ("DE", "'DE' is not a language code"),
        ("german", "'german' is not a language code"),
    ],
)
def test_resolve_language_refuses_unknown_codes(code: str, message: str):
    with pytest.raises(scaffold.ScaffoldError, match=message):
        scaffold.resolve_language(code)


def test_resolve_language_defaults_and_locale_check():
    assert scaffold.resolve_language("de") == ("de", "Deutsch", "de_DE")
    assert scaffold.resolve_language("pt", "Português", "pt_PT") == ("pt", "Português", "pt_PT")
    with pytest.raises(scaffold.ScaffoldError, match="not a locale of language 'de'"):
        scaffold.resolve_language("de", "Deutsch", "fr_FR")
    with pytest.raises(scaffold.ScaffoldError, match="not a locale Babel knows"):
        scaffold.resolve_language("de", "Deutsch", "de_QQ")


# --- commands on copies -------------------------------------------------------------


def test_new_page_creates_the_page_and_the_nav_entry(project: Path):
    result = scaffold_cmd(project, "new-page", "before-your-session", "Before your session")
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / "docs" / "en" / "before-your-session.md"
    meta, problems = check_front_matter("docs/en/before-your-session.md", page.read_text(encoding="utf-8"))
    assert problems == [] and meta["title"] == "Before your session"
    assert "clinical_review" not in meta and "last_reviewed" not in meta
    nav = load(project / "mkdocs.yml")["nav"]
    assert nav.index("before-your-session.md") == nav.index("glossary.md") - 1
    for lang in TRANSLATED:
        assert not (project / "docs" / lang / "before-your-session.md").exists()
        assert f"docs/{lang}/before-your-session.md" in result.stdout
        assert f"python -m scripts.site translations mark {lang} before-your-session.md" in result.stdout
    assert "missing" in result.stdout
    assert "python -m scripts.site translations status" in result.stdout
    assert "will not build" in result.stdout
    status = site_cmd(project, "translations", "status")
    assert "before-your-session.md" in status.stdout and "missing" in status.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("new-page", "index", "Home again"), "docs/en/index.md already exists"),
        (("new-page", "Before Your Session", "Title"), "cannot be a page name"),
        (("new-page", "fine-name", "  "), "the title is empty"),
        (("new-language", "xx"), "'xx' is not a language Babel knows"),
        (("new-language", "fr", "Français", "fr_FR"), "'fr' is already one of the site's languages"),
        (("new-language", "de", "--readability", "osman"), "give --readability FORMULA, --target"),
        (
            ("new-language", "de", "--readability", "no_such_formula", "--target", "6", "--limit", "8"),
            "'no_such_formula' is not a textstat formula",
        ),
        (
            ("new-language", "de", "--readability", "osman", "--target", "6", "--limit", "6"),
            "target and limit are both 6",
        ),
    ],
)
def test_scaffolds_refuse_bad_input_and_change_nothing(project: Path, args, message: str):
    result = scaffold_cmd(project, *args)
    assert result.returncode == 1
    assert result.stdout.startswith("error: ") and message in result.stdout, result.stdout
    assert git_status(project) == ""


def test_new_language_creates_folder_config_catalog_glossary_and_todo(project: Path):
    result = scaffold_cmd(project, "new-language", "de", "Deutsch", "de_DE")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "docs" / "de").is_dir()
    child = load(project / "mkdocs.de.yml")
    assert child["INHERIT"] == "mkdocs.yml" and child["docs_dir"] == "docs/de" and child["site_dir"] == "site/de"
    assert child["theme"]["language"] == "de"
    assert {"name": "Deutsch", "lang": "de", "locale": "de_DE", "link": "/de/"} in load(project / "mkdocs.yml")[
        "extra"
    ]["alternate"]
    assert (project / "translations" / "de" / "LC_MESSAGES" / "messages.po").is_file()
    assert yaml.safe_load((project / "glossary" / "de.yml").read_text(encoding="utf-8")) == []
    assert (project / "scripts" / "wordlists" / "forbidden.de.txt").is_file()
    for page in ("index.md", "aftercare.md", "glossary.md"):
        assert f"docs/en/{page}  →  docs/de/{page}" in result.stdout
    assert "python -m scripts.site translations status de" in result.stdout
    assert "glossary/search-words.de.yml" in result.stdout and "tests/search-queries/de.yml" in result.stdout
    status = site_cmd(project, "translations", "status", "de")
    assert status.returncode == 1 and "missing" in status.stdout


@pytest.mark.slow
def test_new_page_site_builds_once_translated(project: Path):
    result = scaffold_cmd(project, "new-page", "before-your-session", "Before your session")
    assert result.returncode == 0, result.stdout
    for lang in TRANSLATED:
        translate_by_copy(project, lang)
    status = site_cmd(project, "translations", "status")
    assert status.returncode == 0, status.stdout
    built = build_copy(project)
    assert built.returncode == 0, built.stdout + built.stderr
    for lang in ("en", *TRANSLATED):
        page = project / "site" / lang / "before-your-session" / "index.html"
        assert page.is_file(), lang
        assert "Before your session" in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_new_language_site_builds_once_translated(project: Path):
    from babel.messages.pofile import read_po, write_po

    result = scaffold_cmd(project, "new-language", "de", "Deutsch", "de_DE")
    assert result.returncode == 0, result.stdout
    translate_by_copy(project, "de")
    po = project / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="de")
    for message in catalog:
        if message.id:
            message.string = message.id
    catalog["Choose your language"].string = "Wählen Sie Ihre Sprache"
    with po.open("wb") as fh:
        write_po(fh, catalog)
    assert site_cmd(project, "catalogs", "check", "de").returncode == 0
    built = build_copy(project, "de", leaflets=True)  # a new language gets its printed leaflet too
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "site" / "de" / "leaflet-de.pdf").is_file()
    home = soup(project / "site" / "de" / "index.html")
    assert home.select_one('a[type="application/pdf"][href$="leaflet-de.pdf"]'), "no link to the German leaflet"
    assert home.html["lang"] == "de"
    assert home.find("link", rel="alternate", hreflang="de")
    chooser = soup(project / "site" / "index.html")  # its heading comes from each language's catalog
    assert chooser.select_one('h1 span[lang="de"]').get_text() == "Wählen Sie Ihre Sprache"
    check = subprocess.run(
        [sys.executable, "-m", "scripts.cli.check_command", "check", "de"], cwd=project, capture_output=True, text=True
    )
    assert "no readability formula for language 'de'" in check.stdout
    # "Translated" by copying the English pages: the build only warns, make check refuses them.
    assert "the page reads as English, not German" in built.stdout
    refused = [line for line in check.stdout.splitlines() if line.startswith("docs/de/") and " — " in line]
    assert check.returncode == 1 and refused, check.stdout
    # A page with little text of its own (its words come from a building block) is judged by its paragraphs.
    english = ("reads as English, not German", "text in English, not German")
    assert all(any(m in line for m in english) or "sign-off(s) missing" in line for line in refused), refused
    assert "Choose the readability formula" in result.stdout


def test_new_language_takes_its_readability_formula_as_configuration(project: Path):
    from scripts.rules.readability import load_rules

    # German: Amstad's reading ease is textstat's Flesch reading ease with the language set to 'de'
    result = scaffold_cmd(
        project,
        "new-language",
        "de",
        "Deutsch",
        "de_DE",
        "--readability",
        "flesch_reading_ease",
        "--readability-name",
        "Amstad",
        "--target",
        "60",
        "--limit",
        "50",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    entry = next(alt for alt in load(project / "mkdocs.yml")["extra"]["alternate"] if alt["lang"] == "de")
    assert entry["readability"] == {"formula": "flesch_reading_ease", "name": "Amstad", "target": 60, "limit": 50}
    rules, problems = load_rules(project)
    assert problems == [] and rules["de"].higher_is_better and rules["de"].formula == "Amstad"
    assert "Choose the readability formula" not in result.stdout
    translate_by_copy(project, "de")
    check = subprocess.run(
        [sys.executable, "-m", "scripts.cli.check_command", "check", "de"], cwd=project, capture_output=True, text=True
    )
    rows = [line for line in check.stdout.splitlines() if line.startswith("de ")]
    assert rows and all("Amstad" in row for row in rows), check.stdout + check.stderr
    assert "no readability formula" not in check.stdout


def test_readability_settings_are_parsed_with_their_direction():
    from scripts.rules.readability import parse_rule

    grade, problems = parse_rule({"formula": "flesch_kincaid_grade", "name": "grade", "target": 6, "limit": 8}, "x")
    assert problems == [] and not grade.higher_is_better and grade.worse(8.5, 8) and not grade.worse(7, 8)
    ease, _ = parse_rule({"formula": "osman", "target": 80, "limit": 70, "pages": {"a.md": 90}}, "x")
    assert ease.higher_is_better and ease.target_for("a.md") == 90 and ease.target_for("b.md") == 80
    _, problems = parse_rule({"formula": "wiener_sachtextformel", "target": "six", "limit": 8, "colour": 1}, "w")
    assert any(p.startswith("w.formula: 'wiener_sachtextformel' is not a textstat formula") for p in problems)
    assert "w.target: 'six' is not a number — write the content standards' target, e.g. target: 60" in problems
    assert any(p.startswith("w.colour: unknown setting") for p in problems)


def test_new_language_names_its_search_language_when_material_does_not(project: Path):
    """Material's interface for Hebrew (like Arabic) names no search language, and lunr has a Hebrew
    stemmer: the new language's config names it. Fails when a Material upgrade changes either."""
    assert scaffold.search_language("ar") == (False, True)
    assert scaffold.search_language("de") == (True, True)
    result = scaffold_cmd(project, "new-language", "he", "עברית", "he_IL")
    assert result.returncode == 0, result.stdout + result.stderr
    assert load(project / "mkdocs.he.yml")["plugins"] == {"search": {"lang": ["he"]}}
    assert "has no stemmer" not in result.stdout
    result = scaffold_cmd(project, "new-language", "de", "Deutsch", "de_DE")
    assert "plugins" not in load(project / "mkdocs.de.yml")
    result = scaffold_cmd(project, "new-language", "pl", "Polski", "pl_PL")
    assert "lunr has no stemmer for 'pl'" in result.stdout
