"""What every built HTML page goes through before it is published, in this order:

1. search on demand (online site): the page's search index becomes a stub with the search settings only,
   and Material's search worker is replaced by overrides/assets/javascripts/workers/search-on-demand.js,
   which loads the real index and Material's worker on the first query;
2. stylesheets: each page inlines the rules of Material's stylesheet and the site's own that its HTML
   uses (scripts/postprocess/purge-css.mjs, PurgeCSS), so that a phone paints from the first round trip (TCP's first
   congestion window, about 14 KB); the whole of both, purged of what the language never uses, is one
   file that the page applies when the reader first uses it, before Material's bundle runs
   (overrides/assets/javascripts/material-on-use.js);
3. minify (minify-html), <pre> included;
4. Content-Security-Policy: a <meta http-equiv> first in <head>, with the sha256 hashes of the inline
   scripts and styles the site itself writes (its templates' and this module's, known from their source and
   computed after the steps above, so a hash always matches what the browser reads). Any other inline script,
   <style>, style= attribute or event handler, a meta refresh or a link fetching from another host, fails
   the build, naming the built file and the page's source.

Pure functions on strings, plus `process_site` that applies them to a built language folder. Called from
scripts/adapters/post_build.py (on_post_build) and for the root pages from scripts/cli/site.py.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from stat import S_ISREG
from urllib.parse import quote, urlsplit

import jinja2
import minify_html
from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations

from scripts.config import processes
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.i18n.catalogs import po_path
from scripts.i18n.interface import get_translations
from scripts.postprocess import style_cache, style_rules

# --- Material's assets, found in the installed theme (never typed in) ----------------------------------


@dataclass(frozen=True)
class MaterialAssets:
    """Paths, relative to a built language folder, of the Material files this site relies on."""

    stylesheet: str  # assets/stylesheets/main.<hash>.min.css
    bundle: str  # assets/javascripts/bundle.<hash>.min.js
    search_worker: str  # assets/javascripts/workers/search.<hash>.min.js


def _theme_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def _one(theme: Path, pattern: str) -> str:
    found = sorted(theme.glob(pattern))
    if len(found) != 1:
        raise RuntimeError(
            f"Material's theme ({theme}) has {len(found)} files matching {pattern}, not one — "
            f"the installed Material changed its asset names; update scripts/postprocess/pages.py"
        )
    return found[0].relative_to(theme).as_posix()


def material_assets(theme: Path | None = None) -> MaterialAssets:
    theme = theme or _theme_dir()
    return MaterialAssets(
        stylesheet=_one(theme, "assets/stylesheets/main.*.min.css"),
        bundle=_one(theme, "assets/javascripts/bundle.*.min.js"),
        search_worker=_one(theme, "assets/javascripts/workers/search.*.min.js"),
    )


# --- 1. Search on demand ----------------------------------------------------------------------------------

SEARCH_RELAY = "assets/javascripts/workers/search-on-demand.js"
FULL_INDEX = "search/search_index.full.json"
STUB_INDEX = "search/search_index.json"
CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


SEARCH_PATIENT = "assets/javascripts/workers/search-patient.js"
OFFLINE_INDEX_SCRIPT = "search/search_index.js"  # Material's offline plugin: `var __index = {…}`


WORKER_ONLY = ("everyday_words", "word_families", "stop_words")  # config keys for search-patient.js


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _read_index(site_dir: Path) -> dict | None:
    """MkDocs' search index as the search plugin wrote it (with its documents), or None (already split)."""
    index_file = site_dir / STUB_INDEX
    if not index_file.is_file():
        return None
    index = json.loads(index_file.read_text(encoding="utf-8"))
    return index if index.get("docs") else None


def _write_index(site_dir: Path, index: dict) -> None:
    (site_dir / STUB_INDEX).write_text(_dump(index), encoding="utf-8")
    script = site_dir / OFFLINE_INDEX_SCRIPT
    if script.is_file():
        script.write_text(f"var __index = {_dump(index)}", encoding="utf-8")


def _everyday_words_into(index: dict, everyday_words: list) -> None:
    """The editors' everyday words (scripts/rules/search_words.py) into the index's config, where the search
    worker receives them with the documents (Material passes the config on whole, online and offline)."""
    index["config"]["everyday_words"] = everyday_words


# Each glossary term is a search result of its own, linking to its anchor on the glossary page, with its
# definition as the result's text. The glossary page is the one that shows the glossary list (the
# {{ glossary() }} building block renders its <dl class="glossary__letter">s); its list is left out of the page's own
# entry (data-search-exclude), which keeps only the page's introduction, so the page no longer answers any
# single term with one long block. The terms are read from the built page: the anchors are those it has.


BLOCK_TAGS = {
    "address",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}


GLOSSARY_LISTS = {"glossary", "glossary__letter"}  # the classes of a glossary's <dl>s (partials/glossary.html)


