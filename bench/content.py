"""The three projects the build benchmark compares, at a given size.

From the project's own Markdown (docs/<lang>/), at `scale` times the shipped
content (page.md plus synthetic copies page-2.md … page-<scale>.md that differ from
it and from each other, `varied_copy`, each copy in the nav of every builder):

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
import hashlib
import random
import re
import shutil
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from scripts.config.paths import PROJECT_FILES
from scripts.renderers.leaflet import LEAVE_OUT_ROLES
from scripts.rules.page_roles import role_pages
from scripts.rules.page_versions import front_matter
from scripts.rules.translation_status import source_version

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


# ---------------------------------------------------------------------------- copies that differ
#
# Copy n of a page is the page made different, deterministically (the same copy at every run and for every
# builder): its sections in another order, the sentences of each paragraph and the items of each list in
# another order, its headings each given a glossary term of the language, and a section of another page of
# the same language added at the end. So the copies differ from each other in their words, headings,
# headings' ids, glossary terms, macros and elements (what the search index, PurgeCSS's signature of a page
# and the match of each selector see), as real pages do, while every sentence, macro call and link is one
# an editor wrote and the build accepts.

SENTENCE_END_RE = re.compile(r"(?<=[.!?؟。])\s+(?=\S)")
HEADING_RE = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
BLOCK_TAG_RE = re.compile(r"^\s*\{%-?\s*(call|endcall|if|endif|for|endfor)\b")
# A line that is not prose: Markdown structure, HTML, a macro, abbreviations, tables, admonitions.
NOT_PROSE_RE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|<|\||\{|\*\[|!!!|\?\?\?|:|```|~~~|\[\^)")


def _seed(*parts: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[: end + 5], text[end + 5 :]
    return "", text


def _sections(body: str) -> tuple[list[str], list[list[str]]]:
    """The page's lines before its first level-2 heading, and each level-2 section (heading first)."""
    head: list[str] = []
    sections: list[list[str]] = []
    depth = 0  # inside a {% call %} … {% endcall %}: no heading there starts a section
    for line in body.split("\n"):
        tag = BLOCK_TAG_RE.match(line)
        if tag:
            depth += -1 if tag.group(1).startswith("end") else 1
        if depth == 0 and line.startswith("## "):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
        else:
            head.append(line)
    return head, sections


def _paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [block for block in out if block]


def _perturb_block(block: list[str], rng: random.Random) -> list[str]:
    """A paragraph with its sentences in another order; a list (in a macro or not) with its items in
    another order; anything else (macros' own lines, tables, HTML, multi-line macro calls) as it is."""
    if all(not NOT_PROSE_RE.match(line) and "{{" not in line and "{%" not in line for line in block):
        sentences = SENTENCE_END_RE.split(" ".join(line.strip() for line in block))
        if len(sentences) > 1:
            rng.shuffle(sentences)
        return [" ".join(sentences)]
    items = [i for i, line in enumerate(block) if re.match(r"^- \S", line)]
    # only lists whose every item is one line (so moving a line moves a whole item)
    if len(items) > 1 and all(re.match(r"^- \S", block[i]) for i in range(items[0], items[-1] + 1)):
        moved = [block[i] for i in items]
        rng.shuffle(moved)
        return block[: items[0]] + moved + block[items[-1] + 1 :]
    return block


def _perturb_section(lines: list[str], rng: random.Random, terms: list[str]) -> list[str]:
    heading, body = lines[0], lines[1:]
    match = HEADING_RE.match(heading)
    if match and terms:
        heading = f"{match.group(1)} {match.group(2)} ({rng.choice(terms)})"
    blocks = []
    inside: list[str] = []  # the lines of a multi-line {{ … }} call, kept together
    for block in _paragraphs(body):
        if inside or any("{{" in line and "}}" not in line for line in block):
            inside += block
            if any("}}" in line for line in block):
                blocks.append("\n".join(inside))
                inside = []
            continue
        blocks.append("\n".join(_perturb_block(block, rng)))
    if inside:
        blocks.append("\n".join(inside))
    return [heading, "", "\n\n".join(blocks), ""]


def _borrowable(section: list[str]) -> bool:
    """A section that reads the same on another page: no link to a heading of its own page, no footnote,
    no glossary or other whole-page macro, no "next page" link section (each page has one)."""
    text = "\n".join(section)
    return "](#" not in text and "[^" not in text and "glossary(" not in text and "](" not in text


ROLE_RE = re.compile(r"^role:.*\n", re.M)


def varied_copy(text: str, n: int, *, key: str, others: list[str], terms: list[str]) -> str:
    """Copy n of a page (text: its Markdown, front matter included), different from the page and from every
    other copy. key names the page and its language (the seed); others are the language's other pages'
    Markdown (one of their sections is added); terms the language's glossary terms."""
    rng = _seed(key, n)
    front, body = _split_front_matter(text)
    # A role (home, about, glossary…) belongs to one page of a language: the copies play none.
    front = ROLE_RE.sub("", front)
    head, sections = _sections(body)
    if not sections:
        return front + body
    last = sections.pop() if len(sections) > 1 else None  # the closing "next page" section stays last
    rng.shuffle(sections)
    varied = [_perturb_section(section, rng, terms) for section in sections]
    pool = [s for other in others for s in _sections(_split_front_matter(other)[1])[1] if _borrowable(s)]
    if pool:
        varied.append(_perturb_section(pool[(n * 7 + len(key)) % len(pool)], rng, terms))
    if last is not None:
        varied.append(last)
    out = "\n".join(head).rstrip("\n") + "\n\n" + "\n".join(line for section in varied for line in section)
    return front + out.rstrip("\n") + "\n"


