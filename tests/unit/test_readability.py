"""Plain language (issue 15 item 8): the English participant-facing interface text, the demo
briefings and the public page's summary reach a Flesch-Kincaid grade of 7 or below (about a
reading age of 12). Each text's figure is printed (pytest -s shows them); docs/accessibility.md
records them. textstat 0.7.3 counts syllables with pyphen's bundled dictionaries: no download.

The interface text is the English message catalogue (engagement/locale/en), which holds every
message marked in the participant-facing and public sources (scripts/catalogue.py SOURCES;
staff pages are not extracted: they are English only). Rules, because Flesch-Kincaid means
little for a label ("Accessibility" alone is grade 55.6):

- each message of six or more words must be grade 7 or below on its own;
- all the messages together, each read as a sentence, must be too (labels and headings of
  fewer words count there);
- a {placeholder} is read as one short word ("it"): its value is a name, number, date or
  address that the deployment or the reader supplies, which no wording of ours can change;
- the law's title (accessibility.REGULATIONS) is a name: it is measured in the whole, not alone;
- the governance brief's own words (messages used only in engagement/brief/document.py and
  render.py) are not measured: the brief is the board's full report, with its statistics; the
  public page offers it as a download and gives everyone the plain summary measured below."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import textstat
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement import i18n
from engagement.accessibility import REGULATIONS, Organisation, statement
from engagement.brief.plain import public_summary
from engagement.consent import CONSENT_TEXTS, CURRENT_CONSENT_VERSION
from engagement.demo_content import DEMO_TOPICS
from engagement.services.privacy_notice import PrivacySettings, notice
from engagement.services.synthetic import ALL_SYNTHETIC, SOME_SYNTHETIC
from engagement.templates import BLANK
from tests.unit.test_public_summary import brief_data

GRADE = 7.0
SHORTEST = 6  # words: a message this long or longer is measured on its own
ROOT = Path(__file__).resolve().parents[2]
BRIEF = frozenset({"engagement/brief/document.py", "engagement/brief/render.py"})
# The public summary's sentence templates: a template is a piece of a sentence, so they are
# measured as the summaries they make (tests/integration/test_public_summary_demo.py).
SUMMARY_TEMPLATES = frozenset({"engagement/brief/plain.py"})
NAMES = frozenset({REGULATIONS})
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def grade(text: str) -> float:
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade(text)


def _catalogue_tool():
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue_messages(path: Path) -> dict[str, frozenset[str]]:
    """msgid -> the sources that use it, from a .po catalogue."""
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    return {m.id: frozenset(where for where, _line in m.locations) for m in catalogue
            if m.id and isinstance(m.id, str)}


def readers_messages(found: dict[str, frozenset[str]]) -> list[str]:
    """What participants and the public read: every message used outside the brief."""
    return sorted(msgid for msgid, sources in found.items()
                  if not sources <= BRIEF and not sources <= SUMMARY_TEMPLATES)


def as_read(message: str) -> str:
    """The message as measured: placeholders as one short word, ended as a sentence."""
    text = PLACEHOLDER.sub("it", message).strip()
    return text if text[-1:] in ".:?!" else f"{text}."


def too_hard(messages: list[str]) -> tuple[list[tuple[float, str]], float]:
    """The messages measured alone that are above the grade, and the grade of all together."""
    alone = [(grade(as_read(m)), m) for m in messages
             if len(m.split()) >= SHORTEST and m not in NAMES]
    for figure, message in sorted(alone, reverse=True):
        print(f"  {figure:5.1f}  {message[:100]}")
    return ([(f, m) for f, m in alone if f > GRADE],
            grade("\n".join(as_read(m) for m in messages)))


def test_the_catalogue_holds_every_marked_message():
    """So that measuring the catalogue measures everything the sources mark."""
    marked = set(_catalogue_tool().extract())
    assert len(marked) > 60
    with i18n.catalogue_path(i18n.ENGLISH).open("rb") as handle:
        held = {m.id for m in read_po(handle, locale="en") if m.id}  # plural pairs as tuples
    assert marked <= held


def test_interface_messages_are_plain():
    found = catalogue_messages(i18n.catalogue_path(i18n.ENGLISH))
    messages = readers_messages(found)
    assert len(messages) > 200, "the catalogue is read: are its messages there?"
    hard, whole = too_hard(messages)
    alone = sum(len(m.split()) >= SHORTEST and m not in NAMES for m in messages)
    print(f"{len(messages)} messages for participants and the public ({alone} measured alone, "
          f"{len(found) - len(messages)} of the brief left out): all together grade {whole:.1f}")
    assert not hard, hard
    assert whole <= GRADE


def test_a_hard_message_fails_the_check(tmp_path):
    """The check can fail: a catalogue with one message above grade 7 is caught."""
    hard = ("Notwithstanding the aforementioned considerations, participation necessitates "
            "comprehensive acknowledgement of organisational responsibilities.")
    po = tmp_path / "messages.po"
    po.write_text(f'#: pages/participate.py\nmsgid "{hard}"\nmsgstr ""\n\n'
                  '#: engagement/brief/document.py\nmsgid "Wilcoxon signed-rank statistic, '
                  'heteroscedasticity-consistent estimator"\nmsgstr ""\n')
    messages = readers_messages(catalogue_messages(po))
    assert messages == [hard]  # the brief's message is left out, the page's is measured
    found, _whole = too_hard(messages)
    assert [m for _f, m in found] == [hard]


def _flat(title, sections) -> str:
    """A page of sections as it reads: each heading, paragraph and item a sentence."""
    parts = [title] + [p for s in sections
                       for p in ((s.heading,) if s.heading else ()) + s.paragraphs + s.items]
    return "\n".join(as_read(str(p)) for p in parts)


def test_the_accessibility_statement_and_privacy_notice_are_plain():
    """Whole, with the demonstration settings filled in (the law's title included)."""
    pages = {"accessibility statement": _flat(*statement(Organisation.from_environment({}))),
             "privacy notice": _flat(*notice(PrivacySettings.from_environment({})))}
    for name, text in pages.items():
        print(f"{name}: grade {grade(text):.1f} ({len(text.split())} words)")
        assert grade(text) <= GRADE, name


@pytest.mark.parametrize("part", ["report", "quote", "notify"])
def test_the_default_consent_wording_is_plain(part):
    """The wording a new dialogue starts with (version 1 stays as released: see
    tests/integration/test_consent_versions.py)."""
    text = getattr(CONSENT_TEXTS[CURRENT_CONSENT_VERSION], part)
    print(f"consent version {CURRENT_CONSENT_VERSION}, {part}: grade {grade(text):.1f} "
          f"(version 1: {grade(getattr(CONSENT_TEXTS[1], part)):.1f})")
    assert grade(text) <= GRADE


@pytest.mark.parametrize("notice", [ALL_SYNTHETIC, SOME_SYNTHETIC])
def test_the_synthetic_data_notice_is_plain(notice):
    print(f"notice: grade {grade(notice):.1f}")
    assert grade(notice) <= GRADE


TEMPLATES = [topic.template for topic in DEMO_TOPICS] + [BLANK]
PARTS = ("briefing", "question", "proposed_use", "reflection_question")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_demo_briefing_and_dialogue_text_are_plain(template):
    """Each topic template (the demo dialogues start from them) and the blank one."""
    figures = {part: grade(getattr(template, part)) for part in PARTS}
    print(f"{template.key}: " + ", ".join(f"{part} {figure:.1f}"
                                          for part, figure in figures.items())
          + f" (briefing {len(template.briefing.split())} words)")
    assert max(figures.values()) <= GRADE, figures


STATEMENTS = sorted({text for topic in DEMO_TOPICS for text in topic.template.seed_statements})


@settings(max_examples=40, deadline=None)
@given(brief_data(), st.lists(st.sampled_from(STATEMENTS), min_size=6, max_size=6),
       st.sampled_from([None, ALL_SYNTHETIC, SOME_SYNTHETIC]))
def test_a_summary_of_any_small_dialogue_is_plain(data, quotes, notice):
    """Random counts, sessions, dates, shifts and notices, quoting the demo's statements."""
    items = [*data["opinion"]["consensus"], *data["opinion"]["divisive"],
             *(r for g in data["opinion"]["groups"] for r in g["representative"])]
    for item, text in zip(items, quotes, strict=False):
        item["text"] = text if item["text"] else None
    text = "\n".join(p.text for p in public_summary(data, notice=notice))
    assert grade(text) <= GRADE, (grade(text), text)
