"""One registry of every rule the content must follow, run with a profile by both entry points.

    build    the MkDocs build of one language (scripts/adapters/language.py on_config): what would make the
             site wrong or the build crash; preview notices (unsigned pages, out-of-date or
             wrong-language text) are warnings so `make site` and `make serve` still build
    check    `make check` (scripts/cli/check_command.py): everything the build checks, and the editor's
             checks (readability, wording, spelling, links, review dates)
    release  `RELEASE=1 make check` and `RELEASE=1 make site`: as check, and what must not be
             published (no named sign-off, out-of-date translations, overdue reviews) fails

Each rule is written once, in the REGISTRY below, with its level per profile ("error",
"warning", or absent: not run). The rule functions themselves live with their subject
(content_rules, checks, site_config, signoff, catalogs, timeline, language_check); this file
only says which runs where. Every problem is `path:line: what — fix`, all of them at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.config import file_safety, topic
from scripts.config.editor_files import EditorFileError, problems_of, read_mkdocs_config, read_text, setting_lines
from scripts.config.problems import Problem
from scripts.config.project_config import SOURCE_LANGUAGE, source_language_problems
from scripts.config.site_config import (
    ConfigError,
    brand_images,
    check_clinic,
    color_problems,
    languages,
    load_glossary,
    placeholder_problems,
    site_address_problems,
)
from scripts.i18n import catalogs
from scripts.renderers import accessibility, leaflet, rendered_pages
from scripts.renderers.bidi import is_rtl
from scripts.renderers.timeline import TimelineError, load_timelines
from scripts.rules import (
    language_check,
    links_check,
    page_history,
    page_macros,
    page_roles,
    page_versions,
    search_words,
    signoff,
    text_safety,
    typography,
)
from scripts.rules.checks import (
    check_future_review,
    check_placeholders,
    check_readability,
    check_review_date,
    check_sentence_length,
    check_spelling,
    check_wording,
    find_wording,
    load_word_list,
)
from scripts.rules.content_rules import check_page, load_yaml, split_front_matter
from scripts.rules.readability import load_rules
from scripts.rules.translation_status import Status, language_status

PROFILES = ("build", "check", "release")
E, W = "error", "warning"


@dataclasses.dataclass
class Site:
    root: Path
    profile: str
    today: dt.date
    config: dict  # mkdocs.yml through MkDocs' loader
    codes: list  # the site's languages (extra.alternate)
    rows: list = dataclasses.field(default_factory=list)  # readability table (check)
    cache: dict = dataclasses.field(default_factory=dict)
    keep_results: bool = False  # the kept page rules' results are kept for the next run (page_results)

    @property
    def extra(self) -> dict:
        return self.config.get("extra") or {}


@dataclasses.dataclass
class Page:
    rel: str  # as editors see it: docs/fr/some-page.md
    page: str  # some-page.md
    text: str
    meta: dict
    problems: list  # front matter and page safety, parsed once

    @functools.cached_property
    def digest(self) -> str:
        """The page's text as a key of the results kept between runs (page_results)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclasses.dataclass
class Language:
    site: Site
    code: str
    docs: Path
    pages: list  # Page, for every readable page
    unreadable: list  # Problem, one per page that cannot be read

    @property
    def translated(self) -> bool:
        return self.code != SOURCE_LANGUAGE


@dataclasses.dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # "site", "language" or "page"
    levels: dict  # profile → "error" | "warning"
    run: Callable[..., Iterable[Problem]]
    fatal: bool = False  # in a build, MkDocs would crash on it later: stop at once
    first: bool = False  # run before every other rule; its errors stop the run before any file is read
    # A page rule whose problems follow from the page's text and the shared inputs alone (and from what
    # `depends` says of the language's other pages): its results are kept between runs (page_results).
    kept: bool = False
    depends: Callable[[Language], str] | None = None


REGISTRY: list[Rule] = []


def rule(
    name: str,
    scope: str,
    *,
    build: str | None = None,
    check: str | None = None,
    release: str | None = None,
    fatal: bool = False,
    first: bool = False,
    kept: bool = False,
    depends: Callable[[Language], str] | None = None,
):
    levels = {profile: level for profile, level in (("build", build), ("check", check), ("release", release)) if level}
    assert not kept or scope == "page", name

    def register(function):
        REGISTRY.append(Rule(name, scope, levels, function, fatal, first, kept, depends))
        return function

    return register


# --- Site: configuration, clinic, sign-off settings, timeline data, catalog template ---------------


# A link can lead out of the project (to /etc/passwd): refused before any rule reads a file through it, and
# fatal, since MkDocs would copy its target into the site before the strict build fails.
@rule("content-links", "site", build=E, check=E, release=E, fatal=True, first=True)
def _content_links(site: Site) -> list[Problem]:
    return file_safety.symlink_problems(site.root)


