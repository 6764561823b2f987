"""Who answers for each page: the clinical sign-off and, for a translation, its translator and reviewer.

Set once for the whole site in mkdocs.yml, `extra.clinic.signoff`:

    signoff:
      clinical_review:            # the person clinically responsible for every page
        name: "Dr A. Example"
        role: "dermatologist"
        date: 2026-11-25          # when they signed the pages off
      translations:               # per translated language
        fr:
          translator: {name: "B. Example", role: "medical translator"}
          reviewer: {name: "Dr C. Example", role: "dermatologist"}   # checked it against the English
          date: 2026-11-26

A page may override any of it in its front matter, with the same shape:
`clinical_review:` and (translations) `translation_review:`. Nobody is ever
invented: an empty name means "not yet reviewed", and the page says so.

A review date, "Next review due" and JSON-LD `lastReviewed` come only from a named
review here, never from a page's own claim: the next review is due REVIEW_MONTHS after
it. A page nobody has reviewed says when it last changed (scripts/rules/page_history.py).
Everything here is pure: data in, `PageSignoff` or problems out.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from scripts.config.problems import Problem
from scripts.config.settings_schema import Settings, at_most, errors, fail, validate
from scripts.config.site_config import SHEET
from scripts.renderers.components import markdown_text

SETTINGS = "extra.clinic.signoff"
REVIEW_MONTHS = 12  # content standards: review at least every 12 months


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(reviewed: dt.date) -> dt.date:
    return add_months(reviewed, REVIEW_MONTHS)


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    role: str

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


@dataclasses.dataclass(frozen=True)
class Review:
    person: Person | None  # None: nobody named yet
    date: dt.date | None

    @property
    def done(self) -> bool:
        return self.person is not None and self.date is not None


@dataclasses.dataclass(frozen=True)
class PageSignoff:
    clinical: Review
    translator: Person | None = None
    translation: Review | None = None  # None for a page in the source language

    @property
    def is_translation(self) -> bool:
        return self.translation is not None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _person(value) -> Person | None:
    if not isinstance(value, dict):
        return None
    name, role = _text(value.get("name")), _text(value.get("role"))
    return Person(name, role) if name and role else None


def _merged(default, override) -> dict:
    """The clinic's default with the page's own fields on top (a page may change only the date)."""
    result = dict(default) if isinstance(default, dict) else {}
    if isinstance(override, dict):
        for key, value in override.items():
            if isinstance(value, dict) and isinstance(result.get(key), dict):
                value = {**result[key], **value}
            result[key] = value
    return result


def settings(extra: Mapping | None) -> dict:
    clinic = (extra or {}).get("clinic") or {}
    value = clinic.get("signoff") if isinstance(clinic, dict) else None
    return value if isinstance(value, dict) else {}


def resolve(signoff: dict, lang: str, meta: Mapping, *, translated: bool) -> PageSignoff:
    """The sign-off that applies to one page: the clinic's, overridden by the page's front matter."""
    clinical = _merged(signoff.get("clinical_review"), meta.get("clinical_review"))
    review = Review(_person(clinical), _date(clinical.get("date")))
    if not translated:
        return PageSignoff(review)
    languages = cast(dict, signoff.get("translations")) if isinstance(signoff.get("translations"), dict) else {}
    translation = _merged(languages.get(lang), meta.get("translation_review"))
    return PageSignoff(
        review,
        _person(translation.get("translator")),
        Review(_person(translation.get("reviewer")), _date(translation.get("date"))),
    )


# --- Validation: one schema for the clinic's settings and a page's overrides -----------------


def _review_date(value: object, info: ValidationInfo) -> dt.date | None:
    if value in (None, ""):
        return None
    date = _date(value)
    if date is None:
        raise fail(f"{value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-25")
    today = (info.context or {}).get("today")
    if today is not None and date > today:
        raise fail(f"{date} is in the future (today is {today})", "write the date the review took place")
    return date


def _nobody(value: object) -> object:
    """An empty block or name means "not yet reviewed", not a mistake."""
    return None if value in ("", {}) else value


TEXT = "text — put it in quotes"
ReviewDate = Annotated[Any, AfterValidator(_review_date)]


# The longest name and role that the printed consultation sheet's sign-off holds (site_config.CONTACT_LIMITS).
PERSON_LIMIT = 40
Short = Annotated[str, at_most(PERSON_LIMIT, SHEET)]


class PersonSettings(Settings):
    noun = "field"
    shape = ("name and role", 'write it as {name: "…", role: "…"}, e.g. {name: "Dr A. Example", role: "dermatologist"}')
    name: Short | None = Field(None, description=TEXT)
    role: Short | None = Field(None, description=TEXT)

    @classmethod
    def cross_checks(cls, data: Mapping) -> list[tuple[str, str, str]]:
        name, role = _text(data.get("name")), _text(data.get("role"))
        if name and not role:
            return [("role", f"missing for {name}", 'say what they are, e.g. "dermatologist"')]
        if role and not name:
            return [("name", f"missing (role {role!r} given)", "write the person's name, or clear the role")]
        return []


Someone = Annotated[PersonSettings | None, BeforeValidator(_nobody)]


class ClinicalReviewSettings(PersonSettings):
    """clinical_review: the person clinically responsible, and when they signed the pages off."""

    shape = ("a block of name, role, date", "see README, 'Sign-off'")
    date: ReviewDate = None


class TranslationReviewSettings(Settings):
    """translation_review (a page), translations.<lang> (the clinic): who translated, who checked it."""

    noun = "field"
    shape = ("a block of translator, reviewer, date", "see README, 'Sign-off'")
    translator: Someone = Field(None, description=PersonSettings.shape[0] + " — " + PersonSettings.shape[1])
    reviewer: Someone = Field(None, description=PersonSettings.shape[0] + " — " + PersonSettings.shape[1])
    date: ReviewDate = None


def _translated_language(code: object, info: ValidationInfo) -> object:
    codes, source = (info.context or {}).get("codes", []), (info.context or {}).get("source")
    if code not in codes or code == source:
        translated = ", ".join(c for c in codes if c != source)
        raise fail(
            f"'{code}' is not a translated language of the site ({translated})",
            "use the language's code from extra.alternate",
        )
    return code


class SignoffSettings(Settings):
    """extra.clinic.signoff: who answers for every page, and for each translation."""

    shape = ("clinical_review and translations", "see README, 'Sign-off'")
    clinical_review: Annotated[ClinicalReviewSettings | None, BeforeValidator(_nobody)] = None
    translations: Annotated[
        dict[
            Annotated[Any, AfterValidator(_translated_language)],
            Annotated[TranslationReviewSettings | None, BeforeValidator(_nobody)],
        ]
        | None,
        BeforeValidator(_nobody),
    ] = Field(None, description="one block per language code — e.g. fr: {translator: …}")


def settings_problems(
    extra: dict | None,
    lines: dict[str, int],
    codes: list[str],
    source: str,
    *,
    path: str = "mkdocs.yml",
    today: dt.date | None = None,
) -> list[Problem]:
    """Problems in mkdocs.yml extra.clinic.signoff, each with its line."""
    clinic = (extra or {}).get("clinic") or {}
    value = _nobody(clinic.get("signoff") if isinstance(clinic, dict) else None)
    context = {"codes": codes, "source": source, "today": today}
    return validate(SignoffSettings, value, SETTINGS, lines, path=path, context=context)[1]


def front_matter_problems(
    path: str, meta: dict, field_line, *, translated: bool, today: dt.date | None = None
) -> list[Problem]:
    """Problems in a page's own `clinical_review` / `translation_review` overrides."""
    blocks: list[tuple[str, type[Settings]]] = [("clinical_review", ClinicalReviewSettings)]
    if translated:  # on an English page the field is refused as unknown
        blocks.append(("translation_review", TranslationReviewSettings))
    return [
        Problem(path, field_line(field), f"front matter '{field}{place}': {what}", fix)
        for field, model in blocks
        if _nobody(meta.get(field)) is not None
        for place, what, fix in errors(model, meta.get(field), context={"today": today})[1]
    ]


