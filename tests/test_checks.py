"""`python -m scripts.site check`: each check, in each language, on a tiny project.

The command runs in this process (`check_command.run`, the same parser and code as `python -m scripts.site
check`) on a tiny project written into the test's tmp folder (tests/tiny_project.py: one short, clean,
signed-off page per language), so the tests do not depend on the pages being written elsewhere and cost a
fraction of a second each; then one problem of each kind is seeded and the exact message `path:line: what
is wrong — how to fix it` and the exit status are checked. Languages are parametrized where the rule depends
on the language (word lists, readability formulas, sentence splitting); a rule the same in every language
runs in the source language and one translation. The shipped pages pass the check once, at the end.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest

from scripts.cli import check_command
from scripts.cli import site as site_command
from scripts.config.problems import Problem
from scripts.rules import checks, signoff

from conftest import LANGS, ROOT
from tiny_project import BODY, FRONT, GLOSSARY, line_of, page_text, write_page, write_tiny_project

TRANSLATED = [code for code in LANGS if code != "en"]
SOURCE_AND_TRANSLATION = ["en", TRANSLATED[-1]]  # the last is right to left
TODAY = "2026-06-01"
MESSAGE_RE = re.compile(r"^(?P<path>[\w./-]+):(?P<line>\d+): (?P<what>.+?) — (?P<fix>.+)$")

HARD = {  # long words, long sentences: far past each language's "never worse than" line
    "en": "Intradermal mesotherapeutic administration of pharmacologically heterogeneous formulations "
    "necessitates comprehensive dermatological evaluation. Practitioners consider contraindications, "
    "immunological hypersensitivity, anticoagulation therapy and concomitant inflammatory dermatoses. "
    "Subsequent histological investigations demonstrated insignificant morphological modifications.",
    "fr": "L’administration intradermique de formulations pharmacologiquement hétérogènes nécessite une "
    "évaluation dermatologique approfondie. Les praticiens considèrent les contre-indications, "
    "l’hypersensibilité immunologique, l’anticoagulation thérapeutique et les dermatoses inflammatoires "
    "concomitantes. Les investigations histologiques ultérieures démontrèrent des modifications "
    "morphologiques insignifiantes.",
    "it": "La somministrazione intradermica di formulazioni farmacologicamente eterogenee necessita una "
    "valutazione dermatologica approfondita. I professionisti considerano controindicazioni, "
    "ipersensibilità immunologica, terapia anticoagulante e dermatosi infiammatorie concomitanti. "
    "Le successive investigazioni istologiche dimostrarono modificazioni morfologiche insignificanti.",
    "es": "La administración intradérmica de formulaciones farmacológicamente heterogéneas necesita una "
    "evaluación dermatológica exhaustiva. Los profesionales consideran contraindicaciones, "
    "hipersensibilidad inmunológica, terapia anticoagulante y dermatosis inflamatorias concomitantes. "
    "Las investigaciones histológicas posteriores demostraron modificaciones morfológicas insignificantes.",
    "ar": "تستلزم الإعطاءات الأدمية للمستحضرات الدوائية المتغايرة تقييمات جلدية استقصائية شاملة ومتكاملة. "
    "ويستعرض الاختصاصيون الموانع الاستطبابية والفرط التحسسي المناعي والمعالجات المضادة للتخثر والالتهابات "
    "الجلدية المصاحبة. وأظهرت الاستقصاءات النسيجية اللاحقة تعديلات مورفولوجية غير ملحوظة إحصائيًا.",
}
FORBIDDEN = {  # one line each; (words found, as written)
    "en": (
        "This is the best treatment: painless, guaranteed, 100% safe, with no downtime.",
        ["best", "painless", "guaranteed", "100%", "no downtime"],
    ),
    "fr": (
        "Un traitement indolore, sans douleur, garanti et définitif, au meilleur prix : profitez de l’offre promo.",
        ["indolore", "sans douleur", "garanti", "définitif", "prix", "offre", "promo"],
    ),
    "it": (
        "Un miracolo garantito, senza dolore e permanente, a prezzi in offerta con sconto del 100 %.",
        ["miracolo", "garantito", "senza dolore", "permanente", "prezzi", "offerta", "sconto", "100 %"],
    ),
    "es": (
        "Un tratamiento indoloro, sin dolor, garantizado y permanente, al mejor precio: aproveche la oferta.",
        ["indoloro", "sin dolor", "garantizado", "permanente", "precio", "oferta"],
    ),
    "ar": (
        "هذا أفضل علاج وهو بدون ألم. النتيجة مضمونة والأثر دائم. اسأل عن سعر مع خصم 100 %.",
        ["أفضل", "بدون ألم", "مضمونة", "دائم", "سعر", "خصم", "100 %"],
    ),
}
HONEST = {  # contain a listed word, but are allowed phrases
    "en": "Results are not guaranteed. The effects are not permanent. This site has no prices.",
    "fr": "Les résultats ne sont pas garantis. Il n’y a aucune garantie. Vous n’y trouverez ni prix ni offres.",
    "it": "Il risultato non è garantito. Non c’è nessuna garanzia. Qui non troverà nessun prezzo.",
    "es": "Los resultados no están garantizados. No hay garantía. Aquí no encontrará ni precios ni ofertas.",
    "ar": "النتائج غير مضمونة. لا يوجد ضمان للنتائج. لا توجد أسعار ولا عروض في هذا الموقع.",
}
LONG_SENTENCE = {
    "en": "You may want to talk to someone you trust first and ask them what they think about the treatment "
    "and whether they would have it themselves.",
    "fr": "Vous pouvez en parler d’abord avec une personne de confiance et lui demander ce qu’elle pense du "
    "traitement, si elle le ferait elle-même et pour quelle raison elle le ferait.",
    "it": "Può parlarne prima con una persona di fiducia e chiederle che cosa pensa del trattamento e se lei "
    "stessa lo farebbe oppure no, e perché mai.",
    "es": "Quizá quiera hablar antes con una persona de confianza y preguntarle qué piensa del tratamiento y si ella "
    "misma se lo haría o no, y por qué motivo.",
    "ar": "قد ترغب في أن تتحدث أولًا مع شخص تثق به وأن تسأله عن رأيه في هذا العلاج وهل كان سيقبل أن يخضع له بنفسه أم لا "
    "ولماذا يرى ذلك.",
}


def test_every_language_has_sample_texts():
    for table in (BODY, HARD, FORBIDDEN, HONEST, LONG_SENTENCE, GLOSSARY):
        assert set(table) >= set(LANGS), f"add sample texts for {set(LANGS) - set(table)}"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """A tiny project: one short, clean page per language, signed off on 2026-01-10 (release mode accepts it),
    its pages last changed the day before."""
    return write_tiny_project(tmp_path / "project", LANGS, signed="2026-01-10", history="2026-01-09")


def run_check(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`check --today TODAY ARGS` on a project, in this process, as the command line parses it."""
    argv = ["check", "--today", TODAY, *args]
    out = io.StringIO()
    code = check_command.run(check_command.parser().parse_args(argv), root=project, environ=env or {}, out=out)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), "")


