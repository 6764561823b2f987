"""Reading and validating the configuration shared by every language build.

Everything here is pure: it takes the loaded `mkdocs.yml` values and returns
validated settings or a list of problems naming the setting and the fix.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import urlparse

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, Discriminator, Field, StringConstraints, Tag, ValidationInfo, field_validator

from scripts.config.editor_files import EditorFileError, read_yaml, setting_lines
from scripts.config.paths import BRAND_DIR, ROOT
from scripts.config.problems import Problem
from scripts.config.settings_schema import Settings, at_most, entries, errors, fail, setting_problem, validate

GLOSSARY_DIR = ROOT / "glossary"
LOGO_DIR = BRAND_DIR
COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# The theme's own colours (overrides/assets/stylesheets/patient.css) when a clinic gives none.
DEFAULT_COLORS = {"primary": "#005a70", "accent": "#8a3b12", "primary_dark": "#8fd3e6", "accent_dark": "#ffb38a"}
# The dark scheme's page background (patient.css, --md-default-bg-color of [data-md-color-scheme=slate]).
DARK_BACKGROUND = "#1b2327"
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, text
DARK_TARGET = 7.0  # a tinted dark-scheme colour aims higher, as the shipped ones do (links 9.6:1)
EMERGENCY_RE = re.compile(r"[0-9]{2,6}")
# How much of the primary colour tints the care cards (patient.css: color-mix(in srgb, … 9% / 14%, …)).
CARD_TINT_LIGHT, CARD_TINT_DARK = 0.09, 0.14
# A phone number as people write it: digits, spaces, dots, dashes, brackets, a leading +; at least 5 digits
# (the shortest clinic numbers), so that "call us" or "+" alone is refused.
PHONE_RE = re.compile(r"\+?[0-9 .()-]{5,40}")
PHONE_MIN_DIGITS = 5
# name@host.tld: no spaces, one @, a host of dot-separated labels (letters of any script, digits, -).
EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
# Addresses reserved for examples (RFC 2606, RFC 6761): the shipped site_url is one, and QR codes printed on
# the leaflets and care sheets would point nowhere.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
PLACEHOLDER_TLDS = ("example", "invalid", "test", "localhost")


class ConfigError(ValueError):
    """A setting is wrong; the message names it and says how to fix it (`problems`, when read from a file)."""

    def __init__(self, problems: list[Problem] | str):
        self.problems = problems if isinstance(problems, list) else []
        super().__init__("\n".join(map(str, problems)) if isinstance(problems, list) else problems)


@dataclasses.dataclass(frozen=True)
class Language:
    code: str  # folder and URL segment: docs/<code>/, site/<code>/
    name: str  # shown in the language switcher, in its own language
    locale: str  # Babel locale for dates and numbers, e.g. en_GB


LANGUAGE_CODE = r"[a-z]{2,3}"


class LanguageSettings(Settings):
    """One entry of extra.alternate: a language of the site (Material's language switcher reads it too)."""

    shape = ("name, lang and link", "write it as {name: Français, lang: fr, locale: fr_FR, link: /fr/}")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="the language's name — write the language's name in that language, e.g. 'Français'"
    )
    lang: Annotated[str, StringConstraints(pattern=f"^{LANGUAGE_CODE}$")] = Field(
        description="a language code — use a two-letter code such as 'fr'"
    )
    locale: Any = None  # Babel's, for dates and numbers; the code's when not given (cross_checks)
    link: str | None = Field(None, description="the language's address — write it as /fr/")
    readability: Any = None  # scripts/rules/readability.py, the readability-settings rule

    @classmethod
    def cross_checks(cls, data: Mapping) -> list[tuple[str, str, str]]:
        locale, code = data.get("locale"), data.get("lang")
        if locale is None and not (isinstance(code, str) and re.fullmatch(LANGUAGE_CODE, code)):
            return []  # no locale of its own, and no code to stand for it: the code's problem is said
        try:
            Locale.parse(locale or code)
        except (UnknownLocaleError, ValueError, TypeError):
            return [("locale", f"{locale or code!r} is not a locale Babel knows", "use e.g. 'fr_FR'")]
        return []


def _one_entry_per_language(items: list[LanguageSettings]) -> list[LanguageSettings]:
    if not items:
        raise fail("no languages", "list at least one {name, lang, link}")
    codes = [item.lang for item in items]
    twice = [code for index, code in enumerate(codes) if code in codes[:index]]
    if twice:
        raise entries(*(("", f"language '{code}' is listed twice", "keep one entry") for code in twice))
    return items


