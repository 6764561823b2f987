"""A language whose own config (mkdocs.<lang>.yml) sets its menu: the rules read the menu that language's build
reads, not mkdocs.yml's, and name the file that sets it."""

from __future__ import annotations

from scripts.rules import registry

from tiny_project import page_text, write_tiny_project


def _project(tmp_path, nav_yaml: str, leaflet_yaml: str = ""):
    root = write_tiny_project(tmp_path / "project", ["en"])
    (root / "docs" / "en" / "care.md").write_text(page_text("en", title="Care"), encoding="utf-8")
    config = root / "mkdocs.en.yml"
    config.write_text(config.read_text(encoding="utf-8") + nav_yaml, encoding="utf-8")
    if leaflet_yaml:
        base = root / "mkdocs.yml"
        base.write_text(
            base.read_text(encoding="utf-8").replace("extra:\n", f"extra:\n{leaflet_yaml}", 1), encoding="utf-8"
        )
    return root


def _errors(root, profile="check") -> list[str]:
    return [str(p) for p in registry.run(profile, root=root, langs=["en"]).errors]


def test_a_page_in_the_languages_own_menu_is_in_the_navigation(tmp_path):
    root = _project(tmp_path, "nav:\n  - index.md\n  - care.md\n")
    assert not [e for e in _errors(root) if "navigation" in e or "nav lists" in e]


def test_the_languages_own_menu_is_the_one_checked_and_named(tmp_path):
    root = _project(tmp_path, "nav:\n  - index.md\n  - care.md\n  - gone.md\n")
    errors = _errors(root)
    assert (
        "mkdocs.en.yml:4: nav lists gone.md, which is not in docs/en/ — add docs/en/gone.md or remove it from nav"
        in errors
    ), errors


def test_without_its_own_menu_a_page_missing_from_mkdocs_yml_is_said_there(tmp_path):
    root = _project(tmp_path, "")
    errors = _errors(root)
    assert any(
        e.startswith("docs/en/care.md:1: page not in the navigation — add it to nav in mkdocs.yml") for e in errors
    ), errors


def test_the_leaflet_may_leave_out_a_page_of_the_languages_own_menu(tmp_path):
    root = _project(tmp_path, "nav:\n  - index.md\n  - care.md\n", "  leaflet:\n    leave_out: [care.md]\n")
    assert not [e for e in _errors(root, "build") if "extra.leaflet" in e]
    root = _project(tmp_path / "other", "", "  leaflet:\n    leave_out: [care.md]\n")
    assert any("extra.leaflet.leave_out[0]: 'care.md' is not a page of the menu" in e for e in _errors(root, "build"))
