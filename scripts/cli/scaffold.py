"""Scaffolds for editors: start a new page or a new language with one command.

    python -m scripts.site new-page SLUG "Title"
        docs/en/SLUG.md with a complete front-matter template (no review: a page is
        reviewed only when someone named signs it off, README "Sign-off"; TODOs for
        what only a person can write), added to the
        navigation in mkdocs.yml before the glossary. Nothing is created in the
        other languages: the page is then "missing" there, and the site does not
        build until it is translated (the build never shows English text on a
        French or Italian page). The command prints what must be translated.

    python -m scripts.site new-language CODE ["Name" [LOCALE]]
        docs/CODE/, mkdocs.CODE.yml, the language in mkdocs.yml extra.alternate,
        its gettext catalog, glossary/CODE.yml, its forbidden-wording list, and a
        to-do list. CODE must be a language Babel knows (e.g. de, es, pt); Name
        defaults to the language's own name, LOCALE to its most likely one (de_DE).

mkdocs.yml is edited as text, so its comments and layout stay as they are.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import cast

import yaml

from scripts.config import topic
from scripts.config.editor_files import EditorFileError
from scripts.config.paths import ROOT
from scripts.config.project_config import SOURCE_LANGUAGE, load_base_config
from scripts.config.site_config import languages
from scripts.i18n import catalogs
from scripts.i18n.catalogs import po_path
from scripts.rules import page_roles
from scripts.rules.content_rules import load_yaml, split_front_matter
from scripts.rules.readability import parse_rule
from scripts.rules.translation_status import english_pages, language_status

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ScaffoldError(ValueError):
    """Something the editor must change before the command can run; the message says what."""


def _yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def page_template(title: str) -> str:
    """A new English page: valid front matter, and a TODO wherever a person must write."""
    return f"""---
title: {_yaml_scalar(title)}
description: "TODO: one plain sentence, at most 160 characters, saying what this page tells the reader."
sources:
  - "TODO: where the facts on this page come from, one line per source"
---

<!--
How to write this page: CONTRIBUTING.md. In short: say "you"; sentences of 20
words or fewer; paragraphs of 3 sentences or fewer; the plain word first and the
medical word in brackets, e.g. "small brown spots (lentigines)"; numbers as
numerals; no praise and no promises. `make check` lists every placeholder left.
-->

# {title}

TODO: one or two short sentences saying what this page explains.

## TODO: a heading that says what this part is about

TODO: the text of this part.

## Next

