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
    postprocess.process_site(tmp_path, offline=False, preview=True, word_families=search_words.word_families)
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


# The forms of one word (search-patient.js variantIndex, withoutPrefix): a typed word's strong forms (a page that
# has one answers it fully) and weak ones (half), on a made-up index; lunr's stemmer is faked to keep the word.
FORMS = """
const fs = require("fs"); const vm = require("vm");
globalThis.self = globalThis;
vm.runInThisContext(fs.readFileSync(process.argv[2], "utf8"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const lunr = { Token: class { constructor(s) { this.s = s; } toString() { return this.s; } } };
lunr[input.config.lang[0]] = { stemmer: (token) => (input.stems || {})[String(token)] || String(token) };
const state = PatientSearch.prepare(lunr, input.config, input.docs);
const out = {};
for (const query of input.queries) {
  const [c] = PatientSearch.plan(state, query).concepts;
  out[query] = { label: c.label, strong: [...new Set(c.folds)].sort(), weak: [...new Set(c.weakFolds)].sort(),
                 phrases: c.phrases };
}
out.fold = input.fold.map((word) => PatientSearch.fold(word));
process.stdout.write(JSON.stringify(out));
"""


def forms(
    families: list[list[str]],
    words: str,
    queries: list[str],
    tmp_path: Path,
    lang: str = "ar",
    everyday=(),
    stop_words=(),
    stems=None,
    fold=(),
) -> dict:
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    script = tmp_path / "forms.cjs"
    script.write_text(FORMS, encoding="utf-8")
    config = {
        "lang": [lang],
        "word_families": families,
        "everyday_words": list(everyday),
        "stop_words": list(stop_words),
    }
    docs = [{"location": "a/", "title": "", "text": words}]
    done = subprocess.run(
        [node, str(script), str(PATIENT_JS)],
        input=json.dumps(
            {"config": config, "docs": docs, "queries": queries, "stems": stems or {}, "fold": list(fold)}
        ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


ARABIC_WORDS = "الحقن والحقن بالحقن حقن الجلد للجلد جلد الألم بالألم ألم كدمة كدمات"
ARABIC_FAMILIES = [
    ["الحقن", "بالحقن", "حقن", "والحقن"],
    ["الجلد", "جلد", "للجلد"],
    ["ألم", "الألم", "بالألم"],
    ["كدمات", "كدمة"],
]


def test_arabic_forms_with_a_prefix_answer_a_typed_word_fully(tmp_path):
    found = forms(ARABIC_FAMILIES, ARABIC_WORDS, ["والحقن", "الحقن", "الجلد", "ألم"], tmp_path)
    assert {"الحقن", "حقن", "والحقن"} <= set(found["والحقن"]["strong"])
    assert {"حقن", "بالحقن", "والحقن"} <= set(found["الحقن"]["strong"])
    assert "جلد" in found["الجلد"]["strong"]
    # "ال" and "بال" are both prefixes of the language (each before two families' words): one word
    assert "بالحقن" in found["الحقن"]["strong"]
    assert "للجلد" not in found["الجلد"]["strong"]  # "لل" is before one family's word only here
    assert {"الالم", "بالالم"} <= set(found["ألم"]["strong"])  # folded: أ is read as ا


def test_arabic_forms_with_another_short_ending_are_one_word(tmp_path):
    found = forms(ARABIC_FAMILIES, ARABIC_WORDS, ["كدمات", "كدمة"], tmp_path)
    assert "كدمه" in found["كدمات"]["strong"]  # ة is read as ه
    assert "كدمات" in found["كدمة"]["strong"]


def test_a_family_member_with_a_longer_ending_still_counts_half(tmp_path):
    found = forms([["gonflement", "gonflé", "gonflée"]], "gonflement gonflé gonflée", ["gonflee"], tmp_path, lang="fr")
    assert "gonflement" not in found["gonflee"]["strong"]
    assert "gonflement" in found["gonflee"]["weak"]


def test_a_typed_word_no_page_has_is_read_without_the_prefixes_the_families_show(tmp_path):
    # "بال" comes before two families' words, "لل" and "و" too: a typed "بالجلد", "والألم" or "للحقن" (on no page)
    # finds the pages' "جلد", "الألم", "حقن" as written
    families = [*ARABIC_FAMILIES, ["الحقن", "للحقن"], ["الجلد", "والجلد"], ["الكدمة", "والكدمة"]]
    found = forms(families, ARABIC_WORDS, ["بالجلد", "والألم", "للعلاج"], tmp_path)
    assert {"جلد", "الجلد", "للجلد"} <= set(found["بالجلد"]["strong"])
    assert {"الالم", "بالالم"} <= set(found["والألم"]["strong"])
    assert found["للعلاج"]["strong"] == ["للعلاج"]  # "علاج" is on no page: nothing is made up


def test_a_dialect_present_with_a_plural_ending_is_the_pages_verb(tmp_path):
    # Levantine/Egyptian "بيحقنو", "بيحقنوا" (they inject): the prefix "ب" (before two families' words here),
    # then the ending "و"/"وا" dropped, as a typed word without a prefix has its ending dropped ("يحقنون")
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    words = ARABIC_WORDS + " يحقن بجلد بألم"
    found = forms(families, words, ["بيحقنو", "بيحقنوا", "يحقنون", "بيحقنوه"], tmp_path)
    for typed in ("بيحقنو", "بيحقنوا", "يحقنون", "بيحقنوه"):
        assert "يحقن" in found[typed]["strong"], typed
    # no more than two letters of ending: "بيحقنونه" is left as typed
    assert "يحقن" not in forms(families, words, ["بيحقنونها"], tmp_path)["بيحقنونها"]["strong"]


# The clitics of the stop-word list (a line ending in "-"): the everyday language's small words written joined
# to a verb, which the pages never show, so that no family has them.
CLITICS = ["ح-", "ك-", "م-", "شو"]


def test_a_typed_word_no_page_has_is_read_without_a_clitic_of_the_stop_words(tmp_path):
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    words = ARABIC_WORDS + " يحقن بجلد بألم"
    queries = ["كيحقنو", "حيحقن", "مبيحقنش", "يحقنو"]
    found = forms(families, words, queries, tmp_path, stop_words=CLITICS)
    assert "يحقن" in found["كيحقنو"]["strong"]  # Maghreb's present ك, the plural و
    assert "يحقن" in found["حيحقن"]["strong"]  # the Levant's future ح
    assert "يحقن" in found["مبيحقنش"]["strong"]  # the negation م, the present ب (a family's prefix), ش
    without = forms(families, words, queries, tmp_path)
    assert "يحقن" not in without["كيحقنو"]["strong"] and "يحقن" not in without["حيحقن"]["strong"]


def test_a_clitic_is_no_stop_word_and_leaves_four_letters_at_least(tmp_path):
    # "كحول" (alcohol) is not ك + "حول" (around): a single letter begins many words, so a clitic is taken off
    # only where four letters are left
    found = forms([], "حول يحقن", ["كحول", "ح"], tmp_path, stop_words=CLITICS)
    assert found["كحول"]["strong"] == ["كحول"]
    assert found["ح"]["strong"] == ["ح"]  # typed alone, it is a letter as typed, not a stop word


def test_an_everyday_word_is_found_after_a_clitic_and_with_an_ending(tmp_path):
    everyday = [["يوجع", ["الألم"]]]
    found = forms(
        ARABIC_FAMILIES,
        ARABIC_WORDS,
        ["حيوجعني", "كيوجع", "يوجعني"],
        tmp_path,
        everyday=everyday,
        stop_words=CLITICS,
    )
    assert found["حيوجعني"]["phrases"] == [] and "الالم" in found["حيوجعني"]["strong"]
    assert "الالم" in found["كيوجع"]["strong"]


def test_an_everyday_word_typed_as_it_is_beats_one_found_without_a_prefix(tmp_path):
    # "ف" and "و" are prefixes of the language here: "فوائد" (benefits) is also "ف" + "و" + "ائد", which reads as
    # the everyday word "ايد" (hand); the entry written for the word as typed is the one meant, wherever it is
    families = [*ARABIC_FAMILIES, ["الجلد", "والجلد"], ["الألم", "فالألم"], ["الجلد", "فالجلد"]]
    everyday = [["ايد", ["اليدين"]], ["فوائد", ["هدفه"]]]
    words = ARABIC_WORDS + " اليدين هدفه والجلد فالألم فالجلد"
    found = forms(families, words, ["فوائد", "فايد"], tmp_path, everyday=everyday)
    assert "هدفه" in found["فوائد"]["strong"] and "اليدين" not in found["فوائد"]["strong"]
    assert "اليدين" in found["فايد"]["strong"]  # no entry for the word as typed: the one without "ف"


def test_two_prefixes_together_are_read_without_both(tmp_path):
    families = [*ARABIC_FAMILIES, ["الجلد", "والجلد"], ["الكدمة", "والكدمة"]]
    found = forms(families, ARABIC_WORDS, ["والكدمات"], tmp_path)
    assert {"كدمات", "كدمه"} <= set(found["والكدمات"]["strong"])  # و, then ال


def test_a_prefix_seen_before_one_word_only_is_not_taken_off(tmp_path):
    # "بال" before "الحقن" only (one family): it may be part of a word, so "بالجلد" is left as typed
    found = forms([["الحقن", "بالحقن"]], "الحقن بالحقن جلد", ["بالجلد"], tmp_path)
    assert "جلد" not in found["بالجلد"]["strong"]


def test_words_that_merely_share_letters_are_no_forms_of_one_word(tmp_path):
    # the same Snowball family, but more than 2 letters of ending apart: painful is not pain
    found = forms([["pain", "painful"]], "pain painful", ["pain"], tmp_path, lang="en")
    assert found["pain"]["strong"] == ["pain"]


def test_an_everyday_word_is_found_with_a_prefix_typed_before_it(tmp_path):
    # "بال" is a prefix of the language (two families show it): "بالفيلر" is the everyday word "فيلر"
    everyday = [["فيلر", ["المواد المالئة"]]]
    found = forms(
        ARABIC_FAMILIES, ARABIC_WORDS + " المواد المالئة", ["بالفيلر", "كالفيلر"], tmp_path, everyday=everyday
    )
    assert ["المواد", "الماليه"] in found["بالفيلر"]["phrases"]  # folded: ئ read as ي, ة as ه
    assert found["كالفيلر"]["phrases"] == []  # "كال" is before no word of the site's families


# Typing slips (search-patient.js oneSlip, slips, misspeltEntry): a word no page has, one letter more, less,
# other or two swapped from a site word or a one-word everyday entry, is read as that word.
def test_a_typing_slip_is_read_as_the_site_word_one_letter_away(tmp_path):
    words = "pregnant bruise breastfeeding pain"
    found = forms([], words, ["pregnent", "bruse", "brestfeeding", "pregnatn"], tmp_path, lang="en")
    assert "pregnant" in found["pregnent"]["strong"]  # a letter other
    assert "bruise" in found["bruse"]["strong"]  # a letter less
    assert "breastfeeding" in found["brestfeeding"]["strong"]
    assert "pregnant" in found["pregnatn"]["strong"]  # two letters swapped


def test_a_short_word_or_one_two_slips_away_is_not_read_as_a_site_word(tmp_path):
    found = forms([], "pain pregnant", ["pane", "prengnat"], tmp_path, lang="en")
    assert found["pane"]["strong"] == ["pane"]  # four letters: one letter makes another word
    assert found["prengnat"]["strong"] == ["prengnat"]


def test_a_letter_other_inside_a_five_letter_word_is_another_word_not_a_slip(tmp_path):
    found = forms([], "moles pause pregnant", ["males", "pausa", "pregnent"], tmp_path, lang="en")
    assert found["males"]["strong"] == ["males"]  # the patient may mean males: not "moles"
    assert "pause" in found["pausa"]["strong"]  # the last letter: another ending
    assert "pregnant" in found["pregnent"]["strong"]  # six letters or more: a slip anywhere


def test_a_word_one_slip_from_two_entries_that_say_other_things_is_neither(tmp_path):
    everyday = [["bruise", ["bruising"]], ["braise", ["cooking"]], ["asprin", ["blood thinning"]]]
    words = "bruising cooking blood thinning"
    found = forms([], words, ["bruise", "brise", "aspirin"], tmp_path, lang="en", everyday=everyday)
    assert "bruising" in found["bruise"]["strong"]  # the entry typed as written
    assert "bruising" not in found["brise"]["strong"] and "cooking" not in found["brise"]["strong"]
    assert ["blood", "thinning"] in found["aspirin"]["phrases"]  # one entry near: that one


def test_a_misspelt_everyday_word_is_the_entry_and_an_entry_is_not_read_as_a_slip(tmp_path):
    everyday = [["aspirin", ["blood thinning"]], ["infecta", ["infección"]]]
    found = forms([], "blood thinning infección inyecta", ["asprin", "infecta"], tmp_path, lang="en", everyday=everyday)
    assert ["blood", "thinning"] in found["asprin"]["phrases"]
    assert "inyecta" not in found["infecta"]["strong"]  # "se infecta" is the entry's, not "inyecta"
    assert "infeccion" in found["infecta"]["strong"]


def test_a_number_no_page_writes_is_the_entry_written_hash(tmp_path):
    everyday = [["#", ["adults"]], ["730", ["tax"]]]
    words = "adults tax 48 hours"
    found = forms([], words, ["65", "٦٥", "48", "730", "sixty"], tmp_path, lang="en", everyday=everyday)
    assert "adults" in found["65"]["strong"] and "adults" in found["٦٥"]["strong"]  # Arabic-Indic digits too
    assert "adults" not in found["48"]["strong"]  # a number the pages write is theirs
    assert "tax" in found["730"]["strong"] and "adults" not in found["730"]["strong"]  # an entry of its own
    assert found["sixty"]["strong"] == ["sixty"]
    assert "adults" not in forms([], words, ["65"], tmp_path, lang="en")["65"]["strong"]  # no "#" entry: as typed


def test_an_everyday_entry_written_as_typed_wins_over_one_the_stemmer_reads_alike(tmp_path):
    # Italian's stemmer reads "marito" (husband) and "mare" (sea) alike, "mar": the entry typed is the one meant,
    # wherever it is in the list
    stems = {"marito": "mar", "mare": "mar"}
    for everyday in ([["mare", ["sea"]], ["marito", ["adults"]]], [["marito", ["adults"]], ["mare", ["sea"]]]):
        found = forms([], "sea adults", ["marito", "mare"], tmp_path, lang="it", everyday=everyday, stems=stems)
        assert "adults" in found["marito"]["strong"] and "sea" not in found["marito"]["strong"], found
        assert "sea" in found["mare"]["strong"] and "adults" not in found["mare"]["strong"], found


def test_a_number_written_only_inside_a_reference_is_no_number_of_the_pages(tmp_path):
    # a source's "2021;32(6):2168-71" (or a DOI, a date): three numbers or more without a space; a reader who types
    # "71" gives an age. A range of two ("24-48") and a number written apart are the pages' own.
    everyday = [["#", ["adults"]]]
    words = "adults J Surg. 2021;32(6):2168-71. doi:10.1111/j.1524-4725.2006.32353.x 24-48 hours, 7 days"
    found = forms([], words, ["71", "4725", "32", "48", "24", "7"], tmp_path, lang="en", everyday=everyday)
    assert all("adults" in found[n]["strong"] for n in ["71", "4725", "32"]), found
    assert all("adults" not in found[n]["strong"] for n in ["48", "24", "7"]), found


def test_words_with_other_letters_before_each_are_two_words(tmp_path):
    # "الحمل" (pregnancy) and "يحمل" (carries) share a root, not a word: letters before one of two only
    found = forms([["الحمل", "يحمل"]], "الحمل يحمل", ["الحمل"], tmp_path)
    assert "يحمل" not in found["الحمل"]["strong"]


# Arabic's stemmer (lunr's) reduces a word to its root's pattern: "الطبيعية" (natural) and "للطباعة" (to print) are
# both "طباع". An everyday entry's word is taken by its stem only where the words, prefixes aside, also begin
# alike (one letter before either may differ: a verb's person, "قول" and "اقول").
ROOT_STEMS = {"الطبيعيه": "طباع", "طبيعيه": "طباع", "للطباعه": "طباع", "طباعه": "طباع", "قول": "قول", "اقول": "قول"}


def test_an_everyday_word_is_taken_by_its_stem_only_where_the_words_begin_alike(tmp_path):
    everyday = [["للطباعة", ["اطبع"]], ["اقول", ["أخبر"]]]
    words = ARABIC_WORDS + " اطبع أخبر الطبيعي"
    found = forms(
        [*ARABIC_FAMILIES, ["الطباعة", "للطباعة"]],
        words,
        ["الطبيعية", "قول"],
        tmp_path,
        everyday=everyday,
        stems=ROOT_STEMS,
    )
    assert "اطبع" not in found["الطبيعية"]["strong"]  # "طبيعيه" and "طباعه" begin "طبي" and "طبا"
    assert "اخبر" in found["قول"]["strong"]  # "قول" is "اقول" with its person's letter


def test_a_word_typed_as_a_one_word_entry_is_not_read_without_a_prefix_into_a_longer_entry(tmp_path):
    # "ب" is a prefix of the language here: "بكام" (what it costs) is also "ب" + "كام", the first word of "كام
    # جلسة" (how many sessions); the entry written for the word as typed is the one meant
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    everyday = [["بكام", ["التكلفة"]], ["كام جلسة", ["العلاج الكامل"]]]
    words = ARABIC_WORDS + " بجلد بألم التكلفة العلاج الكامل جلسة"
    found = forms(families, words, ["بكام الجلسة", "كام الجلسة"], tmp_path, everyday=everyday)
    assert found["بكام الجلسة"]["label"] == "بكام" and "التكلفه" in found["بكام الجلسة"]["strong"]
    assert found["كام الجلسة"]["label"] == "كام الجلسة"  # typed without "ب", it is the longer entry


def test_a_stop_word_joined_to_a_prefix_is_a_stop_word(tmp_path):
    # Egyptian "بإيه" (with what), "وانا" (and I): a prefix of the language and a stop word
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    words = ARABIC_WORDS + " بجلد بألم"
    stop_words = ["إيه", "انا"]
    found = forms(families, words, ["بإيه الحقن", "والحقن"], tmp_path, stop_words=stop_words)
    assert found["بإيه الحقن"]["label"] == "الحقن"  # the stop word is left out of what the query must match
    without = forms(families, words, ["بإيه الحقن"], tmp_path, stop_words=["انا"])
    assert without["بإيه الحقن"]["label"] == "بإيه"


def test_a_site_word_or_an_entry_that_is_a_prefix_and_a_stop_word_is_kept(tmp_path):
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"], ["الجلد", "والجلد"]]
    words = ARABIC_WORDS + " بجلد بألم بكم والجلد"
    found = forms(families, words, ["بكم الحقن", "وكم الحقن"], tmp_path, stop_words=["كم"])
    assert found["بكم الحقن"]["label"] == "بكم"  # a word of the site, as written
    assert found["وكم الحقن"]["label"] == "الحقن"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("كتيييير", "كتير"),  # a letter held down
        ("بيوجععع", "بيوجع"),
        ("ممكن", "ممكن"),  # a letter written twice is two
        ("دواء", "دوا"),  # a final hamza, as often left out
        ("ماء", "ماء"),  # two letters would be left: another word ("ما")
        ("مسؤول", "مسوول"),  # ؤ, ئ and أ are their seat's letter
        ("أسئلة", "اسيله"),
        ("ـمـرضـعـة", "مرضعه"),  # tatweel
        ("goood", "goood"),  # Latin letters held down are left as typed
        ("٤٨", "48"),  # Arabic-Indic digits are the pages' digits
        ("۳", "3"),  # and Persian ones
    ],
)
def test_the_worker_and_the_rules_fold_arabic_spellings_alike(tmp_path, typed, folded):
    found = forms([], "", [], tmp_path, fold=[typed])
    assert found["fold"] == [folded]
    assert search_words.fold(typed) == folded