class _GlossaryTerms(HTMLParser):
    """(id, term, definition) of each <dt>/<dd> of a page's glossary lists (<dl class="glossary__letter">), as
    plain text.

    Closing </dt> and </dd> may be left out (a minified page): a <dt> or <dd> starts the next field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # how many <dl> deep inside a glossary list
        self.terms: list[tuple[str, list[str], list[str]]] = []
        self.field: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._apart(tag)
        if tag == "dl":
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or GLOSSARY_LISTS & set(classes):
                self.depth += 1
        elif self.depth == 1 and tag == "dt":
            self.terms.append((dict(attrs).get("id") or "", [], []))
            self.field = self.terms[-1][1]
        elif self.depth == 1 and tag == "dd" and self.terms:
            self.field = self.terms[-1][2]

    def handle_endtag(self, tag: str) -> None:
        self._apart(tag)
        if self.depth and tag == "dl":
            self.depth -= 1
            if not self.depth:
                self.field = None
        elif self.depth == 1 and tag in ("dt", "dd"):
            self.field = None

    def handle_data(self, data: str) -> None:
        if self.field is not None:
            self.field.append(data)

    def _apart(self, tag: str) -> None:
        # the words of two blocks never run together ("mark.inner"), whatever the whitespace between tags
        if self.field is not None and tag in BLOCK_TAGS:
            self.field.append(" ")


def _words(parts: list[str]) -> str:
    """Text pieces as a reader sees them: spacing collapsed, words kept apart."""
    return " ".join("".join(parts).split())


# Only a page with a definition list can hold a glossary: the others (most pages) are not parsed at all. A
# filter, not a parser: a page that has "<dl" is parsed as HTML.
DEFINITION_LIST_RE = re.compile(r"<dl\b", re.I)


# The preview builds the search index again on every save, from every built page: a page that did not change
# is not parsed again. Keyed by the HTML's digest (the pages themselves are not kept); emptied when full.
_GLOSSARY_TERMS: dict[bytes, tuple[tuple[str, str, str], ...]] = {}
GLOSSARY_TERMS_KEPT = 4096


def glossary_terms(page: str) -> list[tuple[str, str, str]]:
    """(anchor id, term, definition) of every term of the page's glossary list, in the page's order."""
    if not DEFINITION_LIST_RE.search(page):
        return []
    key = hashlib.blake2b(page.encode("utf-8"), digest_size=16).digest()
    if key not in _GLOSSARY_TERMS:
        if len(_GLOSSARY_TERMS) >= GLOSSARY_TERMS_KEPT:
            _GLOSSARY_TERMS.clear()
        _GLOSSARY_TERMS[key] = _glossary_terms(page)
    return list(_GLOSSARY_TERMS[key])


def _glossary_terms(page: str) -> tuple[tuple[str, str, str], ...]:
    parser = _GlossaryTerms()
    parser.feed(page)
    parser.close()
    return tuple((anchor, _words(term), _words(definition)) for anchor, term, definition in parser.terms if anchor)


def page_file(site_dir: Path, location: str) -> Path:
    """The built file of a search entry's page: '' → index.html, 'aftercare/' → aftercare/index.html."""
    page = _page_of(location)
    return site_dir / (page + "index.html" if page == "" or page.endswith("/") else page)


def with_glossary_terms(docs: list[dict], read_page, boost: float = 1.0) -> list[dict]:
    """The index's entries with, after each glossary page's own, one entry per term of its list.

    read_page(location) → the page's HTML, or None. Entries of terms already there are replaced.
    boost: the terms' entries' weight in Material's own ranking (`glossary_boost`)."""
    out: list[dict] = []
    term_docs: dict[str, dict] = {}
    for doc in docs:
        out.append(doc)
        if "#" in doc["location"]:
            continue
        html = read_page(doc["location"])
        if not html or "glossary" not in html:
            continue
        for anchor, term, definition in glossary_terms(html):
            location = f"{doc['location']}#{anchor}"
            # "glossary": the search worker ranks a term's title as text (search-patient.js, titleWeight)
            entry = {
                "location": location,
                "title": escape(term, quote=False),
                "text": escape(definition, quote=False),
                "glossary": True,
            }
            if boost != 1.0:
                entry["boost"] = boost
            term_docs[location] = entry
            out.append(entry)
    return [doc for doc in out if doc["location"] not in term_docs or doc is term_docs[doc["location"]]]


def glossary_boost(config: dict) -> float:
    """A term's entry weighs in Material's ranking as if its title were text (the text's boost over the
    title's): where the site's ranking finds a page and a term equally good, the page comes first."""
    fields = config.get("fields") or {}
    title = float((fields.get("title") or {}).get("boost") or 1)
    text = float((fields.get("text") or {}).get("boost") or 1)
    return min(1.0, text / title)


# Built file → (modification time, size) when it was read and found to list no glossary term.
_WITHOUT_TERMS: dict[Path, tuple[int, int]] = {}


def _glossary_terms_into(index: dict, site_dir: Path) -> None:
    """Each glossary term an entry of the search index of its own (`with_glossary_terms`)."""

    def read_page(location: str) -> str | None:
        path = page_file(site_dir, location)
        try:
            stat = path.stat()
        except OSError:
            return None
        if not S_ISREG(stat.st_mode):
            return None
        # A built file unchanged since it was found to list no term is not read again: the preview's later
        # builds rewrite only the pages saved since.
        seen = (stat.st_mtime_ns, stat.st_size)
        if _WITHOUT_TERMS.get(path) == seen:
            return None
        html = path.read_text(encoding="utf-8")
        if "glossary" not in html or not glossary_terms(html):
            _WITHOUT_TERMS[path] = seen
        return html

    index["docs"] = with_glossary_terms(index["docs"], read_page, glossary_boost(index["config"]))


def _still_without_terms(path: Path, before: str = "", after: str = "") -> None:
    """A page found to list no glossary term, then minified here, lists none still: known by its new size and
    time, so that the preview's next save does not read every page again (_glossary_terms_into). A page whose
    terms were read from `before` lists the same terms as `after`, its minified text: kept under that text too,
    or the first save after start would parse every glossary page again."""
    if path in _WITHOUT_TERMS:
        stat = path.stat()
        _WITHOUT_TERMS[path] = (stat.st_mtime_ns, stat.st_size)
    elif after and DEFINITION_LIST_RE.search(before):
        key = hashlib.blake2b(before.encode("utf-8"), digest_size=16).digest()
        if key in _GLOSSARY_TERMS:
            _GLOSSARY_TERMS[hashlib.blake2b(after.encode("utf-8"), digest_size=16).digest()] = _GLOSSARY_TERMS[key]


def _word_families_into(index: dict, families) -> None:
    """The word families of the index's words (`families(docs, lang, separator)`, scripts/rules/search_words.py)
    into its config, for the search worker (online: in the full index only, loaded on the first query)."""
    config = index["config"]
    lang = (config.get("lang") or ["en"])[0]
    config["word_families"] = families(index["docs"], lang, config.get("separator") or r"[\s\-]+")


STOP_WORDS_DIR = Path(__file__).resolve().parents[1] / "wordlists"


