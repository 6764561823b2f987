"""What the site is about, as configuration: mkdocs.yml `extra.topic` (each language's name for it in its own
mkdocs.<lang>.yml), so that a second topic is a change of content and settings, never of code.

    extra:
      topic:
        name: "…"                 # the subject of every page's structured data (JSON-LD "about")
        schema_type: MedicalProcedure   # its schema.org type
        icon: "M10 26V13…"        # the favicon: an SVG path in a 32×32 box, drawn white on the primary colour
        social_card: card.png     # the sharing image, a file in brand/

A clinic's logo (extra.clinic.logo) is the favicon when it is set. Everything here is pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from scripts.config.paths import BRAND_DIR

IMAGES_DIR = BRAND_DIR
FIELDS = ("name", "schema_type", "icon", "social_card")
DEFAULT_SCHEMA_TYPE = "MedicalProcedure"
# schema.org types a patient page may be "about" (https://schema.org/MedicalEntity and its kinds).
SCHEMA_TYPES = (
    "MedicalProcedure",
    "TherapeuticProcedure",
    "DiagnosticProcedure",
    "SurgicalProcedure",
    "MedicalTherapy",
    "MedicalCondition",
    "MedicalTest",
    "Drug",
    "MedicalDevice",
    "MedicalEntity",
)
# SVG path data only: commands, numbers, separators. Nothing that could end the attribute or the data: URL.
ICON_PATH_RE = re.compile(r"[MmLlHhVvCcSsQqTtAaZz0-9 .,eE+-]{1,2000}")
SOCIAL_CARD_RE = re.compile(r"[\w.-]+\.(?:png|jpe?g)")
# A rounded square of the primary colour with the topic's white shape on it: an inline icon, one request fewer.
ICON_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' "
    "fill='{fill}'/><path d='{path}' fill='#fff'/></svg>"
)
WHERE = "mkdocs.yml extra.topic"


def settings(extra: Mapping | None) -> dict:
    """extra.topic as a mapping ({} when missing or malformed: the topic-settings rule reports it)."""
    value = (extra or {}).get("topic") if isinstance(extra, Mapping) else None
    return dict(value) if isinstance(value, Mapping) else {}


def name(extra: Mapping | None) -> str:
    value = settings(extra).get("name")
    return value.strip() if isinstance(value, str) else ""


def schema_type(extra: Mapping | None) -> str:
    value = settings(extra).get("schema_type")
    return value if isinstance(value, str) and value in SCHEMA_TYPES else DEFAULT_SCHEMA_TYPE


def about(extra: Mapping | None) -> dict | None:
    """The JSON-LD "about" of every page: the topic in the page's language, or None when it has no name."""
    found = name(extra)
    return {"@type": schema_type(extra), "name": found} if found else None


def favicon(extra: Mapping | None, primary: str) -> str:
    """The favicon as a data: URL: the topic's icon on the primary colour, or the plain square without one
    (a page always names its icon: browsers would otherwise ask the host for /favicon.ico, outside the site)."""
    path = settings(extra).get("icon")
    path = " ".join(path.split()) if isinstance(path, str) and ICON_PATH_RE.fullmatch(path.strip()) else ""
    svg = (
        ICON_SVG.format(fill=primary, path=path) if path else ICON_SVG.split("<path")[0].format(fill=primary) + "</svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="/:=")


def social_card(extra: Mapping | None) -> str | None:
    """The sharing image's file name in brand/, or None."""
    value = settings(extra).get("social_card")
    return value if isinstance(value, str) and SOCIAL_CARD_RE.fullmatch(value) else None


def problems(extra: Mapping | None, images: Path = IMAGES_DIR) -> list[str]:
    """extra.topic of mkdocs.yml: a name, a known schema.org type, an icon of SVG path data, an image file."""
    value = (extra or {}).get("topic") if isinstance(extra, Mapping) else None
    if value is None:
        return [f'{WHERE}: missing — name what the pages are about, e.g. topic: {{name: "…"}}']
    if not isinstance(value, Mapping):
        return [f"{WHERE}: expected settings (name, schema_type, icon, social_card) — write them one per line"]
    found = []
    for key in value:
        if key not in FIELDS:
            found.append(f"{WHERE}.{key}: unknown setting — allowed: {', '.join(FIELDS)}")
    if not name(extra):
        found.append(f"{WHERE}.name: missing — name what the pages are about, in the language of mkdocs.yml")
    kind = value.get("schema_type")
    if kind is not None and kind not in SCHEMA_TYPES:
        found.append(
            f"{WHERE}.schema_type: {kind!r} is not a type pages may be about — use one of {', '.join(SCHEMA_TYPES)}"
        )
    icon = value.get("icon")
    if icon is not None and not (isinstance(icon, str) and ICON_PATH_RE.fullmatch(icon.strip())):
        found.append(f'{WHERE}.icon: not SVG path data — give the d="…" of one <path> in a 32×32 box, in quotes')
    card = value.get("social_card")
    if card is not None:
        if not (isinstance(card, str) and SOCIAL_CARD_RE.fullmatch(card)):
            found.append(
                f"{WHERE}.social_card: {card!r} — give the file name of a .png or .jpg image saved in "
                "brand/, e.g. 'social-card.png'"
            )
        elif not (images / card).is_file():
            found.append(f"{WHERE}.social_card: brand/{card} does not exist — save the image there")
    return found


def language_problems(code: str, extra: Mapping | None, base_extra: Mapping | None) -> list[str]:
    """A translated language names the topic in its own words (mkdocs.<code>.yml extra.topic.name); without it,
    its pages' structured data would name the topic in the language of mkdocs.yml."""
    if name(extra) and name(extra) != name(base_extra):
        return []
    what = "not translated" if name(extra) else "missing"
    return [
        f'mkdocs.{code}.yml extra.topic.name: {what} — add `extra: {{topic: {{name: "…"}}}}` with the topic\'s '
        f"name in this language (mkdocs.yml says {name(base_extra)!r})"
    ]
