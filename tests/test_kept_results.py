"""A page rule's results kept between runs of one process (scripts/rules/registry.py page_results): `make serve`
runs every rule on every save, and judges again only the pages whose text, or whose inputs, changed.

Each test counts the calls of the rules' own functions on a tiny project (tests/tiny_project.py), and asserts
that every problem a full run reports is still reported through the kept results, and goes once fixed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from scripts.rules import links_check, page_macros, registry, text_safety

from tiny_project import write_page, write_tiny_project

DAY = dt.date(2026, 12, 6)


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """How many times each kept rule judged a page, by rule and page."""
    counted: Counter = Counter()
    registry.page_results.clear()
    for module, name, rule in (
        (links_check, "page_link_problems", "links"),
        (page_macros, "page_problems", "page-building-blocks"),
        (text_safety, "character_problems", "invisible-characters"),
    ):
        original = getattr(module, name)

        def counting(rel, *args, _original=original, _rule=rule, **kwargs):
            if rel.startswith("docs/"):  # the characters of the shared files are judged by a rule of their own
                counted[(_rule, rel)] += 1
            return _original(rel, *args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    yield counted
    registry.page_results.clear()


@pytest.fixture
def project(tmp_path):
    root = write_tiny_project(tmp_path / "project")
    write_page(root, "en", "See [the first page](index.md#what-it-says).", page="other.md", title="Other")
    return root


def _run(root, profile="build", today=DAY, keep=True) -> registry.Result:
    return registry.run(profile, root=root, langs=["en"], today=today, keep_results=keep)


def _judged(calls: Counter) -> set[str]:
    """The pages judged since the last look, every kept rule alike."""
    pages = {rel for (_, rel) in calls}
    rules = {rule for (rule, _) in calls}
    assert all(calls[(rule, rel)] == 1 for rule in rules for rel in pages), calls
    calls.clear()
    return pages


EN_PAGES = {"docs/en/index.md", "docs/en/other.md"}


def test_a_second_run_on_unchanged_pages_judges_none_again(project, calls):
    first = _run(project)
    assert _judged(calls) == EN_PAGES
    second = _run(project)
    assert not calls
    assert (second.errors, second.warnings) == (first.errors, first.warnings)


def test_a_saved_page_alone_is_judged_again(project, calls):
    _run(project)
    calls.clear()
    write_page(project, "en", "A sentence saved while the preview runs.")
    _run(project)
    assert _judged(calls) == {"docs/en/index.md"}


@pytest.mark.parametrize(
    "shared",
    [
        "mkdocs.yml",
        "mkdocs.en.yml",
        "glossary/en.yml",
        "translations/en/LC_MESSAGES/messages.po",
        "data/timelines.yml",
        "scripts/wordlists/forbidden.en.txt",
    ],
)
def test_a_save_of_a_shared_file_judges_every_page_again(project, calls, shared):
    _run(project)
    calls.clear()
    path = project / shared
    path.write_text(path.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    _run(project)
    assert _judged(calls) == EN_PAGES


@pytest.mark.parametrize("folder", ["overrides", "brand"])
def test_a_new_template_or_brand_file_judges_every_page_again(project, calls, folder):
    _run(project)
    calls.clear()
    (project / folder).mkdir(exist_ok=True)
    (project / folder / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    _run(project)
    assert _judged(calls) == EN_PAGES


def test_another_profile_or_day_is_judged_on_its_own(project, calls):
    _run(project)
    calls.clear()
    _run(project, profile="check")
    assert _judged(calls) == EN_PAGES
    _run(project, today=DAY + dt.timedelta(days=1))
    assert _judged(calls) == EN_PAGES
    _run(project, today=DAY + dt.timedelta(days=1))
    assert not calls


def test_links_are_judged_again_everywhere_when_a_heading_or_a_page_changes(project, calls):
    _run(project)
    calls.clear()
    write_page(project, "en", "## A new section\n\nMore words.")  # index.md: a heading more
    _run(project)
    assert calls[("links", "docs/en/other.md")] == 1  # its links may point at the new heading
    assert calls[("page-building-blocks", "docs/en/other.md")] == 0  # its own text is unchanged
    calls.clear()
    write_page(project, "en", "Nothing else.", page="third.md", title="Third")
    _run(project)
    assert calls[("links", "docs/en/other.md")] == 1
    assert calls[("links", "docs/en/index.md")] == 1


def _lines(result: registry.Result) -> list[str]:
    return [str(problem) for problem in result.errors + result.warnings]


def test_a_problem_saved_is_reported_and_a_fix_clears_it_through_the_kept_results(project, calls):
    clean = _lines(_run(project))
    write_page(project, "en", "Wash your hands\u200b with care.")  # an invisible character
    broken = _lines(_run(project))
    assert any("docs/en/index.md:" in line and "invisible" in line.lower() for line in broken), broken
    assert _lines(_run(project)) == broken  # kept: still reported on the next save of another file
    write_page(project, "en")
    assert _lines(_run(project)) == clean


def test_a_heading_removed_elsewhere_breaks_a_link_of_an_unchanged_page(project, calls):
    clean = _lines(_run(project))
    assert not any("other.md" in line for line in clean)
    index = project / "docs" / "en" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("## What it says", "## What it tells"), encoding="utf-8")
    broken = _lines(_run(project))
    assert any(line.startswith("docs/en/other.md:") and "what-it-says" in line for line in broken), broken
    index.write_text(text, encoding="utf-8")
    assert _lines(_run(project)) == clean


def test_a_page_made_unreadable_is_reported_and_its_kept_results_not_used(project, calls):
    _run(project)
    (project / "docs" / "en" / "other.md").write_bytes(b"# Caf\xe9\n")
    result = _run(project)
    assert any(p.path == "docs/en/other.md" and "UTF-8" in p.message for p in result.errors), result.errors


def test_the_shared_digest_follows_each_shared_input(project):
    before = registry.shared_digest(project)
    assert registry.shared_digest(project) == before
    (project / "docs" / "en" / "index.md").write_text("# A page is no shared input\n", encoding="utf-8")
    assert registry.shared_digest(project) == before
    for shared in ("mkdocs.yml", "glossary/en.yml", "data/timelines.yml"):
        path = project / shared
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert registry.shared_digest(project) != before, shared
        path.write_bytes(original)
        assert registry.shared_digest(project) == before


def test_only_page_rules_are_kept():
    kept = {item.name for item in registry.REGISTRY if item.kept}
    assert kept == {"page-typography", "page-building-blocks", "invisible-characters", "links"}
    assert all(item.scope == "page" for item in registry.REGISTRY if item.kept)
    with pytest.raises(AssertionError):
        registry.rule("a-language-rule", "language", build="error", kept=True)


def test_a_build_or_a_check_keeps_nothing(project, calls):
    for _ in range(2):
        _run(project, keep=False)
        assert _judged(calls) == EN_PAGES
    assert registry.page_results == {}


@pytest.mark.parametrize(("command", "kept"), [("serve", True), ("build", False)])
def test_the_preview_alone_keeps_results(monkeypatch, command, kept):
    from types import SimpleNamespace

    from scripts.adapters import language

    seen = {}
    monkeypatch.setitem(language._command, "name", command)
    monkeypatch.setattr(language.rules, "run", lambda *args, **kwargs: seen.update(kwargs) or registry.Result())
    language._validate(SimpleNamespace(docs_dir="docs/en"), "en")
    assert seen["keep_results"] is kept


def test_kept_results_are_let_go_past_the_limit(project, calls, monkeypatch):
    monkeypatch.setattr(registry, "KEPT_PAGES", 3)
    _run(project)
    assert len(registry.page_results) <= 3
    calls.clear()
    assert _lines(_run(project)) == _lines(_run(project, keep=False))


# --- Language rules: what a save of a page does not change --------------------------------------------------


@pytest.fixture
def glossary_verdicts(monkeypatch) -> list[str]:
    """The glossary texts judged for their language, each judgement one problem naming the text's length."""
    from scripts.config.problems import Problem
    from scripts.rules import language_check

    judged: list[str] = []

    def judge(rel, text, lang, languages):
        judged.append(text)
        return [Problem(rel, 1, f"a definition of {len(text)} characters reads as another language", "fix it")]

    registry._kept_glossary_verdicts.clear()
    monkeypatch.setattr(language_check, "glossary_problems", judge)
    yield judged
    registry._kept_glossary_verdicts.clear()