# Each language's own config, read once per language checked: a build reads only its own (MkDocs' loader
# is pure Python, and every mkdocs.<lang>.yml inherits the whole of mkdocs.yml).
@rule("language-config", "language", build=E, check=E, release=E, fatal=True)
def _language_config(lang: Language) -> list[Problem]:
    try:
        read_mkdocs_config(lang.site.root / f"mkdocs.{lang.code}.yml", lang.site.root)
    except EditorFileError as exc:
        return problems_of(exc)
    return []


@rule("language-folders", "site", build=E, check=E, release=E)
def _language_folders(site: Site) -> list[Problem]:
    docs = site.root / "docs"
    return (
        [
            Problem(
                f"docs/{folder}",
                1,
                "a language folder that mkdocs.yml extra.alternate does not list",
                f"add the language with `python -m scripts.site new-language {folder}` or remove the folder",
            )
            for folder in sorted(p.name for p in docs.iterdir() if p.is_dir())
            if folder not in site.codes and folder != "assets"
        ]
        if docs.is_dir()
        else []
    )


def _config_problem(line: str, lines: dict[str, int]) -> Problem:
    """site_config's 'mkdocs.yml extra.clinic.x: what — fix' with the line of the setting."""
    match = re.match(r"mkdocs\.yml (?P<where>[\w.\[\]-]+): (?P<what>.+?) — (?P<fix>.+)$", line)
    if not match:
        return as_problem(line)
    where = match.group("where")
    number = lines.get(where) or lines.get(where.rsplit(".", 1)[0]) or 1
    return Problem("mkdocs.yml", number, f"{where}: {match.group('what')}", match.group("fix"))


@rule("clinic-settings", "site", build=E, check=E, release=E)
def _clinic(site: Site) -> list[Problem]:
    return check_clinic(site.extra.get("clinic"), _base_lines(site), site.root / "brand")


# The brand colours carry text (links, menu, care cards, timeline, white on the header) in both schemes.
@rule("clinic-colors", "site", build=E, check=E, release=E)
def _clinic_colors(site: Site) -> list[Problem]:
    return color_problems(site.extra.get("clinic"), _base_lines(site))


# The logo and the sharing image are published as they are: an SVG is read as the pages' pictures are (no
# script, link or embedded file), since opened on its own it would run with the site's address.
@rule("brand-files", "site", build=E, check=E, release=E)
def _brand_files(site: Site) -> list[Problem]:
    return [
        problem
        for path in brand_images(site.extra, site.root / "brand")
        if path.suffix.lower() == ".svg"
        for problem in file_safety.svg_problems(f"brand/{path.name}", path.read_bytes())
    ]


@rule("topic-settings", "site", build=E, check=E, release=E)
def _topic_settings(site: Site) -> list[Problem]:
    lines = _base_lines(site)
    return [_config_problem(line, lines) for line in topic.problems(site.extra, site.root / "brand")]


# Each translated language names the topic in its own words (its pages' structured data).
@rule("topic-name", "language", build=W, check=E, release=E)
def _topic_name(lang: Language) -> list[Problem]:
    path = lang.site.root / f"mkdocs.{lang.code}.yml"
    if not lang.translated or not path.is_file():
        return []
    try:
        extra = read_mkdocs_config(path, lang.site.root).get("extra") or {}
    except EditorFileError:
        return []  # reported by the language-config rule
    lines = setting_lines(path.read_text(encoding="utf-8"))
    line = lines.get("extra.topic.name") or lines.get("extra.topic") or lines.get("extra") or 1
    return [
        dataclasses.replace(as_problem(text), line=line)
        for text in topic.language_problems(lang.code, extra, lang.site.extra)
    ]


@rule("source-language", "site", build=E, check=E, release=E)
def _source_language(site: Site) -> list[Problem]:
    return source_language_problems(site.extra, site.codes, _base_lines(site))


@rule("site-address", "site", build=E, check=E, release=E)
def _site_address(site: Site) -> list[Problem]:
    return site_address_problems(site.config, _base_lines(site))


@rule("example-address", "site", build=W, check=W, release=E)
def _example_address(site: Site) -> list[Problem]:
    return placeholder_problems(site.config, _base_lines(site))


@rule("signoff-settings", "site", build=E, check=E, release=E)
def _signoff_settings(site: Site) -> list[Problem]:
    return signoff.settings_problems(site.extra, _base_lines(site), site.codes, SOURCE_LANGUAGE, today=site.today)


# The printed leaflet's settings (extra.leaflet, extra.clinic.paper): the build reads them, so check does too.
@rule("leaflet-settings", "site", build=E, check=E, release=E)
def _leaflet_settings(site: Site) -> list[Problem]:
    return leaflet.read_settings(site.extra, _base_lines(site))[1]


