"""A review is claimed only from sign-off data (issue 26).

"Last reviewed", "Next review due", JSON-LD lastReviewed/reviewedBy and the leaflet's review columns
appear only with a named, dated clinical review; a page nobody has reviewed says when its source last
changed in git (nothing outside git) and that it is not yet reviewed, in its own language. Release mode
refuses a review dated before the page's last change or after the sign-off that backs it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from scripts.adapters.templates import json_ld
from scripts.cli import scaffold
from scripts.config.project_config import site_languages
from scripts.i18n.interface import get_translations
from scripts.renderers import leaflet
from scripts.rules import page_history, signoff
from scripts.rules import registry as rules
from scripts.rules.checks import check_future_review, check_review_date
from scripts.rules.content_rules import REQUIRED_FIELDS, check_front_matter

from conftest import LANGS, ROOT

LOCALES = {item.code: item.locale for item in site_languages()}
ADA = signoff.Person("Dr Ada Example", "dermatologist")
REVIEWED = signoff.PageSignoff(signoff.Review(ADA, dt.date(2026, 11, 20)))
NOBODY = signoff.PageSignoff(signoff.Review(None, None))
NAMED_WITHOUT_DATE = signoff.PageSignoff(signoff.Review(ADA, None))
CHANGED = dt.date(2026, 12, 1)
SETTINGS = {"clinical_review": {"name": ADA.name, "role": ADA.role, "date": dt.date(2026, 11, 20)}}


def _long(lang: str):
    return lambda value: format_date(value, format="long", locale=LOCALES[lang])


def _render(name: str, lang: str, patient: dict) -> BeautifulSoup:
    """One partial of overrides/ as the build renders it, in `lang`."""
    env = Environment(loader=FileSystemLoader(str(ROOT / "overrides")), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(get_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return BeautifulSoup(env.get_template(name).render(patient=patient), "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- What a page says --------------------------------------------------------------------------------


def test_review_dates_come_only_from_a_named_dated_review():
    fmt = dt.date.isoformat
    assert signoff.review_dates(REVIEWED, CHANGED, fmt) == {
        "reviewed": {"date": "2026-11-20", "date_iso": "2026-11-20"},
        "next_review": {"date": "2027-11-20", "date_iso": "2027-11-20"},
        "changed": None,
    }
    for unreviewed in (NOBODY, NAMED_WITHOUT_DATE):
        dates = signoff.review_dates(unreviewed, CHANGED, fmt)
        assert dates == {
            "reviewed": None,
            "next_review": None,
            "changed": {"date": "2026-12-01", "date_iso": "2026-12-01"},
        }
        assert signoff.review_dates(unreviewed, None, fmt) == {"reviewed": None, "next_review": None, "changed": None}


def test_next_review_is_due_twelve_months_after_the_review():
    assert signoff.next_review_due(dt.date(2026, 11, 25)) == dt.date(2027, 11, 25)
    assert signoff.next_review_due(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert signoff.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


@pytest.mark.parametrize("lang", LANGS)
def test_a_reviewed_page_shows_its_review_and_next_review_in_its_language(lang):
    gettext = get_translations(lang).gettext
    patient = {"review_dates": signoff.review_dates(REVIEWED, CHANGED, _long(lang))}
    html = _render("partials/review-dates.html", lang, patient)
    text = _text(html)
    reviewed, due = (
        format_date(dt.date(2026, 11, 20), "long", LOCALES[lang]),
        format_date(dt.date(2027, 11, 20), "long", LOCALES[lang]),
    )
    assert " ".join(f"{gettext('Page last reviewed:')} {reviewed}".split()) in text
    assert " ".join(f"{gettext('Next review due:')} {due}".split()) in text
    assert [t["datetime"] for t in html.select("time")] == ["2026-11-20", "2027-11-20"]
    assert " ".join(gettext("Page last changed:").split()) not in text
    if lang != "en":
        assert gettext("Page last reviewed:") != "Page last reviewed:"


@pytest.mark.parametrize("lang", LANGS)
def test_an_unreviewed_page_says_when_it_last_changed_and_that_it_is_not_reviewed(lang):
    gettext = get_translations(lang).gettext
    patient = {
        "review_dates": signoff.review_dates(NOBODY, CHANGED, _long(lang)),
        "signoff": signoff.template_context(
            signoff.PageSignoff(NOBODY.clinical, None, signoff.Review(None, None) if lang != "en" else None),
            _long(lang),
        ),
    }
    dates = _render("partials/review-dates.html", lang, patient)
    text = _text(dates)
    changed = format_date(CHANGED, "long", LOCALES[lang])
    assert " ".join(f"{gettext('Page last changed:')} {changed}".split()) in text
    assert [t["datetime"] for t in dates.select("time")] == ["2026-12-01"]
    for claim in ("Page last reviewed:", "Next review due:"):
        assert " ".join(gettext(claim).split()) not in text
    if lang != "en":
        assert gettext("Page last changed:") != "Page last changed:"
    box = _text(_render("partials/signoff.html", lang, patient))
    assert gettext("This page has not yet been clinically reviewed.") in box
    # Outside git nothing is known, and nothing is said.
    unknown = _render(
        "partials/review-dates.html", lang, {"review_dates": signoff.review_dates(NOBODY, None, _long(lang))}
    )
    assert unknown.select("aside") == []


def _json_ld(page_signoff, last_changed):
    build = SimpleNamespace(lang="fr", gettext=lambda message: message)
    page = SimpleNamespace(title="Titre", canonical_url="https://x.org/fr/p/")
    return json_ld(build, page, {"title": "Titre", "description": "D"}, page_signoff, last_changed)


def test_json_ld_names_a_review_only_with_a_named_review():
    data = _json_ld(REVIEWED, CHANGED)
    assert data["lastReviewed"] == "2026-11-20"
    assert data["reviewedBy"] == {"@type": "Person", "name": ADA.name, "jobTitle": ADA.role}
    assert data["dateModified"] == "2026-12-01"
    for unreviewed in (NOBODY, NAMED_WITHOUT_DATE):
        data = _json_ld(unreviewed, CHANGED)
        assert "lastReviewed" not in data and "reviewedBy" not in data
        assert data["dateModified"] == "2026-12-01"
    assert "dateModified" not in _json_ld(NOBODY, None)


def test_the_leaflet_table_shows_a_review_or_else_the_last_change():
    translations = get_translations("fr")
    gettext = translations.gettext

    def page(n: int, **dates) -> leaflet.Page:
        return leaflet.Page(
            anchor=f"page-p{n}",
            title=f"Titre {n}",
            content=leaflet.Markup(f"<h1>Titre {n}</h1>"),
            source=f"docs/fr/p{n}.md",
            address=f"https://x.org/fr/p{n}/",
            **dates,
        )

    document = leaflet.Leaflet(
        lang="fr",
        dir="ltr",
        title="Site",
        paper="A4",
        home_address="https://x.org/fr/",
        home_qr="data:image/png;base64,",
        pages=(
            page(
                1,
                reviewed_by=str(ADA),
                last_reviewed="20 novembre 2026",
                last_reviewed_iso="2026-11-20",
                next_review="20 novembre 2027",
                next_review_iso="2027-11-20",
            ),
            page(
                2,
                reviewed_by=gettext("This page has not yet been clinically reviewed."),
                last_changed="1 décembre 2026",
                last_changed_iso="2026-12-01",
            ),
            page(3, reviewed_by=gettext("This page has not yet been clinically reviewed.")),
        ),
        contacts=leaflet.Markup("<p>c</p>"),
        created="2026-12-01T00:00:00Z",
    )
    doc = BeautifulSoup(leaflet.render_html(document, translations), "html.parser")
    rows = [[_text(cell) for cell in row.find_all(["th", "td"])] for row in doc.select(".review__table tbody tr")]
    assert rows[0] == ["Titre 1", "Dr Ada Example, dermatologist", "20 novembre 2026", "20 novembre 2027"]
    assert rows[1] == [
        "Titre 2",
        gettext("This page has not yet been clinically reviewed."),
        " ".join(f"{gettext('Page last changed:')} 1 décembre 2026".split()),
        "",
    ]
    assert rows[2] == ["Titre 3", gettext("This page has not yet been clinically reviewed."), "", ""]


# --- Where "last changed" comes from ----------------------------------------------------------------


def _git(root: Path, *args: str, date: str = "2026-11-02T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, env=env)


def test_last_changed_is_the_date_of_the_newest_commit_of_the_file(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("one\n", encoding="utf-8")
    (tmp_path / "docs" / "b é.md").write_text("one\n", encoding="utf-8")
    assert page_history.last_changed(tmp_path, "docs/a.md") is None  # not a git checkout: nothing invented
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first", date="2026-11-02T12:00:00+00:00")
    (tmp_path / "docs" / "a.md").write_text("two\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "second", date="2026-11-30T23:00:00+00:00")
    assert page_history.last_changed(tmp_path, "docs/a.md") == dt.date(2026, 11, 30)
    assert page_history.last_changed(tmp_path, tmp_path / "docs" / "b é.md") == dt.date(2026, 11, 2)
    (tmp_path / "docs" / "new.md").write_text("new\n", encoding="utf-8")
    assert page_history.last_changed(tmp_path, "docs/new.md") is None  # not committed yet
    assert page_history.last_changed(tmp_path, "/elsewhere/x.md") is None


# --- Front matter: no review of its own -------------------------------------------------------------


@pytest.mark.parametrize("field", ["last_reviewed: 2026-11-25", "next_review: 2027-11-25", "reviewed_by: Team"])
def test_front_matter_may_not_claim_a_review(field):
    text = f"---\ntitle: T\ndescription: D\n{field}\nsources:\n  - S\n---\n\nText.\n"
    _, problems = check_front_matter("docs/en/x.md", text)
    name = field.split(":")[0]
    assert [str(p) for p in problems] == [
        f"docs/en/x.md:4: front matter '{name}': a page does not state its own review — remove it: review dates "
        "and reviewers come only from a named sign-off (clinical_review: {name, role, date} here or in mkdocs.yml "
        "extra.clinic.signoff; README, 'Sign-off')"
    ]


def test_required_fields_scaffold_and_contributing_agree():
    assert REQUIRED_FIELDS == ("title", "description", "sources")
    meta, problems = check_front_matter("docs/en/x.md", scaffold.page_template("New page"))
    assert problems == [] and not {"last_reviewed", "next_review", "reviewed_by"} & set(meta)
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = contributing[contributing.index("## Front matter") :]
    section = section[: section.index("\n## ", 3)]
    for field in REQUIRED_FIELDS:
        assert f"`{field}`" in section
    for retired in ("last_reviewed:", "next_review:", "reviewed_by:"):
        assert retired not in section


# --- Review-date rules ------------------------------------------------------------------------------


def _lines(field: str) -> int:
    return {"clinical_review": 5, "translation_review": 9}.get(field, 1)


def _date_problems(meta: dict, last_changed, *, settings=SETTINGS, lang="en", translated=False) -> list[str]:
    page = signoff.resolve(settings, lang, meta, translated=translated)
    return [
        str(p) for p in signoff.review_date_problems("docs/en/p.md", page, meta, settings, lang, last_changed, _lines)
    ]


def test_a_review_dated_before_the_last_change_is_refused():
    assert _date_problems({}, dt.date(2026, 11, 21)) == [
        "docs/en/p.md:1: clinical review dated 2026-11-20 is before this page's last change on 2026-11-21 (git): "
        "it does not cover the current text — have Dr Ada Example, dermatologist check the page as it is now, "
        "then set the date in clinical_review: in this page's front matter or in mkdocs.yml "
        "extra.clinic.signoff.clinical_review"
    ]
    own = {"clinical_review": {"name": "Dr B", "role": "GP", "date": dt.date(2026, 11, 10)}}
    found = _date_problems(own, dt.date(2026, 11, 12))
    assert len(found) == 1 and found[0].startswith("docs/en/p.md:5: clinical review dated 2026-11-10 is before")


def test_a_page_date_after_the_sign_off_that_backs_it_is_refused():
    later = {"clinical_review": {"date": dt.date(2026, 11, 28)}}  # Dr Ada's name, a day she did not sign
    assert _date_problems(later, dt.date(2026, 11, 1)) == [
        "docs/en/p.md:5: clinical review dated 2026-11-28 is after the sign-off of Dr Ada Example, dermatologist "
        "on 2026-11-20 that backs it (mkdocs.yml extra.clinic.signoff.clinical_review.date) — have Dr Ada "
        "Example, dermatologist sign off again and update extra.clinic.signoff.clinical_review.date, or name "
        "who checked this page in its own clinical_review:"
    ]


def test_translation_checks_follow_the_same_rules():
    settings = {
        **SETTINGS,
        "translations": {
            "fr": {
                "translator": {"name": "T", "role": "translator"},
                "reviewer": {"name": "Dr R", "role": "GP"},
                "date": dt.date(2026, 11, 22),
            }
        },
    }
    meta = {"translation_review": {"date": dt.date(2026, 11, 25)}}
    found = _date_problems(meta, dt.date(2026, 11, 23), settings=settings, lang="fr", translated=True)
    assert len(found) == 2, found
    assert found[0].startswith("docs/en/p.md:1: clinical review dated 2026-11-20 is before")
    assert found[1].startswith(
        "docs/en/p.md:9: translation check dated 2026-11-25 is after the sign-off of Dr R, GP on 2026-11-22"
    )


def test_good_review_dates_pass_and_an_unknown_last_change_is_refused():
    assert _date_problems({}, dt.date(2026, 11, 20)) == []  # changed the day it was reviewed
    assert _date_problems({"clinical_review": {"date": dt.date(2026, 11, 18)}}, dt.date(2026, 11, 1)) == []
    assert (
        _date_problems(
            {"clinical_review": {"name": "Dr B", "role": "GP", "date": dt.date(2026, 11, 30)}}, dt.date(2026, 11, 29)
        )
        == []
    )  # a page's own reviewer is its own sign-off
    assert _date_problems({}, None) == [
        "docs/en/p.md:1: cannot tell when this page last changed (it is not committed to git), so nobody can tell "
        "whether the clinical review of 2026-11-20 covers its text — commit the page, then run the release check "
        "again"
    ]
    assert _date_problems({}, None, settings={}) == []  # nobody named: the sign-off rule says so


def test_overdue_counts_twelve_months_from_the_named_review():
    text = "---\ntitle: T\nclinical_review:\n  date: 2026-11-20\n---\n"
    assert check_review_date("docs/en/p.md", text, REVIEWED.clinical, dt.date(2027, 11, 20)) == []
    assert [str(p) for p in check_review_date("docs/en/p.md", text, REVIEWED.clinical, dt.date(2027, 11, 21))] == [
        "docs/en/p.md:3: review overdue: the next review was due on 2027-11-20, 12 months after the clinical review "
        "of 2026-11-20 (today is 2027-11-21) — have the page reviewed again, then set the new date in "
        "clinical_review (mkdocs.yml extra.clinic.signoff, or this page's front matter)"
    ]
    assert check_review_date("docs/en/p.md", text, NOBODY.clinical, dt.date(2030, 1, 1)) == []


def test_a_page_review_date_in_the_future_is_flagged():
    text = "---\ntitle: T\nclinical_review:\n  date: 2026-12-24\n---\n"
    meta = {"clinical_review": {"date": dt.date(2026, 12, 24)}}
    assert [str(p) for p in check_future_review("docs/en/p.md", text, meta, dt.date(2026, 12, 1))] == [
        "docs/en/p.md:3: clinical_review date 2026-12-24 is in the future (today is 2026-12-01) — write the date "
        "the review actually took place"
    ]
    assert check_future_review("docs/en/p.md", text, meta, dt.date(2026, 12, 24)) == []


def test_the_date_rules_are_registered_for_release():
    levels = {item.name: item.levels for item in rules.REGISTRY}
    assert levels["review-dates"] == {"check": "warning", "release": "error"}
    assert levels["review-overdue"] == {"check": "warning", "release": "error"}


def test_a_reviewer_name_is_literal_text_in_the_about_page_markdown():
    import markdown as md

    from scripts.renderers.components import markdown_text

    for hostile in ("<script>alert(1)</script>", "[x](javascript:alert(1))", "*Dr* `A` <img src=x onerror=y>"):
        html_out = md.markdown(markdown_text(hostile))
        assert "<script" not in html_out and "<img" not in html_out and "<a " not in html_out
        assert "<em>" not in html_out and "<code>" not in html_out
    assert md.markdown(markdown_text("Dr A. O'Brien & co")) == "<p>Dr A. O'Brien &amp; co</p>"
