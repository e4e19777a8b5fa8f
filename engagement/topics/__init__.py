"""The dialogue templates facilitators start from: a blank one and six "genomics beyond
healthcare" topics, one module each. (The demo's simulated answers to these topics live apart,
in ``engagement.demo_content``.)"""

from __future__ import annotations

from engagement.templates import BLANK, DialogueTemplate
from engagement.topics import (
    consumer_ancestry,
    education,
    embryo_selection,
    insurance,
    policing,
    sport_employment,
)

TOPIC_TEMPLATES: tuple[DialogueTemplate, ...] = (
    insurance.TEMPLATE,
    education.TEMPLATE,
    policing.TEMPLATE,
    embryo_selection.TEMPLATE,
    consumer_ancestry.TEMPLATE,
    sport_employment.TEMPLATE,
)


def all_templates() -> dict[str, DialogueTemplate]:
    """Every template by key, the blank one first."""
    return {template.key: template for template in (BLANK, *TOPIC_TEMPLATES)}
