"""Unit tests of the results timeline (scripts/renderers/timeline.py, scripts/adapters/macros_timeline.py).

Words per language are checked as exact strings, through the real catalog of each language
(translations/<lang>/LC_MESSAGES/messages.po, read by scripts.i18n.interface as the build reads it): a timeline
string missing, fuzzy or untranslated there fails.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

import markdown
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from babel.support import NullTranslations
from bs4 import BeautifulSoup

from scripts.adapters import macros_timeline
from scripts.config.paths import ROOT
from scripts.i18n import interface as i18n
from scripts.i18n.catalogs import po_path
from scripts.renderers.timeline import (
    DATA_FILE,
    Duration,
    TimelineError,
    format_duration,
    load_timelines,
    render_timeline,
)

from conftest import LANGS

NBSP = "\u00a0"

HAND_DESCRIPTIONS = {
    "en": dict(
        after_first="Your skin may look brighter and better hydrated.",
        from_third="You may notice firmer skin and fewer fine lines.",
        not_volume="It does not add volume to your hands.",
        not_spots="It does not treat brown spots.",
    ),
    "fr": dict(
        after_first="Votre peau peut paraître plus lumineuse et mieux hydratée.",
        from_third="Vous pouvez remarquer une peau plus ferme et moins de ridules.",
        not_volume="Elle ne redonne pas de volume à vos mains.",
        not_spots="Elle ne traite pas les taches brunes.",
    ),
    "it": dict(
        after_first="La pelle può apparire più luminosa e più idratata.",
        from_third="Può notare una pelle più tonica e meno rughe sottili.",
        not_volume="Non dà volume alle mani.",
        not_spots="Non tratta le macchie scure.",
    ),
    "es": dict(
        after_first="Su piel puede verse más luminosa y mejor hidratada.",
        from_third="Puede notar la piel más firme y menos arrugas finas.",
        not_volume="No da volumen a sus manos.",
        not_spots="No trata las manchas marrones.",
    ),
    "ar": dict(
        after_first="قد يبدو جلدك أكثر إشراقًا وأكثر ترطيبًا.",
        from_third="قد تلاحظ أن جلدك أكثر تماسكًا وأن الخطوط الدقيقة أقل.",
        not_volume="لا يضيف حجمًا إلى يديك.",
        not_spots="لا يعالج البقع البنية.",
    ),
}

# Exact text of the hand-mesotherapy timeline: caption, then (when, what) per step, notes heading, results vary.
HAND_EXPECTED = {
    "en": {
        "caption": "Course of treatment",
        "steps": [
            ("After session 1", "Your skin may look brighter and better hydrated."),
            ("From session 3", "You may notice firmer skin and fewer fine lines."),
            ("Full course: 4 to 6 sessions", "Between sessions: 15 days to 3 weeks"),
            ("Maintenance", "One session every 3 to 6 months"),
        ],
        "not_heading": "What it does not do",
        "not": ["It does not add volume to your hands.", "It does not treat brown spots."],
        "vary": "Results vary from person to person.",
    },
    "fr": {
        "caption": "Série de séances",
        "steps": [
            ("Après la séance 1", "Votre peau peut paraître plus lumineuse et mieux hydratée."),
            ("À partir de la séance 3", "Vous pouvez remarquer une peau plus ferme et moins de ridules."),
            (f"Série complète{NBSP}: 4 à 6 séances", f"Entre deux séances{NBSP}: 15{NBSP}jours à 3{NBSP}semaines"),
            ("Entretien", f"Des séances espacées de 3 à 6{NBSP}mois"),
        ],
        "not_heading": "Ce que ce traitement ne fait pas",
        "not": ["Elle ne redonne pas de volume à vos mains.", "Elle ne traite pas les taches brunes."],
        "vary": "Les résultats varient d’une personne à l’autre.",
    },
    "it": {
        "caption": "Ciclo di trattamento",
        "steps": [
            ("Dopo la seduta 1", "La pelle può apparire più luminosa e più idratata."),
            ("Dalla seduta 3 in poi", "Può notare una pelle più tonica e meno rughe sottili."),
            ("Ciclo completo: da 4 a 6 sedute", "Tra una seduta e l’altra: da 15 giorni a 3 settimane"),
            ("Mantenimento", "Una seduta ogni 3-6 mesi"),
        ],
        "not_heading": "Cosa non fa questo trattamento",
        "not": ["Non dà volume alle mani.", "Non tratta le macchie scure."],
        "vary": "I risultati variano da persona a persona.",
    },
    "es": {
        "caption": "Las sesiones del tratamiento",
        "steps": [
            ("Tras la sesión 1", "Su piel puede verse más luminosa y mejor hidratada."),
            ("A partir de la sesión 3", "Puede notar la piel más firme y menos arrugas finas."),
            ("Tratamiento completo: de 4 a 6 sesiones", "Entre sesiones: de 15 días a 3 semanas"),
            ("Mantenimiento", "Una sesión cada 3 a 6 meses"),
        ],
        "not_heading": "Lo que no hace",
        "not": ["No da volumen a sus manos.", "No trata las manchas marrones."],
        "vary": "Los resultados varían de una persona a otra.",
    },
    "ar": {
        "caption": "مراحل العلاج",
        "steps": [
            ("بعد الجلسة 1", "قد يبدو جلدك أكثر إشراقًا وأكثر ترطيبًا."),
            ("من الجلسة 3", "قد تلاحظ أن جلدك أكثر تماسكًا وأن الخطوط الدقيقة أقل."),
            ("العلاج الكامل: من 4 إلى 6 جلسات", "بين جلسة وأخرى: من 15 يومًا إلى 3 أسابيع"),
            ("جلسات الصيانة", "جلسة واحدة كل 3 إلى 6 أشهر"),
        ],
        "not_heading": "ما لا يفعله العلاج",
        "not": ["لا يضيف حجمًا إلى يديك.", "لا يعالج البقع البنية."],
        "vary": "تختلف النتائج من شخص لآخر.",
    },
}

# A second course from other data: one unit per range, single values, no maintenance or "does not".
EXAMPLE_YAML = """\
example-course:
  sessions: {min: 3, max: 3}
  interval: {min: {value: 2, unit: week}, max: {value: 2, unit: week}}
  stages:
    - {id: after_second, when: after, session: 2}
