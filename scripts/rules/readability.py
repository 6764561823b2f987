"""Readability per language, as configuration: which textstat formula, its target and its limit.

Each language's entry in `mkdocs.yml` `extra.alternate` carries its own measure, so that
adding a language (`python -m scripts.site new-language`) needs no Python edit:

    - name: Español
      lang: es
      ...
      readability: {formula: szigriszt_pazos, name: Szigriszt-Pazos, target: 65, limit: 55}

`formula` is the name of a textstat function (textstatistics().<formula>(text), with the
language set through set_lang, so `flesch_reading_ease` with 'fr' is Kandel & Moles');
`name` is what editors see; `target` and `limit` come from the content standards
("never worse than" is the limit). Lower is better when the limit is above the target
(a grade), higher is better otherwise (a reading ease). `pages` gives stricter targets
for some pages: `pages: {some-page.md: 70}`.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from scripts.config.editor_files import EditorFileError
from scripts.config.project_config import load_base_config

WHERE = "mkdocs.yml extra.alternate"


@dataclasses.dataclass(frozen=True)
class ReadabilityRule:
    formula: str  # the name editors see in the table
    target: float  # content standards: the target
    limit: float  # content standards: "never worse than"
    higher_is_better: bool
    page_targets: tuple = ()  # ((page, target), …): stricter targets for some pages
    function: str = ""  # textstat's function, e.g. 'szigriszt_pazos'

    def target_for(self, page: str) -> float:
        return dict(self.page_targets).get(page, self.target)

    def worse(self, score: float, bound: float) -> bool:
        return score < bound if self.higher_is_better else score > bound

    def describe(self, bound: float) -> str:
        return f"{'≥' if self.higher_is_better else '≤'} {bound:g}"


def textstat_formulas() -> set[str]:
    """The names of textstat's scoring functions a language may choose."""
    from textstat.textstat import textstatistics

    skip = {
        "set_lang",
        "set_rm_apostrophe",
        "set_rounding",
        "set_rounding_points",
        "text_encoding",
        "remove_punctuation",
        "is_difficult_word",
        "is_easy_word",
        "difficult_words_list",
        "text_standard",
    }
    import inspect

    def text_only(function) -> bool:  # scores from the text alone (wiener_sachtextformel also needs a variant)
        required = [
            p
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty and p.name != "self"
        ]
        return len(required) == 1

    return {
        name
        for name in dir(textstatistics)
        if not name.startswith("_")
        and name not in skip
        and callable(getattr(textstatistics, name))
        and text_only(getattr(textstatistics, name))
    }


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_rule(value, where: str) -> tuple[ReadabilityRule | None, list[str]]:
    """One language's `readability:` setting, or the problems that stop it being used."""
    example = "e.g. readability: {formula: szigriszt_pazos, name: Szigriszt-Pazos, target: 65, limit: 55}"
    if not isinstance(value, dict):
        return None, [f"{where}: expected formula, name, target and limit — {example}"]
    problems = []
    known = {"formula", "name", "target", "limit", "pages"}
    for key in value:
        if key not in known:
            problems.append(f"{where}.{key}: unknown setting — allowed: {', '.join(sorted(known))}")
    function, name = value.get("formula"), value.get("name") or value.get("formula")
    if function not in textstat_formulas():
        problems.append(
            f"{where}.formula: {function!r} is not a textstat formula — use one of "
            f"{', '.join(sorted(textstat_formulas()))}"
        )
    for key in ("target", "limit"):
        if not _number(value.get(key)):
            problems.append(
                f"{where}.{key}: {value.get(key)!r} is not a number — write the content standards' "
                f"{'target' if key == 'target' else 'never worse than line'}, e.g. {key}: 60"
            )
    pages = value.get("pages") or {}
    if not isinstance(pages, dict) or not all(isinstance(k, str) and _number(v) for k, v in pages.items()):
        problems.append(f"{where}.pages: expected 'page.md: target' pairs, e.g. pages: {{some-page.md: 70}}")
        pages = {}
    if problems:
        return None, problems
    target, limit = float(value["target"]), float(value["limit"])
    if target == limit:
        return None, [
            f"{where}: target and limit are both {target:g} — the limit is the content standards' "
            f"'never worse than' line, the target is the better score"
        ]
    return ReadabilityRule(
        str(name),
        target,
        limit,
        higher_is_better=target > limit,
        page_targets=tuple(sorted((k, float(v)) for k, v in pages.items())),
        function=cast(str, function),
    ), []  # checked: one of textstat_formulas()


