"""The Content-Security-Policy vouches only for the site's own inline code (scripts/postprocess/pages.py).

Pure functions: what the templates write (Material's partials/javascripts and overrides/, rendered from their
source with trusted values) is accepted and hashed; any other inline script, <style>, style= attribute or
on…= handler, a meta refresh, a fetching link to another host is refused, with where it is.
"""

from __future__ import annotations

import base64
import hashlib

import pytest

from scripts.config.paths import ROOT
from scripts.config.site_config import brand_colors
from scripts.postprocess import pages as postprocess

BASES = postprocess.base_urls({0, 1, 2}, "https://example.org/site/en/")
# Every brand colour the templates set (the dark-scheme ones tinted from these: site_config.brand_colors).
COLORS = brand_colors({"colors": {"primary": "#005a70", "accent": "#8a3b12"}})


@pytest.fixture(scope="module")
def own() -> postprocess.OwnInlineCode:
    return postprocess.own_inline_code(bases=BASES, colors=COLORS)


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head><title>t</title>{head}</head><body>{body}</body></html>"


def material_script(name: str, base: str) -> str:
    """One of Material's inline scripts as its template writes it for a page at `base`."""
    import jinja2

    source = (postprocess._theme_dir() / "partials" / "javascripts" / name).read_text(encoding="utf-8")
    body = postprocess.template_blocks(source)[0][1]
    return jinja2.Environment().from_string(body).render(base_url=base, config={"extra": {}})


def test_base_urls_are_one_per_depth_and_the_404_pages_absolute_path():
    assert BASES == [".", "..", "../..", "/site/en/"]
    # a site_url path a template would print inside a string is left out: its pages then fail the check
    assert postprocess.base_urls({0}, 'https://example.org/a"+alert(1)+"/') == ["."]


@pytest.mark.parametrize("base", BASES)
def test_materials_inline_scripts_are_accepted_at_every_depth(own, base):
    for name in ("base.html", "palette.html", "content.html"):
        script = material_script(name, base)
        out = postprocess.process_page(page(body=f"<script>{script}</script>"), own=own)
        assert sha(script.strip()) in postprocess.policy(out) or sha(script) in postprocess.policy(out), name


def test_the_projects_own_inline_code_is_accepted(own):
    head = (
        f"<style>:root{{--patient-primary:{COLORS['primary']};--patient-accent:{COLORS['accent']};"
        f"--patient-primary-dark:{COLORS['primary_dark']};--patient-accent-dark:{COLORS['accent_dark']}}}</style>"
        '<script>document.documentElement.classList.replace("no-js","js")</script>'
        '<script type="application/ld+json">{"name":"x \\u003c/script\\u003e"}</script>'
        '<script id="__config" type="application/json">{"base":"."}</script>'
    )
    out = postprocess.process_page(page(head=head), own=own)
    directives = dict(part.split(" ", 1) for part in postprocess.policy(out).split("; "))
    assert directives["script-src"].count("'sha256-") == 1  # the data blocks are never run: no hash
    assert directives["style-src"].count("'sha256-") == 1
    assert directives["form-action"] == "'self'"


def test_the_root_pages_code_is_its_own_with_the_languages_and_colours():
    own = postprocess.own_inline_code(bases=["."], colors=COLORS, redirect_langs=["en", "fr"])
    from scripts.config.site_config import Language
    from scripts.renderers import root_pages

    langs = [Language(code="en", name="English", locale="en"), Language(code="fr", name="Français", locale="fr")]
    html = root_pages.render_root_page(
        langs, not_found=False, redirect=True, site_url="https://example.org/", index="", colors=COLORS
    )
    out = postprocess.process_page(html, own=own)
    assert "sha256-" in postprocess.policy(out)
    # another colour than the one the policy was made with: refused
    other = html.replace(COLORS["primary"], "#111111")
    with pytest.raises(postprocess.UntrustedInlineCode):
        postprocess.process_page(other, own=own)


