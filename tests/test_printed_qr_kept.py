"""Each page's QR code is drawn again only when its address or version changed (scripts/adapters/printed.py
on_post_build): the codes of the last build are kept in .cache/qr/, with what drew them."""

from __future__ import annotations

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


def build(tmp_path, versions: dict[str, str] | None = None) -> dict[str, str]:
    """One build's codes (a new process each: nothing kept but the cache's file), as written."""
    site = tmp_path / "site"
    config = Config(theme={"language": "en"}, site_dir=str(site))
    config[PRINTED_KEY] = SimpleNamespace(nav=SimpleNamespace(pages=[page("index.md"), page("aftercare.md")]))
    if versions is not None:
        config[printed.VERSIONS_KEY] = SimpleNamespace(
            pages={name: SimpleNamespace(version=v) for name, v in versions.items()}, file="assets/v.js", script=""
        )
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
