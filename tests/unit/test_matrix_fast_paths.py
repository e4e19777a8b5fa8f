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
