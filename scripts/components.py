"""Reusable page components (NHS patterns), rendered as HTML by pure functions.

Each takes the words it shows already translated, so it can be unit-tested
without MkDocs; scripts/macros.py wires them to the page's language.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from babel import Locale
from babel.lists import format_list
from markupsafe import Markup, escape

CARE_CARD_KINDS = ("non-urgent", "urgent")


def emergency_numbers(numbers: Iterable, locale: str) -> tuple[str, list[tuple[str, str]]]:
    """('15, 18 or 112', [('15 (SAMU)', 'France'), ('18 (Pompiers)', 'France'), ('112', 'European Union')]) in
    the page's language, in the order the clinic wrote them (scripts/site_config.py emergency_numbers): each
    number with its label, the region's name from CLDR."""
    territories = Locale.parse(locale).territories
    items = list(numbers)
    pairs = [
        (f"{item.number} ({item.label})" if item.label else item.number, territories.get(item.region, item.region))
        for item in items
    ]
    return (format_list([item.number for item in items], style="or", locale=locale) if items else ""), pairs


def care_card(kind: str, body_markdown: str, *, gettext, emergency: tuple[str, list] = ("", []), level: int = 3) -> str:
    """A self-contained care card whose urgency is in the heading text, not only in colour.

    Returns Markdown-in-HTML (md_in_html) so the list inside stays Markdown.
    """
    if kind not in CARE_CARD_KINDS:
        raise ValueError(f"care_card: unknown kind {kind!r} — use one of {', '.join(CARE_CARD_KINDS)}")
    numbers, where = emergency
    footer = ""
    if kind == "urgent":
        label = gettext("Urgent advice:")
        heading = (
            gettext("Call %(numbers)s if:") % {"numbers": numbers}
            if numbers
            else gettext("Call your local emergency number if:")
        )
        if where:
            # The separator is the language's own: "؛ " in Arabic.
            places = gettext("; ").join(
                gettext("%(region)s: %(number)s") % {"number": n, "region": r} for n, r in where
            )
            intro = gettext("Emergency numbers:")
            footer = f'<p class="care-card__numbers">{escape(intro)} {escape(places)}.</p>\n'
    else:
        label = gettext("Non-urgent advice:")
        heading = gettext("Contact your clinic if:")
    return (
        f'<section class="care-card care-card--{kind}" markdown="block">\n'
        f'<h{level} class="care-card__heading"><span class="care-card__label">{escape(label)}</span> '
        f"{escape(heading)}</h{level}>\n\n"
        f"{body_markdown.strip()}\n\n"
        f"{footer}"
        "</section>\n"
    )


def do_dont_list(kind: str, body_markdown: str, *, gettext, level: int = 3) -> str:
    """NHS do / don't list: the heading says which, the icon is decoration only."""
    heading = gettext("Do") if kind == "do" else gettext("Do not")
    return (
        f'<section class="do-dont do-dont--{kind}" markdown="block">\n'
        f'<h{level} class="do-dont__heading">{escape(heading)}</h{level}>\n\n'
        f"{body_markdown.strip()}\n\n"
        "</section>\n"
    )


def clinic_contact(clinic: dict, *, gettext) -> Markup:
    """The clinic's contact block, or a neutral line when no clinic is configured."""
    name = (clinic or {}).get("name") or ""
    if not name:
        return Markup('<div class="clinic-contact clinic-contact--none"><p>{}</p></div>').format(
            gettext("Ask the clinic that treats you for its contact details and write them here:")
        )
    rows = [(gettext("Clinic"), name)]
    for key, label in (
        ("phone", gettext("Phone")),
        ("email", gettext("E-mail")),
        ("address", gettext("Address")),
        ("opening_hours", gettext("Opening hours")),
        ("website", gettext("Website")),
    ):
        if clinic.get(key):
            rows.append((label, clinic[key]))
    items = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in rows)
    return Markup('<div class="clinic-contact"><dl>{}</dl></div>').format(items)


def notes_space(*, gettext, lines: int = 6) -> Markup:
    """Ruled space for handwritten notes on the printed sheet."""
    ruled = Markup("").join(Markup('<span class="notes__line"></span>') for _ in range(lines))
    return Markup('<div class="notes"><p class="notes__heading">{}</p>{}</div>').format(gettext("My notes"), ruled)


def _collation_key(term: str) -> str:
    """Alphabetical order that ignores accents, as dictionaries do: élastine sorts under e."""
    return "".join(c for c in unicodedata.normalize("NFKD", term.casefold()) if not unicodedata.combining(c))


def glossary_list(entries, *, gettext) -> Markup:
    """The glossary page: every term with its plain definition, in alphabetical order."""
    items = Markup("").join(
        Markup('<dt id="{}">{}</dt><dd>{}</dd>').format(
            "term-" + "-".join(e.term.lower().split()), e.term[:1].upper() + e.term[1:], e.definition
        )
        for e in sorted(entries, key=lambda e: _collation_key(e.term))
    )
    return Markup('<dl class="glossary">{}</dl>').format(items)


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|])")


def markdown_text(value: str) -> str:
    """A value from the settings as literal text in Markdown: no HTML (escaped) and no Markdown syntax
    (backslash-escaped), so a reviewer's name cannot become a tag, a link or emphasis on the about page."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(value, quote=False))
