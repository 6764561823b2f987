"""The benchmark's synthetic copies (bench/content.py): each copy differs from its page and from the other
copies, deterministically, and keeps every macro, link and sentence an editor wrote."""

from __future__ import annotations

import re

import yaml

from bench import content
from bench.content import copy_texts, varied_copy

PAGE = """---
title: After your session
description: What is normal.
---

# After your session

Your hands may show mild effects. This page tells you what is normal.

## What is normal

You may have slight redness. You may also get a small bruise. These usually go away within 48 hours.

## What to do

{% call do_list() %}
- follow the advice your clinic gives you.
- ask your clinic what to avoid.
- keep your clinic's phone number close by.
{% endcall %}

## The course

A full course is usually {{ course("treatment", "sessions") }}. Ask your doctor.

{{ timeline("treatment",
    after_first="Your skin may look brighter.",
    not_volume="It does not add volume.") }}

## When to get help

{% call care_card("urgent") %}
- you have trouble breathing
- your face swells
{% endcall %}

## Next

Read [what results you can expect](results.md).
"""

OTHER = """---
title: Your session
---

# Your session

## What you may feel

The needles are very fine. You may still feel some discomfort. Everyone feels pain differently.

## Read more

See [the questions](questions.md).
"""

TERMS = ["bruise", "collagen", "dermis"]


def copy(n: int, text: str = PAGE) -> str:
    return varied_copy(text, n, key="aftercare.md", others=[OTHER], terms=TERMS)


def sentences(text: str) -> list[str]:
    return sorted(re.findall(r"[A-Z][^.{}\n]*\.", text))


def test_a_copy_is_the_same_every_time():
    assert copy(2) == copy(2)
    assert copy(7) == copy(7)


def test_copies_differ_from_the_page_and_from_each_other():
    copies = [copy(n) for n in range(2, 12)]
    assert PAGE not in copies
    assert len(set(copies)) == len(copies)


def test_the_front_matter_and_title_stay():
    for n in (2, 3, 50):
        assert copy(n).startswith(PAGE[: PAGE.index("# After your session")])


def test_every_macro_and_link_of_the_page_stays_whole():
    for n in range(2, 10):
        text = copy(n)
        assert text.count("{% call ") == PAGE.count("{% call ")
        assert text.count("{% endcall %}") == PAGE.count("{% endcall %}")
        assert '{{ course("treatment", "sessions") }}' in text
        # a macro call over several lines is moved as one block, never cut
        assert PAGE[PAGE.index("{{ timeline(") : PAGE.index('volume.") }}') + 12] in text
        assert "[what results you can expect](results.md)" in text


def test_the_closing_section_stays_last():
    for n in range(2, 10):
        assert copy(n).rstrip().endswith("## Next\n\nRead [what results you can expect](results.md).")


def test_every_sentence_of_the_page_stays_and_one_section_of_another_page_is_added():
    for n in range(2, 6):
        text = copy(n)
        assert set(sentences(PAGE)) <= set(sentences(text))
        assert "The needles are very fine." in text
        assert "[the questions](questions.md)" not in text  # a section with a link is not borrowed


def test_list_items_and_sentences_are_moved_not_changed():
    moved = [copy(n) for n in range(2, 12)]
    assert any(text.index("- keep your clinic's phone number") < text.index("- follow the advice") for text in moved)
    assert any(text.index("You may also get a small bruise.") < text.index("You may have slight") for text in moved)


def test_each_heading_gets_a_glossary_term():
    text = copy(2)
    headings = [line for line in text.splitlines() if line.startswith("## ") and line != "## Next"]
    assert headings
    assert all(re.search(r" \((bruise|collagen|dermis)\)$", line) for line in headings)
    assert "# After your session\n" in text  # the page title stays


def test_a_translation_is_shuffled_as_its_english_page():
    english = copy_texts({"aftercare.md": PAGE, "session.md": OTHER}, 4, TERMS)
    again = copy_texts({"aftercare.md": PAGE, "session.md": OTHER}, 4, TERMS)
    assert english == again
    assert sorted(english) == [
        "aftercare-2.md",
        "aftercare-3.md",
        "aftercare-4.md",
        "session-2.md",
        "session-3.md",
        "session-4.md",
    ]


def test_a_page_without_sections_is_copied_as_it_is():
    page = "---\ntitle: Home\n---\n\n# Home\n\nWelcome.\n"
    assert varied_copy(page, 3, key="index.md", others=[OTHER], terms=TERMS) == page


def _source(tmp_path, leaflet_yaml: str):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    for name, role in (("index.md", None), ("care.md", None), ("about.md", "about"), ("sheet.md", "consultation")):
        head = f"---\ntitle: T\nrole: {role}\n---\n" if role else "---\ntitle: T\n---\n"
        (tmp_path / "docs" / "en" / name).write_text(head + "# T\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nextra:\n  leaflet:{leaflet_yaml}\n  other: 1\n", encoding="utf-8")
    base = yaml.safe_load(config.read_text(encoding="utf-8"))
    pages = ["index.md", "care.md", "about.md", "sheet.md"]
    return config, content.Source(tmp_path, base, ["en"], pages, pages, {})


def test_the_scaled_leaflet_leaves_out_the_copies_and_what_the_roles_leave_out(tmp_path):
    config, source = _source(tmp_path, "  # printed\n    max_pages: 36")
    content._leaflet_without_copies(config, source, 2)
    extra = yaml.safe_load(config.read_text(encoding="utf-8"))["extra"]
    assert extra["leaflet"] == {
        "max_pages": 36,
        "leave_out": ["sheet.md", "about.md", "index-2.md", "care-2.md", "about-2.md", "sheet-2.md"],
    }
    assert extra["other"] == 1


def test_the_scaled_leaflet_extends_a_leave_out_the_settings_give(tmp_path):
    config, source = _source(tmp_path, "\n    leave_out: [care.md]")
    content._leaflet_without_copies(config, source, 2)
    leaflet = yaml.safe_load(config.read_text(encoding="utf-8"))["extra"]["leaflet"]
    assert leaflet["leave_out"] == ["care.md", "index-2.md", "care-2.md", "about-2.md", "sheet-2.md"]


def test_a_copy_plays_no_role():
    text = "---\ntitle: About\nrole: about\n---\n\n# About\n\nText.\n\n## One\n\nA.\n\n## Two\n\nB.\n"
    copy = varied_copy(text, 2, key="en/about.md", others=[], terms=[])
    assert "role:" not in copy and copy.startswith("---\ntitle: About\n---\n")
    alone = varied_copy("---\nrole: about\n---\n\n# About\n", 2, key="en/about.md", others=[], terms=[])
    assert alone == "---\n---\n\n# About\n"
