"""The columnar vote read (group_concat texts on SQLite, COPY BINARY on PostgreSQL) gives
exactly what the driver's rows give, and never misses a vote the session's own transaction has
written."""

from __future__ import annotations

import numpy as np
import pytest
from sqlmodel import col, select

from engagement import columnar as vote_columns_module
from engagement.actors import SYSTEM_CLI, SYSTEM_INTEROP
from engagement.analysis.opinion import VoteMatrix, analyse
from engagement.columnar import read_vote_columns, read_votes_and_sums, vote_columns
from engagement.db import transaction
from engagement.interop import import_polis
from engagement.models import Participant, Statement, Vote
from engagement.services import moderation, opinion, participation
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
    monkeypatch.setattr(vote_columns_module, "POSTGRES_CHUNK_VOTES", chunk)  # PostgreSQL's
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


def _vote_uncommitted(session, did: int) -> None:
    """A vote written in the caller's transaction, not committed: participant "2" disagrees
    with statement "1" of the imported dialogue."""
    participant = session.exec(
        select(Participant).where(Participant.dialogue_id == did,
                                  Participant.external_id == "2")
    ).one()
    statement = session.exec(
        select(Statement).where(Statement.dialogue_id == did, Statement.external_id == "1")
    ).one()
    session.add(Vote(participant_id=participant.id, statement_id=statement.id,
                     dialogue_id=did, value=-1))
    session.flush()


def test_a_vote_written_in_the_same_transaction_is_counted(session, tmp_path):
    did = _imported(session, tmp_path)
    with transaction(session):
        before = opinion.load_votes(session=session, dialogue_id=did).matrix.votes.nnz
        _vote_uncommitted(session, did)  # a read on another connection would miss it
        after = opinion.load_votes(session=session, dialogue_id=did).matrix.votes.nnz
    assert (before, after) == (3, 4)


def _row_read(session, dialogue_id: int):
    """The reference: the votes as ORM rows and the matrix built from Python lists (the
    generic path of VoteMatrix.from_records: dict look-ups and the stable sort)."""
    rows = session.exec(
        select(Vote.participant_id, Vote.statement_id, Vote.value, Vote.created_at)
        .where(Vote.dialogue_id == dialogue_id).order_by(Vote.id)
    ).all()
    statements = session.exec(
        select(Statement.id, Statement.status, Statement.created_at)
        .where(Statement.dialogue_id == dialogue_id,
               col(Statement.status).in_(["accepted", "rejected"]))
        .order_by(Statement.id)
    ).all()
    decided = {s.id for s in statements}
    kept = [r for r in rows if r.statement_id in decided]
    matrix = VoteMatrix.from_records(
        [r.participant_id for r in kept], [r.statement_id for r in kept],
        [float(r.value) for r in kept], [r.created_at.timestamp() for r in kept],
        participant_keys=sorted({r.participant_id for r in rows}),
        statement_keys=[s.id for s in statements],
        statement_created={s.id: s.created_at.timestamp() for s in statements},
    )
    return matrix, tuple(s.id for s in statements if s.status == "rejected")