class LanguagesSettings(Settings):
    alternate: Annotated[list[LanguageSettings], AfterValidator(_one_entry_per_language)] = Field(
        description="a list of languages — write one {name, lang, locale, link} per language"
    )


def languages(extra: Mapping, lines: Mapping[str, int] | None = None) -> list[Language]:
    """The site's languages from `extra.alternate`, in switcher order (first = x-default); ConfigError lists
    every problem, with its line in mkdocs.yml when `lines` are given."""
    read, problems = validate(LanguagesSettings, {"alternate": extra.get("alternate") or []}, "extra", lines)
    if problems:
        raise ConfigError(problems)
    return [Language(item.lang, item.name, str(item.locale or item.lang)) for item in read.alternate]


def _valid_url(value: str) -> bool:
    """An https:// address with a host: the site is served over HTTPS, and so are the links it prints."""
    parsed = urlparse(value)
    return parsed.scheme == "https" and bool(parsed.hostname) and not any(c.isspace() for c in value)


def is_placeholder(url: str) -> bool:
    """Whether the address's host is one reserved for examples (patient-info.example.org, *.example…)."""
    host = (urlparse(url).hostname or "").rstrip(".").lower()
    return (
        host in PLACEHOLDER_DOMAINS
        or host.endswith(tuple(f".{domain}" for domain in PLACEHOLDER_DOMAINS))
        or host.rsplit(".", 1)[-1] in PLACEHOLDER_TLDS
    )


