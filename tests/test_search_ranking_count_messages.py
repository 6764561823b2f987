"""The results line's count in every language, as Material writes it: its strings search.result.none (0),
.one (1) and .other ("# …", every other number), in partials/languages/<lang>.html, chosen by its bundle
(`switch (items.length) { case 0 … case 1 … default … }`), checked here for 0, 1, 2, 3, 11 and 100 results.

Where Material's strings fall short: Arabic has six plural forms (CLDR: zero, one, two, few 3–10, many 11–99,
other 100+) and Material has three strings. Its 0 ("لا توجد نتائج") and 1 ("مستند واحد", rightly without a
number) are right, and its one "# مستندات" is the plural of 3 to 10 only: 2 wants the dual ("مستندان"), 11–99
the singular accusative ("مستندًا"), 100 the singular ("مستند"). Material's bundle cannot choose among them,
so SHORTFALL lists these counts with what Arabic says; the test fails when Material's strings change, either
way (a count put right must leave the list)."""

from __future__ import annotations

import json
import re

import pytest

from scripts.config.project_config import site_languages
from scripts.postprocess.pages import _theme_dir

LANGS = [item.code for item in site_languages()]
COUNTS = (0, 1, 2, 3, 11, 100)
_STRING_RE = re.compile(r'^\s*"(search\.result\.[a-z.]+)":\s*"(.*)",?\s*$', re.M)

# What a reader should read for each count, per language.
RIGHT = {
    "en": {
        0: "No matching documents",
        1: "1 matching document",
        2: "2 matching documents",
        3: "3 matching documents",
        11: "11 matching documents",
        100: "100 matching documents",
    },
    "fr": {
        0: "Aucun document trouvé",
        1: "1 document trouvé",
        2: "2 documents trouvés",
        3: "3 documents trouvés",
        11: "11 documents trouvés",
        100: "100 documents trouvés",
    },
    "es": {
        0: "No se encontraron documentos",
        1: "1 documento encontrado",
        2: "2 documentos encontrados",
        3: "3 documentos encontrados",
        11: "11 documentos encontrados",
        100: "100 documentos encontrados",
    },
    "it": {
        0: "Nessun documento trovato",
        1: "1 documento trovato",
        2: "2 documenti trovati",
        3: "3 documenti trovati",
        11: "11 documenti trovati",
        100: "100 documenti trovati",
    },
    "ar": {
        0: "لا توجد نتائج",
        1: "نتائج البحث مستند واحد",
        2: "نتائج البحث مستندان",
        3: "نتائج البحث 3 مستندات",
        11: "نتائج البحث 11 مستندًا",
        100: "نتائج البحث 100 مستند",
    },
}
# (language, count): what Material writes instead of RIGHT, which its three strings cannot say.
SHORTFALL = {
    ("ar", 2): "نتائج البحث 2 مستندات",
    ("ar", 11): "نتائج البحث 11 مستندات",
    ("ar", 100): "نتائج البحث 100 مستندات",
}


def material_strings(lang: str) -> dict[str, str]:
    """Material's search.result.* strings of a language, as its partials/languages/<lang>.html has them."""
    text = (_theme_dir() / "partials" / "languages" / f"{lang}.html").read_text(encoding="utf-8")
    return {key: json.loads(f'"{value}"') for key, value in _STRING_RE.findall(text)}


def count_message(strings: dict[str, str], count: int) -> str:
    """The results line for `count` results, as Material's bundle writes it (the box holds a query)."""
    if count == 0:
        return strings["search.result.none"]
    if count == 1:
        return strings["search.result.one"]
    return strings["search.result.other"].replace("#", str(count))  # its round() leaves numbers under 1000


def test_every_site_language_has_its_expected_count_messages():
    assert set(LANGS) <= set(RIGHT), f"add the count messages of {set(LANGS) - set(RIGHT)} to RIGHT"


@pytest.mark.parametrize("lang", sorted(RIGHT))
def test_the_count_of_results_reads_right_for_0_1_2_3_11_and_100(lang):
    strings = material_strings(lang)
    wrong = {
        count: count_message(strings, count) for count in COUNTS if count_message(strings, count) != RIGHT[lang][count]
    }
    expected = {count: said for (language, count), said in SHORTFALL.items() if language == lang}
    assert wrong == expected, (
        f"{lang}: Material's count messages differ from what the language says at {sorted(wrong)}; "
        f"known shortfalls {sorted(expected)} (update SHORTFALL if Material's strings changed)"
    )