single-session:
  sessions: {min: 1, max: 1}
  interval: {min: {value: 10, unit: day}, max: {value: 14, unit: day}}
  maintenance: {min: {value: 2, unit: week}, max: {value: 3, unit: week}}
  stages:
    - {id: from_first, when: from, session: 1}
  does_not: [not_magic]
"""
EXAMPLE_EXPECTED = {
    "en": [("After session 2", "A."), ("Full course: 3 sessions", "Between sessions: 2 weeks")],
    "fr": [
        ("Après la séance 2", "A."),
        (f"Série complète{NBSP}: 3 séances", f"Entre deux séances{NBSP}: 2{NBSP}semaines"),
    ],
    "it": [("Dopo la seduta 2", "A."), ("Ciclo completo: 3 sedute", "Tra una seduta e l’altra: 2 settimane")],
    "es": [("Tras la sesión 2", "A."), ("Tratamiento completo: 3 sesiones", "Entre sesiones: 2 semanas")],
    # CLDR's Arabic dual: "two weeks" is one word, without the number
    "ar": [("بعد الجلسة 2", "A."), ("العلاج الكامل: 3 جلسات", "بين جلسة وأخرى: أسبوعان")],
}
SINGLE_EXPECTED = {
    "en": [
        ("From session 1", "B."),
        ("Full course: 1 session", "Between sessions: 10 to 14 days"),
        ("Maintenance", "One session every 2 to 3 weeks"),
    ],
    "fr": [
        ("À partir de la séance 1", "B."),
        (f"Série complète{NBSP}: 1 séance", f"Entre deux séances{NBSP}: 10 à 14{NBSP}jours"),
        ("Entretien", f"Des séances espacées de 2 à 3{NBSP}semaines"),
    ],
    "it": [
        ("Dalla seduta 1 in poi", "B."),
        ("Ciclo completo: 1 seduta", "Tra una seduta e l’altra: da 10 a 14 giorni"),
        ("Mantenimento", "Una seduta ogni 2-3 settimane"),
    ],
    "es": [
        ("A partir de la sesión 1", "B."),
        ("Tratamiento completo: 1 sesión", "Entre sesiones: de 10 a 14 días"),
        ("Mantenimiento", "Una sesión cada 2 a 3 semanas"),
    ],
    "ar": [
        ("من الجلسة 1", "B."),
        ("العلاج الكامل: 1 جلسة", "بين جلسة وأخرى: من 10 إلى 14 يومًا"),
        ("جلسات الصيانة", "جلسة واحدة كل 2 إلى 3 أسابيع"),
    ],
}


# --------------------------------------------------------------------------- translations


def extracted_msgids() -> set:
    """What `pybabel extract` (default keywords) finds in scripts/renderers/timeline.py."""
    found = set()
    for _lineno, message, _comments, _context in extract_from_file(
        "python", str(ROOT / "scripts" / "renderers" / "timeline.py")
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _msgid_key(message):
    return message.id if isinstance(message.id, str) else tuple(message.id)


def catalog_translations(lang: str):
    """The real catalog through scripts.i18n.interface, which must translate every timeline string."""
    if lang == "en":  # the source language: msgids are the English text, merged or not
        po = po_path("en")
        return i18n.get_translations("en") if po.is_file() else NullTranslations()
    po = po_path(lang)
    if not po.is_file():
        pytest.fail(f"{po.relative_to(ROOT)} does not exist — run `make catalogs`")
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    wanted = extracted_msgids()
    have = {_msgid_key(m): m for m in catalog if m.id}
    translated = {
        key
        for key in wanted
        if key in have
        and all(have[key].string if isinstance(have[key].string, tuple) else (have[key].string,))
        and not have[key].fuzzy
    }
    if not translated:
        pytest.fail(f"timeline strings are not translated in {po.relative_to(ROOT)}")
    missing = sorted(map(str, wanted - translated))
    assert not missing, f"{po.relative_to(ROOT)}: timeline msgids missing, fuzzy or untranslated: {missing}"
    return i18n.get_translations(lang)


@pytest.fixture(params=LANGS)
def lang_tr(request):
    return request.param, catalog_translations(request.param)


def render(entry, lang, tr, descriptions):
    return render_timeline(entry, lang, tr.gettext, descriptions, ngettext=tr.ngettext)


def structure(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.find("figure", class_="timeline")
    steps = [
        (li.find(class_="timeline__when").get_text(), li.find(class_="timeline__what").get_text())
        for li in figure.find("ol", class_="timeline__steps").find_all("li", recursive=False)
    ]
    heading = figure.find(class_="timeline__notes-heading")
    nots = figure.find("ul", class_="timeline__not")
    return {
        "caption": figure.figcaption.get_text(),
        "steps": steps,
        "not_heading": heading.get_text() if heading else None,
        "not": [li.get_text() for li in nots.find_all("li")] if nots else [],
        "vary": figure.find(class_="timeline__vary").get_text(),
    }


@pytest.fixture(scope="module")
def shipped():
    return load_timelines()


@pytest.fixture
def example_file(tmp_path):
    path = tmp_path / "timelines.yml"
    path.write_text(EXAMPLE_YAML, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- rendered words, per language


def test_shipped_data(shipped):
    entry = shipped["hand-mesotherapy"]
    assert (entry.sessions.min, entry.sessions.max) == (4, 6)
    assert (entry.interval.min, entry.interval.max) == (Duration(15, "day"), Duration(3, "week"))
    assert (entry.maintenance.min, entry.maintenance.max) == (Duration(3, "month"), Duration(6, "month"))
    assert [(s.id, s.when, s.session) for s in entry.stages] == [("after_first", "after", 1), ("from_third", "from", 3)]
    assert entry.keywords == ("after_first", "from_third", "not_volume", "not_spots")


def test_hand_mesotherapy_words(shipped, lang_tr):
    lang, tr = lang_tr
    html = render(shipped["hand-mesotherapy"], lang, tr, HAND_DESCRIPTIONS[lang])
    assert structure(html) == HAND_EXPECTED[lang]


def test_second_timeline_from_other_data(example_file, lang_tr):
    lang, tr = lang_tr
    timelines = load_timelines(example_file)
    assert sorted(timelines) == ["example-course", "single-session"]
    example = structure(render(timelines["example-course"], lang, tr, {"after_second": "A."}))
    assert example["steps"] == EXAMPLE_EXPECTED[lang]
    assert example["not_heading"] is None and example["not"] == []
    assert example["vary"] == HAND_EXPECTED[lang]["vary"]
    single = structure(render(timelines["single-session"], lang, tr, {"from_first": "B.", "not_magic": "C."}))
    assert single["steps"] == SINGLE_EXPECTED[lang]
    assert single["not"] == ["C."]


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            {
                (1, "day"): "1 day",
                (15, "day"): "15 days",
                (1, "week"): "1 week",
                (3, "week"): "3 weeks",
                (1, "month"): "1 month",
                (3, "month"): "3 months",
                (6, "month"): "6 months",
            },
        ),
        (
            "fr",
            {
                (1, "day"): "1 jour",
                (15, "day"): "15 jours",
                (1, "week"): "1 semaine",
                (3, "week"): "3 semaines",
                (1, "month"): "1 mois",
                (3, "month"): "3 mois",
                (6, "month"): "6 mois",
            },
        ),
        # Babel 2.18's own format_unit(…, "duration-day"/"duration-month", length="long", locale="it")
        # gives "15 duration-day": CLDR's long → short inheritance is applied here instead.
        (
            "it",
            {
                (1, "day"): "1 giorno",
                (15, "day"): "15 giorni",
                (1, "week"): "1 settimana",
                (3, "week"): "3 settimane",
                (1, "month"): "1 mese",
                (3, "month"): "3 mesi",
                (6, "month"): "6 mesi",
            },
        ),
        (
            "es",
            {
                (1, "day"): "1 día",
                (15, "day"): "15 días",
                (1, "week"): "1 semana",
                (3, "week"): "3 semanas",
                (1, "month"): "1 mes",
                (3, "month"): "3 meses",
                (6, "month"): "6 meses",
            },
        ),
        # CLDR's Arabic singular and dual carry no number ("يوم" a day, "أسبوعان" two weeks)
        (
            "ar",
            {
                (1, "day"): "يوم",
                (15, "day"): "15 يومًا",
                (1, "week"): "أسبوع",
                (3, "week"): "3 أسابيع",
                (2, "week"): "أسبوعان",
                (1, "month"): "شهر",
                (3, "month"): "3 أشهر",
                (6, "month"): "6 أشهر",
            },
        ),
    ],
)
def test_durations_are_real_words(lang, expected):
    assert lang in LANGS
    sep = NBSP if lang == "fr" else " "
    for (value, unit), words in expected.items():
        assert format_duration(Duration(value, unit), lang) == words.replace(" ", sep)


@pytest.mark.parametrize("lang", LANGS)
def test_no_duration_falls_back_to_a_raw_key(lang):
    """Every value 1–60 of every unit: a number, a space, a word of letters — never 'duration-…', never rounded.
    (CLDR writes some forms as a word alone, such as Arabic's singular and dual: the word then says the number.)"""
    from babel import Locale

    locale = Locale.parse(lang)
    for unit in ("day", "week", "month"):
        for value in range(1, 61):
            text = format_duration(Duration(value, unit), lang)
            word = r"[^\W\d_][^\W\d_\u064b-\u0652]*[\u064b-\u0652]*[^\W\d_]*\.?"  # Arabic may end in a vowel mark
            numbered = re.fullmatch(rf"{value}[ {NBSP}]{word}", text)
            alone = locale.plural_form(value) in ("one", "two") and re.fullmatch(word, text)
            assert numbered or alone, (unit, value, text)
            assert "duration" not in text


# --------------------------------------------------------------------------- markup


def test_markup_reads_in_order_without_css(shipped):
    tr = NullTranslations()
    html = render(shipped["hand-mesotherapy"], "en", tr, HAND_DESCRIPTIONS["en"])
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.find("figure")
    assert figure["class"] == ["timeline"]
    assert figure.contents[0].name == "figcaption" or figure.find_all(recursive=False)[0].name == "figcaption"
    assert figure.find("ol") is not None and len(figure.find("ol").find_all("li", recursive=False)) == 4
    assert figure.find("svg") is None and figure.find(style=True) is None and figure.find("script") is None
    text = " ".join(figure.get_text(" ").split())
    assert text == (
        "Course of treatment After session 1 Your skin may look brighter and better hydrated. "
        "From session 3 You may notice firmer skin and fewer fine lines. "
        "Full course: 4 to 6 sessions Between sessions: 15 days to 3 weeks "
        "Maintenance One session every 3 to 6 months "
        "What it does not do It does not add volume to your hands. It does not treat brown spots. "
        "Results vary from person to person."
    )
    # Each step's label is emphasised in the HTML itself, so it stands out with no CSS.
    assert [li.p.strong.get_text() for li in figure.ol.find_all("li")] == [
        "After session 1",
        "From session 3",
        "Full course: 4 to 6 sessions",
        "Maintenance",
    ]


def test_markup_survives_markdown(shipped):
    """The macro's output goes back into the page's Markdown: it must stay one raw HTML block, unchanged."""
    tr = NullTranslations()
    html = str(render(shipped["hand-mesotherapy"], "en", tr, HAND_DESCRIPTIONS["en"] | {"not_spots": "A & B <i>"}))
    assert "\n\n" not in html and not any(line[:1].isspace() for line in html.splitlines())
    page = f"## Results\n\nSome text about RV.\n\n{html}\n\nMore text.\n\n*[RV]: results vary\n"
    out = markdown.markdown(
        page, extensions=["toc", "admonition", "attr_list", "md_in_html", "abbr", "def_list", "tables"]
    )
    assert html in out
    assert "<p><figure" not in out


def test_descriptions_and_translations_are_escaped(shipped):
    tr = NullTranslations()
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    html = render(shipped["hand-mesotherapy"], "en", tr, HAND_DESCRIPTIONS["en"] | {"after_first": evil})
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert structure(html)["steps"][0][1] == evil

    class EvilTranslations(NullTranslations):
        def gettext(self, message):
            return "<b onclick=x>" + message

    html = render(shipped["hand-mesotherapy"], "en", EvilTranslations(), HAND_DESCRIPTIONS["en"])
    assert "<b" not in html and "&lt;b onclick=x&gt;Course of treatment" in html


def test_output_has_no_motion_and_no_inline_style(shipped):
    html = str(render(shipped["hand-mesotherapy"], "en", NullTranslations(), HAND_DESCRIPTIONS["en"]))
    assert " style=" not in html and "<svg" not in html


def test_stylesheet_rules():
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "patient.css").read_text(encoding="utf-8")
    # the timeline's own section of the stylesheet
    css = css.split("/* ---- Results timeline", 1)[1].split("/* ---- End of the results timeline", 1)[0]
    code = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "@keyframes" not in code and "animation:" not in code.replace("animation: none", "")
    assert "transition:" not in code.replace("transition: none", "")
    assert "@media (prefers-reduced-motion: reduce)" in code and "@media print" in code
    assert "@container (min-width: 32em)" in code
    colors = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", code))
    assert colors <= {"#000"}, f"colours other than print black must be Material variables: {colors}"
    for variable in (
        "--md-default-fg-color",
        "--md-typeset-a-color",
        "--md-default-fg-color--light",
        "--md-typeset-color",
    ):
        assert f"var({variable})" in code
    assert "background" not in code  # dots and lines are borders: they print and survive forced colours


