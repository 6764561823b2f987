"""The unsafe-HTML rule (scripts/rules/content_rules.py check_unsafe_html) on a parsed document: hostile snippets are
refused with `path:line: unsafe HTML: … — fix`, however they are written; what editors use passes."""

from __future__ import annotations

import pytest

from scripts.rules.content_rules import check_unsafe_html

HEAD = "---\ntitle: A page\n---\n\n# A page\n\nSome text.\n\n"
LINE = HEAD.count("\n") + 1  # the snippet's first line


def problems(snippet: str) -> list[str]:
    return [str(problem) for problem in check_unsafe_html("docs/en/page.md", HEAD + snippet + "\n")]


HOSTILE = {
    "script": ("<script>alert(1)</script>", "raw <script> element"),
    "mixed-case script": ("<ScRiPt>alert(1)</sCrIpT>", "raw <script> element"),
    "svg script": ("<svg><script>alert(1)</script></svg>", "raw <script> element"),
    "entity-encoded javascript": ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: link"),
    "hex entities and &colon;": ('<a href="&#x6A;avascript&colon;alert(1)">x</a>', "javascript: link"),
    "tab-split javascript": ('<a href="java\tscript:alert(1)">x</a>', "javascript: link"),
    "newline-split javascript": ('<a href="java\nscript:alert(1)">x</a>', "javascript: link"),
    "control character before": ('<a href="\x01javascript:alert(1)">x</a>', "javascript: link"),
    "mixed-case javascript": ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript: link"),
    "markdown javascript link": ("[x](javascript:alert(1))", "javascript: link"),
    "markdown reference link": ("[x][1]\n\n[1]: JAVASCRIPT:alert(1)", "javascript: link"),
    "vbscript": ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: address in href="),
    "data url": ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data: address in href="),
    "markdown data url": ("[x](data:text/html,hello)", "data: address in href="),
    "event handler": ('<p onclick="go()">x</p>', "inline event handler (on…= attribute)"),
    "event handler after a slash": ("<img/onerror=alert(1) src=a.png alt=a>", "inline event handler (on…= attribute)"),
    "event handler after a newline": ("<p\nonmouseover=go()>x</p>", "inline event handler (on…= attribute)"),
    "attr_list event handler": ('# Title { onclick="go()" }', "inline event handler (on…= attribute)"),
    "style attribute": ('<p style="display:none">x</p>', "inline style attribute (style=…)"),
    "attr_list style": ('**Warning**{ style="color:red" }', "inline style attribute (style=…)"),
    "style element": ("<style>.page-signoff{display:none}</style>", "raw <style> element"),
    "srcset": ('<img src="a.png" alt="a" srcset="https://evil.example/x.png 2x">', "attribute srcset= on <img>"),
    "formaction": ('<button formaction="https://evil.example">x</button>', "<button> element"),
    "xlink:href": ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg> element"),
    "base": ('<base href="https://evil.example/">', "raw <base> element"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "raw <meta> element"),
    "form to another host": ('<form action="https://evil.example"><input name="q"></form>', "raw <form> element"),
    "iframe": ('<iframe src="https://video.example.org/x"></iframe>', "raw <iframe> element"),
    "object": ('<object data="x.swf"></object>', "raw <object>/<embed> element"),
    "embed": ('<embed src="x.swf">', "raw <object>/<embed> element"),
    "math mutation": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math> element"),
    "link element": ('<link rel="stylesheet" href="https://evil.example/x.css">', "raw <link> element"),
    # words the readability check would leave out
    "the site's class": ('<p class="note person">Long words.</p>', "class person (the site's own)"),
    "attr_list site's class": ("Long words.\n{: .clinic-contact }", "class clinic-contact (the site's own)"),
    "aria-hidden": ('<span aria-hidden="true">Long words.</span>', 'aria-hidden="true"'),
    "attr_list aria-hidden": ('Long words.\n{: aria-hidden="True" }', 'aria-hidden="true"'),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_html_is_refused(case):
    snippet, what = HOSTILE[case]
    found = problems(snippet)
    expected = [line for line in found if f": unsafe HTML: {what}" in line]
    assert expected, found
    for line in expected:
        path, number, rest = line.split(":", 2)
        assert path == "docs/en/page.md" and " — " in rest
        # on the snippet's lines (an address written with entities cannot be found in the text: the body's start)
        assert LINE - 4 <= int(number) <= LINE + snippet.count("\n"), line


LEGITIMATE = [
    "<div markdown>\n**Bold** text in a block.\n</div>",
    '<div class="grid" markdown>\nText\n</div>',
    '<span class="nowrap">0800 123 456</span>',
    '<span aria-label="Phone" aria-hidden="false">0800 123 456</span>',
    '<abbr title="Hyaluronic acid">HA</abbr> is a sugar.',
    '<bdi dir="ltr">+44 20 7946 0000</bdi>',
    "## Heading { #my-id .my-class }",
    "[Read more](https://www.nhs.uk/conditions/) and [mail us](mailto:care@example.org).",
    "<https://example.org/page> and <care@example.org>",
    '<a href="https://other.example.org/page" hreflang="fr">another site</a>',
    "[Call us](tel:+441234567890) or see [the aftercare page](aftercare.md#bruising).",
    "![A hand before a session](images/hand.png)",
    "A dose < 5 ml, a < b, 3 > 2 and x &lt; y.",
    "<details><summary>More</summary>\nHidden text.\n</details>",
    "Line one<br>\nline two, <strong>strong</strong> and <em>emphasis</em>.",
    '{% call care_card("non-urgent") %}\nText\n{% endcall %}',
]


@pytest.mark.parametrize("snippet", LEGITIMATE)
def test_what_editors_write_passes(snippet):
    assert problems(snippet) == []


def test_every_problem_of_a_page_is_reported_at_once():
    found = problems('<script>a()</script>\n\n<p style="x">y</p>\n\n[z](javascript:b())')
    assert len(found) == 3
    assert [int(line.split(":")[1]) for line in found] == [LINE, LINE + 2, LINE + 4]