def test_a_colour_that_is_not_hex_is_never_trusted():
    hostile = {"primary": "red;}body{display:none", "accent": "#8a3b12"}
    own = postprocess.own_inline_code(bases=["."], colors=hostile)
    style = f"<style>:root{{--patient-primary:{hostile['primary']};--patient-accent:#8a3b12}}</style>"
    with pytest.raises(postprocess.UntrustedInlineCode):
        postprocess.process_page(page(head=style), own=own)


@pytest.mark.parametrize(
    "head, body, what",
    [
        ("", "<script>alert(1)</script>", "inline <script> the site's templates did not write"),
        ("", '<script type="text/ecmascript">alert(1)</script>', "inline <script> the site's templates did not write"),
        ("", '<script type="module">import("x")</script>', "inline <script> the site's templates did not write"),
        ("", '<script type="text/x-template">x</script>', '<script type="text/x-template">'),
        ("<style>.page-signoff{display:none}</style>", "", "inline <style> the site's templates did not write"),
        ("", '<p style="display:none">x</p>', 'style="display:none" attribute on <p>'),
        ("", '<img src="a.png" alt="" onerror="alert(1)">', "event handler onerror= on <img>"),
        ("", '<a href="#" ONCLICK="x()">x</a>', "event handler onclick= on <a>"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "", '<meta http-equiv="refresh">'),
        ('<link rel="preconnect" href="https://evil.example">', "", '<link rel="preconnect"> to https://evil.example'),
        ('<link rel="stylesheet" href="//evil.example/x.css">', "", '<link rel="stylesheet"> to //evil.example/x.css'),
        ('<link rel="dns-prefetch prefetch" href="https://evil.example">', "", '<link rel="dns-prefetch prefetch">'),
        ('<base href="https://evil.example/">', "", "<base> element"),
        ("", '<script src="https://evil.example/x.js"></script>', '<script src="https://evil.example/x.js">'),
        ("", "<script/>alert(1)</script>", "inline <script>"),  # not closed in HTML: minify-html reads it so
        ("", "<style>", "<style> never closed"),
        (
            '<script type="application/ld+json">{}</script>',
            '<script type="application/ld+json">{"fake":1}</script>',
            'a second <script type="application/ld+json">',
        ),
        ("", '<script type="application/json">{}</script>', '<script type="application/json">'),
    ],
)
def test_anything_else_is_refused_with_where_it_is(own, head, body, what):
    with pytest.raises(postprocess.UntrustedInlineCode) as refused:
        postprocess.process_page(page(head=head, body=body), own=own)
    assert any(what in finding.what for finding in refused.value.findings), refused.value.findings
    assert all(finding.line >= 1 and finding.fix for finding in refused.value.findings)


def test_every_finding_of_a_page_is_reported_at_once(own):
    html = page(body='<script>a()</script><p style="x" onclick="y">z</p><style>b{}</style>')
    findings = postprocess.untrusted_inline_code(postprocess.minify(html), own)
    assert len(findings) == 4


def test_links_to_the_sites_own_files_and_other_link_types_are_fine(own):
    head = (
        '<link rel="stylesheet" href="../assets/x.css"><link rel="canonical" href="https://example.org/a/">'
        '<link rel="icon" href="data:image/svg+xml,%3Csvg%3E">'
    )
    out = postprocess.process_page(page(head=head, body='<a href="https://other.example/">x</a>'), own=own)
    assert out.count("Content-Security-Policy") == 1


def test_a_page_is_processed_again_to_the_same_page(own):
    once = postprocess.process_page(
        page(body='<script>document.documentElement.classList.replace("no-js","js")</script>'), own=own
    )
    assert postprocess.process_page(once, own=own) == once


