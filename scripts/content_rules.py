"""Rules every content page must follow, as pure functions over a page's text.

Each rule returns a list of `Problem`s; the MkDocs hooks and `make check` print
them all at once as `path:line: what is wrong — how to fix it`, and fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re

import yaml

from scripts.editor_files import EditorLoader, EditorYAMLError, yaml_problem
from scripts.problems import Problem
from scripts.signoff import front_matter_problems

DESCRIPTION_MAX = 160
REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review", "reviewed_by", "sources")
# Only translated pages carry these (see scripts/translation_status.py).
TRANSLATION_FIELDS = ("translation_of", "translation_review")
# clinical_review / translation_review: a page's own sign-off, over the clinic's (scripts/signoff.py).
OPTIONAL_FIELDS = ("hide", "search", "template", "clinical_review")
# \r?: a page saved on Windows (CRLF) has front matter too; the \ufeff a byte-order mark some editors add.
FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\n)---[ \t]*\r?\n", re.S)

# Raw HTML that could run code or pull content from elsewhere.
UNSAFE_PATTERNS = (
    (re.compile(r"<\s*script\b", re.I), "raw <script> element", "remove it: pages may not run scripts"),
    (re.compile(r"<\s*iframe\b", re.I), "raw <iframe> element", "remove it: pages may not embed other sites"),
    (
        re.compile(r"<\s*(object|embed)\b", re.I),
        "raw <object>/<embed> element",
        "remove it: pages may not embed other content",
    ),
    (
        re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
        "inline event handler (on…= attribute)",
        "remove the attribute: pages may not run scripts",
    ),
    (re.compile(r"javascript\s*:", re.I), "javascript: link", "link to a page or an https:// address instead"),
    # The site's Content-Security-Policy blocks inline style attributes (scripts/postprocess.py), written in
    # HTML or with attr_list ({ style="…" }): the browser would drop the style.
    (
        re.compile(r"(<[a-z][^>]*\sstyle\s*=)|(\{[^}\n]*\bstyle\s*=)", re.I),
        "inline style attribute (style=…)",
        "remove it: the site's security policy blocks inline styles; use the page's normal formatting or a "
        "class from overrides/assets/stylesheets/patient.css",
    ),
)
# Images or media loaded from another host leak the reader's visit to that host.
REMOTE_MEDIA_RE = re.compile(
    r"(!\[[^\]]*\]\(\s*(?:https?:)?//[^)]+\))|(<(?:img|video|audio|source)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//)",
    re.I,
)
IMAGE_NO_ALT_RE = re.compile(r"!\[\s*\]\(|<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.I)


def load_yaml(text: str):
    """Front matter as data: the editors' safe loader (scripts/editor_files.py: no Python tags, no key
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


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


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
        if field not in known:
            report(field, "unknown field", "remove it or check its spelling; allowed: " + ", ".join(sorted(known)))

    for field in ("title", "description", "reviewed_by"):
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

    dates = {}
    for field in ("last_reviewed", "next_review"):
        value = meta.get(field)
        if value in (None, ""):
            continue
        date = _as_date(value)
        if date is None:
            report(field, f"{value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-25")
        else:
            dates[field] = date
            meta[field] = date
    if len(dates) == 2 and dates["next_review"] <= dates["last_reviewed"]:
        report(
            "next_review",
            f"{dates['next_review']} is not after last_reviewed {dates['last_reviewed']}",
            "set it after the last review, at most 12 months later",
        )
    elif len(dates) == 2 and (dates["next_review"] - dates["last_reviewed"]).days > 366:
        report(
            "next_review",
            "more than 12 months after last_reviewed",
            "pages are reviewed at least every 12 months: set an earlier date",
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


def check_unsafe_html(path: str, text: str) -> list[Problem]:
    """Raw scripts, frames, event handlers, javascript: links, remote media, images without alt."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what, fix in UNSAFE_PATTERNS:
            if pattern.search(line):
                problems.append(Problem(path, number, f"unsafe HTML: {what}", fix))
        if REMOTE_MEDIA_RE.search(line):
            problems.append(
                Problem(
                    path,
                    number,
                    "image or media loaded from another website",
                    "save the file in this language's folder (e.g. docs/en/images/) and link to it there",
                )
            )
        if IMAGE_NO_ALT_RE.search(line):
            problems.append(
                Problem(
                    path,
                    number,
                    "image without alternative text",
                    "describe the image in the brackets: ![what it shows](file.png)",
                )
            )
    return problems


def check_page(path: str, text: str, *, translated: bool = False) -> tuple[dict, list[Problem]]:
    meta, problems = _check_page(path, text, translated)
    return dict(meta), list(problems)


# A page's front matter and HTML depend on its text alone: `make serve` reads again only the pages saved since
# its last build.
@functools.lru_cache(maxsize=4096)
def _check_page(path: str, text: str, translated: bool) -> tuple[dict, tuple[Problem, ...]]:
    meta, problems = check_front_matter(path, text, translated=translated)
    return meta, tuple(problems + check_unsafe_html(path, text))
