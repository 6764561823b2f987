"""The benchmark's editor-preview part (bench/preview.py, bench/report.py): what it saves and how it reports."""

from __future__ import annotations

from bench import preview, report


def test_the_saved_sentence_goes_before_the_first_section_or_at_the_end():
    assert (
        preview._with_sentence("# T\n\nIntro.\n\n## A\n\nText.\n", "New.") == "# T\n\nIntro.\n\nNew.\n\n## A\n\nText.\n"
    )
    assert preview._with_sentence("# T\n\nIntro.\n", "New.") == "# T\n\nIntro.\n\nNew.\n"


def _size(scale: int, median: float) -> dict:
    return {
        "scale": scale,
        "pages_per_language": 13 * scale,
        "first_build_s": 5.0 * scale,
        "runs": [median, median],
        "median_s": median,
        "min_s": median,
        "max_s": median,
    }


def test_the_preview_table_judges_the_goal_at_50x_only():
    table = "\n".join(
        report.preview_tables({"preview": {"page": "aftercare.md", "sizes": [_size(1, 2.5), _size(50, 0.8)]}})
    )
    rows = [line for line in table.splitlines() if line.startswith(("| 1×", "| 50×"))]
    assert rows[0].endswith("| – |") and "2.50 s (2 saves)" in rows[0]
    assert rows[1].endswith("| ✓ |") and "| 650 |" in rows[1]
    slow = report.preview_tables({"preview": {"page": "aftercare.md", "sizes": [_size(50, 12.0)]}})
    assert any(line.endswith("| ✗ |") for line in slow)
    assert report.preview_tables({}) == []


def test_the_cpu_time_of_a_process_is_read_and_grows_with_its_work():
    import os

    before = preview.process_cpu_s(os.getpid())
    assert before is not None and before > 0
    sum(i * i for i in range(2_000_000))
    assert preview.process_cpu_s(os.getpid()) > before


def test_a_process_that_is_not_there_has_no_cpu_time():
    assert preview.process_cpu_s(2**22 + 12345) is None  # above the kernel's largest process id
