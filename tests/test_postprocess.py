"""HTML post-processing (scripts/postprocess/pages.py): minify, search on demand, Content-Security-Policy.

Pure functions first, then every built page of the fixture topic (tests/fixture-topic: its preview build, and
its release build's offline copy): the policy is the first thing in <head>, strict, and lists the hash of every
inline script and style the page has (computed after minifying, so they match).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
import tinycss2
from bs4 import BeautifulSoup

from scripts.postprocess import pages as postprocess

from conftest import ROOT, fixture_languages

# The fixture topic's languages: English, and Arabic (right to left, with Material's right-to-left stylesheet).
LANGS = fixture_languages()

FORBIDDEN_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:")
PRE = "<pre><code>line one\n    indented   two\n</code></pre>"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(page: str) -> dict[str, list[str]]:
    meta = BeautifulSoup(page, "html.parser").head.find("meta")
    assert meta.get("http-equiv") == "Content-Security-Policy", f"first in <head>: {meta}"
    return {part.split()[0]: part.split()[1:] for part in meta["content"].split(";") if part.strip()}


def test_minify_keeps_preformatted_text_and_compacts_the_page():
    page = f"<!doctype html>\n<html lang=en>\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <p>a  <b>b</b></p>\n    {PRE}\n  </body>\n</html>\n"
    out = postprocess.minify(page)
    assert PRE.replace('"', "") in out or PRE in out
    assert "\n  " not in out.replace(PRE, "")
    assert "<p>a <b>b</b></p>" in out


def test_policy_hashes_each_inline_script_and_style_after_minifying():
    page = (
        "<!doctype html><html><head><style>a { color : red }</style>\n"
        '<script type="application/ld+json">{"a": 1}</script></head>'
        '<body><script>var  x = 1</script><script src="x.js"></script></body></html>'
    )
    # the page's own code (as the site's templates would write it), known before the page is processed
    own = postprocess.OwnInlineCode(scripts=frozenset({"var  x = 1"})).with_styles("a { color : red }")
    out = postprocess.process_page(page, own=own)
    found = directives(out)
    style = re.search(r"<style>(.*?)</style>", out).group(1)
    script = re.search(r"<script>(.*?)</script>", out).group(1)
    assert found["style-src"] == ["'self'", sha(style)]
    assert found["script-src"] == ["'self'", sha(script)]  # JSON-LD is data, never run: no hash
    assert found["default-src"] == ["'self'"] and found["object-src"] == ["'none'"]
    assert found["base-uri"] == ["'self'"] and found["img-src"] == ["'self'", "data:"]
    assert found["form-action"] == ["'self'"]
    # the same page with code the site did not write: refused, never hashed
    with pytest.raises(postprocess.UntrustedInlineCode):
        postprocess.process_page(page.replace("var  x = 1", "alert(1)"), own=own)


def test_processing_twice_gives_the_same_page():
    page = "<!doctype html><html><head><style>a{color:red}</style></head><body><p>x</p></body></html>"
    own = postprocess.OwnInlineCode().with_styles("a{color:red}")
    once = postprocess.process_page(page, own=own)
    assert postprocess.process_page(once, own=own) == once


def test_search_on_demand_points_materials_config_at_the_relay():
    assets = postprocess.material_assets()
    config = {"base": "..", "search": f"../{assets.search_worker}", "features": []}
    page = f'<html><head></head><body><script id="__config" type="application/json">{json.dumps(config)}</script></body></html>'
    out = json.loads(re.search(r"<script[^>]*>(.*?)</script>", postprocess.search_on_demand(page, assets)).group(1))
    worker_name = assets.search_worker.rsplit("/", 1)[-1]
    assert out["search"] == (
        f"../{postprocess.SEARCH_RELAY}?worker={worker_name}&patient=search-patient.js"
        f"&index=../../../{postprocess.FULL_INDEX}"
    )
    assert (ROOT / "overrides" / postprocess.SEARCH_RELAY).is_file()
    assert (ROOT / "overrides" / postprocess.SEARCH_PATIENT).is_file()
    # Offline, the whole index comes with Material's SETUP: the relay is given no index to fetch.
    offline = json.loads(
        re.search(r"<script[^>]*>(.*?)</script>", postprocess.search_on_demand(page, assets, offline=True)).group(1)
    )
    assert offline["search"] == f"../{postprocess.SEARCH_RELAY}?worker={worker_name}&patient=search-patient.js"


def test_everyday_words_go_into_the_full_index_and_not_into_the_stub(tmp_path):
    (tmp_path / "search").mkdir()
    index = {
        "config": {"lang": ["fr"], "separator": "[\\s\\-]+"},
        "docs": [{"location": "", "title": "t", "text": "x"}],
    }
    (tmp_path / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    postprocess.process_site(tmp_path, offline=False, preview=True, everyday_words=[["grossesse", ["enceinte"]]])
    full = json.loads((tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8"))
    stub = json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))
    assert full["config"]["everyday_words"] == [["grossesse", ["enceinte"]]] and full["docs"] == index["docs"]
    assert stub == {"config": {"lang": ["fr"], "separator": "[\\s\\-]+"}, "docs": []}


def test_built_indexes_carry_each_languages_everyday_words(fixture_preview, fixture_release_offline):
    from scripts.rules import search_words

    site, offline_site = fixture_preview.site, fixture_release_offline.site
    for lang in LANGS:
        words = search_words.compiled(fixture_preview.project, lang)
        assert words, f"{lang}: the fixture has everyday words (glossary/search-words.{lang}.yml)"
        full = json.loads((site / lang / postprocess.FULL_INDEX).read_text(encoding="utf-8"))
        assert full["config"]["everyday_words"] == words, lang
        offline = (offline_site / lang / postprocess.OFFLINE_INDEX_SCRIPT).read_text(encoding="utf-8")
        assert json.loads(offline.removeprefix("var __index = "))["config"]["everyday_words"] == words, lang


def _built_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def _check_page(path: Path) -> list[str]:
    page = path.read_text(encoding="utf-8")
    problems = []
    try:
        found = directives(page)
    except (AssertionError, AttributeError, KeyError) as error:
        return [f"{path}: no Content-Security-Policy first in <head> ({error})"]
    for name in ("default-src", "script-src", "style-src", "img-src", "object-src", "base-uri", "form-action"):
        if name not in found:
            problems.append(f"{path}: policy without {name}")
    bad = [source for values in found.values() for source in values if source in FORBIDDEN_SOURCES]
    if bad:
        problems.append(f"{path}: policy allows {bad}")
    scripts, styles = postprocess.inline_hashes(page)
    problems += [
        f"{path}: inline script {h} not in the policy" for h in scripts if h not in found.get("script-src", [])
    ]
    problems += [f"{path}: inline style {h} not in the policy" for h in styles if h not in found.get("style-src", [])]
    doc = BeautifulSoup(page, "html.parser")
    problems += [f"{path}: style attribute on <{tag.name}>" for tag in doc.find_all(style=True)]
    problems += [
        f"{path}: event handler {attr} on <{tag.name}>"
        for tag in doc.find_all(True)
        for attr in tag.attrs
        if attr.startswith("on")
    ]
    return problems


def test_every_page_of_the_site_has_a_strict_policy(fixture_preview):
    site = fixture_preview.site
    pages = _built_pages(site)
    assert {p.relative_to(site).as_posix() for p in pages} >= {
        "index.html",
        "404.html",
        *(f"{lang}/404.html" for lang in LANGS),
    }
    problems = [problem for page in pages for problem in _check_page(page)]
    assert not problems, "\n".join(problems)


def test_every_page_of_the_offline_copy_has_a_strict_policy(fixture_release_offline):
    pages = _built_pages(fixture_release_offline.site)
    assert len(pages) > len(LANGS)
    problems = [problem for page in pages for problem in _check_page(page)]
    assert not problems, "\n".join(problems)


def test_pages_with_preformatted_text_are_minified_too(fixture_preview):
    site = fixture_preview.site
    pages = [p for p in _built_pages(site) if "<pre" in p.read_text(encoding="utf-8")] or _built_pages(site)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r">\n\s+<", text), f"{page}: indentation between tags left"


def test_a_partial_build_keeps_the_search_entries_of_the_pages_it_did_not_render():
    """`make serve` renders only the saved page: its entries are replaced, every other page's kept."""
    previous = [
        {"location": "aftercare/", "text": "old"},
        {"location": "aftercare/#next", "text": "old section"},
        {"location": "session/", "text": "kept"},
    ]
    fresh = [{"location": "aftercare/", "text": "new"}]
    merged = postprocess.merge_search_docs(previous, fresh)
    assert merged == [{"location": "session/", "text": "kept"}, {"location": "aftercare/", "text": "new"}]


