"""What the readability figure is taken on: the words a reader reads on the rendered page (pure functions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.renderers import rendered_pages
from scripts.rules import readability
from scripts.rules import registry as rules
from scripts.rules.checks import check_readability
from scripts.rules.readability import as_sentences, reader_units

from conftest import ROOT

PAGE = """
<h1 id="after">After the session<a class="headerlink" href="#after" title="Permanent link">¶</a></h1>
<p>Your hands may be <abbr title="a long medical explanation">red</abbr> for a day.<br>It goes away.</p>
<section class="care-card care-card--urgent"><h3 class="care-card__heading">
<span class="care-card__label">Urgent advice:</span> Call now if:</h3>
<ul><li>you cannot breathe</li><li>your face swells</li></ul></section>
<figure class="timeline"><figcaption class="timeline__caption">Course of treatment</figcaption>
<ol class="timeline__steps"><li><p class="timeline__when"><strong>After session 1</strong></p>
<p class="timeline__what">Your skin may look brighter.</p></li></ol></figure>
"""


def test_each_heading_paragraph_list_item_and_caption_is_a_unit():
    assert reader_units(PAGE) == [
        "After the session",
        "Your hands may be red for a day. It goes away.",
        "Urgent advice: Call now if:",
        "you cannot breathe",
        "your face swells",
        "Course of treatment",
        "After session 1",
        "Your skin may look brighter.",
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<nav><ul><li>Home</li><li>Aftercare</li></ul></nav>",
        "<header><p>Hand mesotherapy</p></header>",
        "<footer><p>Made by the clinic</p></footer>",
        "<script>var words = 'not read';</script>",
        "<style>p::after { content: 'x' }</style>",
        "<svg><text>label</text></svg>",
        "<p hidden>Hidden words</p>",
        '<p aria-hidden="true">Decoration</p>',
        '<aside class="page-review"><p>Page last reviewed: 25 November 2026</p></aside>',
        '<aside class="page-signoff"><p>No health professional has reviewed this page yet.</p></aside>',
        '<figure class="print-qr"><figcaption>Read this page online: https://x.org/</figcaption></figure>',
        '<p class="leaflet-link"><a href="x.pdf">Printed leaflet (PDF)</a></p>',
        '<a class="headerlink" href="#a">¶</a>',
        "<button>Print</button>",
    ],
)
def test_navigation_frame_code_hidden_text_and_page_furniture_are_not_read(html):
    assert reader_units(f"<p>Before.</p>{html}<p>After.</p>") == ["Before.", "After."]


def test_text_is_joined_inside_a_block_and_entities_are_decoded():
    assert reader_units("<p>One&nbsp;<em>two</em>\n   <strong>three</strong> &amp; four</p>") == [
        "One two three & four"
    ]


def test_void_self_closing_and_stray_end_tags_do_not_lose_words():
    html = '<p>One<img alt="a photo" src="x.png"><wbr/>two</p></span><p>three<input type="checkbox"/></p>'
    assert reader_units(html) == ["Onetwo", "three"]


def test_a_unit_without_words_is_no_unit():
    assert reader_units("<p>—</p><p> </p><li>3.</li><p>ok</p>") == ["3.", "ok"]


def test_units_become_sentences_a_heading_or_item_without_a_full_stop_ends_one():
    assert as_sentences(["Aftercare", "Call us:", "It is fine.", "Is it safe?", "Wait…", "Step one —"]) == (
        "Aftercare. Call us. It is fine. Is it safe? Wait… Step one."
    )


def _rules() -> dict:
    rule, problems = readability.parse_rule(
        {"formula": "flesch_kincaid_grade", "name": "Flesch-Kincaid grade", "target": 6, "limit": 8}, "test"
    )
    assert problems == [] and rule is not None
    return {"en": rule}


MARKDOWN = "---\ntitle: T\n---\n\n# After the session\n\n{{ care_card('urgent') }}\n"
RENDERED = (
    "<h1>After the session</h1>"
    + "".join(f"<p>Your hands may feel sore for a day or two after session {n}.</p>" for n in range(1, 8))
    + '<section class="care-card"><ul><li>you cannot breathe</li><li>your face swells</li></ul></section>'
)


def test_the_figure_is_taken_on_the_rendered_page_macros_included():
    row, errors, _ = check_readability("docs/en/p.md", "en", "p.md", MARKDOWN, _rules(), html=RENDERED)
    expected = readability.score(_rules()["en"], "en", as_sentences(reader_units(RENDERED)))
    assert row.measured_on == "page" and row.score == round(expected, 1)
    assert row.words > 40 and row.sentences == 10 and row.status in ("ok", "over target")
    assert errors == []


def test_without_the_rendered_page_the_markdown_is_measured_and_the_row_says_so():
    row, _, _ = check_readability("docs/en/p.md", "en", "p.md", MARKDOWN, _rules())
    assert row.measured_on == "source" and row.status == "too short"  # the macro's words are not in the Markdown


def test_a_hard_rendered_page_fails_with_the_markdown_lines_to_look_at():
    hard = "<p>" + " ".join(["Notwithstanding considerable interindividual physiological variability"] * 8) + ".</p>"
    row, errors, _ = check_readability("docs/en/p.md", "en", "p.md", MARKDOWN, _rules(), html=hard)
    assert row.status == "FAIL" and row.long_sentences == 1
    assert [(e.path, e.line) for e in errors] == [("docs/en/p.md", 5)]
    assert "hard to read: Flesch-Kincaid grade" in errors[0].message


def test_a_language_whose_pages_do_not_render_fails_the_check_with_one_line(monkeypatch):
    def broken(config_file: Path):
        raise rendered_pages.RenderError("Config value 'theme': unknown theme")

    monkeypatch.setattr(rendered_pages, "render_pages", broken)
    result = rules.run("check", root=ROOT, langs=["en"])
    found = [p for p in result.errors if "could not be rendered" in p.message]
    assert [(p.path, p.line) for p in found] == [("docs/en", 1)]
    assert "unknown theme" in found[0].message and "make site" in found[0].fix
    assert result.rows and {row.measured_on for row in result.rows} == {"source"}


def test_a_missing_config_is_a_render_error_not_a_traceback(tmp_path):
    with pytest.raises(rendered_pages.RenderError) as caught:
        rendered_pages.render_pages(tmp_path / "mkdocs.xx.yml")
    assert "\n" not in str(caught.value) and str(caught.value)


def test_a_render_inside_a_render_measures_nothing(monkeypatch):
    monkeypatch.setitem(rendered_pages._rendering, "active", True)
    assert rendered_pages.render_pages(ROOT / "mkdocs.en.yml") is None