def section(output: str, title: str) -> list[str]:
    """The problem lines printed under the errors (✗) or warnings (!) heading."""
    lines, inside = [], False
    for line in output.splitlines():
        if line.startswith(("✗ ", "! ")):
            inside = line.startswith(title)
            continue
        if inside:
            if not line.strip():
                inside = False
                continue
            lines.append(line)
    return lines


def errors(result) -> list[str]:
    return section(result.stdout, "✗")


def warnings(result) -> list[str]:
    return section(result.stdout, "!")


def assert_format(lines: list[str]) -> None:
    for line in lines:
        assert MESSAGE_RE.match(line), f"not `path:line: what — fix`: {line}"


# --- the clean baseline ------------------------------------------------------------


def test_clean_pages_pass_in_release_mode(clean: Path):
    result = run_check(clean, "--release")
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors(result) == []
    assert "check passed (release mode)" in result.stdout


def test_readability_table_lists_every_page_with_its_formula(clean: Path):
    result = run_check(clean)
    table = result.stdout.split("\n\n")[0]
    assert "lang" in table and "formula" in table and "status" in table
    for lang, formula in [(code, checks.READABILITY[code].formula) for code in LANGS]:
        row = next(line for line in table.splitlines() if f"docs/{lang}/index.md" in line)
        assert formula in row and row.rstrip().endswith("ok"), row


