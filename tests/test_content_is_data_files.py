"""Nothing outside the project is read or published: no symbolic link in the content folders, only pages and
images in a pages folder, no SVG that runs or loads anything (scripts/config/file_safety.py, rules content-links and
publishable-files).

Pure functions on names and bytes, the folder checks on a few files written into tmp_path, and the registry run
in this process on a bare tiny project (tests/tiny_project.py): no copy of the shipped project."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
from pathlib import Path

import pytest

from scripts.config import file_safety
from scripts.config.problems import Problem
from scripts.rules import registry as rules

from tiny_project import write_bare_project

CLEAN_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#005a70"/></linearGradient>
  <circle id="dot" r="2"/></defs>
  <style>.a { fill: url(#g); }</style>
  <rect class="a" width="10" height="10" fill="url(#g)"/>
  <use xlink:href="#dot" x="5" y="5"/>
  <title>A hand</title>
</svg>
"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cf000000030101005e8a1d2a0000000049454e44ae426082"
)


def _svg(body: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n' + body + "\n</svg>\n"
    ).encode()


# --- The allowlist of a pages folder, by name ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["aftercare.md", "hand.png", "hand.PNG", "hand.jpg", "hand.jpeg", "h.webp", "h.gif"])
def test_pages_and_images_are_published(name):
    assert file_safety.file_type_problem(f"docs/en/{name}") is None


@pytest.mark.parametrize(
    "name",
    ["aftercare.md.orig", "aftercare.md.rej", "aftercare.md.bak", "aftercare.md~", ".aftercare.md.swp", "#x.md#"],
)
def test_leftovers_of_a_merge_or_an_editor_are_refused(name):
    problem = file_safety.file_type_problem(f"docs/en/{name}")
    assert problem is not None and problem.path == f"docs/en/{name}" and problem.line == 1
    assert "leftover" in problem.message and "delete this file" in problem.fix


@pytest.mark.parametrize("name", [".DS_Store", ".notes.md", ".htaccess"])
def test_hidden_files_are_refused(name):
    problem = file_safety.file_type_problem(f"docs/en/{name}")
    assert problem is not None and "hidden file" in problem.message and "delete it" in problem.fix


@pytest.mark.parametrize("name", ["extra.html", "page.htm", "tracker.js", "module.mjs", "look.css"])
def test_code_and_styles_are_refused(name):
    problem = file_safety.file_type_problem(f"docs/en/{name}")
    assert problem is not None
    assert "published as is, unchecked" in problem.message
    assert "write the page as Markdown (.md)" in problem.fix and "delete this file" in problem.fix


@pytest.mark.parametrize("name", ["consent.pdf", "notes.docx", "README", "archive.zip"])
def test_any_other_type_is_refused_naming_what_to_do(name):
    problem = file_safety.file_type_problem(f"docs/en/{name}")
    assert problem is not None and "not one of the types the site publishes (.md, .png" in problem.message
    assert problem.fix.startswith("convert it") and "or delete it" in problem.fix


def test_the_problem_reads_as_one_editor_line():
    assert str(file_safety.file_type_problem("docs/en/extra.html")).startswith(
        "docs/en/extra.html:1: a .html file would be published as is, unchecked"
    )


# --- SVG ---------------------------------------------------------------------------------------------------


def test_a_clean_svg_with_its_own_references_and_a_doctype_passes():
    assert file_safety.svg_problems("docs/en/hand.svg", CLEAN_SVG) == []


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<script xlink:href="https://evil.example/x.js"/>', "a <script> element"),
        ('<rect width="1" height="1" onload="alert(1)"/>', "event handler (onload="),
        ('<g onclick="go()"><rect width="1" height="1"/></g>', "event handler (onclick="),
        ("<foreignObject><p>html</p></foreignObject>", "a <foreignObject> element"),
        ('<image xlink:href="https://evil.example/x.png" width="1" height="1"/>', "reference to another file or site"),
        ('<image href="file:///etc/passwd" width="1" height="1"/>', "reference to another file or site"),
        ('<use href="other.svg#x"/>', "reference to another file or site"),
        ('<a href="https://evil.example/"><rect width="1" height="1"/></a>', "reference to another file or site"),
        ("<style>@import url(https://evil.example/x.css);</style>", "a style that loads another file or site"),
        ('<style>rect { fill: url("https://evil.example/p.svg#a"); }</style>', "loads another file or site"),
        ("<style>rect { b\\61 ckground: u\\72 l(x) }</style>", "an escaped character"),
        ('<rect width="1" height="1" style="fill: url(https://evil.example/a)"/>', "loads another file or site"),
        ('<rect width="1" height="1" fill="url(https://evil.example/a#b)"/>', "loads another file or site"),
        ('<set attributeName="onmouseover" to="alert(1)"/>', "an animation that sets onmouseover"),
        ('<animate attributeName="xlink:href" to="javascript:alert(1)"/>', "an animation that sets xlink:href"),
    ],
)
def test_an_svg_that_runs_or_loads_anything_is_refused_with_its_line(body, said):
    problems = file_safety.svg_problems("docs/en/hand.svg", _svg(body))
    assert problems, body
    assert any(said in problem.message for problem in problems), problems
    assert all(problem.path == "docs/en/hand.svg" and problem.line == 2 for problem in problems), problems
    assert all("export the drawing again as a plain SVG" in problem.fix for problem in problems)


def test_an_xml_entity_bomb_is_refused_without_being_expanded():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&d;&d;&d;&d;&d;&d;&d;&d;</text></svg>
"""
    problems = file_safety.svg_problems("docs/en/bomb.svg", bomb)
    assert problems == [
        Problem(
            "docs/en/bomb.svg",
            3,
            "declares an XML entity (an XML bomb or a way to read other files)",
            file_safety.SVG_FIX,
        )
    ]


