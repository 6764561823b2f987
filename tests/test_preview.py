"""The editors' live preview (`make serve`, `python -m scripts.site serve LANG`) on a copy of the project.

It serves the language's pages, rebuilds a page when its Markdown is saved, and shows the saved words; it does
not lay out the printed leaflet on every save (`make site` makes it), so its pages offer no leaflet link.
A save renders the saved page alone (`mkdocs serve --dirty`): the other pages stay served, and search still
finds every page, the saved one with its new words; a change to a file every page draws on (the glossary)
renders every page again.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from bench.preview import fetch, free_port

from browser_support import BASE_PATH
from conftest import copy_project

pytestmark = pytest.mark.slow

READY_TIMEOUT_S = 120  # the first build of one language, on a busy 2-core machine
REBUILD_TIMEOUT_S = 60


def _wait_for(url: str, wanted: str, timeout: float, server: subprocess.Popen) -> str:
    """The page once it contains `wanted`; fails with the preview's output if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the preview stopped (exit {server.returncode})"
        page = fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.2)  # polling the server, not waiting for a fixed time
    pytest.fail(f"{url} did not show {wanted!r} within {timeout:.0f} s", pytrace=False)


def test_the_preview_rebuilds_a_saved_page_and_skips_the_leaflet(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.site", "serve", "en", "--port", str(port)],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The preview serves one language at the root of the published path (its other languages are not built).
        url = f"http://127.0.0.1:{port}{BASE_PATH}aftercare/"
        first = _wait_for(url, "</html>", READY_TIMEOUT_S, server)
        assert 'class="leaflet-link"' not in first, "the preview offers a leaflet it did not make"
        page = project / "docs" / "en" / "aftercare.md"
        text = page.read_text(encoding="utf-8")
        marker = "A sentence saved while the preview runs."
        page.write_text(text.replace("\n## ", f"\n{marker}\n\n## ", 1), encoding="utf-8")
        _wait_for(url, marker, REBUILD_TIMEOUT_S, server)
        assert not list((project / "site").glob("*/leaflet-*.pdf")), "the preview wrote into site/"
        # The page saved was rendered alone; the others are still there, and in the search index.
        assert "</html>" in (fetch(f"http://127.0.0.1:{port}{BASE_PATH}session/") or "")
        index = json.loads(fetch(f"http://127.0.0.1:{port}{BASE_PATH}search/search_index.full.json") or "{}")
        pages = {doc["location"].split("#")[0] for doc in index.get("docs", [])}
        sources = {p.stem for p in (project / "docs" / "en").glob("*.md") if p.stem != "index"}
        assert {f"{name}/" for name in sources} <= pages, f"search lost pages after a save: {sources} vs {pages}"
        assert any(marker in doc["text"] for doc in index["docs"] if doc["location"].startswith("aftercare/"))
        # A glossary definition changed: the glossary page, whose Markdown nobody saved, shows it.
        glossary = project / "glossary" / "en.yml"
        definition = "Tools that collect data on how people use a website."
        assert definition in glossary.read_text(encoding="utf-8")
        changed = "Tools that count how people use a website, changed while the preview runs."
        glossary.write_text(glossary.read_text(encoding="utf-8").replace(definition, changed), encoding="utf-8")
        _wait_for(f"http://127.0.0.1:{port}{BASE_PATH}glossary/", changed, REBUILD_TIMEOUT_S, server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in output, output
    # Stopping the command stops the server: no MkDocs child is left serving the port.
    assert fetch(url) is None, f"{url} still answers after the preview was stopped"
