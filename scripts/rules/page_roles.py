"""Which page plays which part of the site, said by the page itself: front matter `role: about`.

The engine links "About this information" from every footer, puts new pages before the reference pages and
so on by role, never by file name: a topic with other pages, or none for a role, needs no code change. A role
with no page means no link (never a link to a missing page). The roles:

    home          the language's home page: index.md, the one page served at the language's address (/fr/),
                  which the root chooser, the 404 pages and the header's logo link to
    about         who writes and reviews the pages (linked from every page's footer)
    glossary      the words explained (a reference page: new pages go before it)
    consultation  the sheet to print and take to a consultation
    results       what to expect, and when

Pure functions over (page, front matter) pairs; the page-roles rule (scripts/rules/registry.py) reports the problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scripts.config.problems import Problem

ROLES = ("home", "about", "glossary", "consultation", "results", "accessibility")
HOME_PAGE = "index.md"  # MkDocs serves index.md at the folder's address: the home can have no other name
# Pages that close the menu: what a new page is put before (scripts/cli/scaffold.py).
REFERENCE_ROLES = ("glossary", "about", "accessibility")


def role_of(meta: Mapping | None) -> str | None:
    value = (meta or {}).get("role")
    return value if isinstance(value, str) and value in ROLES else None


def role_pages(pages: Iterable[tuple[str, Mapping | None]]) -> dict[str, str]:
    """{role: page} for the pages that declare one (the first, if a role is declared twice: a problem)."""
    found: dict[str, str] = {}
    for page, meta in pages:
        role = role_of(meta)
        if role is not None:
            found.setdefault(role, page)
    return found


def first_reference_page(nav: list[str], roles: Mapping[str, str]) -> str | None:
    """The first page of the menu that is a reference page (glossary, about), or None."""
    reference = {roles[role] for role in REFERENCE_ROLES if role in roles}
    return next((page for page in nav if page in reference), None)


def problems(
    pages: Iterable[tuple[str, str, Mapping | None, int]],
    source_roles: Mapping[str, str] | None = None,
    source: str = "en",
) -> list[Problem]:
    """(rel, page, front matter, line of role:) per page of one language: a known role, each role on one page,
    and in a translation the role its source page has (`source_roles`: page → role, for the pages of the
    `source` language)."""
    found: list[Problem] = []
    seen: dict[str, str] = {}
    for rel, page, meta, line in pages:
        value = (meta or {}).get("role")
        if value is not None and role_of(meta) is None:
            found.append(
                Problem(rel, line, f"front matter 'role': {value!r} is not a role", f"use one of {', '.join(ROLES)}")
            )
            continue
        role = role_of(meta)
        if role is not None and role in seen:
            found.append(
                Problem(
                    rel,
                    line,
                    f"front matter 'role': {role} is already the role of {seen[role]}",
                    "a role belongs to one page: remove it from one of them",
                )
            )
        elif role is not None:
            seen[role] = page
        if role == "home" and page != HOME_PAGE:
            found.append(
                Problem(
                    rel,
                    line,
                    f"front matter 'role': home on {page}, but the language's address opens {HOME_PAGE}",
                    f"rename the page to {HOME_PAGE} (and its entry in the nav), or give the role to {HOME_PAGE}",
                )
            )
        if source_roles is not None:
            expected = source_roles.get(page)
            if role != expected:
                found.append(
                    Problem(
                        rel,
                        line,
                        f"front matter 'role': {role or 'none'}, but the {source} page's role is {expected or 'none'}",
                        f"write 'role: {expected}' as in docs/{source}/{page}"
                        if expected
                        else f"remove it, as docs/{source}/{page} has none",
                    )
                )
    return found