def test_an_external_entity_is_refused_and_the_file_it_names_is_not_read():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>
"""
    problems = file_safety.svg_problems("docs/en/x.svg", xxe)
    assert [(p.line, p.message) for p in problems] == [
        (2, "declares an XML entity (an XML bomb or a way to read other files)")
    ]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "not a well-formed SVG drawing (mismatched tag)"),
        (b"\x89PNG\r\n", "not a well-formed SVG drawing"),
        (b"<html><body>hi</body></html>", "not an SVG drawing (its first element is <html>)"),
        (b"<?xml-stylesheet href='https://evil.example/x.css'?><svg/>", "processing instruction <?xml-stylesheet"),
    ],
)
def test_what_is_no_plain_svg_is_refused(data, said):
    problems = file_safety.svg_problems("docs/en/x.svg", data)
    assert any(said in problem.message for problem in problems), problems


# --- Folders: links and the allowlist together --------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project's content folders, clean: a page, a PNG and a clean SVG."""
    for folder in file_safety.CONTENT_FOLDERS:
        (tmp_path / folder).mkdir()
    docs = tmp_path / "docs" / "en"
    (docs / "img").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "img" / "hand.png").write_bytes(PNG)
    (docs / "img" / "hand.svg").write_bytes(CLEAN_SVG)
    (tmp_path / "glossary" / "en.yml").write_text("{}\n", encoding="utf-8")
    return tmp_path


def test_a_clean_tree_has_no_problem(tree):
    assert file_safety.symlink_problems(tree) == []
    assert file_safety.docs_file_problems(tree, tree / "docs" / "en") == []


def test_every_symbolic_link_in_the_content_folders_is_refused_even_one_inside_the_project(tree):
    (tree / "docs" / "en" / "passwd.md").symlink_to("/etc/passwd")
    (tree / "glossary" / "fr.yml").symlink_to("/etc/passwd")
    (tree / "data" / "timelines.yml").symlink_to(tree / "glossary" / "en.yml")  # inside the project
    (tree / "translations" / "etc").symlink_to("/etc", target_is_directory=True)
    (tree / "overrides" / "main.html").symlink_to("/etc/hostname")
    problems = file_safety.symlink_problems(tree)
    assert [(p.path, p.line) for p in problems] == [
        ("docs/en/passwd.md", 1),
        ("glossary/fr.yml", 1),
        ("data/timelines.yml", 1),
        ("translations/etc", 1),  # a linked folder: reported, never entered
        ("overrides/main.html", 1),
    ]
    assert str(problems[0]) == (
        "docs/en/passwd.md:1: a symbolic link (to /etc/passwd): its target would be read and published — "
        "replace the link by a copy of the file (every symbolic link is refused, even one to a file of the "
        "project), or delete it"
    )
    assert "(to " + str(tree / "glossary" / "en.yml") + ")" in problems[2].message


