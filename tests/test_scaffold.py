"""Scaffolds: `new-page` and `new-language` write valid files, edit mkdocs.yml as text, refuse bad input
changing nothing, and the site they produce builds once the translations are in place.

The commands run in this process (`scaffold.main`, as `python -m scripts.cli.scaffold` runs it) on a tiny
project written per test (tests/tiny_project.py, the bare one). One copy of the shipped project gets a new page and a new
language, translated by copying, and is built once (the new language with its leaflet) for the tests that read
the built site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from scripts.cli import check_command, scaffold
from scripts.config.editor_files import EditorLoader
from scripts.i18n import catalogs
from scripts.rules import registry as rules
from scripts.rules import signoff
from scripts.rules.checks import check_placeholders
from scripts.rules.content_rules import check_front_matter
from scripts.rules.translation_status import Status, language_status, source_version

from conftest import LANGS, ROOT, build_copy, copy_project, soup
from tiny_project import page, snapshot, with_catalog_template, write_bare_project

TRANSLATED = tuple(code for code in LANGS if code != "en")
TINY_LANGS = ("en", "fr", "it")
NEW_PAGE = "before-your-session"


def load(path: Path) -> dict:
    # MkDocs' own loader, made of the safe one as the project has MkDocs read it (scripts/adapters/safe_mkdocs.py)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader(loader=EditorLoader))


def scaffold_here(monkeypatch: pytest.MonkeyPatch, root: Path) -> Callable[..., SimpleNamespace]:
    """`python -m scripts.cli.scaffold ARGS` run in this process with root/ as the project.

    The commands take the project's folder as `root`; a new catalog is written where scripts/i18n/catalogs.py
    keeps them (translations/ of scripts/config/paths.ROOT), so that folder is pointed at root's too.
    """
    monkeypatch.setitem(scaffold.new_page.__kwdefaults__, "root", root)
    monkeypatch.setitem(scaffold.new_language.__kwdefaults__, "root", root)
    translations = root / "translations"
    monkeypatch.setattr(catalogs, "TRANSLATIONS_DIR", translations)
    monkeypatch.setattr(catalogs, "POT", translations / "messages.pot")
    monkeypatch.setattr(scaffold, "po_path", functools.partial(catalogs.po_path, translations_dir=translations))

    def run(*args: str) -> SimpleNamespace:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            returncode = scaffold.main(list(args))
        return SimpleNamespace(returncode=returncode, stdout=printed.getvalue())

    return run


def tiny_project(root: Path) -> Path:
    """Three languages; the English menu ends with the glossary and the about page (found by their roles)."""
    english = {
        "index.md": page("Home", role="home"),
        "aftercare.md": page("After your session", "Rest your hands for a day."),
        "glossary.md": page("Glossary", role="glossary"),
        "about.md": page("About this information", role="about"),
    }
    pages = {f"docs/en/{name}": text for name, text in english.items()}
    write_bare_project(root, pages, langs=TINY_LANGS, nav=list(english))
    with_catalog_template(root)
    (root / "glossary").mkdir()
    (root / "glossary" / "en.yml").write_text("- term: collagen\n  definition: A protein.\n", encoding="utf-8")
    (root / "scripts" / "wordlists").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "wordlists" / "forbidden.en.txt", root / "scripts" / "wordlists")
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return tiny_project(tmp_path / "project")


@pytest.fixture
def scaffold_cmd(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., SimpleNamespace]:
    return scaffold_here(monkeypatch, tiny)


def translate_by_copy(project: Path, lang: str) -> None:
    """Stand-in translations: every English page missing in `lang` is copied and marked as translating the
    English version (what `python -m scripts.site translations mark` writes)."""
    english = project / "docs" / "en"
    target = project / "docs" / lang
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(p.relative_to(english).as_posix() for p in english.rglob("*.md")):
        if not (target / name).is_file():
            text = (english / name).read_text(encoding="utf-8")
            marked = text.replace("---\n", f"---\ntranslation_of: {source_version(text)}\n", 1)
            (target / name).write_text(marked, encoding="utf-8")
    glossary = project / "glossary" / f"{lang}.yml"
    if not glossary.is_file() or not (yaml.safe_load(glossary.read_text(encoding="utf-8")) or []):
        shutil.copy2(project / "glossary" / "en.yml", glossary)
    # The accessibility statement's known gaps are written in every language (data/accessibility.yml).
    statement = project / "data" / "accessibility.yml"
    if statement.is_file():
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


# --- the commands, in this process, on a tiny project ------------------------------------


def test_new_page_creates_the_page_and_the_nav_entry(tiny: Path, scaffold_cmd):
    result = scaffold_cmd("new-page", NEW_PAGE, "Before your session")
    assert result.returncode == 0, result.stdout
    page = tiny / "docs" / "en" / f"{NEW_PAGE}.md"
    meta, problems = check_front_matter(f"docs/en/{NEW_PAGE}.md", page.read_text(encoding="utf-8"))
    assert problems == [] and meta["title"] == "Before your session"
    assert "clinical_review" not in meta and "last_reviewed" not in meta
    nav = load(tiny / "mkdocs.yml")["nav"]
    assert nav == ["index.md", "aftercare.md", f"{NEW_PAGE}.md", "glossary.md", "about.md"]
    assert "(before glossary.md)" in result.stdout
    for lang in TINY_LANGS[1:]:
        assert not (tiny / "docs" / lang / f"{NEW_PAGE}.md").exists()
        assert f"docs/{lang}/{NEW_PAGE}.md" in result.stdout
        assert f"python -m scripts.site translations mark {lang} {NEW_PAGE}.md" in result.stdout
        status = {entry.page: entry.status for entry in language_status(tiny, lang)}
        assert status[f"{NEW_PAGE}.md"] is Status.MISSING
    assert "missing" in result.stdout
    assert "python -m scripts.site translations status" in result.stdout
    assert "will not build" in result.stdout


def test_new_page_goes_into_a_language_config_that_has_its_own_menu(tiny: Path, scaffold_cmd):
    child = tiny / "mkdocs.fr.yml"
    child.write_text(child.read_text(encoding="utf-8") + "nav:\n  - index.md\n  - glossary.md\n", encoding="utf-8")
    result = scaffold_cmd("new-page", NEW_PAGE, "Before your session")
    assert result.returncode == 0, result.stdout
    assert load(child)["nav"] == ["index.md", f"{NEW_PAGE}.md", "glossary.md"]
    assert "and in mkdocs.fr.yml" in result.stdout


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
def test_scaffolds_refuse_bad_input_and_change_nothing(tiny: Path, scaffold_cmd, args, message: str):
    before = snapshot(tiny)
    result = scaffold_cmd(*args)
    assert result.returncode == 1
    assert result.stdout.startswith("error: ") and message in result.stdout, result.stdout
    assert snapshot(tiny) == before


def test_new_language_creates_folder_config_catalog_glossary_and_todo(tiny: Path, scaffold_cmd):
    result = scaffold_cmd("new-language", "de", "Deutsch", "de_DE")
    assert result.returncode == 0, result.stdout
    assert (tiny / "docs" / "de").is_dir()
    child = load(tiny / "mkdocs.de.yml")
    assert child["INHERIT"] == "mkdocs.yml" and child["docs_dir"] == "docs/de" and child["site_dir"] == "site/de"
    assert child["theme"]["language"] == "de"
    assert {"name": "Deutsch", "lang": "de", "locale": "de_DE", "link": "/de/"} in load(tiny / "mkdocs.yml")["extra"][
        "alternate"
    ]
    catalog = tiny / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    assert catalog.is_file() and 'msgid "Choose your language"' in catalog.read_text(encoding="utf-8")
    assert "translations/de/LC_MESSAGES/messages.po (interface strings to translate)" in result.stdout
    assert yaml.safe_load((tiny / "glossary" / "de.yml").read_text(encoding="utf-8")) == []
    assert (tiny / "scripts" / "wordlists" / "forbidden.de.txt").is_file()
    for name in ("index.md", "aftercare.md", "glossary.md"):
        assert f"docs/en/{name}  →  docs/de/{name}" in result.stdout
    assert "python -m scripts.site translations status de" in result.stdout
    assert "glossary/search-words.de.yml" in result.stdout and "tests/search-queries/de.yml" in result.stdout
    assert "Choose the readability formula" in result.stdout
    assert {entry.status for entry in language_status(tiny, "de")} == {Status.MISSING}


def test_new_language_takes_its_readability_formula_as_configuration(tiny: Path, scaffold_cmd):
    from scripts.rules.readability import load_rules

    # German: Amstad's reading ease is textstat's Flesch reading ease with the language set to 'de'
    result = scaffold_cmd(
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
    assert result.returncode == 0, result.stdout
    entry = next(alt for alt in load(tiny / "mkdocs.yml")["extra"]["alternate"] if alt["lang"] == "de")
    assert entry["readability"] == {"formula": "flesch_reading_ease", "name": "Amstad", "target": 60, "limit": 50}
    formulas, problems = load_rules(tiny)
    assert problems == [] and formulas["de"].higher_is_better and formulas["de"].formula == "Amstad"
    assert "Choose the readability formula" not in result.stdout
    translate_by_copy(tiny, "de")
    report = check_command.run_checks(["de"], root=tiny, today=dt.date(2026, 12, 6))
    rows = [line for line in check_command.format_table(report.rows).splitlines() if line.startswith("de ")]
    assert len(rows) == 4 and all("Amstad" in row for row in rows), rows
    assert not [p for p in report.warnings if "no readability formula" in p.message]


def test_the_readability_settings_are_parsed_with_their_direction():
    from scripts.rules.readability import parse_rule

    grade, problems = parse_rule({"formula": "flesch_kincaid_grade", "name": "grade", "target": 6, "limit": 8}, "x")
    assert problems == [] and not grade.higher_is_better and grade.worse(8.5, 8) and not grade.worse(7, 8)
    ease, _ = parse_rule({"formula": "osman", "target": 80, "limit": 70, "pages": {"a.md": 90}}, "x")
    assert ease.higher_is_better and ease.target_for("a.md") == 90 and ease.target_for("b.md") == 80
    _, problems = parse_rule({"formula": "wiener_sachtextformel", "target": "six", "limit": 8, "colour": 1}, "w")
    assert any(p.startswith("w.formula: 'wiener_sachtextformel' is not a textstat formula") for p in problems)
    assert "w.target: 'six' is not a number — write the content standards' target, e.g. target: 60" in problems
    assert any(p.startswith("w.colour: unknown setting") for p in problems)


def test_new_language_names_its_search_language_when_material_does_not(tiny: Path, scaffold_cmd):
    """Material's interface for Hebrew (like Arabic) names no search language, and lunr has a Hebrew
    stemmer: the new language's config names it. Fails when a Material upgrade changes either."""
    assert scaffold.search_language("ar") == (False, True)
    assert scaffold.search_language("de") == (True, True)
    result = scaffold_cmd("new-language", "he", "עברית", "he_IL")
    assert result.returncode == 0, result.stdout
    assert load(tiny / "mkdocs.he.yml")["plugins"] == {"search": {"lang": ["he"]}}
    assert "has no stemmer" not in result.stdout
    result = scaffold_cmd("new-language", "de", "Deutsch", "de_DE")
    assert "plugins" not in load(tiny / "mkdocs.de.yml")
    result = scaffold_cmd("new-language", "pl", "Polski", "pl_PL")
    assert "lunr has no stemmer for 'pl'" in result.stdout


