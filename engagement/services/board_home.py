"""The board's home: per dialogue, where it stands (status, how many took part, the brief in
force, the decision) and where to go next. Counts of people pass the disclosure gate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from engagement.brief import versions
from engagement.disclosure import Release
from engagement.models import Dialogue, DialogueStatus, Participant, User
from engagement.services import decisions, dialogues
from engagement.services._lookup import acting
from engagement.services.outcomes import OUTCOME_LABELS
from engagement.services.synthetic import synthetic_notice

STATUS_WORDS = {
    DialogueStatus.DRAFT: "Draft: not yet open to participants",
    DialogueStatus.OPEN: "Open: people are taking part now",
    DialogueStatus.CLOSED: "Closed: no longer taking answers",
    DialogueStatus.REPORTED: "Reported: the results are published",
}


@dataclass(frozen=True)
class DialogueCard:
    dialogue_id: int
    slug: str
    title: str
    status: str
    participants: str
    brief: str
    decision: str
    published: bool  # a brief is in force: the public page has its results
    notice: str | None  # the participants include synthetic ones


def _uk_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _people(session: Session, dialogue: Dialogue, brief_total: int | None) -> str:
    """Participants still taking part, through the gate: a count of fewer than the minimum
    is "fewer than N", and so is one within N of the brief's published figure (the two
    together would count the few who joined or left since)."""
    n = session.exec(select(func.count()).select_from(Participant).where(
        Participant.dialogue_id == dialogue.id, col(Participant.withdrawn_at).is_(None))).one()
    release = Release(dialogue.min_reporting_size)
    release.count(brief_total)
    shown = release.count(n)
    if n == 0:
        return "No one has taken part yet"
    if shown is None and n < release.minimum:
        return f"Fewer than {release.minimum} people have taken part"
    if shown is None:
        return f"{brief_total} people at the last brief; the change since is too small to show"
    return f"{shown} people have taken part"


def _card(session: Session, dialogue: Dialogue) -> DialogueCard:
    brief = versions.current_brief(session=session, dialogue_id=dialogue.id)
    decision = decisions.current_decision(session=session, dialogue_id=dialogue.id)
    total = json.loads(brief.data)["participation"]["total"] if brief else None
    if brief is None:
        brief_text = "No brief signed off yet"
    else:
        brief_text = f"Brief version {brief.version}, signed off {_uk_date(brief.signed_off_at)}"
    if decision is not None:
        decision_text = (f"Decision recorded {_uk_date(decision.recorded_at)}: "
                         f"{OUTCOME_LABELS.get(decision.outcome, decision.outcome)}")
    elif brief is not None:
        decision_text = "Decision awaited: the brief is ready for the board"
    else:
        decision_text = "No decision yet: it waits for a signed-off brief"
    return DialogueCard(
        dialogue_id=dialogue.id, slug=dialogue.slug, title=dialogue.title,
        status=STATUS_WORDS.get(dialogue.status, dialogue.status),
        participants=_people(session, dialogue, total), brief=brief_text,
        decision=decision_text, published=brief is not None,
        notice=synthetic_notice(session, dialogue.id),
    )


def board_overview(*, session: Session, by: User) -> list[DialogueCard]:
    """One card per dialogue, in the order they were created."""
    by = acting(session, by, "view_board")
    return [_card(session, d) for d in dialogues.list_dialogues(session=session, by=by)]
