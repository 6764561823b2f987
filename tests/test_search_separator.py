"""Where the search's words end (mkdocs.yml plugins.search.separator): at spaces and hyphens and at punctuation,
so that a word right after "(", inside « », after an Arabic comma … is an index word as a reader types it.

The one pattern is read by Python (the build's word families, scripts/rules/search_words.py), by Material's
worker (its index and its query parser) and by the site's worker (search-patient.js, with the u flag): each is
checked here, the last two in Node with Material's installed worker (tests/test_search_ranking.py `search`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from test_search_ranking import doc, search

from scripts.rules import search_words

from conftest import ROOT

MATERIAL_DEFAULT = r"[\s\-]+"


def site_separator() -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config["plugins"]["search"]["separator"]


SEPARATOR = site_separator()

# Text as the pages have it → the words a reader types.
SPLITS = [
    ("a blood thinner (aspirin) or", ["a", "blood", "thinner", "aspirin", "or"]),
    ("[note] {x}", ["note", "x"]),
    ("le «gonflement» dure", ["le", "gonflement", "dure"]),
    ('the "swelling" goes', ["the", "swelling", "goes"]),
    ("“bruising”, „blau“", ["bruising", "blau"]),
    ("rest: ice; then walk. done! why? ¿qué? ¡ya!", ["rest", "ice", "then", "walk", "done", "why", "qué", "ya"]),
    ("and/or… wait", ["and", "or", "wait"]),
    ("الحقن، الألم؛ التورم؟ نعم", ["الحقن", "الألم", "التورم", "نعم"]),
    ("well-known  words", ["well", "known", "words"]),
    ("l’anesthésie d'un", ["l’anesthésie", "d'un"]),  # apostrophes stay: the worker splits elisions itself
]


@pytest.mark.parametrize(("text", "words"), SPLITS)
def test_the_separator_ends_words_at_punctuation_in_python(text, words):
    assert [w for w in re.split(SEPARATOR, text) if w] == words


NODE_SPLIT = """
const [separator, texts] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const split = (flags) => texts.map((t) => t.split(new RegExp(separator, flags)).filter(Boolean));
process.stdout.write(JSON.stringify({ plain: split(""), unicode: split("u") }));
"""


def test_the_separator_splits_the_same_in_javascript_with_and_without_the_u_flag():
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    texts = [text for text, _ in SPLITS]
    done = subprocess.run(
        [node, "-e", NODE_SPLIT], input=json.dumps([SEPARATOR, texts]), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = [words for _, words in SPLITS]
    assert out["plain"] == expected  # Material's worker: new RegExp(separator)
    assert out["unicode"] == expected  # search-patient.js: new RegExp(separator, "u")


def index(lang: str, separator: str, docs: list[dict], **config) -> dict:
    base = {
        "lang": [lang],
        "separator": separator,
        "pipeline": [" "] if lang == "ar" else ["stopWordFilter"],
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
        "everyday_words": [],
        "stop_words": [],
    }
    return {"config": base | config, "docs": docs}


DOCS = {
    "en": [
        doc("", "Home", "Information for patients before and after a session."),
        doc("medicines/", "Medicines", "Stop blood thinners (aspirin, warfarin) a week before."),
        doc("aftercare/", "Aftercare", "Put a cold pack [ice] on the hands: the swelling goes."),
    ],
    "fr": [
        doc("", "Accueil", "Informations pour les patients."),
        doc("apres/", "Après", "Le «gonflement» dure deux jours."),
    ],
    "ar": [
        doc("", "الرئيسية", "معلومات للمرضى قبل الجلسة وبعدها."),
        doc("session/", "الجلسة", "بعد الحقن، التورم؛ يختفي خلال يومين."),
    ],
}

# (lang, query, the page that has the word only right after punctuation)
AFTER_PUNCTUATION = [
    ("en", "aspirin", "medicines/"),
    ("en", "warfarin", "medicines/"),
    ("en", "ice", "aftercare/"),
    ("fr", "gonflement", "apres/"),
    ("ar", "التورم", "session/"),
]


@pytest.mark.parametrize(("lang", "query", "page"), AFTER_PUNCTUATION)
def test_a_word_right_after_punctuation_is_found(lang, query, page):
    [found] = search(index(lang, SEPARATOR, DOCS[lang]), [query])
    assert found["pages"][:1] == [page], found


def test_with_materials_default_separator_a_word_after_a_parenthesis_is_not_found():
    # The defect the site's separator mends: "(aspirin" is the index's word, which "aspirin*" does not match.
    [found] = search(index("en", MATERIAL_DEFAULT, DOCS["en"]), ["aspirin"])
    assert "medicines/" not in found["pages"], found


def test_an_everyday_word_still_finds_its_page_word_after_a_parenthesis():
    config = {"everyday_words": [["anticoagulant", ["aspirin"]]]}
    [found] = search(index("en", SEPARATOR, DOCS["en"], **config), ["anticoagulant"])
    assert found["pages"] == ["medicines/"], found
    assert found["terms"] == {"aspirin": True}, found  # the page's word is marked, without its "("


def test_a_word_family_still_joins_a_word_after_punctuation():
    docs = [
        {"location": "a/", "title": "", "text": "Le «gonflement» dure."},
        {"location": "b/", "title": "", "text": "gonflée"},
    ]
    families = search_words.word_families(docs, "fr", SEPARATOR)
    assert ["gonflement", "gonflée"] in families
    [found] = search(
        index("fr", SEPARATOR, [doc("a/", "A", "Le «gonflement» dure.")], word_families=families), ["gonflee"]
    )
    assert found["pages"] == ["a/"], found


def test_a_query_typed_with_punctuation_finds_the_word():
    [found] = search(index("en", SEPARATOR, DOCS["en"]), ["(aspirin)"])
    assert found["pages"][:1] == ["medicines/"], found