# The leaflet's reading order names pages of the menu (nav), as the build of each language finds them.
@rule("leaflet-pages", "language", build=E, check=E, release=E)
def _leaflet_pages(lang: Language) -> list[Problem]:
    pages = {page.page for page in lang.pages}
    nav = [name for name in page_versions.nav_pages(_language_nav(lang)[0]) if name in pages]
    roles = page_roles.role_pages((page.page, page.meta) for page in lang.pages)
    settings = leaflet.read_settings(lang.site.extra)[0]
    return leaflet.reading_order(nav or sorted(pages), settings, roles, _base_lines(lang.site))[1]


@rule("timeline-data", "site", build=E, check=E, release=E, fatal=True)
def _timeline_data(site: Site) -> list[Problem]:
    try:
        load_timelines(site.root / "data" / "timelines.yml", site.root)
    except TimelineError as exc:
        return [as_problem(line) for line in str(exc).splitlines()]
    return []


# The accessibility statement says only what the tests check and what the data record
# (scripts/renderers/accessibility.py). The data are read only where a page says the statement (its building block,
# or the role): a topic with no such page needs no data/accessibility.yml. Read once, however many languages.
@rule("accessibility-data", "language", build=E, check=E, release=E)
def _accessibility_data(lang: Language) -> list[Problem]:
    if not any(
        "accessibility_statement" in page.text or page_roles.role_of(page.meta) == "accessibility"
        for page in lang.pages
    ):
        return []
    site = lang.site
    return _cached(
        site,
        "accessibility-data",
        lambda: accessibility.load(
            site.codes, path=site.root / "data" / "accessibility.yml", root=site.root, today=site.today
        )[1],
    )


@rule("invisible-characters-settings", "site", build=E, check=E, release=E)
def _settings_characters(site: Site) -> list[Problem]:
    # The clinic's settings may be written in a right-to-left language of the site; the data files hold none.
    rtl = any(_rtl(site, code) for code in site.codes)
    problems = text_safety.file_problems(site.root / "mkdocs.yml", site.root, rtl=rtl)
    for path in sorted((site.root / "data").glob("*.yml")):
        problems += text_safety.file_problems(path, site.root)
    return problems


# Printouts carry their version in their QR code; the record says what changed since (scripts/rules/page_versions.py).
@rule("page-versions-record", "site", build=E, check=E, release=E)
def _page_versions_record(site: Site) -> list[Problem]:
    return page_versions.record_file_problems(site.root)


# A warning, in release mode too: a copy whose pages or sign-off differ from the record (every test's project
# copy) would otherwise be refused; the clinic records at publication (README, "Printouts…").
@rule("page-versions-published", "site", check=W, release=W)
def _page_versions_published(site: Site) -> list[Problem]:
    return page_versions.unrecorded_problems(site.config, site.codes, site.root, source_language=SOURCE_LANGUAGE)


@rule("catalog-template", "site", check=E, release=E)
def _catalog_template(site: Site) -> list[Problem]:
    return catalogs.template_problems(_used_messages(site), site.root)


# --- Language: catalogs, glossary, translations, sign-off, wording lists ---------------------------


# Fatal: MkDocs copies every file of the folder into the site before the strict build fails.
@rule("publishable-files", "language", build=E, check=E, release=E, fatal=True)
def _publishable_files(lang: Language) -> list[Problem]:
    return file_safety.docs_file_problems(lang.site.root, lang.docs)


@rule("catalog", "language", build=E, check=E, release=E, fatal=True)
def _catalog(lang: Language) -> list[Problem]:
    return catalogs.catalog_problems(lang.code, _expected_messages(lang.site), lang.site.root)


# French typography (scripts/rules/typography.py): the catalogs are the interface of every page, so an error even
# in a build; a page's text is an error in check and release, a warning in a build (a preview still shows it).
@rule("catalog-typography", "language", build=E, check=E, release=E)
def _catalog_typography(lang: Language) -> list[Problem]:
    path = catalogs.po_path(lang.code, lang.site.root / "translations")
    if not typography.follows_french_rules(lang.code) or not path.is_file():
        return []
    try:  # through the one reader of editor files: a catalog that is not UTF-8 is its own rule's one line
        text = read_text(path, lang.site.root, fix_missing="")
    except EditorFileError:
        return []
    return typography.catalog_problems(path.relative_to(lang.site.root).as_posix(), text)


@rule("glossary", "language", build=E, check=E, release=E, fatal=True)
def _glossary(lang: Language) -> list[Problem]:
    return load_glossary(lang.code, lang.site.root / "glossary")[1]


@rule("search-words", "language", build=E, check=E, release=E)
def _search_words(lang: Language) -> list[Problem]:
    # The pages already read (not read again: at 650 pages, a tenth of a second of every preview save).
    texts = [page.text for page in lang.pages] if lang.docs == lang.site.root / "docs" / lang.code else None
    return search_words.problems(lang.site.root, lang.code, texts)


