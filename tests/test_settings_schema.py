"""The settings' declared schema, its one-line problems, the registry that checks them, and the catalogs'
cache (`make serve` picks up a .po edit)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from scripts.config import settings_schema, site_config
from scripts.config.editor_files import EditorFileError, problems_of, read_mkdocs_config, setting_lines
from scripts.config.paths import ROOT
from scripts.i18n.interface import get_translations
from scripts.renderers import leaflet
from scripts.rules import registry as rules
from scripts.rules import signoff

PO_HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def _write_po(translations: Path, msgstr: str, *, mtime_ns: int) -> None:
    po = translations / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(PO_HEADER + f'msgid "Next review due"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    os.utime(po, ns=(mtime_ns, mtime_ns))  # an editor's save: a later time, whatever the clock's resolution


def test_a_changed_catalog_gives_the_new_string_in_the_same_process(tmp_path):
    translations = tmp_path / "translations"
    _write_po(translations, "Prochaine relecture", mtime_ns=1_700_000_000_000_000_000)
    assert get_translations("fr", translations).gettext("Next review due") == "Prochaine relecture"
    _write_po(translations, "Prochaine relecture prévue", mtime_ns=1_700_000_010_000_000_000)
    assert get_translations("fr", translations).gettext("Next review due") == "Prochaine relecture prévue"


def test_an_unchanged_catalog_is_read_once(tmp_path):
    translations = tmp_path / "translations"
    _write_po(translations, "Prochaine relecture", mtime_ns=1_700_000_000_000_000_000)
    assert get_translations("fr", translations) is get_translations("fr", translations)


# --- The schema's messages ----------------------------------------------------------------------------

CLINIC_YAML = """\
site_url: https://clinic.fr/
extra:
  clinic:
    name: "Clinique du Parc"
    phone: 12
    papr: A4
    colors:
      primary: teal
      link: "#000000"
    emergency_numbers:
      - {region: FR, number: "15"}
      - {region: FR, number: "15"}
  leaflet:
    max_pages: many
    leav_out: [about.md]
