"""The leaflet is laid out again exactly when something that goes into it changed (scripts/renderers/leaflet_cache.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from scripts.renderers import leaflet_cache
from scripts.renderers.leaflet_layout import Pdf


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


# --- What the key's slow parts were worked out from, remembered between builds ---------------------------------

PAST = 1_000_000_000_000_000_000  # ns: a time set on the test's files, so that any change after it shows


def _age(*paths: Path) -> None:
    for path in paths:
        os.utime(path, ns=(PAST, PAST))


class Counted:
    """A slow answer's stand-in: counts its calls, answers with the files of a folder, watches the folder."""

    def __init__(self, folder: Path):
        self.folder, self.calls = folder, 0

    def __call__(self):
        self.calls += 1
        files = sorted(str(p) for p in self.folder.iterdir())
        return "\n".join(files), [str(self.folder), *files]


def test_a_remembered_answer_is_worked_out_again_exactly_when_what_it_came_from_changed(tmp_path, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    folder, memo = tmp_path / "fonts", tmp_path / "memo.json"
    folder.mkdir()
    (folder / "a.ttf").write_bytes(b"a")
    _age(folder / "a.ttf", folder)
    work_out = Counted(folder)
    first = leaflet_cache.remembered(memo, "fonts", work_out)
    assert leaflet_cache.remembered(memo, "fonts", work_out) == first and work_out.calls == 1
    (folder / "b.ttf").write_bytes(b"b")  # a file added: its folder changed
    assert "b.ttf" in leaflet_cache.remembered(memo, "fonts", work_out) and work_out.calls == 2
    (folder / "b.ttf").write_bytes(b"bigger")  # a file changed in place
    leaflet_cache.remembered(memo, "fonts", work_out)
    assert work_out.calls == 3
    _age(folder)
    leaflet_cache.remembered(memo, "fonts", work_out)
    (folder / "a.ttf").unlink()  # a file gone
    assert "a.ttf" not in leaflet_cache.remembered(memo, "fonts", work_out) and work_out.calls == 5
    assert leaflet_cache.remembered(memo, "other", work_out) and work_out.calls == 6  # each part its own
    memo.write_text("{not json", encoding="utf-8")
    leaflet_cache.remembered(memo, "fonts", work_out)
    assert work_out.calls == 7
    monkeypatch.setenv(leaflet_cache.CACHE_ENV, "off")
    memo.unlink()
    leaflet_cache.remembered(memo, "fonts", work_out)
    leaflet_cache.remembered(memo, "fonts", work_out)
    assert work_out.calls == 9 and not memo.exists()


def test_fontconfigs_list_is_remembered_with_every_folder_and_configuration_file_it_comes_from(tmp_path, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    fonts, conf, named = tmp_path / "fonts", tmp_path / "conf", tmp_path / "named"
    for folder in (fonts / "truetype", conf / "conf.d", named):
        folder.mkdir(parents=True)
    (fonts / "truetype" / "a.ttf").write_bytes(b"a")
    (conf / "conf.d" / "local.conf").write_text(f"<fontconfig><dir>{named}</dir></fontconfig>", encoding="utf-8")
    monkeypatch.setattr(leaflet_cache, "FONT_FOLDERS", (str(fonts),))
    monkeypatch.setattr(leaflet_cache, "FONTCONFIG_FOLDERS", (str(conf),))
    listed: list[int] = []

    def fc_list(*args, **kwargs):
        listed.append(1)
        files = sorted(str(p) for folder in (fonts, named) for p in folder.rglob("*.ttf"))
        return subprocess.CompletedProcess(args, 0, stdout="".join(f"{f}\n" for f in files), stderr="")

    monkeypatch.setattr(leaflet_cache.subprocess, "run", fc_list)
    memo = tmp_path / "memo.json"
    _age(*fonts.rglob("*"), fonts, *conf.rglob("*"), conf, named)

    def fonts_now() -> str:
        return leaflet_cache.system_fonts.__wrapped__(memo)  # as a new build's process would

    first = fonts_now()
    assert "a.ttf" in first and fonts_now() == first and len(listed) == 1  # the next build does not ask
    (named / "b.ttf").write_bytes(b"b")  # a font in a folder only the configuration names
    assert "b.ttf" in fonts_now() and len(listed) == 2
    (conf / "conf.d" / "local.conf").write_text("<fontconfig/>", encoding="utf-8")  # the configuration changed
    fonts_now()
    assert len(listed) == 3
    (fonts / "truetype" / "a.ttf").write_bytes(b"a newer version")  # a font updated in place: its size and time
    updated = fonts_now()
    assert updated != first and "a.ttf 15 " in updated
    assert fonts_now() == updated and len(listed) == 4  # and then remembered again


def test_the_layout_packages_are_remembered_with_their_metadata_folders():
    versions, watch = leaflet_cache._package_versions(("weasyprint",))
    assert versions.startswith("weasyprint==")
    assert any(Path(path).name.startswith("weasyprint-") and path.endswith(".dist-info") for path in watch)
    assert any(path.endswith("METADATA") for path in watch)
    assert leaflet_cache._package_versions(("no-such-package-here",))[0] == "no-such-package-here: none"


def test_kept_texts_come_back_only_from_what_made_them_and_not_with_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.delenv(leaflet_cache.CACHE_ENV, raising=False)
    path = tmp_path / "qr" / "en.json"
    leaflet_cache.keep_texts(path, "segno==1", {"https://x.org/en/?v=3f9c2a1b": "<svg/>"})
    assert leaflet_cache.kept_texts(path, "segno==1") == {"https://x.org/en/?v=3f9c2a1b": "<svg/>"}
    assert leaflet_cache.kept_texts(path, "segno==2") == {}
    monkeypatch.setenv(leaflet_cache.CACHE_ENV, "off")
    assert leaflet_cache.kept_texts(path, "segno==1") == {}
    leaflet_cache.keep_texts(tmp_path / "other.json", "segno==1", {"a": "b"})
    assert not (tmp_path / "other.json").exists()
    monkeypatch.delenv(leaflet_cache.CACHE_ENV)
    path.write_text("[1, 2", encoding="utf-8")
    assert leaflet_cache.kept_texts(path, "segno==1") == {}
