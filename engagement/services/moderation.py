"""The moderation queue: accept participants' statements or reject them for a stated reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engagement import audit
from engagement.db import transaction
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import Dialogue, ModerationStatus, Reflection, Statement, User, utcnow
from engagement.privacy.redaction import redact, reidentification_risks
from engagement.services._lookup import acting, check_id
from engagement.text import normalise_statement

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


def pending(*, session: Session, by: User, dialogue_id: int | None = None) -> list[Statement]:
    """Statements awaiting moderation, with the words as written: for moderators only."""
    acting(session, by, "moderate")
    query = select(Statement).where(Statement.status == ModerationStatus.PENDING)
    if dialogue_id is not None:
        query = query.where(Statement.dialogue_id == dialogue_id)
    return list(session.exec(query.order_by(Statement.created_at, Statement.id)))


def _discard_original(session: Session, statement: Statement) -> None:
    """Once reviewed, only the redacted words are kept: the original is not needed again."""
    if not statement.redacted_text:
        return
    statement.text = statement.redacted_text
    statement.redacted_text = None
    normalised = normalise_statement(statement.text)
    clash = session.exec(select(Statement.id).where(
        Statement.dialogue_id == statement.dialogue_id, Statement.normalised == normalised,
        Statement.id != statement.id)).first()
    statement.normalised = f"{normalised} #{statement.id}" if clash else normalised


@dataclass(frozen=True)
class ReviewItem:
    """A text that may identify someone, for a facilitator's privacy review."""

    kind: str  # "statement" | "reflection"
    id: int
    text: str  # redacted
    removed: tuple[str, ...]  # kinds of personal data that were replaced
    risks: tuple[str, ...]  # reasons it might still identify someone


def privacy_review(*, session: Session, dialogue_id: int, by: User) -> list[ReviewItem]:
    """Pending statements where personal data was removed or where a rare condition or a
    relative is combined with a place or a date; and every reflection not yet reviewed, since
    no reflection is quoted before a facilitator has read it (as every statement is moderated
    before anyone sees it)."""
    items = []
    for statement in pending(session=session, dialogue_id=dialogue_id, by=by):
        found = redact(statement.text)
        risks = reidentification_risks(statement.text)
        if found.spans or risks:
            items.append(ReviewItem("statement", statement.id, found.text,
                                    tuple(sorted({sp.label for sp in found.spans})), risks))
    for reflection in session.exec(
        select(Reflection).where(Reflection.dialogue_id == dialogue_id,
                                 col(Reflection.reviewed_at).is_(None))
        .order_by(Reflection.id)
    ):
        found = redact(reflection.text)
        items.append(ReviewItem("reflection", reflection.id, found.text,
                                tuple(sorted({sp.label for sp in found.spans})),
                                reidentification_risks(reflection.text)))
    return items


def _review_reflection(session: Session, reflection_id: int, by: User,
                       quotable: bool) -> Reflection:
    by = acting(session, by, "moderate")
    reflection = session.get(Reflection, check_id(reflection_id, "reflection"))
    if reflection is None:
        raise NotFound("That reflection no longer exists.")
    reflection.quotable = quotable
    reflection.reviewed_at = utcnow()
    session.add(reflection)
    audit.record(session, actor=f"user:{by.username}",
                 action="reflection.quotable" if quotable else "reflection.not_quotable",
                 object_type="reflection", object_id=reflection.id,
                 dialogue_id=reflection.dialogue_id)
    return reflection


def allow_quotes(*, session: Session, reflection_id: int, by: User) -> Reflection:
    """After privacy review: this reflection (redacted) may be quoted, with its author's
    consent."""
    with transaction(session):
        return _review_reflection(session, reflection_id, by, quotable=True)


def keep_out_of_quotes(*, session: Session, reflection_id: int, by: User) -> Reflection:
    """After privacy review: this reflection still counts in themes but is never quoted."""
    with transaction(session):
        return _review_reflection(session, reflection_id, by, quotable=False)