# --------------------------------------------------------------------------- bad data

GOOD_ENTRY = {
    "sessions": "{min: 4, max: 6}",
    "interval": "{min: {value: 15, unit: day}, max: {value: 3, unit: week}}",
    "maintenance": "{min: {value: 3, unit: month}, max: {value: 6, unit: month}}",
    "stages": "[{id: after_first, when: after, session: 1}, {id: from_third, when: from, session: 3}]",
    "does_not": "[not_volume, not_spots]",
}


def write_entry(tmp_path, name="bad-course", **changes) -> Path:
    fields = dict(GOOD_ENTRY, **changes)
    lines = [f"{name}:"] + [f"  {key}: {value}" for key, value in fields.items() if value is not None]
    path = tmp_path / "timelines.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_good_entry_loads(tmp_path):
    assert list(load_timelines(write_entry(tmp_path))) == ["bad-course"]


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"sessions": None}, "sessions", "missing"),
        ({"interval": None}, "interval", "missing"),
        ({"stages": None}, "stages", "missing"),
        ({"interval": "{min: {value: 15, unit: day}}"}, "interval.max", "missing"),
        ({"interval": "{min: {value: 15, unit: day}, max: {unit: week}}"}, "interval.max.value", "missing"),
        ({"interval": "{min: {value: 15}, max: {value: 3, unit: week}}"}, "interval.min.unit", "missing"),
        ({"stages": "[{id: after_first, session: 1}]"}, "stages[0].when", "missing"),
        # wrong types
        ({"sessions": "{min: '4', max: 6}"}, "sessions.min", "must be a whole number, got text '4'"),
        ({"sessions": "{min: 4.5, max: 6}"}, "sessions.min", "must be a whole number, got a decimal number 4.5"),
        ({"sessions": "{min: true, max: 6}"}, "sessions.min", "must be a whole number, got true/false True"),
        ({"sessions": "[4, 6]"}, "sessions", "must be a mapping with min, max, got a list"),
        (
            {"interval": "{min: 15 days, max: {value: 3, unit: week}}"},
            "interval.min",
            "must be a mapping with value, unit",
        ),
        (
            {"interval": "{min: {value: 15, unit: 7}, max: {value: 3, unit: week}}"},
            "interval.min.unit",
            "must be text, got a whole number 7",
        ),
        (
            {"maintenance": "{min: {value: '3', unit: month}, max: {value: 6, unit: month}}"},
            "maintenance.min.value",
            "must be a whole number",
        ),
        ({"maintenance": "''"}, "maintenance", "must be a mapping"),
        ({"stages": "after_first"}, "stages", "must be a list of at least one stage, got text"),
        ({"stages": "[]"}, "stages", "must be a list of at least one stage"),
        ({"stages": "[{id: after_first, when: after, session: first}]"}, "stages[0].session", "must be a whole number"),
        ({"does_not": "not_volume"}, "does_not", "must be a list of keywords, got text"),
        ({"does_not": "[12]"}, "does_not[0]", "must be text, got a whole number 12"),
        # zero or negative
        (
            {"interval": "{min: {value: 0, unit: day}, max: {value: 3, unit: week}}"},
            "interval.min.value",
            "must be 1 or more, got 0",
        ),
        (
            {"interval": "{min: {value: 15, unit: day}, max: {value: -3, unit: week}}"},
            "interval.max.value",
            "must be 1 or more, got -3",
        ),
        (
            {"maintenance": "{min: {value: -1, unit: month}, max: {value: 6, unit: month}}"},
            "maintenance.min.value",
            "must be 1 or more, got -1",
        ),
        ({"sessions": "{min: 0, max: 6}"}, "sessions.min", "must be 1 or more, got 0"),
        ({"stages": "[{id: after_first, when: after, session: 0}]"}, "stages[0].session", "must be 1 or more, got 0"),
        # minimum above maximum
        ({"sessions": "{min: 6, max: 4}"}, "sessions", "the minimum (6) is above the maximum (4)"),
        (
            {"interval": "{min: {value: 3, unit: week}, max: {value: 15, unit: day}}"},
            "interval",
            "the minimum (3 week) is above the maximum (15 day)",
        ),
        (
            {"maintenance": "{min: {value: 2, unit: month}, max: {value: 7, unit: week}}"},
            "maintenance",
            "the minimum (2 month) is above the maximum (7 week)",
        ),
        # unknown unit, field, kind
        (
            {"interval": "{min: {value: 15, unit: days}, max: {value: 3, unit: week}}"},
            "interval.min.unit",
            "unknown unit 'days' — use one of day, week, month",
        ),
        (
            {"maintenance": "{min: {value: 1, unit: fortnight}, max: {value: 6, unit: month}}"},
            "maintenance.min.unit",
            "unknown unit 'fortnight'",
        ),
        (
            {"intervals": "{}"},
            "intervals",
            "unknown field — the fields are sessions, interval, maintenance, stages, does_not",
        ),
        ({"sessions": "{min: 4, max: 6, mx: 7}"}, "sessions.mx", "unknown field — the fields are min, max"),
        (
            {"stages": "[{id: after_first, when: before, session: 1}]"},
            "stages[0].when",
            "'before' is not a stage kind — use one of after, from",
        ),
        # stages and keywords
        (
            {"stages": "[{id: after_first, when: after, session: 7}]"},
            "stages[0].session",
            "session 7 is after the last session of the course (sessions.max is 6)",
        ),
        (
            {"stages": "[{id: a, when: from, session: 3}, {id: b, when: after, session: 1}]"},
            "stages[1].session",
            "stages must be in order of session",
        ),
        (
            {"stages": "[{id: after-first, when: after, session: 1}]"},
            "stages[0].id",
            "'after-first' is not a usable keyword",
        ),
        (
            {"stages": "[{id: a, when: after, session: 1}, {id: a, when: from, session: 3}]"},
            "stages[1].id",
            "'a' is already used by stages[0]",
        ),
        ({"does_not": "[not_volume, after_first]"}, "does_not[1]", "'after_first' is already used by stages[0]"),
    ],
)
def test_bad_data_names_file_entry_and_field(tmp_path, changes, field, words):
    path = write_entry(tmp_path, **changes)
    with pytest.raises(TimelineError) as info:
        load_timelines(path)
    message = str(info.value)
    assert message.startswith(f"{path}: entry 'bad-course', field '{field}': "), message
    assert words in message, message


