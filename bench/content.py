"""The three projects the build benchmark compares, at a given size.

From the project's own Markdown (docs/<lang>/), at `scale` times the shipped
content (page.md plus synthetic copies page-2.md … page-<scale>.md with the same
text, each copy in the nav of every builder):

- `make_project`: a copy of this project under bench/work/ (what
  tests/conftest.copy_project copies), built with its own command;
- `make_plain`: one plain Material project per language (theme material and
  its language, the same Markdown extensions, every other setting left at its
  default), built with one `mkdocs build` per language, in turn;
- `make_i18n`: one mkdocs-static-i18n project (folder structure docs/<lang>/),
  one `mkdocs build` that re-runs itself per language.

The comparison builds have neither this project's macros nor its hooks, so
their Markdown is preprocessed into plain Markdown (`plain_markdown`): macro
tags are removed, the text passed to a macro stays as paragraphs, the glossary
macro becomes a definition list and every page gets the glossary abbreviations
that the hooks append. All three builds render the same words.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from scripts.paths import PROJECT_FILES
from scripts.translation_status import source_version

SOURCE_LANGUAGE = "en"


def load_yaml(path: Path) -> dict:
    """One mkdocs*.yml file as written (its INHERIT not merged), through MkDocs' own YAML loader (!ENV…)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader()) or {}


@dataclasses.dataclass
class Language:
    code: str
    name: str
    site_name: str


@dataclasses.dataclass
class Source:
    """What the benchmark reads from the project."""

    root: Path
    base: dict
    languages: list[Language]
    nav: list
    pages: list[str]  # English pages (relative to docs/en), the reference set
    stand_ins: dict[str, list[str]]  # language → pages not translated yet (English text used)

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]


def read_source(root: Path) -> Source:
    base = load_yaml(root / "mkdocs.yml")
    langs = []
    for alt in (base.get("extra") or {}).get("alternate") or []:
        child = root / f"mkdocs.{alt['lang']}.yml"
        site_name = (load_yaml(child).get("site_name") if child.is_file() else None) or base.get("site_name", "")
        langs.append(Language(alt["lang"], alt.get("name") or alt["lang"], site_name))
    english = root / "docs" / SOURCE_LANGUAGE
    pages = sorted(p.relative_to(english).as_posix() for p in english.rglob("*.md"))
    stand_ins = {
        lang.code: [p for p in pages if not (root / "docs" / lang.code / p).is_file()]
        for lang in langs
        if lang.code != SOURCE_LANGUAGE
    }
    return Source(root, base, langs, base.get("nav") or pages, pages, {k: v for k, v in stand_ins.items() if v})


# ---------------------------------------------------------------------------- copies and nav


def nav_pages(nav) -> list[str]:
    """The Markdown files of a nav, in nav order."""
    found = []
    for item in nav or []:
        values = [item] if isinstance(item, str) else list(item.values()) if isinstance(item, dict) else []
        for value in values:
            if isinstance(value, str) and value.endswith(".md"):
                found.append(value)
            elif isinstance(value, list):
                found += nav_pages(value)
    return found