TODO: a link to the page to read next.
"""


def add_to_nav(config_text: str, entry: str, before: str | None = None) -> str:
    """Insert `- entry` into the `nav:` list of a config, before the item naming `before`.

    Works on the text, so comments and layout stay. Without that item (or without `before`) the entry
    goes at the end of the list. Raises ScaffoldError when there is no nav list.
    """
    lines = config_text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"nav:\s*(#.*)?$", line)), None)
    if start is None:
        raise ScaffoldError("no 'nav:' list")
    items: list[int] = []
    indent: str | None = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t", "-")):
            break
        match = re.match(r"(\s*)- ", line)
        if match and (indent is None or match.group(1) == indent):
            indent = match.group(1)
            items.append(i)
        elif indent is not None and len(line) - len(line.lstrip()) < len(indent):
            break
    if not items:
        raise ScaffoldError("the 'nav:' list is empty")
    if any(re.search(rf"(^|[\s:/]){re.escape(entry)}\s*$", lines[i]) for i in items):
        raise ScaffoldError(f"{entry} is already in the navigation")
    anchor = (
        next((i for i in items if re.search(rf"(^|[\s:/]){re.escape(before)}\s*(#.*)?$", lines[i])), None)
        if before
        else None
    )
    if anchor is None:
        position = items[-1] + 1  # items found: indent is set
        while position < len(lines) and lines[position].startswith(cast(str, indent) + " ") and lines[position].strip():
            position += 1  # past a nested section's children
    else:
        position = anchor
        # keep a comment that introduces the anchor item above it
        while position - 1 > start and lines[position - 1].strip().startswith("#"):
            position -= 1
    lines.insert(position, f"{indent}- {entry}")
    return "\n".join(lines)


def _print_translation_status(root: Path, page: str | None, langs: list[str]) -> None:
    for lang in langs:
        for entry in language_status(root, lang):
            if page is None or entry.page == page:
                print(f"  {lang:4}  docs/{lang}/{entry.page:30}  {entry.status.value}")


def reference_page(root: Path) -> str | None:
    """The first reference page of the menu (role: glossary or about in its front matter, scripts/rules/page_roles.py):
    new pages go before it, so that the menu still ends with the glossary and "about this information"."""
    nav: list[str] = []

    def walk(items) -> None:
        for item in items or []:
            values = item.values() if isinstance(item, dict) else [item]
            for value in values:
                walk(value) if isinstance(value, list) else nav.append(value) if isinstance(value, str) else None

    try:
        walk(load_base_config(root / "mkdocs.yml").get("nav"))
    except EditorFileError:
        return None
    docs = root / "docs" / SOURCE_LANGUAGE
    metas = []
    for page in nav:
        path = docs / page
        if path.is_file():
            try:
                metas.append((page, load_yaml(split_front_matter(path.read_text(encoding="utf-8"))[0] or "") or {}))
            except (ValueError, yaml.YAMLError):
                continue  # a page whose front matter is broken: reported by the rules
    return page_roles.first_reference_page(nav, page_roles.role_pages(metas))


def _site_languages(root: Path) -> list:
    return languages(load_base_config(root / "mkdocs.yml").get("extra") or {})


def new_page(slug: str, title: str, *, root: Path = ROOT) -> int:
    """Create docs/en/SLUG.md from the template and add it to the navigation."""
    slug = slug.removesuffix(".md")
    if not SLUG_RE.fullmatch(slug):
        print(
            f"error: '{slug}' cannot be a page name — use lower-case letters, digits and hyphens, "
            f"e.g. 'before-your-session'"
        )
        return 1
    if not title.strip():
        print('error: the title is empty — give it in quotes, e.g. "Before your session"')
        return 1
    page = f"{slug}.md"
    path = root / "docs" / SOURCE_LANGUAGE / page
    if path.exists():
        print(f"error: docs/{SOURCE_LANGUAGE}/{page} already exists — choose another name, or edit that page")
        return 1
    base = root / "mkdocs.yml"
    try:
        before = reference_page(root)
        new_base = add_to_nav(base.read_text(encoding="utf-8"), page, before)
        children = {}
        for child in sorted(root.glob("mkdocs.*.yml")):
            text = child.read_text(encoding="utf-8")
            if re.search(r"^nav:", text, re.M):
                children[child] = add_to_nav(text, page, before)
    except ScaffoldError as exc:
        print(f"error: mkdocs.yml: {exc} — add '- {page}' to the nav list yourself")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_template(title.strip()), encoding="utf-8")
    base.write_text(new_base, encoding="utf-8")
    for child, text in children.items():
        child.write_text(text, encoding="utf-8")

    others = [item.code for item in _site_languages(root) if item.code != SOURCE_LANGUAGE]
    print(
        f"Created docs/{SOURCE_LANGUAGE}/{page}: write the page and replace every TODO; it says it is not yet "
        "reviewed until a named reviewer signs it off (README, 'Sign-off')."
    )
    print(
        f"Added {page} to the navigation in mkdocs.yml"
        + (f" (before {before})" if before else "")
        + (f" and in {', '.join(c.name for c in children)}" if children else "")
        + "."
    )
    if others:
        print("\nThe page is now missing in the other languages:")
        _print_translation_status(root, page, others)
        print(
            f"\nThe site will not build until docs/<lang>/{page} exists in every language: it never shows "
            f"English text on a {'/'.join(others)} page. When the English page is ready and reviewed, translate it "
            f"into {', '.join(f'docs/{c}/{page}' for c in others)}, then record which English version "
            f"each translation follows:"
        )
        for code in others:
            print(f"  python -m scripts.site translations mark {code} {page}")
        print("See what is left to translate with:\n  python -m scripts.site translations status")
    print("\nPreview while you write: make serve   ·   Check before a pull request: make check")
    return 0


# --- new language ------------------------------------------------------------------


def resolve_language(code: str, name: str | None = None, locale: str | None = None) -> tuple[str, str, str]:
    """(code, name, locale) checked against Babel; ScaffoldError says what is wrong."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    if not re.fullmatch(r"[a-z]{2,3}", code or ""):
        raise ScaffoldError(
            f"'{code}' is not a language code — use a two-letter ISO 639-1 code in lower case, e.g. de, es, pt"
        )
    try:
        language = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ScaffoldError(
            f"'{code}' is not a language Babel knows — use an ISO 639-1 code such as de, es, pt "
            f"(list: python -c 'import babel; print(babel.localedata.locale_identifiers())')"
        ) from None
    if not locale:
        likely = get_global("likely_subtags").get(code, code)
        parts = Locale.parse(likely)
        locale = f"{parts.language}_{parts.territory}" if parts.territory else parts.language
    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise ScaffoldError(
            f"'{locale}' is not a locale Babel knows — write it as language_COUNTRY, e.g. {code}_{code.upper()}"
        ) from None
    if parsed.language != language.language:
        raise ScaffoldError(f"locale '{locale}' is not a locale of language '{code}' — use e.g. {code}_{code.upper()}")
    if not name:
        own = language.get_display_name(code) or code
        name = own[:1].upper() + own[1:]
    return code, name.strip(), str(locale)


