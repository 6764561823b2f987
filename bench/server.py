"""The one local static host of the project: the tests' and the benchmark's server, on 127.0.0.1.

It behaves like a static host, and logs what it sends:
- gzip (level 6) for text types when the browser accepts it, as static hosts do;
- `ETag` and `Last-Modified` on every file, answered with `304 Not Modified` when unchanged;
- a cache policy: REVALIDATE (`public, max-age=0, must-revalidate`, the default of Netlify and Cloudflare
  Pages: a repeat view asks again for every file, the benchmark's) or FINGERPRINTED (files whose name
  carries a content hash, `bundle.a5f9d56c.min.js`, cacheable for a year, everything else `no-cache`:
  the tests', as the site's README asks of a host);
- the site served under `base_path` (the path of mkdocs.yml's site_url, /hand-mesotherapy/, where the
  published site lives: MkDocs writes that path into absolute links, so serving at / would break them);
- a missing path under <base>/<lang>/ gets <lang>/404.html (else the root 404.html) with status 404;
- HTTP/1.1 keep-alive.
Every response is logged (path, status, bytes on the wire: status line, headers and body; its encoding),
so a test or the benchmark reads transfer sizes from the server, whichever browser target (page, worker)
made the request.
"""

from __future__ import annotations

import dataclasses
import email.utils
import gzip
import hashlib
import mimetypes
import posixpath
import re
import threading
import urllib.parse
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GZIP_LEVEL = 6
REVALIDATE = "revalidate"
FINGERPRINTED = "fingerprinted"
CACHE_CONTROL = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
# Every fingerprinted asset, as README's "Publishing" asks a host to match them: Material's
# (main.<hash>.min.css, bundle.<hash>.min.js) and the site's own (site.<hash>.css, page-versions.<hash>.js).
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,12}(?:\.min)?\.(?:js|css)$")
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/manifest+json",
)
POLICY = (
    f"gzip level {GZIP_LEVEL} for text types; ETag and Last-Modified; `Cache-Control: {CACHE_CONTROL}` "
    "(Netlify's and Cloudflare Pages' default), so a repeat view revalidates every file (304)"
)

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclasses.dataclass
class Hit:
    path: str
    status: int
    wire_bytes: int  # status line + headers + body, as sent
    encoding: str = ""


@lru_cache(maxsize=4096)
def _load(path: str, mtime_ns: int, size: int) -> tuple[bytes, bytes, str, str]:
    """(raw body, gzip body or b"", content type, ETag) of one file version."""
    raw = Path(path).read_bytes()
    ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    packed = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0) if ctype.startswith(COMPRESSIBLE) else b""
    if len(packed) >= len(raw):
        packed = b""
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
        ctype += "; charset=utf-8"
    etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'
    return raw, packed, ctype, etag


def cache_control(policy: str, name: str) -> str:
    if policy == REVALIDATE:
        return CACHE_CONTROL
    if policy == FINGERPRINTED:
        return IMMUTABLE if HASHED_NAME.search(name) else "no-cache"
    raise ValueError(f"unknown cache policy {policy!r}: {REVALIDATE!r} or {FINGERPRINTED!r}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: StaticServer  # set on the subclass made per server

    def log_message(self, format, *args):  # quiet
        pass

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _resolve(self, url_path: str) -> tuple[Path | None, str | None]:
        """(file, None), or (None, redirect location), or (None, None) for not found."""
        base = self.server_state.base_path
        if not url_path.startswith(base):
            return None, (base if url_path + "/" == base else None)
        rel = urllib.parse.unquote(url_path[len(base) :])
        parts = [p for p in posixpath.normpath("/" + rel).split("/") if p not in ("", ".", "..")]
        target = self.server_state.root.joinpath(*parts)
        if target.is_dir():
            if not url_path.endswith("/"):
                return None, url_path + "/"
            target = target / "index.html"
        return (target, None) if target.is_file() else (None, None)

    def _not_found_page(self, url_path: str) -> Path | None:
        base, root = self.server_state.base_path, self.server_state.root
        first = url_path[len(base) :].split("/", 1)[0] if url_path.startswith(base) else ""
        for candidate in ([root / first / "404.html"] if first else []) + [root / "404.html"]:
            if candidate.is_file():
                return candidate
        return None

    def _answer(self, head: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        target, location = self._resolve(url_path)
        if location:
            self._send(301, b"", {"Location": location, "Content-Type": "text/plain"}, url_path, head)
            return
        status = 200
        if target is None:
            status, target = 404, self._not_found_page(url_path)
            if target is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"}, url_path, head)
                return
        stat = target.stat()
        raw, packed, ctype, etag = _load(str(target), stat.st_mtime_ns, stat.st_size)
        compress = bool(packed) and "gzip" in self.headers.get("Accept-Encoding", "")
        headers = {"Content-Type": ctype, "Vary": "Accept-Encoding"}
        if status == 200:
            headers.update(
                {
                    "Cache-Control": cache_control(self.server_state.cache, target.name),
                    "ETag": etag,
                    "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
                }
            )
            if self._not_modified(etag, stat.st_mtime):
                self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"}, url_path, head)
                return
        else:
            headers["Cache-Control"] = "no-cache"
        if compress:
            headers["Content-Encoding"] = "gzip"
        self._send(status, packed if compress else raw, headers, url_path, head)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")] or if_none_match == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, headers: dict[str, str], url_path: str, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if "LinkChecker" in self.headers.get("User-Agent", ""):
            # The site owner's opt-out of LinkChecker's politeness delay (0.1-0.6 s per request), see
            # linkcheck/checker/httpurl.py; only sent to LinkChecker, so page weights are unaffected.
            self.send_header("LinkChecker", "rate-limit-ok")
        header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", []))
        sent = header_bytes + 2 + (0 if head or status == 304 else len(body))
        # Logged before a byte leaves: a client that has its answer always finds it in the log.
        self.server_state.log(Hit(url_path, status, sent, headers.get("Content-Encoding", "")))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)


class StaticServer:
    """A running server (start(), or `with`): its base URL and the log of what it answered."""

    def __init__(self, root: Path, *, base_path: str = "/", cache: str = REVALIDATE):
        cache_control(cache, "")  # an unknown policy fails here, not on the first request
        self.root = root.resolve()
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.cache = cache
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{self.base_path}"  # ends with /
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="static-site", daemon=True)

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def take(self) -> list[Hit]:
        """The responses sent since the last call."""
        with self.lock:
            hits, self.hits = self.hits, []
        return hits

    def count(self) -> int:
        with self.lock:
            return len(self.hits)
