"""scripts/postprocess/rules-in-use.mjs: which rules of a stylesheet a page keeps inline, by matching its selectors
against the page's elements. Each case runs the module in Node on a small page."""

from __future__ import annotations

from conftest import run_node_module

RUN = """
import { rulesInUse } from "./scripts/postprocess/rules-in-use.mjs";
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([css, html]) => rulesInUse([css], html)[0])));
"""


def kept(*cases: tuple[str, str]) -> list[str]:
    return run_node_module(RUN, cases, needs="css-select")  # type: ignore[return-value]


def page(body: str, *, html_class: str = "no-js", direction: str = "ltr") -> str:
    return (
        f'<!doctype html><html class="{html_class}" dir="{direction}"><head></head>'
        f'<body data-md-color-scheme="default" dir="{direction}">{body}</body></html>'
    )


def test_a_rule_for_the_other_direction_goes_when_no_element_of_that_direction_holds_what_it_styles():
    css = "[dir=ltr] .md-typeset ul{margin-left:1em}[dir=rtl] .md-typeset ul{margin-right:1em}"
    arabic = page('<div class="md-typeset"><ul><li>نص <bdi dir="ltr">HA</bdi></li></ul></div>', direction="rtl")
    nested = page('<div dir="ltr"><div class="md-typeset"><ul><li>x</li></ul></div></div>', direction="rtl")
    assert kept((css, arabic), (css, nested)) == ["[dir=rtl] .md-typeset ul{margin-right:1em}", css]


def test_states_are_taken_as_possible_and_pseudo_elements_as_their_element():
    css = (
        ".a:hover{color:red}.a::before{content:'x'}.b:focus-visible{outline:0}"
        ".md-typeset :target{scroll-margin:1em}:focus-visible{outline:2px solid}"
        "[data-md-toggle=drawer]:checked~.md-container .side{transform:none}"
    )
    with_a = page(
        '<p class="a">x</p><input data-md-toggle="drawer" type="checkbox"><div class="md-container">'
        '<nav class="side"></nav></div><div class="md-typeset"><h2 id="t">x</h2></div>'
    )
    assert kept((css, with_a)) == [
        ".a:hover{color:red}.a::before{content:'x'}.md-typeset :target{scroll-margin:1em}"
        ":focus-visible{outline:2px solid}[data-md-toggle=drawer]:checked~.md-container .side{transform:none}"
    ]


def test_a_state_inside_not_keeps_the_selector_and_settled_pseudo_classes_are_matched():
    css = ".x:not(:hover) .y{a:1}li:first-child .z{b:2}.w:not([hidden]){c:3}"
    html = page('<ul><li>1</li><li><span class="z"></span></li></ul><p class="w" hidden></p>')
    assert kept((css, html)) == [".x:not(:hover) .y{a:1}"]


def test_the_js_class_and_each_palette_count_as_states_of_the_page():
    css = (
        ".no-js .search{display:none}.js .search{display:block}"
        "[data-md-color-scheme=slate] .md-typeset{color:#fff}[data-md-color-scheme=other] .md-typeset{color:red}"
    )
    html = page(
        '<input data-md-color-scheme="default" name="__palette"><input data-md-color-scheme="slate" '
        'name="__palette"><div class="search"></div><div class="md-typeset"></div>'
    )
    assert kept((css, html)) == [
        ".no-js .search{display:none}.js .search{display:block}[data-md-color-scheme=slate] .md-typeset{color:#fff}"
    ]


def test_a_selector_it_cannot_read_is_kept_and_emptied_at_rules_go():
    css = (
        "@media screen{.gone{a:1}}@media print{.here{b:2}}.p:nth-child(foo){c:3}"
        "@keyframes spin{0%{d:4}}@font-face{font-family:x;src:url(x.woff2)}.gone,.here{e:5}"
    )
    html = page('<p class="here"></p>')
    assert kept((css, html)) == [
        "@media print{.here{b:2}}.p:nth-child(foo){c:3}"
        "@keyframes spin{0%{d:4}}@font-face{font-family:x;src:url(x.woff2)}.here{e:5}"
    ]


def test_the_palette_switch_a_palette_shows_counts_although_every_switch_is_hidden_as_delivered():
    css = ".switch:not([hidden]){display:inline-block}.other:not([hidden]){display:block}"
    html = page(
        '<input data-md-color-scheme="default" name="__palette"><label class="switch" hidden></label>'
        '<input data-md-color-scheme="slate" name="__palette"><label class="switch" hidden></label>'
        '<p class="other" hidden></p>'
    )
    assert kept((css, html)) == [".switch:not([hidden]){display:inline-block}"]
