"""Plain language (issue 15 item 8): the English participant-facing interface text, the demo
briefings and the public page's summary reach a Flesch-Kincaid grade of 7 or below (about a
reading age of 12). Each text's figure is printed (pytest -s shows them); docs/accessibility.md
records them. textstat 0.7.3 counts syllables with pyphen's bundled dictionaries: no download.

The interface text is read from the source until the messages move into gettext catalogues
(engagement/locale): every string literal of six or more words that starts with a capital,
docstrings left out, joined per file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.brief.plain import public_summary
from engagement.demo_content import DEMO_TOPICS
from engagement.services.synthetic import ALL_SYNTHETIC, SOME_SYNTHETIC
from engagement.templates import BLANK
from tests.unit.test_public_summary import brief_data

GRADE = 7.0
ROOT = Path(__file__).resolve().parents[2]
# What a participant or a member of the public reads that the app writes (not the consent
# texts: a new wording is a new consent version, which is the team's decision to make).
INTERFACE = ("pages/participate.py", "pages/public_results.py",
             "engagement/services/participation.py")


def grade(text: str) -> float:
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade(text)


def interface_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value.strip() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and len(node.value.split()) >= 6
            and node.value.strip()[:1].isupper()]


@pytest.mark.parametrize("path", INTERFACE)
def test_interface_text_is_plain(path):
    messages = interface_messages(ROOT / path)
    assert len(messages) >= 5, messages  # the extraction found the page's text
    figure = grade("\n".join(messages))
    print(f"{path}: {len(messages)} messages, grade {figure:.1f}")
    for message in sorted(messages, key=grade, reverse=True)[:3]:
        print(f"  hardest: {grade(message):.1f} {message[:90]}")
    assert figure <= GRADE


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
