"""What a dialogue template is, and the blank one. The templates facilitators choose from
(the blank one and the six topics) are listed by ``engagement.topics.all_templates``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DialogueTemplate:
    key: str
    title: str
    proposed_use: str
    question: str
    briefing: str
    reflection_question: str
    seed_statements: tuple[str, ...] = field(default=())


BLANK = DialogueTemplate(
    key="blank",
    title="New dialogue",
    proposed_use="Describe the proposed use of participants' genomic data in plain English.",
    question="Should the organisation allow this use of participants' data?",
    briefing=(
        "## What is proposed\n\nDescribe the proposal.\n\n"
        "## Possible benefits\n\n- ...\n\n## Possible risks\n\n- ...\n\n"
        "## What happens with your answers\n\nThe governance board reads a report of this "
        "dialogue before it decides."
    ),
    reflection_question="Is there anything else the governance board should hear from you?",
)

