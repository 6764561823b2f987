"""What the build may copy and what it may load: only the project's own files, of types the site checks.

Two policies, both pure, both failing closed:

- the content folders (docs/, glossary/, data/, translations/, overrides/) hold no symbolic link: a link
  can leave the project (to /etc/passwd) and MkDocs would copy what it points at into the site. Every
  link is refused, even one to a file inside the project, so nothing has to be resolved to decide;
- a language's pages folder holds only pages and images (an allowlist): an .html or .js file would be
  published as is, unchecked, and a merge's leftover (.orig, .rej) would publish an old text. An SVG is
  read as XML (expat, with entity declarations refused) and refused when it could run a script or load
  anything: <script>, <foreignObject>, on… handlers, references that are not to its own #ids;
- the printed leaflet loads only files of the built site (`fetch_target`): no file elsewhere on the
  machine, nothing from the network (http, https, ftp…); images written inline as data: are fine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname
from xml.parsers import expat

from scripts.config.problems import Problem

CONTENT_FOLDERS = ("docs", "glossary", "data", "translations", "overrides", "brand")
PAGE_TYPES = (".md",)
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg")
PUBLISHED_TYPES = PAGE_TYPES + IMAGE_TYPES
# What editors and merges leave behind: an old or half-merged text of a page.
LEFTOVER_SUFFIXES = (".orig", ".rej", ".bak", ".swp", ".swo", ".tmp", ".old", "~")
CODE_TYPES = (".html", ".htm", ".xhtml", ".js", ".mjs", ".css")

LINK_FIX = (
    "replace the link by a copy of the file (every symbolic link is refused, even one to a file of the "
    "project), or delete it"
)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _walk(folder: Path):
    """(folder, sub-folder names, file names) without ever following a link."""
    return os.walk(folder, followlinks=False)


def _listed(folder: Path):
    """(folder, its entries) without ever following a link. An entry tells whether it is a link from the
    folder's listing itself: no call to the system per file (the preview checks every page on each save)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return  # as os.walk: a folder that cannot be listed is passed over
    yield folder, entries
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _listed(Path(entry.path))


def link_problem(rel: str, target: str) -> Problem:
    return Problem(rel, 1, f"a symbolic link (to {target}): its target would be read and published", LINK_FIX)


def symlink_problems(root: Path, folders: Iterable[str] = CONTENT_FOLDERS) -> list[Problem]:
    """Every symbolic link in the content folders (a linked folder is reported, not entered)."""
    problems = []
    for name in folders:
        top = root / name
        if top.is_symlink():
            problems.append(link_problem(name, os.readlink(top)))
            continue
        for _, entries in _listed(top):
            for entry in sorted(entries, key=lambda item: item.name):
                if entry.is_symlink():
                    problems.append(link_problem(_rel(Path(entry.path), root), os.readlink(entry.path)))
    return problems


def regular_files(folder: Path, suffix: str) -> list[Path]:
    """The files of `folder` ending in `suffix`, sorted, neither a link nor under a linked folder."""
    return sorted(
        Path(entry.path)
        for _, entries in _listed(folder)
        for entry in entries
        if entry.name.endswith(suffix) and not entry.is_symlink() and not entry.is_dir(follow_symlinks=False)
    )


def file_type_problem(rel: str) -> Problem | None:
    """Why a file of a pages folder may not be published, or None: the allowlist, by name alone."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    suffix = os.path.splitext(lower)[1]
    if lower.endswith(LEFTOVER_SUFFIXES) or (lower.startswith("#") and lower.endswith("#")):
        return Problem(
            rel,
            1,
            "a leftover of a merge or of an editor, which would publish an old text",
            "finish the change in the page itself, then delete this file",
        )
    if name.startswith("."):
        return Problem(
            rel, 1, "a hidden file in the pages' folder", "delete it: the folder holds only pages and images"
        )
    if suffix in PUBLISHED_TYPES:
        return None
    if suffix in CODE_TYPES:
        return Problem(
            rel,
            1,
            f"a {suffix} file would be published as is, unchecked (pages may not bring their own code or styles)",
            "write the page as Markdown (.md), or ask a developer to add the style or script in overrides/; "
            "delete this file",
        )
    kind = f"a {suffix} file" if suffix else "a file without a type (no .md, .png …)"
    return Problem(
        rel,
        1,
        f"{kind} is not one of the types the site publishes ({', '.join(PUBLISHED_TYPES)})",
        "convert it (a page to .md, a picture to .png, .jpg, .webp or .svg), or delete it",
    )


def docs_file_problems(root: Path, docs: Path) -> list[Problem]:
    """Every file of a language's pages folder that may not be published, and every unsafe SVG."""
    problems = []
    for folder, dirs, files in _walk(docs):
        here = Path(folder)
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                problems.append(link_problem(_rel(path, root), os.readlink(path)))
            elif name.startswith("."):
                problems.append(
                    Problem(
                        _rel(path, root),
                        1,
                        "a hidden folder in the pages' folder",
                        "delete it: the folder holds only pages and images",
                    )
                )
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in sorted(files):
            path = here / name
            rel = _rel(path, root)
            if path.is_symlink():
                problems.append(link_problem(rel, os.readlink(path)))
                continue
            problem = file_type_problem(rel)
            if problem is not None:
                problems.append(problem)
            elif name.lower().endswith(".svg"):
                problems += svg_problems(rel, path.read_bytes())
    return problems


# --- SVG ------------------------------------------------------------------------------------------------

