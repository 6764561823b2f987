"""What `make serve` keeps between the builds of one preview, so that a save costs what the saved page costs:
each page's version (scripts/rules/page_versions.py), the search index's word families
(scripts/rules/search_words.py), the sitemap and the error page (scripts/adapters/templates.py), the theme's
list of files (scripts/adapters/safe_mkdocs.py), the glossary terms of the built pages, a settings file's lines
and the search words file (parsed once per text). Each is a hit when nothing it follows from changed, a miss on
each change of what it follows from, and never stale. And how soon a save is heard (inotify, or a look at the
folders), and the search index read and written once per build."""

from __future__ import annotations

import copy
import datetime as dt
import os
import sysconfig
import threading
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.structure.files import File, Files
from watchdog.events import FileSystemEventHandler

from scripts.adapters import safe_mkdocs, templates
from scripts.config.editor_files import EditorFileError
from scripts.rules import page_versions, search_words, signoff

PAGE = "---\ntitle: After\ndescription: What is normal.\n---\n\n# After\n\nSome redness.\n\n## Help\n\nCall us.\n"
NOBODY = signoff.resolve({}, "en", {}, translated=False)
REVIEWED = signoff.resolve(
    {"clinical_review": {"name": "Dr A. Example", "role": "dermatologist", "date": dt.date(2026, 5, 1)}},
    "en",
    {},
    translated=False,
)


# --- Page versions --------------------------------------------------------------------------------------------


def test_a_page_version_is_worked_out_once_per_text_and_sign_off():
    first = page_versions.page_version("after.md", PAGE, NOBODY)
    assert page_versions.page_version("after.md", PAGE, NOBODY) is first  # kept
    assert page_versions.page_version("after.md", PAGE + "More.\n", NOBODY).words != first.words
    signed = page_versions.page_version("after.md", PAGE, REVIEWED)
    assert (signed.words, signed.signoff) == (first.words, page_versions.digest(page_versions.signoff_data(REVIEWED)))
    assert signed.version != first.version
    assert page_versions.page_version("other.md", PAGE, NOBODY).page == "other.md"


def test_a_front_matter_kept_is_a_copy_to_each_caller():
    meta = page_versions.front_matter(PAGE)
    meta["title"] = "Changed by a caller"
    assert page_versions.front_matter(PAGE)["title"] == "After"
    assert page_versions.front_matter(PAGE.replace("title: After", "title: Before"))["title"] == "Before"


def _record(tmp_path, text: str):
    path = tmp_path / "data" / "page-versions.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_record_is_parsed_once_per_text_and_never_shared(tmp_path):
    version = page_versions.page_version("after.md", PAGE, NOBODY)
    record, _ = page_versions.updated_record({}, "en", [version], [version], "2026-01-01")
    path = _record(tmp_path, page_versions.dump_record(record))
    before = page_versions._parsed_record.cache_info()
    first = page_versions.read_record(path, tmp_path)
    first["en"]["pages"].clear()  # a caller's change stays its own
    assert page_versions.read_record(path, tmp_path) == record
    assert page_versions._parsed_record.cache_info().hits == before.hits + 1
    path.write_text(page_versions.dump_record({"fr": record["en"]}), encoding="utf-8")
    assert set(page_versions.read_record(path, tmp_path)) == {"fr"}


@pytest.mark.parametrize("text", ["en: [unclosed\n", "en: {pages: {a.md: [{version: 1}]}}\n"])
def test_a_broken_record_is_refused_on_every_read(tmp_path, text):
    path = _record(tmp_path, text)
    for _ in range(2):
        with pytest.raises(EditorFileError):
            page_versions.read_record(path, tmp_path)


# --- Word families --------------------------------------------------------------------------------------------


def reference_families(docs: list[dict], lang: str, separator: str = search_words.DEFAULT_SEPARATOR) -> list:
    """The families worked out from scratch, as before they were kept."""
    stemmer = search_words.stemmer_for(lang)
    written: set[str] = set()
    for doc in docs:
        written.update(search_words.index_words(doc.get("title", ""), separator))
        written.update(search_words.index_words(doc.get("text", ""), separator))
    by_stem: dict[str, set[str]] = {}
    for word in written:
        for part in {word, search_words.ELISION_RE.split(word)[-1]}:
            if part:
                by_stem.setdefault(stemmer.stemWord(part), set()).add(word)
    groups = {tuple(sorted(g)) for g in by_stem.values() if len({search_words.fold(w) for w in g}) > 1}
    return [list(group) for group in sorted(groups)]