def test_problems_name_the_built_file_and_the_page_source(tmp_path):
    source = tmp_path / "session.md"
    source.write_text("---\ntitle: x\n---\n\nText\n\n<p onclick=go()>x</p>\n", encoding="utf-8")
    findings = [
        postprocess.Finding(3, "event handler onclick= on <p>", "remove it"),
        postprocess.Finding(5, "inline <script> the site's templates did not write", "remove it"),
    ]
    output = ROOT / "site" / "en" / "session" / "index.html"
    problems = [str(p) for p in postprocess.page_problems(output, source, findings)]
    assert (
        problems[0]
        == f"{source}:7: unsafe HTML in site/en/session/index.html: event handler onclick= on <p> — remove it"
    )
    # not written in the page: it came from the configuration, a catalog or a template
    assert problems[1].startswith(
        f"site/en/session/index.html:5: unsafe HTML (page source {source}; it may come from the configuration"
    )


def test_the_parser_reads_what_a_browser_reads_as_text_or_as_code():
    found = postprocess.inline_code(
        "<html><head><title>a <script>alert(1)</script></title></head><body>"
        "<textarea><style>x{}</style></textarea><svg><title><script>svg()</script></title></svg>"
        "<script/>after()</body></html>"
    )
    # <title> and <textarea> are text to a browser; inside <svg> a <title> is an element like any other
    assert [body for _, body in found.scripts] == ["svg()"] and found.styles == []
    assert [finding.what for finding in found.refused] == ["<script/> written as self-closing"]


def test_root_pages_with_code_the_policy_does_not_vouch_for_fail_as_a_setting(tmp_path, monkeypatch):
    from scripts.config.site_config import ConfigError, Language
    from scripts.renderers import root_pages

    langs = [Language(code="en", name="English", locale="en")]
    hostile = "red}body{display:none"
    config = {"site_url": "https://example.org/", "extra": {"clinic": {"colors": {"primary": hostile}}}}
    # A colour that is not #hex never reaches a page (the clinic-colors rule reports it): the theme's instead.
    root_pages.write_root_pages(tmp_path, langs, base_config=config)
    assert hostile not in (tmp_path / "index.html").read_text(encoding="utf-8")
    # Were one to reach it, the policy would not vouch for the style: the page fails as a setting.
    colors = {**brand_colors(None), "primary": hostile}
    monkeypatch.setattr(root_pages, "clinic_colors", lambda extra: colors)
    (tmp_path / "index.html").unlink()
    with pytest.raises(ConfigError) as error:
        root_pages.write_root_pages(tmp_path, langs, base_config=config)
    assert str(error.value).startswith(f"{tmp_path / 'index.html'}:1: unsafe HTML: inline <style>")
    assert not (tmp_path / "index.html").exists()
    monkeypatch.undo()
    root_pages.write_root_pages(tmp_path, langs, base_config={"site_url": "https://example.org/", "extra": {}})
    assert "Content-Security-Policy" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_moved_pages_redirect_is_vouched_for_only_for_the_targets_the_configuration_names():
    """mkdocs-redirects writes a moved page with an inline script and a meta refresh: the policy vouches for
    that script, rendered from the plugin's own template, for the redirect_maps targets only; a refresh to a
    page of this site is a redirect, one to another host is refused."""
    from mkdocs_redirects.plugin import HTML_TEMPLATE

    from scripts.postprocess.pages import OwnInlineCode, minify, redirect_scripts, untrusted_inline_code

    page = minify(HTML_TEMPLATE.format(url="../aftercare/"))
    named = OwnInlineCode(frozenset(redirect_scripts(["../aftercare/"])), frozenset())
    assert untrusted_inline_code(page, named) == []
    assert untrusted_inline_code(page, OwnInlineCode())  # not named in the configuration: refused
    other = minify(HTML_TEMPLATE.format(url="../results/"))
    assert untrusted_inline_code(other, named)  # another target than the one named
    assert redirect_scripts(['x/";alert(1);"', "https://evil.example/"]) == set()
    elsewhere = page.replace("url=../aftercare/", "url=https://evil.example/")
    assert any("refresh" in finding.what for finding in untrusted_inline_code(elsewhere, named))
