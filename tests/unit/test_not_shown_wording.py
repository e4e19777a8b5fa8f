"""One home for how a figure the disclosure rules held back reads (issue 13, one home per
rule): "not shown" was written in five places (the brief, what changed between versions, the
dashboard twice, the live counts page); now engagement/disclosure/wording.py says it, in
English or Welsh, and everything else asks it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from engagement import i18n
from engagement.disclosure import NOT_SHOWN, shown

ROOT = Path(__file__).resolve().parents[2]
HOME = "engagement/disclosure/wording.py"


def _literals() -> dict[str, list[str]]:
    """Every string constant of the running code (engagement/, pages/) -> where it is."""
    found: dict[str, list[str]] = {}
    for folder in ("engagement", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    found.setdefault(node.value.strip().lower(), []).append(where)
    return found


def test_the_words_for_a_withheld_figure_are_written_once():
    literals = _literals()
    assert len(literals) > 1000  # the walk found the code
    places = literals.get("not shown", [])
    assert [p.split(":")[0] for p in places] == [HOME], places


@pytest.mark.parametrize(("lang", "words"), [("en", "not shown"), ("cy", "heb ei ddangos")])
def test_a_withheld_figure_reads_not_shown_in_the_reader_s_language(lang, words):
    assert shown(None, lang) == words == i18n.gettext(NOT_SHOWN, lang)


def test_a_figure_that_is_shown_reads_as_itself_zero_included():
    assert shown(0) == "0" and shown(0, "cy") == "0"  # nobody is a figure, not a withheld one
    assert shown(12) == "12"
    assert shown(37.6, as_text=lambda pct: f"{pct:.0f}%") == "38%"
    assert shown(None, as_text=lambda pct: f"{pct:.0f}%") == "not shown"


def test_the_words_for_withheld_shares_are_written_once():
    """Issue 14: "shares not shown (too few people)" was written twice (the dashboard's
    cards, in English only, and the brief); now the disclosure wording says it."""
    literals = _literals()
    assert len(literals) > 1000  # the walk found the code
    places = [place for text, where in literals.items() if "too few people)" in text
              for place in where]
    assert [p.split(":")[0] for p in places] == [HOME], places


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "shares not shown (too few people)"),
    ("cy", "cyfrannau heb eu dangos (rhy ychydig o bobl)"),
])
def test_withheld_shares_read_the_same_on_the_dashboard_and_in_the_brief(lang, words):
    from engagement.brief import document
    from engagement.disclosure import shares
    from engagement.services import dashboard

    assert shares(None, None, lang) == words
    token = document._LANGUAGE.set(lang)
    try:
        assert document._shares({"pct_agree": None, "pct_disagree": None}) == words
        assert document._shares({"pct_agree": 80.4, "pct_disagree": None}) == \
            i18n.fill("{share} agreed", lang, share="80%")
    finally:
        document._LANGUAGE.reset(token)
    if lang == "en":  # the dashboard is a staff page, in English; its note begins a line
        assert dashboard._shares(None, None) == "Shares not shown (too few people)"
        assert dashboard._shares(80.4, 15.0) == "80% agreed, 15% disagreed"