SVG_FIX = "export the drawing again as a plain SVG (no scripts, links or embedded files), or save it as .png"
FORBIDDEN_ELEMENTS = {
    "script": "a <script> element",
    "foreignObject": "a <foreignObject> element (HTML inside the drawing)",
    "iframe": "an <iframe> element",
    "embed": "an <embed> element",
    "object": "an <object> element",
    "handler": "a <handler> element (a script)",
    "listener": "a <listener> element (a script)",
}
# Animation elements can set an attribute later: one that sets an event handler or a link is a script.
ANIMATION_ELEMENTS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
# Where a drawing refers to something: allowed only to its own parts (#id).
REFERENCE_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}
CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)(?P<target>[^'\")]*)\1\s*\)|@import", re.I)


def _local(name: str) -> str:
    """'http://www.w3.org/1999/xlink href' → 'href' (expat joins namespace and name with a space)."""
    return name.rsplit(" ", 1)[-1]


def _outside_reference(value: str) -> bool:
    return not value.strip().startswith("#")


def _css_outside(css: str) -> str | None:
    if "\\" in css:  # CSS escapes can spell url( or @import past any reading of the text
        return "an escaped character (\\)"
    for match in CSS_URL_RE.finditer(css):
        target = match.group("target")
        if target is None:
            return "@import"
        if _outside_reference(target):
            return f"url({target})"
    return None


class _Refused(Exception):
    pass


def svg_problems(rel: str, data: bytes) -> list[Problem]:
    """Why an SVG may not be published: not well-formed, an XML entity, or anything that runs or loads."""
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    # Entities are where XML bombs and external files come in: a drawing needs none.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    style_text: list[str] = []
    root: list[str] = []  # the first element's name, once seen
    style_depth = [0]  # inside <style>: its text is CSS

    def report(what: str) -> None:
        problems.append(Problem(rel, parser.CurrentLineNumber, what, SVG_FIX))

    def refuse_entity(*_args) -> None:
        report("declares an XML entity (an XML bomb or a way to read other files)")
        raise _Refused

    def refuse_external(*_args) -> int:
        report("refers to an external XML entity")
        raise _Refused

    def start(name: str, attributes: dict) -> None:
        local = _local(name)
        if not root:
            root.append(local)
            if local != "svg":
                report(f"not an SVG drawing (its first element is <{local}>)")
        if local in FORBIDDEN_ELEMENTS:
            report(f"{FORBIDDEN_ELEMENTS[local]}, which a browser would run or load")
        for key, value in attributes.items():
            attribute = _local(key)
            if attribute.lower().startswith("on"):
                report(f"an event handler ({attribute}=…), a script run by the browser")
            elif attribute in REFERENCE_ATTRIBUTES and _outside_reference(value):
                report(f'a reference to another file or site ({attribute}="{value[:60]}")')
            elif found := _css_outside(value):  # style="…", fill="url(…)"
                report(f"a style that loads another file or site ({found[:60]})")
            elif local in ANIMATION_ELEMENTS and attribute == "attributeName":
                target = value.rsplit(":", 1)[-1].strip()
                if target.lower().startswith("on") or target == "href":
                    report(f"an animation that sets {value}, which can run a script or load a link")
        if local == "style":
            style_depth[0] += 1

    def end(name: str) -> None:
        if _local(name) == "style":
            style_depth[0] -= 1
            found = _css_outside("".join(style_text))
            style_text.clear()
            if found:
                report(f"a style that loads another file or site ({found[:60]})")

    def text(data_text: str) -> None:
        if style_depth[0]:
            style_text.append(data_text)

    def instruction(target: str, _data: str) -> None:
        report(f"a processing instruction <?{target} …?> (it can load a stylesheet)")

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as exc:
        problems.append(
            Problem(rel, exc.lineno, f"not a well-formed SVG drawing ({expat.ErrorString(exc.code)})", SVG_FIX)
        )
    return problems


# --- What the printed leaflet may load --------------------------------------------------------------------


class FetchRefused(ValueError):
    """A URL the leaflet may not load; the message says why."""


# Images only (the QR codes are inline SVG): WeasyPrint draws an SVG itself, runs none of its scripts, and
# whatever the SVG refers to comes back through the same fetcher.
DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)


def site_files(paths: Iterable[Path | str]) -> frozenset[Path]:
    """The files the leaflet may load: regular files, each as its absolute path, no links."""
    return frozenset(
        Path(os.path.abspath(path))
        for path in paths
        if Path(path).is_file() and Path(os.path.realpath(path)) == Path(os.path.abspath(path))
    )


def fetch_target(url: str, files: frozenset[Path], base_url: str = "") -> Path | str:
    """Where the leaflet may load `url` from (resolved against `base_url`): the Path of one of `files`,
    or the data: URL itself for an image written inline. Anything else raises FetchRefused."""
    absolute = urljoin(base_url, url) if base_url else url
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    if scheme == "data":
        if DATA_IMAGE_RE.match(absolute):
            return absolute
        raise FetchRefused("only images (PNG, JPEG, GIF, WebP, SVG) may be written inline as data:")
    if scheme != "file":
        where = scheme + ("://" if parts.netloc else ":") if scheme else "an address without a scheme"
        raise FetchRefused(f"the leaflet loads nothing from the network ({where}), only files of the site")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"the leaflet loads no file from another machine ({parts.netloc})")
    path = Path(os.path.abspath(url2pathname(parts.path)))
    # A link on the way (a folder of the site linked elsewhere) would leave the site: compare the real path.
    if path not in files or Path(os.path.realpath(path)) != path:
        raise FetchRefused("not a file of the site: only the site's own images may be shown")
    return path
