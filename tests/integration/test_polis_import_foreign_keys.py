"""import-polis loads the votes with SQLite's foreign-key checks off for its one transaction
(every key it writes was read back in that transaction: 1.1 s of CPU per million votes
saved), and the database checks them again afterwards, after a failed import too."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from engagement.actors import SYSTEM_INTEROP
from engagement.db import is_sqlite, transaction
from engagement.interop import import_polis, polis
from engagement.models import Participant, Statement, Vote, utcnow
from tests.support.shared_data import polis_folder

CONVERSATION = "15-per-hour-seattle"


def _orphan_vote_refused(session) -> None:
    now = utcnow()
    with pytest.raises(IntegrityError):
        with transaction(session):
            session.add(Vote(participant_id=987_654, statement_id=876_543, dialogue_id=765_432,
                             value=1, created_at=now, updated_at=now))
            session.flush()


def _keys_hold(session) -> None:
    """Every imported vote's participant, statement and dialogue exist."""
    votes = session.exec(select(func.count(Vote.id))).one()
    assert votes > 1000
    joined = session.exec(
        select(func.count(Vote.id)).join(Participant, Participant.id == Vote.participant_id)
        .join(Statement, Statement.id == Vote.statement_id)
        .where(Participant.dialogue_id == Vote.dialogue_id,
               Statement.dialogue_id == Vote.dialogue_id)).one()
    assert joined == votes
    if is_sqlite(session):
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    session.commit()


def test_the_import_writes_votes_unchecked_and_checks_resume(session, monkeypatch):
    seen = []
    insert_votes = polis._insert_votes

    def spy(session, *args):
        if is_sqlite(session):
            seen.append(session.execute(text("PRAGMA foreign_keys")).scalar_one())
        return insert_votes(session, *args)

    monkeypatch.setattr(polis, "_insert_votes", spy)
    import_polis(session=session, folder=polis_folder(CONVERSATION), slug="seattle",
                 by=SYSTEM_INTEROP)
    assert seen == ([0] if is_sqlite(session) else [])
    _keys_hold(session)
    _orphan_vote_refused(session)


def test_a_failed_import_leaves_no_vote_and_the_checks_on(session, monkeypatch):
    def fail(*_args):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(polis, "_stored_times", fail)
    with pytest.raises(RuntimeError, match="disk is full"):
        import_polis(session=session, folder=polis_folder(CONVERSATION), slug="seattle",
                     by=SYSTEM_INTEROP)
    session.rollback()
    assert session.exec(select(func.count(Vote.id))).one() == 0
    assert session.exec(select(func.count(Participant.id))).one() == 0
    session.commit()
    _orphan_vote_refused(session)
