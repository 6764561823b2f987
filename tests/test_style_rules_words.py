"""scripts/postprocess/purge-css.mjs `selectorsIn`: what PurgeCSS can tell apart in a page, read from the document
the page's rules are matched against (htmlparser2), must be what purgecss-from-html reads with parse5: the page's
kind and its PurgeCSS pass depend on it. Each case is a small page written to hold what the two parsers could read
differently."""

from __future__ import annotations

import json

from conftest import run_node_module

RUN = """
import purgeHtml from "purgecss-from-html";
import { parseDocument } from "htmlparser2";
import { selectorsIn } from "./scripts/postprocess/purge-css.mjs";
import { readFileSync } from "node:fs";
const sets = (found) => ({
  names: [...new Set(found.attributes.names)].sort(),
  values: [...new Set(found.attributes.values)].sort(),
  classes: [...new Set(found.classes)].sort(),
  ids: [...new Set(found.ids)].sort(),
  tags: [...new Set(found.tags)].sort(),
  undetermined: [...new Set(found.undetermined)].sort(),
});
const pages = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pages.map((html) => [sets(purgeHtml(html)), sets(selectorsIn(parseDocument(html)))])));
"""

PAGES = {
    "a page as the templates write it": (
        '<!doctype html><html lang="en" class="no-js" dir="ltr"><head><meta charset="utf-8">'
        '<title>Aftercare &amp; you</title><link rel="icon" href="../assets/logo.svg">'
        '<script>document.documentElement.className="js"</script>'
        '<style id="kept">.md-header{color:red}</style></head>'
        '<body data-md-color-scheme="default" data-md-color-primary="custom">'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<header class="md-header md-header--shadow" data-md-component="header"><nav class="md-header__inner md-grid" '
        'aria-label="Header"><a href=".." title="Home" class="md-header__button md-logo">x</a></nav></header>'
        '<main class="md-main"><article class="md-content__inner md-typeset"><h1 id="after-a-session">After</h1>'
        '<p>Text with <a href="#x" class="glossary-term" title="a word">a word</a> and <code>code</code>.</p>'
        '<ul class="task-list"><li class="task-list-item"><label><input type="checkbox" disabled> a</label></li></ul>'
        '<details class="note"><summary>More</summary><p>Inside</p></details></article></main>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script src="../assets/javascripts/material-on-use.js" defer></script></body></html>'
    ),
    "inline SVG, whose names parse5 writes in their SVG case": (
        '<!doctype html><html><head></head><body><span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 24 24"><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<clipPath id="c"><rect width="1" height="1"/></clipPath></defs><path d="M0 0h24v24H0z" '
        'fill="url(#g)"/><foreignObject viewBox="1"><div class="html-again" viewBox="2">h</div></foreignObject>'
        '<use xlink:href="#g" xml:lang="en"/></svg></span><math definitionURL="u"><mi class="m">x</mi></math>'
        "</body></html>"
    ),
    "tables, with and without their sections": (
        "<!doctype html><html><head></head><body><table><tr><td>a</td></tr></table>"
        '<table class="t"><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
        "</body></html>"
    ),
    "elements a browser parses as text, or elsewhere": (
        '<!doctype html><html><head><noscript><link rel="stylesheet" href="x.css"></noscript></head><body>'
        '<textarea class="t">a <b class="inside">b</b></textarea><template id="tp"><p class="in-template">t</p>'
        '</template><title>a <i class="i">b</i></title><p>one<p class="two">two</p></body></html>'
    ),
    "attributes written twice, in capitals, with entities, or empty": (
        '<!DOCTYPE html><HTML><HEAD></HEAD><BODY><DIV CLASS="A  b" ID="x y" class="second" '
        'data-md-state="" hidden title="a &amp; b &quot;c&quot;">x</DIV><p class="">y</p></BODY></HTML>'
    ),
}


def compare(pages: list[str]) -> list[list[dict]]:
    return run_node_module(RUN, pages, needs="purgecss-from-html")  # type: ignore[return-value]


def test_selectors_in_a_page_are_what_purgecss_from_html_finds():
    answers = compare(list(PAGES.values()))
    differ = {name: answer for name, answer in zip(PAGES, answers, strict=True) if answer[0] != answer[1]}
    assert not differ, json.dumps(differ, indent=1)


def test_the_comparison_tells_pages_apart():
    # The check above compares something: two different pages give different answers.
    first, second = compare(
        [
            PAGES["tables, with and without their sections"],
            PAGES["inline SVG, whose names parse5 writes in their SVG case"],
        ]
    )
    assert first[1] != second[1]
    assert "table" in first[1]["tags"] and "svg" in second[1]["tags"]
