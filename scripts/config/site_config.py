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
from typing import cast
from urllib.parse import urlparse

from babel import Locale, UnknownLocaleError

from scripts.config.editor_files import EditorFileError, read_yaml
from scripts.config.paths import ROOT

GLOSSARY_DIR = ROOT / "glossary"
LOGO_DIR = ROOT / "overrides" / "assets" / "images"
COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# The theme's own colours (overrides/assets/stylesheets/patient.css) when a clinic gives none.
DEFAULT_COLORS = {"primary": "#005a70", "accent": "#8a3b12", "primary_dark": "#8fd3e6", "accent_dark": "#ffb38a"}
COLOR_KEYS = tuple(DEFAULT_COLORS)
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
CLINIC_TEXT_FIELDS = ("name", "phone", "email", "address", "opening_hours", "website", "logo")


class ConfigError(ValueError):
    """A setting is wrong; the message names it and says how to fix it."""


@dataclasses.dataclass(frozen=True)
class Language:
    code: str  # folder and URL segment: docs/<code>/, site/<code>/
    name: str  # shown in the language switcher, in its own language
    locale: str  # Babel locale for dates and numbers, e.g. en_GB


def languages(extra: Mapping) -> list[Language]:
    """The site's languages from `extra.alternate`, in switcher order (first = x-default)."""
    problems, result = [], []
    for index, alt in enumerate(extra.get("alternate") or []):
        where = f"mkdocs.yml extra.alternate[{index}]"
        code, name = alt.get("lang"), alt.get("name")
        locale = alt.get("locale") or code
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code or ""):
            problems.append(f"{where}.lang: {code!r} is not a language code — use a two-letter code such as 'fr'")
            continue
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError, TypeError):
            problems.append(f"{where}.locale: {locale!r} is not a locale Babel knows — use e.g. 'fr_FR'")
            continue
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}.name: missing — write the language's name in that language, e.g. 'Français'")
        result.append(Language(code, name or code, str(locale)))
    if not result and not problems:
        problems.append("mkdocs.yml extra.alternate: no languages — list at least one {name, lang, link}")
    codes = [lang.code for lang in result]
    for code in {c for c in codes if codes.count(c) > 1}:
        problems.append(f"mkdocs.yml extra.alternate: language '{code}' is listed twice — keep one entry")
    if problems:
        raise ConfigError("\n".join(problems))
    return result


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


def site_address_problems(config: Mapping) -> list[str]:
    """site_url: where the site is published, as https://host/path/ (every page's links and QR codes)."""
    value = config.get("site_url")
    if not isinstance(value, str) or not value.strip():
        return ["mkdocs.yml site_url: missing — set the address the site is published at, https://…/"]
    if not _valid_url(value.strip()):
        return [f"mkdocs.yml site_url: {value!r} is not an https:// address — write it as https://host/path/"]
    return []


