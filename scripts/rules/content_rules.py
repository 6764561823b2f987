"""Rules every content page must follow, as pure functions over a page's text.

Each rule returns a list of `Problem`s; the MkDocs hooks and `make check` print
them all at once as `path:line: what is wrong — how to fix it`, and fail.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from html.parser import HTMLParser

import yaml

from scripts.config.editor_files import EditorLoader, EditorYAMLError, yaml_problem
from scripts.config.problems import Problem
from scripts.rules.readability import FURNITURE_CLASSES
from scripts.rules.signoff import front_matter_problems

DESCRIPTION_MAX = 160
REQUIRED_FIELDS = ("title", "description", "sources")
# A page claims no review of its own: who reviewed it and when come only from a named sign-off
# (extra.clinic.signoff or the page's clinical_review:, scripts/rules/signoff.py), the next review from that
# date, and an unreviewed page's "last changed" from git (scripts/rules/page_history.py).
RETIRED_FIELDS = ("last_reviewed", "next_review", "reviewed_by")
# Only translated pages carry these (see scripts/rules/translation_status.py).
TRANSLATION_FIELDS = ("translation_of", "translation_review")
# clinical_review / translation_review: a page's own sign-off, over the clinic's (scripts/rules/signoff.py).
# role: which part of the site the page plays (scripts/rules/page_roles.py).
OPTIONAL_FIELDS = ("hide", "search", "template", "clinical_review", "role")
# \r?: a page saved on Windows (CRLF) has front matter too; the \ufeff a byte-order mark some editors add.
FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\n)---[ \t]*\r?\n", re.S)

# Raw HTML in a page is read by a parser (html.parser, and Ammonia's html5ever through nh3 on the rendered
# page), against an allowlist: the elements and attributes editors use, and links to web, mail and phone
# addresses. Everything else is refused, with these words for the common cases.
UNSAFE_ELEMENTS = {
    "script": ("raw <script> element", "remove it: pages may not run scripts"),
    "iframe": ("raw <iframe> element", "remove it: pages may not embed other sites"),
    "frame": ("raw <frame> element", "remove it: pages may not embed other sites"),
    "object": ("raw <object>/<embed> element", "remove it: pages may not embed other content"),
    "embed": ("raw <object>/<embed> element", "remove it: pages may not embed other content"),
    "style": (
        "raw <style> element",
        "remove it: the look of every page comes from overrides/assets/stylesheets/patient.css",
    ),
    "form": ("raw <form> element", "remove it: pages may not send what the reader types anywhere"),
    "base": ("raw <base> element", "remove it: links are relative to the page itself"),
    "meta": ("raw <meta> element", "remove it: a page may not redirect the reader or change its settings"),
    "link": ("raw <link> element", "remove it: pages load only the site's own files"),
}
SAFE_ELEMENTS = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption "
    "figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section small span strong sub summary "
    "sup table tbody td tfoot th thead time tr u ul var wbr aside".split()
)
SAFE_ATTRIBUTES = {
    "*": frozenset({"id", "class", "title", "lang", "dir", "markdown", "role", "translate"}),
    "a": frozenset({"href", "hreflang", "rel", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "abbr": frozenset(),
    "time": frozenset({"datetime"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Browsers drop ASCII tabs and newlines anywhere in an address, and spaces and control characters around it.
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")
SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# <https://…> and <name@host> are Markdown autolinks, not elements.
AUTOLINK_TAG_RE = re.compile(r"(?:https?|ftp)://\S*|[^\s@<>]+@[^\s@<>]+", re.I)
JINJA_RE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
# The Markdown extensions that decide which elements, attributes and links a page renders to.
RULE_MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "abbr", "def_list", "tables", "admonition", "footnotes")
# Images or media loaded from another host leak the reader's visit to that host.
REMOTE_MEDIA_RE = re.compile(
    r"(!\[[^\]]*\]\(\s*(?:https?:)?//[^)]+\))|(<(?:img|video|audio|source)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//)",
    re.I,
)
IMAGE_NO_ALT_RE = re.compile(r"!\[\s*\]\(|<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.I)


def load_yaml(text: str):
    """Front matter as data: the editors' safe loader (scripts/config/editor_files.py: no Python tags, no key
    twice, no alias bomb, an impossible date read as text)."""
    return yaml.load(text, Loader=EditorLoader)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front-matter YAML or None, body, line number where the body starts)."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, text, 1
    return match.group(1), text[match.end() :], match.group(0).count("\n") + 1


def _field_line(yaml_text: str, field: str) -> int:
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if line.startswith(f"{field}:"):
            return number
    return 1


def check_front_matter(path: str, text: str, *, translated: bool = False) -> tuple[dict, list[Problem]]:
    """Parse and validate a page's front matter; return (meta, problems)."""
    yaml_text, _, _ = split_front_matter(text)
    if yaml_text is None:
        return {}, [
            Problem(
                path, 1, "no front matter", "start the page with a '---' block holding " + ", ".join(REQUIRED_FIELDS)
            )
        ]
    try:
        meta = load_yaml(yaml_text) or {}
    except EditorYAMLError as exc:  # a key twice, a Python tag, an alias bomb: its own fix
        problem = yaml_problem(path, exc, first_line=2)
        return {}, [dataclasses.replace(problem, message=f"front matter: {problem.message}")]
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        return {}, [
            Problem(
                path,
                line,
                f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                "check the indentation and quote values that contain ':'",
            )
        ]
    if not isinstance(meta, dict):
        return {}, [
            Problem(path, 2, "front matter is not a set of 'field: value' lines", "write one 'field: value' per line")
        ]
    problems: list[Problem] = []

    def report(field: str, message: str, fix: str) -> None:
        problems.append(Problem(path, _field_line(yaml_text, field), f"front matter '{field}': {message}", fix))

    for field in REQUIRED_FIELDS:
        if field not in meta or meta[field] in (None, "", []):
            report(field, "missing", f"add '{field}:' (see CONTRIBUTING.md, 'Front matter')")
    known = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS) | (set(TRANSLATION_FIELDS) if translated else set())
    for field in meta:
        if field in RETIRED_FIELDS:
            report(
                field,
                "a page does not state its own review",
                "remove it: review dates and reviewers come only from a named sign-off (clinical_review: "
                "{name, role, date} here or in mkdocs.yml extra.clinic.signoff; README, 'Sign-off')",
            )
        elif field not in known:
            report(field, "unknown field", "remove it or check its spelling; allowed: " + ", ".join(sorted(known)))

    for field in ("title", "description"):
        value = meta.get(field)
        if value not in (None, "") and not (isinstance(value, str) and value.strip()):
            report(field, f"expected text, got {type(value).__name__}", "write it as plain text")
    description = meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        report(
            "description",
            f"{len(description)} characters, at most {DESCRIPTION_MAX} allowed",
            "shorten it to one plain sentence",
        )

    sources = meta.get("sources")
    if sources not in (None, "", []):
        if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
            report("sources", "expected a list of references", "write one '  - reference' line per source")

    if translated:
        value = meta.get("translation_of")
        if value in (None, ""):
            report(
                "translation_of",
                "missing",
                "add the English version this page translates: "
                "run `python -m scripts.site translations mark <lang> <page>`",
            )
        elif not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{12}", value)):
            report(
                "translation_of",
                f"{value!r} is not a version id",
                "use the 12-character id printed by `python -m scripts.site translations status`",
            )
    problems += front_matter_problems(path, meta, lambda field: _field_line(yaml_text, field), translated=translated)
    return meta, problems