def test_an_article_both_words_have_does_not_make_them_begin_alike(tmp_path):
    # "السنة" (the year) and "السن" (age): lunr's stemmer may give them one stem, and a letter more at the end is
    # one slip; neither makes the year the everyday word for age
    everyday = [["السن", ["للبالغين"]], ["عمر", ["للبالغين"]]]
    words = ARABIC_WORDS + " للبالغين"
    stems = {"السنه": "سن", "السن": "سن", "عمري": "عمر", "عمر": "عمر"}
    found = forms(
        ARABIC_FAMILIES, words, ["السنة", "عمري"], tmp_path, everyday=everyday, stems=stems, stop_words=["ع-"]
    )
    assert "للبالغين" not in found["السنة"]["strong"]
    # a single letter both begin with ("ع", a clitic here) is no article: "عمري" (my age) is "عمر"
    assert "للبالغين" in found["عمري"]["strong"]
    assert "للبالغين" not in forms(ARABIC_FAMILIES, words, ["السنة"], tmp_path, everyday=everyday)["السنة"]["strong"]


def test_a_typing_slip_inside_an_everyday_word_is_still_the_entry(tmp_path):
    everyday = [["السن", ["للبالغين"]]]
    found = forms(ARABIC_FAMILIES, ARABIC_WORDS + " للبالغين", ["الستن", "السنن"], tmp_path, everyday=everyday)
    assert "للبالغين" in found["الستن"]["strong"]  # a letter more inside
    assert "للبالغين" not in found["السنن"]["strong"]  # a letter more at the end: another ending


