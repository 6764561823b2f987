"""The built site: every page, its front matter, the facts, and nothing loaded from elsewhere.

The shipped content's own tests (its pages, their front matter, the facts on the right page) read docs/ and
site/; what the engine does with any content (titles, descriptions, dates, nothing loaded from another host)
is tested on the fixture topic's preview build (tests/fixture-topic).
"""

from __future__ import annotations

import re
from pathlib import Path

import mkdocs
import pytest
import yaml

from scripts.rules import page_history
from scripts.rules.content_rules import split_front_matter

from conftest import LANGS, ROOT, built_pages, fixture_languages, fixture_locales, soup

FIXTURE_LANGS = fixture_languages()

PAGES = [
    "index.md",
    "what-is-mesotherapy.md",
    "why-hands-age.md",
    "who-it-is-for.md",
    "session.md",
    "aftercare.md",
    "results.md",
    "compared.md",
    "questions.md",
    "consultation-sheet.md",
    "glossary.md",
    "about.md",
    "accessibility.md",
]


def _url(page: str) -> str:
    return "" if page == "index.md" else page[: -len(".md")] + "/"


def _meta(lang: str, page: str) -> dict:
    yaml_text, _, _ = split_front_matter((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))
    return yaml.safe_load(yaml_text)


def _text(path: Path) -> str:
    article = soup(path).select_one("article")
    return " ".join(article.get_text(" ").split())


def test_mkdocs_stays_1x():
    assert mkdocs.__version__.startswith("1."), (
        f"MkDocs {mkdocs.__version__} is installed: MkDocs 2 drops plugins; pin mkdocs<2 in requirements.lock"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_page_is_there_with_its_front_matter(site, lang):
    assert sorted(p.name for p in (ROOT / "docs" / lang).glob("*.md")) == sorted(PAGES)
    for page in PAGES:
        meta = _meta(lang, page)
        assert (site / lang / _url(page) / "index.html").is_file(), f"{lang}/{_url(page)} was not built"
        assert len(meta["description"]) <= 160
        # Nobody is named in the shipped settings: no page claims a review.
        assert meta["sources"] and not {"last_reviewed", "next_review", "reviewed_by"} & set(meta)


def _fixture_meta(project: Path, html: Path, site: Path) -> tuple[str, dict]:
    lang, *folders = html.parent.relative_to(site).parts
    source = f"docs/{lang}/{folders[0] if folders else 'index'}.md"
    yaml_text, _, _ = split_front_matter((project / source).read_text(encoding="utf-8"))
    return source, yaml.safe_load(yaml_text)


def test_every_page_is_built_with_its_front_matter_and_its_last_change(fixture_preview):
    site, project = fixture_preview.site, fixture_preview.project
    pages = [html for lang in FIXTURE_LANGS for html in built_pages(site, lang)]
    assert len(pages) == sum(len(list((project / "docs" / lang).glob("*.md"))) for lang in FIXTURE_LANGS)
    for html in pages:
        source, meta = _fixture_meta(project, html, site)
        doc = soup(html)
        assert doc.find("h1").get_text() == meta["title"], html
        assert doc.find("meta", attrs={"name": "description"})["content"] == meta["description"], html
        # Nobody is named in the unsigned variant: the page says when its file last changed in git, no review.
        times = doc.select("aside.page-review time")
        changed = page_history.last_changed(project, source)
        assert changed is not None and [t["datetime"] for t in times] == [changed.isoformat()], html
        assert all(t.get_text(strip=True) for t in times)


# "Page last changed:" in each language, followed by the date as the language writes it.
CHANGED_WORDS = {
    "en": "Page last changed:",
    "fr": "Dernière modification de la page :",
    "it": "Ultima modifica della pagina:",
    "es": "Última modificación de la página:",
    "ar": "آخر تعديل للصفحة:",
}


def test_review_dates_are_written_out_for_every_language():
    assert set(CHANGED_WORDS) >= set(LANGS) | set(FIXTURE_LANGS), "add the expected last-changed words"


@pytest.mark.parametrize("lang", LANGS)
def test_the_last_change_words_are_each_shipped_language_s_own(lang):
    """What the built page says before the date (the built page is the fixture's), from each catalog."""
    from scripts.i18n.interface import gettext_for

    assert gettext_for(lang)("Page last changed:").replace("\u00a0", " ") == CHANGED_WORDS[lang]


@pytest.mark.parametrize("lang", FIXTURE_LANGS)
def test_the_last_change_is_in_the_page_language_and_no_review_is_claimed(fixture_preview, lang):
    from scripts.i18n.interface import long_date

    site, project = fixture_preview.site, fixture_preview.project
    text = " ".join(
        soup(site / lang / "steps" / "index.html").select_one("aside.page-review").get_text(" ").split()
    ).replace("\u00a0", " ")
    changed = long_date(page_history.last_changed(project, f"docs/{lang}/steps.md"), fixture_locales()[lang])
    assert f"{CHANGED_WORDS[lang]} {changed}".replace("\u00a0", " ") in text, text
    for claim in ("Page last reviewed", "Dernière relecture", "Ultima revisione", "Última revisión", "آخر مراجعة"):
        assert claim not in text


FACTS = {
    "session.md": ["20 to 30 minutes", "electronic injector", "numbing cream"],
    "aftercare.md": ["24 to 48 hours", "Contact your clinic if:", "Urgent advice:", "112"],
    "results.md": [
        "4 to 6 sessions",
        "15 days to 3 weeks",
        "every 3 to 6 months",
        "still lacking",
        "2006",
        "does not add volume",
        "does not treat brown spots",
    ],
    "who-it-is-for.md": [
        "allergy to any of the products",
        "skin infection that is active",
        "pregnant",
        "breastfeeding",
        "medical assessment",
    ],
    "what-is-mesotherapy.md": ["1950s", "vitamins", "hyaluronic acid", "minerals", "amino acids"],
    "why-hands-age.md": ["lentigines", "sebaceous glands", "collagen", "elastin"],
    "about.md": ["still lacking", "no advertising", "cookies"],
}


@pytest.mark.parametrize("page", sorted(FACTS))
def test_facts_are_on_the_right_page(site, page):
    text = _text(site / "en" / _url(page) / "index.html")
    for fact in FACTS[page]:
        assert fact.lower() in text.lower(), f"'{fact}' is missing from en/{_url(page)}"


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
LOADING_ATTRS = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
    "apple-touch-icon",
}