def test_data_file_named_relative_to_the_repository(tmp_path):
    """Inside the repository the file is named as editors know it, e.g. data/timelines.yml."""
    assert load_timelines(DATA_FILE)["hand-mesotherapy"].source == "data/timelines.yml"


@pytest.mark.parametrize(
    "text, words",
    [
        ("", ":1: empty — restore data/timelines.yml from git"),
        ("- a\n- b\n", "must be a mapping of timeline name → entry, got a list"),
        ("a-course: [\n", "not valid YAML"),
        (
            "a-course:\n  sessions: {min: 1, max: 2}\na-course:\n  sessions: {min: 1, max: 2}\n",
            "key 'a-course' is given twice",
        ),
    ],
)
def test_bad_file(tmp_path, text, words):
    path = tmp_path / "timelines.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimelineError, match=re.escape(words)) as info:
        load_timelines(path)
    assert str(info.value).startswith(str(path))


def test_duplicate_field_and_bad_entry_names(tmp_path):
    path = tmp_path / "timelines.yml"
    path.write_text(f"x-course:\n  sessions: {GOOD_ENTRY['sessions']}\n  sessions: {GOOD_ENTRY['sessions']}\n")
    with pytest.raises(TimelineError, match=r":3: not valid YAML \(key 'sessions' is given twice\)"):
        load_timelines(path)
    for name in ("Hand_Meso", "hand mesotherapy", "'-x'", "12"):
        with pytest.raises(TimelineError, match="the name must be lower-case words joined by hyphens"):
            load_timelines(write_entry(tmp_path, name=name))
    path.write_text("x-course: 4\n")
    with pytest.raises(TimelineError, match=r"timelines\.yml: entry 'x-course': must be a mapping with sessions, "):
        load_timelines(path)
    with pytest.raises(TimelineError, match="entry 'x', field 'sessions': must be a mapping"):
        load_timelines(write_entry(tmp_path, name="x", sessions="4"))