@rule("invisible-characters-files", "language", build=E, check=E, release=E)
def _language_characters(lang: Language) -> list[Problem]:
    root = lang.site.root
    files = [
        root / "glossary" / f"{lang.code}.yml",
        search_words.words_file(root, lang.code),
        catalogs.po_path(lang.code, root / "translations"),
        root / f"mkdocs.{lang.code}.yml",
    ]
    rtl = _rtl(lang.site, lang.code)
    return [p for path in files if path.is_file() for p in text_safety.file_problems(path, root, rtl=rtl)]


@rule("glossary-wording", "language", check=E, release=E)
def _glossary_wording(lang: Language) -> list[Problem]:
    text, word_list = _glossary_text(lang), _word_list(lang)[0]
    if text is None or word_list is None:
        return []
    lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if not line.lstrip().startswith("#")]
    return find_wording(f"glossary/{lang.code}.yml", lines, word_list)


@rule("word-list", "language", check=W, release=W)
def _word_list_problems(lang: Language) -> list[Problem]:
    return _word_list(lang)[1]


@rule("readability-formula", "language", check=W, release=W)
def _formula(lang: Language) -> list[Problem]:
    if lang.code in _readability_rules(lang.site):
        return []
    return [
        Problem(
            f"docs/{lang.code}",
            1,
            f"no readability formula for language '{lang.code}'",
            f"add readability: {{formula: …, name: …, target: …, limit: …}} to the '{lang.code}' "
            f"entry of mkdocs.yml extra.alternate (targets: the content standards)",
        )
    ]


@rule("readability-settings", "site", check=E, release=E)
def _readability_settings(site: Site) -> list[Problem]:
    return [as_problem(problem) for problem in load_rules(site.root)[1]]


def _readability_rules(site: Site) -> dict:
    """Each language's formula, target and limit, from mkdocs.yml extra.alternate (scripts/rules/readability.py)."""
    return _cached(site, ("readability-rules",), lambda: load_rules(site.root)[0])


@rule("translation-missing", "language", build=E, check=E, release=E)
def _translation_missing(lang: Language) -> list[Problem]:
    return [
        Problem(
            f"docs/{lang.code}/{entry.page}",
            1,
            "translation missing (the site does not build without it)",
            f"translate docs/{SOURCE_LANGUAGE}/{entry.page}, then run "
            f"`python -m scripts.site translations mark {lang.code} {entry.page}`",
        )
        for entry in _statuses(lang)
        if entry.status is Status.MISSING
    ]


@rule("translation-version", "language", build=E, check=E, release=E)
def _translation_version(lang: Language) -> list[Problem]:
    return [
        Problem(
            f"docs/{lang.code}/{entry.page}",
            1,
            f"translation_of {entry.recorded} is no version of docs/{SOURCE_LANGUAGE}/{entry.page}",
            f"set it to the English version you translated (current: {entry.current}): update the "
            f"translation, then run `python -m scripts.site translations mark {lang.code} {entry.page}`",
        )
        for entry in _statuses(lang)
        if entry.status is Status.UNKNOWN_VERSION
    ]


@rule("translation-out-of-date", "language", build=W, check=W, release=E)
def _translation_out_of_date(lang: Language) -> list[Problem]:
    return [
        Problem(
            f"docs/{lang.code}/{entry.page}",
            1,
            "translation out of date: the English page changed since",
            f"see what changed with `python -m scripts.site translations diff {lang.code} {entry.page}`, bring it "
            f"up to date with docs/{SOURCE_LANGUAGE}/{entry.page}, then run "
            f"`python -m scripts.site translations mark {lang.code} {entry.page}`",
        )
        for entry in _statuses(lang)
        if entry.status is Status.OUT_OF_DATE
    ]


@rule("signoff-summary", "language", build=W, check=W)
def _signoff_summary(lang: Language) -> list[Problem]:
    missing = [p for page in lang.pages for p in _page_signoff_problems(lang, page)]
    if not missing:
        return []
    return [
        Problem(
            f"docs/{lang.code}",
            1,
            f"{len(missing)} sign-off(s) missing: pages not yet clinically reviewed "
            "or translations not yet checked (each page says so)",
            "name the reviewers in mkdocs.yml extra.clinic.signoff (README, 'Sign-off'); "
            "release mode refuses to publish until then",
        )
    ]


@rule("spelling", "language", check=E, release=E)
def _spelling(lang: Language) -> list[Problem]:
    if lang.translated:
        return []
    files = [lang.site.root / page.rel for page in lang.pages]
    if _glossary_text(lang) is not None:
        files.append(lang.site.root / "glossary" / f"{lang.code}.yml")
    return check_spelling(files, lang.site.root)


@rule("wrong-language", "language", build=W, check=E, release=E)
def _wrong_language(lang: Language) -> list[Problem]:
    problems = [
        p for page in lang.pages for p in language_check.page_problems(page.rel, page.text, lang.code, lang.site.codes)
    ]
    glossary = _glossary_text(lang)
    if glossary is not None:
        problems += _glossary_language(lang, glossary)
    return problems