def _scheme(url: str) -> str | None:
    """The scheme a browser reads in an attribute value (entities already decoded by the parser)."""
    match = SCHEME_RE.match(URL_NOISE_RE.sub("", url))
    return match.group(1).lower() if match else None


def _attribute_finding(tag: str, name: str, value: str) -> tuple[str, str] | None:
    """(what is wrong, fix) for one attribute of an allowed element, or None when it is allowed."""
    if name.startswith("on"):
        return "inline event handler (on…= attribute)", "remove the attribute: pages may not run scripts"
    if name == "style":
        return (
            "inline style attribute (style=…)",
            "remove it: the site's security policy blocks inline styles; use the page's normal formatting or a "
            "class from overrides/assets/stylesheets/patient.css",
        )
    if name not in SAFE_ATTRIBUTES["*"] | SAFE_ATTRIBUTES.get(tag, frozenset()) and not name.startswith("aria-"):
        return f"attribute {name}= on <{tag}>", "remove it: pages may use only plain formatting attributes"
    # What the readability score leaves out, an editor may not mark: their words would go unscored.
    if name == "class" and (reserved := sorted(set(value.split()) & FURNITURE_CLASSES)):
        return (
            f"class {' '.join(reserved)} (the site's own)",
            "remove it: it marks what the site adds around a page, which the readability check leaves out",
        )
    if name == "aria-hidden" and value.strip().lower() == "true":
        return (
            'aria-hidden="true"',
            "remove it: words hidden from screen readers are left out of the readability check too "
            '(an image that only decorates takes alt="")',
        )
    if name in URL_ATTRIBUTES:
        scheme = _scheme(value)
        if scheme == "javascript":
            return "javascript: link", "link to a page or an https:// address instead"
        if scheme is not None and scheme not in SAFE_SCHEMES:
            return f"{scheme}: address in {name}=", "link to a page or an https:// address instead"
    return None


