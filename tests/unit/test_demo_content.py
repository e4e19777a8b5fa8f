"""The six topic templates (engagement/topics/) and the demo material that goes with them."""

import re

import pytest

from engagement.demo_content import DEMO_TOPICS, LEANINGS, REFLECTION_KINDS
from engagement.text import clean_text, normalise_statement
from engagement.topics import TOPIC_TEMPLATES, all_templates
from engagement.topics._compose import unwrap

KEYS = (
    "insurance",
    "education",
    "policing",
    "embryo-selection",
    "consumer-ancestry",
    "sport-employment",
)
HEADINGS = (
    "## What is proposed",
    "## How things work today",
    "## Possible benefits",
    "## Possible risks",
    "## What is still uncertain",
    "## What happens with your answers",
)
# Things that would look like real personal data in synthetic text.
PERSONAL = re.compile(
    r"\d{3,}|@|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b(Mr|Mrs|Ms|Dr)\b\.?"
)

topics = pytest.mark.parametrize("topic", DEMO_TOPICS, ids=[t.template.key for t in DEMO_TOPICS])


def test_six_topic_templates_are_registered():
    assert tuple(t.key for t in TOPIC_TEMPLATES) == KEYS
    registered = all_templates()
    for template in TOPIC_TEMPLATES:
        assert registered[template.key] is template


@topics
def test_seed_statements_are_short_distinct_and_clean(topic):
    statements = topic.template.seed_statements
    assert 18 <= len(statements) <= 25
    assert len({normalise_statement(s) for s in statements}) == len(statements)
    for text in statements:
        assert len(text) < 200, text
        assert clean_text(text, what="statement", max_chars=200) == text
        assert not text.endswith("?"), "a statement people can agree or disagree with"


@topics
def test_every_statement_has_a_leaning_and_the_mix_is_balanced(topic):
    assert len(topic.leanings) == len(topic.template.seed_statements)
    assert set(topic.leanings) <= set(LEANINGS)
    count = {leaning: topic.leanings.count(leaning) for leaning in LEANINGS}
    assert count["+"] >= 4 and count["-"] >= 4, "pro and con statements"
    assert count["="] >= 3 and count["~"] >= 3, "common ground and nuanced statements"
    assert abs(count["+"] - count["-"]) <= 2


@topics
def test_briefing_is_balanced_and_of_reasonable_length(topic):
    briefing = topic.template.briefing
    positions = [briefing.find(heading) for heading in HEADINGS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    words = len(re.sub(r"[#*]", " ", briefing).split())
    assert 300 <= words <= 600, words
    benefits = briefing.split("## Possible benefits")[1].split("## Possible risks")[0]
    risks = briefing.split("## Possible risks")[1].split("## What is still uncertain")[0]
    assert benefits.count("\n- ") >= 2 and risks.count("\n- ") >= 2


@topics
def test_briefing_markdown_has_one_line_per_paragraph(topic):
    for block in topic.template.briefing.split("\n\n"):
        lines = block.splitlines()
        assert all(line == line.strip() and line for line in lines)
        if len(lines) > 1:  # only a list (or a heading) spans several lines
            assert all(line.startswith(("- ", "#")) for line in lines[1:]), block


@topics
def test_question_proposal_and_reflection_question(topic):
    template = topic.template
    assert template.title and len(template.title) <= 200
    assert template.question.endswith("?") and template.reflection_question.endswith("?")
    assert 80 <= len(template.proposed_use) <= 600


@topics
def test_reflection_bank_is_varied_and_free_of_personal_data(topic):
    assert set(topic.reflections) == set(REFLECTION_KINDS)
    texts = [text for kind in REFLECTION_KINDS for text in topic.reflections[kind]]
    assert len(set(texts)) == len(texts) >= 25
    assert all(len(topic.reflections[kind]) >= 5 for kind in REFLECTION_KINDS)
    for text in texts:
        assert not PERSONAL.search(text), text
        assert clean_text(text, what="reflection", max_chars=2000, multiline=True) == text


@topics
def test_participant_statements_are_new_and_short(topic):
    seeds = {normalise_statement(s) for s in topic.template.seed_statements}
    mine = [normalise_statement(s) for s in topic.participant_statements]
    assert 3 <= len(mine) <= 6 and len(set(mine)) == len(mine)
    assert not seeds & set(mine)
    assert all(len(s) < 200 and not PERSONAL.search(s) for s in topic.participant_statements)


@topics
def test_latent_groups(topic):
    assert 2 <= len(topic.groups) <= 4
    assert sum(g.share for g in topic.groups) == pytest.approx(1.0)
    assert len({g.label for g in topic.groups}) == len(topic.groups)
    assert all(-1 <= g.stance <= 1 and -1 <= g.concern <= 1 for g in topic.groups)
    stances = [g.stance for g in topic.groups]
    assert min(stances) < -0.5 and max(stances) > 0.5, "someone for and someone against"


def test_join_codes_are_valid_and_distinct():
    codes = [t.join_code for t in DEMO_TOPICS]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z0-9]{4,16}", code) for code in codes)


def test_unwrap_joins_wrapped_paragraphs_and_list_items():
    text = "## Head\n\nOne line\ncontinues.\n\n- item one\n  goes on\n- item two"
    assert unwrap(text) == "## Head\n\nOne line continues.\n\n- item one goes on\n- item two"
