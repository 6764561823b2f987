"""The benchmark's Lighthouse part (bench/lighthouse.py, bench/report.py): the CPU slowdown it calibrates to the
machine, and how the report states it and judges the goal."""

from __future__ import annotations

import pytest

from bench import lighthouse, report


@pytest.mark.parametrize(
    ("index", "slowdown"),
    # the calculator's anchor points: a host of Lighthouse's expected speed gets its default 4×
    [(100, 1.0), (150, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0), (2000, 6.0)],
)
def test_cpu_slowdown_follows_lighthouses_calculator(index, slowdown):
    assert lighthouse.cpu_slowdown_for(index) == pytest.approx(slowdown, abs=0.01)


def test_a_slower_host_gets_a_smaller_slowdown_between_the_anchors():
    assert 1.0 < lighthouse.cpu_slowdown_for(588) < 2.0
    assert lighthouse.cpu_slowdown_for(588) < lighthouse.cpu_slowdown_for(700)


def _entry(path: str, lcp_ms: float, performance: int = 100) -> dict:
    scores = {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100}
    metrics = {"LCP": lcp_ms, "FCP": lcp_ms, "TBT": 0, "CLS": 0}
    median = {"scores": scores, "metrics": metrics, "below_full_score": [], "runs": 3}
    return {"path": path, "form_factor": "mobile", "median": median, "runs": []}


def _results(lh_extra: dict, lcps: list[float]) -> dict:
    pages = [f"/{lang}/{page}" for lang in ("en", "fr", "it") for page in ("", "aftercare/")]
    entries = [_entry("/", 900)] + [_entry(path, lcp) for path, lcp in zip(pages, lcps, strict=True)]
    lh = {"version": "12.2.3", "chrome": "/usr/bin/chromium", "runs": 3, "set": "representative"}
    return {"lighthouse": {**lh, **lh_extra, "variants": {"project": entries}}}


def test_the_report_names_the_calibrated_slowdown_and_judges_the_goal():
    calibrated = {"cpu_slowdown": 1.67, "calibration": {"benchmark_index": 588, "cpu_slowdown": 1.67}}
    text = "\n".join(report.lighthouse_tables(_results(calibrated, [800] * 6)))
    assert "1.67× CPU slowdown, calibrated" in text and "benchmark index is 588" in text
    assert "LCP ≤ 1.0 s on 6 of 6 language pages (en, fr, it)" in text and ": met." in text
    slow = "\n".join(report.lighthouse_tables(_results(calibrated, [800] * 5 + [1200])))
    assert "on 5 of 6 language pages" in slow and "not met" in slow


def test_the_report_names_a_given_or_the_default_slowdown():
    given = "\n".join(report.lighthouse_tables(_results({"cpu_slowdown": 4.0}, [800] * 6)))
    assert "a 4× CPU slowdown (`--lighthouse-cpu-slowdown`)" in given
    older = "\n".join(report.lighthouse_tables(_results({}, [800] * 6)))
    assert "its 4× CPU slowdown" in older
