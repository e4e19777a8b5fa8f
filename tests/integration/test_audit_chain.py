"""The audit log: `python -m engagement verify-audit` finds the first changed or missing event,
a log cut short at its end or emptied, and events forged and re-chained (exit code 1, one
line), and says the log is intact otherwise (exit code 0). Triggers refuse UPDATE and DELETE;
16 writers at once never fork the chain.

The attacker here owns the database: they switch the append-only triggers off first (as a
database owner can), change rows, and switch them on again. They do not hold the audit key or
the checkpoint, which live outside the database (engagement/keystore.py)."""

from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from engagement import audit, keystore
from engagement.actors import SYSTEM_CLI
from engagement.cli import main
from engagement.db import make_engine, new_session, transaction
from engagement.migrate import upgrade
from engagement.models import AuditEvent, User
from engagement.services import dialogues, participation, staff
from tests.support.backends import backend_params

PASSWORD = "correct horse battery"


@pytest.fixture
def logged(session, open_dialogue, facilitator) -> list[int]:
    """A database whose audit log holds a dozen or so events; their ids in order."""
    admin = staff.create_user(session=session, username="ada", password=PASSWORD, role="admin",
                              by=SYSTEM_CLI)
    staff.change_role(session=session, user_id=facilitator.id, role="admin", by=admin)
    staff.reset_password(session=session, user_id=facilitator.id, by=admin)
    for name in ("Workshop 1", "Workshop 2", "Workshop 3"):
        dialogues.add_session(session=session, dialogue_id=open_dialogue.id, name=name,
                              by=facilitator)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    ids = list(session.exec(select(AuditEvent.id).order_by(AuditEvent.id)))
    assert len(ids) >= 14
    return ids


def verify(db_url: str, capsys) -> tuple[int, str]:
    code = main(["--database-url", db_url, "verify-audit"])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def tamper(session, *statements: tuple[str, dict]) -> None:
    """Change audit rows as the database's owner: triggers off, statements, triggers on."""
    session.rollback()
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
    else:
        triggers = session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'audit_event'")).all()
        assert len(triggers) == 2
        for name, _ in triggers:
            session.execute(text(f"DROP TRIGGER {name}"))
    for statement, params in statements:
        session.execute(text(statement), params)
    if postgres:
        session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
    else:
        for _, sql in triggers:
            session.execute(text(sql))
    session.commit()


def rows(session) -> list[AuditEvent]:
    session.rollback()
    session.expire_all()
    return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))


def rewrite(event: AuditEvent) -> tuple[str, dict]:
    return ("UPDATE audit_event SET actor = :actor, detail = :detail, prev_hash = :prev, "
            "hash = :hash WHERE id = :id",
            {"actor": event.actor, "detail": event.detail, "prev": event.prev_hash,
             "hash": event.hash, "id": event.id})


