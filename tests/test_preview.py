"""The editors' live preview (`make serve`, `python -m scripts.site serve LANG`) on a copy of the project.

It serves the language's pages, rebuilds a page when its Markdown is saved, and shows the saved words; it does
not lay out the printed leaflet on every save (`make site` makes it), so its pages offer no leaflet link.
A save renders the saved page alone (`mkdocs serve --dirty`): the other pages stay served, and search still
finds every page, the saved one with its new words; a change to a file every page draws on (the glossary)
renders every page again.

The test waits on what the preview says, read line by line as it comes: "Serving on" once the first build is
served, "Reloading browsers" after each rebuild; the page is fetched then, never on a timer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from typing import IO

import pytest

from bench.preview import fetch, free_port

from browser_support import BASE_PATH
from conftest import copy_project

pytestmark = pytest.mark.slow

READY_TIMEOUT_S = 120  # the first build of one language, on a busy 2-core machine
REBUILD_TIMEOUT_S = 60


class Output:
    """The preview's output, read line by line as it comes (in a thread), to wait on what it says."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self.ended = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def wait_for(self, words: str, start: int, timeout: float) -> int:
        """How many lines there are up to the first one from `start` on that says `words`; fails with the
        output if the preview stops or does not say it within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for number in range(start, len(self.lines)):
                    if words in self.lines[number]:
                        return number + 1
                start = len(self.lines)
                remaining = deadline - time.monotonic()
                if self.ended or remaining <= 0:
                    said = "stopped" if self.ended else f"did not say {words!r} within {timeout:.0f} s"
                    pytest.fail(f"the preview {said}:\n{self.text()}", pytrace=False)
                self._changed.wait(remaining)

    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def join(self) -> None:
        self._reader.join(timeout=30)


def _page_once_rebuilt(output: Output, url: str, wanted: str, seen: int) -> int:
    """Waits for rebuilds (MkDocs says "Reloading browsers" once one is served) until the page shows `wanted`;
    returns how many lines of output have been read by then."""
    deadline = time.monotonic() + REBUILD_TIMEOUT_S
    while True:
        seen = output.wait_for("Reloading browsers", seen, max(deadline - time.monotonic(), 0))
        page = fetch(url)
        if page is not None and wanted in page:
            return seen


def test_the_preview_rebuilds_a_saved_page_and_skips_the_leaflet(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.site", "serve", "en", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    output = Output(server.stdout)
    try:
        # The preview serves one language at the root of the published path (its other languages are not built).
        url = f"http://127.0.0.1:{port}{BASE_PATH}aftercare/"
        seen = output.wait_for("Serving on", 0, READY_TIMEOUT_S)
        first = fetch(url)
        assert first is not None and "</html>" in first, output.text()
        assert 'class="leaflet-link"' not in first, "the preview offers a leaflet it did not make"
        page = project / "docs" / "en" / "aftercare.md"
        text = page.read_text(encoding="utf-8")
        marker = "A sentence saved while the preview runs."
        assert marker not in first
        page.write_text(text.replace("\n## ", f"\n{marker}\n\n## ", 1), encoding="utf-8")
        seen = _page_once_rebuilt(output, url, marker, seen)
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
        _page_once_rebuilt(output, f"http://127.0.0.1:{port}{BASE_PATH}glossary/", changed, seen)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        output.join()
    assert "Traceback" not in output.text(), output.text()
    # Stopping the command stops the server: no MkDocs child is left serving the port.
    assert fetch(url) is None, f"{url} still answers after the preview was stopped"