def search_stop_words(lang: str, wordlists: Path = STOP_WORDS_DIR) -> list[str]:
    """The words of scripts/wordlists/search-stopwords.<lang>.txt (none if the language has no list): the
    search worker leaves them out of what a query must match, so that a question finds the page that answers
    its other words."""
    path = wordlists / f"search-stopwords.{lang}.txt"
    if not path.is_file():
        return []
    words = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return sorted({word.lower() for word in words if word})


def _stop_words_into(index: dict, wordlists: Path = STOP_WORDS_DIR) -> None:
    """The stop words of the index's languages into its config, next to the everyday words (only the full index
    carries them: the stub a page view loads stays small)."""
    langs = index["config"].get("lang") or ["en"]
    index["config"]["stop_words"] = sorted({word for lang in langs for word in search_stop_words(lang, wordlists)})


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_docs(previous: list[dict], fresh: list[dict]) -> list[dict]:
    """The index entries of a build that rendered some pages only: theirs new, every other page's kept."""
    rebuilt = {_page_of(doc["location"]) for doc in fresh}
    return [doc for doc in previous if _page_of(doc["location"]) not in rebuilt] + fresh


def split_search_index(site_dir: Path, *, partial: bool = False) -> None:
    """Move MkDocs' search index to FULL_INDEX and leave a stub (settings, no documents) where Material looks.

    partial: the build rendered some pages only (the preview after a save), so its index has only theirs;
    the entries of the other pages are kept from the index already there."""
    stub = site_dir / STUB_INDEX
    if not stub.is_file():
        return
    _split_index(site_dir, json.loads(stub.read_text(encoding="utf-8")), partial=partial)


def _split_index(site_dir: Path, index: dict, *, partial: bool) -> None:
    stub, full = site_dir / STUB_INDEX, site_dir / FULL_INDEX
    if partial and full.is_file() and index.get("docs") is not None:
        previous = json.loads(full.read_text(encoding="utf-8")).get("docs", [])
        index["docs"] = merge_search_docs(previous, index["docs"])
    if index.get("docs"):
        full.write_text(_dump(index), encoding="utf-8")
    # what only the worker reads stays in the full index: a page view loads the stub
    config = {key: value for key, value in index["config"].items() if key not in WORKER_ONLY}
    stub.write_text(_dump({"config": config, "docs": []}), encoding="utf-8")


# The results line in the page's language (overrides/assets/javascripts/search-results-line.js): Material has
# three strings for the count (none, one, and "# …" for any other number), which a language with more plural
# forms cannot do with (Arabic: a dual for 2, a plural for 3–10, a singular accusative for 11–99, a singular
# for 100 and more). So the site's catalog has the count with every plural form a translator fills, and the
# page gets one string per CLDR plural category of its language ("#" for the number), among Material's
# settings; the page's script picks one with Intl.PluralRules. And the words for a search that could not load
# its index, which Material has not.
SEARCH_LINE_KEY = "search_line"
HTML_LANG_RE = re.compile(r"""<html\b[^>]*?\slang=["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""")
# Numbers enough to meet every plural category of a language: CLDR's rules depend on n mod 100 and, for
# "many" in French, Spanish and Italian, on millions.
PLURAL_SAMPLES = (*range(200), 1000, 1_000_000)


def page_lang(page: str) -> str | None:
    """The language of a built page, from its <html lang>."""
    match = HTML_LANG_RE.search(page[:2000])
    return match.group(1) if match else None


@functools.cache
def search_line_texts(lang: str) -> dict:
    """The results line's texts of a language, from its catalog: {"counts": {CLDR category: text with "#"
    for the number}, "more": {the same for a result's "# more on this page"}, "none": no result, "failed": text}.
    A language without a catalog gets the source language's words."""
    translations = get_translations(lang) if po_path(lang).is_file() else NullTranslations()
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    ngettext, gettext = translations.ngettext, translations.gettext
    counts: dict[str, str] = {}
    more: dict[str, str] = {}
    for number in PLURAL_SAMPLES:
        category = locale.plural_form(number)
        if category not in counts:
            # "#" stands for the number, as in Material's strings; a form for one number only may leave it out
            # (Arabic's "one document", its dual), which a %(…)s placeholder could not (catalogs check).
            counts[category] = ngettext("# matching document", "# matching documents", number)
            # TRANSLATORS: under a search result, how many more sections of that page match ("#": the number).
            more[category] = ngettext("# more on this page", "# more on this page", number)
    failed = gettext("Search could not be loaded. Check your internet connection, then type again.")
    # TRANSLATORS: the search found no page; said instead of Material's "No matching documents".
    none = gettext("Nothing found. Try fewer words, or other words.")
    return {"counts": counts, "more": more, "none": none, "failed": failed}


def search_on_demand(page: str, assets: MaterialAssets, *, offline: bool = False, line: dict | None = None) -> str:
    """Point Material's configuration (its documented custom-worker setting) at the on-demand relay, and put
    the results line's texts (`search_line_texts`) among its settings.

    Offline, the relay gets the whole index with Material's SETUP, so it is given no index address.
    line: the results line's texts; by default those of the page's <html lang>, none if it has no lang."""
    match = CONFIG_RE.search(page)
    if not match:
        return page
    config = json.loads(match.group(2))  # Material writes it with Jinja's tojson: plain JSON
    if line is None and (lang := page_lang(page)):
        line = search_line_texts(lang)
    if line is not None:
        config[SEARCH_LINE_KEY] = line
    worker = config.get("search", "")
    material_name = assets.search_worker.rsplit("/", 1)[-1]
    if not worker.endswith(assets.search_worker):
        return page  # already relayed, or a worker this site does not know
    prefix = worker[: -len(assets.search_worker)]  # "../" per level up to the language folder
    index = "../../../" + FULL_INDEX  # from assets/javascripts/workers/ back to the language folder
    patient = SEARCH_PATIENT.rsplit("/", 1)[-1]
    config["search"] = f"{prefix}{SEARCH_RELAY}?worker={quote(material_name)}&patient={quote(patient)}" + (
        "" if offline else f"&index={quote(index)}"
    )
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return page[: match.start(2)] + text + page[match.end(2) :]


