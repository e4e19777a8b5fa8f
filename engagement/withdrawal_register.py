"""The withdrawal register: internal ids of participants who withdrew, and nothing else.

A withdrawal is entered twice: in the ``withdrawal_register`` table, in the same transaction as
the withdrawal itself (so it cannot be lost), and after the commit as a line in a mode-600 file
outside the database (engagement/keystore.py), which survives when the database is lost or
replaced. ``restore`` merges both before it swaps anything in, and withdraws again everyone
registered whom the backup brings back.

An entry is the participant's id and the moment they joined: after a restore, ids are handed
out again from the backup's highest, so a later participant may get a withdrawn person's id;
the moment they joined tells the two apart.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event as sa_event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from engagement import keystore
from engagement.audit import database_identity, moment_text
from engagement.db import transaction
from engagement.models import Participant, WithdrawalRegister

Entry = tuple[int, str]  # (participant id, when they joined)


def register_path(identity: str) -> Path:
    return keystore.record_path(identity, "withdrawals", ".txt")


def register_withdrawal(session: Session, participant_id: int) -> None:
    """Enter a withdrawal, inside the withdrawing transaction (the file follows the commit)."""
    participant = session.get(Participant, participant_id)
    entry = (participant_id, moment_text(participant.created_at))
    _add_row(session, entry)
    identity = database_identity(session)
    if identity:
        session.info.setdefault("withdrawals_pending", []).append((identity, entry))


def _add_row(session: Session, entry: Entry) -> None:
    present = session.exec(select(WithdrawalRegister).where(
        WithdrawalRegister.participant_id == entry[0], WithdrawalRegister.joined == entry[1]
    )).first()
    if present is None:
        session.add(WithdrawalRegister(participant_id=entry[0], joined=entry[1]))


@sa_event.listens_for(OrmSession, "after_commit")
def _append_to_file(session: OrmSession) -> None:
    for identity, (participant_id, joined) in session.info.pop("withdrawals_pending", []):
        keystore.append_private_line(register_path(identity), f"{participant_id} {joined}")


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop("withdrawals_pending", None)


def read_file(identity: str) -> set[Entry]:
    try:
        lines = register_path(identity).read_text().splitlines()
    except FileNotFoundError:
        return set()
    entries = set()
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():  # a torn last line is skipped
            entries.add((int(parts[0]), parts[1]))
    return entries


def read_table(session: Session) -> set[Entry]:
    """The register of a database, or nothing when it has none (older schema, unreadable)."""
    try:
        return {(r.participant_id, r.joined) for r in session.exec(select(WithdrawalRegister))}
    except SQLAlchemyError:
        session.rollback()
        return set()


def keep(session: Session, entries: set[Entry]) -> list[int]:
    """Enter every entry in this database's table; return the ids of the registered
    participants it holds but has not withdrawn (a restore withdraws them again, through the
    use case: engagement/ops/backup.py)."""
    with transaction(session):
        for entry in sorted(entries):
            _add_row(session, entry)
    again = []
    for participant_id, joined in sorted(entries):
        participant = session.get(Participant, participant_id)
        if (participant is not None and participant.withdrawn_at is None
                and moment_text(participant.created_at) == joined):
            again.append(participant_id)
    return again