def rules_from_extra(extra: dict) -> tuple[dict[str, ReadabilityRule], list[str]]:
    """{language code: rule} from `extra.alternate`, and the problems found (a language may have none)."""
    rules, problems = {}, []
    for index, alt in enumerate((extra or {}).get("alternate") or []):
        if not isinstance(alt, dict) or "readability" not in alt:
            continue
        rule, found = parse_rule(alt["readability"], f"{WHERE}[{index}].readability")
        problems += found
        if rule is not None:
            rules[str(alt.get("lang"))] = rule
    return rules, problems


def load_rules(root: Path) -> tuple[dict[str, ReadabilityRule], list[str]]:
    try:
        config = load_base_config(root / "mkdocs.yml")
    except (EditorFileError, OSError, ValueError):
        return {}, []  # an unreadable mkdocs.yml is reported, with its line, by the rule that reads it
    return rules_from_extra((config or {}).get("extra") or {} if isinstance(config, dict) else {})


def score(rule: ReadabilityRule, lang: str, text: str) -> float:
    """The rule's textstat formula on plain text in the language."""
    from textstat.textstat import textstatistics

    stats = textstatistics()  # its own instance, so set_lang changes no global state
    stats.set_lang(lang)
    return getattr(stats, rule.function)(text)


# --- The text a reader reads on the built page ----------------------------------------------------
# The figure is taken on the page as MkDocs renders it (scripts/renderers/rendered_pages.py): the Markdown with its
# macros expanded — care cards, the timeline, checklists, the clinic's boxes — not on the Markdown source,
# where a macro is one `{{ … }}` and its words are not seen. Each heading, paragraph, list item, table cell
# or caption is one unit; a unit without a full stop ends a sentence (a heading is read as one).

# Blocks: each starts a new unit of text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote caption dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr "
    "li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Not read as the page's words: code and media, the site's navigation and frame, form controls.
SKIPPED_TAGS = frozenset("script style template noscript svg math nav header footer button select textarea".split())
# What the theme adds around every page (the same words on every page, not the editor's to change): the
# heading permalinks, the printed page's QR caption, review dates, sign-off notice, leaflet link; and the
# clinic's settings as written (its contact details, the reviewers' names and roles on the about page), which
# no editor can make plainer.
FURNITURE_CLASSES = frozenset(
    "headerlink print-qr page-review page-signoff leaflet-link md-content__button md-source-file "
    "clinic-contact person".split()
)
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
SENTENCE_ENDS = (".", "!", "?", "…")  # as textstat splits sentences
_WORD_CHAR = re.compile(r"\w")


class _ReaderText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self.current: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, whether it is skipped with everything inside)

    @property
    def skipping(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if _WORD_CHAR.search(text):
            self.units.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS and not self.skipping:
            self.flush()
        if tag == "br" and not self.skipping:
            self.current.append(" ")
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = (
            self.skipping
            or tag in SKIPPED_TAGS
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or bool(classes & FURNITURE_CLASSES)
        )
        self.open.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(name == tag for name, _ in self.open):
            return  # a stray end tag
        while self.open:
            name, _ = self.open.pop()
            if name == tag:
                break
        if tag in BLOCK_TAGS and not self.skipping:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def reader_units(html: str) -> list[str]:
    """The words a reader reads in rendered page HTML, one string per heading, paragraph, list item or cell."""
    parser = _ReaderText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.units


def as_sentences(units: list[str]) -> str:
    """The units as running text: a heading, list item or cell without a full stop ends a sentence."""
    sentences = []
    for unit in units:
        words = unit.rstrip(" :;,—–-\u00a0\u202f")
        sentences.append(words if words.endswith(SENTENCE_ENDS) else words + ".")
    return " ".join(sentences)
