"""A tiny project written into a test's temporary folder: a minimal mkdocs.yml, one mkdocs.<lang>.yml per
language and a page or two per language. Enough for the rules registry (`registry.run(profile, root=…)`) and
the scaffolds (`scaffold.new_page(…, root=…)`) to run in this process, without copying the shipped project
or building anything.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.config.paths import ROOT

# name in its own language, Babel locale
LANGUAGES = {
    "en": ("English", "en_GB"),
    "fr": ("Français", "fr_FR"),
    "it": ("Italiano", "it_IT"),
    "es": ("Español", "es_ES"),
    "ar": ("العربية", "ar"),
}


def page(title: str, body: str = "", **fields: object) -> str:
    """A page with its front matter: a title, a description, one source, and any other `fields`."""
    meta = {"title": title, "description": f"{title}.", **fields, "sources": ["A source."]}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n# {title}\n\n{body or 'Words here.'}\n"


def write_tiny_project(
    root: Path,
    pages: dict[str, str] | None = None,
    *,
    langs: tuple[str, ...] = ("en",),
    nav: list | None = None,
    extra: dict | None = None,
) -> Path:
    """root/ as a project of `langs` (the first is the source language).

    pages: {"docs/en/index.md": text, …}; without it, each language has an index page. nav: the menu of
    mkdocs.yml, by default the source language's pages in file order. extra: merged into mkdocs.yml's extra.
    """
    root.mkdir(parents=True, exist_ok=True)
    pages = pages if pages is not None else {f"docs/{code}/index.md": page("Home") for code in langs}
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for code in langs:
        (root / "docs" / code).mkdir(parents=True, exist_ok=True)
    source = langs[0]
    if nav is None:
        nav = sorted(rel.split("/", 2)[2] for rel in pages if rel.startswith(f"docs/{source}/"))
    alternate = [
        {"name": LANGUAGES[code][0], "lang": code, "locale": LANGUAGES[code][1], "link": f"/{code}/"} for code in langs
    ]
    config = {
        "site_name": "Patient information",
        "site_url": "https://clinic.test/info/",
        "docs_dir": f"docs/{source}",
        "nav": nav,
        "extra": {"topic": {"name": "Skin care"}, "alternate": alternate, **(extra or {})},
    }
    # What `make check` extracts the interface's messages with (the rule catalog-template): here, none.
    (root / "babel.cfg").write_bytes((ROOT / "babel.cfg").read_bytes())
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for code in langs:
        child = {"INHERIT": "mkdocs.yml", "docs_dir": f"docs/{code}", "site_dir": f"site/{code}"}
        if code != source:
            child["extra"] = {"topic": {"name": f"Skin care ({code})"}}
        (root / f"mkdocs.{code}.yml").write_text(yaml.safe_dump(child, allow_unicode=True), encoding="utf-8")
    return root


def with_catalog_template(root: Path) -> Path:
    """The shipped catalog template (translations/messages.pot) in root: what a new language's catalog starts
    from."""
    (root / "translations").mkdir(parents=True, exist_ok=True)
    pot = ROOT / "translations" / "messages.pot"
    (root / "translations" / "messages.pot").write_bytes(pot.read_bytes())
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes: to show that a command changed nothing."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