# The preview's verdicts on a glossary's definitions, by its text and the site's languages (it judges the
# glossary again on every save, and a save of a page does not change it).
_kept_glossary_verdicts: dict[tuple, tuple[Problem, ...]] = {}


def _glossary_language(lang: Language, text: str) -> list[Problem]:
    rel = f"glossary/{lang.code}.yml"
    if not lang.site.keep_results:
        return language_check.glossary_problems(rel, text, lang.code, lang.site.codes)
    key = (rel, text, lang.code, tuple(lang.site.codes))
    if key not in _kept_glossary_verdicts:
        if len(_kept_glossary_verdicts) >= 16:
            _kept_glossary_verdicts.clear()
        _kept_glossary_verdicts[key] = tuple(language_check.glossary_problems(rel, text, lang.code, lang.site.codes))
    return list(_kept_glossary_verdicts[key])


# --- Page ----------------------------------------------------------------------------------------------


# Fatal: MkDocs reads the front matter itself after the rules, and stops with a traceback on some of what
# they refuse (a title that is a number); the build stops here instead, with every rule's problems listed.
@rule("front-matter-and-safety", "page", build=E, check=E, release=E, fatal=True)
def _front_matter(lang: Language, page: Page) -> list[Problem]:
    return page.problems


@rule("page-typography", "page", build=W, check=E, release=E, kept=True)
def _page_typography(lang: Language, page: Page) -> list[Problem]:
    return typography.page_problems(page.rel, page.text) if typography.follows_french_rules(lang.code) else []


# Fatal: a page's Jinja is rendered by the build; only the project's macros may be (scripts/rules/page_macros.py).
@rule("page-building-blocks", "page", build=E, check=E, release=E, fatal=True, kept=True)
def _building_blocks(lang: Language, page: Page) -> list[Problem]:
    return page_macros.page_problems(page.rel, page.text)


@rule("invisible-characters", "page", build=E, check=E, release=E, kept=True)
def _page_characters(lang: Language, page: Page) -> list[Problem]:
    return text_safety.character_problems(page.rel, page.text, rtl=_rtl(lang.site, lang.code))


@rule("english-page-exists", "page", build=E, check=E, release=E)
def _english_exists(lang: Language, page: Page) -> list[Problem]:
    if not lang.translated or (lang.site.root / "docs" / SOURCE_LANGUAGE / page.page).is_file():
        return []
    return [
        Problem(
            page.rel,
            1,
            f"no English page docs/{SOURCE_LANGUAGE}/{page.page}",
            f"every page starts in English; add docs/{SOURCE_LANGUAGE}/{page.page} or remove this file",
        )
    ]


# Which page is the about page, the glossary…: said by its front matter (role:), once per language, the same
# in every language (the footer links the about page by its role; no role, no link).
@rule("page-roles", "language", build=E, check=E, release=E)
def _page_roles(lang: Language) -> list[Problem]:
    def source_roles() -> dict[str, str]:
        english = _cached(lang.site, ("english-pages",), lambda: load_language(lang.site, SOURCE_LANGUAGE).pages)
        return {page.page: role for page in english if (role := page_roles.role_of(page.meta))}

    return page_roles.problems(
        [(page.rel, page.page, page.meta, _front_matter_line(page.text, "role")) for page in lang.pages],
        source_roles() if lang.translated else None,
        SOURCE_LANGUAGE,
    )


def _front_matter_line(text: str, field: str) -> int:
    yaml_text = split_front_matter(text)[0] or ""
    return next((n for n, row in enumerate(yaml_text.splitlines(), start=2) if row.startswith(f"{field}:")), 1)


def _outline(lang: Language) -> str:
    """What a page's links can point at: every page of the language and its headings' ids (a link that
    leaves docs/<lang>/ is no page of the site, and is refused as such)."""

    def compute() -> str:
        ids = _anchors(lang)
        outline = sorted((page, sorted(found) if found is not None else None) for page, found in ids.items())
        return hashlib.sha256(repr(outline).encode("utf-8")).hexdigest()

    return _cached(lang.site, ("outline", lang.code), compute)


# A link to a page that does not exist fails the build too, with the line of the link. A save that changes
# no heading and adds or removes no page judges again the links of the saved page only.
@rule("links", "page", build=E, check=E, release=E, kept=True, depends=_outline)
def _links(lang: Language, page: Page) -> list[Problem]:
    return links_check.page_link_problems(page.rel, page.text, lang.docs, _anchors(lang))


@rule("navigation", "language", check=E, release=E)
def _navigation(lang: Language) -> list[Problem]:
    nav, path = _language_nav(lang)
    lines = _base_lines(lang.site) if path == "mkdocs.yml" else setting_lines(_read_or_empty(lang.site.root / path))
    return links_check.nav_problems(nav, [p.page for p in lang.pages], lang.code, lines, config=path)