def site_address_problems(config: Mapping, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """site_url: where the site is published, as https://host/path/ (every page's links and QR codes)."""
    value = config.get("site_url")
    if not isinstance(value, str) or not value.strip():
        return [setting_problem("site_url", "missing", "set the address the site is published at, https://…/", lines)]
    if not _valid_url(value.strip()):
        return [
            setting_problem(
                "site_url", f"{value!r} is not an https:// address", "write it as https://host/path/", lines
            )
        ]
    return []


def placeholder_problems(config: Mapping, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """Addresses still the examples shipped with the project: a warning while editing, refused in release."""
    clinic = (config.get("extra") or {}).get("clinic")
    settings = [("site_url", config.get("site_url"))]
    if isinstance(clinic, dict):
        settings.append(("extra.clinic.website", clinic.get("website")))
    return [
        setting_problem(
            name,
            f"{value} is an example address",
            "set the clinic's own address before publishing (the printed QR codes point there)",
            lines,
        )
        for name, value in settings
        if isinstance(value, str) and value.strip() and is_placeholder(value.strip())
    ]


def _rgb(color: str) -> tuple[int, int, int]:
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    return int(hex_digits[0:2], 16), int(hex_digits[2:4], 16), int(hex_digits[4:6], 16)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a #rgb/#rrggbb colour."""
    channels = [c / 255 for c in _rgb(color)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_with_white(color: str) -> float:
    """WCAG 2 contrast ratio of a colour against white (white text on the header, links on the page)."""
    return contrast(color, "#ffffff")


def _mix(color: str, other: str, share: float) -> str:
    """`color` with `share` (0 to 1) of `other` mixed in, as #rrggbb (CSS color-mix in srgb)."""
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(_rgb(color), _rgb(other), strict=True))


def _mix_with_white(color: str, share: float) -> str:
    return _mix(color, "#ffffff", share)


def card_background(color: str, dark: bool) -> str:
    """The care cards' background: the brand colour mixed into the page's (patient.css, color-mix)."""
    return _mix(color, DARK_BACKGROUND if dark else "#ffffff", 1 - (CARD_TINT_DARK if dark else CARD_TINT_LIGHT))


def on_dark(color: str, target: float = DARK_TARGET) -> str:
    """The lightest-needed tint of a brand colour that reads on the dark scheme's background: the colour with
    white mixed in, in small steps, until its contrast reaches `target` (the brand's hue, legible)."""
    for step in range(0, 101, 2):
        tint = _mix_with_white(color, step / 100)
        if contrast(tint, DARK_BACKGROUND) >= target and contrast(tint, card_background(tint, True)) >= MIN_CONTRAST:
            return tint
    return "#ffffff"


BRAND_FILE_RE = re.compile(r"[\w-][\w.-]*\.(?:svg|png|webp|jpe?g)")


def brand_images(extra: Mapping | None, brand_dir: Path = BRAND_DIR) -> list[Path]:
    """The files of brand/ the settings name (the clinic's logo, the topic's sharing image), each once, that
    exist: what the build publishes as assets/images/<name>. A name with a folder in it, or a file that is not
    there, is left out here and reported by the rules."""
    extra = extra or {}
    clinic, topic_settings = extra.get("clinic"), extra.get("topic")
    names = [
        (clinic or {}).get("logo") if isinstance(clinic, Mapping) else None,
        (topic_settings or {}).get("social_card") if isinstance(topic_settings, Mapping) else None,
    ]
    found: list[Path] = []
    for name in names:
        if isinstance(name, str) and BRAND_FILE_RE.fullmatch(name):
            path = brand_dir / name
            if path.is_file() and not path.is_symlink() and path not in found:
                found.append(path)
    return found


def brand_colors(clinic: Mapping | None) -> dict[str, str]:
    """Every colour the templates set as CSS custom properties (overrides/main.html, the root pages): the
    clinic's primary and accent for the light scheme and the header, and their dark-scheme versions (given as
    primary_dark / accent_dark, else tinted from the light ones to read on the dark background). Values are
    #hex only (what scripts/postprocess/pages.py own_inline_code vouches for); a value that is not falls back to the
    theme's default (the clinic-colors rule reports it)."""
    given = (clinic or {}).get("colors") if isinstance(clinic, Mapping) else None
    given = given if isinstance(given, Mapping) else {}

    def pick(key: str) -> str | None:
        value = given.get(key)
        return value if isinstance(value, str) and COLOR_RE.fullmatch(value) else None

    result = {key: pick(key) or DEFAULT_COLORS[key] for key in ("primary", "accent")}
    for key in ("primary", "accent"):
        dark = f"{key}_dark"
        if pick(dark):
            result[dark] = cast(str, pick(dark))
        elif pick(key):
            result[dark] = on_dark(result[key])
        else:
            result[dark] = DEFAULT_COLORS[dark]
    return result


def _ratio(value: float) -> str:
    """A contrast ratio rounded down, so that one below 4.5 never reads "4.5"."""
    return f"{math.floor(value * 10) / 10:.1f}"


def _readable_colour(value: object, info: ValidationInfo) -> object:
    """A #hex value that keeps text readable, 4.5:1 (WCAG AA): primary and accent on white (links, and white
    text on the primary header), their dark versions on the dark background; the primary colours also on the
    care cards' tint of them (links inside a card)."""
    key = str(info.field_name)
    if not (isinstance(value, str) and COLOR_RE.fullmatch(value)):
        raise fail(f"{value!r} is not a colour", "write it as #rrggbb, e.g. '#005a70'")
    dark = key.endswith("_dark")
    if dark and contrast(value, DARK_BACKGROUND) < MIN_CONTRAST:
        raise fail(
            f"{value} on the dark scheme's background ({DARK_BACKGROUND}) has a contrast of "
            f"{_ratio(contrast(value, DARK_BACKGROUND))}:1, below the 4.5:1 that WCAG AA needs for text",
            "choose a lighter shade, or remove it to have one tinted from the light colour",
        )
    if not dark and contrast_with_white(value) < MIN_CONTRAST:
        raise fail(
            f"{value} on white has a contrast of {_ratio(contrast_with_white(value))}:1, below the 4.5:1 that "
            "WCAG AA needs for text",
            "choose a darker shade",
        )
    card = card_background(value, dark)
    ratio = contrast(value, card)
    if key.startswith("primary") and ratio < MIN_CONTRAST:
        raise fail(
            f"{value} on the care cards' tint of it ({card}) has a contrast of {_ratio(ratio)}:1, "
            "below the 4.5:1 that WCAG AA needs for text",
            f"choose a {'lighter' if dark else 'darker'} shade",
        )
    return value


Colour = Annotated[Any, AfterValidator(_readable_colour)]


class ColorSettings(Settings):
    """extra.clinic.colors: the brand colours carry text (links, menu, care cards, timeline, the header)."""

    noun = "colour"
    shape = ("'primary' and 'accent' colours", 'write them as primary: "#rrggbb"')
    primary: Colour = None
    accent: Colour = None
    primary_dark: Colour = None
    accent_dark: Colour = None


def color_problems(clinic: Mapping | None, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """extra.clinic.colors (ColorSettings), each problem with its line when `lines` are given."""
    if not isinstance(clinic, Mapping):
        return []
    return validate(ColorSettings, clinic.get("colors") or {}, "extra.clinic.colors", lines)[1]


@dataclasses.dataclass(frozen=True)
class EmergencyNumber:
    region: str  # ISO 3166 code or EU
    number: str
    label: str  # "SAMU", or "" when the region says it all


EMERGENCY_EXAMPLE = '- {region: FR, number: "15", label: "SAMU"}'


def _region(value: object) -> str:
    if not isinstance(value, str) or value not in Locale.parse("en").territories:
        raise fail(f"unknown region {value!r}", "use a code such as EU, FR, GB, IT")
    return value


def _emergency_number(value: object) -> str:
    if isinstance(value, bool) or not (isinstance(value, (str, int)) and EMERGENCY_RE.fullmatch(str(value))):
        raise fail(f"{value!r} is not an emergency number", "digits only, in quotes")
    return str(value)


Region = Annotated[Any, AfterValidator(_region)]
Number = Annotated[Any, AfterValidator(_emergency_number)]


class EmergencyNumberSettings(Settings):
    noun = "field"
    shape = ("region, number and label", f"write it as {EMERGENCY_EXAMPLE}")
    region: Region = Field(description="a region — use a code such as EU, FR, GB, IT")
    number: Number = Field(description="a number — digits only, in quotes")
    label: str | None = Field(None, description="text — put it in quotes")


def _each_number_once(items: list[EmergencyNumberSettings]) -> list[EmergencyNumberSettings]:
    given = [(item.region, item.number) for item in items]
    if twice := [(index, given.index(key)) for index, key in enumerate(given) if given.index(key) != index]:
        where = "is already listed at emergency_numbers"
        raise entries(*((f"[{i}]", f"{' '.join(given[i])} {where}[{first}]", "keep one") for i, first in twice))
    return items


def _numbers_in_order(value: object) -> list[EmergencyNumber]:
    """Both forms as one list, in the order written (the older map gives one number per region, no label)."""
    if isinstance(value, Mapping):
        return [EmergencyNumber(region, number, "") for region, number in value.items()]
    return [EmergencyNumber(item.region, item.number, (item.label or "").strip()) for item in value]  # type: ignore[attr-defined]


# A list of {region, number, label}, or the older map REGION: number (one number per region), still read.
EmergencyNumbers = Annotated[
    Annotated[Annotated[list[EmergencyNumberSettings], AfterValidator(_each_number_once)], Tag("[list]")]
    | Annotated[dict[Region, Number], Tag("[map]")],
    Discriminator(lambda value: "[map]" if isinstance(value, Mapping) else "[list]"),
    AfterValidator(_numbers_in_order),
]


def emergency_numbers(value: object) -> list[EmergencyNumber]:
    """extra.clinic.emergency_numbers in the order written; none while any is wrong (the rule says which)."""
    read, _ = errors(ClinicSettings, {"emergency_numbers": value or []})
    return read.emergency_numbers if read is not None else []


def _valid_phone(value: str) -> bool:
    return bool(PHONE_RE.fullmatch(value)) and sum(c.isdigit() for c in value) >= PHONE_MIN_DIGITS


def _logo(value: str, info: ValidationInfo) -> str:
    if value and ("/" in value or not re.fullmatch(r"[\w.-]+\.(?:svg|png|webp)", value)):
        raise fail(
            f"{value!r} is not the file name of an image",
            "give the file name of an .svg, .png or .webp image saved in brand/, e.g. 'clinic-logo.svg'",
        )
    # The brand folder of the project being checked (a copy, a fixture), not necessarily this checkout's.
    brand_dir = Path((info.context or {}).get("brand_dir") or LOGO_DIR)
    if value and not (brand_dir / value).is_file():
        raise fail(f"brand/{value} does not exist", "save the logo there")
    return value


def _website(value: str) -> str:
    if value and not _valid_url(value.strip()):
        raise fail(f"{value!r} is not a web address starting with https://", "write it as https://…")
    return value


def _email(value: str) -> str:
    if value.strip() and not EMAIL_RE.fullmatch(value.strip()):
        raise fail(f"{value!r} is not an e-mail address", "write it as name@clinic.org")
    return value


TEXT = "text — put it in quotes"
# The longest contact details the printed consultation sheet holds on one A4 or Letter page in every language with
# the sign-off's longest names (scripts/rules/signoff.py PERSON_LIMIT): tests/clinic_copy.py gives a clinic each at
# its limit, and tests/test_clinic_copy.py prints the sheet.
CONTACT_LIMITS = {"name": 60, "phone": 30, "email": 50, "address": 80, "opening_hours": 60, "website": 50}
SHEET = "the printed consultation sheet"


def _contact(key: str) -> AfterValidator:
    return at_most(CONTACT_LIMITS[key], SHEET)


class ClinicSettings(Settings):
    """extra.clinic: who publishes the site, shown in the header, the footer, the care cards and the leaflet.
    An empty value means the neutral default."""

    shape = ("a set of settings (name, phone, …)", "write them as `name: value` lines, indented under clinic:")
    name: Annotated[str, _contact("name")] | None = Field(None, description=TEXT)
    phone: Annotated[str, _contact("phone")] | None = Field(None, description=TEXT)
    email: Annotated[str, AfterValidator(_email), _contact("email")] | None = Field(None, description=TEXT)
    address: Annotated[str, _contact("address")] | None = Field(None, description=TEXT)
    opening_hours: Annotated[str, _contact("opening_hours")] | None = Field(None, description=TEXT)
    website: Annotated[str, AfterValidator(_website), _contact("website")] | None = Field(None, description=TEXT)
    logo: Annotated[str, AfterValidator(_logo)] | None = Field(None, description=TEXT)
    colors: Any = None  # ColorSettings, the clinic-colors rule
    emergency_numbers: EmergencyNumbers = Field(
        [], description=f"a list of numbers — write one line per number, e.g. {EMERGENCY_EXAMPLE}"
    )
    signoff: Any = None  # scripts/rules/signoff.py, the signoff-settings rule
    paper: Any = None  # scripts/renderers/leaflet.py, the leaflet-settings rule

    @field_validator("emergency_numbers", mode="before")
    @classmethod
    def _none_is_no_number(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value.strip() and not _valid_phone(value.strip()):
            raise fail(
                f"{value!r} is not a phone number",
                "write its digits, with spaces, dots, dashes, brackets and a leading + only, e.g. '+33 1 23 45 67 89'",
            )
        if value is not None and not value.strip() and info.data.get("name"):
            raise fail("empty", "a named clinic must give a phone number patients can call")
        return value


def check_clinic(clinic: object, lines: Mapping[str, int] | None = None, brand_dir: Path = BRAND_DIR) -> list[Problem]:
    """Problems in `extra.clinic` (ClinicSettings), each with its line when `lines` are given; the logo is
    looked for in `brand_dir` (the checked project's brand/)."""
    return validate(ClinicSettings, clinic, "extra.clinic", lines, context={"brand_dir": brand_dir})[1]


@dataclasses.dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    forms: tuple[str, ...]


def load_glossary(lang: str, glossary_dir: Path = GLOSSARY_DIR) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Entries of glossary/<lang>.yml and the problems found (duplicates, empty, malformed), each on the line
    of its entry."""
    path = glossary_dir / f"{lang}.yml"
    rel = f"glossary/{lang}.yml"
    try:
        data = read_yaml(
            path,
            glossary_dir.parent,
            fix_missing="every language needs a glossary; copy glossary/en.yml and translate it",
        )
    except EditorFileError as exc:
        return [], [exc.problem]
    shape = "write each entry as '- term: …' with 'definition: …' below it"
    if not isinstance(data, list):
        return [], [Problem(rel, 1, "expected a list of '- term: … / definition: …' entries", shape)]
    lines = setting_lines(path.read_text(encoding="utf-8"))
    problems: list[Problem] = []
    entries: list[GlossaryEntry] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(data):
        line = lines.get(f"[{index}]", 1)

        def report(what: str, fix: str, where: str = f"entry {index + 1}", line: int = line) -> None:
            problems.append(Problem(rel, line, f"{where}: {what}", fix))

        if not isinstance(item, dict):
            report("expected 'term:' and 'definition:'", shape)
            continue
        term, definition = item.get("term"), item.get("definition")
        if not isinstance(term, str) or not term.strip():
            report("'term' is empty", "write the word being explained")
            continue
        where = f"entry '{term}'"
        if not isinstance(definition, str) or not definition.strip():
            report("'definition' is empty", "explain the word in one plain sentence", where)
            continue
        if '"' in definition or "]" in definition:
            report("'definition' contains \" or ]", "rephrase without them", where)
        also = item.get("also") or []
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            report("'also' must be a list of other spellings", "write it as also: [spelling, other spelling]", where)
            also = []
        forms = []
        for form in [term, *also]:
            for variant in (form, form[:1].upper() + form[1:]):
                if variant not in forms:
                    forms.append(variant)
        for form in dict.fromkeys(f.lower() for f in forms):
            if form in seen:
                report(f"'{form}' is already defined by entry '{seen[form]}'", "keep one definition", where)
            seen.setdefault(form, term)
        entries.append(GlossaryEntry(term.strip(), " ".join(definition.split()), tuple(forms)))
    return entries, problems
