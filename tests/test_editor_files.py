"""No editor input ends in a traceback: every kind of file an editor touches, broken in every way
(not UTF-8, not YAML, empty, missing), gives one line `path:line: what — fix` in `make check`
and in the build, and both exit 1. Catalogs are held to gettext's own checks.

Each broken file is a unit test of the rules in process, on a tiny project (tests/tiny_project.py). The
commands themselves (`python -m scripts.site check` and `build`) run on a few copies of the project, each
with several files broken that do not hide one another, checked and built once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.config import editor_files
from scripts.config.editor_files import EditorFileError, problems_of, read_mkdocs_config, read_text, setting_lines
from scripts.i18n.catalogs import catalog_problems, compile_catalog, message_problems, placeholders
from scripts.rules import registry

from conftest import LANGS, ROOT, assert_no_traceback, build_copy, copy_project
from tiny_project import write_tiny_project


def latin1(path: Path) -> None:
    """The file as a Windows editor might save it: Latin-1, accents and all."""
    text = path.read_text(encoding="utf-8")
    if not any(127 < ord(c) < 256 for c in text):
        text += "\n# café\n"
    path.write_bytes(text.encode("latin-1", "replace"))


def invalid_yaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):  # a page: break its front matter
        text = text.replace(":", ": [unclosed", 1)
    else:
        text += "\nbroken: [unclosed\n"
    path.write_text(text, encoding="utf-8")


def empty(path: Path) -> None:
    path.write_text("", encoding="utf-8")


def missing(path: Path) -> None:
    path.unlink()


def unclosed_quote(path: Path) -> None:
    """A translation whose closing quote is gone, added to the catalog."""
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "Address"\nmsgstr "Adresse\n', encoding="utf-8")


PO = "translations/{lang}/LC_MESSAGES/messages.po"
# (file, how it is broken, the line expected). {page}: a page of the language, index.md in the tiny project.
CASES = {
    "page latin-1 en": ("docs/en/{page}", latin1, r"docs/en/{page}:\d+: not UTF-8 text"),
    "page latin-1 fr": ("docs/fr/{page}", latin1, r"docs/fr/{page}:\d+: not UTF-8 text"),
    "page latin-1 it": ("docs/it/{page}", latin1, r"docs/it/{page}:\d+: not UTF-8 text"),
    "page front matter yaml": ("docs/fr/{page}", invalid_yaml, r"docs/fr/{page}:\d+: front matter is not valid YAML"),
    "page empty": ("docs/fr/{page}", empty, r"docs/fr/{page}:1: no front matter"),
    "glossary latin-1": ("glossary/fr.yml", latin1, r"glossary/fr\.yml:\d+: not UTF-8 text"),
    "glossary yaml": ("glossary/fr.yml", invalid_yaml, r"glossary/fr\.yml:\d+: not valid YAML"),
    "glossary empty": ("glossary/fr.yml", empty, r"glossary/fr\.yml:1: empty"),
    "glossary missing": ("glossary/fr.yml", missing, r"glossary/fr\.yml:1: missing"),
    "timeline latin-1": ("data/timelines.yml", latin1, r"data/timelines\.yml:\d+: not UTF-8 text"),
    "timeline yaml": ("data/timelines.yml", invalid_yaml, r"data/timelines\.yml:\d+: not valid YAML"),
    "timeline empty": ("data/timelines.yml", empty, r"data/timelines\.yml:1: empty"),
    "timeline missing": ("data/timelines.yml", missing, r"data/timelines\.yml:1: missing"),
    "catalog latin-1": (PO.format(lang="fr"), latin1, r"translations/fr/LC_MESSAGES/messages\.po:\d+: not UTF-8 text"),
    "catalog syntax": (
        PO.format(lang="fr"),
        unclosed_quote,
        r"translations/fr/LC_MESSAGES/messages\.po:\d+: not a valid catalog line",
    ),
    "catalog empty": (PO.format(lang="fr"), empty, r"translations/fr/LC_MESSAGES/messages\.po:1: empty"),
    "catalog missing": (
        PO.format(lang="fr"),
        missing,
        r"translations/fr/LC_MESSAGES/messages\.po:1: (missing|no catalog)",
    ),
    "mkdocs.yml yaml": ("mkdocs.yml", invalid_yaml, r"mkdocs\.yml:\d+: not valid YAML"),
    "mkdocs.yml latin-1": ("mkdocs.yml", latin1, r"mkdocs\.yml:\d+: not UTF-8 text"),
    "mkdocs.yml empty": ("mkdocs.yml", empty, r"mkdocs\.yml:1: empty"),
    "mkdocs.fr.yml yaml": ("mkdocs.fr.yml", invalid_yaml, r"mkdocs\.fr\.yml:\d+: not valid YAML"),
    "mkdocs.fr.yml missing": ("mkdocs.fr.yml", missing, r"mkdocs\.fr\.yml"),
}


def _where(case: str, page: str) -> tuple[str, str]:
    """The case's file and expected line, for a project whose damaged page is `page`."""
    rel, _, pattern = CASES[case]
    return rel.format(page=page), pattern.format(page=re.escape(page))