def _remote(value: str) -> bool:
    return any(EXTERNAL.match(part.strip().split(" ")[0]) for part in value.split(","))


def _page_remote_loads(html: Path, doc) -> list[str]:
    """What a page makes the browser load from another host: elements, fetching <link>s, its <style>s' url()s."""
    offenders = []
    for tag, attrs in LOADING_ATTRS.items():
        for element in doc.find_all(tag):
            offenders += [
                f"{html}: <{tag} {a}={element[a]}>" for a in attrs if element.has_attr(a) and _remote(element[a])
            ]
    for link in doc.find_all("link", href=True):
        if LOADING_RELS & set(link.get("rel", [])) and _remote(link["href"]):
            offenders.append(f"{html}: <link rel={link['rel']} href={link['href']}>")
    for style in doc.find_all("style"):
        offenders += [f"{html}: <style> {m}" for m in CSS_URL.findall(style.get_text()) if _remote("".join(m))]
    return offenders


def _css_remote_loads(css: Path, text: str) -> list[str]:
    """The url()s and @imports of a stylesheet that name another host."""
    return [f"{css}: {''.join(m)}" for m in CSS_URL.findall(text) if _remote("".join(m))]


def test_built_pages_load_nothing_from_another_host(fixture_preview):
    site = fixture_preview.site
    assert len(list(site.rglob("*.html"))) > 8 and list(site.rglob("*.js")) and list(site.rglob("*.css"))
    offenders = []
    for html in site.rglob("*.html"):
        offenders += _page_remote_loads(html, soup(html))
    for css in site.rglob("*.css"):
        offenders += _css_remote_loads(css, css.read_text(encoding="utf-8"))
    for js in site.rglob("*.js"):
        text = js.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{js}: {host}"
            for host in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager.com", "google-analytics.com")
            if host in text
        ]
    assert not offenders, "\n".join(offenders)


def test_no_google_fonts_in_configuration():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+font: false", config, re.M), "theme.font must stay false (no Google Fonts)"


def test_review_dates_are_written_out_only_when_they_are_dates():
    import datetime as dt

    from scripts.i18n.interface import long_date

    assert long_date(dt.date(2026, 11, 25), "fr_FR") == "25 novembre 2026"
    # what an editor may write: the rules report it; formatting it must not stop the build
    assert long_date("25/11/2026", "fr_FR") is None and long_date(None, "en_GB") is None


def test_a_traceback_in_the_build_output_becomes_one_line():
    from scripts.cli.site import _build_problems

    output = (
        "ERROR    -  docs/fr/session.md:4: front matter 'last_reviewed': 'soon' is not a date — write it as YYYY-MM-DD\n"
        "Traceback (most recent call last):\n"
        '  File "/x/mkdocs/__main__.py", line 1, in <module>\n'
        "    cli()\n"
        "    ^^^^^\n"
        "AssertionError\n"
    )
    lines = _build_problems(output, "docs/fr")
    assert lines[0].startswith("docs/fr/session.md:4: front matter 'last_reviewed'")
    assert len(lines) == 2 and "the site's own code (AssertionError)" in lines[1], lines
    assert "python -m scripts.site build fr" in lines[1]


def test_the_engine_is_mkdocs_unless_the_environment_names_properdocs(monkeypatch):
    from scripts.cli import site
    from scripts.config.site_config import ConfigError

    monkeypatch.delenv(site.ENGINE_ENV, raising=False)
    assert site.engine_from_env() == "mkdocs"
    monkeypatch.setenv(site.ENGINE_ENV, " properdocs ")
    assert site.engine_from_env() == "properdocs"
    monkeypatch.setenv(site.ENGINE_ENV, "zensical")
    with pytest.raises(ConfigError, match=r"SITE_ENGINE='zensical': .* use one of mkdocs, properdocs"):
        site.engine_from_env()


def test_the_properdocs_engine_is_installed_and_stays_a_1_6_fork():
    import properdocs

    assert properdocs.__version__.startswith("1.6."), properdocs.__version__
