"""The search's ranking (overrides/assets/javascripts/workers/search-patient.js) on small indexes, in Node:
a question finds the page that answers it, not the home, about, glossary or question-list pages that have the
question's words. Each case runs the site's search code with Material's installed worker in one scope, as the
browser's worker does (the SETUP with the whole index, then each query as search-on-demand.js passes it on),
with the stop words of scripts/wordlists/search-stopwords.<lang>.txt as the build ships them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.postprocess.pages import SEARCH_PATIENT, _theme_dir, material_assets, search_stop_words

ROOT = Path(__file__).resolve().parent.parent

RUN = r"""
"use strict";
const fs = require("fs"), vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");
const { material, patient, index, queries } = JSON.parse(fs.readFileSync(0, "utf8"));
const scope = new EventTarget();
const g = globalThis;
delete g.module; delete g.exports;  // `node -e` makes them global: lunr's languages would export, not register
g.self = g;
g.addEventListener = scope.addEventListener.bind(scope);
g.dispatchEvent = scope.dispatchEvent.bind(scope);
g.location = { href: pathToFileURL(material).href };
g.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, g.location.href));
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
const answers = [];
g.postMessage = (message) => answers.push(message);
g.importScripts(pathToFileURL(patient).href, g.location.href);
const send = (data) => scope.dispatchEvent(new MessageEvent("message", { data }));
async function answer(type) {
  for (let i = 0; i < 4000; i++) {
    const found = answers.findIndex((m) => m.type === type);
    if (found >= 0) return answers.splice(found, 1)[0];
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`no answer of type ${type}`);
}
(async () => {
  send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  await answer(1);
  const search = self.PatientSearch;
  const state = search.prepare(self.lunr, index.config, index.docs);
  const out = [];
  for (const query of queries) {
    const plan = search.plan(state, query);
    send({ type: 2, data: plan.query });
    const result = search.rewriteResult(state, plan, (await answer(3)).data);
    out.push({ pages: result.items.map((group) => group[0].location.split("#")[0]), sent: plan.query,
               first: result.items.length ? result.items[0][0].location : null,
               terms: result.items.length ? result.items[0][0].terms : {} });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error.stack); process.exit(1); });
"""


def doc(location: str, title: str, text: str) -> dict:
    return {"location": location, "title": title, "text": f"<p>{text}</p>"}


def fillers(text: str, pages: list[tuple[str, str]]) -> list[dict]:
    """Pages that answer none of a test's queries, each (name, title) with the same `text`."""
    return [doc(f"{name}/", title, text) for name, title in pages]


# Small sites: a home, an about, a glossary and a question-list page that have the question words, the words
# every page has ("hands", "treatment") and the question's topic words in passing, and the page that answers.
SITES = {
    "en": [
        doc(
            "",
            "Hand treatment",
            "What is this site? Who is it for? How long does a treatment take? "
            "What should you do? Read about your hands and the treatment.",
        ),
        doc("#where-to-start", "Where to start", "How long it takes, what is normal, what you should do next."),
        doc(
            "about/",
            "About this information",
            "Who writes it, who reviews it, how long it is kept. "
            "What should you do if something is wrong? Tell us. Hands, treatment.",
        ),
        doc(
            "glossary/",
            "Glossary",
            "Bruise: a blue mark. Swelling: puffiness that can last a few days. "
            "Injection: medicine given with a needle. Pain: what hurts. Pregnancy: carrying a baby. "
            + "More words about hands and the treatment. "
            * 12,
        ),
        doc(
            "questions/",
            "Questions to ask",
            "How long does it take? What should I do after it? Who should "
            "not have it? Is it painful? Ask about your hands and the treatment.",
        ),
        doc("aftercare/", "After your session", "Your hands and the treatment: what to expect."),
        doc(
            "aftercare/#what-is-normal",
            "What is normal",
            "Swelling of the hands lasts two or three days. Bruises fade within a week.",
        ),
        doc("session/", "During the session", "The treatment of your hands, step by step."),
        doc("session/#what-you-may-feel", "What you may feel", "Each injection stings a little; it may hurt."),
        doc("who-it-is-for/", "Who the treatment suits", "Hands that show age."),
        doc(
            "who-it-is-for/#who-should-not",
            "Who should not have it",
            "Not during pregnancy or breastfeeding, nor with an infection of the hands.",
        ),
    ],
    "fr": [
        doc(
            "",
            "Traitement des mains",
            "Qu’est-ce que ce site ? À qui s’adresse-t-il ? Combien de temps dure "
            "un traitement ? Que faut-il faire ? Lisez sur vos mains et le traitement.",
        ),
        doc(
            "about/",
            "À propos de cette information",
            "Qui l’écrit, qui la relit, combien de temps elle est "
            "gardée. Que faire si quelque chose est faux ? Dites-le-nous. Mains, traitement.",
        ),
        doc(
            "glossary/",
            "Glossaire",
            "Ecchymose : une marque bleue. Gonflement : il peut durer quelques jours. "
            "Injection : un médicament donné avec une aiguille. Douleur : ce qui fait mal. Grossesse : attendre "
            "un bébé. " + "D’autres mots sur les mains et le traitement. " * 12,
        ),
        doc(
            "questions/",
            "Questions à poser",
            "Combien de temps cela dure-t-il ? Que faire après ? Qui ne doit "
            "pas le recevoir ? Est-ce douloureux ? Posez-les sur vos mains et le traitement.",
        ),
        doc("aftercare/", "Après votre séance", "Vos mains et le traitement : à quoi vous attendre."),
        doc(
            "aftercare/#ce-qui-est-normal",
            "Ce qui est normal",
            "Le gonflement des mains dure deux ou trois jours. Les ecchymoses disparaissent en une semaine.",
        ),
        doc("session/", "Pendant la séance", "Le traitement de vos mains, étape par étape."),
        doc(
            "session/#ce-que-vous-pouvez-ressentir",
            "Ce que vous pouvez ressentir",
            "Chaque injection pique un peu ; elle peut faire mal.",
        ),
        doc("who-it-is-for/", "À qui convient le traitement", "Des mains qui montrent leur âge."),
        doc(
            "who-it-is-for/#qui-ne-doit-pas",
            "Qui ne doit pas le recevoir",
            "Pas pendant la grossesse ou l’allaitement, ni avec une infection des mains.",
        ),
    ],
    "ar": [
        doc("", "علاج اليدين", "ما هذا الموقع؟ لمن هو؟ كم يستغرق العلاج؟ ماذا تفعل؟ اقرأ عن يديك والعلاج."),
        doc("about/", "عن هذه المعلومات", "من يكتبها ومن يراجعها. هل هناك خطأ؟ أخبرنا. اليدين، العلاج."),
        doc(
            "glossary/",
            "المسرد",
            "كدمة: علامة زرقاء. التورم: انتفاخ قد يستمر أيامًا. الحقن: دواء بإبرة. "
            "الألم: ما يؤلم. الحمل: انتظار طفل. " + "كلمات أخرى عن اليدين والعلاج. " * 12,
        ),
        doc("questions/", "أسئلة تطرحها", "كم يستمر العلاج؟ ماذا أفعل بعده؟ من يجب ألا يخضع له؟ اسأل عن يديك والعلاج."),
        doc("aftercare/", "بعد الجلسة", "يداك والعلاج: ما تتوقعه."),
        doc("aftercare/#_2", "ما الطبيعي", "يستمر التورم في اليدين يومين أو ثلاثة. تزول الكدمات خلال أسبوع."),
        doc("session/", "أثناء الجلسة", "علاج يديك خطوة بخطوة."),
        doc("session/#_2", "ما الذي قد تشعر به", "كل حقنة تلسع قليلًا وقد تكون مؤلمة."),
        doc("who-it-is-for/", "لمن يناسب العلاج", "أيد يظهر عليها العمر."),
        doc("who-it-is-for/#_3", "من يجب ألا يخضع له", "ليس أثناء الحمل أو الرضاعة، ولا مع عدوى في اليدين."),
    ],
}

