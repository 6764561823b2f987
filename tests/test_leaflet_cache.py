"""The leaflet is laid out again exactly when something that goes into it changed (scripts/renderers/leaflet_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.renderers import leaflet_cache
from scripts.renderers.leaflet import Pdf


class Layout:
    """A stand-in for WeasyPrint: counts its calls, writes bytes made of its input."""

    def __init__(self, *, refused=(), warnings=()):
        self.calls = 0
        self.refused, self.warnings = tuple(refused), tuple(warnings)

    def __call__(self, html: str, *, base_url: str, site_files) -> Pdf:
        self.calls += 1
        return Pdf(f"%PDF {html} {base_url}".encode(), 3, self.warnings, self.refused)


@pytest.fixture
def inputs(tmp_path: Path):
    image = tmp_path / "site" / "logo.svg"
    image.parent.mkdir()
    image.write_text("<svg/>")
    return {"base_url": (tmp_path / "docs").as_uri() + "/", "site_files": frozenset([image])}


def build(html: str, inputs, layout, cache: Path, *, fonts="DejaVuSans.ttf 1 1", code="weasyprint==70.0"):
    return leaflet_cache.cached_pdf(
        html, **inputs, layout=layout, cache_dir=cache, fonts=lambda: fonts, code=lambda: code
    )


def test_an_unchanged_leaflet_comes_from_the_cache_byte_for_byte(tmp_path, inputs, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    layout, cache = Layout(), tmp_path / "cache"
    first, cached = build("<p>one</p>", inputs, layout, cache)
    assert not cached and layout.calls == 1
    again, cached = build("<p>one</p>", inputs, layout, cache)
    assert cached and layout.calls == 1
    assert (again.data, again.pages, again.warnings, again.refused) == (first.data, first.pages, (), ())


@pytest.mark.parametrize("change", ["html", "base_url", "image", "new file", "fonts", "code"])
def test_anything_that_goes_into_the_leaflet_lays_it_out_again(tmp_path, inputs, change, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    layout, cache = Layout(), tmp_path / "cache"
    build("<p>one</p>", inputs, layout, cache)
    html, kwargs = "<p>one</p>", {}
    if change == "html":
        html = "<p>two</p>"
    elif change == "base_url":
        inputs = dict(inputs, base_url=inputs["base_url"] + "other/")
    elif change == "image":
        next(iter(inputs["site_files"])).write_text("<svg><g/></svg>")
    elif change == "new file":
        extra = tmp_path / "site" / "photo.png"
        extra.write_bytes(b"png")
        inputs = dict(inputs, site_files=inputs["site_files"] | {extra})
    elif change == "fonts":
        kwargs["fonts"] = "DejaVuSans.ttf 2 1"
    elif change == "code":
        kwargs["code"] = "weasyprint==71.0"
    _, cached = build(html, inputs, layout, cache, **kwargs)
    assert not cached and layout.calls == 2


def test_a_refused_or_warned_layout_is_never_kept(tmp_path, inputs, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    for layout in (Layout(refused=[("https://evil.example/x.css", "network")]), Layout(warnings=["no font"])):
        cache = tmp_path / f"cache-{id(layout)}"
        build("<p>x</p>", inputs, layout, cache)
        pdf, cached = build("<p>x</p>", inputs, layout, cache)
        assert not cached and layout.calls == 2 and (pdf.refused or pdf.warnings)


def test_a_damaged_entry_is_laid_out_again(tmp_path, inputs, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    layout, cache = Layout(), tmp_path / "cache"
    build("<p>one</p>", inputs, layout, cache)
    (pdf_file,) = cache.glob("*.pdf")
    pdf_file.write_bytes(b"%PDF cut sho")
    pdf, cached = build("<p>one</p>", inputs, layout, cache)
    assert not cached and layout.calls == 2 and pdf.data.startswith(b"%PDF <p>one</p>")
    (info,) = cache.glob("*.json")
    info.write_text("{not json")
    assert build("<p>one</p>", inputs, layout, cache)[1] is False


def test_the_cache_can_be_turned_off_and_keeps_only_the_newest(tmp_path, inputs, monkeypatch):
    layout, cache = Layout(), tmp_path / "cache"
    monkeypatch.setenv(leaflet_cache.CACHE_ENV, "off")
    build("<p>one</p>", inputs, layout, cache)
    assert build("<p>one</p>", inputs, layout, cache)[1] is False and not cache.exists()
    monkeypatch.delenv(leaflet_cache.CACHE_ENV)
    for number in range(leaflet_cache.KEEP + 5):
        build(f"<p>{number}</p>", inputs, layout, cache)
    assert len(list(cache.glob("*.json"))) == len(list(cache.glob("*.pdf"))) == leaflet_cache.KEEP
    assert not list(cache.glob("*.tmp"))


def test_the_layout_code_and_fonts_are_part_of_the_key():
    code = leaflet_cache.layout_code()
    assert "weasyprint==" in code and "def write_pdf" in code and "def finisher" in code
    fonts = leaflet_cache.system_fonts()
    assert "DejaVu" in fonts or fonts == "fc-list: unavailable"