def test_missing_file(tmp_path):
    with pytest.raises(TimelineError, match=re.escape(f"{tmp_path / 'nope.yml'}:1: missing — restore")):
        load_timelines(tmp_path / "nope.yml")


# --------------------------------------------------------------------------- bad macro calls


def test_missing_and_unknown_keywords(shipped):
    entry, tr = shipped["hand-mesotherapy"], NullTranslations()
    good = HAND_DESCRIPTIONS["en"]
    missing = {k: v for k, v in good.items() if k != "from_third"}
    with pytest.raises(TimelineError) as info:
        render(entry, "en", tr, missing)
    assert str(info.value) == (
        "timeline 'hand-mesotherapy' (data/timelines.yml): missing keyword 'from_third' — "
        'give every one of after_first, from_third, not_volume, not_spots, e.g. from_third="…"'
    )
    typo = dict(missing, from_thrid="…")
    with pytest.raises(TimelineError) as info:
        render(entry, "en", tr, typo)
    assert str(info.value) == (
        "timeline 'hand-mesotherapy' (data/timelines.yml): unknown keyword 'from_thrid' — "
        "this timeline takes after_first, from_third, not_volume, not_spots"
    )
    for value in ("", "   ", None, 3):
        with pytest.raises(TimelineError, match=r"keyword 'not_spots' must be a sentence in quotes"):
            render(entry, "en", tr, dict(good, not_spots=value))


