"""A version per page and per printed leaflet, and what a printout of an earlier one missed.

A page's version is a short digest of what it tells a patient and who answers for it: its words (title,
description, body, as scripts/rules/translation_status.py source_version reads them) and its sign-off data
(scripts/rules/signoff.py). The leaflet's is a digest of its pages' versions, in its reading order. Printed pages
and the leaflet carry their version in their QR code (`…/a-page/?v=3f9c2a1b`); the page that address opens
tells the reader whether the paper is current (overrides/assets/javascripts/printout-notice.js).

Which versions were published, and when, is kept in the repository (data/page-versions.yml), appended by
`python -m scripts.site versions record` when a clinic publishes: each page version with a digest per section,
so that the notice can name the sections that changed since a printout, by their heading.

Everything here but `read_record`/`write_record` is pure: text and data in, data out.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from scripts.config.editor_files import EditorFileError, parse_yaml, problems_of, read_text
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.renderers import leaflet
from scripts.rules import page_roles, signoff
from scripts.rules.content_rules import load_yaml, split_front_matter

VERSION_LENGTH = 8  # hex digits: short in a QR code, and no two versions of one page alike in practice
VERSION_RE = re.compile(rf"[0-9a-f]{{{VERSION_LENGTH}}}")
QUERY = "v"  # the address's parameter: …/a-page/?v=3f9c2a1b
RECORD_PATH = ROOT / "data" / "page-versions.yml"
RECORD_COMMAND = "python -m scripts.site versions record"


def digest(*parts: str) -> str:
    """A short, stable digest of some texts (separated, so that ("ab", "c") and ("a", "bc") differ)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def is_version(value: object) -> bool:
    return isinstance(value, str) and VERSION_RE.fullmatch(value) is not None


@dataclasses.dataclass(frozen=True)
class Section:
    heading: str  # as the reader sees it (markup taken out), in the page's language
    digest: str


@dataclasses.dataclass(frozen=True)
class PageVersion:
    page: str  # the page's file in docs/<lang>/
    title: str
    version: str  # of words and sign-off together: what the QR code carries
    words: str  # of the words alone
    signoff: str  # of the sign-off data alone
    sections: tuple[Section, ...]


def _meta(yaml_text: str | None) -> dict:
    return dict(_parsed_meta(yaml_text))


# A page's front matter depends on its text alone: `make serve` works out every page's version on every save.
@functools.lru_cache(maxsize=8192)
def _parsed_meta(yaml_text: str | None) -> dict:
    try:
        meta = (load_yaml(yaml_text) if yaml_text else None) or {}
    except yaml.YAMLError:
        return {}  # the front-matter rule reports it
    return meta if isinstance(meta, dict) else {}


HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
ATTR_LIST_RE = re.compile(r"\s*\{[^{}]*\}\s*$")
LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
TAG_RE = re.compile(r"<[^>]*>")
EMPHASIS_RE = re.compile(r"[*_`]+")
# Direction marks and joiners, allowed in right-to-left pages, are refused in data/*.yml (the invisible-characters
# rule), where a heading is recorded: a heading is named without them.
INVISIBLE_IN_DATA = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u200c\u200d"))


def heading_text(markdown: str) -> str:
    """A heading's words as a reader sees them: `## What *to* do { #do }` → What to do."""
    text = ATTR_LIST_RE.sub("", markdown)
    text = LINK_RE.sub(r"\1", text)
    text = TAG_RE.sub("", text)
    text = EMPHASIS_RE.sub("", text).translate(INVISIBLE_IN_DATA)
    return " ".join(text.split())


def sections(title: str, description: str, body: str) -> tuple[Section, ...]:
    """The page cut at its headings (below the title), each with a digest of its text.

    The first section, named by the page's title, holds the title, the description and what comes before
    the first heading below the page's own `# title`. A heading inside a fenced code block is text.
    """
    found: list[tuple[str, list[str]]] = [(title, [])]
    fence: str | None = None
    for line in body.strip().split("\n"):
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        else:
            match = HEADING_RE.match(line)
            if match and len(match.group(1)) > 1:
                found.append((heading_text(match.group(2)), []))
                continue
        found[-1][1].append(line.rstrip())
    # Blank lines at a section's ends are not its words (a section that becomes the last loses them).
    texts = [(heading, "\n".join(lines).strip()) for heading, lines in found]
    texts[0] = (title, "\n".join([title, description, texts[0][1]]))
    return tuple(Section(heading, digest(text)) for heading, text in texts)