# --- 2. Stylesheets: what the page uses inline, the whole on first use -----------------------------------

SITE_CSS = "assets/stylesheets/patient.css"
FULL_CSS_DIR = "assets/stylesheets"
PURGE_SCRIPT = style_rules.PURGE_SCRIPT
PURGECSS = ROOT / "node_modules" / "purgecss"
STYLESHEET_LINK_RE = re.compile(r"""<link rel="?stylesheet"? href="?([^"\s>]+)"?\s*/?>""")


class PostprocessError(Exception):
    """A build step that cannot run; the message says how to fix it."""


@dataclass(frozen=True)
class LanguageStyles:
    """A built language's stylesheets after purging (scripts/postprocess/purge-css.mjs), minified.

    full: Material's rules this language uses anywhere (its pages and Material's script), then the site's
    own; one file, applied once the reader uses the page (before Material's bundle runs).
    critical: for each page (path in the language folder), Material's and the site's rules its HTML uses,
    inlined so that the page paints from its first round trip. Each is a subset of `full`, in its order.
    """

    full: str
    critical: dict[str, tuple[str, str]]

    def full_path(self) -> str:
        """Where `full` is written in the language folder: named by its content, so a browser's cached copy
        is never stale."""
        digest = hashlib.sha256(self.full.encode("utf-8")).hexdigest()[:12]
        return f"{FULL_CSS_DIR}/site.{digest}.css"


def _to_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def purge_stylesheets(
    site_dir: Path, assets: MaterialAssets, pages: list[Path], *, warn: Callable[[str], None] = _to_stderr
) -> LanguageStyles:
    """Material's stylesheet as built into site_dir and the site's own, purged for the language and for
    each of `pages` (the built pages, before this module changed them). warn: told once when the build's shared
    Node.js process did not answer and this language ran its own (style_rules.fallback_warning)."""
    node = shutil.which("node")
    if node is None or not PURGECSS.is_dir():
        raise PostprocessError(
            "node_modules/purgecss: missing (PurgeCSS trims Material's stylesheet) — run "
            "`npm ci` (Node.js and npm: `sudo apt-get install nodejs npm`); `make site` does it"
        )
    scripts = [site_dir / assets.bundle, *sorted((site_dir / "assets" / "javascripts").rglob("*.js"))]
    stylesheet, site_css_path = str(site_dir / assets.stylesheet), str(site_dir / SITE_CSS)
    script_paths = list(dict.fromkeys(str(s) for s in scripts))
    names = [path.relative_to(site_dir).as_posix() for path in pages]
    request = {
        "siteDir": str(site_dir),
        "stylesheet": stylesheet,
        "siteCss": site_css_path,
        "scripts": script_paths,
        "pages": names,
        **style_cache.pages_cache(site_dir),
    }

    def work_out() -> dict:
        try:
            answer = style_rules.ask(request)  # the build's shared process, if it has one
        except style_rules.Unreachable as lost:
            warn(style_rules.fallback_warning(str(lost)))
            answer = None
        if answer is not None:
            return answer
        result = subprocess.run(
            [node, str(PURGE_SCRIPT), "--request"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        return json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr}

    read_files = [site_dir / assets.stylesheet, site_dir / SITE_CSS, *scripts]
    answer, _ = style_cache.cached_answer(site_dir, read_files, names, work_out)
    if "error" in answer:
        raise PostprocessError(
            f"scripts/postprocess/purge-css.mjs: failed ({answer['error'].strip()[-500:]}) — run "
            f"`npm ci` again; if it still fails, report it with this message"
        )
    site_css = (site_dir / SITE_CSS).read_text(encoding="utf-8")
    critical = [(minify_css(material), minify_css(own)) for material, own in answer["critical"]]
    return LanguageStyles(
        full=minify_css(answer["full"] + "\n" + site_css),
        critical={page: critical[index] for page, index in answer["pages"].items()},
    )


def style_rules_ahead(site_dir: Path, site_css: str) -> style_rules.PagesAhead | None:
    """What names a language's pages to the build's shared Node.js process as MkDocs writes them, so that their rules
    are worked out meanwhile (style_rules.PagesAhead), with the fields `purge_stylesheets` will ask with; site_css:
    the site's stylesheet as that request will find it. None when the build has no such process."""
    ahead = {
        "siteDir": str(site_dir),
        "stylesheet": str(site_dir / material_assets().stylesheet),
        "site": site_css,
        **style_cache.pages_cache(site_dir),
    }
    return style_rules.PagesAhead.start(ahead)


@dataclass(frozen=True)
class PageStyles:
    """What replaces a page's <link rel=stylesheet>s: Material's and the site's rules the page uses, as
    <style>s where the links were. The site's names the whole stylesheet (`full`, a path in the language
    folder) in data-on-use: material-on-use.js links it right after that <style> when the reader first
    uses the page. Nothing fetches it before: on a slow line it would share the first view's bandwidth."""

    material: str
    site: str
    full: str


def inline_stylesheets(page: str, styles: PageStyles, material_path: str) -> str:
    """Replace the links to Material's stylesheet (material_path) and the site's (SITE_CSS) by <style>s."""

    def inline(match: re.Match) -> str:
        href = match.group(1)
        for path, css in ((material_path, styles.material), (SITE_CSS, styles.site)):
            if href == path or href.endswith("/" + path):
                prefix = href[: -len(path)]  # "../" per level up to the language folder
                whole = f' data-on-use="{prefix}{styles.full}"' if path == SITE_CSS else ""
                return f"<style{whole}>{css}</style>"
        return match.group(0)

    return STYLESHEET_LINK_RE.sub(inline, page)


# --- 3. Minify --------------------------------------------------------------------------------------------


# Kept by text: every page's styles are minified again to know them in the page (OwnInlineCode.with_styles), and
# the pages of a language share a few dozen sets of rules (about 1 s of CPU a language at 650 pages).
@functools.lru_cache(maxsize=256)
def minify_css(css: str) -> str:
    """A stylesheet as minify-html writes it inside a page (comments, source map reference, spacing out)."""
    out = minify_html.minify(f"<style>{css}</style>", minify_css=True)
    return out.removeprefix("<style>").removesuffix("</style>")


def minify(page: str) -> str:
    """minify-html, keeping what validators and the tests' parser need (closing tags, <html>/<head>)."""
    return minify_html.minify(
        page, keep_closing_tags=True, keep_html_and_head_opening_tags=True, minify_css=True, minify_js=False
    )


# --- 4. Content-Security-Policy ---------------------------------------------------------------------------
#
# The policy vouches only for the site's own inline code. What the site's templates (Material's inline
# scripts in partials/javascripts/, and overrides/) and this module put in a page is known from its source:
# `own_inline_code` renders those blocks with the values the build trusts (the page's base URL, the clinic's
# checked colours, the language codes). Each page is then parsed (html.parser): an inline script or <style>
# whose text is not one of those, a style= attribute, an on…= handler, a meta refresh or a link that makes the
# browser fetch from another host fails the build, whatever put it there (a page, the configuration, a
# catalog, a file in docs/). Only the hashes of the blocks found to be the site's own go into the policy.

HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)  # where the policy meta is inserted (not a decision)
# Browsers run an inline <script> with no type or one of these; every other type is a data block.
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# The data blocks a page may have, never run: Material's configuration and the page's JSON-LD.
DATA_BLOCKS = {"application/json": "__config", "application/ld+json": None}
# Elements whose content a browser reads as text (RCDATA), where html.parser would otherwise see tags.
RCDATA_ELEMENTS = ("title", "textarea")
# Link types that make the browser fetch (or connect) before the reader asks for it.
FETCHING_LINKS = {"preconnect", "prefetch", "dns-prefetch", "preload", "modulepreload", "prerender", "stylesheet"}
# Everything from this site's own origin; images also as data: URIs (inline SVG icons). Note: in a <meta>
# policy browsers ignore frame-ancestors, report-uri and sandbox, so none is set here.
BASE_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
POLICY_ORDER = ["default-src", "script-src", "style-src", "img-src", "object-src", "base-uri", "form-action"]
# The templates whose inline blocks are the site's own: Material's inline scripts, and the project's.
MATERIAL_INLINE = ("partials/javascripts/*.html",)
OWN_TEMPLATES = ROOT / "overrides"
OWN_INLINE = ("*.html", "partials/*.html", "root/*.html")
# Values the build puts into those blocks, checked before they are trusted.
COLOR_RE = re.compile(r"#[0-9a-fA-F]{3,8}")
LANG_CODE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
BASE_PATH_RE = re.compile(r"/[A-Za-z0-9._~/-]*")


