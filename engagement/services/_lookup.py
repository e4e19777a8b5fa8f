"""Fetch-or-refuse helpers shared by the use cases."""

from __future__ import annotations

from sqlmodel import Session, col, select

from engagement.errors import Conflict, NotFound
from engagement.models import Consent, Dialogue, DialogueStatus, Participant


def dialogue_by_slug(session: Session, slug: str) -> Dialogue:
    dialogue = session.exec(select(Dialogue).where(Dialogue.slug == slug)).first()
    if dialogue is None:
        raise NotFound(f"There is no dialogue called '{slug}'.")
    return dialogue


def dialogue_by_id(session: Session, dialogue_id: int) -> Dialogue:
    dialogue = session.get(Dialogue, dialogue_id)
    if dialogue is None:
        raise NotFound("That dialogue no longer exists.")
    return dialogue


def active_participant(session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.withdrawn_at is not None:
        raise NotFound("We could not find your answers. You may have withdrawn from this dialogue.")
    return participant


def require_open(dialogue: Dialogue) -> None:
    if dialogue.status != DialogueStatus.OPEN:
        raise Conflict(
            f"The dialogue '{dialogue.title}' is {dialogue.status}, not open, "
            "so it is not taking answers."
        )


def latest_consents(session: Session, participant_ids: set[int]) -> dict[int, Consent]:
    """The consent in force (the latest row) for each of these participants."""
    latest: dict[int, Consent] = {}
    if participant_ids:
        for consent in session.exec(
            select(Consent)
            .where(col(Consent.participant_id).in_(participant_ids))
            .order_by(Consent.id)
        ):
            latest[consent.participant_id] = consent
    return latest


def quote_consent(session: Session, participant_ids: set[int]) -> dict[int, bool]:
    """Whether each participant agreed, in the consent in force, to be quoted."""
    return {pid: c.quote for pid, c in latest_consents(session, participant_ids).items()}
