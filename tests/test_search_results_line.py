"""overrides/assets/javascripts/search-results-line.js on its own, in Node with a stand-in page: what it makes
of each text Material writes on the results line (a count in the language's words, everything else left as
Material wrote it), and of the search worker's STATUS messages. The browser tests
(test_browser_search_counts.py, test_browser_search_retry.py) read the same in Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from test_search_ranking_count_messages import material_strings

from scripts.postprocess.pages import search_line_texts

from conftest import ROOT

SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "search-results-line.js"

RUN = r"""
const fs = require("fs"), vm = require("vm");
const { script, lang, config, steps } = JSON.parse(fs.readFileSync(0, "utf8"));
let observed = null;
const meta = { text: config.initializing, get textContent() { return this.text; },
               set textContent(value) { this.text = value; if (observed) pending = true; } };
let pending = false;
globalThis.MutationObserver = class { constructor(fn) { observed = fn; } observe() {} };
globalThis.document = {
  documentElement: { lang },
  getElementById: (id) => (id === "__config" ? { textContent: JSON.stringify(config.settings) } : null),
  querySelector: (selector) => (selector === ".md-search-result__meta" ? meta : null),
};
class FakeWorker extends EventTarget {}
globalThis.window = { Worker: FakeWorker };
vm.runInThisContext(fs.readFileSync(script, "utf8"));
const worker = new window.Worker("w.js");
const out = [];
// Mutations are seen after each change, as a MutationObserver does, until the line no longer changes.
const settle = () => { for (let i = 0; i < 5 && pending; i++) { pending = false; observed([]); } };
for (const [kind, value] of steps) {
  if (kind === "material") meta.textContent = value;
  else worker.dispatchEvent(Object.assign(new Event("message"), { data: value }));
  settle();
  out.push(meta.textContent);
}
process.stdout.write(JSON.stringify({ out, wrapped: window.Worker !== FakeWorker }));
"""


def run(lang: str, steps: list, *, line: dict | None = None) -> dict:
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    strings = material_strings(lang)
    settings = {"translations": strings, "search_line": search_line_texts(lang) if line is None else line}
    config = {"settings": settings, "initializing": strings["search.result.initializer"]}
    payload = {"script": str(SCRIPT), "lang": lang, "config": config, "steps": steps}
    done = subprocess.run([node, "-e", RUN], input=json.dumps(payload), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def material_count(lang: str, count: int) -> str:
    strings = material_strings(lang)
    return strings["search.result.one"] if count == 1 else strings["search.result.other"].replace("#", str(count))


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "نتائج البحث مستند واحد"),
        (2, "نتائج البحث مستندان"),
        (3, "نتائج البحث 3 مستندات"),
        (10, "نتائج البحث 10 مستندات"),
        (11, "نتائج البحث 11 مستندًا"),
        (99, "نتائج البحث 99 مستندًا"),
        (100, "نتائج البحث 100 مستند"),
        (103, "نتائج البحث 103 مستندات"),
    ],
)
def test_an_arabic_count_is_written_in_its_plural_category(count, said):
    assert run("ar", [["material", material_count("ar", count)]])["out"] == [said]


def test_counts_one_after_another_are_each_rewritten():
    steps = [["material", material_count("ar", n)] for n in (2, 2, 11, 1)]
    assert run("ar", steps)["out"] == [
        "نتائج البحث مستندان",
        "نتائج البحث مستندان",
        "نتائج البحث 11 مستندًا",
        "نتائج البحث مستند واحد",
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "it"])
def test_a_language_whose_words_are_materials_reads_the_same(lang):
    steps = [["material", material_count(lang, n)] for n in (1, 2, 11, 100)]
    assert run(lang, steps)["out"] == [step[1] for step in steps]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "it", "ar"])
def test_no_result_is_said_in_the_sites_words_which_say_what_to_try(lang):
    none = material_strings(lang)["search.result.none"]
    said = search_line_texts(lang)["none"]
    assert said and said != none
    # and again after a count: each "none" Material writes is rewritten
    assert run(lang, [["material", none], ["material", material_count(lang, 2)], ["material", none]])["out"][::2] == [
        said,
        said,
    ]


def test_without_the_sites_words_for_none_materials_stays():
    none = material_strings("ar")["search.result.none"]
    assert run("ar", [["material", none]], line={"counts": {}})["out"] == [none]


@pytest.mark.parametrize("key", ["search.result.placeholder", "search.result.initializer"])
def test_materials_other_lines_are_left_as_they_are(key):
    text = material_strings("ar")[key]
    assert run("ar", [["material", text]])["out"] == [text]


@pytest.mark.parametrize("text", ["نتائج البحث 1.2k مستندات", "نتائج البحث  مستندات", "something else 2"])
def test_a_line_that_is_not_a_plain_count_is_left_as_material_wrote_it(text):
    assert run("ar", [["material", text]])["out"] == [text]


def test_without_the_sites_words_materials_line_stays():
    assert run("ar", [["material", material_count("ar", 2)]], line={})["out"] == [material_count("ar", 2)]


def test_a_category_without_words_falls_back_to_other():
    line = {"counts": {"other": "# results"}}
    assert run("ar", [["material", material_count("ar", 2)]], line=line)["out"] == ["2 results"]


def test_a_failed_index_says_so_and_a_retry_puts_the_loading_line_back():
    failed = search_line_texts("ar")["failed"]
    initializing = material_strings("ar")["search.result.initializer"]
    steps = [
        ["worker", {"type": 4, "data": "failed"}],
        ["worker", {"type": 4, "data": "loading"}],
        ["worker", {"type": 4, "data": "failed"}],
        ["material", material_count("ar", 11)],
    ]
    result = run("ar", steps)
    assert result["wrapped"], "the Worker Material starts is not one this file hears"
    assert result["out"] == [failed, initializing, failed, "نتائج البحث 11 مستندًا"]


def test_other_worker_messages_change_nothing():
    initializing = material_strings("en")["search.result.initializer"]
    steps = [["worker", {"type": 3, "data": {"items": []}}], ["worker", {"type": 4, "data": "other"}], ["worker", None]]
    assert run("en", steps)["out"] == [initializing] * 3


# A result's "# more on this page": the list of results, and the summaries Material writes into it.
RUN_MORE = r"""
const fs = require("fs"), vm = require("vm");
const { script, lang, config, texts } = JSON.parse(fs.readFileSync(0, "utf8"));
let observed = null;
const summaries = texts.map((text) => ({ textContent: text }));
const list = { querySelectorAll: (selector) => (selector === ".md-search-result__more > summary > div" ? summaries : []) };
globalThis.MutationObserver = class { constructor(fn) { this.fn = fn; } observe(target) { if (target === list) observed = this.fn; } };
globalThis.document = {
  documentElement: { lang },
  getElementById: (id) => (id === "__config" ? { textContent: JSON.stringify(config) } : null),
  querySelector: (selector) =>
    selector === ".md-search-result__meta" ? { textContent: "" } : selector === ".md-search-result__list" ? list : null,
};
globalThis.window = {};
vm.runInThisContext(fs.readFileSync(script, "utf8"));
observed([]);
observed([]);  // its own change seen again: nothing more to rewrite
process.stdout.write(JSON.stringify(summaries.map((summary) => summary.textContent)));
"""


def run_more(lang: str, counts: list[int], *, line: dict | None = None) -> list[str]:
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    strings = material_strings(lang)
    texts = [
        strings["search.result.more.one"] if n == 1 else strings["search.result.more.other"].replace("#", str(n))
        for n in counts
    ]
    config = {"translations": strings, "search_line": search_line_texts(lang) if line is None else line}
    payload = {"script": str(SCRIPT), "lang": lang, "config": config, "texts": texts}
    done = subprocess.run([node, "-e", RUN_MORE], input=json.dumps(payload), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_more_on_this_page_is_written_in_arabics_plural_categories():
    # Material's Arabic says "more than 1 on this page" for one more, and the plural of 3-10 for every number.
    assert run_more("ar", [1, 2, 3, 11, 100]) == [
        "نتيجة أخرى في هذه الصفحة",
        "نتيجتان أخريان في هذه الصفحة",
        "3 نتائج أخرى في هذه الصفحة",
        "11 نتيجة أخرى في هذه الصفحة",
        "100 نتيجة أخرى في هذه الصفحة",
    ]


@pytest.mark.parametrize(("lang", "expected"), [("it", ["1 altro in questa pagina", "2 altri in questa pagina"])])
def test_more_on_this_page_in_a_language_with_two_forms(lang, expected):
    assert run_more(lang, [1, 2]) == expected


def test_more_on_this_page_without_the_sites_words_stays_materials():
    strings = material_strings("ar")
    assert run_more("ar", [1, 2], line={}) == [
        strings["search.result.more.one"],
        strings["search.result.more.other"].replace("#", "2"),
    ]
