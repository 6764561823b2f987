"""The leaflet's text layer: what a screen reader, a search or a copy-paste gets back from the PDF.

Why this exists: a glyph that stands for several characters (Arabic lam-alef "لا", always
drawn as one ligature glyph) is written in the font's ToUnicode map in logical order, as
the PDF specification says. But PDF readers — poppler (pdftotext, Evince), MuPDF, pypdf,
pdfminer — read a right-to-left line glyph by glyph from the left, expand each glyph to its
characters, and then reverse the line: the ligature's characters come out reversed
("الاستشارة" read as "االستشارة", "لا" as "ال"); their trackers have the reports
(PyMuPDF #2199, pypdf #1589, pdfminer.six #850), none fixed in the reader.

So the leaflet writes such an entry in visual order: the characters of a multi-character
glyph whose text is right-to-left are stored reversed, and the readers' own reversal puts
them back in logical order. Glyphs of left-to-right text (fi, ffl…) are left as they are.
The fix is applied by WeasyPrint's `finisher` hook, on the PDF objects before they are
serialised: nothing else of the file changes (tags, ids, dates), so it stays reproducible.
"""

from __future__ import annotations

import re
import unicodedata

# A ToUnicode entry as WeasyPrint writes it: `<glyph id> <UTF-16BE text>` inside a bfchar block.
BFCHAR_RE = re.compile(rb"^<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>$")
RIGHT_TO_LEFT = ("R", "AL")


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
    """A glyph's text as PDF readers expect it: reversed when it is a right-to-left cluster of several."""
    return text[::-1] if len(text) > 1 and right_to_left(text) else text


def fix_to_unicode_line(line: bytes) -> bytes:
    """One line of a ToUnicode CMap, with a right-to-left ligature's text in visual order; others unchanged."""
    match = BFCHAR_RE.match(line.strip())
    if match is None or len(match.group(2)) <= 4:
        return line
    try:
        text = bytes.fromhex(match.group(2).decode("ascii")).decode("utf-16-be")
    except UnicodeDecodeError:
        return line
    fixed = visual_order(text)
    if fixed == text:
        return line
    return b"<%s> <%s>" % (match.group(1), fixed.encode("utf-16-be").hex().encode("ascii"))


def fix_to_unicode(cmap: bytes) -> bytes:
    """A whole ToUnicode CMap (its decoded stream), every right-to-left ligature entry in visual order."""
    return b"\n".join(fix_to_unicode_line(line) for line in cmap.split(b"\n"))


def _is_to_unicode(stream) -> bool:
    return any(isinstance(part, bytes) and part.startswith(b"/CMapName /Adobe-Identity-UCS") for part in stream)


def finisher(document, pdf) -> None:
    """WeasyPrint's `write_pdf(finisher=…)` hook: rewrite the ToUnicode maps of the fonts before writing."""
    for obj in pdf.objects:
        parts = getattr(obj, "stream", None)
        if isinstance(parts, list) and _is_to_unicode(parts):
            obj.stream = [fix_to_unicode_line(part) if isinstance(part, bytes) else part for part in parts]