def glossary_terms(root: Path, lang: str) -> list[str]:
    return sorted({item["term"] for item in _glossary_entries(root, lang)})


def copy_texts(texts: dict[str, str], scale: int, terms: list[str]) -> dict[str, str]:
    """{copy file name: its Markdown} for every page of `texts` ({page: Markdown}) and copy 2 … scale."""
    out = {}
    for page, text in texts.items():
        others = [other for name, other in sorted(texts.items()) if name != page]
        for n in range(2, scale + 1):
            out[copy_name(page, n)] = varied_copy(text, n, key=page, others=others, terms=terms)
    return out


def write_copies(docs_dir: Path, pages: list[str], scale: int, *, terms: list[str]) -> dict[str, str]:
    texts = {page: (docs_dir / page).read_text(encoding="utf-8") for page in pages}
    copies = copy_texts(texts, scale, terms)
    for name, text in copies.items():
        (docs_dir / name).write_text(text, encoding="utf-8")
    return copies


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
    if (source.root / "node_modules").is_dir():  # PurgeCSS, used by the build (scripts/postprocess/purge-css.mjs)
        (dest / "node_modules").symlink_to(source.root / "node_modules", target_is_directory=True)
    english = dest / "docs" / SOURCE_LANGUAGE
    # The English copies first: each translated copy is marked as a translation of its English copy.
    english_copies = write_copies(english, source.pages, scale, terms=glossary_terms(source.root, SOURCE_LANGUAGE))
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
                target.write_text(_mark_translation(target.read_text(encoding="utf-8"), version), encoding="utf-8")
            for name, text in write_copies(docs, source.pages, scale, terms=glossary_terms(source.root, lang)).items():
                (docs / name).write_text(
                    _mark_translation(text, source_version(english_copies[name])), encoding="utf-8"
                )
        if scale > 1:
            _set_nav(dest / f"mkdocs.{lang}.yml", scaled_nav(_effective_nav(source, lang), scale))
    if scale > 1:
        _leaflet_without_copies(dest / "mkdocs.yml", source, scale)
    return dest


def _mark_translation(text: str, version: str) -> str:
    head, sep, body = text.partition("\n---\n")
    if re.search(r"^translation_of:", head, re.M):
        head = re.sub(r"^translation_of:.*$", f"translation_of: {version}", head, flags=re.M)
    else:
        head = head.replace("---\n", f"---\ntranslation_of: {version}\n", 1)
    return head + sep + body


LEAVE_OUT_RE = re.compile(r"^(?P<indent>\s+)leave_out:.*$", re.M)
LEAFLET_RE = re.compile(r"^(?P<indent>[ \t]*)leaflet:[ \t]*(?:#.*)?$", re.M)


def default_left_out(source: Source) -> list[str]:
    """What the leaflet leaves out when its settings do not say: the pages whose role is not a topic to read
    through (scripts/renderers/leaflet.py LEAVE_OUT_ROLES), by the source language's front matter."""
    docs = source.root / "docs" / SOURCE_LANGUAGE
    metas = [(page, front_matter((docs / page).read_text(encoding="utf-8"))) for page in source.pages]
    roles = role_pages(metas)
    return [roles[role] for role in LEAVE_OUT_ROLES if role in roles]


def _leaflet_without_copies(config: Path, source: Source, scale: int) -> None:
    """The printed leaflet stays the shipped one: the synthetic copies are left out of it (a leaflet of every
    copy would pass its page budget, and no clinic prints ten copies of its pages)."""
    leaflet = (source.base.get("extra") or {}).get("leaflet") or {}
    if leaflet.get("pages"):
        return  # an explicit reading order names no copy
    given = leaflet.get("leave_out")
    left_out = list(default_left_out(source) if given is None else given) + [
        copy_name(page, n) for page in source.pages for n in range(2, scale + 1)
    ]
    text = config.read_text(encoding="utf-8")
    listed = yaml.safe_dump(left_out, default_flow_style=True, width=10**9).strip()
    if match := LEAVE_OUT_RE.search(text):
        line = f"{match['indent']}leave_out: {listed}"
        config.write_text(text[: match.start()] + line + text[match.end() :], encoding="utf-8")
        return
    block = LEAFLET_RE.search(text)
    if block is None:
        raise SystemExit(f"✗ {config}: no extra.leaflet block for the benchmark to add leave_out to")
    # The block's first setting sets the indent of its keys.
    rest = text[block.end() :]
    inner = re.match(r"\n(?P<indent>[ \t]+)\S", rest)
    indent = inner["indent"] if inner else block["indent"] + "  "
    config.write_text(text[: block.end()] + f"\n{indent}leave_out: {listed}" + rest, encoding="utf-8")


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
    """The language's pages and their copies (the same copies as the project's), as plain Markdown."""
    glossary = _glossary_entries(source.root, lang)
    texts = {}
    for page in source.pages:
        src = source.root / "docs" / lang / page
        if not src.is_file():
            src = source.root / "docs" / SOURCE_LANGUAGE / page
        texts[page] = src.read_text(encoding="utf-8")
    for name, text in {**texts, **copy_texts(texts, scale, glossary_terms(source.root, lang))}.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(text, glossary), encoding="utf-8")


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