# --- one copy of the project with a new page and a new language, built once --------------------------


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A copy with a new page and German added by the scaffolds, every page translated by copying (the German
    catalog by its English), and built once: German, with its printed leaflet."""
    from babel.messages.pofile import read_po, write_po

    project = copy_project(tmp_path_factory.mktemp("scaffolded") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        run = scaffold_here(monkeypatch, project)
        new_page = run("new-page", NEW_PAGE, "Before your session")
        new_language = run("new-language", "de", "Deutsch", "de_DE")
    assert new_page.returncode == 0 and new_language.returncode == 0, new_page.stdout + new_language.stdout
    for lang in (*TRANSLATED, "de"):
        translate_by_copy(project, lang)
    po = project / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="de")
    for message in catalog:
        if message.id:
            message.string = message.id
    catalog["Choose your language"].string = "Wählen Sie Ihre Sprache"
    with po.open("wb") as fh:
        write_po(fh, catalog)
    built = build_copy(project, "de", leaflets=True)  # a new language gets its printed leaflet too
    return SimpleNamespace(project=project, built=built, output=built.stdout + built.stderr)


@pytest.mark.slow
def test_new_page_site_builds_once_translated(scaffolded):
    project = scaffolded.project
    for lang in (*TRANSLATED, "de"):
        assert {entry.status for entry in language_status(project, lang)} == {Status.UP_TO_DATE}, lang
    assert scaffolded.built.returncode == 0, scaffolded.output
    page = project / "site" / "de" / NEW_PAGE / "index.html"
    assert page.is_file() and "Before your session" in page.read_text(encoding="utf-8")
    # The English page as the scaffold wrote it passes every rule of the build.
    english = rules.run("build", root=project, langs=["en"])
    assert english.errors == [], [str(p) for p in english.errors]


@pytest.mark.slow
def test_new_language_site_builds_once_translated(scaffolded):
    project = scaffolded.project
    assert catalogs.check(["de"], root=project) == []
    assert scaffolded.built.returncode == 0, scaffolded.output
    assert (project / "site" / "de" / "leaflet-de.pdf").is_file()
    home = soup(project / "site" / "de" / "index.html")
    assert home.select_one('a[type="application/pdf"][href$="leaflet-de.pdf"]'), "no link to the German leaflet"
    assert home.html["lang"] == "de"
    assert home.find("link", rel="alternate", hreflang="de")
    chooser = soup(project / "site" / "index.html")  # its heading comes from each language's catalog
    assert chooser.select_one('h1 span[lang="de"]').get_text() == "Wählen Sie Ihre Sprache"
    check = check_command.run_checks(["de"], root=project)
    assert "no readability formula for language 'de'" in [p.message for p in check.warnings]
    # "Translated" by copying the English pages: the build only warns, make check refuses them.
    assert "the page reads as English, not German" in scaffolded.output
    refused = [str(p) for p in check.errors if p.path.startswith("docs/de/")]
    assert refused, [str(p) for p in check.errors]
    # A page with little text of its own (its words come from a building block) is judged by its paragraphs.
    english = ("reads as English, not German", "text in English, not German")
    assert all(any(m in line for m in english) or "sign-off(s) missing" in line for line in refused), refused
