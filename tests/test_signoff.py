"""Sign-off: who is clinically responsible for each page, and who translated and checked it.

Each built page says it is reviewed exactly when the sign-off in the data (mkdocs.yml, the page's front matter)
names a reviewer and a date, and the about page claims no more: as shipped nobody is named, so every page says
it is not yet reviewed, in its own language, the JSON-LD names no reviewer and the about page claims no review;
a clinic's copy names its own. A copy with reviewers set shows them, in each language, on the page and as a
schema.org Person."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.lists import format_list

from scripts.config.editor_files import read_mkdocs_config, setting_lines
from scripts.config.project_config import site_languages, source_language
from scripts.i18n.interface import get_translations
from scripts.rules import signoff
from scripts.rules.content_rules import check_front_matter, load_yaml, split_front_matter

from conftest import LANGS, ROOT, build_copy, built_pages, clinic_of, copy_project, edit_settings, soup

LOCALES = {item.code: item.locale for item in site_languages()}
NOT_REVIEWED = {
    lang: get_translations(lang).gettext("This page has not yet been clinically reviewed.") for lang in LANGS
}
TRANSLATION_NOT_REVIEWED = {
    lang: get_translations(lang).gettext("This translation has not yet been checked against the English page.")
    for lang in LANGS
}

CLINICAL = {"name": "Dr Ada Example", "role": "dermatologist", "date": "2026-11-20"}
TRANSLATORS = {
    lang: {
        "translator": {"name": f"Tess {lang.upper()} Translator", "role": "medical translator"},
        "reviewer": {"name": f"Dr Rev {lang.upper()} Checker", "role": "general practitioner"},
        "date": "2026-11-22",
    }
    for lang in LANGS
    if lang != "en"
}
OVERRIDE = {"name": "Dr Page Override", "role": "hand surgeon", "date": "2026-11-24"}
CLINIC_SITE_URL = "https://patient-info.clinic-rhone.fr/hand-mesotherapy/"  # release mode refuses example.org


def set_reviewers(project: Path, date: str | None = None) -> None:
    """Name the clinic's reviewers in a copy's mkdocs.yml, and its own address (what a clinic does before
    publishing): its settings edited as data, whatever they held."""
    day = lambda value: dt.date.fromisoformat(date or value)  # noqa: E731

    def name_them(settings: dict) -> None:
        clinic_of(settings)["signoff"] = {
            "clinical_review": {"name": CLINICAL["name"], "role": CLINICAL["role"], "date": day(CLINICAL["date"])},
            "translations": {
                lang: {"translator": item["translator"], "reviewer": item["reviewer"], "date": day(item["date"])}
                for lang, item in TRANSLATORS.items()
            },
        }
        # and its own address (release mode refuses the example one the project ships with)
        settings["site_url"] = CLINIC_SITE_URL

    edit_settings(project, name_them)


def name_nobody(project: Path) -> None:
    """A copy's sign-off emptied, as the project ships it: nobody named for any page or language."""
    edit_settings(project, lambda settings: clinic_of(settings).update(signoff={}))


def commit_history_on(project: Path, date: str) -> None:
    """Make a copy's history one commit dated `date` (YYYY-MM-DD), so each page "last changed" that day
    (scripts/rules/page_history.py): a review signed off after it covers the pages as they are."""
    import os
    import shutil
    import subprocess

    shutil.rmtree(project / ".git")
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00", "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00"}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run([*git, "commit", "-qm", "copy"], cwd=project, check=True, env=env)


# --- Pure functions -----------------------------------------------------------------------


def test_resolve_takes_the_clinic_default_and_page_overrides():
    settings = {"clinical_review": CLINICAL, "translations": TRANSLATORS}
    page = signoff.resolve(settings, "fr", {}, translated=True)
    assert page.clinical.done and page.clinical.person == signoff.Person("Dr Ada Example", "dermatologist")
    assert page.clinical.date == dt.date(2026, 11, 20)
    assert page.translator.name == "Tess FR Translator" and page.translation.done
    dated = signoff.resolve(settings, "fr", {"clinical_review": {"date": dt.date(2026, 11, 28)}}, translated=True)
    assert dated.clinical.person.name == "Dr Ada Example" and dated.clinical.date == dt.date(2026, 11, 28)
    other = signoff.resolve(settings, "en", {"clinical_review": OVERRIDE}, translated=False)
    assert other.clinical.person == signoff.Person("Dr Page Override", "hand surgeon")
    assert other.translation is None