# --- Release: who must still sign ------------------------------------------------------------


def release_problems(path: str, signoff: PageSignoff, lang: str) -> list[Problem]:
    """A page is published only when a named person signed it off (and its translation)."""
    problems = []
    if not signoff.clinical.done:
        problems.append(
            Problem(
                path,
                1,
                "not yet clinically reviewed: nobody is named as clinically responsible",
                f"set {SETTINGS}.clinical_review (name, role, date) in mkdocs.yml, or "
                "clinical_review: in this page's front matter, once that person has reviewed it",
            )
        )
    # is_translation: translation is not None
    if signoff.is_translation and not (cast(Review, signoff.translation).done and signoff.translator is not None):
        problems.append(
            Problem(
                path,
                1,
                "translation not yet reviewed: no named translator and reviewer who checked it against the English",
                f"set {SETTINGS}.translations.{lang} (translator, reviewer, date) in mkdocs.yml, "
                "or translation_review: in this page's front matter",
            )
        )
    return problems


def _reviews(signoff: PageSignoff, meta: Mapping, settings: Mapping, lang: str):
    """(what, the page's resolved review, the page's own block, the clinic's block, where the clinic's is set)."""
    yield (
        "clinical review",
        signoff.clinical,
        meta.get("clinical_review"),
        settings.get("clinical_review"),
        (
            f"{SETTINGS}.clinical_review",
            "clinical_review",
        ),
    )
    if signoff.translation is not None:
        found = settings.get("translations")
        languages: Mapping = found if isinstance(found, dict) else {}
        yield (
            "translation check",
            signoff.translation,
            meta.get("translation_review"),
            languages.get(lang),
            (
                f"{SETTINGS}.translations.{lang}",
                "translation_review",
            ),
        )