def _one_line(lines: list[str], pattern: str) -> None:
    """One of the lines is the problem, whole: `path:line: what — fix`."""
    line = re.compile(r"^(?:error: |\s*)?(" + pattern + r".* — .+)$")
    assert any(line.match(text) for text in lines), f"no line matching {pattern!r}:\n" + "\n".join(lines)


def _rule_lines(profile: str, root: Path, langs: list[str] | None = None) -> list[str]:
    """The errors of a profile as the command line and the build print them: a file the run cannot start
    without (mkdocs.yml) stops it, with its own lines (scripts/cli/site.py, scripts/adapters/language.py)."""
    try:
        result = registry.run(profile, root=root, langs=langs, today=dt.date(2026, 6, 1))
        lines = [str(problem) for problem in result.errors]
    except EditorFileError as exc:
        lines = [str(problem) for problem in problems_of(exc)]
    # The timeline data names its file from the project this code lives in (scripts/renderers/timeline.py
    # reads through ROOT), so from another root its path comes absolute: read it as the editor there would.
    return [line.removeprefix(f"{root}/") for line in lines]


# --- each broken file, in process, through the check and the build's rules ---------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file_gives_one_line_in_check_and_build_rules(tmp_path, case):
    root = write_tiny_project(tmp_path / "project", ["en", "fr", "it"])
    rel, pattern = _where(case, "index.md")
    CASES[case][1](root / rel)
    _one_line(_rule_lines("check", root), pattern)
    lang = rel.split("/")[1] if rel.startswith("docs/") else "fr"
    if not rel.startswith("mkdocs."):
        # The configuration is read by the build command before MkDocs starts (the copies below); every other
        # file by the build's rules too.
        _one_line(_rule_lines("build", root, [lang]), pattern)


# --- the commands themselves: a few copies, each with several files broken, checked and built once ----

# Broken together where one does not hide another: the build reads a language's config and catalog before
# it starts (a broken one stops every language), and nothing is read without mkdocs.yml.
VARIANTS = {
    "files": (
        ["page latin-1 en", "page latin-1 it", "page front matter yaml", "glossary latin-1", "timeline yaml"],
        ["en", "fr", "it"],
    ),
    "catalog and language config": (["catalog syntax", "mkdocs.fr.yml yaml"], ["fr"]),
    "base config": (["mkdocs.yml yaml"], ["fr"]),
    "language config missing": (["mkdocs.fr.yml missing"], ["fr"]),
}
# The empty page next to the broken ones, in the copy (its own file: the YAML case breaks session.md).
EMPTY_PAGE = ("page empty", "files")


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def broken_copy(request, tmp_path_factory) -> tuple[str, str, str]:
    """(variant, output of `python -m scripts.site check LANGS`, output of `build --no-leaflets LANGS`) of one
    copy; both exit 1 without a traceback."""
    name = request.param
    cases, langs = VARIANTS[name]
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    for case in cases:
        rel, _ = _where(case, "session.md")
        CASES[case][1](project / rel)
    if name == EMPTY_PAGE[1]:
        empty(project / "docs" / "fr" / "results.md")
    outputs = []
    for result in (
        subprocess.run(
            [sys.executable, "-m", "scripts.site", "check", *langs], cwd=project, capture_output=True, text=True
        ),
        build_copy(project, *langs),
    ):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert_no_traceback(output)
        outputs.append(output)
    return name, outputs[0], outputs[1]


@pytest.mark.slow
def test_every_variant_is_checked_and_built(broken_copy):
    name, check, build = broken_copy
    cases = VARIANTS[name][0] + ([EMPTY_PAGE[0]] if name == EMPTY_PAGE[1] else [])
    for case in cases:
        rel, pattern = _where(case, "results.md" if case == EMPTY_PAGE[0] else "session.md")
        _one_line(check.splitlines(), pattern)
        _one_line(build.splitlines(), pattern)


