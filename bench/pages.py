"""Bytes and requests of every page, first view and repeat view, in headless Chromium.

Each page gets a fresh browser context (an empty HTTP cache): the first view is
a navigation to the page, the repeat view a second navigation to it in a new tab
of the same context (warm cache). Both wait for the load event and then until
the network is quiet (Material's search worker fetches its index after load).
Bytes and requests are what reached the local server (bench/server.py), so
cached files count for nothing; requests to any other host are counted from the
browser's side. Other hosts are made unresolvable (--host-resolver-rules), so
they fail at once, on any machine, and are reported as third-party requests.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.server import StaticServer

# Debian's Chromium and the flags every headless run here uses: the benchmark's, Lighthouse's and the tests'.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
QUIET_SECONDS = 0.5
MAX_WAIT_SECONDS = 10


@dataclasses.dataclass
class View:
    bytes: int
    requests: int
    third_party: int  # requests to any other host (all fail: see module docstring)
    third_party_urls: list[str]
    failed: list[str]  # local requests that got a 4xx/5xx
    hits: list[tuple[str, int, int]]  # (path, status, bytes) of every local response

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def site_pages(site: Path, lang: str) -> list[str]:
    """URL paths of the content pages of one language ('/en/', '/en/aftercare/', …; no 404 page)."""
    root = site / lang
    paths = []
    for index in sorted(root.rglob("index.html")):
        rel = index.parent.relative_to(root)
        if "assets" in rel.parts or "search" in rel.parts:
            continue
        paths.append(f"/{lang}/" + (rel.as_posix() + "/" if rel.parts else ""))
    return paths


def _wait_quiet(server: StaticServer) -> None:
    deadline = time.monotonic() + MAX_WAIT_SECONDS
    last, since = server.count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = server.count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET_SECONDS:
            return


def _view(context, server: StaticServer, url: str, outside: list[str]) -> View:
    server.take()
    outside.clear()
    page = context.new_page()
    page.goto(url, wait_until="load")
    _wait_quiet(server)
    hits = server.take()
    page.close()
    return View(
        bytes=sum(h.wire_bytes for h in hits),
        requests=len(hits),
        third_party=len(outside),
        third_party_urls=sorted(set(outside)),
        failed=[f"{h.status} {h.path}" for h in hits if h.status >= 400],
        hits=[(h.path, h.status, h.wire_bytes) for h in hits],
    )


def measure_site(site: Path, paths: list[str], *, repeat: bool = True, progress=None) -> dict[str, dict]:
    """{path: {"first": View, "repeat": View | None}} for every URL path under one served directory."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with StaticServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + [BLOCK_OTHER_HOSTS])
        try:
            for path in paths:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                outside: list[str] = []

                def on_request(request, outside=outside):
                    parts = urlsplit(request.url)
                    if parts.scheme in ("http", "https") and parts.hostname != "127.0.0.1":
                        outside.append(f"{parts.scheme}://{parts.hostname}{parts.path}")

                context.on("request", on_request)
                url = server.url + path.lstrip("/")
                first = _view(context, server, url, outside)
                again = _view(context, server, url, outside) if repeat else None
                context.close()
                results[path] = {"first": first, "repeat": again}
                if progress:
                    progress(path, first, again)
        finally:
            browser.close()
    return results