class FakeEnv:
    """What mkdocs-macros gives register(): conf, page, and the macro decorator."""

    def __init__(self, lang="en", src_uri="results.md"):
        self.conf = {
            "theme": {"language": lang},
            "docs_dir": str(ROOT / "docs" / lang),
            "extra": {"alternate": [{"lang": "en"}, {"lang": "fr"}, {"lang": "it"}]},
        }
        file = types.SimpleNamespace(src_uri=src_uri, abs_src_path=str(ROOT / "docs" / lang / src_uri))
        self.page = types.SimpleNamespace(file=file)
        self.macros = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def test_macro_renders_the_page_language():
    env = FakeEnv("en")
    macros_timeline.register(env)
    html = env.macros["timeline"]("hand-mesotherapy", **HAND_DESCRIPTIONS["en"])
    assert structure(html) == HAND_EXPECTED["en"]
    env = FakeEnv("fr")
    macros_timeline.register(env)
    html = env.macros["timeline"]("hand-mesotherapy", **HAND_DESCRIPTIONS["fr"])
    # Units come from Babel whatever the state of the catalog.
    assert f"15{NBSP}jours" in html and f"3{NBSP}semaines" in html and f"6{NBSP}mois" in html


def test_macro_unknown_timeline_names_page_name_and_known_names():
    env = FakeEnv("it")
    macros_timeline.register(env)
    with pytest.raises(TimelineError) as info:
        env.macros["timeline"]("hand-mesoterapia", **HAND_DESCRIPTIONS["it"])
    assert str(info.value) == (
        "docs/it/results.md: timeline(): unknown timeline 'hand-mesoterapia' — "
        "the timelines in data/timelines.yml are: hand-mesotherapy"
    )


def test_macro_typo_in_keyword_names_the_page():
    env = FakeEnv("fr")
    macros_timeline.register(env)
    with pytest.raises(TimelineError) as info:
        env.macros["timeline"]("hand-mesotherapy", **dict(HAND_DESCRIPTIONS["fr"], not_spot="x"))
    assert str(info.value).startswith(
        "docs/fr/results.md: timeline(): timeline 'hand-mesotherapy' (data/timelines.yml): unknown keyword 'not_spot'"
    )


@pytest.mark.parametrize("args", [(), ("hand-mesotherapy", "extra"), (3,)])
def test_macro_needs_exactly_one_name(args):
    env = FakeEnv("en")
    macros_timeline.register(env)
    with pytest.raises(TimelineError, match=r"^docs/en/results\.md: timeline\(\): give the timeline's name first"):
        env.macros["timeline"](*args, **HAND_DESCRIPTIONS["en"])


def test_macro_bad_data_names_page_and_data_file(tmp_path):
    env = FakeEnv("en")
    path = write_entry(tmp_path, interval="{min: {value: 15, unit: days}, max: {value: 3, unit: week}}")
    with pytest.raises(TimelineError) as info:
        macros_timeline.timeline_html(env, "bad-course", {}, data_file=path)
    assert str(info.value).startswith(
        f"docs/en/results.md: timeline(): {path}: entry 'bad-course', field 'interval.min.unit': unknown unit 'days'"
    )


def test_code_uses_no_rounding_formatter():
    code = (ROOT / "scripts" / "renderers" / "timeline.py").read_text(encoding="utf-8")
    assert "format_timedelta" not in code.replace("`format_timedelta`", "")


# --------------------------------------------------------------------------- the whole course, in a sentence

from scripts.renderers.timeline import COURSE_PARTS, Range, course_span, course_text  # noqa: E402

from conftest import soup  # noqa: E402

# What {{ course("hand-mesotherapy", part) }} gives in each language, from the shipped data.
COURSE_EXPECTED = {
    "en": {
        "sessions": "4 to 6 sessions",
        "interval": "15 days to 3 weeks",
        "span": "6 to 15 weeks",
        "maintenance": "3 to 6 months",
    },
    "fr": {
        "sessions": "4 à 6 séances",
        "interval": f"15{NBSP}jours à 3{NBSP}semaines",
        "span": f"6 à 15{NBSP}semaines",
        "maintenance": f"3 à 6{NBSP}mois",
    },
    "it": {
        "sessions": "da 4 a 6 sedute",
        "interval": "da 15 giorni a 3 settimane",
        "span": "da 6 a 15 settimane",
        "maintenance": "da 3 a 6 mesi",
    },
    "es": {
        "sessions": "de 4 a 6 sesiones",
        "interval": "15 días a 3 semanas",
        "span": "6 a 15 semanas",
        "maintenance": "3 a 6 meses",
    },
    "ar": {
        "sessions": "من 4 إلى 6 جلسات",
        "interval": "15 يومًا إلى 3 أسابيع",
        "span": "6 إلى 15 أسبوعًا",
        "maintenance": "3 إلى 6 أشهر",
    },
}
# The sentence of each results page that gives the whole time commitment, as a reader sees it.
COURSE_SENTENCES = {
    "en": [
        "From your first session to your last, a full course takes about 6 to 15 weeks.",
        "After the course, a top-up session (maintenance session) is usually advised every 3 to 6 months.",
        "Our sources do not say when top-up sessions can stop. Ask your doctor.",
    ],
    "fr": [
        "De votre première à votre dernière séance, une série complète dure environ 6 à 15 semaines.",
        "des séances de rappel (séances d’entretien) sont en général conseillées, espacées de 3 à 6 mois.",
        "Nos sources ne disent pas quand les séances de rappel peuvent s’arrêter. Demandez à votre médecin.",
    ],
    "it": [
        "Dalla prima all'ultima seduta, un ciclo completo dura da 6 a 15 settimane circa.",
        "Tra una seduta di richiamo e l'altra passano di solito da 3 a 6 mesi.",
        "Le nostre fonti non dicono quando si possono interrompere le sedute di richiamo. Lo chieda al medico.",
    ],
    "es": [
        "Desde la primera sesión hasta la última, un tratamiento completo dura, más o menos, de 6 a 15 semanas.",
        "se suele aconsejar una sesión de refuerzo (sesión de mantenimiento) cada 3 a 6 meses.",
        "Nuestras fuentes no dicen cuándo se pueden dejar las sesiones de refuerzo. Pregunte a su médico.",
    ],
    "ar": [
        "من الجلسة الأولى إلى الأخيرة، يستغرق العلاج الكامل نحو 6 إلى 15 أسبوعًا.",
        "يُنصح عادة بجلسات علاج إضافية (جلسات صيانة)، جلسة كل 3 إلى 6 أشهر.",
        "ولا تذكر مصادرنا متى يمكن التوقف عن جلسات الصيانة. اسأل طبيبك.",
    ],
}
# Duration words that must come from the data, never be typed in a results page.
UNIT_WORDS = {
    "en": "days?|weeks?|months?",
    "fr": "jours?|semaines?|mois",
    "it": "giorn[oi]|settiman[ae]|mes[ei]",
    "es": "días?|semanas?|mes(?:es)?",
    "ar": "يوم|أيام|أسبوع|أسابيع|أسبوعان|شهر|أشهر",
}


