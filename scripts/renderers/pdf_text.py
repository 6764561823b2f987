"""The leaflet's text layer: what a screen reader, a search or a copy-paste gets back from the PDF.

Two faults of the text layer WeasyPrint writes for Arabic, fixed through its `finisher` hook on the PDF
objects before they are serialised (tags, ids and dates untouched: the bytes stay reproducible):

1. A glyph that stands for several characters — the lam-alef ligature "لا", which Arabic always draws
   as one glyph — is mapped in the font's ToUnicode CMap to both characters. PDF readers do not agree
   on what to do with such a glyph in a right-to-left line: poppler (pdftotext, Evince) and MuPDF
   reverse the line after expanding the glyph and read "ال" ("الاستشارة" as "االستشارة"), pdf.js and
   pypdf reverse the glyph's text first and read "لا" (reports: PyMuPDF #2199, pypdf #1589,
   pdfminer.six #850). Every reader agrees on glyphs of one character each, so the ligature is mapped
   to its first character and the others are drawn beside it as invisible (render mode 3),
   zero-advance glyphs of the same font that the text already uses for those characters: nothing on
   the page moves or changes, and each reader orders them like any other letters. Where the font has
   no such glyph in use, the ligature's text is written in the order poppler and MuPDF expect.

2. WeasyPrint maps each glyph once, to the text of the first cluster it is drawn in. A cluster of two
   glyphs — lam-alef with a shadda above it, "لّا" — gives its whole text to the first glyph, the
   shadda, which then reads "لّا" wherever it is used ("يديّ" as "يديلّا"). A glyph whose text is a
   cluster made of another glyph's text plus combining marks is mapped to the marks alone.

Everything but `finisher` is pure: CMap lines and content-stream operators in, the same out.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping

# A ToUnicode entry as WeasyPrint writes it: `<glyph id> <UTF-16BE text>` inside a bfchar block.
BFCHAR_RE = re.compile(rb"^<([0-9a-fA-F]{4})> <([0-9a-fA-F]*)>$")
TF_RE = re.compile(rb"^/(\S+) \S+ Tf$")
TR_RE = re.compile(rb"^(\d) Tr$")
TJ_RE = re.compile(rb"^\[(.*)\] TJ$", re.S)
TJ_PART_RE = re.compile(rb"<([0-9a-fA-F]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)")
RIGHT_TO_LEFT = ("R", "AL")
INVISIBLE = b"3 Tr"


def right_to_left(text: str) -> bool:
    """Whether the text's first strongly-directional character is right-to-left (Hebrew, Arabic…)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RIGHT_TO_LEFT:
            return True
        if kind == "L":
            return False
    return False


def visual_order(text: str) -> str:
    """A glyph's text as poppler and MuPDF expect it: reversed when it is a right-to-left cluster of several."""
    return text[::-1] if len(text) > 1 and right_to_left(text) else text


def _marks(text: str) -> str:
    return "".join(char for char in text if unicodedata.combining(char))


def _without_marks(text: str) -> str:
    return "".join(char for char in text if not unicodedata.combining(char))


@dataclasses.dataclass(frozen=True)
class FontFix:
    """What changes for one font: its new ToUnicode texts, and the invisible glyphs drawn before a ligature."""

    texts: Mapping[int, str]  # glyph → its text, for the glyphs whose text changes
    carriers: Mapping[int, tuple[tuple[int, float], ...]]  # ligature glyph → ((glyph, width), …) in stream order


def _suspect(text: str) -> bool:
    """A text WeasyPrint may have given the wrong glyph: none, or a right-to-left cluster with marks."""
    return text == "" or (len(text) > 1 and bool(_marks(text)) and right_to_left(text))


def _corrected(glyph: int, text: str, others: set[str], nominal: Mapping[int, tuple[str, ...]]) -> str:
    """The text of a glyph WeasyPrint mapped to nothing or to a whole cluster with marks (fault 2)."""
    # What the font itself says the glyph is (its character, or the ligature's characters), when it says.
    candidates = [found for found in nominal.get(glyph, ()) if found and (text == "" or found in text)]
    if candidates:
        return candidates[0]
    marks, base = _marks(text), _without_marks(text)
    if text and marks and base and base in others - {text}:
        return marks  # the base has a glyph of its own: this one is the mark
    return text


