"""Issue 6 features on the built HTML: glossary, care cards, sheet, sharing tags, clinic settings, stable links.

Bad glossaries and clinic settings are unit tests of the build's rules, in process, on a tiny project
(tests/tiny_project.py); copies are built only where the built pages or the build's own refusal are the
subject (a second clinic, redirects)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml
from test_signoff import data_signoff, source_of

from scripts.config import topic
from scripts.config.editor_files import read_mkdocs_config
from scripts.config.project_config import load_base_config, site_languages
from scripts.config.site_config import load_glossary
from scripts.rules import page_history, registry
from scripts.rules.content_rules import split_front_matter

from conftest import LANGS, ROOT, build_copy, built_pages, edit_settings, soup
from tiny_project import write_tiny_project

# The words as a reader sees them, written out for the languages we know; any other
# configured language is checked against its own catalog.
URGENT_LABEL = {
    "en": "Urgent advice:",
    "fr": "Conseil urgent\u00a0:",
    "it": "Consiglio urgente:",
    "es": "Consejo urgente:",
    "ar": "نصيحة عاجلة:",
}
NON_URGENT_HEADING = {
    "en": "Contact your clinic if:",
    "fr": "Contactez votre clinique si\u00a0:",
    "it": "Contatti la Sua clinica se:",
    "es": "Contacte con su clínica si:",
    "ar": "اتصل بعيادتك إذا:",
}
OG_LOCALE = {item.code: item.locale for item in site_languages()}


def interface_words(table: dict, lang: str, message: str) -> str:
    from scripts.i18n.interface import gettext_for

    return table.get(lang) or gettext_for(lang)(message)


def _clinic() -> dict:
    """The clinic's settings as the build reads them (mkdocs.yml extra.clinic): empty as shipped, a clinic's own."""
    return (load_base_config().get("extra") or {}).get("clinic") or {}


def _meta(lang, page):
    yaml_text, _, _ = split_front_matter((ROOT / "docs" / lang / page).read_text(encoding="utf-8"))
    return yaml.safe_load(yaml_text)


# ---------------------------------------------------------------- glossary


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_lists_every_entry(site, lang):
    entries, problems = load_glossary(lang)
    assert not problems
    terms = [dt.get_text() for dt in soup(site / lang / "glossary" / "index.html").select(".glossary dl dt")]
    assert len(terms) == len(entries) >= 20
    assert {t.casefold() for t in terms} == {e.term.casefold() for e in entries}


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_words_have_keyboard_reachable_tooltips_in_their_own_language_only(site, lang):
    own = {e.definition for e in load_glossary(lang)[0]}
    others = {e.definition for other in LANGS if other != lang for e in load_glossary(other)[0]} - own
    seen = 0
    for html in built_pages(site, lang):
        for abbr in soup(html).select("article abbr"):
            seen += 1
            assert abbr.get("tabindex") == "0", f"{html}: <abbr> not focusable"
            assert abbr["title"] in own, f"{html}: tooltip {abbr['title']!r} is not from glossary/{lang}.yml"
            assert abbr["title"] not in others
    assert seen > 20


def test_every_glossary_term_is_used_somewhere(site):
    for lang in LANGS:
        text = " ".join(
            (ROOT / "docs" / lang / p).read_text(encoding="utf-8")
            for p in sorted(p.name for p in (ROOT / "docs" / lang).glob("*.md"))
        )
        unused = [e.term for e in load_glossary(lang)[0] if not any(f in text for f in e.forms)]
        assert not unused, f"glossary/{lang}.yml terms used on no page: {unused}"


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("duplicate", r"glossary/en\.yml(?::\d+:)? entry 'skin': 'skin' is already defined by entry 'skin'"),
        ("empty", r"glossary/en\.yml(?::\d+:)? entry 'skin': 'definition' is empty — explain the word"),
    ],
)
def test_bad_glossary_fails_the_build(tmp_path, seed, expected):
    root = write_tiny_project(tmp_path / "project")
    path = root / "glossary" / "en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in data if e["term"] == "skin")
    if seed == "duplicate":
        data.append(dict(entry))
    else:
        entry["definition"] = ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    errors = [str(p) for p in registry.run("build", root=root, langs=["en"]).errors]
    assert any(re.match(expected, e) for e in errors), errors


# ---------------------------------------------------------------- care cards and do / don't lists


@pytest.mark.parametrize("lang", LANGS)
def test_aftercare_has_both_care_cards_and_do_dont_lists(site, lang):
    doc = soup(site / lang / "aftercare" / "index.html")
    urgent = doc.select_one(".care-card--urgent")
    non_urgent = doc.select_one(".care-card--non-urgent")
    assert urgent and non_urgent
    urgent_heading = urgent.find(re.compile("^h[2-4]$")).get_text(" ")
    assert interface_words(URGENT_LABEL, lang, "Urgent advice:") in urgent_heading
    # The clinic's emergency numbers (extra.clinic.emergency_numbers), every one, in the order written.
    written = _clinic().get("emergency_numbers") or []  # a list of {region, number, label}, or the older map
    numbers = (
        [str(number) for number in written.values()]
        if isinstance(written, dict)
        else [str(item["number"]) for item in written]
    )
    assert numbers, "the settings give no emergency number"
    said = re.findall(r"\d+", urgent_heading)
    assert said == numbers, (urgent_heading, numbers)
    assert interface_words(NON_URGENT_HEADING, lang, "Contact your clinic if:") in non_urgent.find(
        re.compile("^h[2-4]$")
    ).get_text(" ")
    assert len(urgent.select("li")) >= 2 and len(non_urgent.select("li")) >= 3
    assert doc.select(".do-dont--do li") and doc.select(".do-dont--dont li")
    starts = {"en": "do not", "es": "no ", "ar": "لا "}  # content standards: every "don't" item starts with "do not"
    if lang in starts:
        assert all(li.get_text().lower().startswith(starts[lang]) for li in doc.select(".do-dont--dont li"))


# ---------------------------------------------------------------- consultation sheet


@pytest.mark.parametrize("lang", LANGS)
def test_consultation_sheet_has_questions_checklist_contact_and_notes(site, lang):
    doc = soup(site / lang / "consultation-sheet" / "index.html")
    assert len(doc.select("article ol li")) >= 6
    assert len(doc.select("article li.task-list-item input[type=checkbox]")) >= 5
    assert doc.select_one(".clinic-contact") and len(doc.select(".notes .notes__line")) >= 4


# ---------------------------------------------------------------- sharing and search engines


@pytest.mark.parametrize("lang", LANGS)
def test_sharing_tags_and_structured_data_match_the_front_matter(site, lang):
    extra = read_mkdocs_config(ROOT / f"mkdocs.{lang}.yml", ROOT).get("extra") or {}
    for html in built_pages(site, lang):
        doc = soup(html)
        page = html.parent.relative_to(site / lang).as_posix()
        meta = _meta(lang, "index.md" if page == "." else f"{page}.md")
        prop = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
        name = {m["name"]: m["content"] for m in doc.find_all("meta", attrs={"name": True})}
        canonical = doc.find("link", rel="canonical")["href"]
        assert prop["og:title"] == meta["title"] == name["twitter:title"]
        assert prop["og:description"] == meta["description"] == name["description"] == name["twitter:description"]
        assert prop["og:locale"] == OG_LOCALE[lang] and prop["og:url"] == canonical
        image, card = prop["og:image"], topic.social_card(extra)
        assert card, "the settings name no sharing image (extra.topic.social_card)"
        assert image.endswith(f"/assets/images/{card}")
        assert (site / lang / "assets" / "images" / card).is_file()
        assert name["twitter:card"] == "summary_large_image"
        data = json.loads(doc.find("script", type="application/ld+json").string)
        assert data["@type"] == "MedicalWebPage" and data["inLanguage"] == lang
        assert data["name"] == meta["title"] and data["description"] == meta["description"]
        assert data["url"] == canonical
        # A review only when the data name a reviewer and date (as shipped, nobody: tests/test_signoff_claims.py),
        # and always when the page's file last changed in git.
        source = source_of(site, lang, html)
        review = data_signoff(lang, source).clinical
        if review.done:
            assert data["lastReviewed"] == review.date.isoformat(), html
            assert data["reviewedBy"] == {"@type": "Person", "name": review.person.name, "jobTitle": review.person.role}
        else:
            assert "reviewedBy" not in data and "lastReviewed" not in data, html
        changed = page_history.last_changed(ROOT, source.relative_to(ROOT).as_posix())
        assert data["dateModified"] == changed.isoformat()
        assert data["about"]["@type"] == "MedicalProcedure" and data["about"]["name"]


# ---------------------------------------------------------------- stable links


def _site(project, *args):
    return subprocess.run([sys.executable, "-m", "scripts.site", *args], cwd=project, capture_output=True, text=True)


def test_every_published_address_is_still_built(site):
    result = _site(ROOT, "links", "--check")
    assert result.returncode == 0, result.stdout
    listed = [
        line
        for line in (ROOT / "published-urls.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    for path in listed:
        assert (site / path / "index.html").is_file(), f"published address {path} is not built"


def test_links_prints_every_page_in_every_language():
    result = _site(ROOT, "links")
    assert result.returncode == 0
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    assert {(r[0], r[1]) for r in rows} == {
        (lang, f"docs/{lang}/{p.name}") for lang in LANGS for p in (ROOT / "docs" / lang).glob("*.md")
    }


def _redirect(project, old: str, new: str) -> None:
    """A redirect from the page `old` to `new` in a copy's settings (plugins.redirects.redirect_maps)."""
    edit_settings(project, lambda settings: settings["plugins"]["redirects"]["redirect_maps"].update({old: new}))