@dataclass(frozen=True)
class Finding:
    """Something in a built page the policy does not vouch for: where (line of the output) and what."""

    line: int
    what: str
    fix: str


class UntrustedInlineCode(PostprocessError):
    """A page has inline code or fetches the site does not vouch for; `findings` says what and where."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f"line {f.line}: {f.what}" for f in findings))
        self.findings = findings


@dataclass
class InlineCode:
    """What html.parser finds in a page: the bodies of inline scripts a browser runs and of <style>s, the
    data blocks, and what no page may have (as findings)."""

    scripts: list[tuple[int, str]] = field(default_factory=list)
    styles: list[tuple[int, str]] = field(default_factory=list)
    data_blocks: list[tuple[int, str]] = field(default_factory=list)  # (line, type)
    refused: list[Finding] = field(default_factory=list)


# A relative address of this site, as mkdocs-redirects writes it (../new-page/#part): nothing to escape from.
SAFE_PATH_RE = re.compile(r"[A-Za-z0-9._~/#-]+")


def _is_elsewhere(url: str) -> bool:
    """An address with a scheme or a host: not a path on this site."""
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc or url.strip().startswith(("//", "\\\\", "/\\", "\\/")))


def _refreshes_here(values: dict[str, str]) -> bool:
    """A meta refresh whose address is a path on this site (`0; url=../aftercare/`), not another host."""
    content = values.get("content", "")
    _, _, rest = content.partition(";")
    target = rest.strip()
    if target.lower().startswith("url="):
        target = target[4:].strip().strip("'\"")
    return bool(target) and not _is_elsewhere(target) and not target.lower().startswith(("javascript", "data"))


def redirect_scripts(targets: list[str]) -> set[str]:
    """The inline script mkdocs-redirects writes into a moved page's file for each of `targets` (addresses on
    this site, worked out from mkdocs.yml's redirect_maps), rendered from the plugin's own template: the
    plugin's code, known by its source, for the targets the configuration names and no other."""
    from mkdocs_redirects.plugin import HTML_TEMPLATE  # the plugin's page (tests/test_content_is_data_csp.py)

    scripts: set[str] = set()
    for target in targets:
        if _is_elsewhere(target) or not SAFE_PATH_RE.fullmatch(target):
            continue  # an address the check would refuse anyway: vouch for nothing
        found = inline_code(minify(HTML_TEMPLATE.format(url=target)))
        scripts.update(body for _, body in found.scripts)
    return scripts


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


