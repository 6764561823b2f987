"""What a language build lets go once it has used it, so that the pages' post-processing beside Node.js does not
carry it (the build's summed peak at 50×): the search index, once written; the words and stems the word families
were made from, once made (kept by the preview, which makes them again on the next save)."""

from __future__ import annotations

import json
import weakref

from scripts.postprocess import pages as postprocess
from scripts.rules import search_words

DOCS = [
    {"location": "", "title": "Swelling", "text": "Your skin may swell. Swollen skin, swelling that goes."},
    {"location": "care/", "title": "Care", "text": "Caring for your skin: cares and careful washing."},
]


class Index(dict):
    """A search index that can be watched (a plain dict has no weak reference)."""


def _site(site_dir, pages: int = 3) -> None:
    (site_dir / "search").mkdir(parents=True)
    index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": DOCS}
    (site_dir / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    for number in range(pages):
        page = site_dir / f"page-{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<!doctype html><html lang="en"><body><p>Page {number}</p></body></html>', encoding="utf-8")


def test_the_search_index_is_let_go_before_the_pages_are_post_processed(tmp_path, monkeypatch):
    _site(tmp_path)
    read = postprocess._read_index
    watched: list[weakref.ref] = []

    def read_index(site_dir):
        index = Index(read(site_dir))
        watched.append(weakref.ref(index))
        return index

    alive_at_pages: list[bool] = []
    process_page = postprocess.process_page

    def watch_page(*args, **kwargs):
        alive_at_pages.append(watched[0]() is not None)
        return process_page(*args, **kwargs)

    monkeypatch.setattr(postprocess, "_read_index", read_index)
    monkeypatch.setattr(postprocess, "process_page", watch_page)
    assert postprocess.process_site(tmp_path, offline=False, preview=True, everyday_words=[]) == 3
    assert len(watched) == 1 and alive_at_pages == [False, False, False]
    # and written all the same: the full index with its entries, the stub without
    assert json.loads((tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8"))["docs"] == DOCS
    assert json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))["docs"] == []


def test_a_build_makes_the_word_families_and_lets_go_of_what_made_them():
    search_words.forget_index_words()
    kept = search_words.word_families(DOCS, "en")  # the preview's way: kept for its next save
    assert search_words._kept_entry_words and search_words._word_stems.cache_info().currsize
    once = search_words.word_families_once(DOCS, "en")
    assert once == kept and any("swelling" in family for family in once)
    assert not search_words._kept_entry_words and search_words._word_stems.cache_info().currsize == 0


def test_the_words_are_let_go_when_the_families_fail_too(monkeypatch):
    search_words.forget_index_words()
    search_words.word_families(DOCS, "en")

    def fails(*args):
        raise ValueError("bad separator")

    monkeypatch.setattr(search_words, "word_families", fails)
    try:
        search_words.word_families_once(DOCS, "en")
    except ValueError:
        pass
    assert not search_words._kept_entry_words and search_words._word_stems.cache_info().currsize == 0


def test_the_build_passes_the_families_that_let_go_and_the_preview_those_that_keep(monkeypatch):
    from types import SimpleNamespace

    from scripts.adapters import post_build

    given: list = []
    monkeypatch.setattr(post_build.postprocess, "process_site", lambda *a, **k: given.append(k["word_families"]))
    for preview in (False, True):
        build = SimpleNamespace(
            failed=False, preview=preview, dirty=False, written=[], sources={}, lang="en", ahead=None
        )
        monkeypatch.setattr(post_build, "language_build", lambda config, build=build: build)
        config = SimpleNamespace(site_dir="/nonexistent", docs_dir="docs/en", site_url="", extra={}, plugins={})
        monkeypatch.setattr(post_build, "_offline", lambda config: False)
        post_build.on_post_build(config)
    assert given == [search_words.word_families_once, search_words.word_families]


def test_a_written_page_lets_go_of_its_html_and_markdown_in_a_build_not_in_the_preview(monkeypatch):
    from types import SimpleNamespace

    from scripts.adapters import post_build

    kept = {}
    for preview in (False, True):
        build = SimpleNamespace(preview=preview, written=[], sources={}, ahead=None)
        monkeypatch.setattr(post_build, "language_build", lambda config, build=build: build)
        file = SimpleNamespace(abs_dest_path=f"/site/{preview}/index.html", abs_src_path="/docs/index.md")
        page = SimpleNamespace(file=file, content="<p>Body</p>", markdown="Body")
        assert post_build.on_post_page("<html>Body</html>", page, config=None) == "<html>Body</html>"
        assert build.written == [file.abs_dest_path] and build.sources == {
            file.abs_dest_path: post_build.Path(file.abs_src_path)
        }
        kept[preview] = (page.content, page.markdown)
    assert kept == {False: (None, None), True: ("<p>Body</p>", "Body")}
