"""What this site relies on inside the installed Material, checked against the installed files.

Each test names the file of ours that depends on it; when one fails after upgrading Material, that file
needs a look (and the test a new expectation), not a quiet pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts.postprocess import pages as postprocess

from conftest import LANGS, soup

THEME = postprocess._theme_dir()


def _source(map_file: Path, name_end: str) -> str:
    """One original source file of Material, from the source map it ships next to a bundle."""
    data = json.loads(map_file.read_text(encoding="utf-8"))
    found = [
        text for name, text in zip(data["sources"], data["sourcesContent"], strict=True) if name.endswith(name_end)
    ]
    assert len(found) == 1, f"{map_file.name} has {len(found)} sources ending in {name_end}"
    return found[0]


def test_material_asset_names_come_from_the_installed_theme():
    """overrides/main.html and scripts/postprocess/pages.py use these names; none is typed by hand."""
    assets = postprocess.material_assets()
    for path in (assets.stylesheet, assets.bundle, assets.search_worker):
        assert (THEME / path).is_file(), path
    base = (THEME / "base.html").read_text(encoding="utf-8")
    assert f"'{assets.bundle}'" in base, "Material's base.html loads another bundle than the one found"
    assert f'"{assets.search_worker}"' in base, "Material's base.html names another search worker"
    assert f"'{assets.stylesheet}'" in base, "Material's base.html loads another stylesheet"


def test_asset_name_lookup_fails_loudly_when_a_name_changes(tmp_path):
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    with pytest.raises(RuntimeError, match="main.*min.css"):
        postprocess.material_assets(tmp_path)


@pytest.mark.parametrize("lang", LANGS)
def test_built_pages_load_the_installed_material_files(site, lang):
    """overrides/main.html names the bundle to material-on-use.js, which loads it on first use."""
    assets = postprocess.material_assets()
    doc = soup(site / lang / "index.html")
    loaders = doc.select("script[src$='assets/javascripts/material-on-use.js'][data-bundle]")
    assert len(loaders) == 1 and loaders[0].has_attr("defer"), loaders
    assert loaders[0]["data-bundle"].endswith(assets.bundle), loaders[0]
    assert not [tag for tag in doc.find_all("script", src=True) if "bundle" in tag["src"]], "the bundle loads at once"
    assert (site / lang / assets.bundle).is_file()
    assert (site / lang / assets.search_worker).is_file()


MATERIAL_ON_USE = Path(__file__).parent.parent / "overrides" / "assets" / "javascripts" / "material-on-use.js"


def test_material_starts_on_the_event_material_on_use_fires():
    """material-on-use.js fires DOMContentLoaded again when the bundle arrives after it: Material's
    components start on that one event (watchDocument), once, and on nothing else."""
    source = _source(THEME / (postprocess.material_assets().bundle + ".map"), "browser/document/index.ts")
    assert 'fromEvent(document, "DOMContentLoaded", { once: true })' in source
    assert "document$.next(document)" in source
    assert source.count("fromEvent(") == 1, "Material's document now starts on another event too"
    assert 'document.dispatchEvent(new Event("DOMContentLoaded"))' in MATERIAL_ON_USE.read_text(encoding="utf-8")


def test_material_keeps_the_palette_where_material_on_use_does():
    """material-on-use.js switches light/dark until the bundle starts, as Material does: the body's
    data-md-color-* attributes from the radio's, the label after the current radio shown, and the palette
    stored as {index, color} under "__palette", which Material reads when it starts."""
    source = _source(THEME / (postprocess.material_assets().bundle + ".map"), "components/palette/index.ts")
    assert 'const current = __md_get<Palette>("__palette")' in source
    assert '__md_set("__palette", palette)' in source
    for key in ("media", "scheme", "primary", "accent"):
        assert f"{key}:" in source and f'input.getAttribute("data-md-color-{key}")' in source, key
    assert "document.body.setAttribute(`data-md-color-${key}`, value)" in source
    assert "const label = inputs[index].nextElementSibling" in source
    assert "label.hidden = palette.index !== index" in source
    assert 'filter(ev => ev.key === "Enter")' in source
    ours = MATERIAL_ON_USE.read_text(encoding="utf-8")
    assert '__md_set("__palette", { index, color })' in ours and "label.hidden = i !== index" in ours


def test_stay_on_page_still_selects_alternates_exactly():
    """overrides/main.html writes rel=" alternate" so that this exact selector does not match it."""
    bundle = (THEME / postprocess.material_assets().bundle).read_text(encoding="utf-8")
    assert bundle.count("link[rel=alternate]") == 1, "Material's language switch now finds alternates otherwise"
    source = _source(THEME / (postprocess.material_assets().bundle + ".map"), "integrations/alternate/index.ts")
    assert 'getElements<HTMLLinkElement>("link[rel=alternate]")' in source
    assert "fetchSitemap(url)" in source


def test_search_worker_protocol_is_what_the_on_demand_worker_speaks():
    """overrides/assets/javascripts/workers/search-on-demand.js: SETUP 0, READY 1, QUERY 2, RESULT 3."""
    source = _source(THEME / (postprocess.material_assets().bundle + ".map"), "search/worker/message/index.ts")
    body = re.search(r"enum SearchMessageType \{(.*?)\}", source, re.S).group(1)
    names = [re.sub(r"/\*.*?\*/", "", line).strip(" ,") for line in body.splitlines()]
    assert [n for n in names if n] == ["SETUP", "READY", "QUERY", "RESULT"]
    relay = (
        Path(__file__).parent.parent / "overrides" / "assets" / "javascripts" / "workers" / "search-on-demand.js"
    ).read_text(encoding="utf-8")
    for value, name in enumerate(["SETUP", "READY", "QUERY", "RESULT"]):
        assert f"const {name} = {value};" in relay


def test_material_reads_the_search_index_and_worker_where_postprocess_puts_them():
    """scripts/postprocess/pages.py: a stub at search/search_index.json, the worker URL from the page's config."""
    bundle_ts = _source(THEME / (postprocess.material_assets().bundle + ".map"), "javascripts/bundle.ts")
    assert 'new URL("search/search_index.json", config.base)' in bundle_ts
    search_ts = _source(THEME / (postprocess.material_assets().bundle + ".map"), "components/search/_/index.ts")
    assert "setupSearchWorker(config.search, index$)" in search_ts
    highlight_ts = _source(THEME / (postprocess.material_assets().bundle + ".map"), "search/highlight/index.ts")
    assert "setupSearchHighlighter(index.config)" in highlight_ts, "?h= highlighting needs more than the stub"


