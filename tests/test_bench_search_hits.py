"""bench/search_hits.py as pure functions: a query is a hit when one of its answers is among the first three
results; the held-out set (bench/search-heldout/) is read and reported apart from the tuned set."""

from __future__ import annotations

import re

import pytest

from bench import search_hits

from conftest import LANGS, ROOT

TAKEN_OUT = re.compile(r"^# Taken out on [^:]*: (\d+) quer", re.M)


def test_a_hit_needs_an_answer_among_the_first_three_results():
    entries = [
        {"query": "a", "answers": ["aftercare"]},
        {"query": "b", "answers": ["results", "session"]},
        {"query": "c", "answers": ["compared"]},
        {"query": "d", "answers": ["questions"]},
    ]
    found = [
        ["index", "glossary", "aftercare"],  # third: a hit
        ["session"],  # the second of its answers: a hit
        ["index", "glossary", "about", "compared"],  # fourth: a miss
        [],  # nothing found: a miss
    ]
    result = search_hits.score(entries, found)
    assert (result["queries"], result["hits"]) == (4, 2)
    assert result["misses"] == [
        {"query": "c", "answers": ["compared"], "top": ["index", "glossary", "about"]},
        {"query": "d", "answers": ["questions"], "top": []},
    ]


def test_result_locations_are_page_names():
    assert [search_hits.page_of(x) for x in ("aftercare/", "aftercare.html#x", "", "results/#how")] == [
        "aftercare",
        "aftercare",
        "index",
        "results",
    ]


def _score(hits: int, queries: int, misses: list | None = None) -> dict:
    return {"queries": queries, "hits": hits, "misses": misses or []}


def test_the_report_gives_the_held_out_set_its_own_table_and_misses():
    miss = {"query": "peeling", "answers": ["compared"], "top": []}
    results = {
        "en": {
            "material": _score(20, 40),
            "patient": _score(40, 40),
            "heldout": {"material": _score(10, 20), "patient": _score(15, 20, [miss])},
        }
    }
    text = search_hits.markdown(results)
    tuned, heldout = text.split("## Held-out queries")
    assert "| en | 40 | 20 (50%) | 40 (100%) |" in tuned and "Missed" not in tuned
    assert "| en | 20 | 10 (50%) | 15 (75%) |" in heldout
    assert "- en: “peeling” → nothing (answer: compared)" in heldout


def test_results_without_a_held_out_set_still_report():
    """Older results (bench/results/*.json from before the held-out set) have no "heldout" key."""
    text = search_hits.markdown({"fr": {"material": _score(1, 2), "patient": _score(2, 2)}})
    assert "| fr | 2 | 1 (50%) | 2 (100%) |" in text and "Held-out" not in text


def test_a_language_without_a_held_out_file_has_no_held_out_queries(tmp_path):
    assert search_hits.load_heldout("en", tmp_path) == []


@pytest.mark.parametrize("held_set", ["", *search_hits.later_heldout_sets(ROOT)])
def test_every_language_has_a_held_out_set_apart_from_the_tuned_queries(held_set):
    for lang in LANGS:
        heldout = search_hits.load_heldout(lang, ROOT, held_set)
        path = ROOT / "bench" / "search-heldout" / held_set / f"{lang}.yml"
        # As written: queries a tuned set or an earlier set already held are taken out before a set is run, and
        # its header says how many.
        written = len(heldout) + sum(map(int, TAKEN_OUT.findall(path.read_text(encoding="utf-8"))))
        assert written >= 20, f"{path.relative_to(ROOT)}: {written} queries written, fewer than 20"
        pages = {p.stem for p in (ROOT / "docs" / lang).glob("*.md")}
        for entry in heldout:
            assert isinstance(entry.get("query"), str) and entry["query"].strip(), (lang, entry)
            assert entry.get("answers") and set(entry["answers"]) <= pages, (lang, entry)
        queries = [e["query"] for e in heldout]
        assert len(queries) == len(set(queries)), f"{lang}: a held-out query is listed twice"
        tuned = {e["query"] for e in search_hits.load_queries(lang, ROOT)}
        assert not tuned & set(queries), (
            f"{lang}: held-out queries also in tests/search-queries: {tuned & set(queries)}"
        )


def test_a_later_held_out_set_is_read_from_its_folder_and_reported_apart(tmp_path):
    folder = tmp_path / "bench" / "search-heldout"
    (folder / "2").mkdir(parents=True)
    (folder / "10").mkdir()
    (folder / "notes").mkdir()
    (folder / "2" / "en.yml").write_text("- {query: gym, answers: [aftercare]}\n", encoding="utf-8")
    assert search_hits.later_heldout_sets(tmp_path) == ["2", "10"]
    assert search_hits.load_heldout("en", tmp_path, held_set="2") == [{"query": "gym", "answers": ["aftercare"]}]
    assert search_hits.load_heldout("en", tmp_path) == []
    miss = {"query": "gym", "answers": ["aftercare"], "top": ["index"]}
    text = search_hits.markdown(
        {
            "en": {
                "material": _score(1, 1),
                "patient": _score(1, 1),
                "heldout_2": {"material": _score(0, 1), "patient": _score(0, 1, [miss])},
            }
        }
    )
    first, later = text.split("## Held-out queries, set 2")
    assert "gym" not in first
    assert "`bench/search-heldout/2/<lang>.yml`" in later and "| en | 1 | 0 (0%) | 0 (0%) |" in later
    assert "- en: “gym” → index (answer: aftercare)" in later


def test_tuned_only_runs_no_held_out_query(monkeypatch):
    asked: list[list[str]] = []
    monkeypatch.setattr(search_hits, "run", lambda site, mode, queries: asked.append(queries) or [[]] * len(queries))
    results = search_hits.measure(ROOT / "site", ["en"], tuned_only=True)
    tuned = [e["query"] for e in search_hits.load_queries("en")]
    assert asked == [tuned, tuned]
    assert set(results["en"]) == {"material", "patient"}


def test_a_rate_short_of_a_whole_percent_is_not_rounded_up_to_it():
    assert search_hits._rate({"hits": 36, "queries": 38}) == "36 (94.7%)"
    assert search_hits._rate({"hits": 38, "queries": 40}) == "38 (95%)"
    assert search_hits._rate({"hits": 39, "queries": 40}) == "39 (97.5%)"
    assert search_hits._rate({"hits": 0, "queries": 0}) == "–"