def placeholder_problems(config: Mapping) -> list[str]:
    """Addresses still the examples shipped with the project: a warning while editing, refused in release."""
    clinic = (config.get("extra") or {}).get("clinic")
    settings = [("site_url", config.get("site_url"))]
    if isinstance(clinic, dict):
        settings.append(("extra.clinic.website", clinic.get("website")))
    return [
        f"mkdocs.yml {name}: {value} is an example address — set the clinic's own address "
        "before publishing (the printed QR codes point there)"
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


def color_problems(clinic: Mapping | None) -> list[str]:
    """extra.clinic.colors: #hex values that keep text readable, 4.5:1 (WCAG AA) for primary and accent on
    white (links, and white text on the primary header) and for their dark versions on the dark background."""
    if not isinstance(clinic, Mapping):
        return []
    where = "mkdocs.yml extra.clinic.colors"
    colors = clinic.get("colors") or {}
    if not isinstance(colors, dict):
        return [f"{where}: expected 'primary' and 'accent' colours — write them as primary: \"#rrggbb\""]
    problems = []
    for key, value in colors.items():
        if key not in COLOR_KEYS:
            problems.append(f"{where}.{key}: unknown colour — allowed: {', '.join(COLOR_KEYS)}")
        elif not (isinstance(value, str) and COLOR_RE.fullmatch(value)):
            problems.append(f"{where}.{key}: {value!r} is not a colour — write it as #rrggbb, e.g. '#005a70'")
        elif key.endswith("_dark"):
            ratio = contrast(value, DARK_BACKGROUND)
            if ratio < MIN_CONTRAST:
                problems.append(
                    f"{where}.{key}: {value} on the dark scheme's background ({DARK_BACKGROUND}) has a contrast "
                    f"of {_ratio(ratio)}:1, below the 4.5:1 that WCAG AA needs for text — choose a lighter shade, "
                    "or remove it to have one tinted from the light colour"
                )
        elif contrast_with_white(value) < MIN_CONTRAST:
            problems.append(
                f"{where}.{key}: {value} on white has a contrast of "
                f"{_ratio(contrast_with_white(value))}:1, below the 4.5:1 that WCAG AA needs for text — "
                "choose a darker shade"
            )
    # Links inside a care card sit on the card's tint of the primary colour, a little darker or lighter.
    for key, dark in (("primary", False), ("primary_dark", True)):
        value = colors.get(key)
        if not (isinstance(value, str) and COLOR_RE.fullmatch(value)):
            continue
        card = card_background(value, dark)
        ratio = contrast(value, card)
        if ratio < MIN_CONTRAST and not any(p.startswith(f"{where}.{key}:") for p in problems):
            problems.append(
                f"{where}.{key}: {value} on the care cards' tint of it ({card}) has a contrast of {_ratio(ratio)}:1, "
                f"below the 4.5:1 that WCAG AA needs for text — choose a {'lighter' if dark else 'darker'} shade"
            )
    return problems


@dataclasses.dataclass(frozen=True)
class EmergencyNumber:
    region: str  # ISO 3166 code or EU
    number: str
    label: str  # "SAMU", or "" when the region says it all


def emergency_numbers(value: object) -> list[EmergencyNumber]:
    """extra.clinic.emergency_numbers in the order written: a list of {region, number, label}, or the older
    map REGION: number (one number per region). Entries that are not well formed are left out (reported by
    emergency_number_problems)."""
    if isinstance(value, Mapping):
        value = [{"region": region, "number": number} for region, number in value.items()]
    if not isinstance(value, list):
        return []
    found = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        region, number, label = item.get("region"), item.get("number"), item.get("label") or ""
        if isinstance(region, str) and isinstance(number, (str, int)) and isinstance(label, str):
            if not isinstance(number, bool) and EMERGENCY_RE.fullmatch(str(number)):
                found.append(EmergencyNumber(region, str(number), label.strip()))
    return found


def emergency_number_problems(value: object) -> list[str]:
    """Each number with a known region, digits only, an optional label, and no number given twice."""
    where = "mkdocs.yml extra.clinic.emergency_numbers"
    example = '- {region: FR, number: "15", label: "SAMU"}'
    if value is None or value == {} or value == []:
        return []
    english = Locale.parse("en")
    problems = []
    if isinstance(value, Mapping):  # the older form, still read: one number per region
        items = [(f"{where}.{region}", {"region": region, "number": number}) for region, number in value.items()]
    elif isinstance(value, list):
        items = [(f"{where}[{index}]", item) for index, item in enumerate(value)]
    else:
        return [f"{where}: expected a list of numbers — write one line per number, e.g. {example}"]
    seen: dict[tuple[str, str], str] = {}
    for place, item in items:
        if not isinstance(item, Mapping):
            problems.append(f"{place}: expected region, number and label — write it as {example}")
            continue
        unknown = sorted(str(key) for key in item if key not in ("region", "number", "label"))
        if unknown:
            problems.append(f"{place}.{unknown[0]}: unknown field — the fields are region, number, label")
        region, number, label = item.get("region"), item.get("number"), item.get("label")
        if not isinstance(region, str) or region not in english.territories:
            problems.append(f"{place}: unknown region {region!r} — use a code such as EU, FR, GB, IT")
        if isinstance(number, bool) or not (isinstance(number, (str, int)) and EMERGENCY_RE.fullmatch(str(number))):
            problems.append(f"{place}: {number!r} is not an emergency number — digits only, in quotes")
        if label is not None and not isinstance(label, str):
            problems.append(f"{place}.label: expected text, got {type(label).__name__} — put it in quotes")
        key = (str(region), str(number))
        if key in seen:
            problems.append(f"{place}: {region} {number} is already listed at {seen[key]} — keep one")
        seen.setdefault(key, place.split(" ", 1)[-1])
    return problems


def _valid_phone(value: str) -> bool:
    return bool(PHONE_RE.fullmatch(value)) and sum(c.isdigit() for c in value) >= PHONE_MIN_DIGITS


def check_clinic(clinic: dict | None) -> list[str]:
    """Problems in `extra.clinic`; an empty value means the neutral default."""
    if clinic is None:
        return []
    if not isinstance(clinic, dict):
        return ["mkdocs.yml extra.clinic: expected a set of settings (name, phone, …)"]
    problems = []
    where = "mkdocs.yml extra.clinic"
    known = set(CLINIC_TEXT_FIELDS) | {
        "colors",
        "emergency_numbers",
        "signoff",  # signoff: scripts/rules/signoff.py
        "paper",
    }  # paper: scripts/renderers/leaflet.py
    for key in clinic:
        if key not in known:
            problems.append(f"{where}.{key}: unknown setting — allowed: {', '.join(sorted(known))}")
    for key in CLINIC_TEXT_FIELDS:
        value = clinic.get(key, "")
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{where}.{key}: expected text, got {type(value).__name__} — put it in quotes")
    logo = clinic.get("logo") or ""
    if isinstance(logo, str) and logo:
        if "/" in logo or not re.fullmatch(r"[\w.-]+\.(?:svg|png|webp)", logo):
            problems.append(
                f"{where}.logo: {logo!r} — give the file name of an .svg, .png or .webp image "
                f"saved in overrides/assets/images/, e.g. 'clinic-logo.svg'"
            )
        elif not (LOGO_DIR / logo).is_file():
            problems.append(f"{where}.logo: overrides/assets/images/{logo} does not exist — save the logo there")
    website = clinic.get("website") or ""
    if isinstance(website, str) and website and not _valid_url(website.strip()):
        problems.append(
            f"{where}.website: {website!r} is not a web address starting with https:// — write it as https://…"
        )
    phone = clinic.get("phone")
    if isinstance(phone, str) and phone.strip() and not _valid_phone(phone.strip()):
        problems.append(
            f"{where}.phone: {phone!r} is not a phone number — write its digits, with spaces, dots, dashes, "
            "brackets and a leading + only, e.g. '+33 1 23 45 67 89'"
        )
    if "phone" in clinic and isinstance(phone, str) and clinic.get("name") and not phone.strip():
        problems.append(f"{where}.phone: empty — a named clinic must give a phone number patients can call")
    email = clinic.get("email")
    if isinstance(email, str) and email.strip() and not EMAIL_RE.fullmatch(email.strip()):
        problems.append(f"{where}.email: {email!r} is not an e-mail address — write it as name@clinic.org")
    problems += emergency_number_problems(clinic.get("emergency_numbers"))
    return problems


@dataclasses.dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    forms: tuple[str, ...]


def load_glossary(lang: str, glossary_dir: Path = GLOSSARY_DIR) -> tuple[list[GlossaryEntry], list[str]]:
    """Entries of glossary/<lang>.yml and the problems found (duplicates, empty, malformed)."""
    path = glossary_dir / f"{lang}.yml"
    rel = f"glossary/{lang}.yml"
    try:
        data = read_yaml(
            path,
            glossary_dir.parent,
            fix_missing="every language needs a glossary; copy glossary/en.yml and translate it",
        )
    except EditorFileError as exc:
        return [], [str(exc.problem)]
    if not isinstance(data, list):
        return [], [f"{rel}: expected a list of '- term: … / definition: …' entries"]
    problems: list[str] = []
    entries: list[GlossaryEntry] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(data):
        where = f"{rel} entry {index + 1}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected 'term:' and 'definition:'")
            continue
        term, definition = item.get("term"), item.get("definition")
        if not isinstance(term, str) or not term.strip():
            problems.append(f"{where}: 'term' is empty — write the word being explained")
            continue
        where = f"{rel} entry '{term}'"
        if not isinstance(definition, str) or not definition.strip():
            problems.append(f"{where}: 'definition' is empty — explain the word in one plain sentence")
            continue
        if '"' in definition or "]" in definition:
            problems.append(f"{where}: 'definition' contains \" or ] — rephrase without them")
        also = item.get("also") or []
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            problems.append(f"{where}: 'also' must be a list of other spellings")
            also = []
        forms = []
        for form in [term, *also]:
            for variant in (form, form[:1].upper() + form[1:]):
                if variant not in forms:
                    forms.append(variant)
        for form in dict.fromkeys(f.lower() for f in forms):
            if form in seen:
                problems.append(f"{where}: '{form}' is already defined by entry '{seen[form]}' — keep one definition")
            seen.setdefault(form, term)
        entries.append(GlossaryEntry(term.strip(), " ".join(definition.split()), tuple(forms)))
    return entries, problems
