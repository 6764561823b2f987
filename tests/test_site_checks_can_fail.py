"""The built-site tests' own checks can fail: each helper whose findings a test asserts empty is shown a tiny
input with exactly the defect it exists to catch, and must name it.

A check that cannot fail passes every site: LinkChecker's report once dropped every row that starts with "#", and
so every link to an anchor of its own page ("#nowhere"), broken or not. Each probe here is hand-written HTML,
CSS, text or a folder of a few files: no build, no browser, no network.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from test_build import _css_remote_loads, _page_remote_loads
from test_fixture_topic import SITE_URL, internal_links
from test_leaflet_text import contains_words
from test_postprocess import _check_page
from test_reproducible import _differences
from test_rtl import _latin_texts
from test_site_html import _broken_links, _linkchecker_rows

from scripts.postprocess import pages as postprocess


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- LinkChecker's report (test_site_html.py)

# LinkChecker 10.6's CSV output for a page with a link to a missing page, a broken anchor on another page and a
# broken anchor on its own page (as `linkchecker --verbose --output csv` writes them; times and ports shortened).
LINKCHECKER_OUTPUT = """\
# created by LinkChecker at 2026-12-07 20:12:41+000
# Read the documentation at https://linkchecker.github.io/linkchecker/
# Write comments and bugs to https://github.com/linkchecker/linkchecker/issues
urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified
http://127.0.0.1:9/;;;200 OK;;;True;http://127.0.0.1:9/;;0.0001;200;0.007;0;0;
a/#there;http://127.0.0.1:9/;;200 OK;;;True;http://127.0.0.1:9/a/#there;1;158;there;0.0001;120;0.39;0;1;
a/#gone;http://127.0.0.1:9/;;200 OK;Anchor `gone' (decoded: `gone') not found. Available anchors: `there'.;;True;http://127.0.0.1:9/a/#gone;1;190;gone;0.0001;120;0.4;0;1;
#top;http://127.0.0.1:9/;;200 OK;;;True;http://127.0.0.1:9/#top;1;104;top;0.0002;200;0.84;0;1;
#nowhere;http://127.0.0.1:9/;;200 OK;Anchor `nowhere' (decoded: `nowhere') not found. Available anchors: `top'.;;True;http://127.0.0.1:9/#nowhere;1;127;nowhere;0.0003;200;1.38;0;1;
missing/;http://127.0.0.1:9/;;404 File not found;;;False;http://127.0.0.1:9/missing/;1;166;missing;-1;335;1.53;0;1;
# Stopped checking at 2026-12-07 20:12:43+000 (2 seconds)
"""


def test_the_link_report_names_a_missing_page_and_broken_anchors_on_this_page_and_another():
    rows = _linkchecker_rows(LINKCHECKER_OUTPUT)
    assert [row["urlname"] for row in rows] == [
        "http://127.0.0.1:9/",
        "a/#there",
        "a/#gone",
        "#top",
        "#nowhere",
        "missing/",
    ]
    broken = _broken_links(rows)
    assert len(broken) == 3, broken
    assert "a/#gone → 200 OK Anchor `gone'" in broken[0]
    assert "#nowhere → 200 OK Anchor `nowhere'" in broken[1]
    assert broken[2].endswith("missing/ → 404 File not found")


# ---------------------------------------------------------------- the Content-Security-Policy (test_postprocess.py)

SCRIPT = "document.title = 'x'"


def _page(policy: str | None, body: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">' if policy is not None else ""
    return f"<!doctype html><html><head>{meta}<title>t</title></head><body>{body}</body></html>"


def test_the_policy_check_names_a_missing_policy_a_lax_one_unhashed_code_and_inline_attributes(tmp_path):
    body = f'<script>{SCRIPT}</script><p style="color:red" onclick="go()">x</p>'
    strict = postprocess.policy(_page(None, f"<script>{SCRIPT}</script>"))
    assert _check_page(write(tmp_path / "good.html", _page(strict, f"<script>{SCRIPT}</script>"))) == []

    (none,) = _check_page(write(tmp_path / "none.html", _page(None, body)))
    assert "no Content-Security-Policy first in <head>" in none
    lax = "script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self'"
    found = "\n".join(_check_page(write(tmp_path / "lax.html", _page(lax, body))))
    for missing in ("default-src", "object-src", "base-uri", "form-action"):
        assert f"policy without {missing}" in found, found
    assert "policy allows [\"'unsafe-inline'\"]" in found
    assert "inline script 'sha256-" in found and "not in the policy" in found
    assert "style attribute on <p>" in found
    assert "event handler onclick on <p>" in found


# ---------------------------------------------------------------- links to files of the site (test_fixture_topic.py)


def test_internal_links_lead_a_broken_link_of_every_kind_to_a_file_that_is_not_there(tmp_path):
    site = tmp_path / "site"
    base = SITE_URL.split("/", 3)[3]  # the site's path under its host ("example-routine/")
    write(site / "en" / "kept" / "index.html", "<p>kept</p>")
    write(site / "en" / "logo.svg", "<svg/>")
    outside = write(tmp_path / "outside" / "kept.txt", "not the site's").parent
    page = write(
        site / "en" / "index.html",
        '<a href="kept/">ok</a><img src="logo.svg" alt=""><a href="#top">ok</a><a href="mailto:a@b.org">ok</a>'
        '<a href="https://other.example/gone/">another site</a>'
        '<a href="gone/">relative</a><img src="none.png" alt="">'
        f'<a href="/{base}en/away/">from the host</a><link rel="canonical" href="{SITE_URL}en/lost/">'
        # Files this machine has, outside the site: a link of this host there opens no file of the site.
        f'<a href="{outside.as_posix()}/kept.txt">outside the path</a><a href="../../{outside.name}/kept.txt">up and out</a>',
    )
    broken = [link for link, target in internal_links(site, page) if target is None or not target.is_file()]
    assert broken == [
        "gone/",
        f"/{base}en/away/",
        f"{outside.as_posix()}/kept.txt",
        "../../outside/kept.txt",
        f"{SITE_URL}en/lost/",
        "none.png",
    ]


# ---------------------------------------------------------------- two builds compared (test_reproducible.py)


def test_the_build_comparison_names_a_changed_byte_and_a_file_only_one_build_has(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for root in (first, second):
        write(root / "same.html", "<p>same</p>")
    write(first / "en" / "page.html", "<p>built at 10:00</p>")
    write(second / "en" / "page.html", "<p>built at 10:01</p>")  # same size: only the bytes tell
    write(second / "extra.txt", "x")
    assert _differences(first, first) == []
    assert _differences(first, second) == ["only in one build: extra.txt", "differs: en/page.html"]


# ---------------------------------------------------------------- loads from another host (test_build.py)


def test_the_remote_load_check_names_each_way_a_page_or_stylesheet_loads_from_another_host():
    doc = BeautifulSoup(
        '<html><head><link rel="stylesheet" href="//cdn.example/x.css"><link rel="canonical" href="https://a.example/">'
        "<style>body{background:url('https://img.example/b.png')}</style></head><body>"
        '<script src="../assets/own.js"></script><script src="https://cdn.example/x.js"></script>'
        '<img src="own.png" srcset="own.png 1x, https://img.example/2x.png 2x" alt="">'
        '<a href="https://a.example/">a link is not a load</a></body></html>',
        "html.parser",
    )
    found = _page_remote_loads(Path("p.html"), doc)
    assert len(found) == 4, found
    assert any("<script src=https://cdn.example/x.js>" in line for line in found)
    assert any("<img srcset=" in line for line in found)
    assert any("<link rel=['stylesheet'] href=//cdn.example/x.css>" in line for line in found)
    assert any("<style>" in line and "img.example/b.png" in line for line in found)
    css = "@import url('https://fonts.example/f.css');a{background:url(../own.png)}b{src:url(//f.example/x.woff2)}"
    assert _css_remote_loads(Path("s.css"), css) == ["s.css: https://fonts.example/f.css", "s.css: //f.example/x.woff2"]


# ---------------------------------------------------------------- Latin runs in right-to-left pages (test_rtl.py)


def test_the_isolation_check_names_latin_words_and_numbers_left_outside_a_left_to_right_element():
    article = BeautifulSoup(
        '<article dir="rtl"><p>نص <bdi dir="ltr">Dr Roux</bdi> و Dr Smith <span>في 2026</span></p>'
        "<p><code>x = 1</code></p><p>عربي فقط</p></article>",
        "html.parser",
    ).article
    assert _latin_texts(article) == [("Dr Roux", True), (" و Dr Smith ", False), ("في 2026", False)]


# ---------------------------------------------------------------- titles read back from a PDF (test_leaflet_text.py)


def test_a_title_is_found_only_as_whole_words_in_order():
    text = "Aftercare\nAfter your session: bruising fades.\nمعلومات عامة، لا تغني عن الاستشارة"
    assert contains_words(text, "After your session")
    assert contains_words(text, "لا تغني عن")
    assert not contains_words(text, "Before your session")  # a title the leaflet lost
    assert not contains_words(text, "care")  # inside another word
    assert not contains_words(text, "session After")  # out of order
    assert not contains_words(text, "تغني لا")
