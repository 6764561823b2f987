"""A static file server on 127.0.0.1 that behaves like a static host, and counts what it sends.

- gzip (level 6) for text types when the browser accepts it, as static hosts do;
- `ETag` and `Last-Modified` on every file, and `Cache-Control: public,
  max-age=0, must-revalidate` (the default of Netlify and Cloudflare Pages): a
  repeat view asks again for every file and gets `304 Not Modified` back;
- `/<lang>/missing` gets `/<lang>/404.html` (else `/404.html`) with status 404;
- HTTP/1.1 keep-alive.
Every response is counted: path, status and bytes written (status line,
headers and compressed body), so the benchmark reads transfer sizes from the
server, whichever browser target (page, worker) made the request.
"""

from __future__ import annotations

import dataclasses
import email.utils
import gzip
import hashlib
import mimetypes
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6
CACHE_CONTROL = "public, max-age=0, must-revalidate"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml",
                "application/manifest+json", "text/xml")
POLICY = (f"gzip level {GZIP_LEVEL} for text types; ETag and Last-Modified; `Cache-Control: {CACHE_CONTROL}` "
          "(Netlify's and Cloudflare Pages' default), so a repeat view revalidates every file (304)")

mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclasses.dataclass
class Hit:
    path: str
    status: int
    bytes: int


@lru_cache(maxsize=4096)
def _load(path: str, mtime: float, size: int) -> tuple[bytes, bytes, str, str]:
    """(raw body, gzip body, content type, ETag) of one file version."""
    raw = Path(path).read_bytes()
    ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    packed = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0) if ctype.startswith(COMPRESSIBLE) else b""
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
        ctype += "; charset=utf-8"
    etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'
    return raw, packed, ctype, etag


class Server:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def end_headers(self):
                self._header_bytes = sum(len(chunk) for chunk in getattr(self, "_headers_buffer", [])) + 2
                super().end_headers()

            def _send(self, status: int, body: bytes, headers: dict) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                with server.lock:
                    server.hits.append(Hit(self.path, status, self._header_bytes + len(body)))

            def do_HEAD(self):
                self.do_GET()

            def do_GET(self):
                url_path = unquote(urlsplit(self.path).path)
                target = (server.root / url_path.lstrip("/")).resolve()
                if not target.is_relative_to(server.root):
                    return self._send(403, b"", {})
                if target.is_dir():
                    if not url_path.endswith("/"):
                        return self._send(301, b"", {"Location": url_path + "/"})
                    target = target / "index.html"
                status = 200
                if not target.is_file():
                    status = 404
                    lang = url_path.strip("/").split("/")[0]
                    target = server.root / lang / "404.html"
                    if not lang or not target.is_file():
                        target = server.root / "404.html"
                    if not target.is_file():
                        return self._send(404, b"not found", {"Content-Type": "text/plain"})
                stat = target.stat()
                raw, packed, ctype, etag = _load(str(target), stat.st_mtime, stat.st_size)
                headers = {"Content-Type": ctype, "Cache-Control": CACHE_CONTROL, "ETag": etag,
                           "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True)}
                if packed:
                    headers["Vary"] = "Accept-Encoding"
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
                body = raw
                if packed and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                    body = packed
                    headers["Content-Encoding"] = "gzip"
                self._send(status, body, headers)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def take(self) -> list[Hit]:
        """The responses sent since the last call."""
        with self.lock:
            hits, self.hits = self.hits, []
        return hits

    def count(self) -> int:
        with self.lock:
            return len(self.hits)
