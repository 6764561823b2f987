"""The search relay (overrides/assets/javascripts/workers/search-on-demand.js) as the page sees it, in Node:
what it posts while the index loads, when its download fails (a STATUS message, type 4: "failed", then
"loading" when the next query tries again; never an empty RESULT), and when the reader types faster than it
answers. Material writes "No matching documents" for any empty RESULT while the box has text, against what
the box holds when the RESULT arrives: so the relay must post no empty answer to Material's first, empty
query before the index is there, none for a failed download, and no answer to a query typed past.

The relay runs with Material's installed worker and search-patient.js in one scope (as in a browser's
worker), on the small English index of test_search_ranking.py; the index download is a promise the scenario
fails or fulfils when it chooses, and the scenario waits for the relay's next message itself (no timing)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_search_ranking import index_of

from scripts.postprocess.pages import SEARCH_PATIENT, SEARCH_RELAY, _theme_dir, material_assets

ROOT = Path(__file__).resolve().parent.parent

RUN = r"""
"use strict";
const fs = require("fs"), vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");
const { relay, material, patient, index } = JSON.parse(fs.readFileSync(0, "utf8"));
const scope = new EventTarget();
const g = globalThis;
delete g.module; delete g.exports;
g.self = g;
g.addEventListener = scope.addEventListener.bind(scope);
g.dispatchEvent = scope.dispatchEvent.bind(scope);
g.location = { href: `${pathToFileURL(relay).href}?worker=${pathToFileURL(material).href}`
  + `&patient=${pathToFileURL(patient).href}&index=search_index.full.json` };
g.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, g.location.href));
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
const downloads = [];  // each index download, failed or fulfilled by the scenario
g.fetch = () => new Promise((resolve, reject) => downloads.push({ resolve, reject }));
const posted = [];
let onPost = null;  // resolves the scenario's wait for the relay's next message
g.postMessage = (message) => { posted.push(message); if (onPost) { onPost(); onPost = null; } };
const posting = () => new Promise((resolve) => { if (posted.length) resolve(); else onPost = resolve; });
g.importScripts(g.location.href);
const send = (data) => scope.dispatchEvent(new MessageEvent("message", { data }));
const settle = async () => { for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r)); };
const seen = () => posted.splice(0).map((m) => m.type === 3
  ? { type: 3, query: m.data.query === undefined ? null : m.data.query, items: m.data.items.length }
  : m.type === 4 ? { type: 4, data: m.data } : { type: m.type });
(async () => {
  const steps = {};
  send({ type: 0, data: { config: index.config, docs: [], options: { suggest: false } } });
  await settle();
  steps.setup = seen();
  send({ type: 2, data: "" });                      // Material's first query, of the empty box
  await settle();
  steps.empty = seen();
  send({ type: 2, data: "swel" });                  // the reader types: the index is asked for
  send({ type: 2, data: "swelling" });
  await settle();
  steps.typed = seen();
  steps.downloads = downloads.length;
  downloads[0].reject(new TypeError("Failed to fetch"));  // the phone lost its connection
  await settle();
  steps.failed = seen();
  send({ type: 2, data: "swellingq" });             // typing on asks for the index again
  send({ type: 2, data: "swelling" });
  await settle();
  steps.retrying = seen();
  steps.downloadsAgain = downloads.length;
  downloads[downloads.length - 1].resolve({ ok: true, json: async () => index });
  await posting();
  await settle();
  steps.answered = seen();
  send({ type: 2, data: "" });                      // the reader empties the box: Material's placeholder
  await posting();
  steps.cleared = seen();
  process.stdout.write(JSON.stringify(steps));
})().catch((error) => { console.error(error.stack); process.exit(1); });
"""


@pytest.fixture(scope="module")
def steps() -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node: missing — install Node.js (`sudo apt-get install nodejs`)", pytrace=False)
    payload = {
        "relay": str(ROOT / "overrides" / SEARCH_RELAY),
        "material": str(_theme_dir() / material_assets().search_worker),
        "patient": str(ROOT / "overrides" / SEARCH_PATIENT),
        "index": index_of("en"),
    }
    done = subprocess.run(
        [node, "-e", RUN], input=json.dumps(payload), capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_stub_is_enough_for_material_to_be_ready(steps):
    assert steps["setup"] == [{"type": 1}]


def test_materials_empty_first_query_gets_no_answer_before_the_index_is_there(steps):
    assert steps["empty"] == [], "an empty answer shows as 'no results' once the reader has typed"


def test_nothing_is_posted_while_the_index_downloads(steps):
    assert steps["downloads"] == 1 and steps["typed"] == []


def test_a_failed_download_posts_no_empty_answer_and_the_next_query_downloads_again(steps):
    # no RESULT (it would read as "no results"): the page is told that search could not load
    assert steps["failed"] == [{"type": 4, "data": "failed"}]
    assert steps["downloadsAgain"] == 2
    assert steps["retrying"] == [{"type": 4, "data": "loading"}], "the page is told that search tries again"


def test_only_the_latest_query_is_answered_and_its_answer_names_it(steps):
    [answer] = steps["answered"]
    assert answer["query"] == "swelling" and answer["items"] > 0


def test_an_emptied_box_once_the_index_is_there_gets_materials_empty_answer(steps):
    assert steps["cleared"] == [{"type": 3, "query": "", "items": 0}]