def test_split_search_index_merges_a_partial_build(tmp_path):
    (tmp_path / "search").mkdir()
    full = {"config": {"lang": ["en"]}, "docs": [{"location": "a/", "text": "1"}, {"location": "b/", "text": "2"}]}
    (tmp_path / postprocess.FULL_INDEX).write_text(json.dumps(full), encoding="utf-8")
    partial = {"config": {"lang": ["en"]}, "docs": [{"location": "b/", "text": "3"}]}
    (tmp_path / postprocess.STUB_INDEX).write_text(json.dumps(partial), encoding="utf-8")
    postprocess.split_search_index(tmp_path, partial=True)
    docs = json.loads((tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8"))["docs"]
    assert docs == [{"location": "a/", "text": "1"}, {"location": "b/", "text": "3"}]
    assert json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))["docs"] == []


# --- Stylesheets: each page's rules inline, the whole on first use ---------------------------------------

MATERIAL = "assets/stylesheets/main.0123abcd.min.css"
PAGE_WITH_LINKS = (
    '<html><head><link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
    "<style>:root{--patient-primary:#123}</style>"
    '<link rel="stylesheet" href="../assets/stylesheets/patient.css">'
    '<link rel="stylesheet" href="../assets/stylesheets/other.css"></head><body></body></html>'
)


