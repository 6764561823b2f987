"""A large language's pages named to the style rules' process as MkDocs writes them, so that their rules are worked
out while the rest render (scripts/postprocess/style_rules.py PagesAhead, purge-css.mjs PagesAhead): used only where
the page and the stylesheets are the same at the end, so the answer is always the one worked out at the end."""

from __future__ import annotations

import json
import os
import subprocess
import types
from pathlib import Path

from test_style_rules import ROOT, alone, built_language, node, run_module

from scripts.adapters import post_build
from scripts.cli import language_builds
from scripts.postprocess import style_rules

AHEAD = """
import { readFileSync } from "node:fs";
import { PagesAhead, styleRules, wordsOf } from %s;
const { request, site, change, stopAtOnce, whenReady, words } = JSON.parse(readFileSync(0, "utf8"));
const ahead = new PagesAhead({ ...request, site });
for (let wait = 0; whenReady && !ahead.ready && wait < 500; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
for (const page of request.pages) ahead.add(page);
if (words) {
  // The language's whole stylesheet from the words the worker gathered: with a word added, a page not reached, and
  // a page written again since it was named.
  const { writeFileSync } = await import("node:fs");
  const found = await ahead.end({ all: true });
  const plain = (await styleRules(request)).full;
  const full = async (ahead) => (await styleRules(request, { ahead: Promise.resolve(ahead) })).full;
  const other = "other/index.html";
  const answer = {
    named: Object.keys(found.wordKeys).sort(),
    gathered: (await full(found)) === plain,
    added: (await full({ ...found, words: [...found.words, "gone"] })).includes(".gone"),
    notReached:
      (await full({ ...found, words: wordsOf(readFileSync(`${request.siteDir}/${other}`, "utf8")), wordKeys: { [other]: found.wordKeys[other] } })) === plain,
  };
  writeFileSync(`${request.siteDir}/index.html`, readFileSync(`${request.siteDir}/index.html`, "utf8") + " ");
  answer.rewritten = (await full({ ...found, words: [...found.words, "gone"] })).includes(".gone");
  process.stdout.write(JSON.stringify(answer));
} else if (whenReady) {
  const found = await ahead.end();
  process.stdout.write(JSON.stringify({ found: found && Object.keys(found.pages).length }));
} else if (stopAtOnce) {
  const found = await ahead.end();
  const [withIt, without] = [await styleRules(request, { ahead: Promise.resolve(found) }), await styleRules(request)];
  process.stdout.write(JSON.stringify({ found: found && Object.keys(found.pages).length, same: JSON.stringify(withIt) === JSON.stringify(without) }));
} else {
  const found = await ahead.end({ all: true });
  // What was found ahead, with every rule it found marked: the answer shows where it was used.
  const marked = { ...found, critical: found.critical.map(([material, own]) => [`/*ahead*/${material}`, own]) };
  const used = await styleRules(request, { ahead: Promise.resolve(marked) });
  for (const [file, text] of Object.entries(change)) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${request.siteDir}/${file}`, text);
  }
  const after = await styleRules(request, { ahead: Promise.resolve(marked) });
  const elsewhere = await styleRules(request, { ahead: Promise.resolve({ ...marked, rulesKey: "other" }) });
  process.stdout.write(JSON.stringify({ found, used, after, elsewhere }));
}
"""


def test_pages_worked_out_ahead_are_used_where_the_page_is_the_same(tmp_path):
    request = built_language(tmp_path)
    changed = '<!doctype html><html class="no-js" dir="ltr"><head></head><body><p class="note">new</p></body></html>'
    result = run_module(
        AHEAD, {"request": request, "site": Path(request["siteCss"]).read_text(), "change": {"index.html": changed}}
    )
    found = result["found"]
    assert len(found["pages"]) == 3 and len(found["critical"]) == 2  # two pages alike: their rules once
    marked = lambda answer, page: answer["critical"][answer["pages"][page]][0].startswith("/*ahead*/")  # noqa: E731
    # every page found ahead is taken from there, not worked out again
    assert all(marked(result["used"], page) for page in request["pages"])
    # a page written again after it was named is worked out from its new HTML; the others still come from ahead
    assert not marked(result["after"], "index.html") and marked(result["after"], "other/index.html")
    assert result["after"]["critical"][result["after"]["pages"]["index.html"]][1] == ".note{color:red}"
    # found for other stylesheets (another key): none of it is used
    assert not any(marked(result["elsewhere"], page) for page in request["pages"])


