"""Everyday words for search (glossary/search-words.<lang>.yml, scripts/rules/search_words.py): read safely,
checked against the words of the pages, with `path:line: what — fix`, and run by the rules registry.

The rule runs on a tiny project written per test (tests/tiny_project.py, the bare one), its pages holding just the words
the cases need; the shipped lists and queries are read where they are."""

from __future__ import annotations

import pytest

from bench.search_hits import load_queries
from scripts.rules import registry as rules
from scripts.rules import search_words

from conftest import LANGS, ROOT
from tiny_project import page, write_bare_project

MIN_QUERIES = 40


def write(project, lang: str, text: str | bytes) -> None:
    path = search_words.words_file(project, lang)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


# The words each language's pages hold, as the shipped pages spell them where a case relies on it.
PAGE_WORDS = {
    "en": "Tell us about the cost and the costs of each session.",
    "fr": "Si vous êtes enceinte, dites-le. La crème anesthésiante agit en 30 minutes.",
    "it": "Non è adatta in gravidanza.",
    "ar": "يوضع كريم مخدّر على اليدين.",
    "es": "Las palabras de la página.",
}


@pytest.fixture
def project(tmp_path):
    pages = {f"docs/{code}/index.md": page("Home", words) for code, words in PAGE_WORDS.items()}
    root = write_bare_project(tmp_path / "project", pages, langs=tuple(PAGE_WORDS))
    (root / "glossary").mkdir()
    write(root, "es", "- patient: palabra\n  pages: [palabras]\n")
    return root


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_list_points_only_at_words_of_its_pages(lang):
    assert search_words.words_file(ROOT, lang).is_file(), (
        f"glossary/search-words.{lang}.yml: missing — list the everyday words patients type (CONTRIBUTING.md, "
        f"'Search words')"
    )
    assert search_words.problems(ROOT, lang) == []
    assert len(search_words.compiled(ROOT, lang)) >= 5


def test_a_word_that_no_page_has_is_an_error_on_its_line(project):
    write(project, "fr", "- patient: grossesse\n  pages: [enceinte]\n- patient: bleus\n  pages: [hématomme]\n")
    found = [str(p) for p in search_words.problems(project, "fr")]
    assert found == [
        "glossary/search-words.fr.yml:4: 'bleus': 'hématomme' is on no page of docs/fr/ — "
        "write the word as the pages spell it, or remove it"
    ]


def test_words_are_compared_without_accents_or_tashkeel(project):
    write(project, "fr", "- patient: anesthesie\n  pages: [anesthesiante]\n")  # the pages: anesthésiante
    write(project, "ar", "- patient: مخدر\n  pages: [مخدر]\n")  # the pages: مخدّر
    assert search_words.problems(project, "fr") == [] and search_words.problems(project, "ar") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- patient: x\n  pages: [y\n", "glossary/search-words.en.yml:3: not valid YAML"),
        (b"- patient: caf\xe9\n  pages: [cost]\n", "glossary/search-words.en.yml:1: not UTF-8 text"),
        ("patient: price\n", "glossary/search-words.en.yml:1: expected a list of entries"),
        ("- patient: price\n  page: [cost]\n", "glossary/search-words.en.yml:1: an entry other than"),
        ("- patient: price\n  pages: []\n", "glossary/search-words.en.yml:2: 'price': 'pages' is empty"),
        ("- patient: ''\n  pages: [cost]\n", "glossary/search-words.en.yml:1: 'patient' is empty"),
        (
            "- patient: price\n  pages: [cost]\n- patient: Price\n  pages: [costs]\n",
            "glossary/search-words.en.yml:3: 'Price' is already an entry (line 1)",
        ),
    ],
)
def test_a_bad_file_gives_one_line_and_no_traceback(project, text, expected):
    write(project, "en", text)
    found = [str(p) for p in search_words.problems(project, "en")]
    assert len(found) == 1 and found[0].startswith(expected) and " — " in found[0], found


def test_an_entry_for_any_number_is_written_hash_and_compiled_as_it(project):
    write(project, "en", '- patient: "#"\n  pages: [session]\n- patient: " # "\n  pages: [cost]\n')
    found = [str(p) for p in search_words.problems(project, "en")]
    assert found == [
        "glossary/search-words.en.yml:3: ' # ' is already an entry (line 1) — keep one entry and list all its "
        "page words there"
    ]
    assert search_words.compiled(project, "en") == [["#", ["session"]]]


def test_an_entry_of_words_and_hash_keeps_the_hash_apart_from_the_words_alone(project):
    # "I'm #": a number typed after "I'm"; "I'm" alone is another entry, "i’m  #" the same one again
    write(
        project,
        "en",
        '- patient: "I\'m #"\n  pages: [session]\n- patient: "i\'m"\n  pages: [cost]\n'
        '- patient: "i\'m  #"\n  pages: [cost]\n',
    )
    found = [str(p) for p in search_words.problems(project, "en")]
    assert found == [
        "glossary/search-words.en.yml:5: 'i'm  #' is already an entry (line 1) — keep one entry and list all its "
        "page words there"
    ]
    assert search_words.compiled(project, "en") == [["i'm", ["cost"]], ["i'm #", ["session"]]]


