"""Benchmark: the own k-means (engagement/analysis/opinion/_kmeans.py) against scikit-learn's
``KMeans``, one thread each, on the calls ``PolisClusterer`` makes.

Usage (from the repo root):

    .venv/bin/python bench/kmeans.py                 # all cases, 7 repeats, median times
    .venv/bin/python bench/kmeans.py --repeat 3 --sizes 10000 100000

Cases (read from clustering.py):

- ``group``: the group step, weighted k-means of at most ``base_k`` (100) base-cluster centres
  in 2 dimensions, k = 2..5, ``n_init`` = 10 (k-means++ + Lloyd). Runs once per k per fit, and
  again inside every stability resample.
- ``restarts``: the refinement's k-means++ restarts on a sample of at most 10,000 participants
  (unit weights), k = 2..5, ``n_refine`` = 10.
- ``polish``: the refinement's warm-started Lloyd on every distinct position (weighted by how
  many participants sit there), n = --sizes, k = 3, from given centres, one run.

Both sides get the same points, weights and starting centres (``polish``) or the same seed
(``group``, ``restarts``: the seeds differ in meaning, so the k-means++ draws differ; results
are compared by inertia and by the adjusted Rand index of the labels). scikit-learn runs with
``algorithm="lloyd"``, ``tol=0`` (stop when the assignment stops changing, as the own code
does), ``max_iter=300``, inside ``threadpool_limits(1)``. Times are medians of --repeat runs in
one process (wall-clock ``perf_counter``; the machine may be shared, so compare medians).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engagement.analysis.opinion._kmeans import assign, kmeans, lloyd  # noqa: E402


def positions(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct 2-D positions and their multiplicities: three overlapping planted groups, as
    PCA of sparse votes gives (rounded, so several participants share a position)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.5, 0.2], [1.2, 0.8], [0.3, -1.4]])
    group = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    X = np.round(centres[group] + rng.normal(scale=0.7, size=(n, 2)), 3)
    uniq, counts = np.unique(X, axis=0, return_counts=True)
    return uniq, counts.astype(np.float64)


def base_centres(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """100 weighted base-cluster centres, as the base step hands to the group step."""
    X, w = positions(n, seed)
    with threadpool_limits(1):
        km = KMeans(100, n_init=1, init="random", max_iter=100, random_state=seed).fit(
            X, sample_weight=w)
    lab, _ = assign(X, km.cluster_centers_)
    bw = np.bincount(lab, weights=w, minlength=100)
    keep = bw > 0
    return km.cluster_centers_[keep], bw[keep]


def inertia(X, w, labels) -> float:
    """Weighted inertia of a labelling (centres = weighted means), computed one way for both."""
    total = 0.0
    for g in np.unique(labels):
        m = labels == g
        c = np.average(X[m], axis=0, weights=w[m])
        total += float((w[m] * ((X[m] - c) ** 2).sum(axis=1)).sum())
    return total


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def own_fit(X, w, k, n_init, seed):
    return kmeans(X, w, k, n_init, np.random.default_rng(seed))[1]


def sk_fit(X, w, k, n_init, seed, init="k-means++"):
    with threadpool_limits(1):
        km = KMeans(k, n_init=n_init, init=init, algorithm="lloyd", tol=0, max_iter=300,
                    random_state=seed).fit(X, sample_weight=w)
    return km.labels_


def row(case, n, k, X, w, own, sk, repeat):
    t_own, lab_own = timed(own, repeat)
    t_sk, lab_sk = timed(sk, repeat)
    i_own, i_sk = inertia(X, w, lab_own), inertia(X, w, lab_sk)
    ari = adjusted_rand_score(lab_own, lab_sk)
    print(f"| {case} | {n:,} | {k} | {t_own * 1000:.2f} | {t_sk * 1000:.2f} | "
          f"{t_sk / t_own:.1f}x | {i_sk / i_own:.4f} | {ari:.3f} |", flush=True)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    print("| case | points | k | own ms | sklearn ms | sklearn/own time | "
          "inertia sklearn/own | ARI |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    C, W = base_centres(20_000, a.seed)
    for k in range(2, 6):
        row("group", len(C), k, C, W, lambda k=k: own_fit(C, W, k, 10, a.seed),
            lambda k=k: sk_fit(C, W, k, 10, a.seed), a.repeat)
    S, _ = positions(10_000, a.seed + 1)
    S = S[:10_000]
    ones = np.ones(len(S))
    for k in range(2, 6):
        row("restarts", len(S), k, S, ones, lambda k=k: own_fit(S, ones, k, 10, a.seed),
            lambda k=k: sk_fit(S, ones, k, 10, a.seed), a.repeat)
    for n in a.sizes:
        X, w = positions(n, a.seed + 2)
        start = X[np.random.default_rng(a.seed).choice(len(X), 3, replace=False)]
        row("polish", len(X), 3, X, w, lambda X=X, w=w, s=start: lloyd(X, w, s)[1],
            lambda X=X, w=w, s=start: sk_fit(X, w, 3, 1, a.seed, init=s), a.repeat)


if __name__ == "__main__":
    main()