def test_nobody_named_means_not_reviewed():
    shipped = signoff.settings({"clinic": {"signoff": {"clinical_review": {"name": "", "role": "", "date": ""}}}})
    page = signoff.resolve(shipped, "it", {}, translated=True)
    assert not page.clinical.done and not page.translation.done and page.translator is None
    assert signoff.json_ld_reviewer(page) is None
    named_without_date = signoff.resolve(
        {"clinical_review": {"name": "Dr X", "role": "GP"}}, "en", {}, translated=False
    )
    assert not named_without_date.clinical.done


def test_settings_problems_name_the_line_and_all_at_once():
    translated, unknown = LANGS[1], "de"
    assert unknown not in LANGS
    # A clinic's sign-off settings with three mistakes, below the settings a mkdocs.yml has before them.
    text = (
        "site_name: Test\nextra:\n  clinic:\n    name: Test clinic\n    signoff:\n"
        "      clinical_review:\n"
        '        name: "Dr A. Example"\n'
        '        role: ""\n'
        "        date: 25/11/2026\n"
        "      translations:\n"
        + "".join(
            f'        {code}:\n          translator: {{name: "", role: ""}}\n'
            f'          reviewer: {{name: "", role: ""}}\n          date: ""\n'
            for code in (translated, unknown)
        )
    )
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    from scripts.config.editor_files import EditorLoader

    extra = yaml.load(text, Loader=get_yaml_loader(loader=EditorLoader))["extra"]  # as MkDocs reads it here
    problems = [str(p) for p in signoff.settings_problems(extra, setting_lines(text), LANGS, "en")]
    lines = text.splitlines()

    def line_of(start: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))

    role_line = line_of('        role: ""')
    assert (
        f"mkdocs.yml:{role_line}: extra.clinic.signoff.clinical_review.role: "
        'missing for Dr A. Example — say what they are, e.g. "dermatologist"'
    ) in problems, problems
    date_line = line_of("        date: 25/11/2026")
    assert any(
        p.startswith(
            f"mkdocs.yml:{date_line}: extra.clinic.signoff.clinical_review.date: "
            "'25/11/2026' is not a date — write it as YYYY-MM-DD"
        )
        for p in problems
    ), problems
    de_line = line_of("        de:")
    assert any(
        p.startswith(f"mkdocs.yml:{de_line}: extra.clinic.signoff.translations.de: 'de' is not a translated language")
        for p in problems
    ), problems


@pytest.mark.parametrize("lang", LANGS)
def test_front_matter_overrides_are_validated(lang):
    translated = lang != "en"
    text = (
        "---\ntitle: T\ndescription: D\nsources:\n  - S\n"
        + ("translation_of: 0123456789ab\n" if translated else "")
        + "clinical_review:\n  name: Dr B\n  date: soon\n  phone: 1\n"
        + ("translation_review:\n  reviewer: Dr C\n" if translated else "")
        + "---\n\nText.\n"
    )
    _, problems = check_front_matter(f"docs/{lang}/x.md", text, translated=translated)
    found = [str(p) for p in problems]
    line = text.splitlines().index("clinical_review:") + 1
    assert (
        f"docs/{lang}/x.md:{line}: front matter 'clinical_review.role': missing for Dr B — say what they are, "
        'e.g. "dermatologist"'
    ) in found, found
    assert any(
        p.startswith(f"docs/{lang}/x.md:{line}: front matter 'clinical_review.date': 'soon' is not a date")
        for p in found
    ), found
    assert any("'clinical_review.phone': unknown field" in p for p in found), found
    if translated:
        assert any("'translation_review.reviewer': expected name and role, got str" in p for p in found), found


@pytest.mark.parametrize("lang", LANGS)
def test_about_text_never_claims_a_review_the_data_do_not_show(lang):
    translations = get_translations(lang)

    def render(pages):
        return signoff.about_text(
            signoff.summarise(pages),
            translations.gettext,
            translations.ngettext,
            lambda items: format_list(items, locale=LOCALES[lang]),
        )

    translated = lang != "en"
    nobody = signoff.PageSignoff(signoff.Review(None, None), None, signoff.Review(None, None) if translated else None)
    ada = signoff.Person("Dr Ada Example", "dermatologist")
    done = signoff.PageSignoff(
        signoff.Review(ada, dt.date(2026, 11, 20)),
        ada if translated else None,
        signoff.Review(ada, dt.date(2026, 11, 21)) if translated else None,
    )
    none_text = render([nobody, nobody, nobody])
    assert "Ada" not in none_text
    assert none_text.startswith(
        translations.gettext("No health professional has reviewed these pages yet. Until one does, each page says so.")
    )
    some = render([done, nobody, nobody])
    assert (
        re.search(r"\b1\b.*\b3\b", some)
        and '<span class="person" dir="auto">Dr Ada Example, dermatologist</span>' in some
    )
    all_text = render([done, done])
    assert all_text.startswith(
        translations.gettext(
            "Every page has been reviewed for medical accuracy by %(people)s. Each page shows who reviewed it and when."
        )
        % {"people": '<span class="person" dir="auto">Dr Ada Example, dermatologist</span>'}
    )