class _InlineCodeParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = InlineCode()
        self._open: tuple[str, int, dict] | None = None  # the <script>/<style> being read
        self._body: list[str] = []
        self._foreign = 0  # inside <svg> or <math>, where <title> is an element like any other

    def _refuse(self, what: str, fix: str) -> None:
        self.found.refused.append(Finding(self.getpos()[0], what, fix))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        values = {name: value or "" for name, value in attrs}
        if tag in ("svg", "math"):
            self._foreign += 1
        elif tag in RCDATA_ELEMENTS and not self._foreign:
            # text to a browser (minify-html writes a title's "<" as it is): read it as text here too
            self.set_cdata_mode(tag)
        if tag in ("script", "style"):
            self._open, self._body = (tag, self.getpos()[0], values), []
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh" and _refreshes_here(values):
            pass  # a moved page's redirect to its new address on this site (mkdocs-redirects; see redirect_scripts)
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() in ("refresh", "set-cookie"):
            self._refuse(
                f'<meta http-equiv="{values["http-equiv"]}">',
                "remove it: a page may not send the reader elsewhere or set cookies",
            )
        elif tag == "base":
            self._refuse("<base> element", "remove it: links are relative to the page itself")
        elif tag == "link":
            rels = set(values.get("rel", "").lower().split()) & FETCHING_LINKS
            if rels and _is_elsewhere(values.get("href", "")):
                self._refuse(
                    f'<link rel="{" ".join(sorted(rels))}"> to {_short(values.get("href", ""))}',
                    "remove it: every page loads only the site's own files",
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):  # `<script/>` is not closed in HTML: what follows would be its text
            self._attributes(tag, attrs)
            self._refuse(f"<{tag}/> written as self-closing", "remove it: only the site's templates write these")
            return
        self.handle_starttag(tag, attrs)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "style":
                self._refuse(
                    f'style="{_short(value or "")}" attribute on <{tag}>',
                    "remove it: the security policy blocks inline styles; use a class from patient.css",
                )
            elif name.startswith("on"):
                self._refuse(f"event handler {name}= on <{tag}>", "remove it: pages may not run scripts")

    def handle_data(self, data: str) -> None:
        if self._open:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "math") and self._foreign:
            self._foreign -= 1
        if not self._open or tag != self._open[0]:
            return
        kind, line, values = self._open
        body = "".join(self._body)
        self._open = None
        if kind == "style":
            self.found.styles.append((line, body))
            return
        if "src" in values:
            if _is_elsewhere(values["src"]):
                self._refuse(
                    f'<script src="{_short(values["src"])}">', "remove it: pages run the site's own files only"
                )
            return
        kind_of = values.get("type", "").strip().lower()
        if kind_of in JS_TYPES:
            self.found.scripts.append((line, body))
        elif kind_of in DATA_BLOCKS and DATA_BLOCKS[kind_of] in (None, values.get("id")):
            self.found.data_blocks.append((line, kind_of))
        else:
            self._refuse(f'<script type="{kind_of}">', "remove it: only the site's templates write scripts")

    def close(self) -> None:
        super().close()
        if self._open:  # a block never closed: the browser reads the rest of the page as its text
            self.found.refused.append(
                Finding(
                    self._open[1], f"<{self._open[0]}> never closed", "remove it: only the site's templates write these"
                )
            )


# The last page's answer kept: add_csp asks for one page's inline code twice (what to refuse, what to hash),
# and parsing a page with html.parser is the slowest step per page. Callers only read the answer.
@functools.lru_cache(maxsize=1)
def inline_code(page: str) -> InlineCode:
    parser = _InlineCodeParser()
    parser.feed(page)
    parser.close()
    return parser.found


@dataclass(frozen=True)
class OwnInlineCode:
    """The texts of the inline scripts and styles the site itself writes, as they are after minifying."""

    scripts: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()

    def with_styles(self, *styles: str) -> OwnInlineCode:
        """Also the stylesheets this module inlines in one page (scripts/postprocess/purge-css.mjs's subsets)."""
        more = {text for css in styles for text in (css, minify_css(css))}
        return OwnInlineCode(self.scripts, self.styles | more)


class _TemplateBlocks(HTMLParser):
    """The inline <script> (run by a browser) and <style> blocks of a template's source, Jinja left in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[str, str]] = []
        self._open: str | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "style" or (tag == "script" and "src" not in values and values.get("type", "") in JS_TYPES):
            self._open, self._body = tag, []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open == tag:
            self.blocks.append((tag, "".join(self._body)))
            self._open = None


def template_blocks(source: str) -> list[tuple[str, str]]:
    """(tag, body template) of each inline script and style a template's source writes."""
    parser = _TemplateBlocks()
    parser.feed(source)
    parser.close()
    return parser.blocks


def _template_sources(theme: Path) -> list[str]:
    found = [path for pattern in MATERIAL_INLINE for path in sorted(theme.glob(pattern))]
    found += [path for pattern in OWN_INLINE for path in sorted(OWN_TEMPLATES.glob(pattern))]
    return [path.read_text(encoding="utf-8") for path in found]


def base_urls(depths: set[int], site_url: str | None) -> list[str]:
    """The base URLs MkDocs gives pages at these depths ("." at the top, ".." one level down), and the
    absolute path of site_url that a 404 page gets (served at any depth); a path with characters other than
    these is left out (its pages then fail the check)."""
    found = ["." if depth == 0 else "/".join([".."] * depth) for depth in sorted(depths)]
    path = urlsplit(site_url or "").path
    if path and BASE_PATH_RE.fullmatch(path):
        found.append(path)
    return found


def own_inline_code(
    *,
    bases: list[str],
    colors: dict | None = None,
    redirect_langs: list[str] | None = None,
    theme: Path | None = None,
) -> OwnInlineCode:
    """The inline scripts and styles the templates write, rendered for each base URL with trusted values only:
    the clinic's colours if each is #hex, the language codes if each is a code. Nothing a page says."""
    safe_colors = {
        key: value for key, value in (colors or {}).items() if isinstance(value, str) and COLOR_RE.fullmatch(value)
    }
    langs = [code for code in redirect_langs or [] if LANG_CODE_RE.fullmatch(code)]
    env = jinja2.Environment(autoescape=False)  # as MkDocs renders the theme
    scripts: set[str] = set()
    styles: set[str] = set()
    for source in _template_sources(theme or _theme_dir()):
        for tag, body in template_blocks(source):
            template = env.from_string(body)
            for base in bases or ["."]:
                text = template.render(
                    base_url=base,
                    config={"extra": {}},
                    patient={"clinic": {"colors": safe_colors}},
                    colors=safe_colors,
                    redirect_langs=langs,
                )
                minified = minify(f"<{tag}>{text}</{tag}>")
                found = inline_code(minified)
                (scripts if tag == "script" else styles).update(body for _, body in (found.scripts + found.styles))
    return OwnInlineCode(frozenset(scripts), frozenset(styles))


