"""The `timeline` and `course` macros of pages (registered by scripts/adapters/macros.py).

In a page, one call, at the start of a line with a blank line before and after:

    {{ timeline("course-name",
                after_first="What the reader may notice after the first session.",
                from_third="What the reader may notice from the third session.",
                not_this="Something the treatment does not do.") }}

and, inside a sentence, one part of the same course in the page's language:

    A full course takes about {{ course("course-name", "span") }}.

(parts: sessions, interval, span, maintenance — see scripts/renderers/timeline.py COURSE_PARTS),
so that no number of the schedule is typed into a page.

The first argument names an entry of data/timelines.yml; every other argument
is a sentence of the page, under the keyword named by an `id` of that entry's
stages and `does_not` list (see scripts/renderers/timeline.py for why). Any problem —
unknown timeline, missing or unknown keyword, bad data — raises TimelineError
naming the page, the data file, the entry and the field, and the build stops on it
(scripts/adapters/page_macros.py names the page's line).
"""

from __future__ import annotations

from pathlib import Path

from scripts.config.paths import ROOT
from scripts.i18n.interface import get_translations
from scripts.renderers.timeline import (
    COURSE_PARTS,
    DATA_FILE,
    TimelineError,
    course_text,
    display_path,
    load_timelines,
    render_timeline,
)


def page_path(env) -> str:
    """The calling page as an editor finds it, e.g. 'docs/fr/some-page.md'."""
    page = getattr(env, "page", None)
    file = getattr(page, "file", None)
    if file is None:
        return "(unknown page)"
    abs_src = getattr(file, "abs_src_path", None)
    if abs_src:
        try:
            return Path(abs_src).resolve().relative_to(ROOT).as_posix()
        except ValueError:
            pass
    return file.src_uri


def page_locale(env) -> str:
    """The Babel locale of the language being built (extra.alternate[].locale, else theme.language)."""
    lang = env.conf["theme"]["language"]
    for alt in (env.conf.get("extra") or {}).get("alternate") or []:
        if alt.get("lang") == lang and alt.get("locale"):
            return str(alt["locale"])
    return lang


def _entry(name, data_file: Path):
    timelines = load_timelines(data_file)
    if name not in timelines:
        raise TimelineError(
            f"unknown timeline {name!r} — the timelines in {display_path(data_file)} "
            f"are: {', '.join(sorted(timelines))}"
        )
    return timelines[name]


def course_words(env, name, part, data_file: Path = DATA_FILE) -> str:
    """One part of a course (e.g. "6 to 15 weeks") in the page's language; errors name the page."""
    where = page_path(env)
    try:
        entry = _entry(name, data_file)
        translations = get_translations(env.conf["theme"]["language"])
        return course_text(entry, part, page_locale(env), translations.gettext, translations.ngettext)
    except TimelineError as exc:
        raise TimelineError(f"{where}: course(): {exc}") from exc


def timeline_html(env, name, descriptions: dict, data_file: Path = DATA_FILE) -> str:
    where = page_path(env)
    lang = env.conf["theme"]["language"]
    try:
        entry = _entry(name, data_file)
        translations = get_translations(lang)
        return render_timeline(
            entry, page_locale(env), translations.gettext, descriptions, ngettext=translations.ngettext
        )
    except TimelineError as exc:
        raise TimelineError(f"{where}: timeline(): {exc}") from exc


def register(env) -> None:
    @env.macro
    def timeline(*args, **descriptions):
        """Draw the course of treatment args[0] (data/timelines.yml) with the page's sentences."""
        if len(args) != 1 or not isinstance(args[0], str):
            raise TimelineError(
                f"{page_path(env)}: timeline(): give the timeline's name first, in quotes, "
                f'then the sentences as keyword="…" — e.g. timeline("course-name", '
                f'after_first="…", …); got {len(args)} unnamed argument(s) {list(args)!r}'
            )
        return timeline_html(env, args[0], descriptions)

    @env.macro
    def course(*args, **kwargs):
        """One part of the course args[0] (data/timelines.yml), args[1] in COURSE_PARTS, for a sentence."""
        if kwargs or len(args) != 2 or not all(isinstance(a, str) for a in args):
            raise TimelineError(
                f"{page_path(env)}: course(): give the timeline's name and the part, both in "
                f'quotes — e.g. course("course-name", "span"); the parts are '
                f"{', '.join(COURSE_PARTS)}; got {list(args)!r}" + (f" and {sorted(kwargs)!r}" if kwargs else "")
            )
        return course_words(env, args[0], args[1])