@pytest.mark.slow
def test_a_removed_page_needs_a_redirect(project):
    (project / "published-urls.txt").write_text("en/old-aftercare/\n", encoding="utf-8")
    result = _site(project, "links", "--check")
    assert result.returncode == 1
    assert (
        "published-urls.txt: en/old-aftercare/ is no longer built — restore the page or add a redirect" in result.stdout
    )
    _redirect(project, "old-aftercare.md", "aftercare.md")
    assert "en/old-aftercare/ is no longer built" not in _site(project, "links", "--check").stdout
    assert build_copy(project, "en").returncode == 0
    redirect = soup(project / "site" / "en" / "old-aftercare" / "index.html")
    assert redirect.find("link", rel="canonical")["href"] == "../aftercare/"


@pytest.mark.slow
def test_a_redirect_to_nowhere_fails_the_build(project):
    _redirect(project, "old.md", "nowhere.md")
    result = build_copy(project, "en")
    assert result.returncode == 1
    assert "mkdocs.yml plugins.redirects.redirect_maps: redirect target 'nowhere.md' does not exist" in result.stdout


# ---------------------------------------------------------------- clinic settings

SECOND_CLINIC = {
    "name": "Clinica Esempio",
    "logo": "clinica-logo.svg",
    "website": "https://clinica.example",
    "phone": "+39 02 1234 5678",
    "email": "info@clinica.example",
    "address": "Via Roma 1, Milano",
    "opening_hours": "Lun–Ven 9–18",
    "colors": {"primary": "#1b4d3e", "accent": "#7a2e0e"},
    "emergency_numbers": {"IT": "112"},
}


