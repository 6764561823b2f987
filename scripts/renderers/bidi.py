"""Right-to-left pages: Latin-script words and numbers isolated so that they read in the right order.

In an Arabic paragraph the Unicode bidirectional algorithm lays out each run of
left-to-right text by itself, but neutral characters between runs (spaces, dots,
brackets, hyphens, '+') take the direction of the paragraph: "J Craniofac Surg.
2021;32(6):2168-71", "WCAG 2.2", "+33 1 23 45 67 89" or "doi:10.1097/…" come out
scrambled. Each such run is wrapped in <bdi dir="ltr">, which isolates it and fixes
its direction, so editors write plain Markdown and need not remember any markup.

Pure functions over HTML text; scripts/adapters/page_html.py calls `isolate_ltr_runs` on the
content of every page of a right-to-left language.
"""

from __future__ import annotations

import functools
import re

from babel import Locale

# A run starts and ends with a Latin letter or a digit ('+' may start a phone number,
# '%' or ')' end one) and may hold the neutrals that join such words. Latin letters with accents count
# (Latin-1, Latin Extended-A and -B, Latin Extended Additional, and combining accents): a clinic's reviewer
# "Dr Hélène Roux" is one run, not "Dr H", "l" and "ne Roux" with the accented letters left between them.
_LATIN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff"
_LETTER = rf"[{_LATIN}]"
_NEUTRAL = r"[ .,:;?!/&@_'’+\-–]"
_GROUP = rf"\([{_LATIN} .,:;/&@_'’+\-–]*\)"  # "(6)" in "32(6):2168": brackets only in pairs
LTR_RUN = re.compile(rf"\+?{_LETTER}(?:{_LETTER}|{_NEUTRAL}|{_GROUP})*(?:{_LETTER}|{_GROUP}|%)|\+?{_LETTER}%?")
TAG = re.compile(r"(<[^>]+>|&#?[A-Za-z0-9]+;)")  # tags and character references pass through
# Text inside these elements is left as it is (code, scripts, and runs already isolated).
SKIP = ("script", "style", "pre", "code", "bdi", "textarea")
EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@functools.cache
def is_rtl(locale: str) -> bool:
    """True when CLDR writes the locale's language from right to left (ar, he, fa, ur…)."""
    return Locale.parse(locale).character_order == "right-to-left"


def _wrap(text: str) -> str:
    return LTR_RUN.sub(lambda match: f'<bdi dir="ltr">{match.group(0)}</bdi>', text)


# A glossary word or a link around a run ("<abbr>WCAG</abbr> 2.2", "<abbr>doi</abbr>:10.1097/…"): the
# isolate moves outside the element, and isolates with only neutrals between them become one, so that
# "WCAG 2.2" or a whole citation is one left-to-right run and not pieces laid out right to left.
_INLINE = "abbr|a|strong|em|b|i|span|time|small"
_HOIST = re.compile(rf'(<({_INLINE})\b[^>]*>)<bdi dir="ltr">((?:(?!</?bdi\b)[^<]|<(?!/?bdi\b)[^>]*>)*)</bdi>(</\2>)')
_MERGE = re.compile(r"</bdi>((?:[ .,:;?!/&@_'’+\-–]|&nbsp;|&#160;)*)<bdi dir=\"ltr\">")


def _join_runs(html: str) -> str:
    while True:
        joined = _MERGE.sub(r"\1", _HOIST.sub(r'<bdi dir="ltr">\1\3\4</bdi>', html))
        if joined == html:
            return html
        html = joined


def isolate_ltr_runs(html: str) -> str:
    """Wrap each left-to-right run of the text of `html` in <bdi dir="ltr">; tags stay as they are."""
    return _join_runs(_isolate_text_nodes(html))


def _isolate_text_nodes(html: str) -> str:
    out: list[str] = []
    skipping: list[str] = []
    for part in TAG.split(html):
        if part.startswith("&"):
            out.append(part)
        elif part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if tag in SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping and skipping[-1] == tag:
                        skipping.pop()
                else:
                    skipping.append(tag)
            out.append(part)
        elif skipping or not part.strip():
            out.append(part)
        else:
            out.append(_wrap(part))
    return "".join(out)


HTML_TAG = re.compile(r"<html\b(?![^>]*\bdir=)")


def mark_document_direction(html: str, locale: str) -> str:
    """`<html dir="rtl">` on a right-to-left page: Material sets dir only on <body>, and the
    root element's direction is what assistive technology, :dir() and print use first."""
    return HTML_TAG.sub('<html dir="rtl"', html, count=1) if is_rtl(locale) else html


ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.S)


def isolate_article(html: str, locale: str) -> str:
    """`isolate_ltr_runs` on the page's <article> (the text, the review dates, the notices) on a
    right-to-left page; other pages are returned as they are."""
    if not is_rtl(locale):
        return html
    return ARTICLE.sub(lambda m: m.group(1) + isolate_ltr_runs(m.group(2)) + m.group(3), html, count=1)
