"""Macros editors may call in pages (the only names a page's Jinja has: scripts/page_macros.py).

{{ timeline("hand-mesotherapy", …) }}          results timeline (scripts/macros_timeline.py)
{{ course("hand-mesotherapy", "span") }}        one part of that course in a sentence ("6 to 15 weeks")
{% call care_card("urgent") %} - … {% endcall %}  care card; kind "urgent" or "non-urgent"
{% call do_list() %} - … {% endcall %}           do list; dont_list() for the don'ts
{{ clinic_contact() }}                          the clinic's contact details (mkdocs.yml extra.clinic)
{{ notes_space() }}                             ruled space for notes on a printed sheet
{{ glossary() }}                                every glossary/<lang>.yml entry
{{ signoff_statement() }}                       who reviewed the pages (scripts/macros_signoff.py)
"""

from __future__ import annotations

from scripts import components, macros_signoff, macros_timeline
from scripts.i18n import gettext_for
from scripts.site_config import load_glossary


def define_env(env):
    def lang() -> str:
        return env.conf["theme"]["language"]

    def clinic() -> dict:
        return env.conf["extra"].get("clinic") or {}

    @env.macro
    def care_card(kind: str, caller=None, level: int = 3):
        if caller is None:
            raise ValueError(
                f'{env.page.file.src_uri}: care_card must be used as {{% call care_card("urgent") %}} … {{% endcall %}}'
            )
        gettext = gettext_for(lang())
        emergency = components.emergency_numbers(
            clinic().get("emergency_numbers") or {}, macros_timeline.page_locale(env)
        )
        return components.care_card(kind, caller(), gettext=gettext, emergency=emergency, level=level)

    @env.macro
    def do_list(caller=None, level: int = 3):
        return components.do_dont_list("do", caller(), gettext=gettext_for(lang()), level=level)

    @env.macro
    def dont_list(caller=None, level: int = 3):
        return components.do_dont_list("dont", caller(), gettext=gettext_for(lang()), level=level)

    @env.macro
    def clinic_contact():
        return components.clinic_contact(clinic(), gettext=gettext_for(lang()))

    @env.macro
    def notes_space(lines: int = 6):
        return components.notes_space(gettext=gettext_for(lang()), lines=lines)

    @env.macro
    def glossary():
        entries, problems = load_glossary(lang())
        if problems:
            raise ValueError("\n".join(problems))
        return components.glossary_list(entries, gettext=gettext_for(lang()))

    macros_timeline.register(env)
    macros_signoff.register(env, macros_timeline.page_locale)
