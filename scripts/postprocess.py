"""What every built HTML page goes through before it is published, in this order:

1. search on demand (online site): the page's search index becomes a stub with the search settings only,
   and Material's search worker is replaced by overrides/assets/javascripts/workers/search-on-demand.js,
   which loads the real index and Material's worker on the first query;
2. stylesheets: each page inlines the rules of Material's stylesheet and the site's own that its HTML
   uses (scripts/purge-css.mjs, PurgeCSS), so that a phone paints from the first round trip (TCP's first
   congestion window, about 14 KB); the whole of both, purged of what the language never uses, is one
   file that the page applies when the reader first uses it, before Material's bundle runs
   (overrides/assets/javascripts/material-on-use.js);
3. minify (minify-html), <pre> included;
4. Content-Security-Policy: a <meta http-equiv> first in <head>, with the sha256 hash of every inline
   script and style left after the steps above (so a hash always matches what the browser reads).

Pure functions on strings, plus `process_site` that applies them to a built language folder. Called from
scripts/build_hooks/post_build.py (on_post_build) and for the root pages from scripts/site.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import minify_html

from scripts.paths import ROOT

# --- Material's assets, found in the installed theme (never typed by hand) -------------------------------


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
            f"the installed Material changed its asset names; update scripts/postprocess.py"
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


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def add_everyday_words(site_dir: Path, everyday_words: list) -> None:
    """Put the editors' everyday words (scripts/search_words.py) into the index's config, where the search
    worker receives them with the documents (Material passes the config on whole, online and offline)."""
    index_file = site_dir / STUB_INDEX
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if not index.get("docs"):
        return  # already split: the words are in the full index
    index["config"]["everyday_words"] = everyday_words
    index_file.write_text(_dump(index), encoding="utf-8")
    script = site_dir / OFFLINE_INDEX_SCRIPT
    if script.is_file():
        script.write_text(f"var __index = {_dump(index)}", encoding="utf-8")


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
    stub, full = site_dir / STUB_INDEX, site_dir / FULL_INDEX
    if not stub.is_file():
        return
    index = json.loads(stub.read_text(encoding="utf-8"))
    if partial and full.is_file() and index.get("docs") is not None:
        previous = json.loads(full.read_text(encoding="utf-8")).get("docs", [])
        index["docs"] = merge_search_docs(previous, index["docs"])
    if index.get("docs"):
        full.write_text(_dump(index), encoding="utf-8")
    config = {key: value for key, value in index["config"].items() if key != "everyday_words"}
    stub.write_text(_dump({"config": config, "docs": []}), encoding="utf-8")


def search_on_demand(page: str, assets: MaterialAssets, *, offline: bool = False) -> str:
    """Point Material's configuration (its documented custom-worker setting) at the on-demand relay.

    Offline, the relay gets the whole index with Material's SETUP, so it is given no index address."""
    match = CONFIG_RE.search(page)
    if not match:
        return page
    config = json.loads(match.group(2))  # Material writes it with Jinja's tojson: plain JSON
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
PURGE_SCRIPT = ROOT / "scripts" / "purge-css.mjs"
PURGECSS = ROOT / "node_modules" / "purgecss"
STYLESHEET_LINK_RE = re.compile(r"""<link rel="?stylesheet"? href="?([^"\s>]+)"?\s*/?>""")


class PostprocessError(Exception):
    """A build step that cannot run; the message says how to fix it."""