def _material_dir() -> Path | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec("material")
    except (ImportError, ValueError):
        return None
    return Path(spec.origin).parent / "templates" if spec and spec.origin else None


def search_language(code: str, material: Path | None = None) -> tuple[bool, bool]:
    """(Material's interface for `code` names its search language, lunr has a stemmer for `code`).

    Material's own translation sets the search language for most languages; some (Arabic)
    leave it out and the search index falls back to English, so the language's config must
    name it (plugins.search.lang)."""
    material = material or _material_dir()
    if material is None:
        return True, True
    partial = material / "partials" / "languages" / f"{code}.html"
    named = partial.is_file() and '"search.config.lang"' in partial.read_text(encoding="utf-8")
    stemmer = (material / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{code}.min.js").is_file()
    return named, stemmer or code == "en"


def language_config_text(code: str, site_name: str, *, search_lang: bool = False, topic_name: str = "") -> str:
    text = (
        f"# {code} build: everything not set here comes from mkdocs.yml.\n"
        f"INHERIT: mkdocs.yml\n"
        f"docs_dir: docs/{code}\n"
        f"site_dir: site/{code}\n"
        f"site_name: {_yaml_scalar(site_name)}  # translate the site's name\n"
        f"theme:\n"
        f"  language: {code}\n"
    )
    if search_lang:
        text += (
            f"# Material's {code} interface does not name its search language: without this the\n"
            f"# search index would use the English one. lunr has a stemmer for '{code}'.\n"
            f"plugins:\n"
            f"  search:\n"
            f"    lang: [{code}]\n"
        )
    if topic_name:
        text += f"extra:\n  topic:\n    name: {_yaml_scalar(topic_name)}  # translate what the pages are about\n"
    return text


def readability_setting(
    formula: str | None, name: str | None, target: float | None, limit: float | None
) -> dict | None:
    """The `readability:` setting of a new language from the command's options (None: not chosen yet)."""
    if formula is None and target is None and limit is None:
        return None
    if formula is None or target is None or limit is None:
        raise ScaffoldError(
            "give --readability FORMULA, --target and --limit together, e.g. "
            "--readability szigriszt_pazos --target 65 --limit 55 (the content standards give them)"
        )
    setting = {"formula": formula, "name": name or formula, "target": target, "limit": limit}
    _, problems = parse_rule(setting, "--readability")
    if problems:
        raise ScaffoldError("; ".join(problems))
    return setting


def _flow_map(setting: dict) -> str:
    return (
        "{"
        + ", ".join(
            f"{key}: {f'{value:g}' if isinstance(value, (int, float)) else _yaml_scalar(str(value))}"
            for key, value in setting.items()
        )
        + "}"
    )


def add_alternate(config_text: str, code: str, name: str, locale: str, readability: dict | None = None) -> str:
    """Append a language to `extra.alternate` in mkdocs.yml, as text (comments stay)."""
    lines = config_text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"\s+alternate:\s*(#.*)?$", line)), None)
    if start is None:
        raise ScaffoldError("mkdocs.yml has no 'extra: alternate:' list")
    key_indent = len(lines[start]) - len(lines[start].lstrip())
    last, item_indent = start, None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith("#"):
            if indent <= key_indent:
                break
            continue
        if indent <= key_indent and not line.lstrip().startswith("- "):
            break
        if indent < key_indent:
            break
        if line.lstrip().startswith("- ") and item_indent is None:
            item_indent = indent
        last = i
    if item_indent is None:
        raise ScaffoldError("mkdocs.yml extra.alternate is empty")
    pad, inner = " " * item_indent, " " * (item_indent + 2)
    entry = [
        f"{pad}- name: {_yaml_scalar(name)}",
        f"{inner}lang: {code}",
        f"{inner}locale: {locale}",
        f"{inner}link: /{code}/",
    ]
    if readability:
        entry.append(f"{inner}readability: {_flow_map(readability)}")
    lines[last + 1 : last + 1] = entry
    return "\n".join(lines)