def _language_nav(lang: Language) -> tuple[list, str]:
    """The menu this language's build reads, and the file that sets it: mkdocs.<lang>.yml's own nav, else the
    one it inherits from mkdocs.yml (a language may list fewer pages, or more)."""
    name = f"mkdocs.{lang.code}.yml"
    path = lang.site.root / name
    if path.is_file() and "nav" in setting_lines(_read_or_empty(path)):
        try:
            return read_mkdocs_config(path, lang.site.root).get("nav") or [], name
        except EditorFileError:
            pass  # reported by the language-config rule
    return lang.site.config.get("nav") or [], "mkdocs.yml"


def _read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@rule("signoff", "page", release=E)
def _signoff(lang: Language, page: Page) -> list[Problem]:
    return _page_signoff_problems(lang, page)


@rule("review-overdue", "page", check=W, release=E)
def _overdue(lang: Language, page: Page) -> list[Problem]:
    return check_review_date(page.rel, page.text, _page_signoff(lang, page).clinical, lang.site.today)


@rule("review-dates", "page", check=W, release=E)
def _review_dates(lang: Language, page: Page) -> list[Problem]:
    yaml_text = split_front_matter(page.text)[0] or ""
    return signoff.review_date_problems(
        page.rel,
        _page_signoff(lang, page),
        page.meta,
        signoff.settings(lang.site.extra),
        lang.code,
        page_history.last_changed(lang.site.root, lang.site.root / page.rel),
        lambda field: next(
            (n for n, row in enumerate(yaml_text.splitlines(), start=2) if row.startswith(f"{field}:")), 1
        ),
    )


@rule("review-in-future", "page", check=W, release=W)
def _future(lang: Language, page: Page) -> list[Problem]:
    return check_future_review(page.rel, page.text, page.meta, lang.site.today)


@rule("placeholders", "page", check=W, release=E)
def _placeholders(lang: Language, page: Page) -> list[Problem]:
    return check_placeholders(page.rel, page.text)


@rule("readability-limit", "page", check=E, release=E)
def _readability_limit(lang: Language, page: Page) -> list[Problem]:
    return _readability(lang, page)[1]


@rule("readability-render", "language", check=E, release=E)
def _readability_render(lang: Language) -> list[Problem]:
    return _rendered(lang)[1]


def _rendered(lang: Language) -> tuple[dict | None, list[Problem]]:
    """The language's pages as rendered (readability is measured on them), or the problem that stops it."""

    def compute():
        config_file = lang.site.root / f"mkdocs.{lang.code}.yml"
        own_docs = lang.docs.resolve() == (lang.site.root / "docs" / lang.code).resolve()
        if lang.code not in _readability_rules(lang.site) or not own_docs or not config_file.is_file():
            return None, []
        try:
            return rendered_pages.render_pages(config_file), []
        except rendered_pages.RenderError as exc:
            return None, [
                Problem(
                    f"docs/{lang.code}",
                    1,
                    f"readability measured on the Markdown only: the pages could not be rendered ({exc})",
                    "fix the problems listed for this language; `make site` shows the build's own message",
                )
            ]

    return _cached(lang.site, ("rendered", lang.code), compute)


@rule("readability-target", "page", check=W, release=W)
def _readability_target(lang: Language, page: Page) -> list[Problem]:
    return _readability(lang, page)[2]


@rule("sentence-length", "page", check=W, release=W)
def _sentence_length(lang: Language, page: Page) -> list[Problem]:
    return check_sentence_length(page.rel, page.text)


@rule("wording", "page", check=E, release=E)
def _wording(lang: Language, page: Page) -> list[Problem]:
    word_list = _word_list(lang)[0]
    return check_wording(page.rel, page.text, word_list) if word_list is not None else []


# --- Shared, computed once per run ------------------------------------------------------------------


def _cached(site: Site, key, compute):
    if key not in site.cache:
        site.cache[key] = compute()
    return site.cache[key]


def _rtl(site: Site, code: str) -> bool:
    """Whether the language is written right to left (its locale in mkdocs.yml extra.alternate)."""

    def compute() -> bool:
        try:
            locales = {item.code: item.locale for item in languages(site.extra)}
        except ConfigError:
            return False  # reported by the rule of the languages
        return code in locales and is_rtl(locales[code])

    return _cached(site, ("rtl", code), compute)


def _base_lines(site: Site) -> dict[str, int]:
    path = site.root / "mkdocs.yml"
    return _cached(site, "lines", lambda: setting_lines(path.read_text(encoding="utf-8")) if path.is_file() else {})


def _expected_messages(site: Site):
    """The msgids the code uses (check, release); the build checks the catalog alone."""
    if site.profile == "build":
        return None
    return _used_messages(site)


def _used_messages(site: Site) -> set:
    """One extraction per run, shared by the template rule and every language's catalog rule."""
    return _cached(site, "messages", lambda: catalogs.used_messages(site.root))