def test_the_build_and_check_run_the_rule(project):
    write(project, "it", "- patient: gravidanza\n  pages: [incinta]\n")  # the pages say "in gravidanza"
    expected = "glossary/search-words.it.yml:2: 'gravidanza': 'incinta' is on no page of docs/it/"
    for profile in ("build", "check", "release"):
        result = rules.run(profile, root=project, langs=["it"])
        assert any(str(p).startswith(expected) for p in result.errors), (profile, [str(p) for p in result.errors])


def test_a_language_without_a_list_has_no_everyday_words(project):
    search_words.words_file(project, "es").unlink()
    assert search_words.problems(project, "es") == [] and search_words.compiled(project, "es") == []


def test_compiled_words_are_what_the_search_worker_reads():
    compiled = search_words.compiled(ROOT, "en")
    assert compiled == sorted(compiled)
    # an entry with the headings that answer it has them third
    assert ["pregnancy", ["pregnant"]] in compiled and [
        "side effects",
        ["normal", "redness", "swelling", "bruise"],
        ["after your session", "risks"],
    ] in compiled


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_patient_queries_with_pages_that_exist(lang):
    """tests/search-queries/<lang>.yml, asserted in the browser by test_browser_search_queries.py."""
    entries = load_queries(lang)
    assert len(entries) >= MIN_QUERIES, f"{lang}: {len(entries)} queries, fewer than {MIN_QUERIES}"
    pages = {p.stem for p in (ROOT / "docs" / lang).glob("*.md")}
    for entry in entries:
        assert isinstance(entry.get("query"), str) and entry["query"].strip(), entry
        assert entry.get("answers") and set(entry["answers"]) <= pages, (lang, entry)
    queries = [e["query"] for e in entries]
    assert len(queries) == len(set(queries)), f"{lang}: a query is listed twice"


def sections(lang: str) -> dict[str, int]:
    """How many queries each section of tests/search-queries/<lang>.yml holds (its comment line '# §name …')."""
    counts: dict[str, int] = {}
    current = ""
    for line in (ROOT / "tests" / "search-queries" / f"{lang}.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("# §"):
            current = line[3:].split()[0]
        elif line.startswith("- "):
            counts[current] = counts.get(current, 0) + 1
    return counts


@pytest.mark.parametrize("lang", LANGS)
def test_a_third_of_the_queries_are_questions_and_a_third_everyday_words(lang):
    """Patients ask questions and use their own words: neither may shrink to a token few."""
    counts = sections(lang)
    total = sum(counts.values())
    assert total == len(load_queries(lang)), f"{lang}: a query before the first '# §' section"
    for name in ("questions", "everyday"):
        assert 3 * counts.get(name, 0) >= total, f"{lang}: {counts.get(name, 0)} of {total} queries in §{name}"


def write_aftercare(project) -> None:
    body = "## What to do\n\nAsk your clinic what to avoid. Read after your session on the next page."
    (project / "docs" / "en" / "aftercare.md").write_text(page("After your session", body), encoding="utf-8")
    (project / "docs" / "fr" / "aftercare.md").write_text(page("Après votre séance", "Évitez."), encoding="utf-8")


def test_headings_that_a_title_or_heading_has_are_compiled_third(project):
    write_aftercare(project)
    write(project, "en", "- patient: sun\n  pages: [avoid]\n  headings: [after your session, what to do]\n")
    write(project, "fr", "- patient: soleil\n  pages: [évitez]\n  headings: [apres votre seance]\n")  # no accents
    assert search_words.problems(project, "en") == [] and search_words.problems(project, "fr") == []
    assert search_words.compiled(project, "en") == [["sun", ["avoid"], ["after your session", "what to do"]]]
    assert search_words.compiled(project, "fr") == [["soleil", ["évitez"], ["apres votre seance"]]]


@pytest.mark.parametrize(
    "heading",
    [
        "your clinic",  # in the text only ("Ask your clinic"), in no heading
        "after your session what to do",  # its words in two headings, in no one of them
        "before your session",  # in no heading, nor anywhere
    ],
)
def test_a_heading_that_no_title_or_heading_has_is_an_error_on_its_line(project, heading):
    write_aftercare(project)
    write(
        project, "en", f"- patient: price\n  pages: [cost]\n- patient: sun\n  pages: [avoid]\n  headings: [{heading}]\n"
    )
    found = [str(p) for p in search_words.problems(project, "en")]
    assert found == [
        f"glossary/search-words.en.yml:5: 'sun': no title or heading of docs/en/ has '{heading}' — write words of "
        "one title or heading (# line or title:) as the page spells them, or remove it"
    ]


@pytest.mark.parametrize("headings", ["[[after, your]]", "{after: your}", "['']", "[3]"])
def test_headings_that_are_not_a_list_of_words_give_one_line(project, headings):
    write(project, "en", f"- patient: sun\n  pages: [cost]\n  headings: {headings}\n")
    found = [str(p) for p in search_words.problems(project, "en")]
    assert found == [
        "glossary/search-words.en.yml:3: 'sun': 'headings' is not a list of headings — list the words of the "
        "titles or headings that answer it: headings: [words of a heading]"
    ]
    assert search_words.compiled(project, "en") == []
