"""The results line's texts in Material's settings of every page (scripts/postprocess/pages.py
search_on_demand, search_line_texts): what overrides/assets/javascripts/search-results-line.js reads."""

from __future__ import annotations

import json
import re

import pytest

from scripts.postprocess import pages as postprocess


def page(lang_attribute: str) -> str:
    assets = postprocess.material_assets()
    config = {"base": "..", "search": f"../{assets.search_worker}", "features": []}
    return (
        f"<!doctype html><html{lang_attribute} class=no-js><head></head><body>"
        f'<script id="__config" type="application/json">{json.dumps(config)}</script></body></html>'
    )


def config_of(html: str) -> dict:
    return json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', html).group(1))


@pytest.mark.parametrize(
    ("attribute", "lang"),
    [(' lang="ar"', "ar"), (" lang=fr", "fr"), (" dir=rtl lang='ar'", "ar"), (' lang="pt-BR"', "pt-BR"), ("", None)],
)
def test_page_lang_reads_the_html_elements_lang(attribute, lang):
    assert postprocess.page_lang(page(attribute)) == lang


def test_a_page_gets_its_languages_words_for_the_results_line():
    out = config_of(postprocess.search_on_demand(page(' lang="ar"'), postprocess.material_assets()))
    assert out[postprocess.SEARCH_LINE_KEY] == postprocess.search_line_texts("ar")
    assert out[postprocess.SEARCH_LINE_KEY]["counts"]["two"] == "نتائج البحث مستندان"


def test_an_offline_page_gets_them_too():
    out = config_of(postprocess.search_on_demand(page(' lang="fr"'), postprocess.material_assets(), offline=True))
    assert out[postprocess.SEARCH_LINE_KEY]["counts"]["one"] == "# document trouvé"


def test_a_page_without_a_language_gets_none_unless_given():
    assets = postprocess.material_assets()
    assert postprocess.SEARCH_LINE_KEY not in config_of(postprocess.search_on_demand(page(""), assets))
    given = {"counts": {"other": "# x"}, "failed": "f"}
    out = config_of(postprocess.search_on_demand(page(""), assets, line=given))
    assert out[postprocess.SEARCH_LINE_KEY] == given


def test_a_page_already_relayed_is_left_as_it_is():
    assets = postprocess.material_assets()
    once = postprocess.search_on_demand(page(' lang="it"'), assets)
    assert postprocess.search_on_demand(once, assets) == once


def test_the_words_cannot_end_the_settings_script():
    assets = postprocess.material_assets()
    line = {"counts": {"other": "# </script><script>x"}, "failed": "</script>"}
    html = postprocess.search_on_demand(page(""), assets, line=line)
    assert html.count("</script>") == 1
    assert config_of(html)[postprocess.SEARCH_LINE_KEY] == line