def plan_font(
    texts: Mapping[int, str], widths: Mapping[int, float], nominal: Mapping[int, tuple[str, ...]] | None = None
) -> FontFix:
    """The fix for one font, from its ToUnicode map (glyph → text), its widths (glyph → width, /1000 em)
    and, when known, the texts of the characters the font maps to each glyph (`nominal`, from its cmap)."""
    nominal = nominal or {}
    others = set(texts.values())
    fixed = {
        glyph: _corrected(glyph, text, others, nominal) if _suspect(text) else text for glyph, text in texts.items()
    }
    single = {text: glyph for glyph, text in sorted(fixed.items()) if len(text) == 1 and glyph in widths}
    new_texts = {glyph: text for glyph, text in fixed.items() if text != texts[glyph]}
    carriers: dict[int, tuple[tuple[int, float], ...]] = {}
    for glyph, text in fixed.items():
        if len(text) < 2 or not right_to_left(text) or _marks(text):
            continue
        rest = text[1:]
        if all(char in single for char in rest):
            new_texts[glyph] = text[0]
            # Drawn left of the ligature, last character first: readers put a right-to-left line back
            # in logical order by reversing what they read from the left.
            carriers[glyph] = tuple((single[char], widths[single[char]]) for char in reversed(rest))
        else:
            new_texts[glyph] = visual_order(text)
    return FontFix(new_texts, carriers)


def nominal_texts(font_file: bytes, index: int = 0) -> dict[int, tuple[str, ...]]:
    """glyph → the texts of the characters the font's cmap maps to it (compatibility-decomposed, so the
    lam-alef presentation form U+FEFB reads as its two letters)."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    found: dict[int, list[str]] = {}
    for codepoint, name in sorted((font.getBestCmap() or {}).items()):
        found.setdefault(font.getGlyphID(name), []).append(unicodedata.normalize("NFKC", chr(codepoint)))
    return {glyph: tuple(texts) for glyph, texts in found.items()}


def parse_to_unicode(parts: list) -> dict[int, str]:
    """glyph → text, from the lines of a ToUnicode CMap."""
    found = {}
    for part in parts:
        match = BFCHAR_RE.match(part.strip()) if isinstance(part, bytes) else None
        if match is None:
            continue
        try:
            found[int(match.group(1), 16)] = bytes.fromhex(match.group(2).decode("ascii")).decode("utf-16-be")
        except (UnicodeDecodeError, ValueError):
            continue
    return found


def rewrite_to_unicode(parts: list, texts: Mapping[int, str]) -> list:
    """The CMap's lines with the given glyphs' texts replaced; every other line as it was."""
    out = []
    for part in parts:
        match = BFCHAR_RE.match(part.strip()) if isinstance(part, bytes) else None
        glyph = int(match.group(1), 16) if match else None
        if glyph is not None and glyph in texts:
            part = b"<%04x> <%s>" % (glyph, texts[glyph].encode("utf-16-be").hex().encode("ascii"))
        out.append(part)
    return out


def parse_widths(w_array) -> dict[int, float]:
    """glyph → width from a CIDFont's W array as WeasyPrint writes it: first [w1 w2 …] first [w1 …] …"""
    widths: dict[int, float] = {}
    items = list(w_array or [])
    index = 0
    while index + 1 < len(items):
        first, following = items[index], items[index + 1]
        if isinstance(first, int) and isinstance(following, list):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            index += 2
        elif index + 2 < len(items) and all(isinstance(item, (int, float)) for item in items[index : index + 3]):
            for glyph in range(int(items[index]), int(items[index + 1]) + 1):
                widths[glyph] = float(items[index + 2])
            index += 3
        else:
            index += 1
    return widths


def _number(value: float) -> bytes:
    return (f"{value:.3f}".rstrip("0").rstrip(".") or "0").encode("ascii")


def rewrite_content(parts: list, fixes: Mapping[str, FontFix]) -> list:
    """A content stream's operators with each ligature glyph preceded by its invisible carriers.

    `fixes` is by the font's resource name (as in `/name size Tf`). The carriers are shown in render
    mode 3 (nothing painted) and followed by their own width back, so no glyph on the page moves.
    """
    out: list = []
    carriers: Mapping[int, tuple[tuple[int, float], ...]] = {}
    mode = b"0 Tr"
    for part in parts:
        raw = part.encode("latin-1", "replace") if isinstance(part, str) else part
        if not isinstance(raw, bytes):
            out.append(part)
            continue
        if match := TF_RE.match(raw):
            fix = fixes.get(match.group(1).decode("latin-1"))
            carriers = fix.carriers if fix else {}
        elif TR_RE.match(raw):
            mode = raw
        elif carriers and (match := TJ_RE.match(raw)) and not TJ_PART_RE.sub(b"", match.group(1)).strip():
            out.extend(_split_show_text(match.group(1), carriers, mode))
            continue
        out.append(part)
    return out


