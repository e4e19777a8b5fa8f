"""The bilingual demo dialogue (issue 15, item 7): every text and every seed statement of the
insurance topic has its Welsh, matched by the English wording the template holds."""

from engagement.demo_content import DEMO_TOPICS
from engagement.demo_welsh import WELSH_TOPICS


def test_at_least_one_demo_dialogue_is_bilingual_in_full():
    assert WELSH_TOPICS
    topics = {topic.template.key: topic.template for topic in DEMO_TOPICS}
    for key, welsh in WELSH_TOPICS.items():
        template = topics[key]
        assert all(text.strip() for text in welsh.changes().values())
        seeds = set(template.seed_statements)
        assert seeds, key
        assert set(welsh.statements) == seeds, (
            f"{key}: Welsh for statements the template lacks, or missing: "
            f"{set(welsh.statements) ^ seeds}")
        assert all(len(text) <= 400 for text in welsh.statements.values())