def _set_clinic(project, clinic: dict) -> None:
    """A copy's clinic settings (extra.clinic) replaced by `clinic`, the rest of its settings as they were."""
    edit_settings(project, lambda settings: settings["extra"].update(clinic=clinic))


@pytest.mark.slow
def test_a_second_clinic_rebrands_the_site_without_template_changes(project):
    (project / "brand" / "clinica-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>',
        encoding="utf-8",
    )
    _set_clinic(project, SECOND_CLINIC)
    result = build_copy(project, "it", "en")
    assert result.returncode == 0, result.stdout
    doc = soup(project / "site" / "it" / "aftercare" / "index.html")
    assert "Clinica Esempio" in doc.select_one(".md-header__topic").get_text()
    logo = doc.select_one(".md-header .md-logo img")
    assert logo["src"] == "../assets/images/clinica-logo.svg" and logo["alt"] == ""
    assert (project / "site" / "it" / "assets" / "images" / "clinica-logo.svg").is_file()
    footer = doc.select_one(".patient-footer").get_text(" ")
    assert "Clinica Esempio" in footer and "+39 02 1234 5678" in footer and "Via Roma 1" in footer
    assert doc.select_one('.patient-footer a[href="tel:+390212345678"]')
    urgent = doc.select_one(".care-card--urgent").get_text(" ")
    assert "112" in urgent and "999" not in urgent and "Italia" in urgent
    assert "--patient-primary:#1b4d3e" in str(doc.find_all("style"))
    sheet = soup(project / "site" / "en" / "consultation-sheet" / "index.html").select_one(".clinic-contact")
    assert [dd.get_text() for dd in sheet.select("dd")][:2] == ["Clinica Esempio", "+39 02 1234 5678"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_names_a_clinic_iff_the_settings_name_one(site, lang):
    """Neutral without clinic settings (as shipped); a clinic's name in the header, footer and sheet with them."""
    clinic = _clinic()
    name = clinic.get("name") or ""
    for html in built_pages(site, lang):
        doc = soup(html)
        header, footer = doc.select_one(".patient-clinic-name"), doc.select_one(".patient-footer__clinic")
        if not name:
            assert header is None and footer is None, html
            continue
        assert header is not None and header.get_text() == name, html
        assert footer is not None and footer.get_text(" ").startswith(name), html
        for key in ("phone", "email", "address"):
            assert not clinic.get(key) or clinic[key] in footer.get_text(" "), (html, key)
    sheet = soup(site / lang / "consultation-sheet" / "index.html").select_one(".clinic-contact")
    assert sheet is not None
    if not name:
        assert "clinic-contact--none" in sheet["class"] and not sheet.select("dd")
    else:
        assert "clinic-contact--none" not in sheet["class"]
        assert sheet.select("dd")[0].get_text() == name


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("primary", "teal-ish", r"mkdocs\.yml(?::\d+:)? extra\.clinic\.colors\.primary: 'teal-ish' is not a colour"),
        (
            "primary",
            "#7fd3e6",
            r"mkdocs\.yml(?::\d+:)? extra\.clinic\.colors\.primary: #7fd3e6 on white has a contrast of 1\.\d:1",
        ),
        (
            "website",
            "clinic dot com",
            r"mkdocs\.yml(?::\d+:)? extra\.clinic\.website: 'clinic dot com' is not a web address",
        ),
        ("phone", "", r"mkdocs\.yml(?::\d+:)? extra\.clinic\.phone: empty — a named clinic must give a phone number"),
        (
            "logo",
            "https://cdn.example/logo.png",
            r"mkdocs\.yml(?::\d+:)? extra\.clinic\.logo: 'https://cdn\.example/logo\.png' is not the file name of an image "
            "— give the file name",
        ),
        ("emergency", {"XX": "112"}, r"mkdocs\.yml(?::\d+:)? extra\.clinic\.emergency_numbers\.XX: unknown region"),
    ],
)
def test_bad_clinic_setting_fails_the_build(tmp_path, setting, value, expected):
    """The build's rules refuse the setting (in process, on a tiny project), naming its line in mkdocs.yml."""
    project = write_tiny_project(tmp_path / "project")
    clinic = {**SECOND_CLINIC, "colors": dict(SECOND_CLINIC["colors"])}
    if setting == "primary":
        clinic["colors"]["primary"] = value
    elif setting == "emergency":
        clinic["emergency_numbers"] = value
    else:
        clinic[setting] = value
    _set_clinic(project, clinic)
    errors = [str(p) for p in registry.run("build", root=project, langs=["en"]).errors]
    assert any(re.match(expected, e) for e in errors), errors
    # the line is the setting's own
    found = next(e for e in errors if re.match(expected, e))
    number = int(found.split(":")[1])
    key = "XX:" if setting == "emergency" else f"{setting}:"
    assert (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[number - 1].strip().startswith(key), found
