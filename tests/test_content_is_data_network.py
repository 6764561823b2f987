"""The build makes no network connection: one build of one language with its leaflet, in a copy whose pages
and leaflet stylesheet ask for files from another host, with the network denied to every Python process of
the build (tests/network_guard/sitecustomize.py, loaded through PYTHONPATH)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.renderers import leaflet

from conftest import ROOT, assert_no_traceback

GUARD = ROOT / "tests" / "network_guard"
STYLESHEET_URLS = ("https://evil.example/leaflet.css", "https://evil.example/bg.png")
PAGE_URLS = (
    "https://evil.example/x.css",
    "https://evil.example/i.css",
    "https://fonts.evil.example/f.woff2",
    "file:///etc/passwd",
)
HOSTILE_PAGE = """

<link rel="stylesheet" href="https://evil.example/x.css">

<style>@import url(https://evil.example/i.css);
@font-face { font-family: Evil; src: url(https://fonts.evil.example/f.woff2); }
p { font-family: Evil, sans-serif; }</style>

<a rel="attachment" href="file:///etc/passwd">Notes</a>
"""
# The leaflet's own stylesheet is a developer's file, not checked by the content rules: the layout alone
# stands between it and the network. (A remote <img> in a page is refused by the content rules before any
# layout, which would leave the rest of the page untried; tests/test_content_is_data_fetch.py lays one out.)
HOSTILE_STYLESHEET = (
    "@import url(https://evil.example/leaflet.css);\nbody { background: url(https://evil.example/bg.png); }\n"
)


def guarded_env(log: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, NETWORK_GUARD_LOG=str(log))


def log_lines(log: Path, kind: str) -> list[str]:
    return [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith(kind + " ")]


def test_the_guard_notes_and_refuses_a_connection(tmp_path):
    """The guard itself: a process that asks for the network is refused and noted (else a build's silence
    would prove nothing)."""
    log = tmp_path / "network.log"
    result = subprocess.run(
        [sys.executable, "-c", "import urllib.request; urllib.request.urlopen('https://evil.example/', timeout=5)"],
        env=guarded_env(log),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "network denied by the test" in result.stderr, result.stderr
    assert len(log_lines(log, "guarded")) == 1
    assert [line.split(" ", 2)[2] for line in log_lines(log, "attempt")] == ["resolve 'evil.example'"]


@pytest.mark.slow
def test_a_build_asked_for_other_hosts_fails_naming_the_page_and_opens_no_connection(project, tmp_path):
    page = project / "docs" / "en" / "aftercare.md"
    page.write_text(page.read_text(encoding="utf-8") + HOSTILE_PAGE, encoding="utf-8")
    stylesheet = project / "overrides" / "leaflet" / "leaflet.css"
    stylesheet.write_text(HOSTILE_STYLESHEET + stylesheet.read_text(encoding="utf-8"), encoding="utf-8")
    log = tmp_path / "network.log"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.site", "build", "en"],  # with its leaflet: the layout is the subject
        cwd=project,
        env=guarded_env(log),
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert_no_traceback(output)
    # Every Python process of the build was guarded (the MkDocs build of the language among them: a build of one
    # language starts it with the command, to be told what to build, scripts/cli/warm_start.py), and none of them
    # resolved a name or opened a connection.
    generator = re.compile(r" -m scripts\.cli\.engine_process (mkdocs build |--warm mkdocs$)")
    assert any(generator.search(line) for line in log_lines(log, "guarded")), log.read_text()
    assert log_lines(log, "attempt") == []
    assert not (project / "site" / "en" / leaflet.file_name("en")).exists()
    errors = [line.strip() for line in output.splitlines() if re.match(r"\s+docs/en/aftercare\.md:\d+: ", line)]
    assert errors, output
    if any("printed leaflet may not load" in line for line in errors):
        # The content rules let the markup through to the layout: each address is refused, naming the
        # page, its line and the fix.
        # The hostile addresses and nothing else: the site's own images and QR codes load.
        assert set(re.findall(r"the printed leaflet may not load (\S+): ", output)) == {*PAGE_URLS, *STYLESHEET_URLS}
        for url in PAGE_URLS:
            assert any(f"the printed leaflet may not load {url}: " in line for line in errors), (url, output)
        assert all(line.endswith("save the image in docs/en/ and show it by its file name") for line in errors)
        for url in STYLESHEET_URLS:  # named by no page: the folder, and where to look
            assert f"docs/en/: the printed leaflet may not load {url}: " in output, (url, output)
    # Otherwise the content rules refused the markup before anything was laid out: the page is named all
    # the same, and nothing was asked of the network either way.
    built = [path for path in (project / "site").rglob("*") if path.is_file()]
    assert not any(b"root:x:0:0" in path.read_bytes() for path in built)