# --- one problem of each kind ---------------------------------------------------------------


@pytest.mark.parametrize("lang", SOURCE_AND_TRANSLATION)
def test_front_matter_problem_fails(clean: Path, lang: str):
    path = write_page(clean, lang)
    path.write_text(
        path.read_text(encoding="utf-8").replace('sources:\n  - "Test source"\n', "clinical_review:\n  date: soon\n"),
        encoding="utf-8",
    )
    result = run_check(clean, lang)
    assert result.returncode == 1
    assert (
        f"docs/{lang}/index.md:1: front matter 'sources': missing — add 'sources:' (see CONTRIBUTING.md, 'Front matter')"
    ) in errors(result), result.stdout
    assert (
        f"docs/{lang}/index.md:{line_of(path, 'clinical_review:')}: front matter 'clinical_review.date': 'soon' is not "
        "a date — write it as YYYY-MM-DD, e.g. 2026-11-25"
    ) in errors(result), result.stdout
    assert_format(errors(result))


@pytest.mark.parametrize("lang", SOURCE_AND_TRANSLATION)
@pytest.mark.parametrize(
    "snippet, message",
    [
        ('<script>alert("hi")</script>', "unsafe HTML: raw <script> element — remove it: pages may not run scripts"),
        (
            '<iframe src="clip.html"></iframe>',
            "unsafe HTML: raw <iframe> element — remove it: pages may not embed other sites",
        ),
        ('<span onclick="go()">x</span>', "unsafe HTML: inline event handler (on…= attribute) — remove the attribute"),
        (
            "[click](javascript:alert(1))",
            "unsafe HTML: javascript: link — link to a page or an https:// address instead",
        ),
        ('<p style="color:red">Warning</p>', "unsafe HTML: inline style attribute (style=…) — remove it"),
        ('**Warning**{ style="color:red" }', "unsafe HTML: inline style attribute (style=…) — remove it"),
        (
            '<img src="https://cdn.example.com/hand.png" alt="A hand">',
            "image or media loaded from another website — save the file in this language's folder (e.g. docs/en/images/) and link to it there",
        ),
        ("![](hand.png)", "image without alternative text — describe the image in the brackets"),
    ],
)
def test_unsafe_content_fails(clean: Path, lang: str, snippet: str, message: str):
    path = write_page(clean, lang, snippet)
    result = run_check(clean, lang)
    assert result.returncode == 1
    prefix = f"docs/{lang}/index.md:{line_of(path, snippet)}: {message}"
    assert any(line.startswith(prefix) for line in errors(result)), result.stdout
    assert_format(errors(result))


@pytest.mark.parametrize("lang", LANGS)
def test_forbidden_wording_fails_naming_file_line_and_word(clean: Path, lang: str):
    sentence, words = FORBIDDEN[lang]
    path = write_page(clean, lang, sentence)
    result = run_check(clean, lang)
    assert result.returncode == 1
    line = line_of(path, sentence[:20])
    found = [e for e in errors(result) if "promotional or forbidden wording" in e]
    for word in words:
        assert any(
            e.startswith(f'docs/{lang}/index.md:{line}: promotional or forbidden wording "{word}" ')
            and f"scripts/wordlists/forbidden.{lang}.txt" in e
            for e in found
        ), (word, result.stdout)
    assert len(found) == len(words), found
    assert_format(found)