def test_span_of_the_shipped_course(shipped):
    # 4 sessions 15 days apart: 45 days (6.4 weeks, rounded down); 6 sessions 3 weeks apart: 15 weeks.
    assert course_span(shipped["hand-mesotherapy"]) == Range(Duration(6, "week"), Duration(15, "week"))


@pytest.mark.parametrize(
    "sessions, interval, expected",
    [
        # one unit: exact, in that unit
        (
            "{min: 3, max: 5}",
            "{min: {value: 1, unit: month}, max: {value: 2, unit: month}}",
            ((2, "month"), (8, "month")),
        ),
        ("{min: 2, max: 3}", "{min: {value: 10, unit: day}, max: {value: 14, unit: day}}", ((10, "day"), (28, "day"))),
        # two units: the larger one, short end down, long end up (45 days → 6 weeks; 126 days → 18 weeks;
        # 42 days → 1 month, 6 months exactly → 6)
        ("{min: 4, max: 6}", "{min: {value: 15, unit: day}, max: {value: 3, unit: week}}", ((6, "week"), (15, "week"))),
        ("{min: 4, max: 7}", "{min: {value: 15, unit: day}, max: {value: 3, unit: week}}", ((6, "week"), (18, "week"))),
        (
            "{min: 3, max: 4}",
            "{min: {value: 3, unit: week}, max: {value: 2, unit: month}}",
            ((1, "month"), (6, "month")),
        ),
        # the short end under one of the larger unit: a smaller unit instead of "0 weeks"
        ("{min: 2, max: 3}", "{min: {value: 5, unit: day}, max: {value: 2, unit: week}}", ((5, "day"), (28, "day"))),
    ],
)
def test_span_rules(tmp_path, sessions, interval, expected):
    entry = load_timelines(write_entry(tmp_path, sessions=sessions, interval=interval))["bad-course"]
    (low, low_unit), (high, high_unit) = expected
    assert course_span(entry) == Range(Duration(low, low_unit), Duration(high, high_unit))


def test_span_of_a_course_that_may_be_one_session(tmp_path):
    entry = load_timelines(write_entry(tmp_path, sessions="{min: 1, max: 3}"))["bad-course"]
    with pytest.raises(
        TimelineError,
        match=r"field 'sessions.min': a course of 1 session has no time from the "
        r"first to the last session — do not use the \"span\" part",
    ):
        course_span(entry)


def test_course_parts_in_each_language(shipped, lang_tr):
    lang, tr = lang_tr
    entry = shipped["hand-mesotherapy"]
    words = {part: str(course_text(entry, part, lang, tr.gettext, tr.ngettext)) for part in COURSE_PARTS}
    assert words == COURSE_EXPECTED[lang]


def test_course_parts_follow_the_data(tmp_path, lang_tr):
    """Another schedule gives other words: nothing is typed by hand."""
    lang, tr = lang_tr
    entry = load_timelines(
        write_entry(
            tmp_path,
            sessions="{min: 3, max: 5}",
            interval="{min: {value: 2, unit: week}, max: {value: 4, unit: week}}",
            maintenance="{min: {value: 1, unit: month}, max: {value: 2, unit: month}}",
        )
    )["bad-course"]
    words = {part: str(course_text(entry, part, lang, tr.gettext, tr.ngettext)) for part in COURSE_PARTS}
    sep = NBSP if lang == "fr" else " "
    expected = {
        "en": {
            "sessions": "3 to 5 sessions",
            "interval": "2 to 4 weeks",
            "span": "4 to 16 weeks",
            "maintenance": "1 to 2 months",
        },
        "fr": {
            "sessions": "3 à 5 séances",
            "interval": f"2 à 4{sep}semaines",
            "span": f"4 à 16{sep}semaines",
            "maintenance": f"1 à 2{sep}mois",
        },
        "it": {
            "sessions": "da 3 a 5 sedute",
            "interval": "da 2 a 4 settimane",
            "span": "da 4 a 16 settimane",
            "maintenance": "da 1 a 2 mesi",
        },
        "es": {
            "sessions": "de 3 a 5 sesiones",
            "interval": "2 a 4 semanas",
            "span": "4 a 16 semanas",
            "maintenance": "1 a 2 meses",
        },
        # After إلى the Arabic dual takes its oblique form: "شهرين", never the nominative "شهران" of CLDR.
        "ar": {
            "sessions": "من 3 إلى 5 جلسات",
            "interval": "2 إلى 4 أسابيع",
            "span": "4 إلى 16 أسبوعًا",
            "maintenance": "1 إلى شهرين",
        },
    }[lang]
    assert words == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "month", "بعد شهر"),
        (2, "month", "بعد شهرين"),
        (2, "week", "بعد أسبوعين"),
        (2, "day", "بعد يومين"),
        (3, "month", "بعد 3 أشهر"),
        (11, "week", "بعد 11 أسبوعًا"),
        (100, "day", "بعد 100 يوم"),
    ],
)
def test_arabic_time_after_a_preposition_takes_its_oblique_form(tmp_path, value, unit, expected):
    """'After 2 months' is بعد شهرين: CLDR gives only the nominative (شهران), so the words come from the
    catalog, in each of Arabic's plural forms (one and two without digits)."""
    tr = catalog_translations("ar")
    entry = load_timelines(
        write_entry(tmp_path, stages=f"[{{id: later, when: after, time: {{value: {value}, unit: {unit}}}}}]")
    )["bad-course"]
    (label, _), *_ = structure(render(entry, "ar", tr, {"later": "A.", "not_volume": "B.", "not_spots": "C."}))["steps"]
    assert label == expected


