"""Tiny projects written into a test's tmp folder: the rules registry runs on them in process, in every profile.

Two kinds, for two kinds of test:
- write_tiny_project: a clean project, every rule satisfied. One short clean page per language, the languages'
  settings, catalogs, glossaries and the editors' word lists copied from this project, and nothing else: MkDocs'
  own theme, no building blocks, no code to extract interface strings from. `registry.run("build"|"check"|
  "release", root=…)` and `check_command.run` take a fraction of a second on it, where a copy of the shipped
  project costs seconds per run (rendering every page, extracting the catalogs). Tests seed one problem into it
  and assert the exact line `path:line: what — fix` the rule reports.
- write_bare_project: a minimal mkdocs.yml, one mkdocs.<lang>.yml per language and the pages a test gives
  (page() writes one), and nothing else: the rules registry and the scaffolds (`scaffold.new_page(…, root=…)`)
  run on exactly the input a test is about.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from scripts.config.paths import ROOT
from scripts.config.project_config import site_languages
from scripts.rules.translation_status import source_version

SOURCE = "en"
FRONT = """---
title: {title}
description: A short page for the tests.
sources:
  - "Test source"
---
"""
# Short, plain sentences in each language: within every readability target.
BODY = {
    "en": "# Test page\n\nThis page is for the tests. It has short words. You can read it fast.\n\n"
    "## What it says\n\nThe sun can dry your skin. Wash your hands with care. Use a cream if your "
    "skin is dry. Ask your doctor if you are not sure. Take your time to decide.\n",
    "fr": "# Page de test\n\nCette page sert aux tests. Elle a des mots courts. Vous pouvez la lire vite.\n\n"
    "## Ce qu’elle dit\n\nLe soleil peut sécher votre peau. Lavez vos mains avec soin. Mettez une crème "
    "si votre peau est sèche. Demandez à votre médecin si vous avez un doute. Prenez le temps de décider.\n",
    "it": "# Pagina di prova\n\nQuesta pagina serve per i test. Ha parole brevi. La può leggere in fretta.\n\n"
    "## Che cosa dice\n\nIl sole può seccare la pelle. Lavi le mani con cura. Usi una crema se la pelle "
    "è secca. Chieda al medico se ha un dubbio. Si prenda il tempo per decidere.\n",
    "es": "# Página de prueba\n\nEsta página sirve para las pruebas. Tiene palabras cortas. Usted la puede leer "
    "rápido.\n\n## Lo que dice\n\nEl sol puede secar su piel. Lávese las manos con cuidado. Use una crema si "
    "tiene la piel seca. Pregunte a su médico si tiene dudas. Tómese su tiempo para decidir.\n",
    "ar": "# صفحة للاختبار\n\nهذه الصفحة للاختبار. فيها كلمات قصيرة. يمكنك أن تقرأها بسرعة.\n\n## ماذا تقول\n\n"
    "الشمس قد تجفف جلدك. اغسل يديك بعناية. ضع كريمًا إذا كان جلدك جافًا. اسأل طبيبك إذا لم تكن متأكدًا. "
    "خذ وقتك قبل أن تقرر.\n",
}
GLOSSARY = {  # in each folder's own language (the wrong-language rule reads definitions)
    "en": "- term: skin\n  definition: The outer layer of your body.\n",
    "fr": "- term: peau\n  definition: La couche extérieure de votre corps.\n",
    "it": "- term: pelle\n  definition: Lo strato esterno del suo corpo.\n",
    "es": "- term: piel\n  definition: La capa exterior de su cuerpo.\n",
    "ar": "- term: الجلد\n  definition: الطبقة الخارجية من جسمك.\n",
}
TOPIC = {
    "en": "Test care",
    "fr": "Soin d’essai",
    "it": "Cura di prova",
    "es": "Cuidado de prueba",
    "ar": "رعاية تجريبية",
}
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}
CLINICIAN = {"name": "Dr Ada Example", "role": "dermatologist"}
TRANSLATOR = {"translator": "Tess Translator", "reviewer": "Dr Rev Checker"}


def page_text(lang: str, extra: str = "", title: str = "Test page") -> str:
    """The clean test page of a language, `extra` appended as its own paragraph; a translation records the
    version of the English page it translates."""
    text = FRONT.format(title=title) + "\n" + BODY[lang]
    if extra:
        text += "\n" + extra + "\n"
    if lang != SOURCE:
        english = FRONT.format(title="Test page") + "\n" + BODY[SOURCE]
        text = text.replace("---\n", f"---\ntranslation_of: {source_version(english)}\n", 1)
    return text


def _alternate(langs: list[str]) -> str:
    """The languages' entries of extra.alternate, as the shipped mkdocs.yml writes them."""
    shipped = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert set(langs) <= {item.code for item in site_languages()}, langs
    lines = ["  alternate:"]
    for code in langs:
        start = shipped.index(f"      lang: {code}") - 1
        entry = [shipped[start]]
        for row in shipped[start + 1 :]:
            if row.startswith("    - ") or not row.startswith("      "):
                break
            entry.append(row)
        lines += [row for row in entry if not row.lstrip().startswith("#")]
    return "\n".join(lines)