@pytest.mark.parametrize("lang", LANGS)
def test_honest_phrases_with_a_listed_word_pass(clean: Path, lang: str):
    write_page(clean, lang, HONEST[lang])
    result = run_check(clean, lang, "--release")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_forbidden_wording_in_the_title_and_glossary(clean: Path, lang: str):
    word = FORBIDDEN[lang][1][0]
    path = clean / "docs" / lang / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Test page", f"title: Test {word}"), encoding="utf-8"
    )
    glossary = clean / "glossary" / f"{lang}.yml"
    glossary.write_text(GLOSSARY[lang] + f"- term: cream\n  definition: A {word} thing.\n", encoding="utf-8")
    result = run_check(clean, lang)
    assert result.returncode == 1
    found = errors(result)
    title_line = line_of(path, "title:")
    assert any(e.startswith(f"docs/{lang}/index.md:{title_line}: promotional or forbidden wording") for e in found)
    assert any(e.startswith(f'glossary/{lang}.yml:4: promotional or forbidden wording "{word}"') for e in found), found


def test_editors_extend_the_word_list(clean: Path):
    write_page(clean, "en", "This cream is fabulous.")
    assert run_check(clean, "en").returncode == 0
    word_list = clean / "scripts" / "wordlists" / "forbidden.en.txt"
    word_list.write_text(word_list.read_text(encoding="utf-8") + "fabulous | say what it does\n", encoding="utf-8")
    result = run_check(clean, "en")
    assert result.returncode == 1
    line = line_of(clean / "docs" / "en" / "index.md", "fabulous")
    assert (
        f'docs/en/index.md:{line}: promotional or forbidden wording "fabulous" (listed as "fabulous" in '
        f"scripts/wordlists/forbidden.en.txt) — say what it does"
    ) in errors(result)


@pytest.mark.parametrize("lang", LANGS)
def test_hard_text_fails_readability_and_is_shown_in_the_table(clean: Path, lang: str):
    path = write_page(clean, lang)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.split("# ")[0] + "# " + BODY[lang].splitlines()[0][2:] + "\n\n" + HARD[lang] + "\n\n" + HARD[lang] + "\n",
        encoding="utf-8",
    )
    result = run_check(clean, lang)
    assert result.returncode == 1
    heading = line_of(path, "# ")
    limit = checks.READABILITY[lang]
    found = [e for e in errors(result) if "hard to read" in e]
    assert len(found) == 1, result.stdout
    assert found[0].startswith(f"docs/{lang}/index.md:{heading}: hard to read: {limit.formula} ")
    assert f"worse than the limit {limit.describe(limit.limit)}" in found[0]
    assert " — use shorter sentences and everyday words" in found[0]
    row = next(line for line in result.stdout.splitlines() if line.startswith(f"{lang} ") and "index.md" in line)
    assert row.rstrip().endswith("FAIL")
    assert_format(found)


@pytest.mark.parametrize("lang", LANGS)
def test_long_sentence_is_a_warning_with_its_line(clean: Path, lang: str):
    path = write_page(clean, lang, LONG_SENTENCE[lang])
    result = run_check(clean, lang)
    assert result.returncode == 0, result.stdout
    line = line_of(path, LONG_SENTENCE[lang][:30])
    count = checks.word_count(LONG_SENTENCE[lang])
    assert count > 25
    expected = f"docs/{lang}/index.md:{line}: sentence of {count} words (over 25)"
    assert any(w.startswith(expected) for w in warnings(result)), result.stdout
    assert_format(warnings(result))


@pytest.mark.parametrize("lang", SOURCE_AND_TRANSLATION)
def test_overdue_review_warns_then_fails_in_release_mode(clean: Path, lang: str):
    write_page(clean, lang)  # reviewed on 2026-01-10, the clinic's sign-off (the clean fixture)
    message = (
        f"docs/{lang}/index.md:1: review overdue: the next review was due on 2027-01-10, 12 months after the "
        "clinical review of 2026-01-10 (today is 2027-02-01) — have the page reviewed again, then set the new "
        "date in clinical_review (mkdocs.yml extra.clinic.signoff, or this page's front matter)"
    )
    editing = run_check(clean, lang, "--today", "2027-02-01")
    assert editing.returncode == 0, editing.stdout
    assert message in warnings(editing)
    release = run_check(clean, lang, "--today", "2027-02-01", "--release")
    assert release.returncode == 1
    assert message in errors(release)
    by_env = run_check(clean, lang, "--today", "2027-02-01", env={"RELEASE": "1"})
    assert by_env.returncode == 1 and message in errors(by_env)
    not_yet = run_check(clean, lang, "--release")  # TODAY is less than 12 months after the review
    assert not_yet.returncode == 0