def untrusted_inline_code(page: str, own: OwnInlineCode) -> list[Finding]:
    """Everything in the page the policy must not vouch for, in page order."""
    found = inline_code(page)
    problems = list(found.refused)
    problems += [
        Finding(
            line,
            f'inline <script> the site\'s templates did not write ("{_short(body)}")',
            "remove it: pages, settings and translations may not run scripts",
        )
        for line, body in found.scripts
        if body not in own.scripts
    ]
    problems += [
        Finding(
            line,
            f'inline <style> the site\'s templates did not write ("{_short(body)}")',
            "remove it: the look of every page comes from the site's stylesheets only",
        )
        for line, body in found.styles
        if body not in own.styles
    ]
    for kind in DATA_BLOCKS:
        lines = [line for line, seen in found.data_blocks if seen == kind]
        problems += [
            Finding(line, f'a second <script type="{kind}">', "remove it: the site's templates write one")
            for line in lines[1:]
        ]
    return sorted(problems, key=lambda finding: finding.line)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(page: str) -> tuple[list[str], list[str]]:
    """Hashes of the inline scripts a browser would run and of the inline styles, in page order."""
    found = inline_code(page)
    scripts = [_sha256(body) for _, body in found.scripts]
    styles = [_sha256(body) for _, body in found.styles]
    return list(dict.fromkeys(scripts)), list(dict.fromkeys(styles))


def policy(page: str) -> str:
    """The policy of a page whose inline code has been found to be the site's own (`untrusted_inline_code`)."""
    scripts, styles = inline_hashes(page)
    directives = dict(BASE_POLICY)
    directives["script-src"] = ["'self'", *scripts]
    directives["style-src"] = ["'self'", *styles]
    return "; ".join(f"{name} {' '.join(directives[name])}" for name in POLICY_ORDER)


def _without_policy(page: str) -> str:
    """The page without the policy meta a previous run put first in <head>."""
    head = HEAD_RE.search(page)
    if not head:
        return page
    rest = page[head.end() :]
    first = rest[: rest.find(">") + 1] if rest.startswith("<meta ") else ""
    # minify-html may have rewritten it (attributes reordered, quotes dropped); its content has no ">"
    if re.search(r"""\shttp-equiv=["']?Content-Security-Policy["'\s>]""", first):
        rest = rest[len(first) :]
    return page[: head.end()] + rest


def add_csp(page: str, own: OwnInlineCode) -> str:
    """Insert (or replace) the policy meta as the first element of <head>; refuse inline code or fetches the
    site does not vouch for (UntrustedInlineCode, with every finding)."""
    page = _without_policy(page)
    findings = untrusted_inline_code(page, own)
    if findings:
        raise UntrustedInlineCode(findings)
    head = HEAD_RE.search(page)
    if not head:
        raise PostprocessError("a page without <head>: cannot add its Content-Security-Policy")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return page[: head.end()] + meta + page[head.end() :]


# --- The whole pipeline -----------------------------------------------------------------------------------


def process_page(
    page: str,
    *,
    own: OwnInlineCode | None = None,
    assets: MaterialAssets | None = None,
    styles: PageStyles | None = None,
    csp: bool = True,
    offline: bool = False,
) -> str:
    """One page through the steps above. own: the site's own inline code (`own_inline_code`); with csp, any
    other inline code in the page raises UntrustedInlineCode."""
    if assets is not None:
        page = search_on_demand(page, assets, offline=offline)
        if styles is not None:
            page = inline_stylesheets(page, styles, assets.stylesheet)
    page = minify(page)
    if not csp:
        return page
    own = own or OwnInlineCode()
    if styles is not None:
        own = own.with_styles(styles.material, styles.site)
    return add_csp(page, own)