def _verdicts(result: registry.Result) -> list[str]:
    return [str(p) for p in result.warnings if "reads as another language" in str(p)]


def test_the_glossarys_language_is_judged_once_until_it_changes(project, glossary_verdicts):
    first = _verdicts(_run(project))
    write_page(project, "en", "A sentence saved while the preview runs.")
    assert _verdicts(_run(project)) == first != []  # still reported, from the kept verdict
    assert len(glossary_verdicts) == 1
    glossary = project / "glossary" / "en.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    changed = _verdicts(_run(project))
    assert len(glossary_verdicts) == 2 and changed != first  # its new text judged


def test_a_build_judges_the_glossarys_language_every_time(project, glossary_verdicts):
    assert _verdicts(_run(project, keep=False)) == _verdicts(_run(project, keep=False)) != []
    assert len(glossary_verdicts) == 2
    assert registry._kept_glossary_verdicts == {}


def test_the_search_words_are_checked_against_the_pages_already_read(project, monkeypatch):
    from scripts.rules import search_words

    words = project / "glossary" / "search-words.en.yml"
    words.write_text("- patient: sunburn\n  pages: [sunscreenly]\n", encoding="utf-8")
    from scripts.config import editor_files

    read = []
    original = search_words.read_text
    counted = lambda path, *a, **k: read.append(path) or original(path, *a, **k)  # noqa: E731
    monkeypatch.setattr(search_words, "read_text", counted)  # the search words file
    monkeypatch.setattr(editor_files, "read_text", counted)  # the pages (editor_files.page_texts)
    missing = "'sunburn': 'sunscreenly' is on no page of docs/en/"
    assert any(missing in line for line in _lines(_run(project)))
    # The pages are not read a second time (the settings files go through the same reader: not counted).
    assert [path.name for path in read if path.suffix == ".md" or path == words] == [words.name]
    write_page(project, "en", "Sunscreenly is a test word.")
    assert not any(missing in line for line in _lines(_run(project)))
    read.clear()
    assert search_words.problems(project, "en") == []  # on its own, it reads the pages
    assert {path.name for path in read} == {words.name, "index.md", "other.md"}