def test_what_was_not_reached_when_the_last_page_is_written_is_worked_out_with_the_request(tmp_path):
    """The worker stops after the page it is on; told before it has even started (its code loaded: as with a
    language of few pages), it is given up at once, not waited for: nothing found, and the same answer."""
    request = built_language(tmp_path)
    html = (tmp_path / "index.html").read_text()
    for n in range(120):
        (tmp_path / f"p{n}.html").write_text(html.replace("<p>x</p>", f"<p>{n}</p>"))
    request["pages"] += [f"p{n}.html" for n in range(120)]
    result = run_module(AHEAD, {"request": request, "site": Path(request["siteCss"]).read_text(), "stopAtOnce": True})
    assert result["found"] is None and result["same"]


def test_the_words_of_the_pages_are_gathered_ahead_for_the_whole_stylesheet(tmp_path):
    """The language's whole stylesheet is purged against the words the worker read from each page as it was named
    (purge-css.mjs workAhead), with those of the pages it had not reached read at the end; a page written again
    since it was named has every page read again. Each way, the stylesheet is the one worked out at the end."""
    request = built_language(tmp_path)
    result = run_module(AHEAD, {"request": request, "site": Path(request["siteCss"]).read_text(), "words": True})
    assert result["named"] == sorted(request["pages"]) and result["gathered"] and result["notReached"]
    assert result["added"]  # the gathered words are the ones used…
    assert not result["rewritten"]  # …unless a page changed since it was named


def test_a_worker_that_has_started_is_waited_for_and_answers(tmp_path):
    """Its code loaded, the worker says so; told to stop then, it answers with what it found (maybe no page yet),
    not nothing: otherwise a large language would never use what was worked out ahead."""
    result = run_module(AHEAD, {"request": built_language(tmp_path), "site": "", "whenReady": True})
    assert result["found"] is not None


def test_the_shared_process_answers_the_same_with_the_pages_named_ahead(tmp_path):
    english, arabic = built_language(tmp_path / "en"), built_language(tmp_path / "ar")
    site = Path(english["siteCss"]).read_text()
    with style_rules.shared_process(2, node=node()):
        for request in (english, arabic):
            ahead = style_rules.PagesAhead.start(
                {key: request[key] for key in ("siteDir", "stylesheet")} | {"site": site}
            )
            assert ahead is not None
            ahead.written(request["pages"][:2])
            ahead.written(request["pages"][2:])
            ahead.close()
            ahead.close()  # twice: nothing more
        # a page written again since it was named, and a stylesheet changed since: worked out as they are now
        (tmp_path / "ar" / "index.html").write_text(
            '<!doctype html><html class="no-js" dir="rtl"><head></head><body><div dir="rtl" class="md-typeset">'
            "<ul><li>١</li></ul></div></body></html>"
        )
        (tmp_path / "en" / "patient.css").write_text(".note{color:blue}")
        answers = [style_rules.ask(english), style_rules.ask(arabic)]
    assert answers == [alone(english), alone(arabic)]
    assert ".note{color:blue}" in json.dumps(answers[0])


def test_nothing_is_named_without_a_shared_process_and_a_process_gone_fails_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv(style_rules.SERVE_ENV, raising=False)
    assert style_rules.PagesAhead.start({"siteDir": str(tmp_path)}) is None
    monkeypatch.setenv(style_rules.SERVE_ENV, str(tmp_path / "never"))  # nobody listens there
    assert style_rules.PagesAhead.start({"siteDir": str(tmp_path)}) is None
    # one whose process went away meanwhile: the pages are worked out at the end, nothing raised
    left, right = __import__("socket").socketpair()
    named = style_rules.PagesAhead(left)
    right.close()
    for _ in range(3):
        named.written(["a.html" * 10000])
    named.close()


def test_pages_are_named_ahead_only_by_a_language_built_alone_with_a_core_to_spare(monkeypatch):
    monkeypatch.setenv(style_rules.ALONE_ENV, "1")
    assert style_rules.ahead_for(cores=2) and not style_rules.ahead_for(cores=1)
    monkeypatch.delenv(style_rules.ALONE_ENV)
    assert not style_rules.ahead_for(cores=2)


