"""The style rules of a built language (scripts/postprocess/purge-css.mjs) from one Node.js process shared by a
build's languages (scripts/postprocess/style_rules.py), and PurgeCSS with its selector lists parsed once
(scripts/postprocess/memo-purgecss.mjs): the same answers as before, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.postprocess import pages as postprocess
from scripts.postprocess import style_cache, style_rules

from conftest import run_node_module

ROOT = Path(__file__).resolve().parent.parent

MATERIAL_CSS = (
    ":root{--md-a:1px;--md-unused:2px}"
    ".md-header{margin:var(--md-a)}.md-footer{padding:0}"
    ".md-typeset ul,.md-typeset ol,.gone{margin:0}"
    "@media screen{.md-footer .md-nav{b:1}.only-elsewhere{c:2}}"
    ":is(.md-header,.nowhere) p{d:3}"
    "@keyframes spin{0%{e:4}}.md-spin{animation:spin 1s}"
    "[dir=rtl] .md-typeset ul{f:5}"
)
SITE_CSS = ".note{color:red}.tip p{g:6}"
PAGES = {
    "index.html": '<header class="md-header"><p>x</p></header><div class="md-typeset"><ul><li>1</li></ul></div>',
    "other/index.html": '<footer class="md-footer"><nav class="md-nav"></nav></footer><p class="note">y</p>',
    "same/index.html": '<header class="md-header"><p>z</p></header><div class="md-typeset"><ul><li>2</li></ul></div>',
}


def node() -> str:
    found = shutil.which("node")
    if found is None or not (ROOT / "node_modules" / "purgecss").is_dir():
        pytest.fail("Node.js or node_modules missing: run `make site` (it runs `npm ci`)", pytrace=False)
    return found


def run_module(source: str, payload: object) -> object:
    """`source` (a module script; %s is purge-css.mjs's address) run by Node.js on `payload` (conftest's
    run_node_module)."""
    return run_node_module(source % json.dumps(style_rules.PURGE_SCRIPT.as_uri()), payload)


def built_language(folder: Path) -> dict:
    """A small built language: three pages, Material's stylesheet, the site's, one script."""
    for name, body in PAGES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<!doctype html><html class="no-js" dir="ltr"><head></head><body>{body}</body></html>')
    (folder / "main.css").write_text(MATERIAL_CSS)
    (folder / "patient.css").write_text(SITE_CSS)
    (folder / "bundle.js").write_text('document.body.classList.add("md-spin")')
    return {
        "siteDir": str(folder),
        "stylesheet": str(folder / "main.css"),
        "siteCss": str(folder / "patient.css"),
        "scripts": [str(folder / "bundle.js")],
        "pages": sorted(PAGES),
    }


def alone(request: dict) -> dict:
    """purge-css.mjs run on its own for one language, as a build without the shared process does."""
    result = subprocess.run(
        [node(), str(style_rules.PURGE_SCRIPT), request["siteDir"], request["stylesheet"], request["siteCss"]]
        + request["scripts"],
        input=json.dumps(request["pages"]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_language_alone_keeps_what_its_pages_use(tmp_path):
    answer = alone(built_language(tmp_path))
    # the whole: what some page or the script uses, the variables those rules use
    assert ".gone" not in answer["full"] and ".only-elsewhere" not in answer["full"]
    assert "--md-unused" not in answer["full"] and "--md-a" in answer["full"]
    assert "@keyframes spin" in answer["full"]  # the script adds md-spin
    # pages alike share one answer; each keeps only what its own elements use
    assert answer["pages"]["index.html"] == answer["pages"]["same/index.html"] != answer["pages"]["other/index.html"]
    home, site = answer["critical"][answer["pages"]["index.html"]]
    assert ".md-header{" in home and ".md-footer{" not in home and site == ""
    other, other_site = answer["critical"][answer["pages"]["other/index.html"]]
    assert ".md-footer .md-nav" in other and ".md-header{" not in other and other_site == ".note{color:red}"


def test_the_shared_process_answers_every_language_as_a_process_of_its_own_would(tmp_path):
    english, arabic = built_language(tmp_path / "en"), built_language(tmp_path / "ar")
    (tmp_path / "ar" / "index.html").write_text(
        '<!doctype html><html class="no-js" dir="rtl"><head></head><body><div dir="rtl" class="md-typeset">'
        "<ul><li>١</li></ul></div></body></html>"
    )
    expected = [alone(english), alone(arabic)]
    with style_rules.shared_process(4, node=node()) as path:  # four requests: it answers four
        assert path is not None and os.environ[style_rules.SERVE_ENV] == str(path)
        # twice each: the second time on what the first left compiled and parsed
        answers = [style_rules.ask(request) for request in (english, arabic, english, arabic)]
    assert answers == expected + expected
    assert expected[0] != expected[1]  # the Arabic home page keeps the right-to-left rule
    assert style_rules.SERVE_ENV not in os.environ
    assert not path.parent.exists()  # its socket's folder is gone with it


def serving() -> list[list[bytes]]:
    """The command lines of the style-rules processes this one has started and that are still running."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # not a process, or ended meanwhile
        state, parent = stat[stat.rfind(b")") + 2 :].split()[:2]
        if int(parent) == os.getpid() and state != b"Z" and str(style_rules.SERVE_SCRIPT).encode() in cmdline:
            found.append(cmdline.split(b"\0"))
    return found