@pytest.mark.parametrize("lang", SOURCE_AND_TRANSLATION)
def test_placeholder_warns_then_fails_in_release_mode(clean: Path, lang: str):
    path = write_page(clean, lang, "TODO: explain the aftercare.")
    line = line_of(path, "TODO")
    message = (
        f"docs/{lang}/index.md:{line}: placeholder TODO left in the page — "
        "write the missing text (or source), then delete the TODO"
    )
    editing = run_check(clean, lang)
    assert editing.returncode == 0 and message in warnings(editing)
    release = run_check(clean, lang, "--release")
    assert release.returncode == 1 and message in errors(release)


def test_english_spelling_fails_until_the_word_is_in_the_project_list(clean: Path):
    path = write_page(clean, "en", "Wash teh cream off after 1 hour.")
    result = run_check(clean, "en")
    assert result.returncode == 1
    line = line_of(path, "teh cream")
    assert (
        f'docs/en/index.md:{line}: spelling: "teh" — write "the"; if "teh" is right, add it to '
        "scripts/wordlists/codespell-ignore.txt"
    ) in errors(result), result.stdout
    ignore = clean / "scripts" / "wordlists" / "codespell-ignore.txt"
    ignore.write_text(ignore.read_text(encoding="utf-8") + "teh   # a test word\n", encoding="utf-8")
    assert run_check(clean, "en").returncode == 0


@pytest.mark.parametrize("lang", TRANSLATED[:1])
def test_missing_translation_fails_as_it_fails_the_build(clean: Path, lang: str):
    (clean / "docs" / "en" / "extra.md").write_text(page_text("en"), encoding="utf-8")
    message = (
        f"docs/{lang}/extra.md:1: translation missing (the site does not build without it) — "
        f"translate docs/en/extra.md, then run `python -m scripts.site translations mark {lang} extra.md`"
    )
    editing = run_check(clean, lang)
    assert editing.returncode == 1 and message in errors(editing), editing.stdout
    release = run_check(clean, lang, "--release")
    assert release.returncode == 1 and message in errors(release)


def test_every_error_at_once_across_languages(clean: Path):
    write_page(clean, "en", "It is the best cream.\n\n<script>x()</script>")
    write_page(clean, "fr", "C’est indolore.")
    it = write_page(clean, "it", "Risultato garantito.")
    it.write_text(
        it.read_text(encoding="utf-8").replace("description: A short page for the tests.\n", ""), encoding="utf-8"
    )
    result = run_check(clean)
    assert result.returncode == 1
    found = errors(result)
    assert any(e.startswith("docs/en/index.md:") and '"best"' in e for e in found)
    assert any(e.startswith("docs/en/index.md:") and "<script>" in e for e in found)
    assert any(e.startswith("docs/fr/index.md:") and '"indolore"' in e for e in found)
    assert any(e.startswith("docs/it/index.md:") and '"garantito"' in e for e in found)
    assert any(e.startswith("docs/it/index.md:") and "'description': missing" in e for e in found)
    assert f"✗ {len(found)} error(s)" in result.stdout
    assert_format(found)


def test_readability_setting_errors_name_the_setting(clean: Path):
    config = clean / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("formula: gulpease_index", "formula: gulpeace"), encoding="utf-8"
    )
    result = run_check(clean, "it")
    assert result.returncode == 1
    assert any(
        e.startswith(
            "mkdocs.yml:1: extra.alternate[2].readability.formula: 'gulpeace' is not a textstat formula — use one of"
        )
        for e in errors(result)
    ), result.stdout


def test_unknown_language_is_an_error(clean: Path):
    result = run_check(clean, "xx")
    assert result.returncode == 1
    assert any(re.match(r"mkdocs\.yml:\d+: 'xx' is not one of the site's languages", e) for e in errors(result))


def test_bad_today_is_refused(capsys):
    with pytest.raises(SystemExit) as exited:
        check_command.main(["check", "--today", "01/02/2027"])
    assert exited.value.code == 2
    assert "'01/02/2027' is not a date — write it as YYYY-MM-DD" in capsys.readouterr().err