def _voter(session) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def test_the_columnar_read_equals_the_row_read_after_changed_votes_and_withdrawals(
        session, open_dialogue, facilitator):
    """Same matrix and same analysis (groups, consensus, everything in the result) from the
    columnar read as from the driver's rows, with changed votes, withdrawn participants, a
    rejected statement (moderated out, its votes kept) and a pending one (its votes left out)."""
    did = open_dialogue.id
    rng = np.random.default_rng(7)
    voters = [_voter(session) for _ in range(24)]
    own = participation.add_statement(session=session, participant_id=voters[0],
                                      text="Results should be shared with my family doctor")
    later = participation.add_statement(session=session, participant_id=voters[1],
                                        text="Researchers should explain every use of my data")
    moderation.moderate(session=session, statement_ids=[own.id, later.id], decision="accepted",
                        by=facilitator)
    seeds = [s.id for s in session.exec(select(Statement).where(
        Statement.dialogue_id == did, Statement.author_participant_id.is_(None)))]
    statements = [*seeds, own.id, later.id]
    for i, pid in enumerate(voters):
        leaning = ("agree", "disagree")[i % 2]
        for sid in statements:
            value = leaning if rng.random() < 0.8 else ("pass", "agree", "disagree")[i % 3]
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value=value)
    changed = voters[2:8]
    for pid in changed:  # a changed vote: the stored row keeps its id, value and time change
        participation.cast_vote(session=session, participant_id=pid, statement_id=seeds[0],
                                value="disagree")
    moderation.moderate(session=session, statement_ids=[later.id], decision="rejected",
                        reason="off_topic", by=facilitator)
    pending = participation.add_statement(session=session, participant_id=voters[3],
                                          text="Consent should be asked again every year")
    withdrawn = voters[10:13]
    for pid in withdrawn:
        participation.withdraw(session=session, participant_id=pid)
    session.expire_all()

    loaded = opinion.load_votes(session=session, dialogue_id=did)
    expected, moderated_out = _row_read(session, did)
    got = loaded.matrix
    assert set(withdrawn).isdisjoint(got.participant_keys)  # their votes are gone
    assert len(got.participant_keys) == len(voters) - len(withdrawn)
    assert pending.id not in got.statement_keys and later.id in got.statement_keys
    assert loaded.moderated_out == moderated_out == (later.id,)
    column = got.statement_keys.index(seeds[0])
    row = got.participant_keys.index(changed[0])
    assert got.votes[row, column] == -1  # the changed vote, not the first one
    assert got.participant_keys == expected.participant_keys
    assert got.statement_keys == expected.statement_keys
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got.votes, part), getattr(expected.votes, part)), part
    assert np.array_equal(got.first_vote_time, expected.first_vote_time)
    assert np.array_equal(got.statement_created, expected.statement_created)
    ours = analyse(got, moderated_out=loaded.moderated_out, seed=0).to_dict(
        include_participants=True)
    theirs = analyse(expected, moderated_out=moderated_out, seed=0).to_dict(
        include_participants=True)
    ours.pop("seconds", None)
    theirs.pop("seconds", None)
    assert ours["groups"] and ours == theirs


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_the_version_taken_while_reading_equals_votes_version_and_follows_every_change(
        session, open_dialogue, facilitator, monkeypatch, chunk):
    """run_analysis takes the votes' aggregates in the read's own pass on SQLite: the stored
    version must be the very text votes_version gives (or a snapshot would never be reused,
    or worse, be reused after a change); a changed vote and a withdrawal change it."""
    monkeypatch.setattr(vote_columns_module, "SQLITE_CHUNK_VOTES", chunk)
    monkeypatch.setattr(vote_columns_module, "POSTGRES_CHUNK_VOTES", chunk)
    did = open_dialogue.id
    statements = [s.id for s in session.exec(select(Statement).where(
        Statement.dialogue_id == did))]
    voters = [_voter(session) for _ in range(4)]
    for pid in voters:
        for sid in statements:
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value="agree")
    seen = []
    for change in ("none", "changed vote", "withdrawal", "none again"):
        if change == "changed vote":
            participation.cast_vote(session=session, participant_id=voters[1],
                                    statement_id=statements[1], value="disagree")
        elif change == "withdrawal":
            participation.withdraw(session=session, participant_id=voters[2])
        session.expire_all()
        snapshot = opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
        assert snapshot.votes_version == opinion.votes_version(session=session,
                                                               dialogue_id=did)
        assert opinion.current_analysis(session=session, dialogue_id=did,
                                        by=facilitator).id == snapshot.id  # reused
        seen.append(snapshot.votes_version)
    assert len(set(seen[:3])) == 3  # each change gave a new version
    assert seen[3] == seen[2]  # and no change, none
    if session.get_bind().dialect.name == "sqlite":
        assert opinion.load_votes(session=session, dialogue_id=did).sums.count == 9


def _two_connection_read(session, did):
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did)
    with transaction(session):  # the write lock, nothing written: a second reader may help
        one = read_votes_and_sums(session, query)
        two = read_votes_and_sums(session, query, second_reader=True)
    return one, two


@pytest.mark.parametrize("chunk", [1, 2])
def test_a_second_reader_reads_the_same_columns_and_sums(session, open_dialogue, monkeypatch,
                                                         chunk):
    """On a SQLite file, every other range of vote ids comes from a second connection in a
    thread: the columns come back in vote-id order and the sums equal one reader's."""
    monkeypatch.setattr(vote_columns_module, "SQLITE_CHUNK_VOTES", chunk)
    did = open_dialogue.id
    statements = [s.id for s in session.exec(select(Statement).where(
        Statement.dialogue_id == did))]
    for n in range(3):
        pid = _voter(session)
        for sid in statements[n:]:
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value=("agree", "disagree", "pass")[(n + sid) % 3])
    (columns, sums), (columns_two, sums_two) = _two_connection_read(session, did)
    assert len(columns[0]) >= 6
    for ours, theirs in zip(columns, columns_two, strict=True):
        assert ours.tolist() == theirs.tolist()
    assert sums == sums_two or sums is None  # PostgreSQL: no sums, and one reader


def test_a_use_case_inside_another_never_shares_its_read(session, tmp_path, monkeypatch,
                                                         facilitator):
    """run_analysis joined to an outer transaction that has written a vote: a second
    connection could not see that vote, so the read stays on the session's connection and
    the snapshot counts it."""
    monkeypatch.setattr(vote_columns_module, "SQLITE_CHUNK_VOTES", 1)  # many ranges
    did = _imported(session, tmp_path)
    with transaction(session):
        _vote_uncommitted(session, did)
        snapshot = opinion.run_analysis(session=session, dialogue_id=did, by=facilitator)
        result = opinion.snapshot_result(snapshot)
    stats = result["statement_stats"]
    assert sum(stats["n_agree"]) + sum(stats["n_disagree"]) + sum(stats["n_pass"]) == 4  # 3 + 1