class _UnsafeHTMLParser(HTMLParser):
    """Each element and attribute of raw HTML against the allowlist; findings as (line, what, fix)."""

    def __init__(self, *, elements: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.elements = elements  # False: attributes only (the rendered page: its elements are Markdown's)
        self.findings: list[tuple[int, str, str, str]] = []  # (line, what, fix, a word to find it by)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def _add(self, what: str, fix: str, needle: str) -> None:
        self.findings.append((self.getpos()[0], what, fix, needle))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))
        if self.elements:
            if AUTOLINK_TAG_RE.fullmatch((self.get_starttag_text() or "")[1:-1]):
                return
            if tag in UNSAFE_ELEMENTS:
                self._add(*UNSAFE_ELEMENTS[tag], f"<{tag}")
                return
            if tag not in SAFE_ELEMENTS:
                self._add(
                    f"<{tag}> element",
                    "remove it: pages may use only plain formatting HTML (div, span, abbr, bdi, links, images…)",
                    f"<{tag}",
                )
                return
        elif tag not in SAFE_ELEMENTS:
            return  # raw HTML, reported from the page's source; Markdown itself writes allowed elements only
        for name, value in attrs:
            found = _attribute_finding(tag, name, value or "")
            if found:
                self._add(*found, value or name)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _declaration(self, text: str) -> None:
        if self.elements:
            self._add("markup declaration (<!…>, <?…?>)", "remove it: pages are written in Markdown", text[:10])

    def handle_decl(self, decl: str) -> None:
        self._declaration(decl)

    def unknown_decl(self, data: str) -> None:
        self._declaration(data)

    def handle_pi(self, data: str) -> None:
        self._declaration(data)


def _parse(html: str, *, elements: bool) -> _UnsafeHTMLParser:
    parser = _UnsafeHTMLParser(elements=elements)
    parser.feed(html)
    parser.close()
    return parser


@functools.lru_cache(maxsize=1)
def _markdown():
    import markdown

    return markdown.Markdown(extensions=list(RULE_MARKDOWN_EXTENSIONS))


