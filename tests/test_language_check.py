"""Text in the wrong language is refused by `make check` and release mode and warned about in a
preview build, naming the file; short foreign names never trip it. Also for es and ar.

The rule is unit-tested on texts; its levels per profile through the registry, in process, on a tiny
project (tests/tiny_project.py). That a build prints a warning and still builds is tested on a built copy
in tests/test_translation_status.py."""

from __future__ import annotations

import pytest

from scripts.cli import check_command
from scripts.rules import language_check, registry
from scripts.rules.content_rules import split_front_matter

from conftest import LANGS, ROOT
from tiny_project import write_tiny_project

ALL = ["en", "fr", "it", "es", "ar"]  # the site's languages plus those being added
SAMPLES = {
    "en": "After a session, you may have slight redness or mild swelling. You may also have a small bruise "
    "where the needles went in. These usually go away within 24 to 48 hours.",
    "fr": "Après une séance, vous pouvez avoir une légère rougeur ou un léger gonflement. Vous pouvez aussi "
    "avoir un petit bleu là où les aiguilles sont entrées. Ces effets disparaissent en général en 24 à 48 heures.",
    "it": "Dopo una seduta può avere un leggero rossore o un lieve gonfiore. Può anche avere un piccolo livido "
    "dove sono entrati gli aghi. Di solito questi effetti passano in 24-48 ore.",
    "es": "Después de una sesión puede tener un ligero enrojecimiento o una leve hinchazón. También puede tener "
    "un pequeño moretón donde entraron las agujas. Suelen desaparecer en 24 a 48 horas.",
    "ar": "بعد الجلسة قد تلاحظ احمرارًا خفيفًا أو تورمًا بسيطًا. وقد تظهر كدمة صغيرة في مكان دخول الإبر. "
    "تختفي هذه الآثار عادةً خلال 24 إلى 48 ساعة. اتصل بعيادتك إذا لم تختفِ أو ساءت.",
}
NAMES = {"en": "English", "fr": "French", "it": "Italian", "es": "Spanish", "ar": "Arabic"}
FRONT = "---\ntitle: T\ndescription: D\n---\n\n"


def _page(lang: str) -> str:
    return FRONT + f"# {SAMPLES[lang].split('.')[0]}\n\n" + SAMPLES[lang] + "\n\n" + SAMPLES[lang] + "\n"


@pytest.mark.parametrize("folder", ALL)
def test_a_page_in_its_own_language_passes(folder):
    assert language_check.page_problems(f"docs/{folder}/x.md", _page(folder), folder, ALL) == []


@pytest.mark.parametrize("folder", ALL)
@pytest.mark.parametrize("written", ALL)
def test_a_page_in_another_language_is_refused(folder, written):
    if folder == written:
        return
    problems = language_check.page_problems(f"docs/{folder}/x.md", _page(written), folder, ALL)
    assert problems, (folder, written)
    assert str(problems[0]).startswith(f"docs/{folder}/x.md:")
    assert " — this folder is for " in str(problems[0])


@pytest.mark.parametrize("folder", ["fr", "it", "es"])
def test_short_foreign_names_do_not_trip_it(folder):
    names = (
        (
            "Une étude du Journal of Craniofacial Surgery (J Craniofac Surg) et Dermatologic Surgery. "
            "Le produit porte le marquage CE. "
        )
        if folder == "fr"
        else (
            "Uno studio del Journal of Craniofacial Surgery (J Craniofac Surg) e di Dermatologic Surgery. "
            "Il prodotto ha la marcatura CE. "
        )
        if folder == "it"
        else (
            "Un estudio del Journal of Craniofacial Surgery (J Craniofac Surg) y de Dermatologic Surgery. "
            "El producto lleva el marcado CE. "
        )
    )
    text = FRONT + names + SAMPLES[folder] + "\n\n- Amin SP, et al. Dermatol Surg. 2006\n- CE\n"
    assert language_check.page_problems(f"docs/{folder}/x.md", text, folder, ALL) == []


@pytest.mark.parametrize("folder", ["fr", "it"])
def test_one_pasted_paragraph_is_refused(folder):
    text = _page(folder) + "\n" + SAMPLES["en"] + "\n"
    problems = language_check.page_problems(f"docs/{folder}/x.md", text, folder, ALL)
    line = text.splitlines().index(SAMPLES["en"]) + 1
    assert [p.line for p in problems] == [line], problems
    assert "text in English" in problems[0].message


@pytest.mark.parametrize("folder", ALL)
def test_glossary_definition_in_another_language_is_refused(folder):
    other = "fr" if folder == "en" else "en"
    text = (
        f"- term: word\n  definition: {SAMPLES[folder].split('.')[0]}.\n"
        f"- term: CE\n  definition: {SAMPLES[other].split('.')[0]}.\n"
    )
    problems = language_check.glossary_problems(f"glossary/{folder}.yml", text, folder, ALL)
    assert [(p.path, p.line) for p in problems] == [(f"glossary/{folder}.yml", 4)], problems
    assert "entry 'CE'" in problems[0].message