def reveal_original(*, session: Session, statement_id: int, by: User) -> str:
    """The words as written, for the review of a pending statement only (audited)."""
    with transaction(session):
        by = acting(session, by, "moderate")
        statement = session.get(Statement, check_id(statement_id, "statement"))
        if statement is None or statement.status != ModerationStatus.PENDING:
            raise Conflict("The original words are kept only while a statement awaits review.")
        audit.record(session, actor=f"user:{by.username}", action="statement.original_viewed",
                     object_type="statement", object_id=statement.id,
                     dialogue_id=statement.dialogue_id)
        return statement.text


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
    if decision == ModerationStatus.REJECTED and (
        not isinstance(reason, str) or reason not in REJECTION_REASONS
    ):
        raise InvalidInput("Choose a reason from the moderation policy to reject a statement.")
    if not isinstance(statement_ids, list | tuple | set | frozenset):
        raise InvalidInput("Select the statements to decide on.")
    ids = sorted({check_id(i, "statement") for i in statement_ids})
    if not ids:
        raise InvalidInput("Select at least one statement.")
    with transaction(session):
        by = acting(session, by, "moderate")
        statements = list(session.exec(select(Statement).where(col(Statement.id).in_(ids))))
        for dialogue_id in {s.dialogue_id for s in statements}:
            acting(session, by, "moderate", status=session.get(Dialogue, dialogue_id).status)
        missing = set(ids) - {s.id for s in statements}
        if missing:
            raise NotFound(f"Statement(s) {sorted(missing)} no longer exist.")
        now = utcnow()
        for statement in statements:
            if statement.status == decision:
                raise Conflict(f"Statement {statement.id} is already {decision}.")
            _discard_original(session, statement)
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


def decided(*, session: Session, dialogue_id: int, by: User) -> list[Statement]:
    """Statements a moderator has accepted or rejected, latest decision first: the ones whose
    decision can be undone."""
    acting(session, by, "moderate")
    return list(session.exec(
        select(Statement).where(Statement.dialogue_id == dialogue_id,
                                col(Statement.moderated_at).is_not(None),
                                Statement.status != ModerationStatus.PENDING)
        .order_by(col(Statement.moderated_at).desc(), col(Statement.id).desc())))


# What undoing a decision does, said where the button is.
UNDO_CONSEQUENCE = (
    "Undoing a decision puts the statement back in the queue to be decided again. While it "
    "waits, nobody is asked to vote on it and the analysis leaves it out. Votes already given "
    "on it are kept: they count again if it is accepted."
)


def undo_decision(*, session: Session, statement_id: int, by: User) -> Statement:
    """Put a moderated statement back in the queue. Its votes are kept, never deleted: people
    gave them on these words, and they count again once it is accepted (while rejected or
    waiting they are left out, as Pol.is leaves out moderated-out statements)."""
    with transaction(session):
        by = acting(session, by, "moderate")
        statement = session.get(Statement, check_id(statement_id, "statement"))
        if statement is None:
            raise NotFound("That statement no longer exists.")
        acting(session, by, "moderate", status=session.get(Dialogue, statement.dialogue_id).status)
        if statement.moderated_at is None or statement.status == ModerationStatus.PENDING:
            raise Conflict(f"Statement {statement.id} has no moderation decision to undo.")
        undone, reason = statement.status, statement.rejection_reason
        statement.status = ModerationStatus.PENDING
        statement.rejection_reason = None
        statement.moderated_by = statement.moderated_at = None
        statement.updated_at = utcnow()
        session.add(statement)
        audit.record(session, actor=f"user:{by.username}", action="statement.decision_undone",
                     object_type="statement", object_id=statement.id,
                     dialogue_id=statement.dialogue_id,
                     detail={"undone": undone, **({"reason": reason} if reason else {})})
    return statement
