"""The editors' live preview: from saving a page under `make serve` to the rebuilt page being served.

`python -m scripts.site serve LANG` (what `make serve` runs) is started in a benchmark copy of the project;
once it serves the page, the page's Markdown is saved with a new sentence, and the page is fetched every
50 ms until the sentence is in it. The time from the save to that answer is one run; the first answer
after start-up (MkDocs' first build of the language) is reported on its own. Beside each run, the CPU time
the preview spent on it (user and system, from /proc where there is one): on a machine shared with other
work, the wall time of a save says more about the others than about the preview.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench import content

POLL_S = 0.05
READY_TIMEOUT_S = 900  # the first build of one language at 50×, on 2 busy cores
REBUILD_TIMEOUT_S = 600


def free_port() -> int:
    """A port nothing listens on now, for a preview server of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user and system) a process and its waited-for children have used, or None where /proc
    does not tell (not Linux, or the process is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the command's name, in parentheses, may hold spaces
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def fetch(url: str) -> str | None:
    """The page's text, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, wanted: str, timeout: float, server: subprocess.Popen) -> float:
    """Seconds until the page contains `wanted`; stops the benchmark with a clear message if it never does."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"✗ the preview stopped (exit {server.returncode}) before {url} showed {wanted!r}")
        page = fetch(url)
        if page is not None and wanted in page:
            return time.perf_counter() - started
        time.sleep(POLL_S)
    raise SystemExit(f"✗ {url} did not show {wanted!r} within {timeout:.0f} s under the preview")


def _with_sentence(text: str, sentence: str) -> str:
    """The page with a paragraph added before its first section (or at the end)."""
    if "\n## " in text:
        return text.replace("\n## ", f"\n{sentence}\n\n## ", 1)
    return f"{text.rstrip()}\n\n{sentence}\n"


def measure(project: Path, lang: str, page: str, runs: int, base_path: str, say=print) -> dict:
    """Start the preview of `lang` in `project`, save docs/<lang>/<page> `runs` times; times in seconds."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{base_path}{content.page_url(page)}"
    source = project / "docs" / lang / page
    original = source.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.site", "serve", lang, "--port", str(port)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # stopped with its MkDocs child below
    )
    saves: list[float] = []
    cpu: list[float] = []
    try:
        first = _wait_for(url, "</html>", READY_TIMEOUT_S, server)
        say(f"    first page served {first:.2f} s after start")
        for run in range(runs):
            marker = f"A sentence saved while the preview runs, number {run + 1}."
            before = process_cpu_s(server.pid)
            source.write_text(_with_sentence(original, marker), encoding="utf-8")
            saves.append(_wait_for(url, marker, REBUILD_TIMEOUT_S, server))
            after = process_cpu_s(server.pid)
            if before is not None and after is not None:
                cpu.append(after - before)
            spent = f", {cpu[-1]:.2f} s of CPU" if len(cpu) == run + 1 else ""
            say(f"    save {run + 1}/{runs}: rebuilt page served after {saves[-1]:.2f} s{spent}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        source.write_text(original, encoding="utf-8")
    return {
        "lang": lang,
        "page": page,
        "url_path": urlsplit(url).path,
        "first_build_s": first,
        "runs": saves,
        "median_s": statistics.median(saves),
        "min_s": min(saves),
        "max_s": max(saves),
        "cpu_s": cpu,
        "cpu_median_s": statistics.median(cpu) if cpu else None,
    }