def _glossary_text(lang: Language) -> str | None:
    def read():
        try:
            return read_text(lang.site.root / "glossary" / f"{lang.code}.yml", lang.site.root, fix_missing="")
        except EditorFileError:
            return None  # reported by the glossary rule

    return _cached(lang.site, ("glossary", lang.code), read)


def _word_list(lang: Language):
    return _cached(lang.site, ("words", lang.code), lambda: load_word_list(lang.code, lang.site.root))


def _statuses(lang: Language) -> list:
    def compute():
        if not lang.translated or lang.docs.resolve() != (lang.site.root / "docs" / lang.code).resolve():
            return []
        try:
            return language_status(lang.site.root, lang.code)
        except EditorFileError:
            return []  # an unreadable page: reported where the page is read

    return _cached(lang.site, ("status", lang.code), compute)


def _page_signoff(lang: Language, page: Page) -> signoff.PageSignoff:
    return signoff.resolve(signoff.settings(lang.site.extra), lang.code, page.meta, translated=lang.translated)


def _page_signoff_problems(lang: Language, page: Page) -> list[Problem]:
    return signoff.release_problems(page.rel, _page_signoff(lang, page), lang.code)


def _readability(lang: Language, page: Page):
    def compute():
        rendered = _rendered(lang)[0] or {}
        row, errors, warnings = check_readability(
            page.rel, lang.code, page.page, page.text, _readability_rules(lang.site), html=rendered.get(page.page)
        )
        lang.site.rows.append(row)
        return row, errors, warnings

    return _cached(lang.site, ("readability", page.rel), compute)


def _anchors(lang: Language) -> dict:
    return _cached(
        lang.site,
        ("anchors", lang.code),
        lambda: {page.page: _heading_ids(lang.site, page) for page in lang.pages},
    )


# A page's headings depend on its text alone (the ids are only read): kept by its digest when results are.
_kept_heading_ids: dict[str, set[str] | None] = {}


def _heading_ids(site: Site, page: Page) -> set[str] | None:
    if not site.keep_results:
        return links_check.heading_ids(page.text)
    if page.digest not in _kept_heading_ids:
        if len(_kept_heading_ids) >= KEPT_PAGES:
            _kept_heading_ids.clear()
        _kept_heading_ids[page.digest] = links_check.heading_ids(page.text)
    return _kept_heading_ids[page.digest]


PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s]+?)(?::(?P<line>\d+))?:? (?P<what>.+?)(?: — (?P<fix>.+))?$")


def as_problem(line: str) -> Problem:
    """A problem written as text ('path:line: what — fix') as a Problem."""
    match = PROBLEM_LINE.match(line)
    if not match:
        return Problem("mkdocs.yml", 1, line, "see CONTRIBUTING.md")
    return Problem(
        match.group("path"),
        int(match.group("line") or 1),
        match.group("what"),
        match.group("fix") or "see CONTRIBUTING.md",
    )


# --- Running ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    errors: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)
    pages: int = 0
    fatal: bool = False  # a file MkDocs cannot read: the build must stop
    statuses: dict = dataclasses.field(default_factory=dict)  # lang → {page: PageStatus}, when computed


# --- Results kept between runs -------------------------------------------------------------------------
#
# `make serve` runs every rule on every save. A kept page rule (kept=True) is judged again only when its key
# changed: the page's text, every shared input (shared_digest), the profile, the day, and what the rule
# `depends` on among the language's other pages. One result per rule and page: the newest.

# The files every page's rules may read besides the page: the configs, glossaries and search words, the
# catalogs, the data, the templates, the brand files and the engine's word lists.
SHARED_FILES = ("mkdocs.yml", "mkdocs.*.yml")
SHARED_FOLDERS = ("glossary", "translations", "data", "overrides", "brand", "scripts/wordlists")

# (rule, profile, language, docs folder, page) → (key, problems)
page_results: dict[tuple, tuple[tuple, tuple[Problem, ...]]] = {}
KEPT_PAGES = 20000  # more pages than a preview has: kept results are let go all at once past this


