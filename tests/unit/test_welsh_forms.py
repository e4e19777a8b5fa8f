"""Welsh forms (issue 15, item 7): plural forms by Babel's CLDR rules and the catalogue's own
Plural-Forms; times on a UK clock written the Welsh way; the brief's charts drawn in Welsh."""

from __future__ import annotations

import gettext
from datetime import UTC, date, datetime

import pytest
from babel.messages.pofile import read_po
from matplotlib.text import Text as DrawnText

from engagement import i18n
from engagement.brief import charts
from engagement.ukdates import uk_date, uk_datetime

WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


def _catalogue(lang: str):
    with i18n.catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


# --- Plural forms -------------------------------------------------------------------------------

def test_welsh_has_six_plural_forms_chosen_by_cldr_rules():
    assert [i18n.plural_index(n, "cy") for n in (0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 100)] == [
        0, 1, 2, 3, 5, 5, 4, 5, 5, 5, 5]
    assert [i18n.plural_index(n, "en") for n in (0, 1, 2, 21)] == [1, 0, 1, 1]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_plural_index_agrees_with_the_catalogues_plural_forms(lang):
    """The index Babel's rules give is the msgstr[i] the .po file's own Plural-Forms picks."""
    catalogue = _catalogue(lang)
    by_catalogue = gettext.c2py(catalogue.plural_expr)
    assert catalogue.num_plurals == (6 if lang == "cy" else 2)
    counts = range(0, 1001)
    assert [i18n.plural_index(n, lang) for n in counts] == [by_catalogue(n) for n in counts]


def test_every_plural_message_has_all_its_welsh_forms():
    plurals = [m for m in _catalogue("cy") if isinstance(m.id, tuple)]
    assert plurals, "no message with plural forms in the Welsh catalogue"
    for message in plurals:
        assert len(message.string) == 6 and all(message.string), message.id
        assert not message.fuzzy


def test_a_count_message_takes_the_readers_form():
    one, many = "{number} person", "{number} people"
    assert i18n.ngettext(one, many, 1, "en") == one
    assert i18n.ngettext(one, many, 0, "en") == many
    assert i18n.ngettext(one, many, 1, "cy") == "{number} person"
    assert i18n.ngettext(one, many, 2, "cy") == "{number} o bobl"
    assert i18n.ngettext(one, many, 6, "cy") == "{number} o bobl"
    # Not in any catalogue: the English rule, whatever the language.
    assert i18n.ngettext("{n} cat", "{n} cats", 3, "cy") == "{n} cats"
    assert i18n.ngettext("{n} cat", "{n} cats", 1, "cy") == "{n} cat"


def test_the_catalogue_check_finds_a_plural_without_its_welsh_forms(tmp_path, monkeypatch):
    from tests.unit.test_i18n_catalogue import catalogue

    source = tmp_path / "page.py"
    source.write_text('ngettext("{n} new thing", "{n} new things", n, lang)\n')
    monkeypatch.setattr(catalogue, "ROOT", tmp_path)
    monkeypatch.setattr(catalogue, "SOURCES", ("page.py",))
    assert catalogue.untranslated() == [("{n} new thing", "{n} new things")]


# --- Dates and times ----------------------------------------------------------------------------

def test_times_on_a_uk_clock_in_welsh_and_english():
    winter = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 17, 0, tzinfo=UTC)  # 18:00 BST
    assert uk_datetime(winter) == "2 December 2026, 18:30"
    assert uk_datetime(winter, lang="cy") == "2 Rhagfyr 2026, 18:30"
    assert uk_datetime(summer, lang="cy") == "1 Gorffennaf 2026, 18:00"
    assert uk_datetime(datetime(2026, 3, 31, 23, 30), lang="cy") == "1 Ebrill 2026, 00:30"
    assert uk_date(date(2027, 5, 9), lang="cy") == "9 Mai 2027"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_written_in_welsh(month):
    written = uk_date(date(2026, month, 15), lang="cy")
    assert written == f"15 {WELSH_MONTHS[month - 1]} 2026"
    assert not any(name in written for name in ENGLISH_MONTHS)
    assert uk_date(date(2026, month, 15)) == f"15 {ENGLISH_MONTHS[month - 1]} 2026"


# --- The brief's charts -------------------------------------------------------------------------

GROUPS = [{"letter": "A", "center": (0, 0), "size": 12}, {"letter": "B", "center": (1, 1),
                                                         "size": 1},
          {"letter": "C", "center": (2, 0), "size": None}]
THEMES = [{"label": "Trust", "n": 14}, {"label": "Cost", "n": 11}]


def _drawn_words(monkeypatch, lang: str) -> str:
    """Every word each chart draws, in ``lang``."""
    figures = []
    # Drawn, so that the axes' category labels (a bar per group, session, theme) are made.
    monkeypatch.setattr(charts, "_png",
                        lambda figure: figure.canvas.draw() or figures.append(figure) or b"png")
    charts.opinion_map(GROUPS, lang)
    charts.group_agreement("s", [("A", 80.0), ("B", 20.0)], lang)
    charts.themes_bar(THEMES, lang)
    charts.shift_chart({"1": 3, "2": 10, "4": 12}, {"2": 4, "5": 20}, lang)
    charts.participation_bar({"Ar-lein": 40, "Gweithdy": 12}, lang)
    assert len(figures) == 5
    words = [t.get_text() for f in figures for t in f.findobj(DrawnText) if t.get_text()]
    assert len(words) > 30
    return "\n".join(words)


ENGLISH_CHART_WORDS = ("Group", "people", "Opinion map", "who agreed",
                       "Number of texts", "Themes in", "Strongly", "Oppose", "Unsure",
                       "Support", "Before", "After", "People", "Participants",
                       "Participation by session")


def test_the_charts_of_a_welsh_brief_draw_welsh_words(monkeypatch):
    """Gap (d): the PNG charts of a Welsh brief were labelled in English."""
    welsh = _drawn_words(monkeypatch, "cy")
    assert not [w for w in ENGLISH_CHART_WORDS if w in welsh], welsh
    for wanted in ("Grŵp A\n12 o bobl", "Grŵp B\n1 person", "Grŵp C", "Map barn", "Cyn",
                   "Ar ôl", "Gwrthwynebu’n\ngryf", "Cyfranogiad fesul sesiwn", "Ar-lein",
                   "Trust"):  # a theme's label is participants' words, drawn as given
        assert wanted in welsh, wanted
    english = _drawn_words(monkeypatch, "en")
    for wanted in ("Group A\n12 people", "Group B\n1 person", "Strongly\noppose", "Before"):
        assert wanted in english, wanted