def review_date_problems(
    path: str,
    signoff: PageSignoff,
    meta: Mapping,
    settings: Mapping,
    lang: str,
    last_changed: dt.date | None,
    field_line,
) -> list[Problem]:
    """Release: a review date must cover the page as it is, and be backed by the sign-off it claims.

    - not before the page's last change (scripts/rules/page_history.py): the review covers the current text;
    - a page's own date, with the person taken from the clinic's sign-off, not after that sign-off's date:
      the reviewer signed the pages off on that day, not later.
    A page whose last change is unknown (not committed) cannot be shown to be covered: refused too.
    """
    problems: list[Problem] = []
    for what, review, own, clinic, (setting, field) in _reviews(signoff, meta, settings, lang):
        if not review.done:
            continue  # release_problems says who must still sign
        date = cast(dt.date, review.date)
        person = review.person
        line = field_line(field) if isinstance(own, dict) and own else 1
        if last_changed is None:
            problems.append(
                Problem(
                    path,
                    line,
                    f"cannot tell when this page last changed (it is not committed to git), so nobody can tell "
                    f"whether the {what} of {date} covers its text",
                    "commit the page, then run the release check again",
                )
            )
        elif date < last_changed:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what} dated {date} is before this page's last change on {last_changed} (git): "
                    "it does not cover the current text",
                    f"have {person} check the page as it is now, then set the date in {field}: in this "
                    f"page's front matter or in mkdocs.yml {setting}",
                )
            )
        own = own if isinstance(own, dict) else {}
        own_date = _date(own.get("date"))
        own_person = own.get("name") if what == "clinical review" else own.get("reviewer")
        backing = _date(clinic.get("date")) if isinstance(clinic, dict) else None
        if own_date is not None and not own_person and backing is not None and own_date > backing:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what} dated {own_date} is after the sign-off of {person} on {backing} that backs it "
                    f"(mkdocs.yml {setting}.date)",
                    f"have {person} sign off again and update {setting}.date, or name who checked this page "
                    f"in its own {field}:",
                )
            )
    return problems


def review_dates(signoff: PageSignoff, last_changed: dt.date | None, format_date) -> dict:
    """The dates a page may show: its named review and when the next is due, or else when it last changed."""

    def shown(date: dt.date | None) -> dict | None:
        return {"date": format_date(date), "date_iso": date.isoformat()} if date else None

    if signoff.clinical.done:
        reviewed = cast(dt.date, signoff.clinical.date)
        return {"reviewed": shown(reviewed), "next_review": shown(next_review_due(reviewed)), "changed": None}
    return {"reviewed": None, "next_review": None, "changed": shown(last_changed)}


# --- What the templates and the about page show ----------------------------------------------