def glossary_header(code: str, name: str) -> str:
    return (
        f"# {name} glossary: every medical or technical word used in docs/{code}/.\n"
        f"# Translate glossary/en.yml entry by entry. term: the word as it appears in the pages;\n"
        f"# definition: one plain sentence; also: other exact spellings used.\n"
        f"#\n"
        f"# - term: …\n"
        f"#   definition: …\n"
        f"#   also: […]\n"
        f"[]\n"
    )


def word_list_header(code: str, name: str, english: str) -> str:
    entries = [line for line in english.splitlines() if line.strip() and not line.startswith("#")]
    return (
        f"# Forbidden and promotional wording in the {name} pages ({code}); format: see forbidden.en.txt.\n"
        f"# Translate the English entries below (all forms: masculine, feminine, plural), one a line,\n"
        f"# and remove the '# ' in front. `make check` warns until this list has entries.\n#\n"
        + "".join(f"# {line}\n" for line in entries)
    )


def new_language(
    code: str, name: str | None = None, locale: str | None = None, *, readability: dict | None = None, root: Path = ROOT
) -> int:
    """Create everything a new language needs, then print the to-do list."""
    try:
        code, name, locale = resolve_language(code, name, locale)
        listed = [item.code for item in _site_languages(root)]
        if code in listed:
            raise ScaffoldError(f"'{code}' is already one of the site's languages ({', '.join(listed)})")
        base = root / "mkdocs.yml"
        new_base = add_alternate(base.read_text(encoding="utf-8"), code, name, locale, readability)
    except ScaffoldError as exc:
        print(f"error: {exc}")
        return 1
    done, kept = [], []

    def create(path: Path, text: str) -> None:
        rel = path.relative_to(root).as_posix()
        if path.exists():
            kept.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            done.append(rel)

    docs = root / "docs" / code
    if docs.is_dir():
        kept.append(f"docs/{code}/")
    else:
        docs.mkdir(parents=True)
        done.append(f"docs/{code}/ (empty: the translations go here)")
    site_name = load_base_config(base).get("site_name", "")
    named, stemmer = search_language(code)
    topic_name = topic.name(load_base_config(base).get("extra"))
    create(
        root / f"mkdocs.{code}.yml",
        language_config_text(code, site_name, search_lang=stemmer and not named, topic_name=topic_name),
    )
    base.write_text(new_base, encoding="utf-8")
    done.append(f"mkdocs.yml: {name} ({code}, {locale}) added to extra.alternate (the language switcher)")
    po = po_path(code)
    if po.is_file():
        kept.append(po.relative_to(root).as_posix())
    else:
        catalogs.init(code)
        done.append(f"{po.relative_to(root).as_posix()} (interface strings to translate)")
    create(root / "glossary" / f"{code}.yml", glossary_header(code, name))
    english_list = root / "scripts" / "wordlists" / "forbidden.en.txt"
    create(
        root / "scripts" / "wordlists" / f"forbidden.{code}.txt",
        word_list_header(code, name, english_list.read_text(encoding="utf-8") if english_list.is_file() else ""),
    )
    owners = root / ".github" / "CODEOWNERS"
    if owners.is_file() and f"/docs/{code}/" not in owners.read_text(encoding="utf-8"):
        with owners.open("a", encoding="utf-8") as fh:
            fh.write(
                f"/docs/{code}/          @your-clinic/clinical-reviewers @your-clinic/translators-{code}\n"
                f"/glossary/{code}.yml    @your-clinic/clinical-reviewers @your-clinic/translators-{code}\n"
                f"/translations/{code}/   @your-clinic/translators-{code}\n"
            )
        done.append(f".github/CODEOWNERS: reviewers for docs/{code}/ (set the real team names)")

    print(f"New language: {name} ({code}, locale {locale}).\nCreated or changed:")
    for item in done:
        print(f"  + {item}")
    for item in kept:
        print(f"  = {item} (already there, left as it was)")
    try:
        import importlib.util

        spec = importlib.util.find_spec("material")
        languages_dir = Path(cast(str, spec.origin)).parent / "templates" / "partials" / "languages" if spec else None
        if languages_dir and not (languages_dir / f"{code}.html").is_file():
            print(
                f"  ! Material has no interface translation for '{code}': set theme.language in "
                f"mkdocs.{code}.yml to the closest language it has"
            )
    except (ImportError, ValueError):
        pass

    if not stemmer:
        print(f"  ! lunr has no stemmer for '{code}': search finds whole words only (say so in README)")
    pages = english_pages(root)
    print(f"\nTo do before the site builds with {name} (it fails until every page is translated):")
    print(
        f"  1. Translate every English page into docs/{code}/ (same file names), and after each one run\n"
        f"     `python -m scripts.site translations mark {code} PAGE`. Pages ({len(pages)}):"
    )
    for page in pages:
        print(f"       docs/{SOURCE_LANGUAGE}/{page}  →  docs/{code}/{page}")
    print(
        f"  2. Translate the interface strings: every msgstr in {po.relative_to(root).as_posix()}, then "
        f"`python -m scripts.site catalogs check {code}`."
    )
    print(f"  3. Translate the glossary into glossary/{code}.yml (from glossary/en.yml).")
    print(f"  4. Translate site_name and extra.topic.name in mkdocs.{code}.yml.")
    print(f"  5. Translate the forbidden-wording list scripts/wordlists/forbidden.{code}.txt.")
    if readability is None:
        print(
            f"     Choose the readability formula: add readability: {{formula: …, name: …, target: …, limit: …}} "
            f"to the '{code}' entry of extra.alternate in mkdocs.yml (the content standards give the targets; "
            f"see scripts/rules/readability.py)."
        )
    print(
        f"  6. Write the words patients type for what the pages say into glossary/search-words.{code}.yml "
        f"(see glossary/search-words.en.yml), and at least 20 patient queries with the pages that answer them "
        f"into tests/search-queries/{code}.yml: `make test` needs them."
    )
    print("  7. Set the translators' team in .github/CODEOWNERS.")
    print(
        f"\nFollow the progress with `python -m scripts.site translations status {code}`; preview with "
        f"`make serve lang={code}`; check with `make check`."
    )
    return 0


