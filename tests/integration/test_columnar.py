"""The columnar vote read (ADBC on SQLite files, COPY BINARY on PostgreSQL) gives exactly what
the driver's rows give, and never misses a vote the session's own transaction has written."""

from __future__ import annotations

import numpy as np
import pytest
from sqlmodel import select

from engagement import columnar as vote_columns_module
from engagement.actors import SYSTEM_INTEROP
from engagement.columnar import read_vote_columns, vote_columns
from engagement.db import transaction
from engagement.interop import import_polis
from engagement.models import Participant, Statement, Vote
from engagement.services import opinion
from tests.support import polis_files


def _imported(session, tmp_path) -> int:
    folder = tmp_path / "conversation"
    folder.mkdir()
    (folder / "comments.csv").write_text(polis_files.COMMENTS, encoding="utf-8")
    (folder / "votes.csv").write_text(polis_files.VOTES, encoding="utf-8")
    return import_polis(session=session, folder=folder, by=SYSTEM_INTEROP).dialogue_id


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_columns_equal_the_stored_votes(session, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(vote_columns_module, "SQLITE_CHUNK_VOTES", chunk)  # SQLite reads
    did = _imported(session, tmp_path)
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did)
    pids, sids, values, first_at = read_vote_columns(session, query)
    assert [a.dtype for a in (pids, sids, values, first_at)] == [np.int64] * 3 + [np.float64]
    got = sorted(zip(pids.tolist(), sids.tolist(), values.tolist(), first_at.tolist(),
                     strict=True))
    expected = sorted(
        (p, s, v, at.timestamp())
        for p, s, v, at in session.exec(
            select(Vote.participant_id, Vote.statement_id, Vote.value, Vote.created_at)
            .where(Vote.dialogue_id == did)
        ).all()
    )
    assert len(got) == 3  # votes by participants 0 (two) and 2 (one)
    assert got == expected  # times exact to the microsecond, as Python reads them
    assert max(first_at) == 1500000012.0  # participant 2's first vote, at 1500000012000 ms


def test_empty_dialogue_reads_no_votes(session, tmp_path):
    did = _imported(session, tmp_path)
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did + 1000)
    assert [len(column) for column in read_vote_columns(session, query)] == [0, 0, 0, 0]


def test_a_vote_written_in_the_same_transaction_is_counted(session, tmp_path):
    did = _imported(session, tmp_path)
    with transaction(session):
        before = opinion.load_votes(session=session, dialogue_id=did).matrix.votes.nnz
        participant = session.exec(
            select(Participant).where(Participant.dialogue_id == did,
                                      Participant.external_id == "2")
        ).one()
        statement = session.exec(
            select(Statement).where(Statement.dialogue_id == did, Statement.external_id == "1")
        ).one()
        session.add(Vote(participant_id=participant.id, statement_id=statement.id,
                         dialogue_id=did, value=-1))
        session.flush()  # written in this transaction, not committed: another connection
        after = opinion.load_votes(session=session, dialogue_id=did).matrix.votes.nnz
    assert (before, after) == (3, 4)
