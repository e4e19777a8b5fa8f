"""Append-only audit trail that shows tampering, truncation and forks.

* Each event carries its position (``seq``, from 1) and the hash of the event before it, and
  its own hash is an HMAC-SHA256 under a key kept outside the database (engagement/keystore.py):
  whoever can write to the database cannot write a valid event, nor re-chain forged ones.
* After every commit that appended events, the head (number of events and the newest hash) is
  written to a checkpoint file outside the database, signed with the same key. A log shorter
  than its checkpoint, or whose event at the checkpoint differs, was truncated or rewritten.
  The checkpoint is written after the commit, so a rolled-back transaction never leaves it
  ahead of the database; a crash between commit and checkpoint leaves it behind, which
  verification accepts (it then vouches for the events up to the checkpoint only).
* Database triggers (migration 0006_audit) refuse UPDATE, DELETE and TRUNCATE of events.
* Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
  write lock every use case takes first (BEGIN IMMEDIATE). Two events never share a parent.

Events written before the key existed (plain SHA-256, migration 0004 and earlier) still
verify, as a prefix only: the first keyed event's HMAC covers the hash of the last of them, so
they cannot be changed afterwards either. A plain event never follows a keyed one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from engagement import keystore
from engagement.models import AuditEvent, utcnow

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key of the audit log's append lock ('AUDI').
APPEND_LOCK = 0x41554449


def moment_text(moment: datetime) -> str:
    """A moment as fixed text for a hash or a register line: UTC, to the microsecond (a
    moment stored without a zone is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _fields(event: AuditEvent) -> list:
    return [event.actor, event.action, event.object_type, event.object_id, event.dialogue_id,
            event.detail]


def _legacy_digest(event: AuditEvent) -> str:
    """The unkeyed SHA-256 of events written before migration 0006_audit."""
    payload = json.dumps([event.prev_hash, event.at.isoformat(), *_fields(event)],
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def digest(event: AuditEvent, key: bytes) -> str:
    payload = json.dumps(["v2", event.seq, event.prev_hash, moment_text(event.at), *_fields(event)],
                         separators=(",", ":"))
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def database_identity(session: Session) -> str | None:
    """Which database the session writes to (a restore's staging copy names its target)."""
    return session.info.get("database_identity") or keystore.database_identity(
        session.get_bind().url
    )


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
    key = keystore.audit_key(create=True)
    if session.get_bind().dialect.name == "postgresql":
        # Held until the caller's transaction ends: the next appender reads this event as
        # its parent (READ COMMITTED takes a fresh snapshot after the wait).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        dialogue_id=dialogue_id,
        detail=json.dumps(detail or {}, sort_keys=True),
        seq=(last.seq if last else 0) + 1,
        prev_hash=last.hash if last else "",
    )
    event.hash = digest(event, key)
    session.add(event)
    session.flush()
    identity = database_identity(session)
    if identity:
        session.info["audit_head"] = (identity, event.seq, event.hash)
    return event


# --- checkpoint -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    events: int
    last_hash: str


def checkpoint_path(identity: str) -> Path:
    return keystore.record_path(identity, "audit-head", ".json")


def _checkpoint_mac(key: bytes, identity: str, events: int, last_hash: str) -> str:
    message = f"audit-checkpoint|{identity}|{events}|{last_hash}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _read_raw(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_checkpoint(identity: str, events: int, last_hash: str, *, force: bool = False) -> None:
    """Record the head. Without ``force`` it only moves forward: commits of concurrent
    transactions can run their after-commit step in either order."""
    key = keystore.audit_key(create=True)
    path = checkpoint_path(identity)
    with keystore.locked(path):
        current = _read_raw(path)
        if not force and current and isinstance(current.get("events"), int) \
                and current["events"] >= events:
            return
        body = {"database": identity, "events": events, "last_hash": last_hash,
                "mac": _checkpoint_mac(key, identity, events, last_hash)}
        keystore.write_private_atomic(path, json.dumps(body) + "\n")


def read_checkpoint(identity: str, key: bytes) -> Checkpoint | None:
    """The signed head, None when there is none; InvalidCheckpoint when it does not verify."""
    data = _read_raw(checkpoint_path(identity))
    if data is None:
        return None
    events, last_hash = data.get("events"), data.get("last_hash")
    if not isinstance(events, int) or not isinstance(last_hash, str) or not hmac.compare_digest(
        str(data.get("mac", "")), _checkpoint_mac(key, identity, events, last_hash)
    ):
        raise InvalidCheckpoint
    return Checkpoint(events, last_hash)


class InvalidCheckpoint(Exception):
    pass


@sa_event.listens_for(OrmSession, "after_commit")
def _checkpoint_after_commit(session: OrmSession) -> None:
    head = session.info.pop("audit_head", None)
    if head is None or session.info.get("audit_checkpoint_deferred"):
        return
    try:
        write_checkpoint(*head)
    except OSError:  # the events are committed; a lagging checkpoint still verifies
        log.exception("Could not write the audit checkpoint for %s", head[0])


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_head(session: OrmSession) -> None:
    session.info.pop("audit_head", None)


def head(session: Session) -> Checkpoint:
    """The newest event's position and hash (0 and "" for an empty log)."""
    last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    return Checkpoint(last.seq, last.hash) if last else Checkpoint(0, "")


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    problem: str | None  # one sentence, None when intact
    events: int = 0
    checkpointed: int = 0  # events the checkpoint vouches for


def verify(session: Session) -> Verdict:
    """Walk the chain from the first event, then compare its end with the checkpoint."""
    key = keystore.audit_key(create=False)
    identity = database_identity(session)
    count, keyed_seen, previous = 0, False, ""
    hashes: list[str] = []
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
        count += 1
        if event.prev_hash != previous or event.seq != count:
            return Verdict(f"Audit event {event.id}: the event before it is missing or was "
                           "changed.", count)
        if key is not None and hmac.compare_digest(event.hash, digest(event, key)):
            keyed_seen = True
        elif keyed_seen or event.hash != _legacy_digest(event):
            if key is None:
                return Verdict(f"Audit event {event.id} cannot be checked: no audit key "
                               f"({keystore.KEY_ENV} or {keystore.secrets_dir() / 'audit_key'}).",
                               count)
            return Verdict(f"Audit event {event.id} was changed after it was written.", count)
        previous = event.hash
        hashes.append(event.hash)
    if identity is None:
        return Verdict(None, count)
    return _against_checkpoint(identity, key, hashes, keyed_seen)


def _against_checkpoint(identity: str, key: bytes | None, hashes: list[str],
                        keyed_seen: bool) -> Verdict:
    path = checkpoint_path(identity)
    count = len(hashes)
    try:
        mark = read_checkpoint(identity, key) if key is not None else None
    except InvalidCheckpoint:
        return Verdict(f"The audit checkpoint {path} was changed or is not this database's.",
                       count)
    if mark is None:
        if key is None and path.exists():
            return Verdict(f"The audit checkpoint {path} cannot be checked: no audit key "
                           f"({keystore.KEY_ENV} or {keystore.secrets_dir() / 'audit_key'}).",
                           count)
        if keyed_seen:
            return Verdict(f"The audit checkpoint {path} is missing: removal of the newest "
                           "events cannot be ruled out.", count)
        return Verdict(None, count)  # an empty log, or only events from before keying
    if count == 0 and mark.events > 0:
        return Verdict(f"The audit log is empty but its checkpoint records {mark.events} events: "
                       "it was emptied.", 0)
    if count < mark.events:
        return Verdict(f"The audit log holds {count} events but its checkpoint records "
                       f"{mark.events}: the newest events were removed.", count)
    if mark.events and hashes[mark.events - 1] != mark.last_hash:
        return Verdict(f"Audit event number {mark.events} is not the one its checkpoint "
                       "records: the log was rewritten.", count)
    return Verdict(None, count, mark.events)


def start_checkpoint(session: Session) -> bool:
    """Give a log that verifies but has no checkpoint yet (events from before keying, just
    upgraded) its first checkpoint, so that removal is noticed from now on. A log with keyed
    events and no checkpoint fails verification instead and is left alone."""
    identity = database_identity(session)
    if identity is None or checkpoint_path(identity).exists():
        return False
    verdict = verify(session)
    if verdict.problem or verdict.events == 0:
        return False
    mark = head(session)
    write_checkpoint(identity, mark.events, mark.last_hash)
    return True


def verify_chain(session: Session) -> str | None:
    """None when the chain is intact, otherwise a sentence naming the first problem."""
    return verify(session).problem