def test_an_everyday_word_with_an_article_is_found_typed_without_it_where_the_stemmer_parts_them(tmp_path):
    # lunr's Arabic stemmer gives "تجاعيد" and "التجاعيد" two stems; the entry's word without its article is the
    # word typed. A letter before it is no article: "بكام" (what it costs) is not "كام" (how many).
    everyday = [["التجاعيد", ["الخطوط"]], ["بكام", ["التكلفة"]]]
    words = ARABIC_WORDS + " الخطوط التكلفة"
    stems = {"تجاعيد": "جاعيد", "التجاعيد": "تجاعيد"}
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    found = forms(families, words, ["تجاعيد", "كام"], tmp_path, everyday=everyday, stems=stems)
    assert "الخطوط" in found["تجاعيد"]["strong"]
    assert "التكلفه" not in found["كام"]["strong"]


def test_a_typing_slip_is_read_as_a_site_word_written_only_with_a_prefix(tmp_path):
    # "الميزوثيرابي" is on the pages, never the word alone: "مزوثيرابي" is one letter from it without "ال"
    words = ARABIC_WORDS + " الميزوثيرابي"
    found = forms(ARABIC_FAMILIES, words, ["مزوثيرابي", "مزوثرابي"], tmp_path)
    assert "الميزوثيرابي" in found["مزوثيرابي"]["strong"]
    assert "الميزوثيرابي" not in found["مزوثرابي"]["strong"]  # two letters away


