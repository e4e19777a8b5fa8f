"""The audit log's hash chain: `python -m engagement verify-audit` finds the first changed or
missing event (exit code 1) and says the log is intact otherwise (exit code 0)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from engagement import audit
from engagement.actors import SYSTEM_CLI
from engagement.cli import main
from engagement.models import AuditEvent
from engagement.services import dialogues, staff

PASSWORD = "correct horse battery"


@pytest.fixture
def logged(session, open_dialogue, facilitator) -> list[int]:
    """A database whose audit log holds a dozen or so events; their ids in order."""
    admin = staff.create_user(session=session, username="ada", password=PASSWORD, role="admin",
                              by=SYSTEM_CLI)
    staff.change_role(session=session, user_id=facilitator.id, role="admin", by=admin)
    staff.reset_password(session=session, user_id=facilitator.id, by=admin)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    ids = list(session.exec(select(AuditEvent.id).order_by(AuditEvent.id)))
    assert len(ids) >= 10
    return ids


def verify(db_url: str, capsys) -> tuple[int, str]:
    code = main(["--database-url", db_url, "verify-audit"])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def sql(session, statement: str, **params) -> None:
    session.rollback()
    session.execute(text(statement), params)
    session.commit()


def test_an_intact_log_passes(session, db_url, logged, capsys):
    assert verify(db_url, capsys) == (0, "The audit log is intact.")
    assert audit.verify_chain(session) is None


def test_an_empty_log_passes(db_url, capsys):
    assert verify(db_url, capsys) == (0, "The audit log is intact.")


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
    sql(session, f"UPDATE audit_event SET {column} = :value WHERE id = :id",
        value=value, id=target)
    assert verify(db_url, capsys) == (1, f"Audit event {target} was changed after it was written.")


def test_a_changed_time_is_named(session, db_url, logged, capsys):
    target = logged[1]
    session.rollback()
    moment = session.get(AuditEvent, target).at
    session.execute(
        update(AuditEvent).where(AuditEvent.id == target).values(at=moment - timedelta(days=1))
    )
    session.commit()
    assert verify(db_url, capsys) == (1, f"Audit event {target} was changed after it was written.")


def test_the_first_of_several_changes_is_named(session, db_url, logged, capsys):
    for target in (logged[6], logged[2], logged[8]):
        sql(session, "UPDATE audit_event SET actor = 'user:mallory' WHERE id = :id", id=target)
    assert verify(db_url, capsys) == (1, f"Audit event {logged[2]} was changed after it was "
                                         "written.")


@pytest.mark.parametrize("position", [0, 4, -2])
def test_a_deleted_event_is_found(session, db_url, logged, capsys, position):
    gone = logged[position]
    after = logged[logged.index(gone) + 1]
    sql(session, "DELETE FROM audit_event WHERE id = :id", id=gone)
    assert verify(db_url, capsys) == (
        1, f"Audit event {after}: the event before it is missing or was changed."
    )


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(
    session, db_url, logged, capsys
):
    """A forger who also recomputes the changed event's own hash is caught by the next one."""
    target, following = logged[5], logged[6]
    session.rollback()
    event = session.get(AuditEvent, target)
    event.actor = "user:mallory"
    event.hash = audit._digest(event)
    session.add(event)
    session.commit()
    assert verify(db_url, capsys) == (
        1, f"Audit event {following}: the event before it is missing or was changed."
    )


def test_events_written_after_a_check_keep_the_chain(session, db_url, logged, capsys):
    assert verify(db_url, capsys)[0] == 0
    staff.create_user(session=session, username="newbie", password=PASSWORD, role="board",
                      by=SYSTEM_CLI)
    assert verify(db_url, capsys)[0] == 0
