"""Links between pages and the navigation, checked without building (what MkDocs' validation
refuses in the build, so that `make check` refuses it too)."""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

from scripts.config.problems import Problem
from scripts.rules.content_rules import split_front_matter

# [words](target) — not images, not inside code.
LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID_RE = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
CODE_RE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.S | re.M)
MACRO_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _body(text: str) -> tuple[str, int]:
    yaml_text, body, first = split_front_matter(text)
    return CODE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body), first


def heading_ids(text: str) -> set[str] | None:
    """The ids MkDocs' toc extension gives the page's Markdown headings; None when macros
    may add headings of their own (then only the build can tell)."""
    body, _ = _body(text)
    ids: set[str] = set()
    seen: dict[str, int] = {}
    for line in body.splitlines():
        match = HEADING_RE.match(line)
        if not match:
            continue
        title = match.group(2)
        explicit = EXPLICIT_ID_RE.search(title)
        if explicit:
            ids.add(explicit.group(1))
            continue
        words = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", title)
        base = slugify(words, "-")
        slug = base if base not in seen else f"{base}_{seen[base]}"
        seen[base] = seen.get(base, 0) + 1
        ids.add(slug)
    if re.search(r"\{%\s*call\s+(care_card|do_list|dont_list)\b", body):
        return None  # these blocks write headings of their own (scripts/renderers/components.py)
    return ids


def page_link_problems(rel: str, text: str, docs, anchors: dict) -> list[Problem]:
    """Links to pages of this language that do not exist, or to headings they do not have."""
    body, first = _body(text)
    page = rel.split("/", 2)[-1]
    problems = []
    for offset, line in enumerate(body.splitlines()):
        for match in LINK_RE.finditer(MACRO_RE.sub("", line)):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
                continue  # https:, mailto:, tel: — other checks look at those
            number = first + offset
            path, _, anchor = target.partition("#")
            if target.startswith("/"):
                problems.append(
                    Problem(
                        rel,
                        number,
                        f"link '{target}' starts with /",
                        "link to the .md file instead, e.g. [the next page](next-page.md)",
                    )
                )
                continue
            if path:
                resolved = (docs / page).parent / path
                if not path.endswith(".md") or not resolved.is_file():
                    problems.append(
                        Problem(
                            rel,
                            number,
                            f"link '{target}': no such page in {rel.rsplit('/', 1)[0]}/",
                            "check the file name; pages link to each other by file name, "
                            "e.g. [the next page](next-page.md)",
                        )
                    )
                    continue
                target_page = resolved.resolve().relative_to(docs.resolve()).as_posix()
            else:
                target_page = page
            ids = anchors.get(target_page)
            if anchor and ids is not None and anchor not in ids:
                problems.append(
                    Problem(
                        rel,
                        number,
                        f"link '{target}': {target_page} has no heading with the id '{anchor}'",
                        "use the id of one of its headings (lower case, words joined by -)",
                    )
                )
    return problems


def nav_problems(
    nav: list, pages: list[str], lang: str, lines: dict[str, int], config: str = "mkdocs.yml"
) -> list[Problem]:
    """Every page in the navigation exists, and every page is in it (MkDocs' strict build refuses both).
    config: the file whose nav it is (mkdocs.yml, or a language's own mkdocs.<lang>.yml)."""
    listed = []

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, str):
                listed.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value) if isinstance(value, list) else listed.append(value) if isinstance(value, str) else None

    walk(nav)
    listed = [item for item in listed if not re.match(r"^[a-z]+://", item)]
    problems = [
        Problem(
            config,
            lines.get("nav", 1),
            f"nav lists {item}, which is not in docs/{lang}/",
            f"add docs/{lang}/{item} or remove it from nav",
        )
        for item in listed
        if item not in pages
    ]
    problems += [
        Problem(
            f"docs/{lang}/{page}",
            1,
            "page not in the navigation",
            f"add it to nav in {config} (`python -m scripts.site new-page` does it)",
        )
        for page in pages
        if page not in listed
    ]
    return problems