# --- pure functions ---------------------------------------------------------------


def test_thresholds_are_the_content_standards():
    en, fr, it = checks.READABILITY["en"], checks.READABILITY["fr"], checks.READABILITY["it"]
    assert (en.target, en.limit, en.higher_is_better) == (6, 8, False)
    assert (fr.target, fr.limit, fr.higher_is_better) == (60, 50, True)
    assert (it.target, it.limit, it.higher_is_better) == (60, 55, True)
    assert it.target_for("aftercare.md") == 70 and it.target_for("index.md") == 60
    others = {"es": ("Szigriszt-Pazos", 65, 55, True), "ar": ("OSMAN", 80, 70, True)}
    for code in set(others) & set(LANGS):
        rule = checks.READABILITY[code]
        assert (rule.formula, rule.target, rule.limit, rule.higher_is_better) == others[code]
    assert set(checks.READABILITY) == set(LANGS), "every configured language has its readability rule"
    assert checks.SENTENCE_WORDS_MAX == 25


def test_readability_formulas_are_textstats():
    from textstat.textstat import textstatistics

    text = "Le soleil peut sécher votre peau. Lavez vos mains avec soin. Demandez à votre médecin."
    stats = textstatistics()
    stats.set_lang("fr")
    assert checks.readability_score("fr", text) == stats.flesch_reading_ease(text)
    stats.set_lang("en")
    assert checks.readability_score("it", text) == stats.gulpease_index(text)
    assert checks.readability_score("en", BODY["en"]) == stats.flesch_kincaid_grade(BODY["en"])
    assert checks.readability_score("de", text) is None


def test_readability_is_measured_on_the_words_a_reader_reads():
    text = (
        FRONT.format(title="Hard title with antidisestablishmentarianism")
        + "\n# Heading\n\n<!-- a comment with incomprehensibilities -->\n"
        '{{ timeline("hand-mesotherapy",\n   after_first="x") }}\n\n'
        '{% call care_card("urgent") %}\n- you have **trouble** breathing\n{% endcall %}\n\n'
        'Read [the aftercare page](aftercare.md "title"). <span class="x">Hello</span> `code`.\n\n'
        "| Change | Treatment |\n|---|---|\n| Dry skin | Mesotherapy |\n\n"
        "*[skin]: The outer layer.\n"
    )
    units = checks.prose_units(text)
    assert [u.text for u in units] == [
        "Heading",
        "you have trouble breathing",
        "Read the aftercare page. Hello code.",
        "Change",
        "Treatment",
        "Dry skin",
        "Mesotherapy",
    ]
    plain = checks.plain_text(units)
    assert plain.startswith("Heading. you have trouble breathing. Read the aftercare page.")
    for gone in (
        "antidisestablishmentarianism",
        "incomprehensibilities",
        "timeline",
        "care_card",
        "aftercare.md",
        "span",
        "|",
        "*[",
        "---",
    ):
        assert gone not in plain


def test_sentences_know_their_line_across_a_paragraph():
    text = "---\ntitle: t\n---\n\n# Title\n\nFirst sentence here. Second one\ngoes on. Third is\nhere.\n"
    found = checks.sentences(checks.prose_units(text))
    assert found == [(5, "Title"), (7, "First sentence here."), (7, "Second one goes on."), (8, "Third is here.")]


def test_word_list_matching():
    word_list, problems = checks.parse_word_list(
        "# comment\nbest | say what it does\n100 %\npain free\n! not the best\n", "list.txt"
    )
    assert problems == []
    assert [e.phrase for e in word_list.forbidden] == ["best", "100 %", "pain free"]

    def words(line):
        return [p.message.split('"')[1] for p in checks.find_wording("p.md", [(3, line)], word_list)]

    assert words("The BEST cream; bestow; the best-known") == ["BEST", "best"]
    assert words("100% sure, 100 % sure, 100\u202f% sure, 1100 % no") == ["100%", "100 %", "100\u202f%"]
    assert words("pain-free, pain free, painfree") == ["pain-free", "pain free", "painfree"]
    assert words("This is not the best choice.") == []
    problem = checks.find_wording("p.md", [(3, "best")], word_list)[0]
    assert problem == Problem(
        "p.md", 3, 'promotional or forbidden wording "best" (listed as "best" in list.txt)', "say what it does"
    )