DOCS = {
    "fr": [
        {"title": "Après la séance", "text": "Un gonflement léger. La main est gonflée, l’anesthésie passe."},
        {"title": "Gonfler", "text": "<p>Les mains gonflent parfois ; l'anesthésique agit vite.</p>"},
    ],
    "en": [
        {"title": "Swelling", "text": "Your hands may swell. Swollen hands, swelling that goes."},
        {"title": "Care", "text": "Caring for your skin: cares and careful washing."},
    ],
}


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_the_kept_word_families_are_those_worked_out_from_scratch(lang, monkeypatch):
    docs = DOCS[lang]
    search_words._kept_entry_words.clear()
    expected = reference_families(docs, lang)
    assert search_words.word_families(docs, lang) == expected
    split = []
    monkeypatch.setattr(search_words, "index_words", lambda *args: split.append(args) or [])
    assert search_words.word_families(docs, lang) == expected
    assert split == []  # every entry's words kept


def test_the_kept_entries_are_let_go_past_the_limit(monkeypatch):
    monkeypatch.setattr(search_words, "KEPT_ENTRIES", 1)
    search_words._kept_entry_words.clear()
    assert search_words.word_families(DOCS["en"], "en") == reference_families(DOCS["en"], "en")
    assert len(search_words._kept_entry_words) == 1


def test_a_changed_entry_changes_the_families_and_no_word_stays_behind():
    docs = [dict(doc) for doc in DOCS["en"]]
    before = search_words.word_families(docs, "en")
    assert any("swelling" in group for group in before)
    docs[0] = {"title": "Redness", "text": "A little redness."}
    after = search_words.word_families(docs, "en")
    assert after == reference_families(docs, "en")
    assert not any("swelling" in group for group in after)


@pytest.mark.parametrize("separator", [r"[\s\-]+", r"[\s\-,.;:!?]+", "[unclosed"])
def test_each_separator_keeps_its_own_words(separator):
    docs = DOCS["fr"]
    assert search_words.word_families(docs, "fr", separator) == reference_families(docs, "fr", separator)


def test_a_language_without_a_stemmer_has_no_families():
    assert search_words.word_families(DOCS["en"], "zz") == []


# --- Sitemap and error page -----------------------------------------------------------------------------------


def _page(src: str, title: str, url: str | None = None):
    url = url if url is not None else src.removesuffix(".md") + "/"
    page = SimpleNamespace(url=url, canonical_url=f"https://example.org/en/{url}", is_link=False, title=title)
    return SimpleNamespace(src_uri=src, abs_src_path=f"/docs/en/{src}", page=page)


def _site(tmp_path, pages):
    config = SimpleNamespace(
        site_dir=str(tmp_path / "site"),
        site_url="https://example.org/en/",
        extra={"alternate": [{"lang": "en"}, {"lang": "fr"}], "patient": {"lang": "en"}},
    )
    (tmp_path / "site").mkdir(exist_ok=True)
    return config, SimpleNamespace(documentation_pages=lambda: list(pages))