def test_the_language_builds_tell_a_build_that_runs_alone(monkeypatch):
    monkeypatch.setenv(style_rules.ALONE_ENV, "1")  # as a build started from another would inherit it
    english = language_builds.LanguageJob("en", ["mkdocs", "build"], env={"A": "1"})
    french = language_builds.LanguageJob("fr", ["mkdocs", "build"])
    # one at a time (large languages, or --jobs 1), or one language asked for: each is alone
    for languages, workers in (([english, french], 1), ([english], 2)):
        told = language_builds.built_alone(languages, workers)
        assert [job.env.get(style_rules.ALONE_ENV) for job in told] == ["1"] * len(languages)
        assert told[0].env["A"] == "1"
    # two at once: neither is, and neither keeps what this process inherited
    told = language_builds.built_alone([english, french], 2)
    assert all(style_rules.ALONE_ENV not in job.env and style_rules.ALONE_ENV in job.unset for job in told)


class Named:
    def __init__(self) -> None:
        self.pages: list[str] = []

    def written(self, pages: list[str]) -> None:
        self.pages += pages


def test_a_page_is_named_once_it_is_written_that_is_when_the_next_one_is_rendered(tmp_path):
    """MkDocs writes a page after its on_post_page hooks: the page being rendered is named with the next one."""
    site = tmp_path / "site"
    named = Named()
    build = types.SimpleNamespace(ahead=named, named=0, written=[str(site / "404.html")])
    for page in ("index.html", "a/index.html", "b/index.html"):
        build.written.append(str(site / page))
        post_build._name_ahead(build, site)
    assert named.pages == ["404.html", "index.html", "a/index.html"]  # b/index.html: at the end, with the request


def test_naming_starts_before_the_pages_are_read_with_the_site_stylesheet_as_the_request_will_read_it(
    monkeypatch, tmp_path
):
    css = tmp_path / "overrides" / "assets" / "stylesheets" / "patient.css"
    css.parent.mkdir(parents=True)
    css.write_text("/* for editors */\n.note {\n  color: red;\n}\n")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setenv(style_rules.ALONE_ENV, "1")
    started: list[tuple] = []
    named = Named()
    monkeypatch.setattr(post_build.postprocess, "style_rules_ahead", lambda *given: started.append(given) or named)
    file = types.SimpleNamespace(abs_src_path=str(css))
    files = types.SimpleNamespace(
        get_file_from_path=lambda path: file if path == "assets/stylesheets/patient.css" else None
    )
    config = types.SimpleNamespace(site_dir=str(tmp_path / "site"))
    for preview, failed, expected in (
        (False, False, named),
        (True, False, None),  # `make serve` post-processes nothing but minifying
        (False, True, None),  # a build the rules failed post-processes nothing
    ):
        build = types.SimpleNamespace(preview=preview, failed=failed, ahead=None)
        monkeypatch.setattr(post_build, "language_build", lambda config, build=build: build)
        assert post_build.on_files(files, config) is files
        assert build.ahead is expected
    assert started == [(tmp_path / "site", post_build.compact_css(css.read_text()))]
    monkeypatch.delenv(style_rules.ALONE_ENV)  # built beside another language: nothing named
    build = types.SimpleNamespace(preview=False, failed=False, ahead=None)
    monkeypatch.setattr(post_build, "language_build", lambda config, build=build: build)
    post_build.on_files(files, config)
    assert build.ahead is None and len(started) == 1


UNDER_FLAGS = """
import { readFileSync } from "node:fs";
import { PagesAhead, styleRules, threadFailures } from %s;
const { request, site } = JSON.parse(readFileSync(0, "utf8"));
const ahead = new PagesAhead({ ...request, site });
for (const page of request.pages) ahead.add(page);
const found = await ahead.end({ all: true });
await styleRules({ ...request, threads: 2 });
process.stdout.write(JSON.stringify({ ahead: found && Object.keys(found.pages).length, failures: threadFailures.count }));
"""


def test_worker_threads_start_in_a_process_with_the_shared_processs_memory_caps(tmp_path):
    """V8's options given to Node.js (style_rules.node_flags) are inherited by a worker thread, and a worker given
    them outright refuses to start: both kinds of worker thread run under the shared process's own flags."""
    request = built_language(tmp_path / "site")
    script = tmp_path / "under-flags.mjs"
    script.write_text(UNDER_FLAGS % json.dumps(style_rules.PURGE_SCRIPT.as_uri()))
    done = subprocess.run(
        [node(), *style_rules.node_flags(650), str(script)],
        input=json.dumps({"request": request, "site": Path(request["siteCss"]).read_text()}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert json.loads(done.stdout) == {"ahead": 3, "failures": 0}