def test_the_shipped_pages_and_glossaries_pass():
    for lang in LANGS:
        for path in sorted((ROOT / "docs" / lang).rglob("*.md")):
            assert language_check.page_problems(path.as_posix(), path.read_text(encoding="utf-8"), lang, LANGS) == []
        glossary = ROOT / "glossary" / f"{lang}.yml"
        assert (
            language_check.glossary_problems(glossary.as_posix(), glossary.read_text(encoding="utf-8"), lang, LANGS)
            == []
        )


def test_cached_model_agrees_with_py3langid():
    """The cached model (language_check.identifier reaches into py3langid's model layout)
    classifies like py3langid itself: this fails if an upgrade changes that layout."""
    from py3langid.langid import _load_identifier

    reference = _load_identifier(norm_probs=True, langs=sorted(ALL))
    for text in SAMPLES.values():
        ours = language_check._identify(text, ALL)  # the model itself, not a kept verdict
        theirs = reference.classify(text)
        assert ours[0] == theirs[0] and abs(ours[1] - float(theirs[1])) < 1e-6


# --- Through the registry, in process, on a tiny project: make check, release mode and a preview build -----


def _paste(root, folder: str, source: str) -> str:
    """Another language's text under docs/<folder>/, the folder's front matter kept."""
    target = root / "docs" / folder / "index.md"
    front, _, _ = split_front_matter(target.read_text(encoding="utf-8"))
    target.write_text(f"---\n{front}---\n\n" + _page(source).split("---\n", 2)[2], encoding="utf-8")
    return f"docs/{folder}/index.md"


@pytest.mark.parametrize("folder", LANGS)
def test_make_check_and_release_refuse_it(tmp_path, folder):
    root = write_tiny_project(tmp_path / "project", LANGS)
    source = "en" if folder != "en" else "fr"
    rel = _paste(root, folder, source)
    for release in (False, True):
        errors = [str(p) for p in check_command.run_checks([folder], root=root, release=release).errors]
        assert any(e.startswith(f"{rel}:") and "the page reads as" in e for e in errors), errors
    # a preview build warns and builds: the same line, as a warning
    result = registry.run("build", root=root, langs=[folder])
    assert not [p for p in result.errors if "reads as" in p.message], result.errors
    assert any(str(p).startswith(f"{rel}:") and "the page reads as" in str(p) for p in result.warnings), result.warnings


# --- Verdicts kept on disk: a build in which no text changed loads no model ------------------------------------


def _counting_identifier(monkeypatch, tmp_path, verdict=("fr", 0.97)):
    monkeypatch.setattr(language_check, "VERDICT_DIR", tmp_path / "verdicts")
    monkeypatch.delenv(language_check.VERDICT_CACHE_ENV, raising=False)
    calls = []

    def identify(text, languages):
        calls.append(text)
        return verdict

    monkeypatch.setattr(language_check, "_identify", identify)
    return calls


def test_a_verdict_is_judged_once_then_read_back(monkeypatch, tmp_path):
    calls = _counting_identifier(monkeypatch, tmp_path)
    assert language_check.classify("Un texte en français.", ["en", "fr"]) == ("fr", 0.97)
    assert language_check.classify("Un texte en français.", ["fr", "en"]) == ("fr", 0.97)
    assert calls == ["Un texte en français."]
    language_check.classify("Un autre texte.", ["en", "fr"])
    language_check.classify("Un texte en français.", ["en", "fr", "it"])  # other languages: judged again
    assert len(calls) == 3
    assert len(list((tmp_path / "verdicts").glob("*.json"))) == 3


def test_verdicts_not_kept_when_the_cache_is_off(monkeypatch, tmp_path):
    calls = _counting_identifier(monkeypatch, tmp_path)
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    language_check.classify("Un texte.", ["en", "fr"])
    language_check.classify("Un texte.", ["en", "fr"])
    assert len(calls) == 2 and not (tmp_path / "verdicts").exists()


def test_a_damaged_verdict_is_judged_again_and_mended(monkeypatch, tmp_path):
    calls = _counting_identifier(monkeypatch, tmp_path)
    language_check.classify("Un texte.", ["en", "fr"])
    (kept,) = (tmp_path / "verdicts").glob("*.json")
    kept.write_text('["fr"', encoding="utf-8")
    assert language_check.classify("Un texte.", ["en", "fr"]) == ("fr", 0.97)
    assert len(calls) == 2 and kept.read_text(encoding="utf-8") == '["fr", 0.97]'


