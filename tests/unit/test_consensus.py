"""Consensus clustering (engagement.analysis.consensus): its own adjusted Rand index must be
scikit-learn's, and agreed runs must recover clear groups whatever the seeds."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from engagement.analysis.consensus import Ensemble, agreement, consensus, rand_index


def test_rand_index_is_scikit_learns():
    rng = np.random.default_rng(0)
    cases = []
    for _ in range(300):
        n = int(rng.integers(2, 60))
        a = rng.integers(0, int(rng.integers(1, 7)), n)
        b = rng.integers(0, int(rng.integers(1, 7)), n)
        cases.append((a, b))
    cases += [(np.zeros(5, int), np.zeros(5, int)), (np.arange(6), np.arange(6))]
    assert len(cases) == 302
    for a, b in cases:
        assert abs(rand_index(a, b) - adjusted_rand_score(a, b)) < 1e-9, (a, b)


def _blobs(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, 10)) * 5
    truth = np.repeat(np.arange(4), 30)
    return centres[truth] + rng.normal(size=(120, 10)), truth


def test_consensus_recovers_clear_groups_under_any_seeds():
    Z, truth = _blobs()
    for first_seed in (0, 1000, 7000):
        runs = Ensemble(Z, first_seed).runs(4, 20)
        agreed = consensus(runs, 4)
        assert adjusted_rand_score(truth, agreed) == 1.0
        mean, error = agreement(runs, agreed)
        assert 0.0 <= error and mean <= 1.0


def test_ensemble_reuses_its_runs():
    Z, _ = _blobs(1)
    ensemble = Ensemble(Z, 0)
    first = ensemble.runs(3, 5)
    more = ensemble.runs(3, 8)
    assert len(first) == 5 and len(more) == 8
    assert all(a is b for a, b in zip(first, more[:5], strict=False))