def page_url(page: str) -> str:
    """A page's URL path with use_directory_urls: index.md → '', about.md → 'about/', a/index.md → 'a/'."""
    stem = page[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def copy_name(page: str, n: int) -> str:
    """aftercare.md → aftercare-2.md (copy number n ≥ 2)."""
    stem, dot, ext = page.rpartition(".")
    return f"{stem}-{n}.{ext}"


def _map_nav(nav, n: int):
    out: list[str | dict] = []
    for item in nav:
        if isinstance(item, str):
            out.append(copy_name(item, n) if item.endswith(".md") else item)
        elif isinstance(item, dict):
            out.append(
                {
                    title: (
                        copy_name(value, n)
                        if isinstance(value, str) and value.endswith(".md")
                        else _map_nav(value, n)
                        if isinstance(value, list)
                        else value
                    )
                    for title, value in item.items()
                }
            )
    return out


def scaled_nav(nav: list, scale: int) -> list:
    """The shipped nav, then one section per set of copies: 'Copy 2', … 'Copy <scale>'."""
    return list(nav) + [{f"Copy {n}": _map_nav(nav, n)} for n in range(2, scale + 1)]


def write_copies(docs_dir: Path, pages: list[str], scale: int) -> None:
    for page in pages:
        text = (docs_dir / page).read_text(encoding="utf-8")
        for n in range(2, scale + 1):
            (docs_dir / copy_name(page, n)).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------- this project


def make_project(source: Source, dest: Path, scale: int) -> Path:
    """A copy of the project whose every language has `scale` × the pages, all in the nav."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        src = source.root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    for config in source.root.glob("mkdocs.*.yml"):
        shutil.copy2(config, dest / config.name)
    if (source.root / "node_modules").is_dir():  # PurgeCSS, used by the build (scripts/purge-css.mjs)
        (dest / "node_modules").symlink_to(source.root / "node_modules", target_is_directory=True)
    english = dest / "docs" / SOURCE_LANGUAGE
    for lang in source.codes:
        docs = dest / "docs" / lang
        docs.mkdir(parents=True, exist_ok=True)
        if lang != SOURCE_LANGUAGE:
            if not (dest / "glossary" / f"{lang}.yml").is_file():
                shutil.copy2(dest / "glossary" / f"{SOURCE_LANGUAGE}.yml", dest / "glossary" / f"{lang}.yml")
            for page in source.pages:
                target = docs / page
                if not target.is_file():  # not translated yet: the English text stands in
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(english / page, target)
                # Mark every page as a translation of the current English text: the copy has
                # no git history, and an out-of-date mark would fail the build there.
                version = source_version((english / page).read_text(encoding="utf-8"))
                text = target.read_text(encoding="utf-8")
                head, sep, body = text.partition("\n---\n")
                if re.search(r"^translation_of:", head, re.M):
                    head = re.sub(r"^translation_of:.*$", f"translation_of: {version}", head, flags=re.M)
                else:
                    head = head.replace("---\n", f"---\ntranslation_of: {version}\n", 1)
                target.write_text(head + sep + body, encoding="utf-8")
        write_copies(docs, source.pages, scale)
        if scale > 1:
            _set_nav(dest / f"mkdocs.{lang}.yml", scaled_nav(_effective_nav(source, lang), scale))
    if scale > 1:
        _leaflet_without_copies(dest / "mkdocs.yml", source, scale)
    return dest


LEAVE_OUT_RE = re.compile(r"^(?P<indent>\s+)leave_out:.*$", re.M)


def _leaflet_without_copies(config: Path, source: Source, scale: int) -> None:
    """The printed leaflet stays the shipped one: the synthetic copies are left out of it (a leaflet of every
    copy would pass its page budget, and no clinic prints ten copies of its pages)."""
    leaflet = (source.base.get("extra") or {}).get("leaflet") or {}
    left_out = list(leaflet.get("leave_out") or []) + [
        copy_name(page, n) for page in source.pages for n in range(2, scale + 1)
    ]
    text = config.read_text(encoding="utf-8")
    match = LEAVE_OUT_RE.search(text)
    if match is None:
        raise SystemExit(f"✗ {config}: no extra.leaflet.leave_out line for the benchmark to extend")
    line = f"{match['indent']}leave_out: {yaml.safe_dump(left_out, default_flow_style=True, width=10**9).strip()}"
    config.write_text(text[: match.start()] + line + text[match.end() :], encoding="utf-8")


def _effective_nav(source: Source, lang: str) -> list:
    child = source.root / f"mkdocs.{lang}.yml"
    return (load_yaml(child).get("nav") if child.is_file() else None) or source.nav


def _set_nav(config: Path, nav: list) -> None:
    """Give a child config its own nav (a child's list replaces the parent's)."""
    text = config.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=get_yaml_loader()) or {}
    dumped = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    if "nav" not in data:
        config.write_text(text.rstrip("\n") + "\n" + dumped, encoding="utf-8")
    else:  # small child configs: rewrite it whole
        data["nav"] = nav
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------------------- plain Markdown

MACRO_RE = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#.*?#\}", re.S)
CALL_RE = re.compile(r"\s*([A-Za-z_]\w*)\s*\((.*)\)\s*", re.S)
KEYWORD_STRING_RE = re.compile(r"\b\w+\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)')", re.S)


def _glossary_entries(root: Path, lang: str) -> list[dict]:
    path = root / "glossary" / f"{lang}.yml"
    if not path.is_file():
        path = root / "glossary" / f"{SOURCE_LANGUAGE}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [item for item in data if isinstance(item, dict) and item.get("term") and item.get("definition")]


def _forms(item: dict) -> list[str]:
    forms = []
    for form in [item["term"], *(item.get("also") or [])]:
        for variant in (form, form[:1].upper() + form[1:]):
            if variant not in forms:
                forms.append(variant)
    return forms


def plain_markdown(text: str, glossary: list[dict]) -> str:
    """This project's Markdown without macros or hooks, rendering the same words."""

    def replace(match: re.Match) -> str:
        expression = match.group(1)
        if expression is None:  # {% … %} or {# … #}: the tag goes, what it wraps stays
            return "\n\n<!-- -->\n\n"  # (and two lists it wrapped stay two lists)
        call = CALL_RE.fullmatch(expression)
        if call and call.group(1) == "glossary":
            return "\n".join(f"{item['term']}\n:   {' '.join(item['definition'].split())}\n" for item in glossary)
        if not call:
            return ""
        texts = [a if a is not None else b for a, b in KEYWORD_STRING_RE.findall(call.group(2))]
        return "\n\n".join(texts)

    body = MACRO_RE.sub(replace, text)
    abbreviations = "\n".join(
        f"*[{form}]: {' '.join(item['definition'].split())}" for item in glossary for form in _forms(item)
    )
    return body.rstrip("\n") + "\n\n" + abbreviations + "\n" if abbreviations else body


def _write_plain_docs(source: Source, lang: str, docs: Path, scale: int) -> None:
    glossary = _glossary_entries(source.root, lang)
    for page in source.pages:
        src = source.root / "docs" / lang / page
        if not src.is_file():
            src = source.root / "docs" / SOURCE_LANGUAGE / page
        target = docs / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(src.read_text(encoding="utf-8"), glossary), encoding="utf-8")
    write_copies(docs, source.pages, scale)