def test_a_linked_content_folder_is_refused(tree):
    (tree / "data").rmdir()
    (tree / "data").symlink_to("/etc", target_is_directory=True)
    assert [p.path for p in file_safety.symlink_problems(tree)] == ["data"]


def test_a_pages_folder_reports_every_file_it_may_not_publish_at_once(tree):
    docs = tree / "docs" / "en"
    for name in ("aftercare.md.orig", "aftercare.md.rej", "session.md.bak", ".DS_Store", "extra.html", "x.js"):
        (docs / name).write_text("x", encoding="utf-8")
    (docs / "img" / "bad.svg").write_bytes(_svg('<rect width="1" height="1" onload="alert(1)"/>'))
    (docs / ".obsidian").mkdir()
    (docs / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    (docs / "img" / "passwd.png").symlink_to("/etc/passwd")
    problems = file_safety.docs_file_problems(tree, docs)
    assert sorted(p.path for p in problems) == [
        "docs/en/.DS_Store",
        "docs/en/.obsidian",  # the hidden folder once, not entered
        "docs/en/aftercare.md.orig",
        "docs/en/aftercare.md.rej",
        "docs/en/extra.html",
        "docs/en/img/bad.svg",
        "docs/en/img/passwd.png",
        "docs/en/session.md.bak",
        "docs/en/x.js",
    ]


def test_pages_are_read_from_regular_files_only(tree):
    docs = tree / "docs" / "en"
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "linked").symlink_to("/etc", target_is_directory=True)
    assert file_safety.regular_files(docs, ".md") == [docs / "index.md"]


# --- The registry: the build and `make check` agree, and nothing is read through a link ---------------------


@pytest.fixture
def linked(tmp_path) -> Path:
    project = write_bare_project(tmp_path / "project", langs=("en", "fr"))
    (project / "glossary").mkdir()
    (project / "glossary" / "en.yml").write_text("[]\n", encoding="utf-8")
    (project / "docs" / "en" / "passwd.md").symlink_to("/etc/passwd")
    (project / "glossary" / "fr.yml").symlink_to("/etc/passwd")
    return project


@pytest.mark.parametrize("profile", ["build", "check", "release"])
def test_a_link_stops_every_profile_before_any_file_is_read(linked, profile, monkeypatch):
    read: list[str] = []
    original = io.open

    def spy(file, *args, **kwargs):
        read.append(str(file))
        return original(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)  # what Path.read_text and read_bytes open with
    monkeypatch.setattr(builtins, "open", spy)
    result = rules.run(profile, root=linked, langs=["en", "fr"], today=dt.date(2026, 12, 6))
    assert [str(p) for p in result.errors] == [
        "docs/en/passwd.md:1: a symbolic link (to /etc/passwd): its target would be read and published — "
        + file_safety.LINK_FIX,
        "glossary/fr.yml:1: a symbolic link (to /etc/passwd): its target would be read and published — "
        + file_safety.LINK_FIX,
    ]
    assert result.fatal
    assert str(linked / "mkdocs.yml") in read  # the spy sees what is read
    assert not any("passwd" in path or path.endswith("fr.yml") for path in read), read


def test_a_file_not_on_the_allowlist_fails_the_build_and_check_alike(tmp_path):
    project = write_bare_project(tmp_path / "project")
    docs = project / "docs" / "en"
    (docs / "aftercare.md.orig").write_text("old text", encoding="utf-8")
    (docs / "extra.html").write_text("<p>x</p>", encoding="utf-8")
    (docs / "hand.svg").write_bytes(_svg("<script>alert(1)</script>"))
    expected = {"docs/en/aftercare.md.orig", "docs/en/extra.html", "docs/en/hand.svg"}
    for profile in ("build", "check"):
        result = rules.run(profile, root=project, langs=["en"], today=dt.date(2026, 12, 6))
        found = {p.path for p in result.errors if p.path in expected}
        assert found == expected, (profile, result.errors)
        assert result.fatal, profile
    assert os.path.isfile(docs / "aftercare.md.orig")  # reported, never touched