@dataclass(frozen=True)
class LanguageStyles:
    """A built language's stylesheets after purging (scripts/purge-css.mjs), minified.

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


def purge_stylesheets(site_dir: Path, assets: MaterialAssets, pages: list[Path]) -> LanguageStyles:
    """Material's stylesheet as built into site_dir and the site's own, purged for the language and for
    each of `pages` (the built pages, before this module changed them)."""
    node = shutil.which("node")
    if node is None or not PURGECSS.is_dir():
        raise PostprocessError(
            "node_modules/purgecss: missing (PurgeCSS trims Material's stylesheet) — run "
            "`npm ci` (Node.js and npm: `sudo apt-get install nodejs npm`); `make site` does it"
        )
    scripts = [site_dir / assets.bundle, *sorted((site_dir / "assets" / "javascripts").rglob("*.js"))]
    names = [path.relative_to(site_dir).as_posix() for path in pages]
    result = subprocess.run(
        [
            node,
            str(PURGE_SCRIPT),
            str(site_dir),
            str(site_dir / assets.stylesheet),
            str(site_dir / SITE_CSS),
            *dict.fromkeys(str(s) for s in scripts),
        ],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise PostprocessError(
            f"scripts/purge-css.mjs: failed ({result.stderr.strip()[-500:]}) — run "
            f"`npm ci` again; if it still fails, report it with this message"
        )
    answer = json.loads(result.stdout)
    site_css = (site_dir / SITE_CSS).read_text(encoding="utf-8")
    critical = [(minify_css(material), minify_css(own)) for material, own in answer["critical"]]
    return LanguageStyles(
        full=minify_css(answer["full"] + "\n" + site_css),
        critical={page: critical[index] for page, index in answer["pages"].items()},
    )


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

SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE_RE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.S | re.I)
SRC_RE = re.compile(r"\ssrc\s*=", re.I)
TYPE_RE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
CSP_META_RE = re.compile(r"""<meta\b[^>]*\bhttp-equiv=["']?Content-Security-Policy\b[^>]*>""", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Everything from this site's own origin; images also as data: URIs (inline SVG icons). Note: in a <meta>
# policy browsers ignore frame-ancestors, report-uri and sandbox, so none is set here.
BASE_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(page: str) -> tuple[list[str], list[str]]:
    """Hashes of the inline scripts a browser would run and of the inline styles, in page order."""
    scripts = []
    for attrs, body in SCRIPT_RE.findall(page):
        kind = TYPE_RE.search(attrs)
        if SRC_RE.search(attrs) or (kind and kind.group(1).lower() not in JS_TYPES):
            continue  # external, or a data block (JSON, JSON-LD) that is never run
        scripts.append(_sha256(body))
    styles = [_sha256(body) for _, body in STYLE_RE.findall(page)]
    return list(dict.fromkeys(scripts)), list(dict.fromkeys(styles))


def policy(page: str) -> str:
    scripts, styles = inline_hashes(page)
    directives = dict(BASE_POLICY)
    directives["script-src"] = ["'self'", *scripts]
    directives["style-src"] = ["'self'", *styles]
    order = ["default-src", "script-src", "style-src", "img-src", "object-src", "base-uri"]
    return "; ".join(f"{name} {' '.join(directives[name])}" for name in order)


def add_csp(page: str) -> str:
    """Insert (or replace) the policy meta as the first element of <head>."""
    page = CSP_META_RE.sub("", page)
    head = HEAD_RE.search(page)
    if not head:
        raise ValueError("a page without <head>: cannot add its Content-Security-Policy")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return page[: head.end()] + meta + page[head.end() :]


# --- The whole pipeline -----------------------------------------------------------------------------------


def process_page(
    page: str,
    *,
    assets: MaterialAssets | None = None,
    styles: PageStyles | None = None,
    csp: bool = True,
    offline: bool = False,
) -> str:
    if assets is not None:
        page = search_on_demand(page, assets, offline=offline)
        if styles is not None:
            page = inline_stylesheets(page, styles, assets.stylesheet)
    page = minify(page)
    return add_csp(page) if csp else page


def process_site(
    site_dir: Path,
    *,
    offline: bool,
    preview: bool = False,
    everyday_words: list | None = None,
    only: list[Path] | None = None,
) -> int:
    """Post-process every HTML file of one built language (or the `only` ones); returns how many.

    preview (`make serve`): minify only. Its live reload injects an inline script into every page, which
    the policy would block, and purging on every save would slow the preview down.
    only: the pages a preview build wrote after a save (the others are as the last build left them).
    """
    assets = material_assets()
    pages = sorted(site_dir.rglob("*.html")) if only is None else sorted(path for path in only if path.is_file())
    language = None
    if not preview:
        language = purge_stylesheets(site_dir, assets, pages)
        (site_dir / language.full_path()).write_text(language.full, encoding="utf-8")
    add_everyday_words(site_dir, everyday_words or [])
    if not offline:
        split_search_index(site_dir, partial=only is not None)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        styles = None
        if language is not None:
            material, own = language.critical[path.relative_to(site_dir).as_posix()]
            styles = PageStyles(material=material, site=own, full=language.full_path())
        path.write_text(
            process_page(text, assets=assets, styles=styles, csp=not preview, offline=offline), encoding="utf-8"
        )
    return len(pages)
