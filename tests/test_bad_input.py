"""Bad input from editors fails the build, naming the file, the field and the fix — all at once."""

from __future__ import annotations

import re

import pytest

from conftest import assert_no_traceback, build_copy

pytestmark = pytest.mark.slow


def _edit(project, page, old, new, lang="en"):
    path = project / "docs" / lang / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _failed_with(result, *expected):
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert_no_traceback(output)
    for pattern in expected:
        assert re.search(pattern, output), f"{pattern!r} not in build output:\n{output}"
    return output


CASES = {
    "missing field": (
        "session.md",
        "\nsources:\n",
        "\nsource:\n",
        [r"docs/en/session\.md:\d+: front matter 'sources': missing — add 'sources:'"],
    ),
    "malformed front matter": (
        "session.md",
        "sources:\n",
        "sources: [unclosed\n",
        [r"docs/en/session\.md:\d+: front matter is not valid YAML"],
    ),
    "date that is not a date": (
        "session.md",
        "\nsources:\n",
        "\nclinical_review:\n  date: 25/11/2026\nsources:\n",
        [
            r"docs/en/session\.md:4: front matter 'clinical_review\.date': '25/11/2026' is not a date — "
            r"write it as YYYY-MM-DD"
        ],
    ),
    "a review the sign-off does not name": (
        "session.md",
        "\nsources:\n",
        "\nlast_reviewed: 2026-11-25\nsources:\n",
        [r"docs/en/session\.md:4: front matter 'last_reviewed': a page does not state its own review — remove it"],
    ),
    "description too long": (
        "session.md",
        "description: ",
        "description: " + "Very long words here. " * 8,
        [r"docs/en/session\.md:3: front matter 'description': \d+ characters, at most 160 allowed — shorten it"],
    ),
    "broken link": (
        "session.md",
        "\n# ",
        "\nSee [aftercare](after-care.md).\n\n# ",
        [r"docs/en/session\.md: link 'after-care\.md': no such page in docs/en/ — check the file name"],
    ),
    "broken anchor": (
        "session.md",
        "\n# ",
        "\nSee [aftercare](aftercare.md#no-such-heading).\n\n# ",
        [
            r"docs/en/session\.md: link 'aftercare\.md#no-such-heading': docs/en/aftercare\.md has no heading with the id '#no-such-heading' — use"
        ],
    ),
    "raw script": (
        "session.md",
        "\n# ",
        "\n<script>alert(1)</script>\n\n# ",
        [r"docs/en/session\.md:\d+: unsafe HTML: raw <script> element — remove it"],
    ),
    "raw iframe": (
        "session.md",
        "\n# ",
        '\n<iframe src="https://video.example.org/x"></iframe>\n\n# ',
        [r"docs/en/session\.md:\d+: unsafe HTML: raw <iframe> element"],
    ),
    "event handler": (
        "session.md",
        "\n# ",
        '\n<p onclick="steal()">Click</p>\n\n# ',
        [r"docs/en/session\.md:\d+: unsafe HTML: inline event handler \(on…= attribute\)"],
    ),
    "inline style": (
        "session.md",
        "\n# ",
        '\n<p style="color:red">Important</p>\n\n# ',
        [r"docs/en/session\.md:\d+: unsafe HTML: inline style attribute \(style=…\) — remove it"],
    ),
    "title that is a number": (
        "session.md",
        "title: What happens during a session?\n",
        "title: 123\n",
        [r"docs/en/session\.md:2: front matter 'title': expected text, got int — write it as plain text"],
    ),
    "javascript link": (
        "session.md",
        "\n# ",
        "\n[Click](javascript:alert(1))\n\n# ",
        [r"docs/en/session\.md:\d+: unsafe HTML: javascript: link — link to a page"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_the_build(project, case):
    page, old, new, expected = CASES[case]
    _edit(project, page, old, new)
    _failed_with(build_copy(project, "en"), *expected)


def test_all_problems_are_reported_at_once(project):
    _edit(project, "session.md", "\nsources:\n", "\nclinical_review:\n  date: soon\nsources:\n")
    _edit(project, "aftercare.md", "title: ", "titel: ")
    _edit(project, "results.md", "\n# ", "\n<iframe src=x></iframe>\n\n# ")
    _failed_with(
        build_copy(project, "en"),
        r"docs/en/session\.md:4: front matter 'clinical_review\.date': 'soon' is not a date",
        r"docs/en/aftercare\.md:\d+: front matter 'title': missing",
        r"docs/en/aftercare\.md:\d+: front matter 'titel': unknown field",
        r"docs/en/results\.md:\d+: unsafe HTML: raw <iframe>",
    )


def test_a_typo_in_a_macro_call_fails_the_build(project):
    _edit(project, "aftercare.md", "{% call do_list() %}", "{% call do_lists() %}")
    _failed_with(
        build_copy(project, "en"),
        r"docs/en/aftercare\.md:\d+: 'do_lists' is not a building block \(the building blocks: .*care_card.*\) — "
        r"write only the building blocks CONTRIBUTING\.md shows",
    )