# A question as a patient types it, and the page that answers it; the pages that must not come first.
QUESTIONS = {
    "en": [
        ("how long does the swelling last", "aftercare/"),
        ("does it hurt", "session/"),
        ("who should not have this treatment for my hands", "who-it-is-for/"),
        ("can i have the treatment during pregnancy", "who-it-is-for/"),
    ],
    "fr": [
        ("combien de temps dure le gonflement", "aftercare/"),
        ("est ce que ca fait mal", "session/"),
        ("qui ne doit pas recevoir le traitement des mains", "who-it-is-for/"),
        ("le traitement pendant la grossesse", "who-it-is-for/"),
    ],
    "ar": [
        ("كم يستمر التورم", "aftercare/"),
        ("هل الحقن مؤلم", "session/"),
        ("من يجب ألا يخضع للعلاج", "who-it-is-for/"),
        ("هل العلاج ممكن أثناء الحمل", "who-it-is-for/"),
    ],
}


def index_of(lang: str, *, stop_words: list[str] | None = None) -> dict:
    config = {
        "lang": [lang],
        "separator": "[\\s\\-]+",
        "pipeline": [" "] if lang == "ar" else ["stopWordFilter"],  # as MkDocs writes them
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
        "everyday_words": [],
        "stop_words": search_stop_words(lang) if stop_words is None else stop_words,
    }
    return {"config": config, "docs": SITES[lang]}


