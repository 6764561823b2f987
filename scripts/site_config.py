"""Reading and validating the configuration shared by every language build.

Everything here is pure: it takes the loaded `mkdocs.yml` values and returns
validated settings or a list of problems naming the setting and the fix.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

from babel import Locale, UnknownLocaleError

from scripts.editor_files import EditorFileError, read_yaml
from scripts.paths import ROOT

GLOSSARY_DIR = ROOT / "glossary"
LOGO_DIR = ROOT / "overrides" / "assets" / "images"
COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
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


def contrast_with_white(color: str) -> float:
    """WCAG 2 contrast ratio of a #rgb/#rrggbb colour against white (white text on the header)."""
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


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
        "signoff",  # signoff: scripts/signoff.py
        "paper",
    }  # paper: scripts/leaflet.py
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
    colors = clinic.get("colors") or {}
    if not isinstance(colors, dict):
        problems.append(f"{where}.colors: expected 'primary' and 'accent' colours")
        colors = {}
    for key, value in colors.items():
        if key not in ("primary", "accent"):
            problems.append(f"{where}.colors.{key}: unknown colour — allowed: primary, accent")
        elif not (isinstance(value, str) and COLOR_RE.fullmatch(value)):
            problems.append(f"{where}.colors.{key}: {value!r} is not a colour — write it as #rrggbb, e.g. '#005a70'")
        elif contrast_with_white(value) < 4.5:
            problems.append(
                f"{where}.colors.{key}: {value} on white has a contrast of "
                f"{contrast_with_white(value):.1f}:1, below the 4.5:1 that WCAG AA needs for text — "
                "choose a darker shade"
            )
    numbers = clinic.get("emergency_numbers") or {}
    if not isinstance(numbers, dict):
        problems.append(f"{where}.emergency_numbers: expected 'REGION: number' lines, e.g. EU: \"112\"")
        numbers = {}
    english = Locale.parse("en")
    for region, number in numbers.items():
        if str(region) not in english.territories:
            problems.append(f"{where}.emergency_numbers.{region}: unknown region — use a code such as EU, FR, GB, IT")
        if not (isinstance(number, (str, int)) and re.fullmatch(r"[0-9]{2,6}", str(number))):
            problems.append(
                f"{where}.emergency_numbers.{region}: {number!r} is not an emergency number — digits only, in quotes"
            )
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