def _signoff(langs: list[str], signed: str | None) -> str:
    if not signed:
        return '    signoff:\n      clinical_review: {name: "", role: "", date: ""}\n'
    lines = [
        "    signoff:",
        "      clinical_review:",
        f'        name: "{CLINICIAN["name"]}"',
        f'        role: "{CLINICIAN["role"]}"',
        f"        date: {signed}",
    ]
    translated = [code for code in langs if code != SOURCE]
    if translated:
        lines.append("      translations:")
    for code in translated:
        lines += [
            f"        {code}:",
            f'          translator: {{name: "{TRANSLATOR["translator"]}", role: "medical translator"}}',
            f'          reviewer: {{name: "{TRANSLATOR["reviewer"]}", role: "general practitioner"}}',
            f"          date: {signed}",
        ]
    return "\n".join(lines) + "\n"


def mkdocs_yml(langs: list[str], signed: str | None = None, nav: list[str] | None = None) -> str:
    """A base configuration with the languages, a topic, an empty clinic and the sign-off (dated `signed`,
    or nobody named)."""
    pages = "".join(f"  - {name}\n" for name in (nav or ["index.md"]))
    return (
        "site_name: Test site\n"
        "site_url: https://clinic-test.org/info/\n"
        f"docs_dir: docs/{SOURCE}\n"
        f"site_dir: site/{SOURCE}\n"
        "theme:\n  name: mkdocs\n"
        f"nav:\n{pages}"
        "extra:\n"
        f"  source_language: {SOURCE}\n"
        f"{_alternate(langs)}\n"
        "  topic:\n"
        f"    name: {TOPIC[SOURCE]}\n"
        "    schema_type: MedicalProcedure\n"
        '    icon: "M10 26V13a2 2 0 0 1 4 0z"\n'
        "  clinic:\n"
        '    name: ""\n'
        '    phone: ""\n'
        f"{_signoff(langs, signed)}"
    )


def _catalog(lang: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {lang}\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
    )


def write_tiny_project(
    root: Path,
    langs: list[str] | tuple[str, ...] = (SOURCE,),
    *,
    signed: str | None = None,
    history: str | None = None,
) -> Path:
    """A clean tiny project in `root` with one page, index.md, per language (the source language first).

    signed: the day the clinic's reviewers signed every page off (YYYY-MM-DD); None: nobody named.
    history: make the folder a git repository whose one commit is dated that day (the pages' last change,
    read by the review-date and translation rules); None: no repository.
    """
    langs = [SOURCE, *[code for code in langs if code != SOURCE]]
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml(langs, signed), encoding="utf-8")
    # babel.cfg names code this project does not have: no interface strings, so no messages.pot either.
    shutil.copy2(ROOT / "babel.cfg", root / "babel.cfg")
    for name in ("timelines.yml", "accessibility.yml"):
        (root / "data").mkdir(exist_ok=True)
        shutil.copy2(ROOT / "data" / name, root / "data" / name)
    shutil.copytree(ROOT / "scripts" / "wordlists", root / "scripts" / "wordlists")
    for code in langs:
        own = f"INHERIT: mkdocs.yml\ndocs_dir: docs/{code}\nsite_dir: site/{code}\n"
        if code != SOURCE:
            own += f"extra:\n  topic:\n    name: {TOPIC[code]}\n"
        (root / f"mkdocs.{code}.yml").write_text(own, encoding="utf-8")
        (root / "docs" / code).mkdir(parents=True, exist_ok=True)
        (root / "docs" / code / "index.md").write_text(page_text(code), encoding="utf-8")
        (root / "glossary").mkdir(exist_ok=True)
        (root / "glossary" / f"{code}.yml").write_text(GLOSSARY[code], encoding="utf-8")
        catalog = root / "translations" / code / "LC_MESSAGES" / "messages.po"
        catalog.parent.mkdir(parents=True, exist_ok=True)
        catalog.write_text(_catalog(code), encoding="utf-8")
    if history:
        commit_all(root, history, init=True)
    return root