def _markdown_extensions(source: Source) -> list:
    """The project's Markdown extensions as a list (a map of extension → options in mkdocs.yml)."""
    extensions = source.base.get("markdown_extensions") or []
    if isinstance(extensions, dict):
        return [name if not options else {name: options} for name, options in extensions.items()]
    return list(extensions)


# ---------------------------------------------------------------------------- plain Material


def make_plain(source: Source, dest: Path, scale: int) -> Path:
    """dest/<lang>/mkdocs.yml + docs/, building into dest/site/<lang>/."""
    if dest.exists():
        shutil.rmtree(dest)
    for lang in source.languages:
        project = dest / lang.code
        _write_plain_docs(source, lang.code, project / "docs", scale)
        config = {
            "site_name": lang.site_name,
            "site_dir": f"../site/{lang.code}",
            "theme": {"name": "material", "language": lang.code},
            "nav": scaled_nav(_effective_nav(source, lang.code), scale),
            "markdown_extensions": _markdown_extensions(source),
        }
        (project / "mkdocs.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return dest


# ---------------------------------------------------------------------------- mkdocs-static-i18n


def make_i18n(source: Source, dest: Path, scale: int) -> Path:
    """dest/mkdocs.yml (all languages built) and dest/mkdocs.<default>-only.yml (the others off)."""
    if dest.exists():
        shutil.rmtree(dest)
    for lang in source.languages:
        _write_plain_docs(source, lang.code, dest / "docs" / lang.code, scale)
    default = source.languages[0].code

    def config(only_default: bool) -> dict:
        return {
            "site_name": source.languages[0].site_name,
            "site_dir": "site",
            "theme": {"name": "material", "language": default},
            "nav": scaled_nav(source.nav, scale),
            "markdown_extensions": _markdown_extensions(source),
            "plugins": [
                "search",
                {
                    "i18n": {
                        "docs_structure": "folder",
                        "languages": [
                            {
                                "locale": lang.code,
                                "name": lang.name,
                                "default": lang.code == default,
                                "build": lang.code == default or not only_default,
                                **({} if lang.code == default else {"site_name": lang.site_name}),
                            }
                            for lang in source.languages
                        ],
                    }
                },
            ],
        }

    (dest / "mkdocs.yml").write_text(
        yaml.safe_dump(config(False), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (dest / f"mkdocs.{default}-only.yml").write_text(
        yaml.safe_dump(config(True), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return dest
