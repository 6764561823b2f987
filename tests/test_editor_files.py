"""No editor input ends in a traceback: every kind of file an editor touches, broken in every way
(not UTF-8, not YAML, empty, missing), gives one line `path:line: what — fix` in `make check`
and in the build, and both exit 1. Catalogs are held to gettext's own checks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.config.editor_files import EditorFileError, read_mkdocs_config, read_text, setting_lines
from scripts.i18n.catalogs import catalog_problems, placeholders

from conftest import LANGS, ROOT, assert_no_traceback, build_copy, copy_project

pytestmark = pytest.mark.slow


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
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('msgstr "Adresse"', 'msgstr "Adresse', 1)
        .replace('msgstr "Indirizzo"', 'msgstr "Indirizzo', 1)
        .replace('msgstr "Address"', 'msgstr "Address', 1),
        encoding="utf-8",
    )


# (file, how it is broken, the line expected in the output)
CASES = {
    "page latin-1 en": ("docs/en/session.md", latin1, r"docs/en/session\.md:\d+: not UTF-8 text"),
    "page latin-1 fr": ("docs/fr/session.md", latin1, r"docs/fr/session\.md:\d+: not UTF-8 text"),
    "page latin-1 it": ("docs/it/session.md", latin1, r"docs/it/session\.md:\d+: not UTF-8 text"),
    "page front matter yaml": (
        "docs/fr/session.md",
        invalid_yaml,
        r"docs/fr/session\.md:\d+: front matter is not valid YAML",
    ),
    "page empty": ("docs/fr/session.md", empty, r"docs/fr/session\.md:1: no front matter"),
    "glossary latin-1": ("glossary/fr.yml", latin1, r"glossary/fr\.yml:\d+: not UTF-8 text"),
    "glossary yaml": ("glossary/fr.yml", invalid_yaml, r"glossary/fr\.yml:\d+: not valid YAML"),
    "glossary empty": ("glossary/fr.yml", empty, r"glossary/fr\.yml:1: empty"),
    "glossary missing": ("glossary/fr.yml", missing, r"glossary/fr\.yml:1: missing"),
    "timeline latin-1": ("data/timelines.yml", latin1, r"data/timelines\.yml:\d+: not UTF-8 text"),
    "timeline yaml": ("data/timelines.yml", invalid_yaml, r"data/timelines\.yml:\d+: not valid YAML"),
    "timeline empty": ("data/timelines.yml", empty, r"data/timelines\.yml:1: empty"),
    "timeline missing": ("data/timelines.yml", missing, r"data/timelines\.yml:1: missing"),
    "catalog latin-1": (
        "translations/fr/LC_MESSAGES/messages.po",
        latin1,
        r"translations/fr/LC_MESSAGES/messages\.po:\d+: not UTF-8 text",
    ),
    "catalog syntax": (
        "translations/fr/LC_MESSAGES/messages.po",
        unclosed_quote,
        r"translations/fr/LC_MESSAGES/messages\.po:\d+: not a valid catalog line",
    ),
    "catalog empty": (
        "translations/fr/LC_MESSAGES/messages.po",
        empty,
        r"translations/fr/LC_MESSAGES/messages\.po:1: empty",
    ),
    "catalog missing": (
        "translations/fr/LC_MESSAGES/messages.po",
        missing,
        r"translations/fr/LC_MESSAGES/messages\.po:1: (missing|no catalog)",
    ),
    "mkdocs.yml yaml": ("mkdocs.yml", invalid_yaml, r"mkdocs\.yml:\d+: not valid YAML"),
    "mkdocs.yml latin-1": ("mkdocs.yml", latin1, r"mkdocs\.yml:\d+: not UTF-8 text"),
    "mkdocs.yml empty": ("mkdocs.yml", empty, r"mkdocs\.yml:1: empty"),
    "mkdocs.fr.yml yaml": ("mkdocs.fr.yml", invalid_yaml, r"mkdocs\.fr\.yml:\d+: not valid YAML"),
    "mkdocs.fr.yml missing": ("mkdocs.fr.yml", missing, r"mkdocs\.fr\.yml"),
}


def _assert_one_line(result: subprocess.CompletedProcess, pattern: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert_no_traceback(output)
    line = re.compile(r"^(?:error: |\s*)?(" + pattern + r".* — .+)$", re.M)
    assert line.search(output), f"no line matching {pattern!r}:\n{output}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file_gives_one_line_in_check_and_build(tmp_path, case):
    rel, damage, pattern = CASES[case]
    project = copy_project(tmp_path / "project")
    damage(project / rel)
    check = subprocess.run([sys.executable, "-m", "scripts.site", "check"], cwd=project, capture_output=True, text=True)
    _assert_one_line(check, pattern)
    lang = rel.split("/")[1] if rel.startswith("docs/") else "fr"
    _assert_one_line(build_copy(project, lang), pattern)


def test_decoding_error_names_the_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("---\ntitle: x\n---\n\nUne s\u00e9ance\n".encode("latin-1"))
    with pytest.raises(EditorFileError) as raised:
        read_text(path, tmp_path, fix_missing="")
    assert raised.value.problem.line == 5
    assert str(raised.value).startswith("page.md:5: not UTF-8 text (byte 0xe9")


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
    return copy_project(tmp_path_factory.mktemp("catalogs") / "project")


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
        # the build refuses it too
        result = build_copy(catalog_copy, lang)
        assert result.returncode == 1 and f"{rel}:{line - 1}: msgid" in result.stdout, result.stdout
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
