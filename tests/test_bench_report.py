"""bench/report.py and bench/run.py's builds with the caches kept: the table says what was measured."""

from __future__ import annotations

from bench import measure, report, run


def _variant(seconds: float, cpu: float, rss: float) -> dict:
    median = {"seconds": seconds, "peak_rss_mb": rss, "peak_pss_mb": rss, "max_single_rss_mb": rss}
    return {"median": median, "runs": [{"cpu_seconds": cpu}]}


def test_kept_caches_table_gives_each_case_beside_plain_material():
    results = {
        "kept": {
            "scale": 1,
            "runs": 2,
            "lang": "en",
            "cases": {
                "site": {
                    "page": None,
                    "variants": {"project": _variant(6.0, 9.5, 350), "plain": _variant(4.0, 4.0, 40)},
                },
                "printed": {
                    "page": "care.md",
                    "variants": {"project": _variant(5.0, 5.5, 300), "plain": _variant(1.0, 1.0, 40)},
                },
            },
        }
    }
    text = "\n".join(report.kept_tables(results))
    assert "median of 2 runs" in text
    site_row = next(line for line in text.splitlines() if line.startswith("| the whole site again"))
    assert "| 6.00 s | 4.00 s | 1.50× | 9.50 s | 350 MB |" in site_row
    printed_row = next(line for line in text.splitlines() if "`care.md`" in line)
    assert "5.00×" in printed_row
    assert "left out" not in text  # a case not measured is not shown


def test_no_kept_caches_no_table():
    assert report.kept_tables({}) == []


def test_an_edit_changes_the_text_not_only_its_time(tmp_path):
    page = tmp_path / "care.md"
    page.write_text("# Care\n\nIntro.\n\n## Washing\n\nText.\n", encoding="utf-8")
    run._edit(page, 0)
    first = page.read_text(encoding="utf-8")
    assert "number 1." in first and first.index("number 1.") < first.index("## Washing")
    run._edit(page, 1)
    assert "number 2." in page.read_text(encoding="utf-8")


def test_kept_caches_keep_every_cache_and_the_cold_builds_turn_them_off():
    assert all(run.ENV[switch] == "off" and switch not in run.KEPT_ENV for switch in measure.CACHE_SWITCHES)