def _split_show_text(body: bytes, carriers: Mapping[int, tuple[tuple[int, float], ...]], mode: bytes) -> list:
    operators: list[bytes] = []
    run: list[bytes] = []

    def close_run() -> None:
        if run:
            operators.append(b"[" + b"".join(run) + b"] TJ")
            run.clear()

    for part in TJ_PART_RE.finditer(body):
        if part.group(1) is None:
            run.append(part.group(2))
            continue
        hex_glyphs = part.group(1)
        if not hex_glyphs or len(hex_glyphs) % 4:  # "<>" parts two numbers; odd lengths: not two-byte glyph ids
            run.append(part.group(0))
            continue
        pending: list[bytes] = []
        for start in range(0, len(hex_glyphs), 4):
            code = hex_glyphs[start : start + 4]
            invisible = carriers.get(int(code, 16))
            if invisible:
                if pending:
                    run.append(b"<" + b"".join(pending) + b">")
                    pending = []
                close_run()
                operators.append(INVISIBLE)
                shown = b"".join(b"<%04x>%s" % (glyph, _number(width)) for glyph, width in invisible)
                operators.append(b"[" + shown + b"] TJ")
                operators.append(mode)
            pending.append(code)
        if pending:
            run.append(b"<" + b"".join(pending) + b">")
    close_run()
    return operators


def _object(objects: list, reference):
    """The object an indirect reference (b"12 0 R") points to, in pydyf's list of objects."""
    text = reference.decode("ascii") if isinstance(reference, bytes) else str(reference)
    return objects[int(text.split()[0])]


def _font_nominal(document, base_font) -> dict[int, tuple[str, ...]]:
    """What the cmap of the font WeasyPrint embedded as `base_font` maps to each glyph (its whole file,
    before subsetting, which drops the cmap); nothing when it cannot be read."""
    from weasyprint.text.fonts import get_hb_object_data

    for font in getattr(document, "fonts", {}).values():
        if getattr(font, "name", None) == base_font:
            try:
                return nominal_texts(get_hb_object_data(font.hb_face), font.index)
            except Exception:  # a font fontTools cannot read: keep the heuristics
                return {}
    return {}


def _is_to_unicode(stream) -> bool:
    return any(isinstance(part, bytes) and part.startswith(b"/CMapName /Adobe-Identity-UCS") for part in stream)


def finisher(document, pdf) -> None:
    """WeasyPrint's `write_pdf(finisher=…)` hook: fix the fonts' ToUnicode maps and the text drawn with them."""
    objects = pdf.objects
    fixes_by_reference: dict = {}
    for obj in objects:
        if not (isinstance(obj, dict) and obj.get("Type") == "/Font" and "ToUnicode" in obj):
            continue
        to_unicode = _object(objects, obj["ToUnicode"])
        parts = getattr(to_unicode, "stream", None)
        if not (isinstance(parts, list) and _is_to_unicode(parts)):
            continue
        widths: dict[int, float] = {}
        for descendant in obj.get("DescendantFonts") or []:
            widths.update(parse_widths(_object(objects, descendant).get("W")))
        texts = parse_to_unicode(parts)
        nominal = _font_nominal(document, obj.get("BaseFont")) if any(map(_suspect, texts.values())) else {}
        fix = plan_font(texts, widths, nominal)
        if fix.texts:
            to_unicode.stream = rewrite_to_unicode(parts, fix.texts)
            fixes_by_reference[getattr(obj, "reference", None)] = fix  # pydyf objects know their reference
    if not any(fix.carriers for fix in fixes_by_reference.values()):
        return
    # The fonts' resource names: the dictionary that maps every name to a font dictionary's reference.
    fixes: dict[str, FontFix] = {}
    for obj in objects:
        if isinstance(obj, dict) and obj and "Type" not in obj:
            for name, value in obj.items():
                if isinstance(value, (bytes, str)) and value in fixes_by_reference:
                    fixes[str(name)] = fixes_by_reference[value]
    for obj in objects:
        parts = getattr(obj, "stream", None)
        if isinstance(parts, list) and not _is_to_unicode(parts):
            obj.stream = rewrite_content(parts, fixes)