def shared_digest(root: Path) -> str:
    """One digest of the contents of every shared input: a save of any of them judges every page again."""
    paths = [path for pattern in SHARED_FILES for path in sorted(root.glob(pattern))]
    for folder in SHARED_FOLDERS:
        paths += sorted(path for path in (root / folder).rglob("*") if path.is_file())
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # reported by the rule of that file; a change of the error is a change
            digest.update(repr(exc).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _page_problems(item: Rule, lang: Language) -> Iterable[list[Problem]]:
    """The rule's problems on each page: kept from an earlier run when nothing they follow from changed."""
    site = lang.site
    if not item.kept or not site.keep_results:
        yield from (list(item.run(lang, page)) for page in lang.pages)
        return
    # What every page's key shares, worked out once per rule and language.
    shared = (
        _cached(site, "shared", lambda: shared_digest(site.root)),
        site.today,
        item.depends(lang) if item.depends else None,
    )
    for page in lang.pages:
        key = (page.digest, *shared)
        slot = (item.name, site.profile, lang.code, str(lang.docs), page.rel)
        kept = page_results.get(slot)
        if kept is not None and kept[0] == key:
            yield list(kept[1])
            continue
        found = tuple(item.run(lang, page))
        if len(page_results) >= KEPT_PAGES and slot not in page_results:
            page_results.clear()
        page_results[slot] = (key, found)
        yield list(found)


def load_language(site: Site, code: str, docs: Path | None = None) -> Language:
    docs = docs or site.root / "docs" / code
    pages, unreadable = [], []
    translated = code != SOURCE_LANGUAGE
    for path in file_safety.regular_files(docs, ".md"):  # never through a link (reported by content-links)
        rel = path.relative_to(site.root).as_posix() if path.is_relative_to(site.root) else str(path)
        try:
            text = read_text(path, site.root, fix_missing="write the page, or remove the file", allow_empty=True)
        except EditorFileError as exc:
            unreadable.append(exc.problem)
            continue
        meta, problems = check_page(rel, text, translated=translated)
        pages.append(Page(rel, path.relative_to(docs).as_posix(), text, meta, problems))
    return Language(site, code, docs, pages, unreadable)


def run(
    profile: str,
    *,
    root: Path,
    langs: list[str] | None = None,
    today: dt.date | None = None,
    docs_dir: Path | None = None,
    config: dict | None = None,
    keep_results: bool = False,
) -> Result:
    """Every rule of the profile over the site and the given languages (default: all).

    keep_results: the preview, which runs the rules on every save: a kept page rule judges again only the
    pages whose text or inputs changed since an earlier run of this process (page_results)."""
    assert profile in PROFILES, profile
    result = Result()
    config = config if config is not None else read_mkdocs_config(root / "mkdocs.yml", root)
    try:
        lines = (
            setting_lines((root / "mkdocs.yml").read_text(encoding="utf-8")) if (root / "mkdocs.yml").is_file() else {}
        )
        codes = [item.code for item in languages(config.get("extra") or {}, lines)]
    except ConfigError as exc:
        result.errors += exc.problems
        return result
    site = Site(root, profile, today or dt.date.today(), config, codes, keep_results=keep_results)
    wanted = langs or codes

    def apply(item: Rule, problems: Iterable[Problem]) -> None:
        found = list(problems)
        (result.errors if item.levels[profile] == E else result.warnings).extend(found)
        if found and item.fatal and item.levels[profile] == E:
            result.fatal = True

    active = [item for item in REGISTRY if profile in item.levels]
    for item in [item for item in active if item.first]:
        apply(item, item.run(site))
    if result.errors:
        return result
    active = [item for item in active if not item.first]
    for code in wanted:
        if code not in codes:
            result.errors.append(
                Problem(
                    "mkdocs.yml",
                    _base_lines(site).get("extra.alternate", 1),
                    f"'{code}' is not one of the site's languages ({', '.join(codes)})",
                    f"check the spelling, or add it with `python -m scripts.site new-language {code} NAME LOCALE`",
                )
            )
    for item in active:
        if item.scope == "site":
            apply(item, item.run(site))
    for code in [c for c in wanted if c in codes]:
        docs = docs_dir if docs_dir is not None else root / "docs" / code
        if not docs.is_dir():
            result.errors.append(
                Problem(
                    f"docs/{code}",
                    1,
                    "the language's folder is missing",
                    f"create docs/{code}/ and translate the English pages into it",
                )
            )
            continue
        lang = load_language(site, code, docs)
        result.errors += lang.unreadable
        result.fatal |= bool(lang.unreadable)
        result.pages += len(lang.pages)
        for item in active:
            if item.scope == "language":
                apply(item, item.run(lang))
            elif item.scope == "page":
                for found in _page_problems(item, lang):
                    apply(item, found)
    result.errors = sorted(set(result.errors))
    result.warnings = sorted(set(result.warnings))
    result.rows = site.rows
    result.statuses = {
        key[1]: {entry.page: entry for entry in value}
        for key, value in site.cache.items()
        if isinstance(key, tuple) and key[0] == "status"
    }
    return result


@functools.cache
def describe() -> str:
    """The registry as a table: which rule runs in which profile (CONTRIBUTING, tests)."""
    lines = [f"{'rule':28} {'scope':9} " + " ".join(f"{p:8}" for p in PROFILES)]
    for item in REGISTRY:
        lines.append(f"{item.name:28} {item.scope:9} " + " ".join(f"{item.levels.get(p, '-'):8}" for p in PROFILES))
    return "\n".join(lines)


__all__ = ["REGISTRY", "Rule", "run", "as_problem", "Result", "load_yaml", "split_front_matter"]