def search(index: dict, queries: list[str]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node: missing — install Node.js (`sudo apt-get install nodejs`)", pytrace=False)
    material = _theme_dir() / material_assets().search_worker
    patient = ROOT / "overrides" / SEARCH_PATIENT
    payload = {"material": str(material), "patient": str(patient), "index": index, "queries": queries}
    done = subprocess.run(
        [node, "-e", RUN], input=json.dumps(payload), capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_a_question_ranks_the_page_that_answers_it_first(lang):
    queries = [query for query, _ in QUESTIONS[lang]]
    results = search(index_of(lang), queries)
    wrong = [
        f"{query!r}: {result['pages'][:4]} (answer: {answer})"
        for (query, answer), result in zip(QUESTIONS[lang], results, strict=True)
        if not result["pages"] or result["pages"][0] != answer
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_without_its_stop_words_a_question_lets_the_pages_with_the_question_words_win(lang):
    """The stop words are what these tests measure: without them, a page of questions or the home page wins."""
    queries = [query for query, _ in QUESTIONS[lang]]
    results = search(index_of(lang, stop_words=[]), queries)
    first = [result["pages"][0] if result["pages"] else None for result in results]
    assert first != [answer for _, answer in QUESTIONS[lang]], first


def test_stop_words_are_left_out_of_the_query_material_is_given_and_of_the_missing_words():
    query, answer = QUESTIONS["en"][0]
    [result] = search(index_of("en"), [query])
    sent = set(result["sent"].split())
    assert {"swelling", "last"} <= sent
    assert not sent & {"how", "long", "does", "the"}  # "how long" is a question phrase, the rest stop words
    assert result["pages"][0] == answer
    assert set(result["terms"]) and not set(result["terms"]) & {"how", "long", "does", "the"}


def test_a_query_of_stop_words_only_is_searched_as_typed():
    [english] = search(index_of("en"), ["what is this"])
    assert set(english["sent"].split()) >= {"what", "is", "this"}
    # Arabic's index keeps its small words (English lunr drops them from the index): the home page has these.
    [arabic] = search(index_of("ar"), ["ما هذا"])
    assert set(arabic["sent"].split()) >= {"ما", "هذا"}
    assert arabic["pages"][:1] == [""], arabic["pages"]


def test_the_page_of_the_rarest_word_wins_over_pages_with_words_every_page_has():
    """'hands' and 'treatment' are on every page (in the home page's title too); 'bruises' on two."""
    [result] = search(index_of("en", stop_words=[]), ["hands treatment bruises"])
    assert result["pages"][0] == "aftercare/", result["pages"]


def test_a_word_in_a_text_far_longer_than_most_counts_less_than_in_a_short_one():
    """The glossary has every word once in a long text: the short section with the word comes first."""
    [result] = search(index_of("en", stop_words=[]), ["swelling"])
    assert result["pages"].index("aftercare/") < result["pages"].index("glossary/"), result["pages"]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "it", "ar"])
def test_every_language_has_stop_words_and_no_list_names_a_topic(lang):
    words = search_stop_words(lang)
    assert len(words) >= 20, f"scripts/wordlists/search-stopwords.{lang}.txt: {len(words)} words"
    assert all(word == word.strip().lower() and "#" not in word for word in words)


def test_stop_words_are_read_without_comments_and_a_missing_list_is_empty(tmp_path):
    (tmp_path / "search-stopwords.xx.txt").write_text("# comment\nThe\n\nhow long  # a phrase\nthe\n", "utf-8")
    assert search_stop_words("xx", tmp_path) == ["how long", "the"]
    assert search_stop_words("yy", tmp_path) == []


def test_stop_words_of_the_index_language_go_into_the_full_index_and_the_offline_one_not_into_the_stub(tmp_path):
    from scripts.postprocess import pages as postprocess

    (tmp_path / "search").mkdir()
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "search-stopwords.fr.txt").write_text("le\nde\ncombien de temps\n", "utf-8")
    index = {
        "config": {"lang": ["fr"], "separator": "[\\s\\-]+"},
        "docs": [{"location": "", "title": "t", "text": "x"}],
    }
    (tmp_path / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    listed = json.loads(json.dumps(index))
    postprocess._stop_words_into(listed, tmp_path / "lists")
    assert listed["config"]["stop_words"] == ["combien de temps", "de", "le"]
    # where the build puts the language's list: the offline index, the full one, not the stub
    french = postprocess.search_stop_words("fr")
    assert "de" in french
    offline_site = tmp_path / "offline"
    (offline_site / "search").mkdir(parents=True)
    (offline_site / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    (offline_site / postprocess.OFFLINE_INDEX_SCRIPT).write_text("var __index = {}", encoding="utf-8")
    postprocess.process_site(offline_site, offline=True, preview=True)
    offline = (offline_site / postprocess.OFFLINE_INDEX_SCRIPT).read_text(encoding="utf-8")
    assert json.loads(offline.removeprefix("var __index = "))["config"]["stop_words"] == french
    postprocess.process_site(tmp_path, offline=False, preview=True)
    full = json.loads((tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8"))
    stub = json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))
    assert full["config"]["stop_words"] == french and full["docs"] == index["docs"]
    assert stub == {"config": {"lang": ["fr"], "separator": "[\\s\\-]+"}, "docs": []}


def small_index(lang: str, docs: list[dict], everyday: list | None = None) -> dict:
    index = index_of(lang)
    index["config"]["everyday_words"] = everyday or []
    return {"config": index["config"], "docs": docs}


def test_a_question_of_small_words_only_finds_the_heading_that_has_it_as_typed():
    """English lunr leaves every word of "Who should not have it" out of the index: Material cannot find the
    heading, so the worker adds the headings that have the question's word pairs, for the ranking to place."""
    [result] = search(index_of("en"), ["who should not have it"])
    assert result["pages"][:1] == ["who-it-is-for/"], result["pages"]


def test_a_heading_with_one_pair_of_a_long_question_is_not_added():
    docs = [
        doc("a/", "Aftercare", "Swelling lasts a day."),
        doc("b/", "Should you worry", "Most people do not."),
    ]
    [result] = search(small_index("en", docs), ["how long should the swelling last"])
    assert result["pages"] == ["a/"], result["pages"]


def test_an_everyday_phrase_with_a_word_every_page_has_keeps_its_weight():
    """'hand' of 'hand cream' is on every page: the phrase's weight comes from the pages that answer it fully,
    so the page about creams wins over a title that has the query's other, common word."""
    docs = [
        doc("", "Welcome", "Use this site to read about your hands."),
        doc("access/", "Use this site", "How to use it with your hands."),
        doc("aftercare/", "After the treatment", "Ask which creams to avoid on your hands."),
        doc("session/", "The session", "Both hands are treated. We use fine needles."),
        doc("about/", "About us", "Who we are, what we use, and your hands."),
    ]
    everyday = [["hand cream", ["creams"]]]
    [result] = search(small_index("en", docs, everyday), ["use hand cream"])
    assert result["pages"][:1] == ["aftercare/"], result["pages"]


FRENCH_DOCS = [
    doc("", "Traitement des mains", "Ce site parle des mains."),
    doc("aftercare/", "Après la séance", "Un gonflement léger est normal."),
    doc("who-it-is-for/", "À qui s’adresse-t-il", "Le médecin vous interroge sur vos antécédents médicaux."),
]
FRENCH_EVERYDAY = [
    ["boutons", ["gonflement"]],
    ["boutons de fievre", ["antécédents médicaux"]],
    ["herpes", ["antécédents médicaux"]],
]


def test_a_word_after_an_elided_article_is_looked_up_without_it():
    [result] = search(small_index("fr", FRENCH_DOCS, FRENCH_EVERYDAY), ["j'ai de l'herpes"])
    assert result["pages"][:1] == ["who-it-is-for/"], result["pages"]


def test_the_longest_everyday_entry_typed_wins():
    [longest, shorter] = search(small_index("fr", FRENCH_DOCS, FRENCH_EVERYDAY), ["boutons de fievre", "boutons"])
    assert longest["pages"][:1] == ["who-it-is-for/"], longest["pages"]
    assert shorter["pages"][:1] == ["aftercare/"], shorter["pages"]


def test_an_english_contraction_is_not_read_as_its_last_letters():
    docs = [doc("a/", "Trouble breathing", "Call 112."), doc("b/", "Tests", "T cells and the t-test.")]
    [result] = search(small_index("en", docs, [["cant breathe", ["trouble breathing"]]]), ["can't breathe"])
    assert "t" not in result["sent"].split(), result["sent"]
    assert result["pages"][:1] == ["a/"], result["pages"]


def test_an_everyday_phrase_with_accents_is_asked_for_as_the_pages_write_it():
    """The phrase 'antécédents médicaux' is matched folded, but Material's index has it with its accents."""
    [result] = search(small_index("fr", FRENCH_DOCS, FRENCH_EVERYDAY), ["herpes"])
    assert result["pages"][:1] == ["who-it-is-for/"], result["pages"]
    assert {"antécédents", "médicaux"} <= set(result["sent"].split()), result["sent"]


def test_a_typed_word_pair_counts_by_the_rarity_of_its_own_words():
    """'the hands' is in the home page's title, but 'hands' is on every page: the pair counts next to nothing,
    and the page with the query's rare word wins."""
    docs = [
        doc("", "Treatment of the hands", "About your hands."),
        doc("about/", "About", "Who writes about hands."),
        doc("aftercare/", "After a session", "Swollen hands are normal for a day."),
        doc("session/", "The session", "Both hands are treated."),
        doc("results/", "Results", "Hands may look brighter."),
    ]
    [result] = search(small_index("en", docs), ["the hands swollen"])
    assert result["pages"][:1] == ["aftercare/"], result["pages"]


def test_a_typed_word_of_two_letters_answers_only_as_a_whole_word():
    """'im' (I'm typed without its apostrophe) is no beginning of 'improve'."""
    docs = [
        doc("a/", "Improve your skin", "Results take time."),
        doc("b/", "Who should not", "Not if you are pregnant."),
        doc("c/", "About", "Who we are."),
    ]
    index = small_index("en", docs)
    index["config"]["stop_words"] = []  # "im" is an English stop word: here it must be matched
    [result] = search(index, ["im pregnant"])
    assert result["pages"][:1] == ["b/"], result["pages"]


# An everyday word that names the heading answering it ("headings:" in glossary/search-words.<lang>.yml): the page
# whose title or heading that is comes first, above pages that have the word in their text, or in a title about
# something else ("joint pain"), or the query's other words in their titles. Every page names the treatment and the hands, as a real site's pages do.
INTENT_SITE = [
    doc("", "Hand mesotherapy", "Plain information about hand mesotherapy. Sun and age."),
    doc("what-is/", "What is hand mesotherapy?", "Small injections into the skin of your hands."),
    doc("why-hands-age/", "Why do hands show age?", "The skin of your hands ages."),
    doc("why-hands-age/#causes", "Causes", "Sun light (UV rays) and time. Pain in the joints."),
    doc("aftercare/", "After your session", "Mild effects for a short time."),
    doc("aftercare/#what-to-do", "What to do and not do", "Ask your clinic what to avoid afterwards."),
    doc("aftercare/#when-to-get-help", "When to get help", "Pain that gets worse after 48 hours."),
    doc("history/", "Mesotherapy for joint pain", "It was first used for joint pain."),
    doc("session/", "What happens during a session?", "Step by step."),
    doc("session/#what-you-may-feel", "What you may feel", "The needles are fine: only a little pain."),
]
INTENT_SITE = [
    dict(entry, text=entry["text"].replace("</p>", " Hand mesotherapy.</p>")) if "#" not in entry["location"] else entry
    for entry in INTENT_SITE
]
INTENT_WORDS = [
    ["sun", ["avoid"], ["after your session"]],
    ["hurt", ["pain"], ["what you may feel"]],
    ["pain", ["pain"], ["what you may feel"]],
]


def intent_index(everyday_words: list) -> dict:
    index = index_of("en")
    index["config"]["everyday_words"] = everyday_words
    index["docs"] = INTENT_SITE
    return index


def test_a_word_ranks_first_the_page_whose_heading_its_entry_names():
    queries = ["sun", "sun after mesotherapy", "does hand mesotherapy hurt", "pain"]
    results = search(intent_index(INTENT_WORDS), queries)
    first = [result["pages"][0] for result in results]
    assert first == ["aftercare/", "aftercare/", "session/", "session/"], [r["pages"] for r in results]


def test_without_its_headings_the_pages_that_mention_the_word_or_have_the_other_words_win():
    plain = [[patient, pages] for patient, pages, _ in INTENT_WORDS]
    results = search(intent_index(plain), ["sun", "does hand mesotherapy hurt"])
    first = [result["pages"][0] if result["pages"] else None for result in results]
    assert first[0] != "aftercare/" and first[1] != "session/", [r["pages"] for r in results]


def test_a_page_that_answers_under_the_heading_without_the_word_is_found_and_not_marked_missing():
    """The entry's own word only: Material finds 'sun' on other pages alone; the aftercare page is added."""
    [result] = search(intent_index([["sun", ["sun"], ["after your session"]]]), ["sun"])
    assert result["pages"][0] == "aftercare/", result["pages"]
    assert "sun" not in result["terms"], result["terms"]


def test_a_heading_counts_only_with_all_its_words_in_one_title_or_heading():
    """'after your session': the aftercare page's title; 'your' and 'session' apart (the session page) do not."""
    [result] = search(intent_index([["sun", ["sun"], ["after your session"]]]), ["sun"])
    assert "session/" not in result["pages"], result["pages"]
    [other] = search(intent_index([["sun", ["sun"], ["after the visit"]]]), ["sun"])
    assert other["pages"][0] != "aftercare/" and "aftercare/" not in other["pages"], other["pages"]


def test_a_small_word_typed_is_an_entry_only_as_written_not_by_its_stem():
    """Spanish 'las' (the) is the stem of 'láseres': typed alone, a stop word must not become the entry's word."""
    index = index_of("en", stop_words=["sting", "the"])
    index["config"]["everyday_words"] = [["stinging", ["pain"]], ["the sting", ["feel"]]]
    small, written, phrase = search(index, ["sting hands", "stinging hands", "the sting"])
    assert "pain" not in small["sent"].split(), small["sent"]
    assert "pain" in written["sent"].split(), written["sent"]
    assert "feel" in phrase["sent"].split(), phrase["sent"]  # an entry of small words, typed as written
    index["config"]["stop_words"] = ["the"]
    [plain] = search(index, ["sting hands"])
    assert "pain" in plain["sent"].split(), plain["sent"]


def test_the_words_of_the_sites_subject_say_nothing_of_which_page_answers():
    """The home page's title ('Hand care') is what every page is about, though only some write its words: a page
    with the subject in its title does not outrank the page that has the query's other words."""
    docs = [
        doc("", "Hand care", "Read about your skin."),
        doc("who/", "Who hand care is for", "Adults with dry skin."),
        doc("what/", "What hand care is", "Small injections in the skin."),
        doc("laser/", "Laser", "A laser treats brown spots."),
        doc("about/", "About", "Who writes this."),
        doc("after/", "After a visit", "Some redness is normal."),
    ]
    [result] = search(small_index("en", docs), ["hand care spots"])
    assert result["pages"][:1] == ["laser/"], result["pages"]


# A word typed that one page's title has ("session"), though every page writes it, and a word that a heading of
# another page has together with it ("minutes").
TITLE_DOCS = [
    doc("", "Skin care", "Each session is short. Read about it."),
    doc("session/", "The session", "It takes 30 minutes."),
    doc("results/", "Results", "Results show after the third session."),
    doc("results/#minutes", "Minutes after each session", "Rest for a few minutes after each session."),
    doc("about/", "About", "We wrote about the session."),
    doc("after/", "Aftercare", "After a session, some redness is normal."),
    doc("who/", "Who it suits", "Adults; ask before the first session."),
]


def test_a_typed_word_few_titles_have_ranks_the_page_it_names_above_a_heading_with_the_other_words():
    [result] = search(small_index("en", TITLE_DOCS), ["session minutes"])
    assert result["pages"][:1] == ["session/"], result["pages"]


def test_the_sites_subject_in_few_titles_is_not_a_word_a_title_names_its_page_by():
    """'skin care' (the home page's title) is in two titles of eight, but every page is about it: the page whose
    title has the query's other word stays first."""
    docs = [*TITLE_DOCS, doc("care/", "Skin care products", "Creams.")]
    [result] = search(small_index("en", docs), ["skin care session"])
    assert result["pages"][:1] == ["session/"], result["pages"]


def test_a_question_phrase_in_a_heading_does_not_outrank_the_title_that_names_what_is_asked():
    """'combien de temps' (how long) says the kind of question: a heading of the results page has it ('Combien de
    temps cela prend', the whole course), another the word 'séances', but the session's page is what is asked about."""
    docs = [
        doc("", "Soins des mains", "Lisez tout sur la séance."),
        doc("session/", "Pendant la séance", "Une séance dure 30 minutes."),
        doc("results/", "Résultats", "Les résultats viennent après plusieurs séances."),
        doc("results/#serie", "La série de séances", "Une série complète compte 4 séances."),
        doc("results/#temps", "Combien de temps cela prend", "La série dure 6 semaines."),
        doc("about/", "À propos", "Nous écrivons sur chaque séance."),
        doc("after/", "Après les soins", "Après une séance, une rougeur est normale."),
    ]
    [result] = search(small_index("fr", docs), ["combien de temps dure une seance"])
    assert result["pages"][:1] == ["session/"], result["pages"]


# A glossary page whose terms are results of their own (scripts/postprocess/pages.py marks them "glossary"), and
# a page with "means" in a heading; the everyday word "mean" names the glossary's title.
GLOSSARY_SITE = [
    doc("", "Hand treatment", "Plain information about the treatment of your hands."),
    doc("glossary/", "Glossary", "This page explains the hard words."),
    dict(doc("glossary/#term-collagen-fibres", "collagen fibres", "Collagen in bundles: collagen."), glossary=True),
    dict(doc("glossary/#term-collagen", "collagen", "A protein that keeps the skin firm."), glossary=True),
    dict(doc("glossary/#term-elastin", "elastin", "A protein that lets the skin stretch back."), glossary=True),
    doc("results/", "Results", "What studies found about your hands."),
    doc("results/#what-this-means-for-you", "What this means for you", "Collagen may increase a little."),
    doc("session/", "The session", "Small injections into the skin of your hands."),
]
GLOSSARY_WORDS = [["mean", ["glossary", "explains"], ["glossary"]], ["meaning", ["glossary", "explains"], ["glossary"]]]


def test_a_glossary_term_a_query_names_leads_its_pages_results():
    """ "what does collagen mean": the glossary answers "mean" by its title and the term "collagen": the entry of
    collagen (not the longer term "collagen fibres") is the first result of the glossary's group, which ranks
    first; "meaning" alone is the page itself."""
    index = small_index("en", GLOSSARY_SITE, GLOSSARY_WORDS)
    collagen, elastin, meaning = search(index, ["what does collagen mean", "elastin meaning", "meaning"])
    assert collagen["first"] == "glossary/#term-collagen", collagen
    assert elastin["first"] == "glossary/#term-elastin", elastin
    assert meaning["first"] == "glossary/", meaning


def test_a_question_that_names_a_glossary_term_and_nothing_else_leads_with_its_entry():
    """'what is collagen' asks what the word means: the term's entry comes first, above the heading that has the word
    as its subject; typed alone, 'collagen' finds that heading. A question that names only a word of a longer term
    ('what is a session', of 'follow-up session'), the site's subject ('what is skin care') or a term only an
    everyday word's pages name ('firm': 'collagen') is not asking for that term: the page that answers it stays
    first."""
    docs = [
        doc("", "Skin care", "Plain information about skin care."),
        doc("glossary/", "Glossary", "This page explains the hard words."),
        dict(doc("glossary/#term-collagen", "collagen", "A protein that keeps the skin firm."), glossary=True),
        dict(doc("glossary/#term-follow-up", "follow-up session", "Another session months later."), glossary=True),
        dict(doc("glossary/#term-skin-care", "skin care", "Looking after your skin."), glossary=True),
        doc("ages/", "Why skin ages", "With age, skin gets thinner."),
        doc("ages/#collagen", "Collagen falls with age", "Collagen keeps the skin firm; with age there is less."),
        doc("session/", "The session", "Small injections into the skin, one session at a time."),
        doc("what/", "What skin care is", "Skin care is looking after your skin: the session and after."),
        *fillers("Your skin.", [("cost", "Cost"), ("risks", "Risks")]),
    ]
    everyday = [["firm", ["collagen"]]]
    asked, alone, session, subject, other = search(
        small_index("en", docs, everyday),
        ["what is collagen", "collagen", "what is a session", "what is skin care", "what is firm"],
    )
    assert asked["first"] == "glossary/#term-collagen", asked
    assert alone["pages"][0] == "ages/", alone
    assert session["pages"][0] == "session/", session
    assert subject["first"] != "glossary/#term-skin-care", subject
    assert other["first"] != "glossary/#term-collagen", other  # an everyday word's target is not the word typed


# The two guards of a title's rarity (titleRarity, titleHas): a stop word never counts by how few titles have it, and
# a word typed in another form than the title writes ("sessions", plural: the course of them) is not the title's.
RARE_TITLE_DOCS = [
    doc("", "Skin care", "Read about each visit."),
    doc("who/", "Who it suits", "Adults. What you should ask: what it is, how it is done."),
    doc("after/", "After a visit", "Some redness is normal."),
    doc("after/#what-to-do", "What to do next", "Rest and keep your skin clean."),
    doc("about/", "About", "What to do with this information, and what it is."),
    doc("results/", "Results", "Results show after a few visits."),
    doc("session/", "The session", "It takes 30 minutes."),
    doc("results/#minutes", "Minutes after the sessions", "Rest a few minutes after the sessions of the course."),
]


def test_a_stop_word_in_few_titles_does_not_rank_their_page_by_its_rarity_there():
    """A query of stop words only ('possible during use', all in the English list): 'possible' is on every page
    and in one title of ten. Read by its rarity over the titles, it would rank that title's page ('Is it
    possible?') above the heading that has the query's other words and its pair as typed ('During use')."""
    docs = [
        doc("", "Skin care", "Read about each visit. Possible."),
        doc("x/", "Is it possible?", "Possible, during use of creams."),
        doc("y/", "Creams", "Possible."),
        doc("y/#during-use", "During use", "Rest your skin."),
        *(
            doc(f"{name}/", title, f"Possible {word} during use.")
            for name, title, word in [
                ("after", "After a visit", "redness"),
                ("about", "About", "words"),
                ("results", "Results", "results"),
                ("cost", "Cost", "costs"),
                ("risks", "Risks", "risks"),
                ("team", "Team", "help"),
            ]
        ),
        doc("glossary/", "Glossary words", "Possible."),
    ]
    [result] = search(small_index("en", docs), ["possible during use"])
    assert result["pages"][:2] == ["y/", "x/"], result["pages"]


def test_a_word_typed_in_another_form_than_a_title_writes_is_not_ranked_by_that_title():
    """'session' typed is the session page's title ('session minutes'); 'sessions' typed is the course of them:
    the heading that has both words, not the title of the one session."""
    session, sessions = search(small_index("en", RARE_TITLE_DOCS), ["session minutes", "sessions minutes"])
    assert session["pages"][:1] == ["session/"], session["pages"]
    assert sessions["pages"][:1] == ["results/"], sessions["pages"]


def test_an_everyday_entry_written_as_typed_wins_over_one_of_its_stem_that_begins_otherwise():
    """Arabic's stemmer reads 'كلف' (brown patches) and 'تكلفة' (cost) alike; the entry written as typed is the one
    meant, whatever the order of the entries."""
    docs = [
        doc("", "العناية باليدين", "معلومات عن اليدين."),
        doc("cost/", "التكلفة", "اسأل عن التكلفة قبل البدء."),
        doc("spots/", "البقع", "قد تظهر بقع بنية صغيرة."),
        doc("about/", "عن الموقع", "من يكتب هذه الصفحات."),
    ]
    entries = [["تكلفة", ["التكلفة"]], ["كلف", ["بنية"]]]
    for everyday in (entries, entries[::-1]):
        index = small_index("ar", docs, everyday)
        # two word pairs show "لل" as a prefix of the language, as the build's word families do
        index["config"]["word_families"] = [["للجلد", "جلد"], ["للعلاج", "علاج"]]
        spots, prefixed, cost = search(index, ["كلف", "للكلف", "تكلفة"])
        for result in (spots, prefixed):
            assert "بنية" in result["sent"].split() and "spots/" in result["pages"], (everyday, result)
        assert "بنية" not in cost["sent"].split() and cost["pages"][:1] == ["cost/"], (everyday, cost)


# The question word a query begins with, that one page's title asks and no other page's title or heading has.
QUESTION_WORD_SITE = [
    doc("", "Skin care", "Read about each visit."),
    doc("why/", "Why does skin age?", "Sun and time thin the skin."),
    doc("why/#dry", "Why skin dries", "Few glands make oil."),
    doc("results/", "Results", "Wrinkly skin may look smoother."),
    doc("suits/", "Who it suits", "Wrinkly or thin skin."),
    doc("how/", "How does it work?", "Small injections."),
    doc("after/", "Swelling after a visit", "Swelling fades."),
    doc("after/#how-long", "How long it lasts", "A few days."),
    doc("cost/", "Cost", "Prices."),
    doc("risks/", "Risks", "Bruises."),
]


def test_a_question_word_only_one_pages_title_has_ranks_that_page_though_it_lacks_the_other_words():
    """'why is my skin wrinkly': no page writes 'wrinkly' where it says why skin ages; the page whose title alone
    asks 'why' answers the question, found even where Material does not find it."""
    [result] = search(small_index("en", QUESTION_WORD_SITE), ["why is my skin wrinkly"])
    assert result["pages"][0] == "why/", result["pages"]


def test_a_question_word_typed_last_asks_as_one_typed_first_does():
    """'skin wrinkly why': the question typed after what it is about still finds the page whose title asks it;
    a small word typed last that no title asks ('wrinkly skin it') ranks no page by it."""
    why, it = search(small_index("en", QUESTION_WORD_SITE), ["skin wrinkly why", "wrinkly skin it"])
    assert why["pages"][0] == "why/", why["pages"]
    assert it["pages"][0] != "why/", it["pages"]


def test_a_question_word_of_other_pages_titles_or_headings_ranks_no_page():
    """'how' is in one title and in another page's heading: it says nothing of which page answers; nor does a
    small word a title begins with that asks nothing ('who': 'Who it suits')."""
    how, who = search(small_index("en", QUESTION_WORD_SITE), ["how is my skin wrinkly", "who is it for"])
    assert "how/" not in how["pages"], how["pages"]
    assert who["pages"][:1] != ["suits/"], who["pages"]


def test_a_page_whose_title_has_the_other_words_still_wins_over_the_question_words_page():
    [result] = search(small_index("en", QUESTION_WORD_SITE), ["why is my skin swelling"])
    assert result["pages"][0] == "after/", result["pages"]
    assert "why/" in result["pages"][:3], result["pages"]


def test_a_pair_of_the_sites_subject_in_titles_does_not_outrank_the_page_with_the_rarer_word():
    """'de las' of 'Tratamiento de las manos' is in every title named after the subject: of the pages that have
    'piel' and 'fina', 'piel de las manos fina' finds the one that has them in a heading, not the titles that have
    the subject's small words."""
    docs = [
        doc("", "Tratamiento de las manos", "Lea sobre sus manos."),
        doc("who/", "¿Para quién es el tratamiento de las manos?", "Piel fina o seca."),
        doc("what/", "¿Qué es el tratamiento de las manos?", "Piel fina tratada."),
        doc("age/", "Por qué envejecen", "Con los años cambian."),
        doc("age/#seca", "Por qué se seca la piel", "Es fina y pierde agua."),
        *fillers("Manos.", [("cost", "Coste"), ("risks", "Riesgos"), ("after", "Después")]),
    ]
    config = {**index_of("en")["config"], "lang": ["es"], "stop_words": search_stop_words("es")}
    [result] = search({"config": config, "docs": docs}, ["piel de las manos fina"])
    assert result["pages"][0] == "age/", result


# The pages of the small age sites below that answer none of their queries, and those sites' everyday words: an age
# (a number, "years") answered by who it suits, and a word that describes the skin, by why skin ages.
OTHER_PAGES = fillers("Visits.", [("cost", "Cost"), ("risks", "Risks"), ("after", "After")])
AGE_AND_WRINKLY = [
    ["#", ["adults"], ["who it suits"]],
    ["years", ["adults"], ["who it suits"]],
    ["wrinkly", ["thinner"], ["why skin ages"]],
]


def test_two_typed_words_whose_entries_say_the_same_count_once():
    """'65 years' is one age, not two things the age page answers: 'wrinkly hands at 65 years' finds the page of
    ageing skin, which 'wrinkly' names, not the age page by its number and its 'years' counted apart."""
    docs = [
        doc("", "Skin care", "Read about each visit."),
        doc("suits/", "Who it suits", "Adults of any age."),
        doc("ages/", "Why skin ages", "Skin gets thinner."),
        *OTHER_PAGES,
    ]
    everyday = AGE_AND_WRINKLY
    [result] = search(small_index("en", docs, everyday), ["wrinkly hands at 65 years"])
    assert result["pages"][:2] == ["ages/", "suits/"], result["pages"]


def test_a_number_after_the_words_of_an_entry_with_hash_is_that_entry_whatever_the_pages_write():
    """'im #': 'im 30 can i have it' gives an age, though a page writes 30 (a session lasts 30 minutes); followed by
    a word that is not a small one ('im 30 minutes late'), the number is what the pages write it for."""
    docs = [
        doc("", "Skin care", "Read about each visit."),
        doc("suits/", "Who it suits", "Adults of any age."),
        doc("session/", "The session", "It lasts 30 minutes."),
        *OTHER_PAGES,
    ]
    everyday = [["#", ["adults"], ["who it suits"]], ["im #", ["adults"], ["who it suits"]]]
    age, late = search(small_index("en", docs, everyday), ["im 30 can i have it", "im 30 minutes late"])
    assert age["pages"][0] == "suits/", age
    assert late["pages"][0] == "session/", late
    [without] = search(small_index("en", docs, everyday[:1]), ["im 30 can i have it"])
    assert without["pages"][0] == "session/", without


def test_an_age_typed_beside_a_word_that_describes_weighs_less_than_that_word():
    """'wrinkly skin at 35' says when the skin looks so, not whether the treatment is for that age: the page of
    ageing skin, which 'wrinkly' names, comes before the age page, though that page has the word too and its
    heading answers the age. An age typed alone ('i am 35', '35 years') or with the subject only still finds
    the age page."""
    docs = [
        doc("", "Skin care", "Read about each visit."),
        doc("suits/", "Who it suits", "Adults of any age, with thinner skin or not."),
        doc("ages/", "Why skin ages", "It gets older."),
        *OTHER_PAGES,
    ]
    everyday = AGE_AND_WRINKLY
    results = search(
        small_index("en", docs, everyday),
        ["wrinkly skin at 35", "wrinkly at 35 years", "i am 35", "35 years", "skin care at 35"],
    )
    assert [result["pages"][0] for result in results] == ["ages/", "ages/", "suits/", "suits/", "suits/"], results


def test_another_name_of_the_sites_subject_beside_other_words_weighs_less_than_they_do():
    """An everyday word whose headings are the home page's title ('renewal': 'skin care') is the subject by another
    name: typed beside a question ('what should i ask the doctor before renewal injections') the pages whose title or
    heading answers the question come first, above the pages titled after the subject; typed alone, or with the
    subject's own words, it still finds those pages."""
    docs = [
        doc("", "Skin care", "Skin care for a younger look: injections."),
        doc("who/", "Who is skin care for?", "Adults who want a younger look. A doctor sees you first. Injections."),
        doc("what/", "What is skin care?", "Small injections for a younger look."),
        doc("questions/", "Questions to ask at your visit", "Ask about the injections."),
        doc("sheet/", "Visit sheet", "Print it."),
        doc("sheet/#questions", "Questions to ask", "Write them down."),
        *fillers(
            "Visits and injections.",
            [("cost", "Cost"), ("after", "What to do after"), ("risks", "Risks"), ("about", "About")],
        ),
    ]
    everyday = [
        ["renewal", ["younger"], ["skin care"]],
        ["ask the doctor", ["questions"], ["questions to ask"]],
    ]
    asked, alone, subject = search(
        small_index("en", docs, everyday),
        ["what should i ask the doctor before renewal injections", "renewal", "skin care renewal"],
    )
    assert asked["pages"][:2] == ["questions/", "sheet/"], asked
    assert alone["pages"][:3] == ["", "who/", "what/"], alone
    assert set(subject["pages"][:3]) == {"", "who/", "what/"}, subject