def test_offline_worker_shim_is_what_material_expects():
    """overrides/assets/javascripts/iframe-worker.js: named so, found by Material's worker as IFrameWorker."""
    plugin = (THEME.parent / "plugins" / "offline" / "plugin.py").read_text(encoding="utf-8")
    assert 'any("iframe-worker" in url for url in config.extra["polyfills"])' in plugin
    worker = (THEME / postprocess.material_assets().search_worker).read_text(encoding="utf-8")
    assert '"IFrameWorker"in parent' in worker and 'split("/worker")' in worker


def _worker_source(name_end: str) -> str:
    return _source(THEME / (postprocess.material_assets().search_worker + ".map"), name_end)


def test_search_worker_runs_in_the_relays_scope_as_the_relay_expects():
    """search-on-demand.js loads Material's worker with importScripts into its own global scope: Material's
    worker must listen on that scope's message event and answer with a bare postMessage (the relay stops
    the page's messages, dispatches its own, and wraps postMessage), and expose lunr there."""
    main = _worker_source("search/worker/main/index.ts")
    assert 'addEventListener("message", async ev => {\n  postMessage(await handler(ev.data))\n})' in main
    assert "self.lunr = lunr" in main
    assert "index = new Search(message.data)" in main
    assert "await setupSearchLanguages(message.data.config)" in main
    worker_ts = _source(THEME / (postprocess.material_assets().bundle + ".map"), "search/worker/_/index.ts")
    # The page hands the worker the index's whole config (where postprocess puts "everyday_words").
    assert re.search(
        r"\.subscribe\(\(\{ config, docs \}\) => worker\$\.next\(\{\s*type: SearchMessageType\.SETUP,"
        r"\s*data: \{\s*config,\s*docs,",
        worker_ts,
    )


def test_search_queries_and_results_have_the_shape_search_patient_relies_on():
    """search-patient.js: every term gets a trailing wildcard (so the site words it adds match by prefix),
    results are groups of items with location/title/text/terms, matches wrapped in <mark>, and a result's
    true terms become the ?h= highlight of the page opened, its false ones the "Missing" line."""
    transform = _worker_source("search/query/transform/index.ts")
    assert ".map(term => /(^[+-]|[~^]\\d+$)/.test(term) ? term : `${term}*`)" in transform
    search = _worker_source("integrations/search/_/index.ts")
    assert "items: SearchItem[][]" in search and "items: [...groups.values()]" in search
    assert 'this.ref("location")' in search and "terms: SearchQueryTerms" in search
    assert '"<mark>",' in _worker_source("search/internal/highlight/index.ts")
    template = _source(THEME / (postprocess.material_assets().bundle + ".map"), "templates/search/index.tsx")
    assert 'url.searchParams.set("h", Object.entries(document.terms)' in template
    assert ".filter(key => !document.terms[key])" in template


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_lunr_has_each_languages_stemmer_where_the_worker_loads_it(lang):
    """search-patient.js stems with lunr[lang].stemmer (lunr.stemmer in English), as loaded by Material."""
    stemmers = (THEME / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{lang}.min.js").read_text(encoding="utf-8")
    assert re.search(rf"\.{lang}\.stemmer=", stemmers), lang
    assert "${base}/min/lunr.${lang}.min.js" in _worker_source("search/worker/main/index.ts")
