"""A big Pol.is import into SQLite builds the vote table's secondary indexes after the rows
(engagement/interop/polis.py, ``_sqlite_indexes_rebuilt``): afterwards, and after an import
that fails half way, the vote table has exactly the indexes it had before."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from engagement.actors import SYSTEM_INTEROP
from engagement.db import is_sqlite
from engagement.interop import import_polis, polis
from engagement.models import Vote
from tests.support.shared_data import polis_folder

CONVERSATION = "15-per-hour-seattle"


def _vote_indexes(session) -> list[tuple]:
    if is_sqlite(session):
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vote'"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'vote'"
    rows = sorted(tuple(row) for row in session.execute(text(query)))
    session.commit()
    return rows


def test_an_import_leaves_the_vote_indexes_as_they_were(session):
    before = _vote_indexes(session)
    assert len(before) >= 3  # the unique pair and the two secondary indexes
    summary = import_polis(session=session, folder=polis_folder(CONVERSATION),
                           slug="seattle", by=SYSTEM_INTEROP)
    assert summary.votes > 1000
    assert _vote_indexes(session) == before
    assert session.exec(select(func.count(Vote.id))).one() == summary.votes
    # a second, smaller import than the table now holds keeps the indexes in place
    again = import_polis(session=session, folder=polis_folder(CONVERSATION),
                         slug="seattle-again", by=SYSTEM_INTEROP)
    assert again.votes == summary.votes
    assert _vote_indexes(session) == before


def test_a_failed_import_leaves_the_indexes_and_no_vote(session, monkeypatch):
    before = _vote_indexes(session)
    written = []

    def fail_after_the_first_batch(ms, suffix):  # a batch's first times, then changed last ones
        if len(ms) == 500 and 500 in written:  # the second batch's first times
            raise RuntimeError("the disk is full")
        written.append(len(ms))
        return stored(ms, suffix)

    stored = polis._stored_times
    monkeypatch.setattr(polis, "VOTE_INSERT_BATCH", 500)
    monkeypatch.setattr(polis, "_stored_times", fail_after_the_first_batch)
    with pytest.raises(RuntimeError, match="disk is full"):
        import_polis(session=session, folder=polis_folder(CONVERSATION), slug="seattle",
                     by=SYSTEM_INTEROP)
    assert written[0] == 500  # the failure came after a batch of votes had gone in
    session.rollback()
    assert _vote_indexes(session) == before
    assert session.exec(select(func.count(Vote.id))).one() == 0
