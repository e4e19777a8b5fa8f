"""Fetch-or-refuse helpers shared by the use cases."""

from __future__ import annotations

from sqlmodel import Session, col, select

from engagement.actors import SystemActor
from engagement.errors import Conflict, NotFound
from engagement.i18n import N_, Text
from engagement.models import Consent, Dialogue, DialogueStatus, Participant, Reflection, User
from engagement.permissions import authorize

MAX_ID = 2**31 - 1


def check_id(value: object, what: str) -> int:
    """A database id as given by a caller, or NotFound: never a database error."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise NotFound(f"That {what} does not exist.")
    return value


def acting(session: Session, by: object, permission: str, *, status: str | None = None):
    """Whoever acts, authorised for ``permission``: one of the system actors, or the staff
    account as stored now (a role change or a deactivation since sign-in counts). Anything
    else (nobody, a participant, a look-alike object) is refused with PermissionDenied."""
    if isinstance(by, SystemActor):
        authorize(by, permission, status=status)
        return by
    current = None
    if isinstance(by, User) and isinstance(by.id, int) and not isinstance(by.id, bool) \
            and 0 < by.id <= MAX_ID:
        current = session.get(User, by.id, populate_existing=True)
    authorize(current, permission, status=status)
    return current


def dialogue_by_slug(session: Session, slug: str) -> Dialogue:
    if not isinstance(slug, str):
        raise NotFound(Text("There is no such dialogue."))
    dialogue = session.exec(select(Dialogue).where(Dialogue.slug == slug)).first()
    if dialogue is None:
        raise NotFound(f"There is no dialogue called '{slug}'.")
    return dialogue


def dialogue_by_id(session: Session, dialogue_id: int) -> Dialogue:
    dialogue = session.get(Dialogue, check_id(dialogue_id, "dialogue"))
    if dialogue is None:
        raise NotFound(Text("That dialogue no longer exists."))
    return dialogue


def active_participant(
    session: Session, participant_id: int, *, lock: bool = False
) -> Participant:
    """The participant, or NotFound. ``lock`` takes the row lock (PostgreSQL) so that one
    participant's writes queue instead of racing; SQLite's BEGIN IMMEDIATE already does."""
    participant = session.get(
        Participant,
        check_id(participant_id, "participant"),
        with_for_update=lock,
        populate_existing=lock,  # sessions keep objects across commits: re-read under lock
    )
    if participant is None or participant.withdrawn_at is not None:
        raise NotFound(Text(
            "We could not find your answers. You may have withdrawn from this dialogue."))
    return participant


def reflection_quotable(reflection: Reflection) -> bool:
    """A reflection may be quoted (with its author's consent) only after a facilitator's
    privacy review left it quotable."""
    return reflection.reviewed_at is not None and reflection.quotable


# A dialogue's status as a participant may read it (require_open names it).
STATUS_NAMES = (N_("draft"), N_("open"), N_("closed"), N_("reported"))


def require_open(dialogue: Dialogue) -> None:
    if dialogue.status != DialogueStatus.OPEN:
        raise Conflict(Text(
            "The dialogue '{title}' is {status}, not open, so it is not taking answers.",
            title=dialogue.title, status=Text(dialogue.status),
        ))


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