def test_a_prefix_or_clitic_is_no_verbs_person_and_an_entrys_clitic_is_part_of_it(tmp_path):
    # lunr's stemmer gives "يضر" (it harms), "كيضرني" (the Maghreb's "it hurts me") and "بشحال" (for how much),
    # "شحال" one stem each; "ك" is a clitic and "ب" a prefix of the language here, not a verb's person letter
    everyday = [["كيضرني", ["الألم"]], ["بشحال", ["التكلفة"]], ["اقول", ["أخبر"]]]
    families = [*ARABIC_FAMILIES, ["جلد", "بجلد"], ["ألم", "بألم"]]
    words = ARABIC_WORDS + " بجلد بألم التكلفة أخبر"
    stems = {"يضر": "يضر", "كيضرني": "يضر", "شحال": "شحل", "بشحال": "شحل", "قول": "قول", "اقول": "قول"}
    found = forms(families, words, ["يضر", "شحال", "قول"], tmp_path, everyday=everyday, stems=stems, stop_words=["ك-"])
    assert "الالم" not in found["يضر"]["strong"]
    assert "التكلفه" not in found["شحال"]["strong"]
    assert "اخبر" in found["قول"]["strong"]  # "ا" is a person's letter, no prefix


def test_a_small_word_of_the_language_is_no_other_form_of_a_typed_word(tmp_path):
    # Spanish "laser" one letter shorter, and by lunr's stem, is the article "las" (in most titles)
    stems = {"laser": "las", "laseres": "las"}
    found = forms([], "las manos el laser los laseres", ["laser"], tmp_path, "es", stop_words=["las"], stems=stems)
    assert "las" not in found["laser"]["strong"] + found["laser"]["weak"]
    assert "laser" in found["laser"]["strong"]
    assert "laseres" in found["laser"]["weak"]  # a word of its stem that is no small word still counts


def test_a_site_word_of_one_or_two_letters_is_no_other_form_of_a_longer_typed_word(tmp_path):
    """French "ans" (years) is on no page; its stem "an" is the English article of a cited title, a small word
    of another language: not a form of "ans". A word of two letters typed is still found as written."""
    words = "An update on ageing skin. Les années passent."
    stems = {"ans": "an", "an": "an", "annees": "anne", "années": "anne"}
    found = forms([["années", "an"]], words, ["ans", "an"], tmp_path, lang="fr", stems=stems)
    assert "an" not in found["ans"]["strong"] + found["ans"]["weak"], found["ans"]
    assert "an" in found["an"]["strong"], found["an"]