def test_the_verdict_key_names_everything_a_verdict_depends_on():
    key = language_check.verdict_key("text", ["en", "fr"], "py3langid 1.0")
    assert key == language_check.verdict_key("text", ["fr", "en"], "py3langid 1.0")
    assert key != language_check.verdict_key("text ", ["en", "fr"], "py3langid 1.0")
    assert key != language_check.verdict_key("text", ["en", "fr", "it"], "py3langid 1.0")
    assert key != language_check.verdict_key("text", ["en", "fr"], "py3langid 1.1")


def test_the_model_tables_are_read_in_chunks_as_they_were_written(tmp_path):
    import numpy as np

    values = np.arange(3_000_000, dtype=np.uint32) * 7
    np.savez(tmp_path / "model.npz", table=values, small=np.array([1, 2, 65535], dtype=np.uint16))
    typecodes = {2: "H", 4: "I", 8: "L"}
    table = language_check._streamed_array(tmp_path / "model.npz", "table", typecodes)
    assert table.typecode == "I" and len(table) == len(values) and table[2_999_999] == 2_999_999 * 7
    assert list(language_check._streamed_array(tmp_path / "model.npz", "small", typecodes)) == [1, 2, 65535]


def test_the_state_table_is_mapped_from_a_file_of_its_own_with_the_values_it_was_read_with(tmp_path):
    import numpy as np

    values = np.arange(3_000_000, dtype=np.uint32) * 7
    np.savez(tmp_path / "model.npz", table=values)
    typecodes = {2: "H", 4: "I", 8: "L"}
    mapped = language_check._mapped_table(tmp_path / "model.npz", "table", typecodes)
    assert (tmp_path / "model.table").stat().st_size == values.nbytes  # written the first time
    assert isinstance(mapped, memoryview) and len(mapped) == len(values)
    assert mapped[0] == 0 and mapped[2_999_999] == 2_999_999 * 7
    again = language_check._mapped_table(tmp_path / "model.npz", "table", typecodes)  # read back: the same
    assert again.tolist() == mapped.tolist()


def test_a_mapped_table_of_the_wrong_size_is_written_again_not_misread(tmp_path):
    import numpy as np

    np.savez(tmp_path / "model.npz", table=np.arange(10, dtype=np.uint32))
    (tmp_path / "model.table").write_bytes(b"\0" * 36)  # nine values where the model has ten
    mapped = language_check._mapped_table(tmp_path / "model.npz", "table", {2: "H", 4: "I", 8: "L"})
    assert mapped.tolist() == list(range(10))
    assert (tmp_path / "model.table").stat().st_size == 40


def test_the_scores_of_the_site_s_languages_are_kept_and_those_of_no_known_language_are_all(tmp_path):
    import numpy as np

    table = np.arange(12, dtype=np.float16).reshape(4, 3)  # four features, three languages
    np.savez(tmp_path / "model.npz", ptc=table)
    with np.load(tmp_path / "model.npz") as data:
        chosen = language_check._scores(tmp_path / "model.npz", data, ["ar", "fr"], [0, 2])
        assert chosen.tolist() == table[:, [0, 2]].tolist()
        kept = tmp_path / "model.ptc-ar-fr.npy"
        assert np.load(kept).tolist() == chosen.tolist()
        kept.write_bytes(b"not a table")  # a file not written whole is written again
        assert language_check._scores(tmp_path / "model.npz", data, ["ar", "fr"], [0, 2]).tolist() == chosen.tolist()
        assert np.load(kept).tolist() == chosen.tolist()
        assert language_check._scores(tmp_path / "model.npz", data, [], [0, 1, 2]).tolist() == table.tolist()


def test_a_language_the_model_does_not_know_leaves_it_choosing_among_all_of_its_own():
    model = language_check.identifier(("xx",))
    assert len(set(model.nb_classes)) > 90 and model.nb_ptc.shape[1] == len(model.nb_classes)
    assert model.classify(SAMPLES["fr"])[0] == "fr"


@pytest.mark.parametrize("kind", ["big-endian", "two-dimensional", "signed"])
def test_a_model_table_of_another_shape_is_refused_not_misread(tmp_path, kind):
    import numpy as np

    table = {
        "big-endian": np.arange(10, dtype=">u4"),
        "two-dimensional": np.zeros((2, 3), dtype=np.uint32),
        "signed": np.arange(10, dtype=np.int32),
    }[kind]
    np.savez(tmp_path / "model.npz", table=table)
    with pytest.raises(ValueError, match="not a little-endian one-dimensional unsigned array"):
        language_check._streamed_array(tmp_path / "model.npz", "table", {2: "H", 4: "I", 8: "L"})


# --- Verdicts judged ahead, once for a whole build, and handed to its language builds ---------------------------


