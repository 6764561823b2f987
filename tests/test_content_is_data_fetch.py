"""The printed leaflet loads only files of the site (scripts/config/file_safety.py fetch_target, leaflet_layout.site_only_fetcher):
no other file of the machine, nothing from the network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from scripts.config import file_safety
from scripts.renderers import leaflet_layout

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cf000000030101005e8a1d2a0000000049454e44ae426082"
)
DATA_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@pytest.fixture
def site(tmp_path: Path):
    """A pages folder with two images the build publishes, a page it renders, and a secret beside it."""
    docs = tmp_path / "docs" / "en"
    (docs / "img").mkdir(parents=True)
    (docs / "img" / "hand.png").write_bytes(PNG)
    (docs / "img" / "two words.png").write_bytes(PNG)
    (docs / "aftercare.md").write_text("# Aftercare\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the leaflet", encoding="utf-8")
    files = file_safety.site_files([docs / "img" / "hand.png", docs / "img" / "two words.png"])
    return docs, files, docs.as_uri() + "/"


def test_a_file_of_the_site_is_served_by_its_file_url(site):
    docs, files, _ = site
    assert file_safety.fetch_target((docs / "img" / "hand.png").as_uri(), files) == docs / "img" / "hand.png"
    assert file_safety.fetch_target((docs / "img" / "two words.png").as_uri(), files) == docs / "img" / "two words.png"
    assert file_safety.fetch_target("file://localhost" + str(docs / "img" / "hand.png"), files) == (
        docs / "img" / "hand.png"
    )


@pytest.mark.parametrize("url", ["img/hand.png", "./img/hand.png", "img/../img/hand.png", "img/two%20words.png"])
def test_a_relative_url_is_resolved_inside_the_site(site, url):
    docs, files, base = site
    assert file_safety.fetch_target(url, files, base) in {docs / "img" / "hand.png", docs / "img" / "two words.png"}


def test_an_inline_image_is_allowed_and_other_data_is_not():
    assert file_safety.fetch_target(DATA_PNG, frozenset()) == DATA_PNG
    assert file_safety.fetch_target("data:image/jpeg;base64,AAAA", frozenset()) == "data:image/jpeg;base64,AAAA"
    qr = "data:image/svg+xml;base64,PHN2Zy8+"  # the leaflet's QR codes
    assert file_safety.fetch_target(qr, frozenset()) == qr
    for url in ("data:text/css,body{}", "data:text/html,<p>x</p>", "data:application/pdf;base64,AAAA", "data:,x"):
        with pytest.raises(file_safety.FetchRefused, match="only images"):
            file_safety.fetch_target(url, frozenset())


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/passwd?x=1#y",
        "file:///proc/self/environ",
    ],
)
def test_a_file_outside_the_site_is_refused(site, url):
    _, files, base = site
    with pytest.raises(file_safety.FetchRefused, match="not a file of the site"):
        file_safety.fetch_target(url, files, base)


def test_a_file_beside_the_images_that_the_build_does_not_publish_is_refused(site):
    docs, files, base = site
    for url in ("aftercare.md", (docs / "aftercare.md").as_uri(), "../../secret.txt", docs.as_uri()):
        with pytest.raises(file_safety.FetchRefused, match="not a file of the site"):
            file_safety.fetch_target(url, files, base)


@pytest.mark.parametrize(
    "url",
    [
        "../../../../../../etc/passwd",
        "img/../../../../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "img/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ],
)
def test_an_escape_with_dot_dot_is_refused(site, url):
    _, files, base = site
    with pytest.raises(file_safety.FetchRefused, match="not a file of the site"):
        file_safety.fetch_target(url, files, base)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://evil.example/x.css", "nothing from the network (http://)"),
        ("https://evil.example/x.woff2", "nothing from the network (https://)"),
        ("HTTPS://evil.example/x.png", "nothing from the network (https://)"),
        ("ftp://evil.example/x.png", "nothing from the network (ftp://)"),
        ("gopher://evil.example/x", "nothing from the network (gopher://)"),
        ("mailto:a@evil.example", "nothing from the network (mailto:)"),
        ("javascript:alert(1)", "nothing from the network (javascript:)"),
        ("//evil.example/x.png", "no file from another machine (evil.example)"),
        ("file://evil.example/share/x.png", "no file from another machine (evil.example)"),
    ],
)
def test_anything_from_the_network_or_another_machine_is_refused(site, url, said):
    _, files, base = site
    with pytest.raises(file_safety.FetchRefused) as refused:
        file_safety.fetch_target(url, files, base)
    assert said in str(refused.value)


def test_a_link_among_the_site_files_is_never_served(site, tmp_path):
    docs, _, base = site
    (docs / "img" / "passwd.png").symlink_to("/etc/passwd")
    (tmp_path / "linked").symlink_to(docs, target_is_directory=True)
    files = file_safety.site_files([docs / "img" / "hand.png", docs / "img" / "passwd.png", Path("/etc/passwd")])
    assert docs / "img" / "passwd.png" not in files and Path("/etc/passwd") in files  # a regular file, kept
    with pytest.raises(file_safety.FetchRefused):
        file_safety.fetch_target("img/passwd.png", files, base)
    # Through a linked folder, even to an image of the site: the real path is not the one asked for.
    with pytest.raises(file_safety.FetchRefused):
        file_safety.fetch_target((tmp_path / "linked" / "img" / "hand.png").as_uri(), files | {tmp_path / "linked"})


def test_the_layout_loads_the_site_images_refuses_the_rest_and_opens_no_connection(site, monkeypatch):
    """WeasyPrint itself, given a hostile document: every outside reference is refused by the fetcher,
    the site's image and the inline one are laid out, and no name is resolved, no socket connected."""
    docs, files, base = site
    attempts: list[str] = []

    def refuse(what):
        def guard(*args, **kwargs):
            attempts.append(f"{what} {args!r}")
            raise OSError("network denied by the test")

        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("resolve"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    document = f"""<!DOCTYPE html><html lang="en"><head><title>x</title>
<link rel="stylesheet" href="https://evil.example/x.css">
<style>@import url(https://evil.example/i.css);
@font-face {{ font-family: Evil; src: url(https://fonts.evil.example/f.woff2); }}
p {{ font-family: Evil, sans-serif; }}</style></head><body>
<p>Text</p><img src="img/hand.png" alt="hand"><img src="{DATA_PNG}" alt="dot">
<img src="https://evil.example/p.png" alt="remote"><img src="../../../../../../../etc/passwd" alt="escape">
<img src="ftp://evil.example/f.png" alt="ftp">
<a rel="attachment" href="file:///etc/passwd">attachment</a></body></html>"""
    pdf = leaflet_layout.write_pdf(document, base_url=base, site_files=files)
    assert attempts == []
    assert {url for url, _ in pdf.refused} == {
        "https://evil.example/x.css",
        "https://evil.example/i.css",
        "https://fonts.evil.example/f.woff2",
        "https://evil.example/p.png",
        "file:///etc/passwd",
        "ftp://evil.example/f.png",
    }
    assert all(why for _, why in pdf.refused)
    assert not any("hand.png" in warning or "data:" in warning for warning in pdf.warnings), pdf.warnings
    assert pdf.data.startswith(b"%PDF")
    assert b"/EmbeddedFile" not in pdf.data  # the refused attachment (an allowed one would be there)
