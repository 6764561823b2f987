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
from scripts.postprocess import style_rules

AHEAD = """
import { readFileSync } from "node:fs";
import { PagesAhead, styleRules } from %s;
const { request, site, change, stopAtOnce } = JSON.parse(readFileSync(0, "utf8"));
const ahead = new PagesAhead({ ...request, site });
for (const page of request.pages) ahead.add(page);
if (stopAtOnce) {
  const found = await ahead.end();
  const [withIt, without] = [await styleRules(request, { ahead: Promise.resolve(found) }), await styleRules(request)];
  process.stdout.write(JSON.stringify({ found: Object.keys(found.pages).length, same: JSON.stringify(withIt) === JSON.stringify(without) }));
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
    """The worker stops after the page it is on: told at once, it has reached none of the 120 pages."""
    request = built_language(tmp_path)
    html = (tmp_path / "index.html").read_text()
    for n in range(120):
        (tmp_path / f"p{n}.html").write_text(html.replace("<p>x</p>", f"<p>{n}</p>"))
    request["pages"] += [f"p{n}.html" for n in range(120)]
    result = run_module(AHEAD, {"request": request, "site": Path(request["siteCss"]).read_text(), "stopAtOnce": True})
    assert result["found"] < 120 and result["same"]


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


def test_pages_are_named_ahead_only_where_a_language_is_built_alone_with_a_core_to_spare():
    assert style_rules.AHEAD_FROM_PAGES == 100
    assert not style_rules.ahead_for(99, cores=2)
    assert style_rules.ahead_for(100, cores=2)
    assert not style_rules.ahead_for(650, cores=1)
    assert style_rules.ahead_for(650) == ((os.cpu_count() or 1) > 1)


class Named:
    def __init__(self) -> None:
        self.pages: list[str] = []

    def written(self, pages: list[str]) -> None:
        self.pages += pages


def test_a_page_is_named_once_it_is_written_that_is_when_the_next_one_is_rendered(tmp_path):
    """MkDocs writes a page after its on_post_page hooks: the page being rendered is named with the next one."""
    site = tmp_path / "site"
    named = Named()
    build = types.SimpleNamespace(name_ahead=True, ahead=named, named=0, written=[str(site / "404.html")])
    for page in ("index.html", "a/index.html", "b/index.html"):
        build.written.append(str(site / page))
        post_build._name_ahead(build, site)
    assert named.pages == ["404.html", "index.html", "a/index.html"]  # b/index.html: at the end, with the request


def test_the_first_page_starts_the_naming_with_the_stylesheet_as_the_request_will_read_it(monkeypatch, tmp_path):
    css = tmp_path / "assets" / "stylesheets" / "patient.css"
    css.parent.mkdir(parents=True)
    css.write_text("/* for editors */\n.note {\n  color: red;\n}\n")
    started: list[tuple[Path, str]] = []
    named = Named()
    monkeypatch.setattr(post_build.postprocess, "style_rules_ahead", lambda *given: started.append(given) or named)
    build = types.SimpleNamespace(name_ahead=True, ahead=None, named=0, written=[str(tmp_path / "index.html")])
    post_build._name_ahead(build, tmp_path)
    assert started == [(tmp_path, post_build.compact_css(css.read_text()))] and build.ahead is named
    # no process to name them to: the build stops trying
    monkeypatch.setattr(post_build.postprocess, "style_rules_ahead", lambda *given: None)
    build = types.SimpleNamespace(name_ahead=True, ahead=None, named=0, written=[str(tmp_path / "index.html")])
    post_build._name_ahead(build, tmp_path)
    assert build.name_ahead is False and build.ahead is None


def test_the_build_decides_by_its_pages_and_the_preview_never_names_them(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    for preview, failed, pages, expected in (
        (False, False, 100, True),
        (False, False, 99, False),
        (True, False, 100, False),  # `make serve` post-processes nothing but minifying
        (False, True, 100, False),  # a build the rules failed post-processes nothing
    ):
        build = types.SimpleNamespace(preview=preview, failed=failed, name_ahead=None)
        monkeypatch.setattr(post_build, "language_build", lambda config, build=build: build)
        files = types.SimpleNamespace(documentation_pages=lambda pages=pages: [None] * pages)
        assert post_build.on_files(files, None) is files
        assert build.name_ahead is expected


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