def _write(config, name: str) -> None:
    """What MkDocs does with a template it renders: on_post_template, then the file."""
    templates.on_post_template("<rendered/>", name, config)
    (templates.Path(config.site_dir) / name).write_text("<rendered/>", encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_kept_templates():
    templates._written.clear()
    templates._pending.clear()
    yield
    templates._written.clear()
    templates._pending.clear()


@pytest.mark.parametrize("name", sorted(templates.KEPT_TEMPLATES))
def test_a_template_is_written_on_the_first_build_then_kept_until_a_change(tmp_path, name):
    config, files = _site(tmp_path, [_page("index.md", "Home"), _page("care.md", "Care")])
    assert templates.template_changed(name, config, files)
    _write(config, name)
    assert not templates.template_changed(name, config, files)  # a save of a page's words
    (tmp_path / "site" / name).unlink()  # a shared file changed: the preview emptied the site
    assert templates.template_changed(name, config, files)


@pytest.mark.parametrize("name", sorted(templates.KEPT_TEMPLATES))
def test_a_template_not_written_is_not_taken_as_written(tmp_path, name):
    config, files = _site(tmp_path, [_page("index.md", "Home")])
    assert templates.template_changed(name, config, files)
    (tmp_path / "site" / name).write_text("<from another build/>", encoding="utf-8")  # the build failed before
    assert templates.template_changed(name, config, files)


@pytest.mark.parametrize(
    ("change", "sitemap", "error_page"),
    [
        ("page added", True, True),
        ("page moved", True, True),
        ("title changed", False, True),
        ("language added", True, False),
    ],
)
def test_each_template_follows_what_it_shows(tmp_path, change, sitemap, error_page):
    pages = [_page("index.md", "Home"), _page("care.md", "Care")]
    config, files = _site(tmp_path, pages)
    for name in templates.KEPT_TEMPLATES:
        templates.template_changed(name, config, files)
        _write(config, name)
    if change == "page added":
        pages.append(_page("new.md", "New"))
    elif change == "page moved":
        pages[1] = _page("care.md", "Care", url="aftercare/")
    elif change == "title changed":
        pages[1] = _page("care.md", "After care")
    else:
        config.extra["alternate"].append({"lang": "it"})
    assert templates.template_changed("sitemap.xml", config, files) is sitemap
    assert templates.template_changed("404.html", config, files) is error_page


def test_a_full_build_records_nothing(tmp_path):
    config, _ = _site(tmp_path, [])
    templates.on_post_template("<rendered/>", "sitemap.xml", config)
    assert templates._written == {}


# --- The theme's files ----------------------------------------------------------------------------------------


@pytest.fixture
def theme(tmp_path, monkeypatch):
    """A two-folder theme (overrides first), MkDocs' own listing restored after the test."""
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)
    safe_mkdocs._theme_listings.clear()
    overrides, base = tmp_path / "overrides", tmp_path / "theme"
    for folder, names in ((overrides, ["assets/site.css"]), (base, ["assets/site.css", "assets/app.js", "a.html"])):
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(f"/* {folder.name} */", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(overrides), str(base)]))
    listed = []
    original = env.list_templates
    env.list_templates = lambda **kwargs: listed.append(1) or original(**kwargs)  # type: ignore[method-assign]
    config = SimpleNamespace(
        theme=SimpleNamespace(dirs=[str(overrides), str(base)], static_templates={"sitemap.xml", "404.html"}),
        site_dir=str(tmp_path / "site"),
        use_directory_urls=True,
    )
    yield SimpleNamespace(env=env, config=config, listed=listed, overrides=overrides, docs=tmp_path / "docs")
    safe_mkdocs._theme_listings.clear()


def _files(theme, docs: list[str] = ()) -> dict[str, str]:
    files = Files([File(name, str(theme.docs), theme.config.site_dir, True) for name in docs])
    files.add_files_from_theme(theme.env, theme.config)
    return {file.src_uri: file.src_dir for file in files}


def test_the_theme_is_listed_once_and_gives_what_mkdocs_gives(theme):
    mkdocs_own = _files(theme)
    assert theme.listed == [1]
    safe_mkdocs.keep_theme_listing()
    assert _files(theme) == mkdocs_own  # listed again: nothing kept yet
    assert _files(theme) == mkdocs_own
    assert theme.listed == [1, 1]  # the third build listed nothing
    assert mkdocs_own == {"assets/site.css": str(theme.overrides), "assets/app.js": str(theme.config.theme.dirs[1])}


def test_a_file_added_to_a_theme_folder_is_listed(theme):
    safe_mkdocs.keep_theme_listing()
    _files(theme)
    (theme.overrides / "assets" / "extra.js").write_text("", encoding="utf-8")
    assert "assets/extra.js" in _files(theme)
    assert theme.listed == [1, 1]


def test_a_page_folder_file_is_not_replaced_by_the_theme(theme):
    safe_mkdocs.keep_theme_listing()
    _files(theme)
    assert _files(theme, docs=["assets/app.js"])["assets/app.js"] == str(theme.docs)


def test_an_installed_theme_is_not_walked():
    assert safe_mkdocs._file_names(sysconfig.get_path("purelib")) == ()


# --- How soon a save is seen ----------------------------------------------------------------------------------


