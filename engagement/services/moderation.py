"""The moderation queue: accept participants' statements or reject them for a stated reason."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from engagement import audit
from engagement.db import transaction
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import ModerationStatus, Statement, User, utcnow

# The fixed policy a facilitator chooses from; the keys are stored, the labels are shown.
REJECTION_REASONS = {
    "off_topic": "Off topic: not about the question of this dialogue",
    "personal_data": "Contains personal information that could identify someone",
    "abusive": "Abusive, hateful or discriminatory language",
    "duplicate": "Repeats a statement already in the dialogue",
    "not_a_statement": "Not a statement others can agree or disagree with",
    "multiple_ideas": "Combines several ideas; please split into separate statements",
    "unlawful": "Unlawful content or incitement",
    "spam": "Spam or advertising",
}


def pending(*, session: Session, dialogue_id: int | None = None) -> list[Statement]:
    query = select(Statement).where(Statement.status == ModerationStatus.PENDING)
    if dialogue_id is not None:
        query = query.where(Statement.dialogue_id == dialogue_id)
    return list(session.exec(query.order_by(Statement.created_at, Statement.id)))


def moderate(
    *,
    session: Session,
    statement_ids: Sequence[int],
    decision: str,
    by: User,
    reason: str | None = None,
) -> list[Statement]:
    """Accept or reject several statements at once: all of them, or none if any is wrong."""
    if decision not in (ModerationStatus.ACCEPTED, ModerationStatus.REJECTED):
        raise InvalidInput("A moderation decision is 'accepted' or 'rejected'.")
    if decision == ModerationStatus.REJECTED and reason not in REJECTION_REASONS:
        raise InvalidInput("Choose a reason from the moderation policy to reject a statement.")
    ids = sorted({int(i) for i in statement_ids})
    if not ids:
        raise InvalidInput("Select at least one statement.")
    with transaction(session):
        statements = list(session.exec(select(Statement).where(col(Statement.id).in_(ids))))
        missing = set(ids) - {s.id for s in statements}
        if missing:
            raise NotFound(f"Statement(s) {sorted(missing)} no longer exist.")
        now = utcnow()
        for statement in statements:
            if statement.status == decision:
                raise Conflict(f"Statement {statement.id} is already {decision}.")
            statement.status = decision
            statement.rejection_reason = reason if decision == ModerationStatus.REJECTED else None
            statement.moderated_by, statement.moderated_at, statement.updated_at = by.id, now, now
            session.add(statement)
            audit.record(
                session,
                actor=f"user:{by.username}",
                action=f"statement.{decision}",
                object_type="statement",
                object_id=statement.id,
                dialogue_id=statement.dialogue_id,
                detail={"reason": statement.rejection_reason} if reason else {},
            )
    return statements
