"""Append-only audit trail, chained by hashes so that tampering shows."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, select

from engagement.models import AuditEvent, utcnow


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.prev_hash,
            event.at.isoformat(),
            event.actor,
            event.action,
            event.object_type,
            event.object_id,
            event.dialogue_id,
            event.detail,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: object = "",
    dialogue_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Add an event inside the caller's transaction. Never pass participant content here."""
    last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        dialogue_id=dialogue_id,
        detail=json.dumps(detail or {}, sort_keys=True),
        prev_hash=last.hash if last else "",
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


def verify_chain(session: Session) -> str | None:
    """None when the chain is intact, otherwise a sentence naming the first broken event."""
    previous = ""
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
        if event.prev_hash != previous:
            return f"Audit event {event.id}: the event before it is missing or was changed."
        if _digest(event) != event.hash:
            return f"Audit event {event.id} was changed after it was written."
        previous = event.hash
    return None