def test_the_preview_hears_of_saves_and_builds_soon_after(monkeypatch, tmp_path):
    from mkdocs.livereload import LiveReloadServer

    monkeypatch.setattr(LiveReloadServer, "__init__", LiveReloadServer.__init__)
    safe_mkdocs.see_saves_sooner()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    assert isinstance(server.observer, safe_mkdocs.SaveWatcher)
    assert server.observer.timeout == safe_mkdocs.PREVIEW_POLL_S == 0.25
    assert server.build_delay == safe_mkdocs.PREVIEW_SETTLE_S < 0.1  # MkDocs' own: 0.1 s
    other = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path), polling_interval=2)
    assert other.observer.timeout == 2


class _Heard(FileSystemEventHandler):
    """The files a watcher told of, and an event set once `last` is among them."""

    def __init__(self, last: str):
        self.paths: list[str] = []
        self.last = last
        self.done = threading.Event()

    def on_any_event(self, event):
        if not event.is_directory:
            self.paths.append(os.path.basename(event.src_path))
            if os.path.basename(event.src_path) == self.last:
                self.done.set()


def _watched(tmp_path, watcher) -> _Heard:
    (tmp_path / "read.md").write_text("Read.", encoding="utf-8")
    heard = _Heard("saved.md")
    watcher.schedule(heard, str(tmp_path), recursive=True)
    watcher.start()
    try:
        (tmp_path / "read.md").read_text(encoding="utf-8")  # what every build does to every page
        (tmp_path / "saved.md").write_text("Saved.", encoding="utf-8")
        assert heard.done.wait(timeout=10)
    finally:
        watcher.stop()
        watcher.join()
    return heard


def test_a_save_is_heard_and_a_read_is_not(tmp_path):
    watcher = safe_mkdocs.SaveWatcher(0.25)
    heard = _watched(tmp_path, watcher)
    assert not watcher.polling  # told by the system, not looked for
    assert "saved.md" in heard.paths
    assert "read.md" not in heard.paths  # else every build would start another, for ever


def test_without_the_systems_notice_the_folders_are_looked_at(tmp_path, monkeypatch):
    from watchdog.observers import inotify

    def refused(*args, **kwargs):
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(inotify, "InotifyObserver", refused)
    watcher = safe_mkdocs.SaveWatcher(0.05)
    heard = _watched(tmp_path, watcher)
    assert watcher.polling
    assert "saved.md" in heard.paths and "read.md" not in heard.paths


def test_with_no_watch_left_the_folders_are_looked_at(tmp_path, monkeypatch):
    from watchdog.observers import inotify

    def refused(self):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(inotify.InotifyEmitter, "on_thread_start", refused)
    watcher = safe_mkdocs.SaveWatcher(0.05)
    heard = _watched(tmp_path, watcher)
    assert watcher.polling
    assert "saved.md" in heard.paths


def test_a_folder_let_go_before_the_start_is_not_watched(tmp_path):
    watcher = safe_mkdocs.SaveWatcher(0.25)
    other = tmp_path / "other"
    other.mkdir()
    token = watcher.schedule(_Heard("x"), str(other), recursive=True)
    watcher.unschedule(token)
    heard = _watched(tmp_path, watcher)
    assert "saved.md" in heard.paths


# --- Glossary terms of the built pages ------------------------------------------------------------------------


def with_terms(site_dir, index: dict) -> dict:
    """A copy of the index with the glossary's terms, as the build adds them (pages.process_site)."""
    from scripts.postprocess import pages as postprocess

    index = copy.deepcopy(index)
    postprocess._glossary_terms_into(index, site_dir)
    return index


def test_a_built_page_without_glossary_terms_is_not_read_again_until_rewritten(tmp_path, monkeypatch):
    import os

    from scripts.postprocess import pages as postprocess

    page = tmp_path / "care" / "index.html"
    page.parent.mkdir()
    page.write_text("<html><body><p>Care.</p></body></html>", encoding="utf-8")
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "care/", "title": "Care", "text": "t"}]}
    read = []
    original = postprocess.Path.read_text
    monkeypatch.setattr(
        postprocess.Path, "read_text", lambda self, *a, **k: read.append(self.name) or original(self, *a, **k)
    )
    with_terms(tmp_path, index)
    with_terms(tmp_path, index)
    assert read.count("index.html") == 1  # unchanged, and known to list no term
    page.write_text(
        '<div class="glossary"><dl class="glossary__letter"><dt id="term-bruise">Bruise</dt><dd>A mark.</dd></dl></div>',
        encoding="utf-8",
    )
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    written = with_terms(tmp_path, index)
    assert read.count("index.html") == 2  # rewritten: read again
    assert [d["location"] for d in written["docs"]] == ["care/", "care/#term-bruise"]