def test_the_shared_process_runs_with_its_memory_capped(tmp_path):
    """V8's old and young generations capped, its compiler on its own thread (style_rules.node_flags)."""
    request = built_language(tmp_path)
    with style_rules.shared_process(node=node()):
        assert style_rules.ask(request) == alone(request)  # Node.js took the flags, and answers as before
        [command] = serving()
    flags = [part.decode() for part in command[1:] if part.startswith(b"--")]
    assert flags == [
        f"--max-old-space-size={style_rules.HEAP_MB}",
        "--max-semi-space-size=2",  # a language of three pages
        "--no-concurrent-recompilation",
        "--expose-gc",  # collected between two languages (the next test)
        "--fd",
    ]
    with style_rules.shared_process(node=node(), pages=650):
        assert style_rules.ask(request) == alone(request)
        [command] = serving()
    assert b"--max-semi-space-size=8" in command


def test_its_garbage_is_collected_between_two_languages_not_after_the_last(tmp_path):
    """Node.js's `gc` (given by --expose-gc in a build) stood in for by one that counts its calls."""
    request, calls = built_language(tmp_path / "en"), tmp_path / "collected"
    counting = tmp_path / "count-gc.mjs"
    counting.write_text(
        'import { appendFileSync } from "node:fs";\n'
        f"globalThis.gc = () => appendFileSync({json.dumps(str(calls))}, 'gc\\n');\n"
    )
    started: list[subprocess.Popen] = []
    path = tmp_path / "socket"
    stop = style_rules.listen_and_hand_over(
        path,
        lambda fd: [node(), "--import", counting.as_uri(), str(style_rules.SERVE_SCRIPT), "--fd", str(fd), "3"],
        started,
    )
    try:
        for _ in range(3):
            assert json.loads(style_rules.exchange(str(path), json.dumps(request).encode())) == alone(request)
        started[0].wait(timeout=30)  # it ends after its third answer
    finally:
        stop()
        for process in started:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=30)
    assert calls.read_text() == "gc\ngc\n"  # after the first and the second, not after the last


def test_the_young_generation_grows_with_the_pages_of_a_language():
    # up to 8 MB: from 100 pages a language two threads each have one (purge-css.mjs threadsFor)
    assert [style_rules.semi_space_mb(pages) for pages in (0, 14, 32, 33, 65, 112, 113, 130, 650)] == [
        2,
        2,
        2,
        3,
        5,
        7,
        8,
        8,
        8,
    ]
    assert "--max-semi-space-size=5" in style_rules.node_flags(65)


def test_node_starts_on_the_first_request_and_ends_once_every_build_has_its_answer(tmp_path):
    english, arabic = built_language(tmp_path / "en"), built_language(tmp_path / "ar")
    with style_rules.shared_process(2, node=node()) as path:
        assert path is not None and path.exists()  # the builds can connect from the start
        assert serving() == []  # but nothing runs until one asks
        assert style_rules.ask(english) == alone(english)
        assert len(serving()) == 1
        assert style_rules.ask(arabic) == alone(arabic)
        # two builds, two answers: it has stopped listening; a third request is refused, not left waiting
        with pytest.raises(style_rules.Unreachable, match="refused the connection"):
            style_rules.ask(english, wait_s=0)
    assert serving() == []


def test_a_build_is_never_left_waiting_for_a_process_that_ended(monkeypatch, tmp_path):
    path = tmp_path / "socket"
    started: list[subprocess.Popen] = []
    # a process that ends at once without answering (as one that crashed would)
    stop = style_rules.listen_and_hand_over(path, lambda fd: [sys.executable, "-c", "pass"], started)
    monkeypatch.setenv(style_rules.SERVE_ENV, str(path))
    try:
        for _ in range(2):  # refused once it has ended, and so is every later one: the build runs its own
            with pytest.raises(style_rules.Unreachable):
                style_rules.ask({"pages": []})
        assert len(started) == 1 and started[0].wait() == 0
    finally:
        stop()


def test_a_shared_process_nobody_asked_is_never_started(tmp_path):
    with style_rules.shared_process(3, node=node()):
        pass
    assert serving() == []


def test_the_shared_process_reports_a_language_it_cannot_work_out_and_goes_on(tmp_path):
    request = built_language(tmp_path)
    broken = dict(request, stylesheet=str(tmp_path / "missing.css"))
    with style_rules.shared_process(node=node()):
        failed = style_rules.ask(broken)
        answer = style_rules.ask(request)
    assert "missing.css" in failed["error"]
    assert answer == alone(request)


def test_the_environment_is_put_back_as_it_was(monkeypatch, tmp_path):
    monkeypatch.setenv(style_rules.SERVE_ENV, "/elsewhere/socket")
    with style_rules.shared_process(node=node()):
        assert os.environ[style_rules.SERVE_ENV] != "/elsewhere/socket"
    assert os.environ[style_rules.SERVE_ENV] == "/elsewhere/socket"