"""


def _lines() -> dict[str, int]:
    return setting_lines(CLINIC_YAML)


def _extra() -> dict:
    return yaml.safe_load(CLINIC_YAML)["extra"]


def test_every_clinic_problem_at_once_on_its_line():
    found = [str(p) for p in site_config.check_clinic(_extra()["clinic"], _lines())]
    assert found == [
        "mkdocs.yml:5: extra.clinic.phone: expected text, got int — put it in quotes",
        "mkdocs.yml:12: extra.clinic.emergency_numbers[1]: FR 15 is already listed at emergency_numbers[0] — keep one",
        "mkdocs.yml:6: extra.clinic.papr: unknown setting — did you mean 'paper'? allowed: name, phone, email, "
        "address, opening_hours, website, logo, colors, emergency_numbers, signoff, paper",
    ]


def test_colours_are_their_own_block_with_their_own_noun():
    found = [str(p) for p in site_config.color_problems(_extra()["clinic"], _lines())]
    assert found == [
        "mkdocs.yml:8: extra.clinic.colors.primary: 'teal' is not a colour — write it as #rrggbb, e.g. '#005a70'",
        "mkdocs.yml:9: extra.clinic.colors.link: unknown colour — allowed: primary, accent, primary_dark, accent_dark",
    ]


@pytest.mark.parametrize(
    ("clinic", "expected"),
    [
        ({"name": "A", "phone": ""}, "extra.clinic.phone: empty — a named clinic must give a phone number"),
        ({"phone": ""}, None),
        ({"website": "http://a.fr"}, "extra.clinic.website: 'http://a.fr' is not a web address starting with https://"),
        ({"logo": "images/x.svg"}, "extra.clinic.logo: 'images/x.svg' is not the file name of an image — give"),
        ({"logo": "no-such-logo.svg"}, "extra.clinic.logo: brand/no-such-logo.svg does not exist"),
        ({"email": ["a@b.fr"]}, "extra.clinic.email: expected text, got list — put it in quotes"),
        ("Clinique", "extra.clinic: expected a set of settings (name, phone, …), got str — write them as"),
        ({"emergency_numbers": [{"number": "15"}]}, "emergency_numbers[0].region: missing — use a code such as EU"),
        ({"emergency_numbers": {"FR": "fifteen"}}, "emergency_numbers.FR: 'fifteen' is not an emergency number"),
    ],
)
def test_clinic_settings_one_problem_each(clinic, expected):
    found = [str(p) for p in site_config.check_clinic(clinic)]
    assert found == [] if expected is None else (len(found) == 1 and expected in found[0]), found


@pytest.mark.parametrize("key", sorted(site_config.CONTACT_LIMITS))
def test_a_contact_detail_longer_than_the_printed_sheet_holds_is_refused_with_its_limit(key):
    """The consultation sheet prints on one page with every detail at its limit (tests/test_clinic_copy.py); one
    character more is refused, naming the setting, its length and the limit. Spaces at either end do not count."""
    limit = site_config.CONTACT_LIMITS[key]
    at_limit = {
        "name": "N" * limit,
        "phone": "+" + "1" * (limit - 1),
        "email": "a" * (limit - 6) + "@b.org",
        "address": "A" * limit,
        "opening_hours": "H" * limit,
        "website": "https://" + "w" * (limit - 9) + "/",
    }
    assert len(at_limit[key]) == limit
    assert site_config.check_clinic({"phone": "+33 1 23 45 67 89", key: f" {at_limit[key]} "}) == []
    longer = at_limit[key][:-1] + "xx" if key != "website" else at_limit[key][:-1] + "x/"
    (problem,) = site_config.check_clinic({"phone": "+33 1 23 45 67 89", key: longer}, {f"extra.clinic.{key}": 7})
    assert str(problem) == (
        f"mkdocs.yml:7: extra.clinic.{key}: {limit + 1} characters long — shorten it to {limit} at most: "
        "the printed consultation sheet has no room for more"
    )


@pytest.mark.parametrize("field", ["name", "role"])
def test_a_name_or_role_longer_than_the_printed_sheet_holds_is_refused(field):
    person = {"name": "Dr A", "role": "GP", field: "x" * (signoff.PERSON_LIMIT + 1)}
    block = {"translations": {"fr": {"translator": person}}}
    (problem,) = signoff.settings_problems({"clinic": {"signoff": block}}, {}, ["en", "fr"], "en")
    assert str(problem).endswith(
        f"extra.clinic.signoff.translations.fr.translator.{field}: {signoff.PERSON_LIMIT + 1} characters long — "
        f"shorten it to {signoff.PERSON_LIMIT} at most: the printed consultation sheet has no room for more"
    )
    person[field] = "x" * signoff.PERSON_LIMIT
    assert signoff.settings_problems({"clinic": {"signoff": block}}, {}, ["en", "fr"], "en") == []


def test_the_logo_is_looked_for_in_the_checked_projects_brand_folder(tmp_path):
    (tmp_path / "ours.svg").write_text("<svg/>", encoding="utf-8")
    assert site_config.check_clinic({"logo": "ours.svg"}, brand_dir=tmp_path) == []
    # The engine's own brand/ holds the topic's sharing image; the checked project's brand/ does not.
    (problem,) = site_config.check_clinic({"logo": "social-card.png"}, brand_dir=tmp_path)
    assert "brand/social-card.png does not exist" in str(problem)
    assert site_config.check_clinic({"logo": "ours.svg"}) != []  # not in this checkout's brand/


def test_a_key_far_from_every_known_one_gets_the_list_only():
    (problem,) = site_config.check_clinic({"zzz": 1})
    assert problem.fix.startswith("allowed: name, phone") and "did you mean" not in problem.fix


def test_emergency_numbers_are_read_in_the_order_written_and_none_while_wrong():
    numbers = [{"region": "FR", "number": "15", "label": " SAMU "}, {"region": "EU", "number": 112}]
    assert [(n.region, n.number, n.label) for n in site_config.emergency_numbers(numbers)] == [
        ("FR", "15", "SAMU"),
        ("EU", "112", ""),
    ]
    assert site_config.emergency_numbers([{"region": "XX", "number": "15"}]) == []
    assert site_config.emergency_numbers(None) == []


def test_languages_problems_on_their_lines_and_all_at_once():
    text = """\
extra:
  alternate:
    - {name: English, lang: en, link: /en/}
    - name: Français
      lang: FR
      locale: fr_FR
    - lang: it
      locale: zz_ZZ
      lnk: /it/