def test_a_page_minified_after_it_was_found_without_terms_is_still_known_to_have_none(tmp_path, monkeypatch):
    import os

    from scripts.postprocess import pages as postprocess

    page = tmp_path / "care" / "index.html"
    other = tmp_path / "other" / "index.html"
    for path in (page, other):
        path.parent.mkdir()
        path.write_text("<html><body><p>Care.</p></body></html>", encoding="utf-8")
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "care/", "title": "Care", "text": "t"}]}
    with_terms(tmp_path, index)
    page.write_text("<html><body><p>Care.", encoding="utf-8")  # the first build's minify rewrites it
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    postprocess._still_without_terms(page)
    postprocess._still_without_terms(other)  # never judged: nothing is said of it
    assert other not in postprocess._WITHOUT_TERMS
    read = []
    original = postprocess.Path.read_text
    monkeypatch.setattr(
        postprocess.Path, "read_text", lambda self, *a, **k: read.append(self.parent.name) or original(self, *a, **k)
    )
    with_terms(tmp_path, index)
    assert "care" not in read  # the first save after start does not read it again


def test_a_glossary_page_minified_after_its_terms_were_read_is_not_parsed_again(tmp_path, monkeypatch):
    from scripts.postprocess import pages as postprocess

    page = tmp_path / "glossary" / "index.html"
    page.parent.mkdir()
    built = (
        '<html><body><div class="glossary">\n  <dl class="glossary__letter">\n    <dt id="term-bruise">Bruise</dt>\n'
        "    <dd>A mark.</dd>\n  </dl>\n</div></body></html>"
    )
    page.write_text(built, encoding="utf-8")
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "glossary/", "title": "Glossary", "text": "t"}]}
    parsed = []
    parse = postprocess._glossary_terms
    monkeypatch.setattr(postprocess, "_glossary_terms", lambda html: parsed.append(html) or parse(html))
    with_terms(tmp_path, index)
    minified = postprocess.minify(built)
    assert minified != built
    page.write_text(minified, encoding="utf-8")  # the first build's minify rewrites it
    postprocess._still_without_terms(page, built, minified)
    written = with_terms(tmp_path, index)
    assert parsed == [built]  # the first save after start does not parse it again
    assert [d["location"] for d in written["docs"]] == ["glossary/", "glossary/#term-bruise"]
    changed = minified.replace("A mark.", "A dark mark.")
    page.write_text(changed, encoding="utf-8")  # saved again: its new text is parsed
    written = with_terms(tmp_path, index)
    assert parsed == [built, changed]
    assert written["docs"][-1]["text"] == "A dark mark."


# --- The search index: read and written once per build ---------------------------------------------------------


def _site_with_index(site_dir, *, offline: bool) -> dict:
    import json

    from scripts.postprocess import pages as postprocess

    (site_dir / "search").mkdir(parents=True)
    (site_dir / "glossary").mkdir()
    (site_dir / "glossary" / "index.html").write_text(
        '<html lang="en"><body><div class="glossary"><dl class="glossary__letter"><dt id="term-bruise">Bruise</dt>'
        "<dd>A mark.</dd></dl></div></body></html>",
        encoding="utf-8",
    )
    index = {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "", "title": "Home", "text": "Bruising and swelling"},
            {"location": "glossary/", "title": "Glossary", "text": "Words"},
        ],
    }
    (site_dir / postprocess.STUB_INDEX).write_text(json.dumps(index), encoding="utf-8")
    if offline:
        (site_dir / postprocess.OFFLINE_INDEX_SCRIPT).write_text("var __index = {}", encoding="utf-8")
    return index


