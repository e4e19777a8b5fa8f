"""Sparse vote matrix construction and the Pol.is participation rule."""

import numpy as np
import pytest

from engagement.analysis.opinion import VoteMatrix, clustered_participants
from engagement.analysis.opinion.matrix import select_columns


def test_latest_timestamp_wins_and_pass_is_distinct_from_unseen():
    m = VoteMatrix.from_records(
        ["ann", "ann", "bob", "bob", "cy"],
        ["s1", "s2", "s1", "s1", "s2"],
        [1, 0, 1, -1, -1],
        [10, 11, 30, 20, 5],  # bob's later vote (t=30, agree) wins over t=20
    )
    assert m.participant_keys == ("ann", "bob", "cy")
    assert m.statement_keys == ("s1", "s2")
    dense = m.to_dense()
    np.testing.assert_array_equal(dense[0], [1, 0])  # ann passed on s2: a stored 0
    assert dense[1, 0] == 1 and np.isnan(dense[1, 1])  # bob never saw s2
    assert np.isnan(dense[2, 0]) and dense[2, 1] == -1
    assert m.votes.nnz == 4  # the pass is stored
    assert m.seen().toarray().tolist() == [[1, 1], [1, 0], [0, 1]]
    assert m.passed().toarray()[0, 1] == 1
    np.testing.assert_array_equal(m.votes_per_participant(), [2, 1, 1])
    # bob's first vote on s1 was at t=20
    assert sorted(m.first_vote_time.tolist()) == [5, 10, 11, 20]


def test_record_order_breaks_ties_and_no_timestamps():
    m = VoteMatrix.from_records([1, 1, 1], [7, 7, 7], [1, -1, 0])
    assert m.to_dense().tolist() == [[0.0]]  # last record wins
    m2 = VoteMatrix.from_records([1, 1], [7, 7], [1, -1], [5, 5])
    assert m2.to_dense().tolist() == [[-1.0]]


def test_explicit_key_order_and_unknown_key():
    m = VoteMatrix.from_records([3, 1], [0, 2], [1, 1], participant_keys=[1, 2, 3],
                                statement_keys=[0, 1, 2])
    assert m.shape == (3, 3)
    assert m.to_dense()[2, 0] == 1 and m.to_dense()[0, 2] == 1
    assert m.votes_per_participant().tolist() == [1, 0, 1]
    with pytest.raises(KeyError):
        VoteMatrix.from_records([9], [0], [1], participant_keys=[1, 2])
    m3 = VoteMatrix.from_records(["x"], ["b"], [1], statement_keys=["a", "b"])
    assert np.isnan(m3.to_dense()[0, 0]) and m3.to_dense()[0, 1] == 1


def test_select_columns_keeps_passes():
    m = VoteMatrix.from_dense(np.array([[0, 1, np.nan], [np.nan, 0, -1]]))
    sub = select_columns(m.votes, np.array([False, True, True]))
    assert sub.nnz == 3
    assert sub.toarray().tolist() == [[1, 0], [0, -1]]


def _matrix(n_votes_per_person, n_statements, times=None, created=None):
    pids, sids, ts = [], [], []
    for p, k in enumerate(n_votes_per_person):
        for j in range(k):
            pids.append(p)
            sids.append(j)
            ts.append(times[p][j] if times else j)
    return VoteMatrix.from_records(pids, sids, [1] * len(pids), ts,
                                   participant_keys=range(len(n_votes_per_person)),
                                   statement_keys=range(n_statements),
                                   statement_created=created)


def test_participation_threshold_without_creation_times():
    m = _matrix([7, 6, 0, 3], 20)
    assert clustered_participants(m, greedy_n=0).tolist() == [True, False, False, False]
    small = _matrix([3, 2, 3], 3)  # only 3 statements: min(7, 3) = 3
    assert clustered_participants(small, greedy_n=0).tolist() == [True, False, True]


def test_participation_replay_with_statement_creation():
    # 3 statements from t=0, 10 more created at t=100.
    created = [0, 0, 0] + [100] * 10
    early = [1, 2, 3]  # voted on all 3 existing statements before t=100 -> in for good
    late = [101, 102, 103]  # the same 3 votes, but after 13 statements existed -> not in
    m = _matrix([3, 3], 13, times=[early, late], created=created)
    assert clustered_participants(m, greedy_n=0).tolist() == [True, False]


def test_participation_greedy_top_up():
    m = _matrix([1, 3, 2, 0], 20)
    got = clustered_participants(m, greedy_n=2)
    assert got.tolist() == [False, True, True, False]


def test_one_record_per_cell_keeps_every_vote_and_its_time():
    """A database gives each cell one row (the fast path): every record is kept, with its own
    time aligned to the stored votes, whatever the record order."""
    rng = np.random.default_rng(3)
    cells = rng.choice(40 * 30, size=500, replace=False)
    pids, sids = cells // 30, cells % 30
    values = rng.integers(-1, 2, size=500)
    times = rng.random(500)
    m = VoteMatrix.from_records(pids, sids, values, times,
                                participant_keys=range(40), statement_keys=range(30))
    assert m.votes.nnz == 500
    coo = m.votes.tocoo()
    stored = {(int(r), int(c)): (int(v), t) for r, c, v, t in zip(
        coo.row, coo.col, coo.data, m.first_vote_time, strict=True)}
    expected = {(int(p), int(s)): (int(v), t) for p, s, v, t in zip(
        pids, sids, values, times, strict=True)}
    assert stored == expected


def test_integer_key_missing_inside_the_range_is_refused():
    with pytest.raises(KeyError):
        VoteMatrix.from_records([1, 2], [0, 0], [1, 1], participant_keys=[1, 3])
    m = VoteMatrix.from_records([3, 1], [5, 4], [1, -1], participant_keys=[1, 3],
                                statement_keys=[4, 5])
    np.testing.assert_array_equal(m.to_dense(), [[-1.0, np.nan], [np.nan, 1.0]])