def _rendered(body: str) -> str:
    """The page as Markdown renders it, its macro calls left out (their HTML is the site's own code; attr_list
    would read `{% … %}` as an attribute list). Line breaks are kept."""
    md = _markdown()
    md.reset()
    return md.convert(JINJA_RE.sub(lambda match: "\n" * match.group(0).count("\n"), body))


def _sanitizer_refuses(html: str) -> list[str]:
    """The elements of the rendered page that Ammonia (nh3, with the same allowlist and a browser's parser)
    removes or changes: a second opinion that does not share html.parser's reading of odd markup."""
    import nh3

    attributes = {tag: set(names) | set(SAFE_ATTRIBUTES["*"]) for tag, names in SAFE_ATTRIBUTES.items() if tag != "*"}
    attributes["*"] = set(SAFE_ATTRIBUTES["*"])
    cleaned = nh3.clean(
        html,
        tags=set(SAFE_ELEMENTS),
        attributes=attributes,
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=False,
    )
    kept = _parse(cleaned, elements=False).tags
    found = []
    for tag, attrs in _parse(html, elements=False).tags:
        if (tag, attrs) in kept:
            kept.remove((tag, attrs))
        else:
            found.append(f"<{tag}{''.join(f' {name}' for name, _ in attrs)}>")
    return found


def _line_of(lines: list[str], needle: str, start: int) -> int:
    """The first line from `start` (the body's first) that has `needle`; `start` when none has it (an address
    written with entities, for example)."""
    for number, line in enumerate(lines[start - 1 :], start=start):
        if needle and needle in line:
            return number
    return start


def check_unsafe_html(path: str, text: str) -> list[Problem]:
    """Raw HTML against the allowlist (elements, attributes, address schemes), the page's rendered HTML too
    (Markdown links and { attribute } lists), remote media, images without alt."""
    _, body, body_line = split_front_matter(text)
    lines = text.splitlines()
    offset = body_line - 1
    seen: set[tuple[int, str]] = set()
    problems = []

    def report(line: int, what: str, fix: str) -> None:
        if (line, what) not in seen:
            seen.add((line, what))
            problems.append(Problem(path, line, f"unsafe HTML: {what}", fix))

    for at, what, fix, _ in _parse(body, elements=True).findings:
        report(at + offset, what, fix)
    in_source = {what for _, what in seen}
    rendered = _rendered(body)
    for _, what, fix, needle in _parse(rendered, elements=False).findings:
        if what not in in_source:  # Markdown's own links and { attribute } lists; raw HTML is reported above
            report(_line_of(lines, needle, body_line), what, fix)
    if not problems:  # the sanitizer's second opinion, when the allowlist found nothing
        for element in _sanitizer_refuses(rendered):
            report(
                _line_of(lines, element.split()[0].rstrip(">"), body_line),
                f"{element} is refused by the HTML sanitizer",
                "write it in plain Markdown, without raw HTML",
            )
    for number, text_line in enumerate(lines, start=1):
        if REMOTE_MEDIA_RE.search(text_line):
            problems.append(
                Problem(
                    path,
                    number,
                    "image or media loaded from another website",
                    "save the file in this language's folder (e.g. docs/en/images/) and link to it there",
                )
            )
        if IMAGE_NO_ALT_RE.search(text_line):
            problems.append(
                Problem(
                    path,
                    number,
                    "image without alternative text",
                    "describe the image in the brackets: ![what it shows](file.png)",
                )
            )
    return sorted(problems)


def check_page(path: str, text: str, *, translated: bool = False) -> tuple[dict, list[Problem]]:
    meta, problems = _check_page(path, text, translated)
    return dict(meta), list(problems)


# A page's front matter and HTML depend on its text alone: `make serve` reads again only the pages saved since
# its last build.
@functools.lru_cache(maxsize=4096)
def _check_page(path: str, text: str, translated: bool) -> tuple[dict, tuple[Problem, ...]]:
    meta, problems = check_front_matter(path, text, translated=translated)
    return meta, tuple(problems + check_unsafe_html(path, text))
