"""`make mutation`: reading mutmut's verdicts into a score (bench/mutation_score.py) and picking the tests that
stay in the test process (bench/mutation_tests.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench import mutation_tests
from bench.mutation_score import ModuleScore, mutmut_status, read_scores, score_module, summary, table, total

pytest_plugins = ["pytester"]

# mutants/scripts/<module>.py.meta as mutmut 3.8 writes it (the keys it reads back are all required by it).
META = {
    "exit_code_by_key": {
        "scripts.qr.x_qr_svg__mutmut_1": 1,  # killed: a test failed
        "scripts.qr.x_qr_svg__mutmut_2": 1,
        "scripts.qr.x_qr_svg__mutmut_3": 3,  # killed: pytest's internal error
        "scripts.qr.x_qr_svg__mutmut_4": 0,  # survived: every test passed
        "scripts.qr.x_qr_svg__mutmut_5": 33,  # no test runs this function
        "scripts.qr.x_qr_svg__mutmut_6": 36,  # timeout
        "scripts.qr.x_qr_svg__mutmut_7": -24,  # timeout (SIGXCPU)
        "scripts.qr.x_qr_svg__mutmut_8": None,  # not checked: the run was stopped
        "scripts.qr.x_qr_svg__mutmut_9": -11,  # segfault
    },
    "hash_by_function_name": {"x_qr_svg": "0f3c"},
    "type_check_error_by_key": {},
    "durations_by_key": {"scripts.qr.x_qr_svg__mutmut_1": 0.21},
    "estimated_durations_by_key": {"scripts.qr.x_qr_svg__mutmut_1": 0.2},
}


def test_exit_codes_are_read_as_the_pinned_mutmut_reads_them():
    assert [mutmut_status(code) for code in (1, 3, 0, 33, 5, 36, -24, None, -11)] == [
        "killed",
        "killed",
        "survived",
        "no tests",
        "no tests",
        "timeout",
        "timeout",
        "not checked",
        "segfault",
    ]


def test_a_modules_verdicts_are_counted_and_its_share_is_killed_over_all_mutants():
    score = score_module("scripts/qr.py", META)
    assert score.module == "scripts/qr.py"
    assert score.mutants == 9
    assert score.statuses == Counter(
        {"killed": 3, "timeout": 2, "survived": 1, "no tests": 1, "not checked": 1, "segfault": 1}
    )
    assert score.other == 2  # not checked and segfault are neither killed nor shown apart
    assert score.share == pytest.approx(3 / 9)  # a timeout or an untested mutant is not a kill


def test_a_module_with_no_mutants_has_a_share_of_zero_not_a_division_error():
    score = score_module("scripts/empty.py", {"exit_code_by_key": {}})
    assert (score.mutants, score.share) == (0, 0.0)


@pytest.mark.parametrize("meta", [{}, {"exit_code_by_key": None}, {"exit_code_by_key": [1, 0]}])
def test_results_without_verdicts_are_refused_with_the_module_and_what_to_do(meta):
    with pytest.raises(ValueError, match=r"^scripts/qr\.py: no exit_code_by_key .* run `make mutation` again$"):
        score_module("scripts/qr.py", meta)


def test_the_status_reader_is_the_one_given():
    score = score_module("m.py", {"exit_code_by_key": {"a": 1, "b": 2}}, status_of=lambda code: f"s{code}")
    assert score.statuses == Counter({"s1": 1, "s2": 1})


def test_the_total_adds_every_modules_verdicts():
    whole = total(
        [ModuleScore("a.py", Counter(killed=3, survived=1)), ModuleScore("b.py", Counter(killed=1, timeout=3))]
    )
    assert (whole.module, whole.mutants, whole.statuses["killed"], whole.share) == ("all", 8, 4, 0.5)
    assert total([]).share == 0.0


def test_the_table_has_a_row_per_module_and_the_total():
    scores = [
        ModuleScore("scripts/qr.py", Counter(killed=3, survived=1)),
        ModuleScore("scripts/bidi.py", Counter(killed=1, **{"no tests": 1, "timeout": 1, "not checked": 1})),
    ]
    lines = table(scores).splitlines()
    assert lines[0].split() == ["module", "mutants", "killed", "survived", "no", "tests", "timeout", "other", "share"]
    assert lines[1].split() == ["scripts/qr.py", "4", "3", "1", "0", "0", "0", "75.0%"]
    assert lines[2].split() == ["scripts/bidi.py", "4", "1", "0", "1", "1", "1", "25.0%"]
    assert lines[3].split() == ["all", "8", "4", "1", "1", "1", "1", "50.0%"]
    assert summary(scores) == "killed 4 of 8 mutants: 50.0%"


def test_a_module_none_of_whose_mutants_ran_is_not_measured_and_left_out_of_the_total():
    scores = [
        ModuleScore("scripts/qr.py", Counter(killed=1, survived=1)),
        ModuleScore("scripts/bidi.py", Counter({"not checked": 5})),
        ModuleScore("scripts/rules.py", Counter({"killed": 1, "not checked": 3})),  # a run stopped midway: measured
    ]
    assert [s.measured for s in scores] == [True, False, True]
    lines = table(scores).splitlines()
    assert lines[3].split() == ["all", "6", "2", "1", "0", "0", "3", "33.3%"]
    assert lines[4].split() == ["scripts/bidi.py", "5", "not", "measured"]
    assert summary(scores) == "killed 2 of 6 mutants: 33.3% (1 modules not measured)"


def test_the_markdown_table_is_a_table_with_numbers_aligned_right():
    lines = table([ModuleScore("scripts/qr.py", Counter(killed=1, survived=1))], markdown=True).splitlines()
    assert lines[0] == "| module | mutants | killed | survived | no tests | timeout | other | share |"
    assert lines[1] == "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    assert lines[2] == "| scripts/qr.py | 2 | 1 | 1 | 0 | 0 | 0 | 50.0% |"
    assert lines[3] == "| all | 2 | 1 | 1 | 0 | 0 | 0 | 50.0% |"


def test_results_are_read_from_every_meta_file_under_mutants_by_module_path(tmp_path: Path):
    (tmp_path / "scripts" / "renderers").mkdir(parents=True)
    (tmp_path / "scripts" / "qr.py.meta").write_text(json.dumps(META), encoding="utf-8")
    (tmp_path / "scripts" / "renderers" / "bidi.py.meta").write_text(
        json.dumps({**META, "exit_code_by_key": {"scripts.renderers.bidi.x_f__mutmut_1": 0}}), encoding="utf-8"
    )
    (tmp_path / "scripts" / "paths.py.meta").write_text(json.dumps({**META, "exit_code_by_key": {}}), encoding="utf-8")
    (tmp_path / "scripts" / "qr.py.spans").write_text("{}", encoding="utf-8")  # mutmut's other files are not results
    scores = read_scores(tmp_path)
    assert [s.module for s in scores] == ["scripts/qr.py", "scripts/renderers/bidi.py"]  # a module with no mutant: none
    assert [s.statuses["killed"] for s in scores] == [3, 0]


def test_results_cut_short_are_refused_in_one_line_naming_the_module(tmp_path: Path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "qr.py.meta").write_text('{"exit_code_by_key": {"a": 1', encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"^scripts/qr\.py: mutmut's results are not JSON \(.*\) — run `make mutation` again$"
    ):
        read_scores(tmp_path)


# The picking of tests: helpers as a test file has them.
def builds_a_copy(tmp: Path) -> None:
    copy_project(tmp)  # noqa: F821 — never called: only its source is read


def calls_a_helper_that_builds(tmp: Path) -> None:
    builds_a_copy(tmp)


def stays_in_process() -> int:
    return len(str(Path("docs")))


def test_a_test_that_builds_directly_or_through_helpers_is_left_out_and_one_in_process_is_kept():
    assert mutation_tests.reaches_out_of_process([builds_a_copy]) == "builds_a_copy: copy_project"
    assert mutation_tests.reaches_out_of_process([calls_a_helper_that_builds]) == "builds_a_copy: copy_project"
    assert mutation_tests.reaches_out_of_process([stays_in_process]) is None
    # Project code that starts processes is not followed: only the tests' own helpers are.
    assert mutation_tests.reaches_out_of_process([read_scores]) is None


def test_names_read_in_nested_functions_and_comprehensions_are_followed():
    def nested() -> list[None]:
        return [calls_a_helper_that_builds(Path(p)) for p in ("a",)]

    assert mutation_tests.reaches_out_of_process([nested]) == "builds_a_copy: copy_project"


def test_tests_are_left_out_by_marker_by_fixture_or_by_what_they_reach(pytester: pytest.Pytester):
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def site():
            return "built"

        @pytest.fixture
        def uses_site(site):
            return site

        @pytest.fixture
        def spawns():
            import subprocess
            return subprocess
        """
    )
    pytester.makepyfile(
        test_sample="""
        import pytest

        def starts_a_build():
            import subprocess
            return subprocess.run

        def test_in_process():
            assert 1 + 1 == 2

        @pytest.mark.slow
        def test_marked_slow():
            pass

        def test_site(site):
            pass

        def test_through_a_fixture(uses_site):
            pass

        def test_fixture_that_spawns(spawns):
            pass

        def test_helper_that_spawns():
            starts_a_build()
        """
    )
    pytester.makeini("[pytest]\nmarkers =\n    slow: x\n")
    items, _ = pytester.inline_genitems()
    reasons = {item.name: mutation_tests.why_left_out(item, tests=pytester.path) for item in items}
    assert reasons["test_in_process"] is None
    assert reasons["test_marked_slow"] == "marked slow"
    assert reasons["test_site"] == "uses the fixture site"
    assert reasons["test_through_a_fixture"] == "uses the fixture site"
    assert reasons["test_fixture_that_spawns"] is not None and reasons["test_fixture_that_spawns"].endswith(
        ": subprocess"
    )
    assert reasons["test_helper_that_spawns"] is not None and reasons["test_helper_that_spawns"].endswith(
        ": subprocess"
    )


def test_every_functools_cache_at_a_modules_top_level_is_emptied():
    import functools
    import types

    module = types.ModuleType("scripts.sample")
    calls = []

    @functools.lru_cache(maxsize=8)
    def measured(x: int) -> int:
        calls.append(x)
        return x

    @functools.cache
    def loaded() -> list[int]:
        return [1]

    module.measured, module.loaded, module.plain = measured, loaded, len
    measured(1), measured(1), loaded()
    assert calls == [1]
    assert mutation_tests.clear_caches([module]) == 2
    measured(1)
    assert calls == [1, 1]  # worked out again after the clearing, as a fresh process would
    assert loaded.cache_info().currsize == 0