def commit_all(root: Path, day: str, *, init: bool = False) -> None:
    """Commit everything in `root`, dated `day` (YYYY-MM-DD): what git says each file last changed on."""
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    if init:
        subprocess.run([*git, "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run([*git, "commit", "-qm", f"as of {day}"], cwd=root, check=True, env=env)


def write_page(root: Path, lang: str, extra: str = "", page: str = "index.md", title: str = "Test page") -> Path:
    """The clean page of a language with `extra` appended, written as docs/<lang>/<page>."""
    path = root / "docs" / lang / page
    path.write_text(page_text(lang, extra, title), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The first line of a file that contains `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- The bare project: the settings and pages a test gives, nothing else ----------------------------------

# name in its own language, Babel locale
LANGUAGES = {
    "en": ("English", "en_GB"),
    "fr": ("Français", "fr_FR"),
    "it": ("Italiano", "it_IT"),
    "es": ("Español", "es_ES"),
    "ar": ("العربية", "ar"),
}


def page(title: str, body: str = "", **fields: object) -> str:
    """A page with its front matter: a title, a description, one source, and any other `fields`."""
    meta = {"title": title, "description": f"{title}.", **fields, "sources": ["A source."]}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n# {title}\n\n{body or 'Words here.'}\n"


def write_bare_project(
    root: Path,
    pages: dict[str, str] | None = None,
    *,
    langs: tuple[str, ...] = ("en",),
    nav: list | None = None,
    extra: dict | None = None,
) -> Path:
    """root/ as a project of `langs` (the first is the source language).

    pages: {"docs/en/index.md": text, …}; without it, each language has an index page. nav: the menu of
    mkdocs.yml, by default the source language's pages in file order. extra: merged into mkdocs.yml's extra.
    """
    root.mkdir(parents=True, exist_ok=True)
    pages = pages if pages is not None else {f"docs/{code}/index.md": page("Home") for code in langs}
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for code in langs:
        (root / "docs" / code).mkdir(parents=True, exist_ok=True)
    source = langs[0]
    if nav is None:
        nav = sorted(rel.split("/", 2)[2] for rel in pages if rel.startswith(f"docs/{source}/"))
    alternate = [
        {"name": LANGUAGES[code][0], "lang": code, "locale": LANGUAGES[code][1], "link": f"/{code}/"} for code in langs
    ]
    config = {
        "site_name": "Patient information",
        "site_url": "https://clinic.test/info/",
        "docs_dir": f"docs/{source}",
        "nav": nav,
        "extra": {"topic": {"name": "Skin care"}, "alternate": alternate, **(extra or {})},
    }
    # What `make check` extracts the interface's messages with (the rule catalog-template): here, none.
    (root / "babel.cfg").write_bytes((ROOT / "babel.cfg").read_bytes())
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for code in langs:
        child = {"INHERIT": "mkdocs.yml", "docs_dir": f"docs/{code}", "site_dir": f"site/{code}"}
        if code != source:
            child["extra"] = {"topic": {"name": f"Skin care ({code})"}}
        (root / f"mkdocs.{code}.yml").write_text(yaml.safe_dump(child, allow_unicode=True), encoding="utf-8")
    return root


def with_catalog_template(root: Path) -> Path:
    """The shipped catalog template (translations/messages.pot) in root: what a new language's catalog starts
    from."""
    (root / "translations").mkdir(parents=True, exist_ok=True)
    pot = ROOT / "translations" / "messages.pot"
    (root / "translations" / "messages.pot").write_bytes(pot.read_bytes())
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes: to show that a command changed nothing."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