def legacy_digest(event: AuditEvent) -> str:
    """The unkeyed SHA-256 of migration 0004 and earlier (what a forger can compute)."""
    payload = json.dumps([event.prev_hash, event.at.isoformat(), event.actor, event.action,
                          event.object_type, event.object_id, event.dialogue_id, event.detail],
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def forge_and_rechain(session, position: int, rehash) -> None:
    """Change the event at ``position`` and recompute every hash from there on with ``rehash``."""
    events = rows(session)
    changed = []
    previous = events[position - 1].hash if position else ""
    for i, event in enumerate(events[position:]):
        session.expunge(event)
        if i == 0:
            event.actor = "user:mallory"
            event.detail = json.dumps({"username": "mallory", "role": "admin"})
        event.prev_hash = previous
        event.hash = rehash(event)
        previous = event.hash
        changed.append(rewrite(event))
    tamper(session, *changed)


# --- intact -----------------------------------------------------------------------------------


def test_an_intact_log_passes(session, db_url, logged, capsys):
    assert verify(db_url, capsys) == (0, "The audit log is intact.")
    assert audit.verify_chain(session) is None
    events = rows(session)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_an_empty_log_passes(db_url, capsys):
    assert verify(db_url, capsys) == (0, "The audit log is intact.")


def test_events_written_after_a_check_keep_the_chain(session, db_url, logged, capsys):
    assert verify(db_url, capsys)[0] == 0
    staff.create_user(session=session, username="newbie", password=PASSWORD, role="board",
                      by=SYSTEM_CLI)
    assert verify(db_url, capsys) == (0, "The audit log is intact.")


def test_key_and_checkpoint_are_private_files_outside_the_database(session, db_url, logged):
    identity = keystore.database_identity(db_url)
    checkpoint = audit.checkpoint_path(identity)
    key = keystore.secrets_dir() / "audit_key"
    assert checkpoint.is_file() and key.is_file()
    assert checkpoint.stat().st_mode & 0o777 == 0o600
    assert key.stat().st_mode & 0o777 == 0o600
    saved = json.loads(checkpoint.read_text())
    last = rows(session)[-1]
    assert (saved["events"], saved["last_hash"]) == (last.seq, last.hash)
    assert key.read_text().strip() not in json.dumps([list(r) for r in session.execute(
        text("SELECT * FROM audit_event")).all()], default=str)


def test_a_rolled_back_transaction_leaves_the_checkpoint_where_it_was(
    session, db_url, logged, capsys
):
    identity = keystore.database_identity(db_url)
    before = audit.checkpoint_path(identity).read_text()
    with pytest.raises(RuntimeError), transaction(session):
        audit.record(session, actor="system", action="test.rolled_back", object_type="test")
        raise RuntimeError("the use case fails after its event was added")
    assert audit.checkpoint_path(identity).read_text() == before
    assert verify(db_url, capsys) == (0, "The audit log is intact.")


def test_a_checkpoint_behind_the_log_still_verifies_and_says_so(session, db_url, logged, capsys):
    """A crash between commit and checkpoint leaves the checkpoint behind: honest, not broken."""
    session.info["audit_checkpoint_deferred"] = True
    with transaction(session):
        audit.record(session, actor="system", action="test.unchecked", object_type="test")
    n = len(logged)
    assert verify(db_url, capsys) == (
        0, f"The audit log is intact ({n + 1} events; the checkpoint vouches for the first {n})."
    )


# --- triggers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET actor = 'user:mallory'",
    "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)",
    "DELETE FROM audit_event",
])
def test_the_database_refuses_to_change_or_delete_events(session, logged, statement):
    before = [(e.id, e.actor, e.hash) for e in rows(session)]
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
    session.rollback()
    assert [(e.id, e.actor, e.hash) for e in rows(session)] == before


def test_the_database_refuses_to_empty_the_log(session, logged, db_backend):
    # SQLite has no TRUNCATE; its unqualified DELETE (the "truncate optimisation") is the same
    # act, and SQLite skips that optimisation when a DELETE trigger exists.
    emptying = "TRUNCATE audit_event" if db_backend == "postgres" else "DELETE FROM audit_event"
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(emptying))
    session.rollback()
    assert len(rows(session)) == len(logged)


# --- changes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("detail", json.dumps({"username": "mallory", "role": "admin"}, sort_keys=True)),
        ("actor", "user:mallory"),
        ("action", "user.signed_in"),
        ("object_id", "999"),
    ],
)
def test_a_changed_event_is_named(session, db_url, logged, capsys, column, value):
    target = logged[3]
    tamper(session, (f"UPDATE audit_event SET {column} = :value WHERE id = :id",
                     {"value": value, "id": target}))
    assert verify(db_url, capsys) == (1, f"Audit event {target} was changed after it was written.")


