"""French typography (scripts/rules/typography.py): a non-breaking space before : ; ! ? and inside « », in
French catalogs' msgstr and French pages' prose, never in code, URLs, references, times or Markdown syntax."""

from __future__ import annotations

import pytest

from scripts.i18n.catalogs import po_path
from scripts.rules import registry as rules
from scripts.rules import typography

from conftest import ROOT

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "line",
    [
        f"Lire cette page en ligne{NB}:",
        f"Pourquoi{NNB}? Parce que{NB}! Ensuite{NNB}; enfin.",
        f"Il a dit «{NNB}non{NNB}» puis «{NB}oui{NB}».",
        "Voir https://example.org/a?b=1&c=2 ou mailto:clinique@example.org, ou <https://x.org/?q=1>.",
        "Rendez-vous à 10:30, dilution 1:2.",
        "Le code `a: b ; c!` reste tel quel, comme ![une image](main.png).",
        ":   Une définition (liste de définitions).",
        '!!! warning "Attention"',
        "Un avertissement :warning: et une classe { : .note }.",
        "[^1]: Une note.",
        "| :--- | ---: |",
        'Un titre cité : non, voir <span lang="en">What is it? Really: yes</span>.'.replace(" :", f"{NB}:"),
        "J Craniofac Surg. 2021;32(6):2168-71. doi:10.1097/SCS.0000000000007557.",
        f"Vraiment{NB}?!",
        "{{ care_card('Attention: ici') }}",
    ],
)
def test_right_or_not_prose_is_not_flagged(line):
    assert typography.line_problems(line) == []


@pytest.mark.parametrize(
    "line, what, fix",
    [
        ("Lire cette page en ligne :", "ordinary space before ':'", "a non-breaking space (U+00A0) before ':'"),
        ("Attention: ici", "no space before ':'", "a non-breaking space (U+00A0) before ':'"),
        (f"Attention{NNB}: ici", "narrow non-breaking space before ':'", "(U+00A0) before ':'"),
        ("Pourquoi ?", "ordinary space before '?'", "narrow non-breaking space (U+202F) or a non-breaking space"),
        ("Non!", "no space before '!'", "before '!'"),
        ("d’abord ; ensuite", "ordinary space before ';'", "before ';'"),
        (f"« non{NB}»", "ordinary space after '«'", "after '«'"),
        (f"«{NB}non »", "ordinary space before '»'", "before '»'"),
        (f"«non{NB}»", "no space after '«'", "after '«'"),
        ("**Attention**: lisez", "no space before ':'", "before ':'"),
        ("Voir [le lien](https://x.org/a?b) ici : oui", "ordinary space before ':'", "before ':'"),
    ],
)
def test_wrong_spaces_are_flagged_with_the_fix(line, what, fix):
    found = typography.line_problems(line)
    assert len(found) == 1, found
    _, message, how = found[0]
    assert message.startswith(f"French typography: {what} in “") and fix in how


def test_page_problems_check_prose_title_and_description_but_not_code_or_keys():
    text = (
        "---\n"
        "translation_of: 0123456789ab\n"
        "title: Avant : après\n"
        f"description: Bien{NB}: oui\n"
        "sources:\n"
        "  - J Surg. 2021;32(6):2168-71. What is it? An English title.\n"
        "---\n"
        "\n"
        "# Titre\n"
        "\n"
        "Que faire ?\n"
        "\n"
        "```\n"
        "code: a ; b !\n"
        "```\n"
        "<!-- un commentaire :\n"
        "sur deux lignes ! -->\n"
        f"Fin{NB}!\n"
    )
    found = [str(p) for p in typography.page_problems("docs/fr/p.md", text)]
    assert [p.split(": French typography")[0] for p in found] == ["docs/fr/p.md:3", "docs/fr/p.md:11"], found
    assert found[0].endswith("— use a non-breaking space (U+00A0) before ':'")
    assert "ordinary space before '?'" in found[1]


def test_catalog_problems_check_msgstr_only_with_their_line():
    po = (
        'msgid ""\n'
        'msgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        'msgid "Read this: now"\n'
        f'msgstr "Lisez{NB}: maintenant"\n'
        "\n"
        'msgid "Why?"\n'
        'msgstr "Pourquoi ?"\n'
        "\n"
        'msgid ""\n'
        '"A long message "\n'
        '"on two lines: here"\n'
        'msgstr ""\n'
        '"Un long message "\n'
        '"sur deux lignes: ici"\n'
    )
    found = [str(p) for p in typography.catalog_problems("translations/fr/LC_MESSAGES/messages.po", po)]
    assert found == [
        "translations/fr/LC_MESSAGES/messages.po:9: French typography: ordinary space before '?' in “Pourquoi ?” — "
        "use a narrow non-breaking space (U+202F) or a non-breaking space (U+00A0) before '?'",
        "translations/fr/LC_MESSAGES/messages.po:16: French typography: no space before ':' in “sage sur deux "
        "lignes: ici” — use a non-breaking space (U+00A0) before ':'",
    ]


def test_the_shipped_french_catalog_follows_the_rules():
    path = po_path("fr", ROOT / "translations")
    assert typography.catalog_problems("fr.po", path.read_text(encoding="utf-8")) == []


def test_only_french_follows_the_rules_and_the_rules_are_registered():
    assert typography.follows_french_rules("fr") and typography.follows_french_rules("xx", "fr_CA")
    assert not typography.follows_french_rules("it", "it_IT") and not typography.follows_french_rules("en")
    levels = {item.name: item.levels for item in rules.REGISTRY}
    assert levels["catalog-typography"] == {"build": "error", "check": "error", "release": "error"}
    assert levels["page-typography"] == {"build": "warning", "check": "error", "release": "error"}


def test_an_editors_placeholder_is_left_to_the_placeholder_rule():
    """`new-page` writes "TODO: …" in every language: the placeholder rule reports it, not French spacing."""
    from scripts.rules.typography import page_problems

    text = "---\ntitle: T\n---\n\nTODO: expliquer.\n\nFIXME : vérifier.\n\nVoici:\n"
    assert [p.line for p in page_problems("docs/fr/x.md", text)] == [9]