def add_commands(commands) -> None:
    p = commands.add_parser(
        "new-page", help="start a new English page and add it to the navigation", description=new_page.__doc__
    )
    p.add_argument("slug", help="file name without .md: lower-case words joined by hyphens")
    p.add_argument("title", help="the page's title, in quotes")
    p.set_defaults(handler=run)
    p = commands.add_parser(
        "new-language",
        help="add a language: folder, configuration, catalog, to-do list",
        description=new_language.__doc__,
    )
    p.add_argument("code", help="ISO 639-1 language code, e.g. de")
    p.add_argument("name", nargs="?", help="the language's name in that language, e.g. Deutsch")
    p.add_argument("locale", nargs="?", help="Babel locale for dates and numbers, e.g. de_DE")
    p.add_argument(
        "--readability", metavar="FORMULA", help="the textstat formula of the content standards, e.g. szigriszt_pazos"
    )
    p.add_argument("--readability-name", metavar="NAME", help="its name in the readability table, e.g. Szigriszt-Pazos")
    p.add_argument("--target", type=float, help="the content standards' target score")
    p.add_argument("--limit", type=float, help="the content standards' 'never worse than' score")
    p.set_defaults(handler=run)


def run(args) -> int:
    if args.command == "new-page":
        return new_page(args.slug, args.title)
    try:
        readability = readability_setting(args.readability, args.readability_name, args.target, args.limit)
    except ScaffoldError as exc:
        print(f"error: {exc}")
        return 1
    return new_language(args.code, args.name, args.locale, readability=readability)


def main(argv: list[str] | None = None) -> int:
    """`python -m scripts.cli.scaffold new-page …` / `new-language …`: the same commands without scripts/cli/site.py."""
    parser = argparse.ArgumentParser(prog="python -m scripts.cli.scaffold")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
