"""Word families for search (scripts/rules/search_words.py word_families, search-patient.js familyIndex/family):
the site's words grouped by Snowball stem at build time, in the full index only, and looked up by the
search worker, so that a word typed finds the pages with the other words of its family."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.postprocess import pages as postprocess
from scripts.rules import search_words

from conftest import LANGS, ROOT

PATIENT_JS = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "search-patient.js"


def families(lang: str, *texts: str) -> list[list[str]]:
    docs = [{"location": f"p{i}/", "title": "", "text": text} for i, text in enumerate(texts)]
    return search_words.word_families(docs, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_site_language_has_a_snowball_stemmer(lang):
    assert search_words.stemmer_for(lang) is not None


def test_a_language_without_a_stemmer_has_no_families():
    assert search_words.stemmer_for("xx") is None
    assert families("xx", "swell swelling") == []


def test_a_regional_language_code_uses_its_languages_stemmer():
    assert search_words.stemmer_for("fr-CA").stemWord("gonflement") == "gonfl"
    assert search_words.stemmer_for("pt_BR") is not None


def test_index_words_are_split_as_the_search_worker_splits_them():
    text = '<p>Le <mark>gonflement</mark> d’une main&nbsp;: "bleu-vert" * l\'anesthésie.</p>'
    assert search_words.index_words(text) == ["le", "gonflement", "d’une", "main", "bleu", "vert", "l'anesthésie"]
    assert search_words.index_words("a b", separator="[") == ["a", "b"]  # a separator Python cannot read


def test_french_adjective_and_noun_are_one_family():
    assert families("fr", "La main est gonflée.", "Un gonflement léger.", "Gonflé ou pas") == [
        ["gonflement", "gonflé", "gonflée"]
    ]


def test_a_family_holds_words_as_written_including_after_an_elision():
    assert families("fr", "l’anesthésie locale", "anesthésique") == [["anesthésique", "l’anesthésie"]]


def test_words_that_differ_only_by_accents_are_no_family():
    # the worker already finds "seance" for "séance"; a family would only weigh the page down
    assert families("fr", "séance", "seance", "SÉANCE") == []


def test_words_with_different_stems_stay_apart():
    assert families("en", "pain", "bruise") == []
    assert families("en", "swollen", "swelling") == []  # Snowball keeps these apart: no guessing


@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        ("en", "swell swelling painful pain", [["pain", "painful"], ["swell", "swelling"]]),
        ("it", "dolore doloroso", [["dolore", "doloroso"]]),
        ("es", "hinchado hinchada", [["hinchada", "hinchado"]]),
        ("ar", "الألم ألم بالألم", [["ألم", "الألم", "بالألم"]]),
        ("ar", "التورم تورم", [["التورم", "تورم"]]),
    ],
)
def test_families_in_each_language(lang, text, family):
    assert families(lang, text) == family


def test_families_go_into_the_full_index_only(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [{"location": "a/", "title": "Gonflement", "text": "La main est gonflée."}]
    index = {"config": {"lang": ["fr"], "separator": "[\\s\\-]+"}, "docs": docs}
    (tmp_path / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    postprocess.add_word_families(tmp_path, search_words.word_families)
    postprocess.split_search_index(tmp_path)
    full = json.loads((tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8"))
    stub = json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))
    assert full["config"]["word_families"] == [["gonflement", "gonflée"]]
    assert stub == {"config": {"lang": ["fr"], "separator": "[\\s\\-]+"}, "docs": []}


# The worker's side, run in Node on a made-up index: a fake lunr whose stemmer keeps 5 letters.
WORKER = """
const fs = require("fs"); const vm = require("vm");
globalThis.self = globalThis;
vm.runInThisContext(fs.readFileSync(process.argv[2], "utf8"));
const lunr = { Token: class { constructor(s) { this.s = s; } toString() { return this.s; } },
               fr: { stemmer: (token) => String(token).slice(0, 5) } };
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const state = PatientSearch.prepare(lunr, input.config, input.docs);
const out = {};
for (const query of input.queries) out[query] = PatientSearch.plan(state, query).concepts[0].alternatives.sort();
process.stdout.write(JSON.stringify(out));
"""


def plan(config: dict, docs: list[dict], queries: list[str], tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    script = tmp_path / "worker.cjs"
    script.write_text(WORKER, encoding="utf-8")
    done = subprocess.run(
        [node, str(script), str(PATIENT_JS)],
        input=json.dumps({"config": config, "docs": docs, "queries": queries}),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


DOCS = [
    {"location": "a/", "title": "Après", "text": "Un gonflement léger."},
    {"location": "b/", "title": "Séance", "text": "La main est gonflée."},
]


def test_the_worker_adds_a_typed_words_family(tmp_path):
    config = {"lang": ["fr"], "word_families": [["gonflement", "gonflée"]]}
    found = plan(config, DOCS, ["gonflee", "gonflement"], tmp_path)
    assert "gonflement" in found["gonflee"]  # "gonflee" typed without accent: its family's noun
    assert "gonflée" in found["gonflement"]


def test_a_word_not_on_the_site_reaches_a_family_through_lunrs_stem(tmp_path):
    config = {"lang": ["fr"], "word_families": [["gonflement", "gonflée"]]}
    # "gonfler" is on no page; lunr's (fake) stem "gonfl" finds site words, whose family comes along
    assert {"gonflement", "gonflée"} <= set(plan(config, DOCS, ["gonfler"], tmp_path)["gonfler"])


def test_without_families_the_worker_searches_as_before(tmp_path):
    found = plan({"lang": ["fr"]}, DOCS, ["léger"], tmp_path)
    assert found["léger"] == ["léger"]