@pytest.mark.parametrize("offline", [False, True])
def test_the_search_index_is_read_once_and_ends_as_step_by_step(tmp_path, monkeypatch, offline):
    from scripts.postprocess import pages as postprocess

    everyday = [["bruise", ["bruising"]]]
    stepwise, once = tmp_path / "stepwise", tmp_path / "once"
    for site in (stepwise, once):
        _site_with_index(site, offline=offline)
    # each addition on its own, the index read and written around it (as each was done before)
    for add in (
        lambda index: postprocess._glossary_terms_into(index, stepwise),
        lambda index: postprocess._everyday_words_into(index, everyday),
        lambda index: postprocess._word_families_into(index, search_words.word_families),
        postprocess._stop_words_into,
    ):
        index = postprocess._read_index(stepwise)
        assert index is not None
        add(index)
        postprocess._write_index(stepwise, index)
    if not offline:
        postprocess.split_search_index(stepwise)
    reads = []
    original = postprocess.Path.read_text
    monkeypatch.setattr(
        postprocess.Path,
        "read_text",
        lambda self, *a, **k: reads.append(self.name) or original(self, *a, **k),
    )
    postprocess.process_site(
        once, offline=offline, preview=True, everyday_words=everyday, word_families=search_words.word_families
    )
    assert reads.count("search_index.json") == 1
    names = [postprocess.STUB_INDEX, postprocess.OFFLINE_INDEX_SCRIPT if offline else postprocess.FULL_INDEX]
    for name in names:
        assert (once / name).read_text(encoding="utf-8") == original(stepwise / name, encoding="utf-8"), name
    assert "term-bruise" in (once / names[1]).read_text(encoding="utf-8")


def test_an_index_already_split_is_left_as_it_is(tmp_path):
    import json

    from scripts.postprocess import pages as postprocess

    _site_with_index(tmp_path, offline=False)
    postprocess.process_site(tmp_path, offline=False, preview=True, everyday_words=[])
    full = (tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8")
    postprocess.process_site(tmp_path, offline=False, preview=True, everyday_words=[["x", ["y"]]])
    assert (tmp_path / postprocess.FULL_INDEX).read_text(encoding="utf-8") == full
    assert json.loads((tmp_path / postprocess.STUB_INDEX).read_text(encoding="utf-8"))["docs"] == []


# --- Settings' lines and the search words file: parsed once per text ---------------------------------------------


def test_the_lines_of_a_settings_text_are_worked_out_once_and_never_shared(monkeypatch):
    from scripts.config import editor_files

    composed = []
    compose = editor_files.yaml.compose
    monkeypatch.setattr(editor_files.yaml, "compose", lambda *a, **k: composed.append(1) or compose(*a, **k))
    text = "site_name: Care lines once\nextra:\n  clinic:\n    phone: '1'\n"
    first = editor_files.setting_lines(text)
    first["extra"] = 99  # a caller's change stays its own
    assert editor_files.setting_lines(text) == {"site_name": 1, "extra": 2, "extra.clinic": 3, "extra.clinic.phone": 4}
    assert len(composed) == 1  # kept
    assert editor_files.setting_lines(text.replace("site_name", "site_name: x\nsite_url")) != first
    assert len(composed) == 2  # another text: worked out
    assert editor_files.setting_lines("a: [unclosed\n") == {}


def _words_file(root, text: str):
    path = search_words.words_file(root, "en")
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_search_words_file_is_parsed_once_per_text(tmp_path, monkeypatch):
    parsed = []
    parse = search_words.parse_yaml
    monkeypatch.setattr(search_words, "parse_yaml", lambda *a, **k: parsed.append(1) or parse(*a, **k))
    _words_file(tmp_path, "- patient: bruise once\n  pages: [bruising]\n")
    entries, _ = search_words.load(tmp_path, "en")
    entries.clear()  # a caller's change stays its own
    assert [e.patient for e in search_words.load(tmp_path, "en")[0]] == ["bruise once"]
    assert len(parsed) == 1
    _words_file(tmp_path, "- patient: bruise once\n  pages: [bruising, bruised]\n")
    assert search_words.load(tmp_path, "en")[0][0].pages == ["bruising", "bruised"]
    assert len(parsed) == 2


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- patient: [unclosed\n", "not valid YAML"),
        ("patient: bruise\n", "expected a list of entries"),
        ("- patient: bruise\n- patient: bruise\n  pages: [x]\n", "'bruise': 'pages' is empty"),
    ],
)
def test_a_broken_search_words_file_is_reported_on_every_read(tmp_path, text, what):
    _words_file(tmp_path, text)
    for _ in range(2):
        entries, problems = search_words.load(tmp_path, "en")
        assert problems and any(what in str(problem) for problem in problems), problems
