"""Macros editors may call in pages (the only names a page's Jinja has: scripts/rules/page_macros.py).

{{ timeline("course-name", …) }}               results timeline (scripts/adapters/macros_timeline.py)
{{ course("course-name", "span") }}             one part of that course in a sentence ("6 to 15 weeks")
{% call care_card("urgent") %} - … {% endcall %}  care card; kind "urgent" or "non-urgent"
{% call do_list() %} - … {% endcall %}           do list; dont_list() for the don'ts
{{ clinic_contact() }}                          the clinic's contact details (mkdocs.yml extra.clinic)
{{ notes_space() }}                             ruled space for notes on a printed sheet
{{ glossary() }}                                every glossary/<lang>.yml entry
{{ signoff_statement() }}                       who reviewed the pages (scripts/adapters/macros_signoff.py)
{{ accessibility_statement() }}                 the accessibility statement (scripts/adapters/macros_accessibility.py)
"""

from __future__ import annotations

from scripts.adapters import macros_accessibility, macros_signoff, macros_timeline
from scripts.config.site_config import emergency_numbers, load_glossary
from scripts.i18n.interface import gettext_for
from scripts.renderers import components

# A page's values reach HTML: a heading level and a number of lines are checked to be small whole numbers
# (a level is written into the tag's name; a million note lines would exhaust the build).
HEADING_LEVELS = range(2, 7)
NOTE_LINES = range(1, 41)


def _whole(name: str, value, allowed: range) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ValueError(f"{name}={value!r}: give a whole number from {allowed.start} to {allowed.stop - 1}")
    return value


def _called_around_a_list(name: str, caller, example: str = "") -> None:
    if caller is None:
        raise ValueError(f"{name} must be used as {{% call {name}({example}) %}} … {{% endcall %}}")


def define_env(env):
    def lang() -> str:
        return env.conf["theme"]["language"]

    def clinic() -> dict:
        return env.conf["extra"].get("clinic") or {}

    @env.macro
    def care_card(kind: str, caller=None, level: int = 3):
        _called_around_a_list("care_card", caller, '"urgent"')
        gettext = gettext_for(lang())
        emergency = components.emergency_numbers(
            emergency_numbers(clinic().get("emergency_numbers")), macros_timeline.page_locale(env)
        )
        level = _whole("level", level, HEADING_LEVELS)
        return components.care_card(kind, caller(), gettext=gettext, emergency=emergency, level=level)

    @env.macro
    def do_list(caller=None, level: int = 3):
        _called_around_a_list("do_list", caller)
        level = _whole("level", level, HEADING_LEVELS)
        return components.do_dont_list("do", caller(), gettext=gettext_for(lang()), level=level)

    @env.macro
    def dont_list(caller=None, level: int = 3):
        _called_around_a_list("dont_list", caller)
        level = _whole("level", level, HEADING_LEVELS)
        return components.do_dont_list("dont", caller(), gettext=gettext_for(lang()), level=level)

    @env.macro
    def clinic_contact():
        return components.clinic_contact(clinic(), gettext=gettext_for(lang()))

    @env.macro
    def notes_space(lines: int = 6):
        return components.notes_space(gettext=gettext_for(lang()), lines=_whole("lines", lines, NOTE_LINES))

    @env.macro
    def glossary():
        entries, problems = load_glossary(lang())
        if problems:
            raise ValueError("\n".join(map(str, problems)))
        return components.glossary_list(entries, gettext=gettext_for(lang()), lang=lang())

    macros_timeline.register(env)
    macros_signoff.register(env, macros_timeline.page_locale)
    macros_accessibility.register(env, macros_timeline.page_locale)