def test_a_page_inlines_its_rules_and_names_the_whole_stylesheet_for_first_use():
    styles = postprocess.PageStyles(material=".md-a{x:1}", site=".p{y:2}", full="assets/stylesheets/site.abc.css")
    out = postprocess.inline_stylesheets(PAGE_WITH_LINKS, styles, MATERIAL)
    head = BeautifulSoup(out, "html.parser").head
    kinds = [(tag.name, tag.get_text() or tag.get("href")) for tag in head.find_all(["style", "link"])]
    assert kinds == [
        ("style", ".md-a{x:1}"),
        ("style", ":root{--patient-primary:#123}"),
        ("style", ".p{y:2}"),
        ("link", "../assets/stylesheets/other.css"),  # a stylesheet this module does not know: kept
    ]
    # named on the last of the site's rules, after which material-on-use.js links it: in the cascade the
    # whole stylesheet then comes after both of the page's subsets of it
    named = head.find_all(attrs={"data-on-use": True})
    assert [(tag.name, tag.get_text(), tag["data-on-use"]) for tag in named] == [
        ("style", ".p{y:2}", "../assets/stylesheets/site.abc.css")
    ]


def test_the_whole_stylesheet_is_named_by_its_content():
    one = postprocess.LanguageStyles(full="a{x:1}", critical={})
    other = postprocess.LanguageStyles(full="a{x:2}", critical={})
    assert one.full_path() == postprocess.LanguageStyles(full="a{x:1}", critical={}).full_path()
    assert one.full_path() != other.full_path()
    assert re.fullmatch(r"assets/stylesheets/site\.[0-9a-f]{12}\.css", one.full_path())


def _rules(css: str, context: str = "") -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """A stylesheet's style rules in order, as (enclosing at-rules, selectors, declarations)."""
    rules = []
    for node in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if node.type == "qualified-rule":
            selectors = frozenset(s.strip() for s in tinycss2.serialize(node.prelude).split(","))
            declarations = frozenset(
                f"{d.lower_name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                if d.type == "declaration"
            )
            rules.append((context, selectors, declarations))
        elif node.type == "at-rule" and node.content is not None:
            inner = f"{context}@{node.lower_at_keyword} {tinycss2.serialize(node.prelude).strip()}|"
            rules += _rules(tinycss2.serialize(node.content), inner)
    return rules


def _not_in_order(part: str, whole: str) -> str | None:
    """The first rule of `part` that is not drawn, in `whole`'s order, from rules of `whole` with the same
    at-rules and some of their selectors and declarations. PurgeCSS drops the selectors a page does not use
    and the custom properties its rules do not read; the minifier then joins rules left with one selector."""
    candidates, position = _rules(whole), 0
    for context, selectors, declarations in _rules(part):
        start = position
        while start < len(candidates):
            covered: set[str] = set()
            for index in range(start, len(candidates)):
                other_context, other_selectors, other_declarations = candidates[index]
                if other_context == context and selectors <= other_selectors:
                    covered |= other_declarations
                    if declarations <= covered:
                        break
                elif index == start:
                    break
            if declarations <= covered:
                position = index + 1
                break
            start += 1
        else:
            return f"{context}{','.join(sorted(selectors))}{{{';'.join(sorted(declarations))[:60]}"
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_inlines_a_subset_of_the_whole_stylesheet_in_its_order(fixture_preview, lang):
    """Every page of the built language: its inline rules are rules of the linked whole stylesheet, in the
    same order (so that the whole, later in the cascade, gives every element what it would have alone), and
    the page is smaller than the stylesheet it links."""
    site = fixture_preview.site
    problems = []
    for path in _built_pages(site / lang):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        whole = doc.head.find_all(attrs={"data-on-use": True})
        if len(whole) != 1 or whole[0].name != "style":
            problems.append(f"{path}: {len(whole)} elements name the whole stylesheet, not one <style>")
            continue
        href = whole[0]["data-on-use"]
        # the 404 page's addresses start from the site's root path (it is served at any depth)
        full_file = site / lang / href.split(f"/{lang}/", 1)[1] if href.startswith("/") else path.parent / href
        full = full_file.read_text(encoding="utf-8")
        inline = [style.get_text() for style in doc.head.find_all("style")]
        material, site_own = inline[0], inline[-1]
        for name, css in (("Material's", material), ("the site's", site_own)):
            missing = _not_in_order(css, full)
            if missing:
                problems.append(f"{path}: {name} inline rule {missing!r} is not in {full_file.name} in its order")
        if len(material) >= len(full):
            problems.append(f"{path}: inlines as much as the whole stylesheet ({len(material)} characters)")
    assert not problems, "\n".join(problems[:20])


