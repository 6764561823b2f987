"""The one local static host (bench/server.py) that the browser tests and the benchmark measure through."""

from __future__ import annotations

import gzip
import http.client
import urllib.parse
from pathlib import Path

import pytest

from bench.server import FINGERPRINTED, REVALIDATE, StaticServer


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "en" / "about").mkdir(parents=True)
    (tmp_path / "en" / "index.html").write_text("<p>" + "home " * 200 + "</p>", encoding="utf-8")
    (tmp_path / "en" / "about" / "index.html").write_text("<p>about</p>", encoding="utf-8")
    (tmp_path / "en" / "404.html").write_text("<p>en: not found</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>root: not found</p>", encoding="utf-8")
    (tmp_path / "bundle.a5f9d56c.min.js").write_text("var x = 1;" * 100, encoding="utf-8")
    return tmp_path


def get(server: StaticServer, path: str, **headers: str) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_pages_under_the_base_path_gzip_and_the_log(tree):
    with StaticServer(tree, base_path="/site/", cache=FINGERPRINTED) as server:
        assert server.url.endswith("/site/")
        status, headers, body = get(server, "/site/en/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-encoding"] == "gzip" and b"home" in gzip.decompress(body)
        assert headers["cache-control"] == "no-cache"
        hits = server.take()
        assert [(hit.path, hit.status, hit.encoding) for hit in hits] == [("/site/en/", 200, "gzip")]
        assert hits[0].wire_bytes > len(body) and server.take() == []
        assert get(server, "/site/en/about")[:2][0] == 301
        assert get(server, "/site")[1]["location"] == "/site/"
        assert get(server, "/site/bundle.a5f9d56c.min.js")[1]["cache-control"] == "public, max-age=31536000, immutable"


def test_missing_pages_get_their_languages_404(tree):
    with StaticServer(tree, base_path="/site/") as server:
        status, headers, body = get(server, "/site/en/nowhere/")
        assert (status, body) == (404, b"<p>en: not found</p>")
        assert get(server, "/site/nowhere/")[2] == b"<p>root: not found</p>"
        assert get(server, "/site/../../etc/passwd")[0] == 404  # never outside the served folder
        assert headers["cache-control"] == "no-cache"


def test_repeat_views_are_answered_304(tree):
    with StaticServer(tree, cache=REVALIDATE) as server:
        status, headers, _ = get(server, "/en/")
        assert status == 200 and headers["cache-control"] == "public, max-age=0, must-revalidate"
        assert get(server, "/en/", **{"If-None-Match": headers["etag"]})[:1] == (304,)
        assert get(server, "/en/", **{"If-Modified-Since": headers["last-modified"]})[:1] == (304,)
        assert get(server, "/en/", **{"If-None-Match": '"other"'})[0] == 200


def test_an_unknown_cache_policy_is_refused(tree):
    with pytest.raises(ValueError, match="unknown cache policy"):
        StaticServer(tree, cache="forever")