def test_a_changed_time_is_named(session, db_url, logged, capsys):
    target = logged[1]
    moment = session.get(AuditEvent, target).at
    tamper(session, ("UPDATE audit_event SET at = :at WHERE id = :id",
                     {"at": (moment - timedelta(days=1)).replace(tzinfo=None), "id": target}))
    assert verify(db_url, capsys) == (1, f"Audit event {target} was changed after it was written.")


def test_the_first_of_several_changes_is_named(session, db_url, logged, capsys):
    tamper(session, *[("UPDATE audit_event SET actor = 'user:mallory' WHERE id = :id",
                       {"id": target}) for target in (logged[6], logged[2], logged[8])])
    assert verify(db_url, capsys) == (1, f"Audit event {logged[2]} was changed after it was "
                                         "written.")


@pytest.mark.parametrize("position", [0, 4, -2])
def test_a_deleted_event_is_found(session, db_url, logged, capsys, position):
    gone = logged[position]
    after = logged[logged.index(gone) + 1]
    tamper(session, ("DELETE FROM audit_event WHERE id = :id", {"id": gone}))
    assert verify(db_url, capsys) == (
        1, f"Audit event {after}: the event before it is missing or was changed."
    )


# --- truncation -------------------------------------------------------------------------------


@pytest.mark.parametrize("removed", [1, 10])
def test_removing_the_newest_events_is_reported(session, db_url, logged, capsys, removed):
    tamper(session, ("DELETE FROM audit_event WHERE id >= :first", {"first": logged[-removed]}))
    assert len(rows(session)) == len(logged) - removed
    assert verify(db_url, capsys) == (
        1, f"The audit log holds {len(logged) - removed} events but its checkpoint records "
           f"{len(logged)}: the newest events were removed.")


def test_emptying_the_log_is_reported(session, db_url, logged, capsys, db_backend):
    emptying = "TRUNCATE audit_event" if db_backend == "postgres" else "DELETE FROM audit_event"
    tamper(session, (emptying, {}))
    assert rows(session) == []
    assert verify(db_url, capsys) == (
        1, f"The audit log is empty but its checkpoint records {len(logged)} events: "
           "it was emptied.")


# --- forgery ----------------------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, 5, -1])
def test_a_forged_event_rechained_without_the_key_is_reported(
    session, db_url, logged, capsys, position
):
    """The forger recomputes every later hash with the algorithm they can run (SHA-256): after
    a keyed event that is a changed event; from the first event on, the checkpoint differs."""
    position %= len(logged)
    forge_and_rechain(session, position, legacy_digest)
    expected = (f"Audit event {logged[position]} was changed after it was written." if position
                else f"Audit event number {len(logged)} is not the one its checkpoint records: "
                     "the log was rewritten.")
    assert verify(db_url, capsys) == (1, expected)


def test_a_forged_event_rechained_with_another_key_is_reported(session, db_url, logged, capsys):
    forge_and_rechain(session, 5, lambda e: audit.digest(e, b"k" * 32))
    assert verify(db_url, capsys) == (1, f"Audit event {logged[5]} was changed after it was "
                                         "written.")


def test_a_forged_event_rechained_with_the_stolen_key_is_caught_by_the_checkpoint(
    session, db_url, logged, capsys
):
    key = keystore.audit_key(create=False)
    forge_and_rechain(session, 5, lambda e: audit.digest(e, key))
    assert verify(db_url, capsys) == (
        1, f"Audit event number {len(logged)} is not the one its checkpoint records: "
           "the log was rewritten.")


def test_a_changed_or_missing_checkpoint_is_reported(session, db_url, logged, capsys):
    path = audit.checkpoint_path(keystore.database_identity(db_url))
    saved = json.loads(path.read_text())
    path.write_text(json.dumps({**saved, "events": saved["events"] - 1}))
    assert verify(db_url, capsys) == (
        1, f"The audit checkpoint {path} was changed or is not this database's.")
    path.unlink()
    assert verify(db_url, capsys) == (
        1, f"The audit checkpoint {path} is missing: removal of the newest events cannot be "
           "ruled out.")


