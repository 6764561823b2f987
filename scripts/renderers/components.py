"""Reusable page components (NHS patterns), rendered as HTML by pure functions.

Each takes the words it shows already translated, so it can be unit-tested
without MkDocs; scripts/adapters/macros.py wires them to the page's language.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
import unicodedata
from collections.abc import Iterable

import jinja2
from babel import Locale
from babel.lists import format_list
from markupsafe import Markup, escape

from scripts.config.paths import ROOT

CARE_CARD_KINDS = ("non-urgent", "urgent")
TEMPLATES = ROOT / "overrides" / "partials"


def emergency_numbers(numbers: Iterable, locale: str) -> tuple[str, list[tuple[str, str]]]:
    """('15, 18 or 112', [('15 (SAMU)', 'France'), ('18 (Pompiers)', 'France'), ('112', 'European Union')]) in
    the page's language, in the order the clinic wrote them (scripts/config/site_config.py emergency_numbers): each
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
    rows = [("name", gettext("Clinic"), name)]
    for key, label in (
        ("phone", gettext("Phone")),
        ("email", gettext("E-mail")),
        ("address", gettext("Address")),
        ("opening_hours", gettext("Opening hours")),
        ("website", gettext("Website")),
    ):
        if clinic.get(key):
            rows.append((key, label, clinic[key]))
    # Each value named by its setting (the printed sheet keeps a phone number on one line, patient.css), in the
    # direction of its own script: an Arabic-script name on a left-to-right page too (on right-to-left pages
    # scripts/renderers/bidi.py isolates Latin runs as well).
    items = Markup("").join(
        Markup('<dt>{}</dt><dd class="clinic-contact__{}" dir="auto">{}</dd>').format(
            label, key.replace("_", "-"), value
        )
        for key, label, value in rows
    )
    return Markup('<div class="clinic-contact"><dl>{}</dl></div>').format(items)


def notes_space(*, gettext, lines: int = 6) -> Markup:
    """Ruled space for handwritten notes on the printed sheet: `lines` on screen; on the printed consultation sheet
    the first three, continued down to the review dates (overrides/partials/sheet-lines.html)."""
    ruled = Markup("").join(Markup('<span class="notes__line"></span>') for _ in range(lines))
    return Markup('<div class="notes"><p class="notes__heading">{}</p>{}</div>').format(gettext("My notes"), ruled)


# --- The glossary page: the terms in the language's alphabetical order, with an A–Z jump list -------------
#
# Babel has no collation (no ICU here), and the build must not depend on the machine's locale, so the order
# is written out, per script:
# - Latin script (en, fr, it, es and any language not listed below): accents are ignored for grouping and
#   sorting (élastine under E, between "eczema" and "elastin"), as dictionaries do; the accented word comes
#   right after the same word without accents; œ and æ are read as oe and ae. Spanish keeps Ñ a letter of
#   its own, after N (its alphabet).
# - Arabic: the letters in the order ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي; أ إ آ ٱ and
#   a hamza alone (ء) count as ا, ؤ as و, ئ and ى as ي, ة as ه, tashkeel and tatweel are ignored, and a
#   leading article ال ("الكولاجين") is skipped, as Arabic glossaries do (الكولاجين under ك).
# Terms in another script than the language's (WCAG, doi in Arabic) come after its own letters, grouped
# by their first letter the Latin way.

ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_AS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ء": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
_ARABIC_MARKS = set(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}  # tashkeel, tatweel
_ARABIC_ARTICLE = "ال"  # written with a bare alef: ألم ("pain") starts with أ and keeps its alef
OWN_LETTERS = {"es": {"ñ": "n\U0010ffff"}}  # a letter of the alphabet, sorted after the one it looks like
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}  # œdème under O, as dictionaries list it


def _language(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def _arabic_letters(term: str) -> str:
    """The term as its Arabic letters sort it: article skipped, letter forms made one, marks dropped."""
    word = "".join(c for c in unicodedata.normalize("NFC", term.strip()) if c not in _ARABIC_MARKS)
    if word.startswith(_ARABIC_ARTICLE) and len(word) > len(_ARABIC_ARTICLE) + 1:
        word = word[len(_ARABIC_ARTICLE) :]
    return word.translate(_ARABIC_AS)


def _latin_letters(term: str, lang: str) -> str:
    """The term as Latin dictionaries sort it: lower case, accents dropped (but a language's own letters)."""
    own = OWN_LETTERS.get(_language(lang), {})
    out = []
    for char in unicodedata.normalize("NFC", term.casefold()):
        if char in own:
            out.append(own[char])
            continue
        char = LIGATURES.get(char, char)
        out.extend(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(out)


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def collation_key(term: str, lang: str) -> tuple:
    """Where a term sorts in the glossary of `lang` (see the rules above)."""
    if _language(lang) == "ar":
        letters = _arabic_letters(term)
        if letters[:1] and _is_arabic(letters[0]):
            ranks = tuple(
                ARABIC_ALPHABET.index(c) + 1 if c in ARABIC_ALPHABET else (0 if c.isspace() else 100 + ord(c))
                for c in letters
            )
            return (0, ranks, term)
        return (1, _latin_letters(term, lang), term)
    return (0, _latin_letters(term, lang), term)


def initial_letter(term: str, lang: str) -> str:
    """The letter a term is listed under in the glossary of `lang`: É under E, الكولاجين under ك."""
    if _language(lang) == "ar":
        letters = _arabic_letters(term)
        if letters[:1] and _is_arabic(letters[0]):
            return letters[0]
    for char in unicodedata.normalize("NFC", term.strip()):
        if char.isalnum():
            own = OWN_LETTERS.get(_language(lang), {})
            if char.casefold() in own:
                return char.upper()
            return _latin_letters(char, lang)[:1].upper() or char.upper()
    return "#"


def term_id(term: str) -> str:
    """The anchor of a term on the glossary page (stable: links and search results point at it)."""
    return "term-" + "-".join(term.lower().split())


def letter_id(letter: str) -> str:
    """The anchor of a letter's group of terms (the A–Z list links to it)."""
    return "letter-" + letter.lower()


@dataclasses.dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str  # as shown: a capital first letter where the script has one
    definition: str


@dataclasses.dataclass(frozen=True)
class LetterGroup:
    letter: str
    id: str
    terms: tuple[GlossaryTerm, ...]


def glossary_groups(entries, lang: str) -> list[LetterGroup]:
    """The terms sorted for `lang` and grouped by their initial letter, in the alphabet's order."""
    groups: dict[str, list[GlossaryTerm]] = {}
    for entry in sorted(entries, key=lambda e: collation_key(e.term, lang)):
        shown = entry.term[:1].upper() + entry.term[1:]
        groups.setdefault(initial_letter(entry.term, lang), []).append(
            GlossaryTerm(term_id(entry.term), shown, entry.definition)
        )
    return [LetterGroup(letter, letter_id(letter), tuple(terms)) for letter, terms in groups.items()]


def glossary_list(entries, *, gettext, lang: str) -> Markup:
    """The glossary page: a jump list of the initial letters, then every term with its plain definition,
    grouped by letter in the language's alphabetical order (overrides/partials/glossary.html)."""
    template = _templates().get_template("glossary.html")
    return Markup(
        template.render(groups=glossary_groups(entries, lang), nav_label=gettext("Glossary terms by first letter"))
    )


@functools.cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|])")


def markdown_text(value: str) -> str:
    """A value from the settings as literal text in Markdown: no HTML (escaped) and no Markdown syntax
    (backslash-escaped), so a reviewer's name cannot become a tag, a link or emphasis on the about page."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(value, quote=False))
