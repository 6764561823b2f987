"""The results timeline: a course of treatment as an ordered list, in the page's language.

Where each part of the timeline lives, and why:

* The schedule (how many sessions, the time between them, when each stage
  starts, the maintenance interval) is data, in one file shared by every
  language: `data/timelines.yml`. A number changes in one place and every
  language follows; a second treatment is a second entry, not new code.
* Fixed interface words ("After session %(number)s", "Maintenance", "Results
  vary from person to person.") are the same on every timeline: they go
  through gettext (`translations/<lang>/LC_MESSAGES/messages.po`), extracted
  from this file by `pybabel extract`, and the catalog check fails when one is
  untranslated.
* What may be seen at each stage and what the treatment does not do are
  medical statements. They belong to the page, not to a catalog: editors and
  reviewers read and change them where the reader will see them, in the
  page's Markdown, as keyword arguments of the macro call; a change to the
  English page then flags its translations out of date like any other text,
  and the statement is reviewed with the page it appears on. Each keyword is
  the `id` of a stage or of a `does_not` item of the entry, so the data says
  which statements a page must supply; a missing or unknown keyword is an
  error.
* Numbers, units and durations are formatted by Babel from CLDR data for the
  page's locale; no unit word is written per language. A range ("15 days to 3
  weeks") is a gettext pattern with two placeholders; each end is a CLDR unit
  pattern. When both ends have the same unit, only the upper end carries it
  ("3 to 6 months").

* The whole time a course takes (from the first to the last session) is
  derived from the same data by `course_span`, never typed in a page: a page
  says "a full course takes about {{ course("course-name", "span") }}"
  and `course_text` fills in "6 to 15 weeks" in the page's language.

`render_timeline` and `course_text` are pure: data and words in, text out,
every piece of text escaped. `scripts/adapters/macros_timeline.py` wires them to
the pages' macros.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, Generic, Literal, NoReturn, TypeVar, cast

import yaml
from babel import Locale
from babel.numbers import format_decimal
from babel.units import format_unit
from markupsafe import Markup

from scripts.config.editor_files import EditorFileError, EditorLoader, read_text, yaml_problem
from scripts.config.paths import ROOT

DATA_FILE = ROOT / "data" / "timelines.yml"

# Units a duration may use, with their length in days, only to check that a
# minimum is not above its maximum (a month counts as an average Gregorian month).
UNITS: dict[str, Fraction] = {
    "day": Fraction(1),
    "week": Fraction(7),
    "month": Fraction(3652425, 120000),
}
STAGE_KINDS = ("after", "from")
NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
KEYWORD_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
ENTRY_FIELDS = {"sessions": True, "interval": True, "maintenance": False, "stages": True, "does_not": False}
# CLDR's root locale makes the "long" unit length inherit from "short"; Babel 2.18
# does not resolve that alias and prints the raw key instead (e.g. Italian
# 'duration-day' long gives "15 duration-day"), so look in "short" when "long"
# lacks the plural form.
UNIT_LENGTHS: tuple[Literal["long", "short"], ...] = ("long", "short")


class TimelineError(ValueError):
    """Bad timeline data or a bad macro call; the message names the file, entry and field."""


@dataclasses.dataclass(frozen=True)
class Duration:
    value: int
    unit: str

    @property
    def days(self) -> Fraction:
        return self.value * UNITS[self.unit]


T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Range(Generic[T]):
    min: T
    max: T


@dataclasses.dataclass(frozen=True)
class Stage:
    id: str
    when: str  # "after" → "After session N" / "After 2 weeks"; "from" → "From session N"
    session: int | None = None  # a stage in sessions…
    time: Duration | None = None  # …or in time since the first session


@dataclasses.dataclass(frozen=True)
class Timeline:
    name: str
    source: str  # the data file, for error messages
    sessions: Range[int]
    interval: Range[Duration]  # time between two sessions of the course
    maintenance: Range[Duration] | None  # time between maintenance sessions
    stages: tuple[Stage, ...]
    does_not: tuple[str, ...]

    @property
    def keywords(self) -> tuple[str, ...]:
        """The description keywords a macro call must give, in the order they are shown."""
        return tuple(stage.id for stage in self.stages) + self.does_not


# --------------------------------------------------------------------------- loading


class _UniqueKeyLoader(EditorLoader):
    """The editors' safe loader (no Python tags, no alias bomb), saying which key is given twice."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def display_path(path: Path | str, root: Path = ROOT) -> str:
    """A path as editors see it: relative to the project's root when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _type_name(value) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "empty",
        int: "a whole number",
        float: "a decimal number",
    }.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self, source: str, entry: str):
        self.source, self.entry = source, entry

    def fail(self, field: str, message: str) -> NoReturn:
        where = f", field '{field}'" if field else ""
        raise TimelineError(f"{self.source}: entry '{self.entry}'{where}: {message}")

    def mapping(self, value, field: str, fields: Mapping[str, bool]) -> dict:
        if not isinstance(value, dict):
            self.fail(field, f"must be a mapping with {', '.join(fields)}, got {_type_name(value)}")
        for key in value:
            if key not in fields:
                self.fail(
                    f"{field}.{key}" if field else str(key), f"unknown field — the fields are {', '.join(fields)}"
                )
        for key, required in fields.items():
            if required and key not in value:
                self.fail(f"{field}.{key}" if field else key, "missing")
        return value

    def whole(self, value, field: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be a whole number, got {_type_name(value)} {value!r}")
        if value <= 0:
            self.fail(field, f"must be 1 or more, got {value}")
        return value

    def duration(self, value, field: str) -> Duration:
        value = self.mapping(value, field, {"value": True, "unit": True})
        number = self.whole(value["value"], f"{field}.value")
        unit = value["unit"]
        if not isinstance(unit, str):
            self.fail(f"{field}.unit", f"must be text, got {_type_name(unit)} {unit!r}")
        if unit not in UNITS:
            self.fail(f"{field}.unit", f"unknown unit {unit!r} — use one of {', '.join(UNITS)}")
        return Duration(number, unit)

    def range(self, value, field: str, item: Callable[[Any, str], T]) -> Range[T]:
        value = self.mapping(value, field, {"min": True, "max": True})
        low, high = item(value["min"], f"{field}.min"), item(value["max"], f"{field}.max")
        size = (lambda d: d.days) if isinstance(low, Duration) else (lambda n: n)
        if size(low) > size(high):
            self.fail(field, f"the minimum ({_plain(low)}) is above the maximum ({_plain(high)})")
        return Range(low, high)

    def keyword(self, value, field: str) -> str:
        if not isinstance(value, str):
            self.fail(field, f"must be text, got {_type_name(value)} {value!r}")
        if not KEYWORD_RE.match(value):
            self.fail(
                field,
                f"{value!r} is not a usable keyword — use lower-case letters, digits and _, "
                "starting with a letter, e.g. after_first",
            )
        return value


def _plain(value) -> str:
    return f"{value.value} {value.unit}" if isinstance(value, Duration) else str(value)


def _parse_entry(name, raw, source: str) -> Timeline:
    check = _Checker(source, str(name))
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise TimelineError(
            f"{source}: entry {name!r}: the name must be lower-case words joined by hyphens, e.g. skin-course"
        )
    raw = check.mapping(raw, "", ENTRY_FIELDS)
    sessions = check.range(raw["sessions"], "sessions", check.whole)
    interval = check.range(raw["interval"], "interval", check.duration)
    maintenance = check.range(raw["maintenance"], "maintenance", check.duration) if "maintenance" in raw else None

    stages_raw = raw["stages"]
    last_session, last_time = 0, None
    if not isinstance(stages_raw, list) or not stages_raw:
        check.fail("stages", f"must be a list of at least one stage, got {_type_name(stages_raw)}")
    stages: list[Stage] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(stages_raw):
        field = f"stages[{index}]"
        item = check.mapping(item, field, {"id": True, "when": True, "session": False, "time": False})
        stage_id = check.keyword(item["id"], f"{field}.id")
        if item["when"] not in STAGE_KINDS:
            check.fail(f"{field}.when", f"{item['when']!r} is not a stage kind — use one of {', '.join(STAGE_KINDS)}")
        if ("session" in item) == ("time" in item):
            check.fail(
                field,
                "give either session: N (after/from session N) or time: {value: N, unit: week} (after N weeks)",
            )
        if stage_id in seen:
            check.fail(f"{field}.id", f"{stage_id!r} is already used by {seen[stage_id]}")
        seen[stage_id] = field
        if "time" in item:
            if item["when"] != "after":
                check.fail(f"{field}.when", "a stage in time is 'after' a length of time — write when: after")
            time = check.duration(item["time"], f"{field}.time")
            if last_time is not None and time.days <= last_time.days:
                check.fail(
                    f"{field}.time",
                    f"stages in time must be in order: {_plain(time)} does not come after {_plain(last_time)}",
                )
            last_time = time
            stages.append(Stage(stage_id, "after", time=time))
            continue
        session = check.whole(item["session"], f"{field}.session")
        if session > sessions.max:
            check.fail(
                f"{field}.session",
                f"session {session} is after the last session of the course (sessions.max is {sessions.max})",
            )
        if session <= last_session:
            check.fail(
                f"{field}.session",
                f"stages must be in order of session: {session} does not come after {last_session}",
            )
        last_session = session
        stages.append(Stage(stage_id, item["when"], session))

    does_not_raw = raw.get("does_not", [])
    if not isinstance(does_not_raw, list):
        check.fail("does_not", f"must be a list of keywords, got {_type_name(does_not_raw)}")
    does_not = []
    for index, item in enumerate(does_not_raw):
        field = f"does_not[{index}]"
        keyword = check.keyword(item, field)
        if keyword in seen:
            check.fail(field, f"{keyword!r} is already used by {seen[keyword]}")
        seen[keyword] = field
        does_not.append(keyword)

    return Timeline(name, source, sessions, interval, maintenance, tuple(stages), tuple(does_not))


def load_timelines(path: Path | str = DATA_FILE, root: Path = ROOT) -> dict[str, Timeline]:
    """Every entry of the data file, validated; TimelineError names the file (as seen from the project's root),
    entry and field."""
    path = Path(path)
    source = display_path(path, root)
    try:  # missing, empty or not UTF-8: one line naming the file (scripts/config/editor_files.py)
        text = read_text(
            path, root, fix_missing="restore data/timelines.yml from git (`git checkout -- data/timelines.yml`)"
        )
    except EditorFileError as exc:
        raise TimelineError(str(exc)) from None
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise TimelineError(str(yaml_problem(source, exc))) from None
    if not isinstance(raw, dict) or not raw:
        raise TimelineError(f"{source}: must be a mapping of timeline name → entry, got {_type_name(raw)}")
    return {name: _parse_entry(name, entry, source) for name, entry in raw.items()}


# --------------------------------------------------------------------------- formatting


def format_duration(duration: Duration, locale: str) -> str:
    """'15 days', '15 jours', '15 giorni': a CLDR unit pattern for the locale, never a word written per language."""
    key = f"duration-{duration.unit}"
    loc = Locale.parse(locale)
    plural = loc.plural_form(duration.value)
    patterns = loc._data["unit_patterns"].get(key, {})  # Babel has no public accessor for these
    for length in UNIT_LENGTHS:
        if plural in patterns.get(length, {}):
            return format_unit(duration.value, key, length=length, locale=loc)
    raise TimelineError(
        f"Babel has no '{key}' pattern for plural form '{plural}' in locale '{locale}' "
        f"(tried {', '.join(UNIT_LENGTHS)})"
    )


def _number(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def duration_after_word(duration: Duration, locale: str, ngettext: Callable[[str, str, int], str]) -> str:
    """A length of time right after a word such as "after", "every" or "to", in the catalog's words: some
    languages change the noun there, which CLDR's units (the nominative) do not say. Arabic: "بعد شهرين",
    never "بعد شهران"; its forms for one and two carry no digits ("بعد شهر")."""
    value = duration.value
    if duration.unit == "day":
        # TRANSLATORS: a length of time right after a word such as "after", "every" or "to" ("after 2 days",
        # "every 2 days", "3 to 5 days"): the form that follows such a word (Arabic: يومين, not يومان; the
        # forms for one and two without digits).
        text = ngettext("%(count)s day", "%(count)s days", value)
    elif duration.unit == "week":
        # TRANSLATORS: as "%(count)s day", in weeks (Arabic: أسبوعين after a preposition).
        text = ngettext("%(count)s week", "%(count)s weeks", value)
    else:
        # TRANSLATORS: as "%(count)s day", in months (Arabic: شهرين after a preposition).
        text = ngettext("%(count)s month", "%(count)s months", value)
    return text % {"count": _number(value, locale)}


def _duration_ends(span: Range[Duration], locale: str, ngettext: Callable[[str, str, int], str]) -> tuple[str, str]:
    """The two ends of a duration range; with one unit, only the upper end carries it ('3', '6 months'). The
    upper end follows "to": its form after a word."""
    high = duration_after_word(span.max, locale, ngettext)
    low = _number(span.min.value, locale) if span.min.unit == span.max.unit else format_duration(span.min, locale)
    return low, high


def _sessions_text(span: Range[int], locale: str, ngettext) -> str:
    if span.min == span.max:
        return ngettext("%(count)s session", "%(count)s sessions", span.max) % {"count": _number(span.max, locale)}
    # TRANSLATORS: a number of sessions given as a range, e.g. "4 to 6 sessions".
    return ngettext("%(start)s to %(end)s session", "%(start)s to %(end)s sessions", span.max) % {
        "start": _number(span.min, locale),
        "end": _number(span.max, locale),
    }


def _between_sessions_text(span: Range[Duration], locale: str, gettext, ngettext) -> str:
    if span.min == span.max:
        return gettext("Between sessions: %(interval)s") % {"interval": format_duration(span.max, locale)}
    start, end = _duration_ends(span, locale, ngettext)
    # TRANSLATORS: time between two sessions of the course, e.g. "15 days to 3 weeks" or "3 to 6 months".
    return gettext("Between sessions: %(start)s to %(end)s") % {"start": start, "end": end}


def _maintenance_text(span: Range[Duration], locale: str, gettext, ngettext) -> str:
    if span.min == span.max:
        interval = duration_after_word(span.max, locale, ngettext)
        return gettext("One session every %(interval)s") % {"interval": interval}
    start, end = _duration_ends(span, locale, ngettext)
    # TRANSLATORS: %(end)s carries the unit, e.g. "3 to 6 months"; %(start)s may be a bare number.
    return gettext("One session every %(start)s to %(end)s") % {"start": start, "end": end}


def _stage_label(stage: Stage, locale: str, gettext, ngettext) -> str:
    if stage.time is not None:
        # TRANSLATORS: a stage of the results timeline in time since the first session, e.g. "After 2 weeks";
        # %(duration)s is "%(count)s week(s)" as translated for after such a word.
        return gettext("After %(duration)s") % {"duration": duration_after_word(stage.time, locale, ngettext)}
    number = _number(cast(int, stage.session), locale)
    if stage.when == "after":
        return gettext("After session %(number)s") % {"number": number}
    return gettext("From session %(number)s") % {"number": number}


# --------------------------------------------------------------------------- the course in a sentence

# What a page may ask for with {{ course("<name>", "<part>") }}, and what each gives.
COURSE_PARTS = {
    "sessions": "the number of sessions of a full course, e.g. '4 to 6 sessions'",
    "interval": "the time between two sessions of the course, e.g. '15 days to 3 weeks'",
    "span": "the time from the first to the last session of a full course, e.g. '6 to 15 weeks'",
    "maintenance": "the time between two maintenance sessions, e.g. '3 to 6 months'",
}


def _larger_unit(a: str, b: str) -> str:
    return a if UNITS[a] >= UNITS[b] else b


def course_span(entry: Timeline) -> Range[Duration]:
    """The time from the first to the last session of a full course, as a Range of Duration.

    A course of N sessions has N - 1 intervals: the shortest course is sessions.min
    sessions at the shortest interval, the longest sessions.max at the longest.
    When both ends of the interval share a unit the result is exact ("2 to 4 months").
    Otherwise it is given in the larger of the two units, the short end rounded
    down and the long end rounded up, so the range always contains the true span
    and a page says "about" (15 days to 3 weeks, 4 to 6 sessions: 45 to 105 days,
    "6 to 15 weeks"). No rounding formatter is involved: Babel's `format_timedelta`
    would turn 45 days into "2 months" and 105 days into "4 months".
    """
    sessions, interval = entry.sessions, entry.interval
    if sessions.min < 2:
        raise TimelineError(
            f"{entry.source}: entry '{entry.name}', field 'sessions.min': a course of "
            f"{sessions.min} session has no time from the first to the last session — "
            'do not use the "span" part for this timeline, or give sessions.min 2 or more'
        )
    if interval.min.unit == interval.max.unit:
        unit = interval.min.unit
        return Range(
            Duration((sessions.min - 1) * interval.min.value, unit),
            Duration((sessions.max - 1) * interval.max.value, unit),
        )
    shortest = (sessions.min - 1) * interval.min.days
    longest = (sessions.max - 1) * interval.max.days
    # the larger unit, or a smaller one when the short end would round down to nothing
    units = [
        u
        for u in sorted(UNITS, key=cast("Callable[[str], Fraction]", UNITS.get), reverse=True)
        if UNITS[u] <= UNITS[_larger_unit(interval.min.unit, interval.max.unit)]
    ]
    for unit in units:
        low = math.floor(shortest / UNITS[unit])
        if low >= 1 or unit == units[-1]:
            break
    return Range(Duration(max(low, 1), unit), Duration(math.ceil(longest / UNITS[unit]), unit))


def _duration_range_text(span: Range[Duration], locale: str, gettext, ngettext) -> str:
    if span.min == span.max:
        return format_duration(span.max, locale)
    start, end = _duration_ends(span, locale, ngettext)
    # TRANSLATORS: a length of time given as a range inside a sentence of a page, e.g. "6 to 15 weeks" or
    # "15 days to 3 weeks"; %(end)s carries the unit, %(start)s may be a bare number.
    return gettext("%(start)s to %(end)s") % {"start": start, "end": end}


def course_text(
    entry: Timeline, part: str, locale: str, gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]
) -> Markup:
    """One part of the course (COURSE_PARTS) as words of the page's language, escaped, for a sentence."""
    if part not in COURSE_PARTS:
        raise TimelineError(
            f"timeline '{entry.name}' ({entry.source}): unknown part {part!r} of the course — "
            f"use one of {', '.join(COURSE_PARTS)}"
        )
    if part == "sessions":
        text = _sessions_text(entry.sessions, locale, ngettext)
    elif part == "interval":
        text = _duration_range_text(entry.interval, locale, gettext, ngettext)
    elif part == "span":
        text = _duration_range_text(course_span(entry), locale, gettext, ngettext)
    else:
        if entry.maintenance is None:
            raise TimelineError(
                f"timeline '{entry.name}' ({entry.source}): the \"maintenance\" part is asked "
                "for, but the entry has no maintenance field — add one, or remove the call"
            )
        text = _duration_range_text(entry.maintenance, locale, gettext, ngettext)
    return Markup("{}").format(text)


def check_descriptions(entry: Timeline, descriptions: Mapping[str, object]) -> dict[str, str]:
    """The descriptions a macro call gave, checked against the keywords the entry asks for."""
    expected = entry.keywords
    where = f"timeline '{entry.name}' ({entry.source})"
    unknown = [key for key in descriptions if key not in expected]
    if unknown:
        raise TimelineError(
            f"{where}: unknown keyword {', '.join(repr(k) for k in unknown)} — "
            f"this timeline takes {', '.join(expected)}"
        )
    missing = [key for key in expected if key not in descriptions]
    if missing:
        raise TimelineError(
            f"{where}: missing keyword {', '.join(repr(k) for k in missing)} — "
            f'give every one of {", ".join(expected)}, e.g. {missing[0]}="…"'
        )
    result = {}
    for key in expected:
        value = descriptions[key]
        if not isinstance(value, str) or not value.strip():
            raise TimelineError(f"{where}: keyword '{key}' must be a sentence in quotes, got {value!r}")
        result[key] = " ".join(value.split())
    return result


def render_timeline(
    entry: Timeline,
    locale: str,
    gettext: Callable[[str], str],
    descriptions: Mapping[str, str],
    *,
    ngettext: Callable[[str, str, int], str],
) -> Markup:
    """The timeline as HTML: a figure whose ordered list reads in time order with no CSS at all.

    `gettext`/`ngettext` translate the fixed words into the page's language;
    `descriptions` maps each keyword of `entry.keywords` to a sentence from the page.
    """
    texts = check_descriptions(entry, descriptions)

    def step(kind: str, when: str, what: str) -> Markup:
        return Markup(
            '<li class="timeline__step timeline__step--{}"><p class="timeline__when"><strong>{}'
            '</strong></p><p class="timeline__what">{}</p></li>'
        ).format(kind, when, what)

    steps = [step("stage", _stage_label(stage, locale, gettext, ngettext), texts[stage.id]) for stage in entry.stages]
    # TRANSLATORS: label of the step where the whole course is done, e.g. "Full course: 4 to 6 sessions".
    steps.append(
        step(
            "course",
            gettext("Full course: %(sessions)s") % {"sessions": _sessions_text(entry.sessions, locale, ngettext)},
            _between_sessions_text(entry.interval, locale, gettext, ngettext),
        )
    )
    if entry.maintenance is not None:
        steps.append(
            step("maintenance", gettext("Maintenance"), _maintenance_text(entry.maintenance, locale, gettext, ngettext))
        )

    lines = [
        Markup('<figure class="timeline" data-timeline="{}">').format(entry.name),
        Markup('<figcaption class="timeline__caption">{}</figcaption>').format(gettext("Course of treatment")),
        Markup('<ol class="timeline__steps">'),
        *steps,
        Markup("</ol>"),
        Markup('<div class="timeline__notes">'),
    ]
    if entry.does_not:
        items = Markup("").join(Markup("<li>{}</li>").format(texts[key]) for key in entry.does_not)
        lines += [
            Markup('<p class="timeline__notes-heading"><strong>{}</strong></p>').format(gettext("What it does not do")),
            Markup('<ul class="timeline__not">{}</ul>').format(items),
        ]
    lines += [
        Markup('<p class="timeline__vary">{}</p>').format(gettext("Results vary from person to person.")),
        Markup("</div>"),
        Markup("</figure>"),
    ]
    # One element per line, no blank line and no indentation: Markdown keeps the block as raw HTML.
    return Markup("\n").join(lines)


__all__ = [
    "COURSE_PARTS",
    "DATA_FILE",
    "Duration",
    "Range",
    "Stage",
    "Timeline",
    "TimelineError",
    "check_descriptions",
    "course_span",
    "course_text",
    "display_path",
    "duration_after_word",
    "format_duration",
    "load_timelines",
    "render_timeline",
]