def signoff_data(page_signoff) -> str:
    """The sign-off that applies to a page (scripts/rules/signoff.py PageSignoff), as stable text."""
    return json.dumps(dataclasses.asdict(page_signoff), default=str, sort_keys=True, ensure_ascii=False)


def page_version(page: str, text: str, page_signoff) -> PageVersion:
    """The version of one page from its source text and the sign-off that applies to it."""
    signed_data = signoff_data(page_signoff)
    # Of these three texts alone (a PageVersion is frozen): the preview finds most pages unchanged on a save.
    key = (page, hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), signed_data)
    if key not in _kept_versions:
        if len(_kept_versions) >= KEPT_VERSIONS:
            _kept_versions.clear()
        _kept_versions[key] = _page_version(page, text, signed_data)
    return _kept_versions[key]


_kept_versions: dict[tuple[str, bytes, str], PageVersion] = {}
KEPT_VERSIONS = 8192


def _page_version(page: str, text: str, page_signoff_data: str) -> PageVersion:
    yaml_text, body, _ = split_front_matter(text)
    meta = _meta(yaml_text)
    title, description = str(meta.get("title", "")), str(meta.get("description", ""))
    words = digest(title, description, body.strip())
    signed = digest(page_signoff_data)
    return PageVersion(
        page=page,
        title=title or page,
        version=digest(words, signed),
        words=words,
        signoff=signed,
        sections=sections(title or page, description, body),
    )


def front_matter(text: str) -> dict:
    return _meta(split_front_matter(text)[0])


def language_versions(extra: Mapping, lang: str, texts: Mapping[str, str], *, source_language: str) -> dict:
    """Each page's version ({file: PageVersion}, in the order of `texts`: file → source text), with the
    sign-off that mkdocs.yml `extra` and the page's front matter give it (scripts/rules/signoff.py)."""
    settings = signoff.settings(extra)
    return {
        page: page_version(
            page, text, signoff.resolve(settings, lang, front_matter(text), translated=lang != source_language)
        )
        for page, text in texts.items()
    }


def leaflet_version(pages: Iterable[PageVersion]) -> str:
    """The leaflet's version: its pages, in its order, each at its version."""
    return digest(*(f"{page.page}={page.version}" for page in pages))


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def leaflet_published(
    version: str, recorded: Sequence[Mapping], changed: Sequence[dt.date | None], today: dt.date
) -> dt.date:
    """The date a leaflet of `version` is published on, as its cover and its PDF give it: a date of what it says,
    not of the build, so that a commit that changes none of it changes none of the leaflet's bytes.

    `recorded`: the language's leaflet entries of data/page-versions.yml; `changed`: when each file its version
    is made of (its pages' sources, the sign-off settings) last changed in git, None for one git has no date
    of. The date recorded for this version when there is one; else the newest of those changes, when git knows
    them all; else (outside git, or a file not committed yet) `today`, the build's date. Never another date."""
    for entry in recorded:
        if entry.get("version") == version:
            day = _day(entry.get("published"))
            if day is not None:
                return day
    known = [day for day in changed if day is not None]
    return max(known) if known and len(known) == len(changed) else today


# --- The record of published versions (data/page-versions.yml) -------------------------------------------


RECORD_HEADER = """\
# The versions of every page and printed leaflet that were published, per language, and when: appended by
# `python -m scripts.site versions record` when the clinic publishes; never edit it. A printout's QR code
# carries its version (…/a-page/?v=3f9c2a1b): the page it opens tells the reader whether the printout is
# current, and if not since when and which sections changed (scripts/rules/page_versions.py).
"""


def _record_page(version: PageVersion, published: str) -> dict:
    return {
        "version": version.version,
        "published": published,
        "words": version.words,
        "signoff": version.signoff,
        "sections": [{"heading": s.heading, "digest": s.digest} for s in version.sections],
    }


