"""Each page's QR code is drawn again only when its address or version changed (scripts/adapters/printed.py
on_post_build): the codes of the last build are kept in .cache/qr/, with what drew them."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from scripts.adapters import printed
from scripts.adapters.context import PRINTED_KEY
from scripts.renderers import leaflet_cache, qr


class Config(dict):
    """The parts of MkDocs' config on_post_build reads."""

    __getattr__ = dict.__getitem__


def page(name: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=name))


@pytest.fixture
def drawn(tmp_path, monkeypatch) -> list[str]:
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    monkeypatch.setattr(printed, "QR_CACHE", tmp_path / "cache" / "qr")
    monkeypatch.setattr(printed, "_root_url", lambda config, lang: "https://x.org/")
    addresses: list[str] = []
    real = qr.qr_svg

    def qr_svg(address: str) -> str:
        addresses.append(address)
        return real(address)

    monkeypatch.setattr(printed.qr, "qr_svg", qr_svg)
    return addresses


def build(tmp_path, versions: dict[str, str] | None = None, *, names=("index.md", "aftercare.md")) -> dict[str, str]:
    """One build's codes (a new process each: nothing kept but the cache's file), as written."""
    site = tmp_path / "site"
    config = Config(theme={"language": "en"}, site_dir=str(site))
    nav = SimpleNamespace(pages=[page(name) for name in names])
    config[PRINTED_KEY] = state = SimpleNamespace(nav=nav, qr_codes=None)
    if versions is not None:
        config[printed.VERSIONS_KEY] = SimpleNamespace(
            pages={name: SimpleNamespace(version=v) for name, v in versions.items()}, file="assets/v.js", script=""
        )
    state.qr_codes = printed._draw_codes_apart(config, nav)  # as on_nav asks, before the pages render
    printed.on_post_build(config)  # type: ignore[arg-type]
    return {svg.name: svg.read_text(encoding="utf-8") for svg in sorted((site / printed.QR_DIR).glob("*.svg"))}


def test_a_pages_code_is_drawn_again_only_when_its_version_changed(tmp_path, drawn):
    first = build(tmp_path, {"index.md": "11111111", "aftercare.md": "22222222"})
    assert len(drawn) == 2 and len(first) == 2
    assert build(tmp_path, {"index.md": "11111111", "aftercare.md": "22222222"}) == first and len(drawn) == 2
    changed = build(tmp_path, {"index.md": "11111111", "aftercare.md": "33333333"})
    assert drawn[2:] == ["https://x.org/en/aftercare/?v=33333333"]
    assert changed["aftercare.svg"] == qr.qr_svg("https://x.org/en/aftercare/?v=33333333")
    assert changed["index.svg"] == first["index.svg"]


def test_codes_drawn_by_other_code_or_with_the_cache_off_are_drawn_again(tmp_path, drawn, monkeypatch):
    versions = {"index.md": "11111111", "aftercare.md": "22222222"}
    first = build(tmp_path, versions)
    monkeypatch.setattr(printed, "QR_PACKAGES", ("segno", "pillow"))  # as a new version of what draws them
    assert build(tmp_path, versions) == first and len(drawn) == 4
    monkeypatch.setenv(leaflet_cache.CACHE_ENV, "off")
    assert build(tmp_path, versions) == first and len(drawn) == 6


def test_many_codes_are_drawn_by_a_child_while_the_pages_render_the_same_bytes(tmp_path, drawn, monkeypatch):
    monkeypatch.setattr(printed, "QR_APART_FROM", 3)
    names = [f"page-{n}.md" for n in range(4)]
    apart = build(tmp_path / "apart", names=names)
    assert drawn == []  # none drawn here: the child drew all four
    monkeypatch.setattr(printed, "QR_APART_FROM", 100)
    shutil.rmtree(printed.QR_CACHE)  # nothing kept: all four drawn here
    here = build(tmp_path / "here", names=names)
    assert len(drawn) == 4 and here == apart and len(apart) == 4
    # a build whose codes are kept but one starts no child for it
    monkeypatch.setattr(printed, "QR_APART_FROM", 3)
    build(tmp_path / "apart", {"page-0.md": "11111111"}, names=names)
    assert drawn[4:] == ["https://x.org/en/page-0/?v=11111111"]