def _handed(monkeypatch, path):
    monkeypatch.setenv(language_check.HANDED_VERDICTS_ENV, str(path))
    language_check._handed_verdicts.cache_clear()
    language_check._page_problems.cache_clear()


@pytest.fixture(autouse=True)
def _no_handed_verdicts_between_tests():
    yield
    language_check._handed_verdicts.cache_clear()
    language_check._page_problems.cache_clear()


def _mixed_page() -> str:
    """An English page with one pasted French paragraph and one too short to judge."""
    return _page("en") + "\n" + SAMPLES["fr"] + "\n\nUne ligne courte.\n"


GLOSSARY = f"- term: redness\n  definition: {SAMPLES['fr']}\n- term: short\n  definition: Too short.\n"


def test_a_build_judged_ahead_asks_the_model_nothing(monkeypatch, tmp_path):
    calls = _counting_identifier(monkeypatch, tmp_path)
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    monkeypatch.setattr(language_check, "_identify", lambda text, languages: calls.append(text) or ("en", 0.999))
    path = language_check.judge_ahead([(_mixed_page(), "en")], [(GLOSSARY, "en")], ALL)
    judged = list(calls)
    assert len(judged) == 5  # the whole page, its three long paragraphs, the long definition
    calls.clear()
    _handed(monkeypatch, path)
    monkeypatch.setattr(language_check, "_identify", lambda *args: pytest.fail(f"judged again: {args}"))
    assert language_check.page_problems("docs/en/x.md", _mixed_page(), "en", ALL) == []
    assert language_check.glossary_problems("glossary/en.yml", GLOSSARY, "en", ALL) == []


def test_the_verdicts_handed_over_are_the_ones_used(monkeypatch, tmp_path):
    """Given as French, the English page is refused as French: read from the file, not judged again."""
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    monkeypatch.setattr(language_check, "_identify", lambda text, languages: ("fr", 0.999))
    path = language_check.judge_ahead([(_page("en"), "en")], [], ALL)
    _handed(monkeypatch, path)
    monkeypatch.setattr(language_check, "_identify", lambda text, languages: ("en", 1.0))
    [problem] = language_check.page_problems("docs/en/x.md", _page("en"), "en", ALL)
    assert "the page reads as French" in str(problem)


def test_a_text_not_handed_over_is_judged_as_before(monkeypatch, tmp_path):
    calls = _counting_identifier(monkeypatch, tmp_path, verdict=("en", 0.99))
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    path = language_check.judge_ahead([(_page("en"), "en")], [], ALL)
    _handed(monkeypatch, path)
    calls.clear()
    language_check.page_problems("docs/fr/x.md", _page("fr"), "fr", ALL)
    assert calls and all("Après une séance" in text for text in calls)


@pytest.mark.parametrize("content", [None, "not json", "[1, 2]"])
def test_verdicts_that_cannot_be_read_are_judged_here(monkeypatch, tmp_path, content):
    calls = _counting_identifier(monkeypatch, tmp_path, verdict=("en", 0.99))
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    path = tmp_path / "verdicts.json"
    if content is not None:
        path.write_text(content)
    _handed(monkeypatch, path)
    assert language_check.page_problems("docs/en/x.md", _page("en"), "en", ALL) == []
    assert calls


def test_nothing_to_judge_ahead_writes_no_file(monkeypatch):
    monkeypatch.setattr(language_check, "_identify", lambda *args: pytest.fail("judged"))
    assert language_check.judge_ahead([(_page("fr"), "fr")], [(GLOSSARY, "fr")], ["fr"]) == ""  # one language
    assert language_check.judge_ahead([("---\ntitle: T\n---\n\nShort.\n", "en")], [], ALL) == ""


def test_the_shipped_site_judged_ahead_covers_every_verdict_its_rules_ask_for(monkeypatch, tmp_path):
    monkeypatch.setenv(language_check.VERDICT_CACHE_ENV, "off")
    pages = [
        (path.read_text(encoding="utf-8"), lang) for lang in LANGS for path in (ROOT / "docs" / lang).rglob("*.md")
    ]
    glossaries = [((ROOT / "glossary" / f"{lang}.yml").read_text(encoding="utf-8"), lang) for lang in LANGS]
    monkeypatch.setattr(language_check, "_identify", lambda text, languages: ("xx", 0.5))
    _handed(monkeypatch, language_check.judge_ahead(pages, glossaries, LANGS))
    monkeypatch.setattr(language_check, "_identify", lambda *args: pytest.fail("judged again"))
    for text, lang in pages:
        language_check.page_problems("docs/x.md", text, lang, LANGS)
    for text, lang in glossaries:
        language_check.glossary_problems("glossary/x.yml", text, lang, LANGS)
