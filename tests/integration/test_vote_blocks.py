"""Vote blocks (SQLite): ranges of a dialogue's votes kept as columns by ``run_analysis`` and
read back instead of the votes. A second copy of votes: these tests hold it to the votes
(every read equals the plain read; a changed vote, a withdrawal and a vote id used again are
never missed) and to the promise of withdrawal (no block keeps a withdrawn participant's
votes). On PostgreSQL no block is ever written."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text
from sqlmodel import select

from engagement import columnar
from engagement.columnar import read_votes_and_sums, vote_columns
from engagement.db import transaction
from engagement.models import Statement, Vote, VoteBlock
from engagement.services import opinion, participation


def _voter(session) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def _voted(session, did: int, voters: int) -> tuple[list[int], list[int]]:
    statements = [s.id for s in session.exec(select(Statement).where(
        Statement.dialogue_id == did).order_by(Statement.id))]
    pids = [_voter(session) for _ in range(voters)]
    for n, pid in enumerate(pids):
        for sid in statements:
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value=("agree", "disagree", "pass")[(n + sid) % 3])
    return pids, statements


def _plain_read(session, did: int):
    """The votes read without blocks (the reference)."""
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did)
    with transaction(session):
        return read_votes_and_sums(session, query)


def _block_read(session, did: int):
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did)
    with transaction(session):
        return read_votes_and_sums(session, query, blocks_of=did)


def _blocks(session, did: int) -> list[VoteBlock]:
    session.expire_all()
    return list(session.exec(select(VoteBlock).where(VoteBlock.dialogue_id == did)))


def _sqlite(session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _assert_same(one, two) -> None:
    (columns, sums), (columns_two, sums_two) = one, two
    assert len(columns[0]) > 0
    for ours, theirs in zip(columns, columns_two, strict=True):
        assert ours.dtype == theirs.dtype
        assert ours.tolist() == theirs.tolist()
    assert sums == sums_two


@pytest.mark.parametrize("chunk", [1, 2, 5])
def test_kept_blocks_read_back_as_the_votes_and_their_version(session, open_dialogue,
                                                              facilitator, monkeypatch, chunk):
    monkeypatch.setattr(columnar, "SQLITE_CHUNK_VOTES", chunk)
    did = open_dialogue.id
    _voted(session, did, 4)
    opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    blocks = _blocks(session, did)
    if not _sqlite(session):
        assert blocks == []  # PostgreSQL reads by COPY: no block, ever
        return
    assert blocks and all(b.upto_id - b.after_id == chunk for b in blocks)
    last = session.exec(select(Vote.id).order_by(Vote.id.desc())).first()
    assert all(b.upto_id <= last for b in blocks)  # a range still open is never kept
    _voted(session, did, 2)  # more votes after the blocks
    _assert_same(_plain_read(session, did), _block_read(session, did))
    snapshot = opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    assert snapshot.votes_version == opinion.votes_version(session=session, dialogue_id=did)
    assert opinion.load_votes(session=session, dialogue_id=did).matrix.votes.nnz == 18


def test_a_changed_vote_drops_its_block_and_is_read_anew(session, open_dialogue, facilitator,
                                                         monkeypatch):
    monkeypatch.setattr(columnar, "SQLITE_CHUNK_VOTES", 2)
    did = open_dialogue.id
    pids, statements = _voted(session, did, 4)
    first = opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    vote = session.exec(select(Vote).where(Vote.participant_id == pids[0],
                                           Vote.statement_id == statements[0])).one()
    held = [b for b in _blocks(session, did) if b.after_id < vote.id <= b.upto_id]
    assert len(held) == int(_sqlite(session))  # the block holding that vote (SQLite)
    participation.cast_vote(session=session, participant_id=pids[0],
                            statement_id=statements[0], value="disagree")
    assert not [b for b in _blocks(session, did) if b.after_id < vote.id <= b.upto_id]
    columns, _ = _block_read(session, did)
    _assert_same(_plain_read(session, did), (columns, _))
    at = [i for i, (p, s) in enumerate(zip(columns[0], columns[1], strict=True))
          if (p, s) == (pids[0], statements[0])]
    assert [columns[2][i] for i in at] == [-1]
    again = opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    assert again.votes_version != first.votes_version


def test_a_withdrawal_leaves_no_block_with_the_participant_s_votes(session, open_dialogue,
                                                                    facilitator, monkeypatch):
    """Withdrawal deletes a participant's votes; the triggers delete every block that held
    one, in the same transaction, so no copy of them is left."""
    monkeypatch.setattr(columnar, "SQLITE_CHUNK_VOTES", 3)
    did = open_dialogue.id
    pids, _ = _voted(session, did, 5)
    opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    leaving = pids[1]

    def holding(pid: int) -> list[int]:
        return [b.after_id for b in _blocks(session, did)
                if pid in np.frombuffer(b.participant_ids, dtype=np.int64)]

    if _sqlite(session):
        assert holding(leaving)  # kept before the withdrawal
        assert holding(pids[3])
    participation.withdraw(session=session, participant_id=leaving)
    assert holding(leaving) == []
    columns, sums = _block_read(session, did)
    assert leaving not in columns[0].tolist()
    _assert_same(_plain_read(session, did), (columns, sums))
    opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)  # kept anew
    assert holding(leaving) == []


def test_a_vote_id_used_again_inside_a_kept_block_is_read(session, open_dialogue, facilitator,
                                                          monkeypatch):
    """SQLite gives a new row the table's largest id + 1, but a row inserted with its own id
    (or after the table's last rows were deleted) can land inside a kept block's range, and
    no trigger sees an insert: the block's count no longer matches, so it is read anew."""
    monkeypatch.setattr(columnar, "SQLITE_CHUNK_VOTES", 4)
    did = open_dialogue.id
    pids, statements = _voted(session, did, 4)
    gone = session.exec(select(Vote).where(Vote.participant_id == pids[1],
                                           Vote.statement_id == statements[1])).one()
    gone_id, gone_value = gone.id, gone.value
    with transaction(session):
        session.execute(text("DELETE FROM vote WHERE id = :id"), {"id": gone_id})
    opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)  # kept with a gap
    if _sqlite(session):
        assert [b for b in _blocks(session, did) if b.after_id < gone_id <= b.upto_id]
    with transaction(session):
        session.execute(text(
            "INSERT INTO vote (id, participant_id, statement_id, dialogue_id, value, "
            "created_at, updated_at) VALUES (:id, :p, :s, :d, :v, :t, :t)"),
            {"id": gone_id, "p": pids[1], "s": statements[1], "d": did, "v": gone_value,
             "t": "2026-12-01 10:00:00.000000"})
    columns, sums = _block_read(session, did)
    assert len(columns[0]) == 12
    assert (pids[1], statements[1]) in set(zip(columns[0].tolist(), columns[1].tolist(),
                                               strict=True))
    _assert_same(_plain_read(session, did), (columns, sums))


def test_blocks_are_never_read_where_the_triggers_are_missing(session, open_dialogue,
                                                              facilitator, monkeypatch):
    """A database made without the migrations (or with the triggers dropped) has nothing
    that keeps the blocks true: they are not read, and a vote changed behind them counts."""
    monkeypatch.setattr(columnar, "SQLITE_CHUNK_VOTES", 2)
    did = open_dialogue.id
    pids, statements = _voted(session, did, 4)
    opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
    if not _sqlite(session):
        assert _blocks(session, did) == []
        return
    kept = len(_blocks(session, did))
    assert kept
    with transaction(session):
        for name in ("vote_block_on_update", "vote_block_on_delete"):
            session.execute(text(f"DROP TRIGGER {name}"))
        session.execute(text("UPDATE vote SET value = -value WHERE dialogue_id = :d"),
                        {"d": did})
    assert len(_blocks(session, did)) == kept  # nothing dropped them: they are now wrong
    _assert_same(_plain_read(session, did), _block_read(session, did))