def record_problems(record: object, rel: str = "data/page-versions.yml") -> list[Problem]:
    """What is wrong with the record's shape (one problem each); an empty record is fine."""
    fix = f"restore the file from git and run `{RECORD_COMMAND}` again"
    if record is None:
        return []
    if not isinstance(record, dict):
        return [Problem(rel, 1, "expected languages (en:, fr:, …) at the top", fix)]
    problems: list[Problem] = []

    def entries(value, where: str, fields: tuple[str, ...]) -> None:
        if not isinstance(value, list):
            problems.append(Problem(rel, 1, f"{where}: expected a list of versions", fix))
            return
        for index, entry in enumerate(value):
            if not isinstance(entry, dict) or not is_version(entry.get("version")):
                problems.append(Problem(rel, 1, f"{where}[{index}]: no version of {VERSION_LENGTH} hex digits", fix))
            elif not isinstance(entry.get("published"), (str, dt.date)) or any(f not in entry for f in fields):
                problems.append(Problem(rel, 1, f"{where}[{index}]: expected {', '.join(fields)}", fix))

    for lang, data in record.items():
        if not isinstance(data, dict):
            problems.append(Problem(rel, 1, f"{lang}: expected pages: and leaflet:", fix))
            continue
        for page, versions in (data.get("pages") or {}).items():
            entries(versions, f"{lang}.pages.{page}", ("published", "words", "signoff", "sections"))
        entries(data.get("leaflet") or [], f"{lang}.leaflet", ("published", "pages"))
    return problems


def updated_record(
    record: Mapping | None,
    lang: str,
    pages: Sequence[PageVersion],
    leaflet_pages: Sequence[PageVersion],
    published: str,
) -> tuple[dict, list[str]]:
    """The record with this language's current versions added where they are new, and what was added."""
    out = json.loads(json.dumps(record or {}, default=str))  # a deep copy, dates as text
    language = out.setdefault(lang, {})
    known_pages = language.setdefault("pages", {})
    added: list[str] = []
    for page in pages:
        versions = known_pages.setdefault(page.page, [])
        if all(entry.get("version") != page.version for entry in versions):
            versions.append(_record_page(page, published))
            added.append(f"{lang} {page.page} {page.version}")
    leaflets = language.setdefault("leaflet", [])
    version = leaflet_version(leaflet_pages)
    if leaflet_pages and all(entry.get("version") != version for entry in leaflets):
        leaflets.append(
            {"version": version, "published": published, "pages": {p.page: p.version for p in leaflet_pages}}
        )
        added.append(f"{lang} leaflet {version}")
    return out, added


def dump_record(record: Mapping) -> str:
    return RECORD_HEADER + yaml.safe_dump(dict(record), allow_unicode=True, sort_keys=True, width=1000)


def read_record(path: Path = RECORD_PATH, root: Path = ROOT) -> dict:
    """The record (empty when there is none yet); EditorFileError when it cannot be read or is malformed.

    A build reads it twice (its rule, then the versions) and the preview on every save: parsed once per text
    of the file, each caller given its own copy."""
    if not path.is_file():
        return {}
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data, problems = _parsed_record(read_text(path, root, fix_missing="", allow_empty=True), rel)
    if problems:
        error = EditorFileError(problems[0])
        error.problems = problems  # type: ignore[attr-defined]  # all at once (editor_files.problems_of)
        raise error
    return copy.deepcopy(data) or {}


# Parsed once per text: the preview reads the record on every save, and it changes only when recorded.
@functools.lru_cache(maxsize=4)
def _parsed_record(text: str, rel: str) -> tuple[Any, list[Problem]]:
    try:
        data = parse_yaml(text, rel)
    except EditorFileError as exc:
        return None, problems_of(exc)
    return data, record_problems(data, rel)


# --- What the notice says (built into a small file per language, read by printout-notice.js) --------------


def changed_sections(old: Sequence[Mapping], current: Sequence[Section]) -> list[str]:
    """Headings of the sections that differ between a recorded version and now: changed or new (current
    heading), then gone (its old heading). A heading that occurs twice is matched by its occurrence."""

    def keyed(items: Iterable[tuple[str, str]]) -> dict[tuple[str, int], str]:
        seen: dict[str, int] = {}
        out: dict[tuple[str, int], str] = {}
        for heading, value in items:
            seen[heading] = seen.get(heading, 0) + 1
            out[(heading, seen[heading])] = value
        return out

    before = keyed((str(s.get("heading", "")), str(s.get("digest", ""))) for s in old)
    now = keyed((s.heading, s.digest) for s in current)
    changed = [key[0] for key, value in now.items() if before.get(key) != value]
    gone = [key[0] for key in before if key not in now]
    return list(dict.fromkeys(changed + gone))