"""
    with pytest.raises(site_config.ConfigError) as error:
        site_config.languages(yaml.safe_load(text)["extra"], setting_lines(text))
    assert [str(p) for p in error.value.problems] == [
        "mkdocs.yml:5: extra.alternate[1].lang: 'FR' is not a language code — use a two-letter code such as 'fr'",
        "mkdocs.yml:7: extra.alternate[2].name: missing — write the language's name in that language, e.g. 'Français'",
        "mkdocs.yml:8: extra.alternate[2].locale: 'zz_ZZ' is not a locale Babel knows — use e.g. 'fr_FR'",
        "mkdocs.yml:9: extra.alternate[2].lnk: unknown setting — did you mean 'link'? allowed: name, lang, locale, "
        "link, readability",
    ]
    assert str(error.value) == "\n".join(map(str, error.value.problems))


@pytest.mark.parametrize(
    ("alternate", "expected"),
    [
        ([], "extra.alternate: no languages — list at least one {name, lang, link}"),
        (
            [{"name": "A", "lang": "fr"}, {"name": "B", "lang": "fr"}],
            "extra.alternate: language 'fr' is listed twice — keep one entry",
        ),
        ([{"name": "X", "lang": "qq"}], "extra.alternate[0].locale: 'qq' is not a locale Babel knows"),
        ("en", "extra.alternate: expected a list of languages, got str — write one"),
    ],
)
def test_languages_refused(alternate, expected):
    with pytest.raises(site_config.ConfigError) as error:
        site_config.languages({"alternate": alternate})
    (problem,) = error.value.problems
    assert expected in str(problem)


def test_languages_read_in_switcher_order_with_the_code_as_locale_by_default():
    read = site_config.languages(
        {"alternate": [{"name": "Français", "lang": "fr"}, {"name": "English", "lang": "en", "locale": "en_GB"}]}
    )
    assert read == [site_config.Language("fr", "Français", "fr"), site_config.Language("en", "English", "en_GB")]


def test_a_person_named_without_a_role_is_reported_with_the_other_problems_of_the_block():
    found = signoff.settings_problems(
        {"clinic": {"signoff": {"clinical_review": {"name": "Dr A", "date": "soon", "phone": "1"}, "translatons": {}}}},
        {},
        ["en", "fr"],
        "en",
    )
    assert sorted(p.message for p in found) == [
        "extra.clinic.signoff.clinical_review.date: 'soon' is not a date",
        "extra.clinic.signoff.clinical_review.phone: unknown field",
        "extra.clinic.signoff.clinical_review.role: missing for Dr A",
        "extra.clinic.signoff.translatons: unknown setting",
    ]
    assert next(p for p in found if "translatons" in p.message).fix.startswith("did you mean 'translations'?")


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"clinical_review": {"role": "GP"}}, "clinical_review.name: missing (role 'GP' given)"),
        ({"clinical_review": {"name": "Dr A", "role": "GP", "date": "2099-01-01"}}, "2099-01-01 is in the future"),
        ({"translations": {"en": {}}}, "translations.en: 'en' is not a translated language of the site (fr)"),
        ({"translations": {"fr": {"reviewer": "Dr C"}}}, "translations.fr.reviewer: expected name and role, got str"),
        ({"translations": ["fr"]}, "translations: expected one block per language code, got list — e.g. fr:"),
        ("Dr A", "extra.clinic.signoff: expected clinical_review and translations, got str — see README"),
    ],
)
def test_signoff_settings_refused(block, expected):
    found = signoff.settings_problems(
        {"clinic": {"signoff": block}}, {}, ["en", "fr"], "en", today=dt.date(2026, 12, 1)
    )
    assert len(found) == 1 and expected in str(found[0]), found


def test_empty_signoff_blocks_mean_nobody_named_yet():
    extra = {
        "clinic": {"signoff": {"clinical_review": {"name": "", "role": "", "date": ""}, "translations": {"fr": {}}}}
    }
    assert signoff.settings_problems(extra, {}, ["en", "fr"], "en") == []
    assert signoff.settings_problems({"clinic": {"signoff": ""}}, {}, ["en", "fr"], "en") == []


def test_a_wrong_leaflet_setting_keeps_the_right_ones():
    read, problems = leaflet.read_settings(_extra(), _lines())
    assert [str(p) for p in problems] == [
        "mkdocs.yml:14: extra.leaflet.max_pages: 'many' is not a number of pages — write a whole number, e.g. 32",
        "mkdocs.yml:15: extra.leaflet.leav_out: unknown setting — did you mean 'leave_out'? allowed: pages, "
        "leave_out, max_pages, large_print_max_pages",
    ]
    read, problems = leaflet.read_settings({"leaflet": {"max_pages": 12, "pages": ["a.md", ""]}})
    assert read.max_pages == 12 and read.pages is None
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: extra.leaflet.pages[1]: empty — e.g. [first-page.md, second-page.md]"
    ]


def test_a_setting_not_in_the_file_takes_the_line_of_the_nearest_above():
    lines = {"extra": 2, "extra.clinic": 3, "extra.clinic.colors": 7}
    assert settings_schema.line_of("extra.clinic.colors.primary", lines) == 7
    assert settings_schema.line_of("extra.clinic.emergency_numbers[2].number", lines) == 3
    assert settings_schema.line_of("site_url", lines) == 1


# --- check and the build agree: every setting is a rule of the registry --------------------------------


def _site(extra: dict, profile: str) -> rules.Site:
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    return rules.Site(ROOT, profile, dt.date(2026, 12, 1), dict(config, extra=extra), ["en", "fr"])


@pytest.mark.parametrize("setting", ["clinic-settings", "clinic-colors", "leaflet-settings", "signoff-settings"])
def test_a_settings_rule_refuses_alike_in_the_build_check_and_release(setting):
    (item,) = [item for item in rules.REGISTRY if item.name == setting]
    assert item.scope == "site" and item.levels == {"build": "error", "check": "error", "release": "error"}


def test_paper_a5_is_the_same_one_line_in_check_and_the_build():
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    extra = {**config["extra"], "clinic": {**config["extra"]["clinic"], "paper": "A5"}}
    (item,) = [item for item in rules.REGISTRY if item.name == "leaflet-settings"]
    found = {profile: item.run(_site(extra, profile)) for profile in rules.PROFILES}
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = text[: text.index("\n    paper:")].count("\n") + 2
    expected = [f"mkdocs.yml:{line}: extra.clinic.paper: 'A5' is not a paper size — use A4 or Letter"]
    assert {profile: [str(p) for p in problems] for profile, problems in found.items()} == {
        profile: expected for profile in rules.PROFILES
    }
    assert item.run(_site(config["extra"], "check")) == []


def test_languages_are_reported_by_the_run_with_their_lines(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("extra:\n  alternate:\n    - {name: X, lang: EN}\n", encoding="utf-8")
    result = rules.run("check", root=tmp_path, config={"extra": {"alternate": [{"name": "X", "lang": "EN"}]}})
    assert [str(p) for p in result.errors] == [
        "mkdocs.yml:3: extra.alternate[0].lang: 'EN' is not a language code — use a two-letter code such as 'fr'"
    ]


@pytest.mark.parametrize(
    ("leaflet_settings", "expected"),
    [
        ({"pages": ["index.md", "aftercar.md"]}, "extra.leaflet.pages[1]: 'aftercar.md' is not a page of the menu"),
        ({"leave_out": ["no-such-page.md"]}, "extra.leaflet.leave_out[0]: 'no-such-page.md' is not a page of the menu"),
    ],
)
def test_the_reading_order_is_checked_by_the_registry_for_each_language(leaflet_settings, expected):
    (item,) = [item for item in rules.REGISTRY if item.name == "leaflet-pages"]
    assert item.levels == {"build": "error", "check": "error", "release": "error"}
    config = read_mkdocs_config(ROOT / "mkdocs.yml", ROOT)
    site = _site({**config["extra"], "leaflet": leaflet_settings}, "check")
    (problem,) = item.run(rules.load_language(site, "en"))
    assert expected in str(problem) and problem.fix.startswith("use one of: index.md, ")
    assert item.run(rules.load_language(_site(config["extra"], "check"), "en")) == []


def test_a_catalog_that_does_not_compile_raises_its_problems_not_text(tmp_path):
    translations = tmp_path / "translations"
    _write_po(translations, "Prochaine relecture", mtime_ns=1_700_000_000_000_000_000)
    po = translations / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "A"\nmsgstr "B\nmsgid "C"\nmsgstr oops\n', encoding="utf-8")
    with pytest.raises(EditorFileError) as error:
        get_translations("fr", translations)
    assert [p.line for p in problems_of(error.value)] == [10, 12]  # msgstr "B and msgstr oops
    assert all(p.path == "translations/fr/LC_MESSAGES/messages.po" for p in problems_of(error.value))
    assert isinstance(error.value, ValueError)  # what the build's hooks catch


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"leaflet": "index.md"},
            "mkdocs.yml:1: extra.leaflet: expected settings (pages, leave_out, max_pages, large_print_max_pages), "
            "got str — write them as `name: value` lines",
        ),
        ({"leaflet": {"max_pages": True}}, "mkdocs.yml:1: extra.leaflet.max_pages: True is not a number of pages"),
        ({"leaflet": {"max_pages": 0}}, "mkdocs.yml:1: extra.leaflet.max_pages: 0 is not a number of pages"),
        ({"leaflet": {"pages": [3]}}, "mkdocs.yml:1: extra.leaflet.pages[0]: expected a list of page files, got int"),
        ({"clinic": {"paper": "letter"}}, "mkdocs.yml:1: extra.clinic.paper: 'letter' is not a paper size"),
    ],
)
def test_leaflet_settings_refused(extra, expected):
    _, problems = leaflet.read_settings(extra)
    assert len(problems) == 1 and str(problems[0]).startswith(expected), problems


def test_the_older_map_of_numbers_is_refused_on_the_line_of_its_region():
    text = 'extra:\n  clinic:\n    emergency_numbers:\n      GB: "999"\n      XX: "112"\n'
    (problem,) = site_config.check_clinic(yaml.safe_load(text)["extra"]["clinic"], setting_lines(text))
    assert str(problem) == (
        "mkdocs.yml:5: extra.clinic.emergency_numbers.XX: unknown region 'XX' — use a code such as EU, FR, GB, IT"
    )