def test_decoding_error_names_the_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("---\ntitle: x\n---\n\nUne s\u00e9ance\n".encode("latin-1"))
    with pytest.raises(EditorFileError) as raised:
        read_text(path, tmp_path, fix_missing="")
    assert raised.value.problem.line == 5
    assert str(raised.value).startswith("page.md:5: not UTF-8 text (byte 0xe9")


def pages_folder(root: Path) -> Path:
    """docs/fr/ with a page of each kind the rules meet, and two links out of it."""
    docs = root / "docs" / "fr"
    (docs / "sub").mkdir(parents=True)
    (docs / "b.md").write_bytes(b"# B\r\n\r\nUn texte.\r\n")  # saved on Windows
    (docs / "sub" / "a.md").write_text("# A\n", encoding="utf-8")
    (docs / "empty.md").write_text("", encoding="utf-8")  # a page with no text yet
    (docs / "broken.md").write_bytes(b"\xff\xfe not UTF-8")  # the rules report it
    (docs / "notes.txt").write_text("not a page", encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Not a page of the site\n", encoding="utf-8")
    (docs / "linked.md").symlink_to(outside / "secret.md")  # the rules report links; never read through one
    (docs / "linked-folder").symlink_to(outside, target_is_directory=True)
    return docs


def test_a_pages_folder_is_read_as_the_rules_read_it(tmp_path):
    docs = pages_folder(tmp_path)
    assert editor_files.page_texts(docs, tmp_path) == ["# B\n\nUn texte.\n", "", "# A\n"]
    assert editor_files.page_texts(tmp_path / "docs" / "xx", tmp_path) == []  # no such folder: no page
    # the rules' own reading of the language (registry.load_language): the same pages, the same texts
    site = registry.Site(root=tmp_path, profile="check", today=dt.date.today(), config={}, codes=["en", "fr"])
    language = registry.load_language(site, "fr", docs)
    assert [page.text for page in language.pages] == editor_files.page_texts(docs, tmp_path)
    assert [problem.path for problem in language.unreadable] == ["docs/fr/broken.md"]


def test_the_search_words_and_the_languages_judged_ahead_read_the_pages_the_same_way(tmp_path, monkeypatch):
    from scripts.cli import site as site_command
    from scripts.rules import language_check, search_words

    docs = pages_folder(tmp_path)
    expected = editor_files.page_texts(docs, tmp_path)
    assert search_words.page_texts(tmp_path, "fr") == expected
    seen = {}
    monkeypatch.setattr(site_command, "ROOT", tmp_path)
    monkeypatch.setattr(language_check, "judge_ahead", lambda pages, *rest: seen.update(pages=pages) or "")
    site_command._judge_languages_ahead({"fr": docs}, ["en", "fr"])
    assert seen["pages"] == [(text, "fr") for text in expected]


def test_mkdocs_config_through_mkdocs_loader_follows_inherit_and_env(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME_FOR_TEST, 'default']\nextra:\n  a: 1\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.fr.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  b: 2\n", encoding="utf-8")
    monkeypatch.setenv("SITE_NAME_FOR_TEST", "From the environment")
    config = read_mkdocs_config(tmp_path / "mkdocs.fr.yml", tmp_path)
    assert config["site_name"] == "From the environment"
    assert config["extra"] == {"a": 1, "b": 2}


def test_setting_lines_find_nested_settings():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = setting_lines(text)
    number = lines["extra.clinic.phone"]
    assert text.splitlines()[number - 1].strip().startswith("phone:")


# --- Catalogs as strict as msgfmt --check, in every language -----------------------------------


@pytest.fixture(scope="module")
def catalog_copy(tmp_path_factory) -> Path:
    """A tiny project with the shipped catalogs of every language (the tests break and restore them)."""
    root = write_tiny_project(tmp_path_factory.mktemp("catalogs") / "project", LANGS)
    shutil.rmtree(root / "translations")
    shutil.copytree(ROOT / "translations", root / "translations", ignore=shutil.ignore_patterns("*.mo"))
    return root


def _po(project: Path, lang: str) -> Path:
    return project / "translations" / lang / "LC_MESSAGES" / "messages.po"


def _edit_po(project: Path, lang: str, old: str, new: str) -> tuple[str, str]:
    path = _po(project, lang)
    original = path.read_text(encoding="utf-8")
    assert old in original, f"{old!r} not in {path}"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return original, path.as_posix()


@pytest.mark.parametrize("lang", LANGS)
def test_dropped_placeholder_is_refused_with_file_and_line(catalog_copy, lang):
    path = _po(catalog_copy, lang)
    original = path.read_text(encoding="utf-8")
    try:
        match = re.search(r'^msgstr "(%\(region\)s.*?)%\(number\)s"$', original, re.M)
        assert match, "the emergency-number entry is in every catalog"
        line = original[: match.start()].count("\n") + 1
        path.write_text(original.replace(match.group(0), f'msgstr "{match.group(1)}"', 1), encoding="utf-8")
        found = [str(p) for p in catalog_problems(lang, None, catalog_copy)]
        rel = f"translations/{lang}/LC_MESSAGES/messages.po"
        assert any(
            re.match(
                rf"{re.escape(rel)}:{line - 1}: msgid '%\(region\)s: %\(number\)s': "
                r"msgstr drops %\(number\)s — keep exactly",
                p,
            )
            for p in found
        ), found
        # the build refuses it too: its rules, and the compiling of the catalog before MkDocs starts
        built = [str(p) for p in registry.run("build", root=catalog_copy, langs=[lang]).errors]
        assert any(p.startswith(f"{rel}:{line - 1}: msgid '%(region)s: %(number)s'") for p in built), built
        with pytest.raises(ValueError, match=re.escape(f"{rel}:{line - 1}: msgid")):
            compile_catalog(lang, catalog_copy / "translations")
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_placeholder_is_refused(catalog_copy, lang):
    path = _po(catalog_copy, lang)
    original = path.read_text(encoding="utf-8")
    try:
        text = re.sub(r'^(msgstr "%\(region\)s.*?)%\(number\)s"$', r'\1%(numero)s"', original, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        found = [str(p) for p in catalog_problems(lang, None, catalog_copy)]
        assert any("unknown named placeholder 'numero'" in p for p in found), found
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_must_be_complete(catalog_copy, lang):
    path = _po(catalog_copy, lang)
    original = path.read_text(encoding="utf-8")
    try:
        # The second form of "%(count)s session" goes missing.
        text = re.sub(
            r'(msgid_plural "%\(count\)s sessions"\nmsgstr\[0\] ".*"\n)msgstr\[1\] ".*"\n', r"\1", original, count=1
        )
        assert text != original
        path.write_text(text, encoding="utf-8")
        found = [str(p) for p in catalog_problems(lang, None, catalog_copy)]
        rel = f"translations/{lang}/LC_MESSAGES/messages.po"
        assert any(p.startswith(rel + ":") and "session" in p for p in found), found
        forms = int(re.search(r"nplurals=(\d+);", original).group(1))
        header = original.replace(f"nplurals={forms};", f"nplurals={forms - 1};", 1)
        path.write_text(header, encoding="utf-8")
        found = [str(p) for p in catalog_problems(lang, None, catalog_copy)]
        assert any(
            re.match(
                rf"{re.escape(rel)}:\d+: Plural-Forms says nplurals={forms - 1}, but '{lang}' has "
                rf"{forms}",
                p,
            )
            for p in found
        ), found
    finally:
        path.write_text(original, encoding="utf-8")


def test_placeholders_ignore_literal_percent():
    assert placeholders("%(count)s sessions, 100 %% sure, %s") == {"%(count)s", "%s"}


def test_shipped_catalogs_pass():
    assert [str(p) for lang in LANGS for p in catalog_problems(lang, None, ROOT)] == []


def test_a_plural_form_for_one_number_only_may_leave_the_number_out():
    """Arabic writes 'شهر' for 1 and 'شهرين' for 2, never with the digit; its forms for 3-10, 11-99 and 100+
    stand for many numbers and must show which."""
    from babel.messages.catalog import Catalog, Message

    catalog = Catalog(locale="ar")
    forms = ("%(count)s شهر", "شهر", "شهرين", "%(count)s أشهر", "%(count)s شهر", "%(count)s شهرًا")
    message = Message(("%(count)s month", "%(count)s months"), forms, flags=["python-format"], lineno=7)
    assert message_problems(catalog, message, "ar.po") == []
    dropped = Message(
        ("%(count)s month", "%(count)s months"), (*forms[:3], "أشهر", *forms[4:]), flags=["python-format"], lineno=7
    )
    assert [str(p) for p in message_problems(catalog, dropped, "ar.po")] == [
        "ar.po:7: msgid '%(count)s month': msgstr[3] drops %(count)s — keep exactly the msgid's %(name)s "
        "placeholders, spelt the same"
    ]
    # French's first form stands for 0 and 1: it must keep the number.
    french = Catalog(locale="fr")
    one = Message(("%(count)s month", "%(count)s months"), ("mois", "%(count)s mois"), flags=["python-format"])
    assert [p.message for p in message_problems(french, one, "fr.po")] == [
        "msgid '%(count)s month': msgstr[0] drops %(count)s"
    ]
