"""The `accessibility_statement` macro: the accessibility statement in the page's language.

    {{ accessibility_statement() }}

Said from data/accessibility.yml and the site's settings by scripts/renderers/accessibility.py. The page that calls it
is the statement: its front matter says `role: accessibility` (scripts/rules/page_roles.py), and the footer of every
page links to the page of that role (overrides/partials/copyright.html), so no template names its file.
"""

from __future__ import annotations

import datetime as dt

from scripts.config.project_config import source_date_epoch
from scripts.config.site_config import ConfigError, languages
from scripts.i18n.interface import gettext_for, long_date
from scripts.renderers import accessibility


def register(env, locale_of) -> None:
    @env.macro
    def accessibility_statement():
        try:
            codes = [item.code for item in languages(env.conf["extra"])]
        except ConfigError:  # the rules report it
            codes = [env.conf["theme"]["language"]]
        statement, problems = accessibility.load(codes)
        if statement is None or problems:  # the rule accessibility-data names each, with its line
            raise ValueError("; ".join(str(problem) for problem in problems))
        lang, locale = env.conf["theme"]["language"], locale_of(env)
        epoch = source_date_epoch()
        return accessibility.statement_markdown(
            statement,
            lang=lang,
            site_name=str(env.conf["site_name"]),
            clinic=env.conf["extra"].get("clinic") or {},
            updated=dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date() if epoch is not None else None,
            format_date=lambda day: long_date(day, locale) or day.isoformat(),
            gettext=gettext_for(lang),
        )