def test_a_build_of_one_language_asks_the_capped_process_which_ends_with_its_answer(monkeypatch, tmp_path):
    request = built_language(tmp_path)
    with style_rules.shared_process(1, node=node()) as path:
        assert path is not None and os.environ[style_rules.SERVE_ENV] == str(path)
        assert style_rules.ask(request) == alone(request)
        with pytest.raises(style_rules.Unreachable):  # one build, one answer: then it has ended
            style_rules.ask(request, wait_s=0)


def test_no_build_has_nothing_to_share(monkeypatch):
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    with style_rules.shared_process(0, node=node()) as path:
        assert path is None
        assert style_rules.SERVE_ENV not in os.environ


def test_without_node_there_is_no_shared_process(monkeypatch):
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with style_rules.shared_process() as path:
        assert path is None
        assert style_rules.SERVE_ENV not in os.environ


def test_a_build_without_a_shared_process_is_told_to_run_its_own(monkeypatch, tmp_path):
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    assert style_rules.ask({"pages": []}) is None  # none: nothing to say, as before
    # a socket nobody ever opened, once the wait is over: the build has one, and says it did not answer
    monkeypatch.setenv(style_rules.SERVE_ENV, str(tmp_path / "never"))
    with pytest.raises(style_rules.Unreachable, match="was not there after 0 s"):
        style_rules.ask({"pages": []}, wait_s=0)


def test_a_shared_process_that_has_ended_sends_the_build_to_run_its_own(monkeypatch, tmp_path):
    path = tmp_path / "socket"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as left:
        left.bind(str(path))  # the socket file is there, nobody listens: refused at once, not waited for
        monkeypatch.setenv(style_rules.SERVE_ENV, str(path))
        with pytest.raises(style_rules.Unreachable, match="refused the connection"):
            style_rules.ask({"pages": []}, wait_s=60)


# --- a language whose shared process did not answer runs its own, and the build says so --------------------------


def laid_out_as_built(folder: Path) -> tuple[postprocess.MaterialAssets, list[Path]]:
    """built_language's files where pages.purge_stylesheets looks for them: Material's where `assets` names them,
    the site's stylesheet at pages.SITE_CSS."""
    built_language(folder)
    (folder / postprocess.SITE_CSS).parent.mkdir(parents=True)
    (folder / "patient.css").rename(folder / postprocess.SITE_CSS)
    assets = postprocess.MaterialAssets(stylesheet="main.css", bundle="bundle.js", search_worker="search.js")
    return assets, [folder / name for name in PAGES]


def purged_language(folder: Path) -> tuple[postprocess.LanguageStyles, list[str]]:
    """One language's styles through pages.purge_stylesheets, and every warning it gave."""
    told: list[str] = []
    styles = postprocess.purge_stylesheets(folder, *laid_out_as_built(folder), warn=told.append)
    return styles, told


def serving_pids() -> list[int]:
    return [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _serves(int(pid))]


