"""Consensus clustering: many k-means runs agreed into one partition.

One k-means run finds one of many near-equal optima, and which one it finds changes with the
seed, the order of the texts and the removal of a single text.  Here many runs vote: two
texts are close when most runs put them together (the co-association matrix); an
average-linkage tree on that agreement is cut into ``k`` groups, and each point then moves
to the group it agrees with most (a few rounds, so that no group is a cut's accident).  With
enough runs the agreement is close to its expectation, a smooth function of the data, so the
partition moves far less when a text is removed (Monti et al. 2003; Fred & Jain 2005).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning

__all__ = ["Ensemble", "agreement", "consensus", "kmeans_runs", "rand_index"]

_ROUNDS = 10  # rounds of moving points to the group they agree with most


def kmeans_runs(Z: np.ndarray, k: int, seeds: Iterable[int]) -> list[np.ndarray]:
    """Labels of one k-means run (k-means++ start) per seed."""
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # duplicate points: fewer than k
        for s in seeds:
            out.append(KMeans(n_clusters=k, n_init=1, random_state=s, max_iter=200).fit(Z).labels_)
    return out


class Ensemble:
    """k-means runs on one set of points, kept so that choosing k and the final consensus
    share them: run ``r`` for ``k`` always uses seed ``first_seed + r``."""

    def __init__(self, Z: np.ndarray, first_seed: int) -> None:
        self.Z = Z
        self.first_seed = first_seed
        self._runs: dict[int, list[np.ndarray]] = {}

    def runs(self, k: int, count: int) -> list[np.ndarray]:
        done = self._runs.setdefault(k, [])
        seeds = range(self.first_seed + len(done), self.first_seed + count)
        done += kmeans_runs(self.Z, k, seeds)
        return done[:count]


def _one_hot(labels: np.ndarray) -> np.ndarray:
    H = np.zeros((len(labels), int(labels.max()) + 1), dtype=np.float32)
    H[np.arange(len(labels)), labels] = 1.0
    return H


def co_association(runs: list[np.ndarray]) -> np.ndarray:
    """Share of runs in which each pair of points falls in the same cluster."""
    H = np.hstack([_one_hot(r) for r in runs])
    return (H @ H.T) / len(runs)


def consensus(runs: list[np.ndarray], k: int) -> np.ndarray:
    """The runs' agreement as at most ``k`` groups, labels ``0..`` (deterministic)."""
    n = len(runs[0])
    if k <= 1 or n < 2:
        return np.zeros(n, dtype=int)
    M = co_association(runs)
    iu = np.triu_indices(n, 1)
    tree = linkage(1.0 - M[iu].astype(np.float64), method="average")
    labels = fcluster(tree, t=k, criterion="maxclust") - 1
    for _ in range(_ROUNDS):
        H = _one_hot(labels)
        moved = ((M @ H) / np.maximum(H.sum(axis=0), 1.0)).argmax(axis=1)
        if np.array_equal(moved, labels):
            break
        labels = np.unique(moved, return_inverse=True)[1]
    return labels


def agreement(runs: list[np.ndarray], agreed: np.ndarray) -> tuple[float, float]:
    """Mean adjusted Rand index between each run and their consensus, and its standard
    error."""
    scores = np.array([rand_index(agreed, r) for r in runs])
    return float(scores.mean()), float(scores.std(ddof=1) / np.sqrt(len(scores)))


def rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two labellings (labels ``0..``); scikit-learn's, without its
    input checks, which cost more than the index itself here."""
    n = len(a)
    table = np.bincount(a * (int(b.max()) + 1) + b).astype(np.float64)
    pairs = float((table * (table - 1)).sum() / 2)
    rows = np.bincount(a).astype(np.float64)
    cols = np.bincount(b).astype(np.float64)
    row_pairs = float((rows * (rows - 1)).sum() / 2)
    col_pairs = float((cols * (cols - 1)).sum() / 2)
    expected = row_pairs * col_pairs / (n * (n - 1) / 2) if n > 1 else 0.0
    top = (row_pairs + col_pairs) / 2
    if top == expected:  # both labellings trivial (one group, or all singletons)
        return 1.0
    return (pairs - expected) / (top - expected)
