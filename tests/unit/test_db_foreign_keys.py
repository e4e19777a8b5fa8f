"""``transaction(session, foreign_keys=False)`` (engagement/db.py): SQLite checks no foreign key
inside that one transaction (a bulk load such as import-polis), and the connection has them
checked again before its next transaction, whether the bulk transaction committed or failed."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from engagement.db import new_session, transaction
from engagement.models import Vote, utcnow


def _checked(session) -> int:
    return session.execute(text("PRAGMA foreign_keys")).scalar_one()


def _orphan_vote() -> Vote:
    now = utcnow()
    return Vote(participant_id=987_654, statement_id=876_543, dialogue_id=765_432, value=1,
                created_at=now, updated_at=now)


def _refused(engine) -> None:
    with new_session(engine) as session:
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            with transaction(session):
                assert _checked(session) == 1
                session.add(_orphan_vote())
                session.flush()


def test_foreign_keys_are_off_only_inside_the_bulk_transaction(engine):
    with new_session(engine) as session:
        with transaction(session, foreign_keys=False):
            assert _checked(session) == 0
        with transaction(session):  # the same (only) connection, next transaction
            assert _checked(session) == 1
    _refused(engine)


def test_foreign_keys_come_back_after_a_failed_bulk_transaction(engine):
    with new_session(engine) as session:
        with pytest.raises(RuntimeError, match="half way"):
            with transaction(session, foreign_keys=False):
                session.add(_orphan_vote())
                session.flush()  # not refused here: that is the point of the option
                raise RuntimeError("failed half way")
        with transaction(session):
            assert _checked(session) == 1
            assert session.execute(text("SELECT count(*) FROM vote")).scalar_one() == 0
    _refused(engine)


def test_a_joined_use_case_keeps_the_outer_transactions_checks(engine):
    with new_session(engine) as session:
        with transaction(session):
            with transaction(session, foreign_keys=False):  # joins: cannot switch them off
                assert _checked(session) == 1