def _since(entries: Sequence[Mapping], version: str, today: str) -> str | None:
    """When the printout of `version` stopped being current: the next recorded version's date, or today's
    build when `version` is the last one recorded. None: `version` is not recorded."""
    for index, entry in enumerate(entries):
        if entry.get("version") == version:
            later = entries[index + 1 :]
            return str(later[0].get("published")) if later else today
    return None


@dataclasses.dataclass(frozen=True)
class Words:
    """The catalog and the language's formatting, for the notice's sentences."""

    gettext: Callable[[str], str]
    format_date: Callable[[dt.date], str]
    format_list: Callable[[list[str]], str]

    def date(self, iso: str) -> str:
        try:
            return self.format_date(dt.date.fromisoformat(iso))
        except ValueError:
            return iso


def _page_changes(words: Words, entry: Mapping, current: PageVersion) -> str:
    """One sentence: which sections of a page changed since a recorded version of it."""
    _ = words.gettext
    if entry.get("words") == current.words:
        return _("The advice has not changed: only the details of its review have.")
    headings = changed_sections(entry.get("sections") or [], current.sections)
    if not headings:
        return _("The page has changed.")
    return _("Parts that changed: %(sections)s.") % {"sections": words.format_list(headings)}


def notice_data(
    pages: Sequence[PageVersion],
    leaflet_pages: Sequence[PageVersion],
    record: Mapping | None,
    *,
    today: str,
    urls: Mapping[str, str],
    words: Words,
) -> dict:
    """What printout-notice.js needs for one language: every page's current version, the recorded earlier
    ones with the notice's sentences made here (dates, lists, headings in the language), and the leaflet's.
    No text from a reader's address ever goes into it: the script only looks a version up."""
    _ = words.gettext
    record = record or {}
    recorded_pages = record.get("pages") or {}
    read_again = _("Read the page below, or print it again.")
    out_pages: dict[str, dict] = {}
    for page in pages:
        entries = recorded_pages.get(page.page) or []
        old: dict[str, dict] = {}
        for entry in entries:
            version = entry.get("version")
            if version == page.version or not is_version(version):
                continue
            since = _since(entries, version, today) or today
            old[version] = {
                "lines": [
                    _("This page has changed since %(date)s.") % {"date": words.date(since)},
                    _page_changes(words, entry, page),
                    read_again,
                ],
            }
        out_pages[page.page] = {"current": page.version, "old": old}
    by_name = {page.page: page for page in pages}
    leaflets = record.get("leaflet") or []
    current_leaflet = leaflet_version(leaflet_pages) if leaflet_pages else ""
    old_leaflets: dict[str, dict] = {}
    for entry in leaflets:
        version = entry.get("version")
        if version == current_leaflet or not is_version(version):
            continue
        since = _since(leaflets, version, today) or today
        then = entry.get("pages") or {}
        changed = []
        for page in leaflet_pages:
            was = then.get(page.page)
            if was == page.version:
                continue
            if was is None:
                what = _("A new page.")
            else:
                earlier = next((e for e in recorded_pages.get(page.page) or [] if e.get("version") == was), None)
                what = _page_changes(words, earlier, by_name[page.page]) if earlier else _("The page has changed.")
            changed.append({"title": page.title, "href": urls.get(page.page, ""), "what": what})
        old_leaflets[version] = {
            "lines": [
                _("This leaflet has changed since %(date)s.") % {"date": words.date(since)},
                _("Read the pages that changed, or print the leaflet again:"),
            ],
            "pages": changed,
        }
    return {
        "current": {
            "title": _("Your printout is up to date"),
            "lines": [_("This page says the same as your printed copy.")],
        },
        "outdated": {"title": _("Your printout is out of date")},
        "leaflet_current": {
            "title": _("Your printed leaflet is up to date"),
            "lines": [_("The pages online say the same as your printed leaflet.")],
        },
        "leaflet_outdated": {"title": _("Your printed leaflet is out of date")},
        "pages": out_pages,
        "leaflet": {"current": current_leaflet, "old": old_leaflets},
    }