def _serves(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    state, parent = stat[stat.rfind(b")") + 2 :].split()[:2]
    return int(parent) == os.getpid() and state != b"Z" and str(style_rules.SERVE_SCRIPT).encode() in cmdline


def assert_one_fallback_line(told: list[str], why: str) -> None:
    [line] = told  # once for the language
    assert line == style_rules.fallback_warning(why)
    assert line.startswith(style_rules.WARNING_START) and "\n" not in line
    # what happened, what it costs, where to look
    assert f"did not answer ({why})" in line and "purge-css.mjs in a Node.js process of its own" in line
    assert f"{style_rules.HEAP_MB} MB heap cap" in line and "the site is the same" in line
    assert "HEAP_MB in scripts/postprocess/style_rules.py" in line


def test_a_language_whose_shared_process_was_killed_runs_its_own_and_says_so_once(monkeypatch, tmp_path):
    monkeypatch.setenv(style_cache.CACHE_ENV, "off")
    with style_rules.shared_process(2, node=node()):
        first, told_first = purged_language(tmp_path / "en")
        [pid] = serving_pids()
        os.kill(pid, signal.SIGKILL)  # as its heap cap or a crash ends it
        os.waitpid(pid, 0)
        second, told_second = purged_language(tmp_path / "ar")
    assert told_first == []
    assert_one_fallback_line(told_second, "it refused the connection: it had ended")
    assert second == first  # the same rules from its own process: a warning, not an error


def test_a_language_whose_shared_process_refuses_it_runs_its_own_and_says_so_once(monkeypatch, tmp_path):
    monkeypatch.setenv(style_cache.CACHE_ENV, "off")
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    alone_styles, told_alone = purged_language(tmp_path / "alone")
    path = tmp_path / "socket"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as left:
        left.bind(str(path))  # there, and nobody listens
        monkeypatch.setenv(style_rules.SERVE_ENV, str(path))
        styles, told = purged_language(tmp_path / "en")
    assert told_alone == []  # a build started without one (MkDocs directly) has nothing to say
    assert_one_fallback_line(told, "it refused the connection: it had ended")
    assert styles == alone_styles


def test_a_shared_process_that_dies_mid_answer_is_said_as_such(monkeypatch, tmp_path):
    path = tmp_path / "socket"
    started: list[subprocess.Popen] = []
    # it takes the request, then ends without answering (as one that ran out of heap on it would)
    dies = "import socket, sys; s = socket.socket(fileno=int(sys.argv[1])); c, _ = s.accept(); c.recv(1); sys.exit(1)"
    stop = style_rules.listen_and_hand_over(path, lambda fd: [sys.executable, "-c", dies, str(fd)], started)
    monkeypatch.setenv(style_rules.SERVE_ENV, str(path))
    try:
        with pytest.raises(style_rules.Unreachable, match="ended without answering|went away mid-answer"):
            style_rules.ask({"pages": ["index.html"] * 1000})
        assert started[0].wait() == 1
    finally:
        stop()


def test_a_language_the_shared_process_answers_says_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv(style_cache.CACHE_ENV, "off")
    with style_rules.shared_process(1, node=node()):
        styles, told = purged_language(tmp_path / "en")
    assert told == []
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    assert purged_language(tmp_path / "alone") == (styles, [])


def test_a_normal_build_says_nothing_of_the_style_rules(fixture_preview):
    assert "✓ en" in fixture_preview.output
    assert style_rules.WARNING_START not in fixture_preview.output
    assert "of its own" not in fixture_preview.output


# --- memo-purgecss.mjs: the same stylesheets as PurgeCSS writes ----------------------------------------------

COMPARE = """
import { PurgeCSS } from "purgecss";
import { MemoPurgeCSS } from "./scripts/postprocess/memo-purgecss.mjs";
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(0, "utf8"));
const options = { variables: true, keyframes: true, fontFace: true };
const out = [];
for (const round of [1, 2]) {  // the second round on the lists the first parsed
  for (const [css, content] of cases) {
    const run = async (Purger) => (await new Purger().purge({
      ...options, content: [{ raw: content, extension: "html" }], css: [{ raw: css }],
    }))[0].css;
    out.push([await run(PurgeCSS), await run(MemoPurgeCSS)]);
  }
}
process.stdout.write(JSON.stringify(out));
"""


def purged(*cases: tuple[str, str]) -> list[str]:
    """Each (css, page) purged by PurgeCSS and by MemoPurgeCSS, twice in one process: MemoPurgeCSS's answers,
    once each is found equal to PurgeCSS's."""
    result = subprocess.run(
        [node(), "--input-type=module", "-e", COMPARE],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    for plain, memo in pairs:
        assert memo == plain
    memo_answers = [memo for _, memo in pairs]
    assert memo_answers[: len(cases)] == memo_answers[len(cases) :]
    return memo_answers[: len(cases)]


def test_the_same_selector_list_is_cut_as_each_page_needs():
    css = ".a, .b,\n.c{x:1}.a,.b{y:2}"
    assert purged((css, '<p class="a"></p>'), (css, '<p class="b c"></p>'), (css, "<p></p>")) == [
        ".a{x:1}.a{y:2}",
        " .b,\n.c{x:1}.b{y:2}",
        "",
    ]


def test_is_and_where_lose_what_the_page_lacks_and_empty_ones_go():
    css = ":is(.a,.b) p{x:1}:where(.c) p{y:2}.d:not(.e){z:3}"
    assert purged((css, '<p class="a"></p>'), (css, '<p class="d"></p>')) == [
        ":is(.a) p{x:1}",
        ".d:not(.e){z:3}",
    ]


def test_rules_purgecss_treats_apart_stay_as_it_leaves_them():
    css = (
        "/* purgecss ignore */.kept{a:1}.b{c:2}/* purgecss start ignore */.kept2{d:3}/* purgecss end ignore */"
        ".e{/* purgecss ignore current */f:4}@keyframes k{from{g:5}to{g:6}}.h{animation:k 1s}"
    )
    assert purged((css, '<p class="h"></p>'), (css, "<p></p>")) == [
        ".kept{a:1}.kept2{d:3}.e{f:4}@keyframes k{from{g:5}to{g:6}}.h{animation:k 1s}",
        ".kept{a:1}.kept2{d:3}.e{f:4}",
    ]


def test_variables_and_font_faces_follow_the_rules_kept():
    css = (
        ":root{--used:1;--only-b:2}.a{x:var(--used)}.b{y:var(--only-b)}"
        '@font-face{font-family:"F";src:url(f.woff2)}.b{font-family:"F"}'
    )
    assert purged((css, '<p class="a"></p>'), (css, '<p class="b"></p>')) == [
        ":root{--used:1}.a{x:var(--used)}",
        ':root{--only-b:2}.b{y:var(--only-b)}@font-face{font-family:"F";src:url(f.woff2)}.b{font-family:"F"}',
    ]


# --- style_cache.py: an answer worked out again only when what goes into it changed --------------------------

ANSWER = {"full": ".a{x:1}", "critical": [[".a{x:1}", ""]], "pages": {"index.html": 0}}


def cache_inputs(folder: Path) -> tuple[Path, list[Path], list[str]]:
    request = built_language(folder)
    read_files = [Path(request["stylesheet"]), Path(request["siteCss"]), *map(Path, request["scripts"])]
    return folder, read_files, request["pages"]


def test_the_key_changes_with_every_file_read_the_pages_asked_and_the_code(tmp_path):
    site_dir, read_files, pages = cache_inputs(tmp_path)
    first = style_cache.key(site_dir, read_files, pages, code=b"v1")
    assert style_cache.key(site_dir, read_files, pages, code=b"v1") == first
    assert style_cache.key(site_dir, read_files, pages, code=b"v2") != first
    assert style_cache.key(site_dir, read_files, pages[:1], code=b"v1") != first
    keys = {first}
    for path in [site_dir / "other" / "index.html", *read_files]:
        path.write_text(path.read_text() + " ")
        keys.add(style_cache.key(site_dir, read_files, pages, code=b"v1"))
    # an HTML file no page names: PurgeCSS reads it for the language's whole stylesheet
    (site_dir / "moved.html").write_text('<p class="gone"></p>')
    keys.add(style_cache.key(site_dir, read_files, pages, code=b"v1"))
    assert len(keys) == 3 + len(read_files)  # the first, one per file changed, the one added


def test_the_same_site_elsewhere_has_the_same_key(tmp_path):
    here, there = cache_inputs(tmp_path / "a"), cache_inputs(tmp_path / "b" / "site")
    assert style_cache.key(*here, code=b"v") == style_cache.key(*there, code=b"v")


def test_an_answer_is_worked_out_once_then_taken_from_the_cache(tmp_path):
    site_dir, read_files, pages = cache_inputs(tmp_path / "site")
    cache_dir = tmp_path / "cache"
    asked = []

    def work() -> dict:
        asked.append(1)
        return ANSWER

    def answer() -> tuple[dict, bool]:
        return style_cache.cached_answer(site_dir, read_files, pages, work, cache_dir=cache_dir, code=lambda: b"v")

    assert answer() == (ANSWER, False)
    assert answer() == (ANSWER, True)
    (site_dir / "index.html").write_text("<p>changed</p>")
    assert answer() == (ANSWER, False)
    assert len(asked) == 2


def test_an_error_or_a_broken_entry_is_not_taken(tmp_path):
    site_dir, read_files, pages = cache_inputs(tmp_path / "site")
    cache_dir = tmp_path / "cache"
    failed = {"error": "purge-css: no stylesheet"}
    for _ in range(2):  # never kept: the next build says so again
        assert style_cache.cached_answer(
            site_dir, read_files, pages, lambda: failed, cache_dir=cache_dir, code=lambda: b"v"
        ) == (failed, False)
    assert not list(cache_dir.glob("*.json"))
    name = style_cache.key(site_dir, read_files, pages, code=b"v")
    cache_dir.mkdir()
    for broken in ('{"full": ".a{}", "crit', '{"full": ".a{}", "critical": [], "pages": {"index.html": 0}}'):
        (cache_dir / f"{name}.json").write_text(broken)
        assert style_cache.load(cache_dir, name) is None
        assert style_cache.cached_answer(
            site_dir, read_files, pages, lambda: ANSWER, cache_dir=cache_dir, code=lambda: b"v"
        ) == (ANSWER, False)


def test_the_cache_keeps_the_most_recently_used_answers(tmp_path):
    for number in range(5):
        style_cache.store(tmp_path, f"entry{number}", ANSWER, keep=3)
        os.utime(tmp_path / f"entry{number}.json", ns=(number * 10**9, number * 10**9))
    style_cache.load(tmp_path, "entry2")  # used again: now the most recent
    style_cache.store(tmp_path, "entry5", ANSWER, keep=3)
    assert sorted(path.stem for path in tmp_path.glob("*.json")) == ["entry2", "entry4", "entry5"]


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    site_dir, read_files, pages = cache_inputs(tmp_path / "site")
    monkeypatch.setenv(style_cache.CACHE_ENV, "off")
    for _ in range(2):
        assert style_cache.cached_answer(
            site_dir, read_files, pages, lambda: ANSWER, cache_dir=tmp_path / "cache", code=lambda: b"v"
        ) == (ANSWER, False)
    assert not (tmp_path / "cache").exists()


# --- each page's rules kept for the language folder's next build (purge-css.mjs, pagesCache) ------------------


def asked(request: dict) -> dict:
    """purge-css.mjs --request: the request as the shared process gets it, on standard input."""
    result = subprocess.run(
        [node(), str(style_rules.PURGE_SCRIPT), "--request"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_page_whose_html_did_not_change_keeps_its_rules_and_a_changed_one_is_worked_out(tmp_path):
    request = dict(built_language(tmp_path / "site"), pagesCache=str(tmp_path / "kept.json"), codeKey="v1")
    assert asked(request) == alone(request)
    kept = json.loads((tmp_path / "kept.json").read_text())
    # Mark what the unchanged pages would be given from the file, so that using it shows.
    kept["critical"] = [[".kept-from-last-build{}", own] for _, own in kept["critical"]]
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    # an edit of the page (words in bold: a new element, so not a page of the same shape, below); the language's
    # whole stylesheet stays the same
    other = tmp_path / "site" / "other" / "index.html"
    other.write_text(other.read_text().replace(">y<", "><b>edited words</b><"))
    answer = asked(request)
    rules = {page: answer["critical"][index][0] for page, index in answer["pages"].items()}
    assert rules["index.html"] == rules["same/index.html"] == ".kept-from-last-build{}"
    fresh = alone(request)
    assert answer["full"] == fresh["full"]
    assert rules["other/index.html"] == fresh["critical"][fresh["pages"]["other/index.html"]][0]
    assert ".md-footer .md-nav" in rules["other/index.html"]
    # the file now holds this build's pages: the edited page's old HTML is gone
    now = set(json.loads((tmp_path / "kept.json").read_text())["pages"])
    assert len(now) == 3 and len(now & set(kept["pages"])) == 2


def test_kept_rules_are_not_used_with_other_code_or_another_whole_stylesheet(tmp_path):
    request = dict(built_language(tmp_path / "site"), pagesCache=str(tmp_path / "kept.json"), codeKey="v1")
    expected = asked(request)
    kept = json.loads((tmp_path / "kept.json").read_text())
    kept["critical"] = [[".kept-from-last-build{}", own] for _, own in kept["critical"]]
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    assert asked(dict(request, codeKey="v2")) == expected
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    (tmp_path / "site" / "main.css").write_text(MATERIAL_CSS + ".md-header{z:9}")
    assert ".md-header{z:9}" in asked(request)["full"]
    assert ".kept-from-last-build" not in json.dumps(asked(request))
    (tmp_path / "kept.json").write_text('{"rulesKey": "cut sh')
    assert asked(request) == alone(request)


def test_the_languages_whole_stylesheet_is_kept_while_the_words_that_decide_it_are_the_same(tmp_path):
    request = dict(built_language(tmp_path / "site"), pagesCache=str(tmp_path / "kept.json"), codeKey="v1")
    first = asked(request)
    kept = json.loads((tmp_path / "kept.json").read_text())
    # Mark the kept "full", so that using it shows.
    [material] = [result for result in kept["whole"]["results"] if result["file"] == request["stylesheet"]]
    material["css"] += ".kept-whole{}"
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    home = tmp_path / "site" / "index.html"
    # words no rule names: "full" is the one kept
    home.write_text(home.read_text().replace("<p>x</p>", "<p>A sentence added by an editor, number 2.</p>"))
    assert asked(request)["full"] == first["full"] + ".kept-whole{}"
    # a class a rule names (.gone): worked out again, and right
    home.write_text(home.read_text().replace("<p>A", '<p class="gone">A'))
    answer = asked(request)
    assert ".kept-whole" not in answer["full"] and ".gone" in answer["full"]
    assert answer == alone(request)


DECIDING = r"""
import { decidingWords } from "./scripts/postprocess/style-keys.mjs";
const decides = decidingWords(".md-nav__link{a:b}[href^=http]{c:d}[lang|=en] p{e:f}ul li{g:h}");
const unread = decidingWords(String.raw`.a{b:c}[title="a\"b"]{d:e}[title=a]{f:g}`);
const words = ["md-nav__link", "https", "http", "en-GB", "ul", "li", "sentence", "editor", "2", "mdnav"];
process.stdout.write(JSON.stringify({ decides: words.filter(decides), unread: words.filter(unread) }));
"""


def test_the_words_that_decide_a_whole_stylesheet():
    answer = run_node_module(DECIDING, None)
    # classes, elements and what begins an attribute selector's value (^=, |=); not the text's other words
    assert answer["decides"] == ["md-nav__link", "https", "http", "en-GB", "ul", "li"]
    # a selector this does not read (a value quoted with escapes): every word counts
    assert answer["unread"] == [
        "md-nav__link",
        "https",
        "http",
        "en-GB",
        "ul",
        "li",
        "sentence",
        "editor",
        "2",
        "mdnav",
    ]


SHAPES = """
import { parseDocument } from "htmlparser2";
import { pageShaper } from "./scripts/postprocess/style-keys.mjs";
const shape = pageShaper({ css: ".md-nav a{a:b}p:empty{c:d}[href^=http]{e:f}", site: ".note{g:h}" });
const of = (body) => shape(parseDocument(`<!doctype html><html><head></head><body>${body}</body></html>`));
const page = '<nav class="md-nav"><a href="../x/">X</a></nav><p data-versions="page-versions.1a.js">Text</p>';
process.stdout.write(JSON.stringify({
  same: of(page),
  // what no selector can tell apart: another value of an attribute none names, other text, a comment
  alike: [
    of(page.replace("1a.js", "2b.js")),
    of(page.replace("Text", "Other words")),
    of(page.replace("</nav>", "<!-- a note --></nav>")),
  ],
  // what a selector can: a class, an element, a value an attribute selector could match, text or none (:empty)
  unlike: [
    of(page.replace('class="md-nav"', 'class="md-nav note"')),
    of(page.replace("<p ", "<div ").replace("</p>", "</div>")),
    of(page.replace("page-versions.1a.js", "https://elsewhere")),
    of(page.replace("Text", " ")),
    of(page.replace("../x/", "http://x/")),
  ],
}));
"""


def test_a_pages_shape_is_what_its_rules_depend_on():
    answer = run_node_module(SHAPES, None)
    assert all(shape == answer["same"] for shape in answer["alike"])
    assert all(shape != answer["same"] for shape in answer["unlike"])
    assert len(set(answer["unlike"])) == len(answer["unlike"])


def test_a_page_new_only_in_what_no_selector_tells_apart_keeps_its_rules(tmp_path):
    """As after an edit: every page names the new file of page versions; one page also has a new class."""
    request = dict(built_language(tmp_path / "site"), pagesCache=str(tmp_path / "kept.json"), codeKey="v1")
    for name in PAGES:
        path = tmp_path / "site" / name
        path.write_text(path.read_text().replace("<body>", '<body><div data-versions="page-versions.1a.js"></div>'))
    asked(request)
    kept = json.loads((tmp_path / "kept.json").read_text())
    # the two header pages differ only in their text: one shape
    assert len(set(kept["shapes"].values())) == 2 and set(kept["shapes"]) == set(kept["pages"])
    kept["critical"] = [[".kept-from-last-build{}", own] for _, own in kept["critical"]]
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    for name in PAGES:
        path = tmp_path / "site" / name
        path.write_text(path.read_text().replace("1a.js", "2b.js"))
    other = tmp_path / "site" / "other" / "index.html"
    other.write_text(other.read_text().replace('class="note"', 'class="note gone"'))
    answer = asked(request)
    rules = {page: answer["critical"][index][0] for page, index in answer["pages"].items()}
    assert rules["index.html"] == rules["same/index.html"] == ".kept-from-last-build{}"  # by their shapes
    fresh = alone(request)
    assert (
        rules["other/index.html"]
        == fresh["critical"][fresh["pages"]["other/index.html"]][0]
        != ".kept-from-last-build{}"
    )
    now = json.loads((tmp_path / "kept.json").read_text())
    assert set(now["pages"]) == set(now["shapes"]) and not set(now["pages"]) & set(kept["pages"])


def test_each_language_folder_has_its_own_file_and_none_when_the_cache_is_off(monkeypatch, tmp_path):
    monkeypatch.delenv(style_cache.CACHE_ENV, raising=False)
    online, offline = (style_cache.pages_cache(tmp_path / name / "en", tmp_path) for name in ("site", "site-offline"))
    assert online["pagesCache"] != offline["pagesCache"] and online["codeKey"] == offline["codeKey"]
    assert Path(online["pagesCache"]).parent == tmp_path / "pages"
    monkeypatch.setenv(style_cache.CACHE_ENV, "off")
    assert style_cache.pages_cache(tmp_path / "site" / "en", tmp_path) == {}


# --- the words PurgeCSS keeps of each page (purge-css.mjs wordsOf) ---------------------------------------------

WORDS_OF = """
import { wordsOf } from %s;
const keep = process.argv[2] === "keep";
const held = [];
for (let p = 0; p < 300; p++) {
  // a page of 200 KB with a few words of its own (as a page's addresses are), made fresh as a file read would be
  const page = `<a href="page-${p}-of-the-site/">x</a> ` + "md-typeset md-content ".repeat(9000);
  held.push(keep ? Array.from(new Set(page.match(/[A-Za-z0-9_-]+/g))) : wordsOf(page));
}
process.stdout.write(JSON.stringify([held.length, wordsOf("md-nav md-nav a-long-word-of-the-page x").sort()]));
"""


def _words_of(tmp_path, mode: str, heap_mb: int = 48) -> subprocess.CompletedProcess:
    script = tmp_path / "words.mjs"
    script.write_text(WORDS_OF % json.dumps(style_rules.PURGE_SCRIPT.as_uri()), encoding="utf-8")
    return subprocess.run(
        [node(), f"--max-old-space-size={heap_mb}", str(script), mode], capture_output=True, text=True, timeout=120
    )


def test_the_words_kept_of_each_page_do_not_keep_the_page(tmp_path):
    # 300 pages of 200 KB (60 MB of text) under a 48 MB heap: the words as a regular expression cuts them keep
    # every page alive and run out of heap; purge-css.mjs's extractor copies each long word
    done = _words_of(tmp_path, "copy")
    assert done.returncode == 0, done.stderr[-500:]
    count, sample = json.loads(done.stdout)
    assert count == 300
    assert sample == ["a-long-word-of-the-page", "md-nav", "x"]  # PurgeCSS's words, each once
    held_as_slices = _words_of(tmp_path, "keep")
    assert held_as_slices.returncode != 0 and "heap" in held_as_slices.stderr.lower()


PAGE_RULES = """
import { pageRules } from %s;
import { mkdirSync, writeFileSync } from "node:fs";
const [siteDir, count] = [process.argv[2], Number(process.argv[3])];
const pages = [];
for (let p = 0; p < count; p++) {
  // a page of 200 KB whose addresses are its own, as every built page's are
  mkdirSync(`${siteDir}/page-${p}`, { recursive: true });
  const address = `page-${p}-of-the-site-and-a-long-address/`;
  writeFileSync(`${siteDir}/page-${p}/index.html`, `<!doctype html><html><head></head><body>` +
    `<a class="md-nav__link" href="${address}" title="${address}">x</a>` +
    `<p class="md-typeset">${"md-typeset md-content ".repeat(9000)}</p></body></html>`);
  pages.push(`page-${p}/index.html`);
}
const answer = await pageRules({ siteDir, css: ".md-nav__link{a:b}.md-typeset{c:d}[href^=http]{e:f}", site: "", pages });
process.stdout.write(JSON.stringify([answer.size, answer.get("page-0/index.html")[0]]));
"""


def test_the_pages_worked_out_are_not_kept_alive_by_their_attribute_values(tmp_path):
    # 150 pages of 200 KB (30 MB of text) under a 24 MB heap: each page's addresses are remembered, as values an
    # attribute selector could match or not; kept as htmlparser2 cut them, they keep every page alive.
    script = tmp_path / "page-rules.mjs"
    script.write_text(PAGE_RULES % json.dumps(style_rules.PURGE_SCRIPT.as_uri()), encoding="utf-8")
    done = subprocess.run(
        [node(), "--max-old-space-size=24", str(script), str(tmp_path / "site"), "150"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-500:]
    count, rules = json.loads(done.stdout)
    assert count == 150
    assert rules == [".md-nav__link{a:b}.md-typeset{c:d}", ""]


# --- a language's pages in two threads (purge-css.mjs threadsFor, splitFor) -----------------------------------

THREADS = """
import { styleRules, threadsFor, splitFor, threadFailures } from %s;
import { readFileSync } from "node:fs";
const request = JSON.parse(readFileSync(0, "utf8"));
const one = await styleRules({ ...request, threads: 1 });
const two = await styleRules({ ...request, threads: 2 });
process.stdout.write(JSON.stringify({
  one, two, failures: threadFailures.count,
  threads: [threadsFor(99, 2), threadsFor(100, 2), threadsFor(500, 1)],
  split: [splitFor([1, 2, 3, 4, 5], 2), splitFor([1, 2, 3, 4, 5], 1), splitFor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2, 0.4)],
}));
"""


def test_two_threads_give_the_answer_one_gives(tmp_path):
    # 120 pages, the three kinds of PAGES one after the other, so that each half meets every kind and works its
    # PurgeCSS pass out apart
    request = built_language(tmp_path)
    kinds = list(PAGES.values())
    pages = []
    for n in range(120):
        path = tmp_path / f"page-{n:03d}" / "index.html"
        path.parent.mkdir()
        body = kinds[n % 3].replace("</p>", f" page {n}</p>")
        path.write_text(f'<!doctype html><html class="no-js" dir="ltr"><head></head><body>{body}</body></html>')
        pages.append(path.relative_to(tmp_path).as_posix())
    request["pages"] = pages
    answer = run_module(THREADS, request)
    assert answer["two"] == answer["one"]
    assert answer["failures"] == 0  # the second thread ran: not its fallback to this one
    assert len(answer["one"]["critical"]) == 2  # PAGES' header pages and its footer page: told apart
    assert answer["threads"] == [1, 2, 1]  # two from 100 pages to work out, and only with a second core
    assert answer["split"] == [[[1, 2, 3], [4, 5]], [[1, 2, 3, 4, 5]], [[1, 2, 3, 4], [5, 6, 7, 8, 9, 10]]]


WHOLE_OR_FULL = """
import { styleRules, pageRules } from %s;
import { readFileSync } from "node:fs";
const request = JSON.parse(readFileSync(0, "utf8"));
const { full } = await styleRules(request);
const site = readFileSync(request.siteCss, "utf8");
const against = async (css) =>
  [...(await pageRules({ siteDir: request.siteDir, css, site, pages: request.pages }))].map(([page, [rules]]) => [page, rules]);
process.stdout.write(JSON.stringify({ full, fromFull: await against(full), fromWhole: await against(readFileSync(request.stylesheet, "utf8")) }));
"""


def test_a_pages_rules_are_the_same_judged_against_the_whole_stylesheet_or_the_languages(tmp_path):
    # styleRules judges each page against Material's whole stylesheet, so that the pages need not wait for the
    # language's pass ("full"): a rule a page uses is one its language uses, and the answer is the same.
    request = built_language(tmp_path)
    answer = run_module(WHOLE_OR_FULL, request)
    assert answer["fromWhole"] == answer["fromFull"]
    assert ".gone" in MATERIAL_CSS and ".gone" not in answer["full"]  # "full" is smaller than the whole: a test
    home = dict(answer["fromWhole"])["index.html"][0]
    assert ".md-header{" in home and ".md-footer{" not in home