# --- The built site: what each page and the about page say follows the sign-off in the data ---------------
# As shipped, nobody is named: every page says it is not yet reviewed; in a clinic's copy, its reviewers.


def read_text(element) -> str:
    """An element's text as read: the reviewers' names are spans within a sentence, so no space is added around
    them (as get_text(" ") would add before the full stop after them)."""
    return " ".join(element.get_text().split())


def _language_signoff(lang: str) -> tuple[dict, bool]:
    """The sign-off settings a language's build reads (its mkdocs.<lang>.yml over mkdocs.yml), and whether the
    language is a translation."""
    extra = read_mkdocs_config(ROOT / f"mkdocs.{lang}.yml", ROOT).get("extra") or {}
    return signoff.settings(extra), lang != source_language(extra)


def _front_matter(path: Path) -> dict:
    meta = load_yaml(split_front_matter(path.read_text(encoding="utf-8"))[0] or "")
    return meta if isinstance(meta, dict) else {}


def source_of(site: Path, lang: str, built: Path) -> Path:
    """The Markdown page a built page (site/<lang>/<slug>/index.html) was made from."""
    docs, slug = ROOT / "docs" / lang, built.parent.relative_to(site / lang)
    candidates = [docs / "index.md"] if slug == Path(".") else [docs / f"{slug}.md", docs / slug / "index.md"]
    return next(path for path in candidates if path.is_file())


