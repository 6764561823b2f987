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


# The elements a selector is tested against are chosen by the class and element names its compounds name
# (rules-in-use.mjs matcher, matchesIn); each case below fails if that choice leaves out an element that matches.
def test_an_element_after_a_sibling_is_looked_for_inside_the_containers_before_it_not_inside_the_sibling():
    css = ".wrap .a+.b{x:1}.wrap .a~p{y:2}.wrap>.a+.b>span{z:3}"
    html = page('<p>0</p><div class="wrap"><p class="a"></p><p class="b"><span>1</span></p><p>2</p></div>')
    assert kept((css, html)) == [css]


def test_containers_nested_in_each_other_are_looked_inside_once_and_as_deep_as_they_go():
    css = ".n .n .x{a:1}.n .n .n .x{b:2}.n>li>.n .x{c:3}"
    html = page('<ul class="n"><li><a class="x"></a><ul class="n"><li><a class="x"></a></li></ul></li></ul>')
    assert kept((css, html)) == [".n .n .x{a:1}.n>li>.n .x{c:3}"]


def test_a_class_matched_whatever_its_case_and_names_in_capitals_choose_no_fewer_elements():
    css = "[class~=BOX i] p{a:1}DIV.box P{b:2}.BOX p{c:3}"
    html = page('<p>0</p><div class="box"><p>1</p></div>')
    assert kept((css, html)) == ["[class~=BOX i] p{a:1}DIV.box P{b:2}"]


def test_a_selector_whose_container_is_missing_goes_and_one_inside_html_or_body_stays():
    css = ".gone .a{a:1}html .a{b:2}body>.a{c:3}html>body .a{d:4}"
    html = page('<p class="a"></p>')
    assert kept((css, html)) == ["html .a{b:2}body>.a{c:3}html>body .a{d:4}"]


def test_a_class_html_has_only_in_a_state_is_matched_on_html_itself():
    css = ".js{a:1}html.js>body{b:2}.js.other{c:3}"
    assert kept((css, page("<p></p>"))) == [".js{a:1}html.js>body{b:2}"]