def test_the_order_check_finds_a_rule_out_of_place_or_changed():
    whole = "a,b{x:1}.c{y:2}@media print{a{z:3}}d{w:4}"
    assert _not_in_order("a{x:1}.c{y:2}@media print{a{z:3}}", whole) is None
    assert _not_in_order("a{x:1;w:4}", "a{x:1}.c{y:2}a{w:4}") is None  # joined by the minifier
    assert _not_in_order(".c{y:2}a{x:1}", whole) is not None  # out of order
    assert _not_in_order("a{x:2}", whole) is not None  # another value
    assert _not_in_order("a{z:3}", whole) is not None  # outside its @media
    assert _not_in_order("e{x:1}", whole) is not None  # a selector the whole does not have


# --- a large language's pages in two processes (process_pages_in_two) -----------------------------------------


def _pages_to_process(folder: Path, count: int, unsafe: set[int]) -> list:
    jobs = []
    for n in range(count):
        path = folder / f"page-{n}" / "index.html"
        path.parent.mkdir(parents=True)
        extra = '<p onclick="steal()">x</p>' if n in unsafe else ""
        path.write_text(
            f'<!doctype html><html lang="en"><head><title>Page {n}</title>\n<style>a{{color:red}}</style></head>'
            f"<body><h1>Page   {n}</h1>\n{extra}{PRE}</body></html>",
            encoding="utf-8",
        )
        jobs.append((path, None))
    return jobs


def test_pages_in_two_processes_are_what_one_process_makes_of_them(tmp_path):
    own = postprocess.OwnInlineCode().with_styles("a{color:red}")
    kept = {"own": own, "assets": postprocess.material_assets(), "csp": True, "offline": False}
    here = _pages_to_process(tmp_path / "here", 9, unsafe={2, 7})
    apart = _pages_to_process(tmp_path / "apart", 9, unsafe={2, 7})
    refused_here = postprocess.process_pages(here, **kept)
    refused_apart = postprocess.process_pages_in_two(apart, **kept)
    # the child's half (pages 5-8) was written too, the same bytes, and its refused page removed and reported
    for (one, _), (two, _) in zip(here, apart, strict=True):
        assert one.exists() == two.exists()
        assert not one.exists() or one.read_bytes() == two.read_bytes()
    assert not apart[7][0].exists() and apart[8][0].read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [path.parent.name for path in refused_apart] == ["page-2", "page-7"]
    assert list(refused_apart.values()) == list(refused_here.values())
    assert "onclick" in refused_apart[apart[7][0]][0].what


def test_two_processes_from_a_hundred_pages_and_a_second_core():
    assert not postprocess.in_two(99, cores=2)
    assert postprocess.in_two(100, cores=2)
    assert not postprocess.in_two(650, cores=1)


def test_a_second_process_that_ends_without_its_pages_fails_the_build_in_one_line(tmp_path, monkeypatch):
    from scripts.config import processes

    def ended(self):
        raise processes.Failed("PostprocessProcess", "the pages' post-processing's process was killed by SIGKILL")

    monkeypatch.setattr(processes.Apart, "receive", ended)
    own = postprocess.OwnInlineCode().with_styles("a{color:red}")
    jobs = _pages_to_process(tmp_path, 4, unsafe=set())
    with pytest.raises(postprocess.PostprocessError) as raised:
        postprocess.process_pages_in_two(jobs, own=own, assets=postprocess.material_assets(), csp=True, offline=False)
    assert "2 pages were not post-processed" in str(raised.value) and "SIGKILL" in str(raised.value)
    assert "\n" not in str(raised.value)
