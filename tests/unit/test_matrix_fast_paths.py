"""VoteMatrix.from_records' fast paths (keys given as an integer array; the unstable sort
tried first) give exactly the generic path's matrix: with repeated cells (latest time wins,
then the later record) and with one record per cell, as a database gives."""

from __future__ import annotations

import numpy as np
import pytest

from engagement.analysis.opinion import VoteMatrix


def _records(rng, n, repeats: bool):
    pids = rng.integers(100, 160, size=n)
    sids = rng.integers(7, 27, size=n)
    if not repeats:
        cells = np.unique(pids * 1000 + sids)
        rng.shuffle(cells)
        pids, sids = cells // 1000, cells % 1000
    values = rng.integers(-1, 2, size=len(pids))
    times = rng.integers(0, 5, size=len(pids)).astype(np.float64)  # many equal times
    return pids, sids, values, times


def _same(a: VoteMatrix, b: VoteMatrix) -> None:
    assert a.participant_keys == b.participant_keys
    assert all(type(k) is int for k in a.participant_keys)
    assert a.statement_keys == b.statement_keys
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(a.votes, part), getattr(b.votes, part)), part
    assert np.array_equal(a.first_vote_time, b.first_vote_time)


@pytest.mark.parametrize("repeats", [True, False])
@pytest.mark.parametrize("seed", range(20))
def test_array_keys_and_the_unstable_sort_give_the_generic_path_s_matrix(seed, repeats):
    rng = np.random.default_rng(seed)
    pids, sids, values, times = _records(rng, 400, repeats)
    assert len(pids) > 100
    pkeys = np.unique(np.concatenate([pids, [999]]))  # a participant with no vote
    skeys = list(range(5, 30))
    fast = VoteMatrix.from_records(pids, sids, values, times, participant_keys=pkeys,
                                   statement_keys=skeys)
    generic = VoteMatrix.from_records(
        [int(p) for p in pids], [int(s) for s in sids], [float(v) for v in values],
        times.tolist(), participant_keys=[int(p) for p in pkeys], statement_keys=skeys)
    _same(fast, generic)
    cells = pids * 1000 + sids
    assert (len(np.unique(cells)) < len(cells)) == repeats
    assert fast.votes.nnz == len(np.unique(cells))


def test_array_keys_are_checked_like_any_other_keys():
    pids, sids, values = np.array([1, 2]), np.array([5, 5]), np.array([1, -1])
    with pytest.raises(ValueError, match="duplicate"):
        VoteMatrix.from_records(pids, sids, values, participant_keys=np.array([1, 2, 2]))
    with pytest.raises(KeyError):
        VoteMatrix.from_records(pids, sids, values, participant_keys=np.array([1, 3]))


@pytest.mark.parametrize("seed", range(12))
def test_table_look_ups_give_what_isin_and_unique_give(seed):
    """load_votes' filter of decided statements and its voters' ids: table look-ups for
    database ids, np.isin and np.unique otherwise; always the same answer."""
    from engagement.analysis.opinion.matrix import among, distinct

    rng = np.random.default_rng(seed)
    low, high = [(0, 50), (1, 5000), (-20, 30), (10**9, 10**9 + 50), (0, 10**12)][seed % 5]
    ids = rng.integers(low, high, size=int(rng.integers(0, 3000)))
    keys = sorted(set(rng.choice(ids, size=min(len(ids), 40)).tolist())) if len(ids) else []
    keys += [int(high) + 5] if seed % 2 else []  # a key no id has
    assert np.array_equal(among(ids, keys), np.isin(ids, np.asarray(keys, dtype=np.int64)))
    found = distinct(ids)
    assert np.array_equal(found, np.unique(ids)) and found.dtype == ids.dtype


@pytest.mark.parametrize("first", [0, 1, 40, 10**6])
def test_codes_from_a_table_starting_at_zero_or_at_the_lowest_key(first):
    pkeys = np.arange(first, first + 30, 3)
    pids = np.repeat(pkeys, 2)[::-1].copy()
    sids = np.tile([4, 6], len(pkeys))
    matrix = VoteMatrix.from_records(pids, sids, np.ones(len(pids), dtype=np.int64),
                                     participant_keys=pkeys, statement_keys=[4, 6])
    assert matrix.participant_keys == tuple(pkeys.tolist())
    assert matrix.votes.nnz == len(pids)
    assert np.array_equal(np.diff(matrix.votes.indptr), np.full(len(pkeys), 2))
    with pytest.raises(KeyError):
        VoteMatrix.from_records(pids + 1, sids, np.ones(len(pids), dtype=np.int64),
                                participant_keys=pkeys, statement_keys=[4, 6])