# --- events written before the key (plain SHA-256, migration 0004) ----------------------------


@pytest.mark.parametrize("empty_db_url", backend_params(), indirect=True)
def test_events_chained_before_the_key_still_verify_and_stay_sealed(empty_db_url, capsys):
    upgrade(empty_db_url, "0004")
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            previous = ""
            for i in range(5):
                event = AuditEvent(at=audit.utcnow(), actor="system", action=f"old.{i}",
                                   object_type="test", detail="{}", prev_hash=previous)
                event.hash = legacy_digest(event)
                conn.execute(text(
                    "INSERT INTO audit_event (at, actor, action, object_type, object_id, "
                    "dialogue_id, detail, prev_hash, hash) VALUES (:at, :actor, :action, "
                    ":object_type, '', NULL, :detail, :prev_hash, :hash)"),
                    {"at": event.at.replace(tzinfo=None), "actor": event.actor,
                     "action": event.action, "object_type": event.object_type,
                     "detail": event.detail, "prev_hash": event.prev_hash, "hash": event.hash})
                previous = event.hash
        upgrade(empty_db_url)
        assert verify(empty_db_url, capsys) == (0, "The audit log is intact.")
        # init-db gives the upgraded log its first checkpoint: removal is noticed from then on.
        assert main(["--database-url", empty_db_url, "init-db"]) == 0
        assert "first checkpoint" in capsys.readouterr().out
        checkpoint = audit.checkpoint_path(keystore.database_identity(empty_db_url))
        assert json.loads(checkpoint.read_text())["events"] == 5
        assert main(["--database-url", empty_db_url, "init-db"]) == 0
        assert "first checkpoint" not in capsys.readouterr().out
        with new_session(engine) as session:
            staff.create_user(session=session, username="after", password=PASSWORD, role="board",
                              by=SYSTEM_CLI)
            assert verify(empty_db_url, capsys) == (0, "The audit log is intact.")
            events = rows(session)
            assert [e.seq for e in events] == list(range(1, 7))
            # Re-chained with SHA-256 from an old event on, the log no longer ends as signed.
            forge_and_rechain(session, 1, legacy_digest)
            assert verify(empty_db_url, capsys) == (
                1, "Audit event number 6 is not the one its checkpoint records: the log was "
                   "rewritten.")
    finally:
        engine.dispose()


# --- concurrency ------------------------------------------------------------------------------

WRITERS = 16
ACTIONS = 4  # audited actions per writer


def test_sixteen_concurrent_audited_writers_keep_one_chain(engine, session, open_dialogue,
                                                          facilitator, db_url, capsys):
    """Each writer adds sessions to the dialogue and withdraws a participant of its own, all
    starting together: every event gets its own parent and position, and the log verifies."""
    dialogue_id, facilitator_id = open_dialogue.id, facilitator.id
    participants = []
    for _ in range(WRITERS):
        pid = participation.join(session=session, join_code="TEST01").participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        participants.append(pid)
    before = len(rows(session))
    session.close()
    barrier = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        barrier.wait(60)
        with new_session(engine) as own:
            by = own.get(User, facilitator_id)
            for i in range(ACTIONS - 1):
                dialogues.add_session(session=own, dialogue_id=dialogue_id,
                                      name=f"Writer {number} session {i}", by=by)
            participation.withdraw(session=own, participant_id=participants[number])

    with ThreadPoolExecutor(WRITERS) as pool:
        for future in [pool.submit(writer, n) for n in range(WRITERS)]:
            future.result()
    events = rows(session)
    assert len(events) == before + WRITERS * ACTIONS
    parents = [e.prev_hash for e in events]
    assert len(set(parents)) == len(parents), "two events share a parent: the chain forked"
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert verify(db_url, capsys) == (0, "The audit log is intact.")
