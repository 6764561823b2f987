"""The results line's count in every language, as a reader reads it, checked for 0, 1, 2, 3, 11 and 100
results.

Material writes the line with three strings, search.result.none (0), .one (1) and .other ("# …", every other
number), in partials/languages/<lang>.html. For none the site says what to try instead ("No matching
documents" says neither). Material's strings fall short where a language has more plural forms: Arabic
has six (CLDR: zero, one, two, few 3–10, many 11–99, other 100+), and Material's one "# مستندات" is the plural
of 3 to 10 only (2 wants the dual "مستندان", 11–99 the singular accusative "مستندًا", 100 the singular
"مستند"). So for one result and more the site writes its own words (overrides/assets/javascripts/
search-results-line.js): one string per CLDR plural category of the page's language, from its catalog
(scripts/postprocess/pages.py search_line_texts), the category picked with Intl.PluralRules. Here the line is
computed as a pure function over those strings (the category from Babel's CLDR data, which is checked against
Node's Intl.PluralRules, the browser's); tests/test_browser_search_counts.py reads it in Chromium.
SHORTFALL lists the counts still wrong: none."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from babel import Locale

from scripts.config.project_config import site_languages
from scripts.postprocess.pages import _theme_dir, search_line_texts

LANGS = [item.code for item in site_languages()]
COUNTS = (0, 1, 2, 3, 11, 100)
_STRING_RE = re.compile(r'^\s*"(search\.result\.[a-z.]+)":\s*"(.*)",?\s*$', re.M)

# What a reader should read for each count, per language.
RIGHT = {
    "en": {
        0: "Nothing found. Try fewer words, or other words.",
        1: "1 matching document",
        2: "2 matching documents",
        3: "3 matching documents",
        11: "11 matching documents",
        100: "100 matching documents",
    },
    "fr": {
        0: "Aucun résultat. Essayez avec moins de mots, ou d’autres mots.",
        1: "1 document trouvé",
        2: "2 documents trouvés",
        3: "3 documents trouvés",
        11: "11 documents trouvés",
        100: "100 documents trouvés",
    },
    "es": {
        0: "No hay resultados. Pruebe con menos palabras, o con otras palabras.",
        1: "1 documento encontrado",
        2: "2 documentos encontrados",
        3: "3 documentos encontrados",
        11: "11 documentos encontrados",
        100: "100 documentos encontrados",
    },
    "it": {
        0: "Nessun risultato. Provi con meno parole, o con altre parole.",
        1: "1 documento trovato",
        2: "2 documenti trovati",
        3: "3 documenti trovati",
        11: "11 documenti trovati",
        100: "100 documenti trovati",
    },
    "ar": {
        0: "لا توجد نتائج. جرّب كلمات أقل، أو كلمات أخرى.",
        1: "نتائج البحث مستند واحد",
        2: "نتائج البحث مستندان",
        3: "نتائج البحث 3 مستندات",
        11: "نتائج البحث 11 مستندًا",
        100: "نتائج البحث 100 مستند",
    },
}
# (language, count): what a reader reads instead of RIGHT. Empty: every count reads right.
SHORTFALL: dict[tuple[str, int], str] = {}


def material_strings(lang: str) -> dict[str, str]:
    """Material's search.result.* strings of a language, as its partials/languages/<lang>.html has them."""
    text = (_theme_dir() / "partials" / "languages" / f"{lang}.html").read_text(encoding="utf-8")
    return {key: json.loads(f'"{value}"') for key, value in _STRING_RE.findall(text)}


def category(lang: str, count: int) -> str:
    """The CLDR plural category of a count in a language (Babel's data; the browser's is Intl.PluralRules)."""
    return Locale.parse(lang).plural_form(count)


def count_message(lang: str, count: int) -> str:
    """The results line for `count` results (the box holds a query): the site's words for none, and for the
    count's plural category otherwise (search-results-line.js: "#" is the number)."""
    if count == 0:
        return search_line_texts(lang)["none"]
    counts = search_line_texts(lang)["counts"]
    return (counts.get(category(lang, count)) or counts["other"]).replace("#", str(count))


def test_every_site_language_has_its_expected_count_messages():
    assert set(LANGS) <= set(RIGHT), f"add the count messages of {set(LANGS) - set(RIGHT)} to RIGHT"


@pytest.mark.parametrize("lang", sorted(RIGHT))
def test_the_count_of_results_reads_right_for_0_1_2_3_11_and_100(lang):
    wrong = {count: count_message(lang, count) for count in COUNTS if count_message(lang, count) != RIGHT[lang][count]}
    expected = {count: said for (language, count), said in SHORTFALL.items() if language == lang}
    assert wrong == expected, f"{lang}: the results line differs from what the language says at {wrong}"


def test_materials_own_count_strings_are_what_the_site_replaces():
    # The page's script knows a count from Material's line by these strings: "one", and "other" with "#".
    for lang in LANGS:
        strings = material_strings(lang)
        assert strings["search.result.other"].count("#") == 1, f"{lang}: {strings['search.result.other']!r}"
        assert "#" not in strings["search.result.one"]


@pytest.mark.parametrize("lang", sorted(RIGHT))
@pytest.mark.parametrize("texts", ["counts", "more"])
def test_the_catalog_has_words_for_every_plural_category_of_the_language(lang, texts):
    counts = search_line_texts(lang)[texts]
    numbers = Counter(category(lang, n) for n in range(1, 1000))
    assert set(numbers) <= set(counts), f"{lang}: no words for {set(numbers) - set(counts)}"
    # A form for one number only may leave the number out ("one document"); any other says it.
    unsaid = {name: counts[name] for name, how_many in numbers.items() if how_many > 1 and "#" not in counts[name]}
    assert not unsaid, f"{lang}: forms without the number: {unsaid}"


def test_search_line_texts_of_a_language_without_a_catalog_are_the_source_languages():
    texts = search_line_texts("xx")
    assert texts["counts"]["one"] == "# matching document"
    assert texts["counts"]["other"] == "# matching documents"
    assert texts["failed"] and texts["none"] == "Nothing found. Try fewer words, or other words."


NODE_CATEGORIES = """
const [langs, counts] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const lang of langs) out[lang] = counts.map((n) => new Intl.PluralRules(lang).select(n));
process.stdout.write(JSON.stringify(out));
"""


def test_the_browsers_plural_categories_are_babels():
    node = shutil.which("node")
    assert node, "node: missing — install Node.js"
    numbers = [*range(1, 230), 1000, 1_000_000]
    done = subprocess.run(
        [node, "-e", NODE_CATEGORIES], input=json.dumps([sorted(RIGHT), numbers]), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    for lang in sorted(RIGHT):
        differ = [(n, b) for n, b in zip(numbers, browser[lang], strict=True) if b != category(lang, n)]
        assert not differ, f"{lang}: Intl.PluralRules and Babel differ at {differ[:5]}"