def data_signoff(lang: str, page: Path) -> signoff.PageSignoff:
    """The sign-off the data give a page: the clinic's settings, overridden by the page's front matter."""
    settings, translated = _language_signoff(lang)
    return signoff.resolve(settings, lang, _front_matter(page), translated=translated)


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_says_reviewed_iff_its_sign_off_names_a_reviewer_and_date(site, lang):
    gettext = get_translations(lang).gettext
    pages = built_pages(site, lang)
    assert pages
    for path in pages:
        expected = data_signoff(lang, source_of(site, lang, path))
        page = soup(path)
        box = page.select_one("article .page-signoff")
        assert box is not None, path
        text = re.sub(r"[ \t\r\n]+", " ", box.get_text()).strip()  # keeps French no-break spaces
        data = json.loads(page.find("script", type="application/ld+json").string)
        clinical = expected.clinical
        if clinical.done:
            person = clinical.person
            said = gettext("Clinically reviewed by %(name)s, %(role)s, on %(date)s.") % {
                "name": person.name,
                "role": person.role,
                "date": _long(clinical.date, lang),
            }
            assert said in text and NOT_REVIEWED[lang] not in text, (path, text)
            assert box.select_one(".page-signoff__clinical time")["datetime"] == clinical.date.isoformat()
            assert data["reviewedBy"] == {"@type": "Person", "name": person.name, "jobTitle": person.role}, path
        else:
            assert NOT_REVIEWED[lang] in text, (path, text)
            assert box.select_one(".page-signoff__clinical time") is None, path
            assert "reviewedBy" not in data, path
        if expected.translation is None:
            assert TRANSLATION_NOT_REVIEWED[lang] not in text, path
            continue
        assert NOT_REVIEWED[lang] != NOT_REVIEWED["en"]  # the notices are in the page's language
        checked, translator = expected.translation, expected.translator
        if checked.done and translator is not None:
            said = gettext("Translation checked against the English by %(name)s, %(role)s, on %(date)s.") % {
                "name": checked.person.name,
                "role": checked.person.role,
                "date": _long(checked.date, lang),
            }
            assert said in text and TRANSLATION_NOT_REVIEWED[lang] not in text, (path, text)
            assert gettext("Translated by %(name)s, %(role)s.") % vars(translator) in text, (path, text)
        else:
            assert TRANSLATION_NOT_REVIEWED[lang] in text, (path, text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_about_page_claims_only_the_reviews_the_data_show(site, lang):
    text = read_text(soup(site / lang / "about" / "index.html").select_one("article"))
    gettext = get_translations(lang).gettext
    signoffs = [data_signoff(lang, page) for page in sorted((ROOT / "docs" / lang).rglob("*.md"))]
    reviewers = list(dict.fromkeys(str(s.clinical.person) for s in signoffs if s.clinical.done))
    nobody = gettext("No health professional has reviewed these pages yet. Until one does, each page says so.")
    every = gettext(
        "Every page has been reviewed for medical accuracy by %(people)s. Each page shows who reviewed it and when."
    )
    every_claim = max(every.split("%(people)s"), key=len)  # its words without the names, in any word order
    if not reviewers:
        assert nobody in text, text
        assert every_claim not in text, text
        for claim in ("medical team", "équipe médicale", "équipe medica", "reviews each page"):
            assert claim not in text
    elif all(s.clinical.done for s in signoffs):
        assert every % {"people": format_list(reviewers, locale=LOCALES[lang])} in text, text
        assert nobody not in text, text
    else:
        assert nobody not in text and every_claim not in text, text
    translations = [s for s in signoffs if s.translation is not None]
    if not translations:
        return
    checkers = list(dict.fromkeys(str(s.translation.person) for s in translations if s.translation.done))
    nobody_checked = gettext(
        "Nobody has yet checked this translation against the English pages. Until someone does, each page says so."
    )
    if not checkers:
        assert nobody_checked in text, text
    elif all(s.translation.done for s in translations):
        every_checked = gettext("%(people)s checked the translation of every page against the English.")
        assert every_checked % {"people": format_list(checkers, locale=LOCALES[lang])} in text, text
    else:
        assert nobody_checked not in text, text


# --- A copy with reviewers named --------------------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("reviewed") / "project")
    set_reviewers(project)
    page = project / "docs" / "en" / "aftercare.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "sources:\n",
            'clinical_review:\n  name: "Dr Page Override"\n  role: hand surgeon\n  date: 2026-11-24\nsources:\n',
            1,
        ),
        encoding="utf-8",
    )
    result = build_copy(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _long(date: str | dt.date, lang: str) -> str:
    day = date if isinstance(date, dt.date) else dt.date.fromisoformat(date)
    return format_date(day, format="long", locale=LOCALES[lang])


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_named_reviewers_are_shown_in_the_page_language(reviewed_site, lang):
    gettext = get_translations(lang).gettext
    for path in built_pages(reviewed_site, lang):
        page = soup(path)
        box = page.select_one("article .page-signoff")
        text = re.sub(r"[ \t\r\n]+", " ", box.get_text()).strip()  # keeps French no-break spaces
        override = lang == "en" and path.parent.name == "aftercare"
        who = OVERRIDE if override else CLINICAL
        expected = gettext("Clinically reviewed by %(name)s, %(role)s, on %(date)s.") % {
            "name": who["name"],
            "role": who["role"],
            "date": _long(who["date"], lang),
        }
        assert expected in text, (path, text)
        assert box.select_one(".page-signoff__clinical time")["datetime"] == who["date"]
        assert NOT_REVIEWED[lang] not in text
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["reviewedBy"] == {"@type": "Person", "name": who["name"], "jobTitle": who["role"]}, path
        if lang != "en":
            item = TRANSLATORS[lang]
            assert gettext("Translated by %(name)s, %(role)s.") % item["translator"] in text
            assert (
                gettext("Translation checked against the English by %(name)s, %(role)s, on %(date)s.")
                % {**item["reviewer"], "date": _long(item["date"], lang)}
                in text
            )
            assert TRANSLATION_NOT_REVIEWED[lang] not in text


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_about_page_lists_the_named_reviewers(reviewed_site, lang):
    text = read_text(soup(reviewed_site / lang / "about" / "index.html").select_one("article"))
    gettext = get_translations(lang).gettext
    people = format_list(
        ["Dr Ada Example, dermatologist", "Dr Page Override, hand surgeon"]
        if lang == "en"
        else ["Dr Ada Example, dermatologist"],
        locale=LOCALES[lang],
    )
    assert (
        gettext(
            "Every page has been reviewed for medical accuracy by %(people)s. Each page shows who reviewed it and when."
        )
        % {"people": people}
        in text
    ), text
    if lang != "en":
        reviewer = TRANSLATORS[lang]["reviewer"]
        assert (
            gettext("%(people)s checked the translation of every page against the English.")
            % {"people": f"{reviewer['name']}, {reviewer['role']}"}
            in text
        )


def test_the_about_page_reads_a_page_edited_since_its_last_build(tmp_path):
    # page_meta keeps each page's front matter for the next about page (or the preview's next save): a page
    # edited since is read again, so the about text never states a review the page no longer has.
    from scripts.adapters.macros_signoff import language_signoffs

    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "aftercare.md"
    extra = {"clinic": {"signoff": {}}}
    page.write_text("---\ntitle: Aftercare\n---\n\nText.\n", encoding="utf-8")
    first = language_signoffs(docs, "en", extra)
    assert first[0].clinical.date is None
    page.write_text(
        "---\ntitle: Aftercare\nclinical_review:\n  date: 2026-11-20\n---\n\nText, edited.\n", encoding="utf-8"
    )
    second = language_signoffs(docs, "en", extra)
    assert second[0].clinical.date == dt.date(2026, 11, 20)
    assert language_signoffs(docs, "en", extra) == second  # read from what was kept: the same answer