def _source_line(source: Path | None, finding: Finding) -> int:
    """The line of the page's source where the refused tag or attribute is written, if it is written there
    (it may come from the configuration or a catalog instead): only to point the editor at it."""
    if source is None or not source.is_file() or source.suffix not in (".md", ".html"):
        return 0
    word = re.search(r"<\w+|\bon\w+=|\bstyle=", finding.what)
    needle = word.group(0) if word else ""
    for number, line in enumerate(source.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if needle and needle.lower() in line.lower():
            return number
    return 0


def page_problems(output: Path, source: Path | None, findings: list[Finding]) -> list[Problem]:
    """A page's findings as problems: the page source (when there is one) and the built file, one line each."""
    problems = []
    built = output.relative_to(ROOT).as_posix() if output.is_relative_to(ROOT) else output.as_posix()
    for finding in findings:
        line = _source_line(source, finding)
        if source is not None and line:
            where = source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else source.as_posix()
            problems.append(Problem(where, line, f"unsafe HTML in {built}: {finding.what}", finding.fix))
        else:
            origin = ""
            if source is not None:
                origin = (
                    " (page source "
                    + (source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else source.as_posix())
                    + "; it may come from the configuration or a catalog)"
                )
            problems.append(Problem(built, finding.line, f"unsafe HTML{origin}: {finding.what}", finding.fix))
    return problems


class UnsafePages(PostprocessError):
    """Built pages with inline code or fetches the site does not vouch for; `problems`, one line each."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def _finish_index(site_dir: Path, *, offline: bool, everyday_words: list | None, word_families, only) -> None:
    """The search index read once, given what the site adds to it, and written once (at 650 pages it is a few
    megabytes: each step reading and writing it was a tenth of a second of every preview save). In a function of
    its own so that the index (tens of megabytes of Python objects at 50×) is freed before the pages are
    post-processed beside Node.js, not held to the end of the build."""
    index = _read_index(site_dir)
    if index is not None:
        _glossary_terms_into(index, site_dir)
        _everyday_words_into(index, everyday_words or [])
        if word_families is not None:
            _word_families_into(index, word_families)
        _stop_words_into(index)
        if offline:
            _write_index(site_dir, index)
        else:
            _split_index(site_dir, index, partial=only is not None)
    elif not offline:
        split_search_index(site_dir, partial=only is not None)


# A page to post-process: its built file, and the style rules it inlines (None: the preview's, minified only).
PageJob = tuple[Path, "PageStyles | None"]


def process_pages(
    jobs: list[PageJob], *, own: OwnInlineCode, assets: MaterialAssets, csp: bool, offline: bool
) -> dict[Path, list[Finding]]:
    """Each page of `jobs` through `process_page`, written back in place. A page with inline code the site does not
    vouch for is removed (never left in the site half processed); its findings are returned, by page."""
    refused: dict[Path, list[Finding]] = {}
    for path, styles in jobs:
        text = path.read_text(encoding="utf-8")
        try:
            out = process_page(text, own=own, assets=assets, styles=styles, csp=csp, offline=offline)
        except UntrustedInlineCode as error:
            refused[path] = error.findings
            path.unlink()
            continue
        path.write_text(out, encoding="utf-8")
        _still_without_terms(path, text, out)
    return refused


# From how many pages a language's pages are post-processed in two processes, this one and a child: the build takes
# a language of 100 pages or more alone (scripts/cli/language_builds.py), so a second core waits meanwhile. The
# child is a fresh interpreter importing this module (about 40 MB) and costs about 0.3 s to start: not worth it
# for a few pages.
IN_TWO_FROM_PAGES = 100


def in_two(pages: int, cores: int | None = None) -> bool:
    """Whether `pages` pages are post-processed in two processes (IN_TWO_FROM_PAGES), given a second core."""
    return pages >= IN_TWO_FROM_PAGES and (cores if cores is not None else processes.cores()) > 1


def process_pages_in_two(
    jobs: list[PageJob], *, own: OwnInlineCode, assets: MaterialAssets, csp: bool, offline: bool
) -> dict[Path, list[Finding]]:
    """`process_pages` for the second half of `jobs` in a child process (scripts/config/processes.py), the first
    half here meanwhile; the same pages written, the same findings in the same order."""
    half = (len(jobs) + 1) // 2
    with processes.Apart(name="pages' post-processing", kind="PostprocessProcess") as child:
        kept = {"own": own, "assets": assets, "csp": csp, "offline": offline}
        child.send(f"{__name__}:process_pages", jobs[half:], **kept)
        refused = process_pages(jobs[:half], own=own, assets=assets, csp=csp, offline=offline)
        try:
            refused.update(child.receive())
        except processes.Failed as failed:
            raise PostprocessError(
                f"{len(jobs) - half} pages were not post-processed ({failed}): build again, and if it happens again "
                "report it with the build's output"
            ) from None
    return refused


def process_site(
    site_dir: Path,
    *,
    offline: bool,
    preview: bool = False,
    everyday_words: list | None = None,
    word_families=None,
    only: list[Path] | None = None,
    site_url: str | None = None,
    colors: dict | None = None,
    sources: dict[str, Path] | None = None,
    docs_dir: Path | None = None,
    redirects: list[str] | None = None,
    warn: Callable[[str], None] = _to_stderr,
) -> int:
    """Post-process every HTML file of one built language (or the `only` ones); returns how many.

    preview (`make serve`): minify only. Its live reload injects an inline script into every page, which
    the policy would block, and purging on every save would slow the preview down.
    only: the pages a preview build wrote after a save (the others are as the last build left them).
    site_url, colors: what the site's own inline code is rendered with (`own_inline_code`).
    redirects: the addresses mkdocs.yml's redirect_maps send moved pages to (`redirect_scripts`).
    sources: each built page's source file (absolute output path → source); a file copied from docs_dir is
    its own source. Pages with untrusted inline code raise UnsafePages, every page's problems at once.
    warn: what the build should say without failing (`purge_stylesheets`), one line each.
    """
    assets = material_assets()
    pages = sorted(site_dir.rglob("*.html")) if only is None else sorted(path for path in only if path.is_file())
    language = None
    own = OwnInlineCode()
    finish_index = functools.partial(
        _finish_index, site_dir, offline=offline, everyday_words=everyday_words, word_families=word_families, only=only
    )
    if not preview:
        # The search index is finished in a thread while Node.js works the style rules out: this process only
        # waits for the answer then, and the core beside it is free once the pages named ahead are worked out.
        with ThreadPoolExecutor(max_workers=1) as pool:
            indexed = pool.submit(finish_index)
            language = purge_stylesheets(site_dir, assets, pages, warn=warn)
            indexed.result()
        (site_dir / language.full_path()).write_text(language.full, encoding="utf-8")
        depths = {len(path.relative_to(site_dir).parts) - 1 for path in pages}
        own = own_inline_code(bases=base_urls(depths, site_url), colors=colors)
        if redirects:  # the moved pages mkdocs-redirects wrote, for the targets mkdocs.yml names
            own = OwnInlineCode(own.scripts | redirect_scripts(redirects), own.styles)
    else:
        finish_index()
    jobs: list[PageJob] = []
    for path in pages:
        styles = None
        if language is not None:
            material, own_css = language.critical[path.relative_to(site_dir).as_posix()]
            styles = PageStyles(material=material, site=own_css, full=language.full_path())
        jobs.append((path, styles))
    run = process_pages_in_two if in_two(len(jobs)) else process_pages
    refused = run(jobs, own=own, assets=assets, csp=not preview, offline=offline)
    problems: list[Problem] = []
    for path, findings in refused.items():
        source = (sources or {}).get(str(path))
        copied = docs_dir / path.relative_to(site_dir) if docs_dir else None
        if source is None and copied is not None and copied.is_file():
            source = copied
        problems += page_problems(path, source, findings)
    if problems:
        raise UnsafePages(problems)
    return len(pages)