@pytest.mark.parametrize(
    ("lang", "stage", "every"),
    [
        ("en", "After 2 months", "One session every 2 weeks"),
        ("fr", f"Après 2{NBSP}mois", f"Des séances espacées de 2{NBSP}semaines"),
        ("it", "Dopo 2 mesi", "Una seduta ogni 2 settimane"),
        ("es", "Después de 2 meses", "Una sesión cada 2 semanas"),
        ("ar", "بعد شهرين", "جلسة واحدة كل أسبوعين"),
    ],
)
def test_a_stage_in_time_and_one_maintenance_interval_in_each_language(tmp_path, lang, stage, every):
    tr = catalog_translations(lang)
    entry = load_timelines(
        write_entry(
            tmp_path,
            stages="[{id: later, when: after, time: {value: 2, unit: month}}]",
            maintenance="{min: {value: 2, unit: week}, max: {value: 2, unit: week}}",
        )
    )["bad-course"]
    steps = structure(render(entry, lang, tr, {"later": "A.", "not_volume": "B.", "not_spots": "C."}))["steps"]
    assert steps[0] == (stage, "A.")
    assert steps[-1][1] == every


def test_course_text_is_escaped_and_refuses_unknown_parts(shipped, tmp_path):
    class EvilTranslations(NullTranslations):
        def gettext(self, message):
            return "<i>" + message

    entry = shipped["hand-mesotherapy"]
    assert (
        str(course_text(entry, "span", "en", EvilTranslations().gettext, NullTranslations().ngettext))
        == "&lt;i&gt;6 to 15 weeks"
    )
    tr = NullTranslations()
    with pytest.raises(TimelineError) as info:
        course_text(entry, "length", "en", tr.gettext, tr.ngettext)
    assert str(info.value) == (
        "timeline 'hand-mesotherapy' (data/timelines.yml): unknown part 'length' of the "
        "course — use one of sessions, interval, span, maintenance"
    )
    no_maintenance = load_timelines(write_entry(tmp_path, maintenance=None))["bad-course"]
    with pytest.raises(
        TimelineError,
        match=r"the \"maintenance\" part is asked for, but the entry has no "
        r"maintenance field",
    ):
        course_text(no_maintenance, "maintenance", "en", tr.gettext, tr.ngettext)


@pytest.mark.parametrize("lang", LANGS)
def test_course_macro_in_each_language(lang):
    env = FakeEnv(lang)
    macros_timeline.register(env)
    assert {part: str(env.macros["course"]("hand-mesotherapy", part)) for part in COURSE_PARTS} == COURSE_EXPECTED[lang]


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("hand-mesotherapy",), {}),
        (("hand-mesotherapy", "span", "x"), {}),
        (("hand-mesotherapy", 3), {}),
        (("hand-mesotherapy", "span"), {"x": 1}),
    ],
)
def test_course_macro_needs_a_name_and_a_part(args, kwargs):
    env = FakeEnv("fr")
    macros_timeline.register(env)
    with pytest.raises(
        TimelineError,
        match=r"^docs/fr/results\.md: course\(\): give the timeline's name and the "
        r"part, both in quotes .* the parts are sessions, interval, span, "
        r"maintenance",
    ):
        env.macros["course"](*args, **kwargs)


def test_course_macro_errors_name_the_page():
    env = FakeEnv("it")
    macros_timeline.register(env)
    with pytest.raises(TimelineError) as info:
        env.macros["course"]("hand-mesotherapy", "spam")
    assert str(info.value).startswith(
        "docs/it/results.md: course(): timeline 'hand-mesotherapy' (data/timelines.yml): unknown part 'spam'"
    )
    with pytest.raises(TimelineError, match=r"^docs/it/results\.md: course\(\): unknown timeline 'x'"):
        env.macros["course"]("x", "span")


@pytest.mark.parametrize("lang", LANGS)
def test_results_page_gives_the_whole_time_commitment(site, lang):
    """The built page says how long a course takes, from the data, and that the sources do not say when
    maintenance can stop (the article is silent on it: the question goes to the doctor)."""
    article = soup(site / lang / "results" / "index.html").select_one("article")
    text = " ".join(article.get_text(" ").replace(NBSP, " ").split())
    text = re.sub(r"\( (.*?) \)", r"(\1)", text)  # glossary terms are elements of their own
    text = re.sub(r" ([.,])", r"\1", text)
    for sentence in COURSE_SENTENCES[lang]:
        assert sentence in text, f"{lang}/results/: {sentence!r} not found in:\n{text}"
    # and the page's source types none of these durations: they come from data/timelines.yml
    source = (ROOT / "docs" / lang / "results.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    prose = re.sub(r"\{\{.*?\}\}", "", source, flags=re.S)
    typed = re.findall(rf"\b\d+(?:\s*(?:-|to|à|a|إلى)\s*\d+)?\s+(?:{UNIT_WORDS[lang]})\b", prose)
    assert not typed, f"docs/{lang}/results.md types durations by hand: {typed} — use {{{{ course(…) }}}}"


def test_a_problem_in_another_project_s_timeline_names_the_file_from_that_project(tmp_path):
    """The rules run on any project's root (a copy, a tiny project): the file is named as its editors see it."""
    data = tmp_path / "data" / "timelines.yml"
    data.parent.mkdir()
    data.write_text("results: 3\n", encoding="utf-8")
    with pytest.raises(TimelineError) as raised:
        load_timelines(data, tmp_path)
    assert str(raised.value).startswith("data/timelines.yml"), str(raised.value)