def test_the_second_reader_never_waits_for_the_sessions_pool(session, open_dialogue,
                                                             monkeypatch):
    """Writers waiting for run_analysis's write lock may hold every pooled connection: the
    second reader must not wait for one (the pool would give up after 30 s and fail the
    analysis), so it opens its own. (PostgreSQL has no second reader: there the flag changes
    nothing.)"""
    monkeypatch.setattr(vote_columns_module, "SQLITE_CHUNK_VOTES", 1)
    did = open_dialogue.id
    statement = session.exec(select(Statement).where(Statement.dialogue_id == did)).first()
    for _ in range(3):
        participation.cast_vote(session=session, participant_id=_voter(session),
                                statement_id=statement.id, value="agree")
    engine = session.get_bind()
    query = select(*vote_columns(session)).where(Vote.dialogue_id == did)
    with transaction(session):
        taken = [engine.connect() for _ in range(engine.pool.size() + 10
                                                 - engine.pool.checkedout())]
        try:
            assert engine.pool.checkedout() == engine.pool.size() + engine.pool.overflow()
            assert engine.pool.overflow() == 10  # the pool is exhausted
            columns, sums = read_votes_and_sums(session, query, second_reader=True)
        finally:
            for connection in taken:
                connection.close()
    assert len(columns[0]) == 3
    assert sums is None if engine.dialect.name == "postgresql" else sums.count == 3


def test_a_snapshot_s_lineage_names_each_voter_once_then_each_analysed_author(
        session, tmp_path):
    """The voters' rows are written by one INSERT ... SELECT on SQLite (COPY on PostgreSQL):
    one row per voter, in the voters' order, then the analysed statements' authors."""
    from engagement.models import Lineage, LineageKind

    did = _imported(session, tmp_path)
    snapshot = opinion.run_analysis(session=session, dialogue_id=did, by=SYSTEM_CLI)
    rows = session.exec(select(
        Lineage.dialogue_id, Lineage.output_kind, Lineage.output_id, Lineage.part,
        Lineage.contribution_kind, Lineage.contribution_id, Lineage.participant_id,
    ).where(Lineage.output_kind == "snapshot", Lineage.output_id == snapshot.id)
        .order_by(Lineage.id)).all()
    voters = sorted(set(session.exec(select(Vote.participant_id).where(
        Vote.dialogue_id == did)).all()))
    authors = session.exec(select(Statement.id, Statement.author_participant_id).where(
        Statement.dialogue_id == did, col(Statement.author_participant_id).is_not(None),
        col(Statement.status).in_(["accepted", "rejected"]))).all()
    assert voters and authors
    expected = [(did, "snapshot", snapshot.id, "opinion", LineageKind.VOTES.value, None, pid)
                for pid in voters]
    assert [tuple(r) for r in rows[:len(voters)]] == expected
    assert sorted(tuple(r) for r in rows[len(voters):]) == sorted(
        (did, "snapshot", snapshot.id, "opinion", LineageKind.STATEMENT.value, sid, author)
        for sid, author in authors)


@pytest.mark.parametrize("ids", [[], [7], [5, 3, 9, 3], list(range(1, 2000, 3))])
def test_insert_repeated_writes_the_rows_insert_rows_writes(session, tmp_path, ids):
    from engagement.columnar import insert_repeated, insert_rows
    from engagement.models import Lineage

    did = _imported(session, tmp_path)
    participants = session.exec(select(Participant.id).where(
        Participant.dialogue_id == did)).all()
    ids = [participants[i % len(participants)] for i in ids]  # real participants (a key)
    fixed = {"dialogue_id": did, "output_kind": "export", "output_id": 1, "part": "p",
             "contribution_kind": "votes", "contribution_id": None}
    with transaction(session):
        insert_repeated(session, Lineage.__table__, fixed, "participant_id", ids)
        insert_rows(session, Lineage.__table__, (*fixed, "participant_id"),
                    [(*fixed.values(), pid) for pid in ids])
    rows = session.exec(select(Lineage.output_kind, Lineage.participant_id, Lineage.part,
                               Lineage.contribution_id, Lineage.dialogue_id)
                        .where(Lineage.output_kind == "export").order_by(Lineage.id)).all()
    assert len(rows) == 2 * len(ids)
    assert rows[:len(ids)] == rows[len(ids):]
    assert [pid for _, pid, *_ in rows[:len(ids)]] == ids  # in the given order


def test_read_rows_gives_the_rows_the_session_gives(session, tmp_path):
    from sqlmodel import func

    from engagement.columnar import read_rows

    did = _imported(session, tmp_path)
    query = select(Participant.id, func.coalesce(Participant.external_id,
                                                 Participant.pseudonym)).where(
        Participant.dialogue_id == did).order_by(Participant.id)
    rows = read_rows(session, query)
    assert len(rows) == 3
    assert [tuple(r) for r in rows] == [tuple(r) for r in session.exec(query).all()]
    assert all(type(pid) is int and type(key) is str for pid, key in rows)