def template_context(signoff: PageSignoff, format_date) -> dict:
    """Plain values for overrides/partials/signoff.html (names only when someone is named)."""

    def review(item: Review | None) -> dict | None:
        if item is None or not item.done:
            return None
        person, date = cast(Person, item.person), cast(dt.date, item.date)  # done: both are set
        return {"name": person.name, "role": person.role, "date": format_date(date), "date_iso": date.isoformat()}

    translator = signoff.translator
    return {
        "clinical": review(signoff.clinical),
        "is_translation": signoff.is_translation,
        "translation": review(signoff.translation),
        "translator": {"name": translator.name, "role": translator.role} if translator else None,
    }


def json_ld_reviewer(signoff: PageSignoff) -> dict | None:
    """schema.org reviewedBy: a Person, only when one is named."""
    if not signoff.clinical.done:
        return None
    person = cast(Person, signoff.clinical.person)  # done: a person is named
    return {"@type": "Person", "name": person.name, "jobTitle": person.role}


@dataclasses.dataclass(frozen=True)
class Summary:
    """What the about page may truthfully say about the reviews of one language's pages."""

    total: int
    clinically_reviewed: int
    clinical_reviewers: tuple[Person, ...]
    translation_reviewed: int | None  # None for the source language
    translation_reviewers: tuple[Person, ...]
    translators: tuple[Person, ...]


def summarise(signoffs: list[PageSignoff]) -> Summary:
    def unique(people) -> tuple[Person, ...]:
        return tuple(dict.fromkeys(p for p in people if p is not None))

    translated = [s for s in signoffs if s.is_translation]
    translations = [cast(Review, s.translation) for s in translated]  # is_translation: not None
    return Summary(
        total=len(signoffs),
        clinically_reviewed=sum(s.clinical.done for s in signoffs),
        clinical_reviewers=unique(s.clinical.person for s in signoffs if s.clinical.done),
        translation_reviewed=sum(t.done for t in translations) if translated else None,
        translation_reviewers=unique(t.person for t in translations if t.done),
        translators=unique(s.translator for s in translated),
    )


def about_text(summary: Summary, gettext, ngettext, format_list) -> str:
    """The "who reviews it" paragraphs of the about page, from the data only (Markdown)."""

    def people(items) -> str:
        # Each named as the settings write it, marked as such: the page's readability is its editor's words
        # (scripts/rules/readability.py leaves the names out).
        return format_list([f'<span class="person" dir="auto">{markdown_text(str(p))}</span>' for p in items])

    paragraphs = []
    if summary.total and summary.clinically_reviewed == summary.total:
        paragraphs.append(
            gettext(
                "Every page has been reviewed for medical accuracy by %(people)s. "
                "Each page shows who reviewed it and when."
            )
            % {"people": people(summary.clinical_reviewers)}
        )
    elif summary.clinically_reviewed:
        paragraphs.append(
            ngettext(
                "%(count)s page of %(total)s has been reviewed for medical accuracy, by %(people)s. "
                "The other pages say that they have not yet been reviewed.",
                "%(count)s pages of %(total)s have been reviewed for medical accuracy, by %(people)s. "
                "The other pages say that they have not yet been reviewed.",
                summary.clinically_reviewed,
            )
            % {
                "count": summary.clinically_reviewed,
                "total": summary.total,
                "people": people(summary.clinical_reviewers),
            }
        )
    else:
        paragraphs.append(
            gettext("No health professional has reviewed these pages yet. Until one does, each page says so.")
        )
    if summary.translation_reviewed is not None:
        if summary.translators:
            paragraphs.append(gettext("Translated by %(people)s.") % {"people": people(summary.translators)})
        if summary.translation_reviewed and summary.translation_reviewed == summary.total:
            paragraphs.append(
                gettext("%(people)s checked the translation of every page against the English.")
                % {"people": people(summary.translation_reviewers)}
            )
        elif summary.translation_reviewed:
            paragraphs.append(
                ngettext(
                    "%(people)s checked the translation of %(count)s page against the English; "
                    "the other pages say that their translation has not yet been checked.",
                    "%(people)s checked the translation of %(count)s pages against the English; "
                    "the other pages say that their translation has not yet been checked.",
                    summary.translation_reviewed,
                )
                % {"count": summary.translation_reviewed, "people": people(summary.translation_reviewers)}
            )
        else:
            paragraphs.append(
                gettext(
                    "Nobody has yet checked this translation against the English pages. "
                    "Until someone does, each page says so."
                )
            )
    return "\n\n".join(paragraphs)