def test_word_lists_cover_the_content_standards():
    required = {
        "en": [
            "best",
            "painless",
            "miracle",
            "guaranteed",
            "permanent",
            "no downtime",
            "lunchtime treatment",
            "100 %",
            "price",
            "prices",
            "offer",
            "offers",
            "discount",
            "book now",
        ],
        "fr": [
            "indolore",
            "sans douleur",
            "miracle",
            "garanti",
            "garantie",
            "garantis",
            "garanties",
            "définitif",
            "permanent",
            "100 %",
            "prix",
            "offre",
            "promo",
        ],
        "es": [
            "indoloro",
            "indolora",
            "sin dolor",
            "milagro",
            "garantizado",
            "garantizada",
            "garantizados",
            "garantizadas",
            "permanente",
            "definitivo",
            "100 %",
            "precio",
            "precios",
            "oferta",
            "descuento",
        ],
        "ar": ["أفضل", "بدون ألم", "معجزة", "مضمون", "مضمونة", "دائم", "دائمة", "100 %", "سعر", "أسعار", "عرض", "خصم"],
        "it": [
            "indolore",
            "senza dolore",
            "miracolo",
            "garantito",
            "garantita",
            "garantiti",
            "garantite",
            "permanente",
            "100 %",
            "prezzo",
            "prezzi",
            "offerta",
            "sconto",
        ],
    }
    assert set(required) >= set(LANGS)
    for lang, words in required.items():
        if lang not in LANGS:
            continue
        word_list, problems = checks.load_word_list(lang)
        assert problems == []
        listed = {entry.phrase for entry in word_list.forbidden}
        assert set(words) <= listed, set(words) - listed


def test_review_date_and_placeholder_rules():
    text = FRONT.format(title="t") + "\nTODO later\n"
    review = signoff.Review(signoff.Person("Dr A", "GP"), dt.date(2026, 1, 10))
    assert checks.check_review_date("p.md", text, review, dt.date(2027, 1, 10)) == []
    [problem] = checks.check_review_date("p.md", text, review, dt.date(2027, 1, 11))
    assert (problem.path, problem.line) == ("p.md", 1)
    own = text.replace("sources:", "clinical_review:\n  date: 2026-01-10\nsources:")
    [problem] = checks.check_review_date("p.md", own, review, dt.date(2027, 1, 11))
    assert (problem.path, problem.line) == ("p.md", 4)
    [todo] = checks.check_placeholders("p.md", text)
    assert todo.line == 8


def test_readability_between_target_and_limit_is_a_warning():
    rules = {
        "en": checks.ReadabilityRule(
            "grade", target=-5, limit=50, higher_is_better=False, function="flesch_kincaid_grade"
        )
    }
    row, errs, warns = checks.check_readability("p.md", "en", "p.md", page_text("en"), rules)
    assert row.status == "over target" and errs == [] and len(warns) == 1
    assert "misses the target ≤ -5" in str(warns[0])


# --- the shipped pages and the command line ---------------------------------------------------------


@pytest.mark.content
def test_real_content_passes_the_check():
    """`make check` on the pages as they are: no errors (warnings allowed). Part of `make test`."""
    out = io.StringIO()
    code = check_command.run(check_command.parser().parse_args(["check"]), root=ROOT, environ={}, out=out)
    assert code == 0, out.getvalue()[-4000:]


@pytest.mark.parametrize("command", ["check", "new-page", "new-language"])
def test_site_cli_has_the_editor_commands(command, capsys):
    """scripts/cli/site.py wires check_command.add_commands and scaffold.add_commands (`python -m scripts.site check`)."""
    with pytest.raises(SystemExit) as exited:
        site_command.main([command, "--help"])
    assert exited.value.code == 0, f"`python -m scripts.site {command}` is not wired"
    assert f"python -m scripts.site {command}" in capsys.readouterr().out
