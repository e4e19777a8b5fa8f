"""Small, single-threaded weighted k-means (k-means++ init + Lloyd) in numpy.

Used for the group step (≤ a few hundred weighted points) and for the refinement on the
participants (k ≤ 5): on such sizes sklearn's OpenMP k-means spends most of its time in thread
start-up and, on a busy machine, oversubscription. Deterministic for a given generator.
"""

from __future__ import annotations

import numpy as np

_CHUNK = 16384


def sq_dists(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances (n × k), clipped at 0."""
    d = (X * X).sum(axis=1)[:, None] - 2.0 * (X @ C.T) + (C * C).sum(axis=1)[None, :]
    np.maximum(d, 0.0, out=d)
    return d


def assign(X: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre and its squared distance for every row (chunked)."""
    n = len(X)
    lab = np.empty(n, dtype=np.int64)
    dist = np.empty(n)
    for s in range(0, n, _CHUNK):
        d = sq_dists(X[s : s + _CHUNK], C)
        lab[s : s + _CHUNK] = np.argmin(d, axis=1)
        dist[s : s + _CHUNK] = d[np.arange(len(d)), lab[s : s + _CHUNK]]
    return lab, dist


def kmeans_pp(X: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Weighted k-means++ seeding (with 2 + log k local trials, as scikit-learn)."""
    n = len(X)
    trials = 2 + int(np.log(k))
    first = rng.choice(n, p=w / w.sum())
    centres = [X[first]]
    closest = sq_dists(X, X[first : first + 1])[:, 0]
    for _ in range(1, k):
        pot = (w * closest).sum()
        if pot <= 0:
            break
        cand = rng.choice(n, size=trials, p=w * closest / pot)
        d = sq_dists(X, X[cand])  # n × trials
        new = np.minimum(closest[:, None], d)
        best = int(np.argmin((w[:, None] * new).sum(axis=0)))
        centres.append(X[cand[best]])
        closest = new[:, best]
    return np.array(centres)


def lloyd(
    X: np.ndarray, w: np.ndarray, centres: np.ndarray, max_iter: int = 300
) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted Lloyd iterations until the assignment stops changing.

    Empty clusters keep their previous centre. Returns (centres, labels, inertia).
    """
    C = np.array(centres, dtype=np.float64, copy=True)
    k, dim = C.shape
    lab = None
    for _ in range(max_iter):
        new_lab, _ = assign(X, C)
        if lab is not None and np.array_equal(new_lab, lab):
            break
        lab = new_lab
        wsum = np.bincount(lab, weights=w, minlength=k)
        for d in range(dim):
            s = np.bincount(lab, weights=w * X[:, d], minlength=k)
            C[:, d] = np.where(wsum > 0, s / np.where(wsum > 0, wsum, 1), C[:, d])
    lab, dist = assign(X, C)
    return C, lab, float((w * dist).sum())


def kmeans(
    X: np.ndarray, w: np.ndarray, k: int, n_init: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """Best of ``n_init`` k-means++ + Lloyd runs (lowest weighted inertia; ties: earliest)."""
    best = None
    for _ in range(max(n_init, 1)):
        res = lloyd(X, w, kmeans_pp(X, w, k, rng))
        if best is None or res[2] < best[2] * (1 - 1e-12):
            best = res
    return best