def notice_script(data: Mapping) -> str:
    """The notice's data as a static script (a page opened from file:// may not fetch a JSON file, but may
    load a script of its own site): it sets one global, read by printout-notice.js."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # A script file, never HTML; still, no "</" that could end a block were it ever inlined.
    return "self.pagePrintoutVersions=" + text.replace("</", "<\\/") + ";\n"


def notice_file(script: str) -> str:
    """The data file's name in the language's site: named by its content, so a cache never serves an old one."""
    return f"assets/page-versions.{hashlib.sha256(script.encode('utf-8')).hexdigest()[:10]}.js"


def versioned_address(address: str, version: str) -> str:
    """The page's published address with its version: what the printed QR codes open."""
    return f"{address}?{QUERY}={version}" if version else address


# --- `python -m scripts.site versions record` --------------------------------------------------------------


def nav_pages(nav: object) -> list[str]:
    """The page files of mkdocs.yml `nav` in its order (entries may be `file.md` or `{Title: file.md}`)."""
    found: list[str] = []
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += nav_pages(value)
        elif isinstance(item, list):
            found += nav_pages(item)
    return [page for page in found if page.endswith(".md") and "://" not in page]


def current_versions(config: Mapping, lang: str, root: Path = ROOT, *, source_language: str):
    """(every page's version, the leaflet's pages) of one language as its build computes them."""
    extra = config.get("extra") or {}
    names = nav_pages(config.get("nav") or [])
    texts = {}
    for name in names:
        path = root / "docs" / lang / name
        texts[name] = read_text(path, root, fix_missing=f"translate docs/{source_language}/{name}")
    pages = language_versions(extra, lang, texts, source_language=source_language)
    settings, _ = leaflet.read_settings(extra)
    # The leaflet's pages as its build chooses them: the menu less the pages whose role keeps them out.
    roles = page_roles.role_pages((name, front_matter(texts[name])) for name in names)
    order, _ = leaflet.reading_order(names, settings, roles)
    return pages, [pages[name] for name in order]


def record(config: Mapping, langs: Sequence[str], published: str, root: Path = ROOT, *, source_language: str):
    """Add every language's current page and leaflet versions to the record; (the new record, what was added)."""
    path = root / "data" / "page-versions.yml"
    data = read_record(path, root)
    added: list[str] = []
    for lang in langs:
        pages, leaflet_pages = current_versions(config, lang, root, source_language=source_language)
        data, new = updated_record(data, lang, list(pages.values()), leaflet_pages, published)
        added += new
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record(data), encoding="utf-8")
    return data, added


# --- Rules (scripts/rules/registry.py registers them) ----------------------------------------------------------------


def record_file_problems(root: Path = ROOT) -> list[Problem]:
    """data/page-versions.yml cannot be read, or is not what `versions record` writes."""
    try:
        read_record(root / "data" / "page-versions.yml", root)
    except EditorFileError as exc:
        return problems_of(exc)
    return []


def unrecorded_problems(config: Mapping, langs: Sequence[str], root: Path = ROOT, *, source_language: str):
    """One problem per language whose current page or leaflet versions the record lacks: a printout of them
    could not tell its reader, later, what changed since."""
    path = root / "data" / "page-versions.yml"
    try:
        data = read_record(path, root)
    except EditorFileError:
        return []  # record_file_problems says why
    problems: list[Problem] = []
    for lang in langs:
        try:
            pages, leaflet_pages = current_versions(config, lang, root, source_language=source_language)
        except EditorFileError:
            continue  # a page that cannot be read: the page rules report it
        _, added = updated_record(data, lang, list(pages.values()), leaflet_pages, "")
        if added:
            names = [item.split(" ", 2)[1] for item in added]
            shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            problems.append(
                Problem(
                    "data/page-versions.yml",
                    1,
                    f"{lang}: the current versions of {shown} are not recorded, so a printout of them could not "
                    f"tell its reader later what changed",
                    f"run `{RECORD_COMMAND}` when you publish, and commit data/page-versions.yml",
                )
            )
    return problems
