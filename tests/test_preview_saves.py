"""A page saved while the preview builds is built again (scripts/adapters/language.py, drop_stale_outputs).

MkDocs' dirty build renders a page again only when its built file is older than its source. A save that lands
while a build runs, after the page was read and before its output was written, left the old text served until
the next save: the built file is newer than the saved source."""

from __future__ import annotations

import os

from mkdocs.structure.files import File, Files

from scripts.adapters.language import drop_stale_outputs


def _files(tmp_path) -> tuple[Files, dict]:
    docs, site = tmp_path / "docs", tmp_path / "site"
    built = {}
    for name in ("index.md", "care.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    files = Files([File(name, str(docs), str(site), use_directory_urls=True) for name in ("index.md", "care.md")])
    for file in files:
        dest = tmp_path / "site" / file.dest_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text("built", encoding="utf-8")
        built[file.src_uri] = dest
    return files, built


def _set_mtime(path, seconds: int) -> None:
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


def test_the_first_build_drops_nothing_and_later_builds_only_the_pages_saved_since(tmp_path):
    files, built = _files(tmp_path)
    seen: dict[str, int] = {}
    assert drop_stale_outputs(files, seen) == []
    assert all(path.is_file() for path in built.values())
    assert drop_stale_outputs(files, seen) == []  # nothing saved
    _set_mtime(tmp_path / "docs" / "care.md", 2_000_000_000)
    assert drop_stale_outputs(files, seen) == ["care.md"]
    assert not built["care.md"].exists() and built["index.md"].is_file()


def test_a_save_during_a_build_is_built_again_though_its_output_is_newer(tmp_path):
    files, built = _files(tmp_path)
    seen: dict[str, int] = {}
    source = tmp_path / "docs" / "care.md"
    _set_mtime(source, 1_000_000_000)
    drop_stale_outputs(files, seen)  # the build starts: it reads the page
    _set_mtime(source, 1_000_000_005)  # the editor saves meanwhile
    _set_mtime(built["care.md"], 1_000_000_010)  # then the build writes the old text
    assert drop_stale_outputs(files, seen) == ["care.md"]  # the next build
    assert not built["care.md"].exists()


def test_a_page_gone_meanwhile_is_left_to_mkdocs(tmp_path):
    files, _ = _files(tmp_path)
    seen: dict[str, int] = {}
    drop_stale_outputs(files, seen)
    (tmp_path / "docs" / "care.md").unlink()
    assert drop_stale_outputs(files, seen) == []
