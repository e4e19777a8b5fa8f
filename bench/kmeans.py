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
- ``fit``: the whole ``PolisClusterer().fit`` on n = --sizes participants, as it is and with
  scikit-learn's ``KMeans`` swapped in for all three calls above (same signatures); ARI of
  the two groupings, and the k each chose.
- ``real``: the whole analysis (``analyse``, stability check included) of each real Pol.is
  conversation in shared/polis-open-data (beside the repository or a folder above it),
  both ways; ARI against Pol.is's own groups.
- ``stability``: what the stability check runs, 20 fits on bootstrap samples of 2,000
  participants with 5 group restarts and 2 refinement restarts (stability.py), both ways.
- ``base`` (``--only base``): the base step's own calls of scikit-learn's ``KMeans`` (random
  init, one run, ``max_iter=100``, its default tolerance), recorded from one fit on 100,000
  participants and the 20 stability fits, against the own ``lloyd`` from the very same start
  (scikit-learn's random draw on its centred copy of the points): CPU time of each side, and
  whether the labels and centres are the same (the question: could the analysis drop
  scikit-learn's k-means without changing its results?).

Both sides get the same points, weights and starting centres (``polish``) or the same seed
(``group``, ``restarts``: the seeds differ in meaning, so the k-means++ draws differ; results
are compared by inertia and by the adjusted Rand index of the labels). scikit-learn runs with
``algorithm="lloyd"``, ``tol=0`` (stop when the assignment stops changing, as the own code
does), ``max_iter=300``, under a one-thread limit (``ThreadpoolController().limit(limits=1)``,
the controller made once, as clustering.py does). Times are medians of --repeat runs in one
process (wall-clock ``perf_counter``; the machine may be shared, so compare medians).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import ThreadpoolController

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engagement.analysis.opinion import clustering  # noqa: E402
from engagement.analysis.opinion._kmeans import assign, kmeans, lloyd  # noqa: E402

_THREADS = ThreadpoolController()  # inspecting the loaded libraries is slow: once, as clustering.py


def one_thread():
    """OpenMP and BLAS limited to one thread (what clustering.py's base step does)."""
    return _THREADS.limit(limits=1)


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
    with one_thread():
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
    with one_thread():
        km = KMeans(k, n_init=n_init, init=init, algorithm="lloyd", tol=0, max_iter=300,
                    random_state=seed).fit(X, sample_weight=w)
    return km.labels_


def sk_kmeans(X, w, k, n_init, rng):
    """``_kmeans.kmeans`` with scikit-learn inside (same arguments and results)."""
    with one_thread():
        km = KMeans(k, n_init=n_init, init="k-means++", algorithm="lloyd", tol=0, max_iter=300,
                    random_state=int(rng.integers(2**31 - 1))).fit(X, sample_weight=w)
    return km.cluster_centers_, km.labels_, float(km.inertia_)


def sk_lloyd(X, w, centres, max_iter=300):
    """``_kmeans.lloyd`` with scikit-learn inside (same arguments and results)."""
    with one_thread():
        km = KMeans(len(centres), init=centres, n_init=1, algorithm="lloyd", tol=0,
                    max_iter=max_iter).fit(X, sample_weight=w)
    return km.cluster_centers_, km.labels_, float(km.inertia_)


def participants(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.5, 0.2], [1.2, 0.8], [0.3, -1.4]])
    return np.round(centres[rng.choice(3, size=n, p=[0.5, 0.3, 0.2])]
                    + rng.normal(scale=0.7, size=(n, 2)), 3)


def with_sklearn(fit):
    with mock.patch.object(clustering, "kmeans", sk_kmeans), \
            mock.patch.object(clustering, "lloyd", sk_lloyd):
        return fit()


def fit_row(n: int, seed: int, repeat: int) -> None:
    X = participants(n, seed)

    def fit():
        return clustering.PolisClusterer(random_state=seed).fit(X)

    t_own, own = timed(fit, repeat)
    t_sk, sk = timed(lambda: with_sklearn(fit), repeat)
    ari = adjusted_rand_score(own.labels_, sk.labels_)
    print(f"| fit | {n:,} | {own.k_} / {sk.k_} | {t_own * 1000:.1f} | {t_sk * 1000:.1f} | "
          f"{t_sk / t_own:.1f}x | | {ari:.3f} |", flush=True)


def stability_row(seed: int, repeat: int) -> None:
    X = participants(10_000, seed)
    samples = [np.random.default_rng(seed + i).choice(len(X), 2_000) for i in range(20)]

    def fits():
        return [clustering.PolisClusterer(n_init=5, n_refine=2, random_state=i).fit(X[s]).labels_
                for i, s in enumerate(samples)]

    t_own, own = timed(fits, repeat)
    t_sk, sk = timed(lambda: with_sklearn(fits), repeat)
    ari = statistics.median(adjusted_rand_score(a, b) for a, b in zip(own, sk, strict=True))
    print(f"| stability (20 fits) | 2,000 | | {t_own * 1000:.1f} | {t_sk * 1000:.1f} | "
          f"{t_sk / t_own:.1f}x | | {ari:.3f} (median) |", flush=True)


def base_calls(seed: int) -> list[tuple[np.ndarray, np.ndarray, dict]]:
    """The points, weights and parameters of every ``KMeans`` fit the base step makes in one
    fit on 100,000 participants and in the stability check's 20 fits."""
    calls = []
    real_fit = KMeans.fit

    def record(self, X, y=None, sample_weight=None):
        calls.append((np.array(X), np.array(sample_weight), self.get_params()))
        return real_fit(self, X, y, sample_weight=sample_weight)

    X = participants(100_000, seed)
    with mock.patch.object(KMeans, "fit", record):
        clustering.PolisClusterer(random_state=seed).fit(X)
        for i in range(20):
            take = np.random.default_rng(seed + i).choice(len(X), 2_000)
            clustering.PolisClusterer(n_init=5, n_refine=2, random_state=i).fit(X[take])
    return calls


def own_base(X: np.ndarray, w: np.ndarray, params: dict):
    """The own Lloyd from scikit-learn's start: its random draw on its centred copy."""
    mean = X.mean(axis=0)
    centred = X - mean
    draw = np.random.RandomState(params["random_state"]).choice(
        len(X), size=params["n_clusters"], replace=False, p=w / w.sum())
    centres, labels, _ = lloyd(centred, w, centred[draw], max_iter=params["max_iter"])
    return centres + mean, labels


def cpu_median(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return statistics.median(times), out


def base_rows(seed: int, repeat: int) -> None:
    calls = base_calls(seed)
    if not calls:
        raise SystemExit("the base step made no KMeans call")
    t_sk = t_own = 0.0
    same, worst = 0, 0.0
    for X, w, params in calls:
        def sk(X=X, w=w, params=params):
            with one_thread():
                return KMeans(**params).fit(X, sample_weight=w)

        t, km = cpu_median(sk, repeat)
        t_sk += t
        t, (centres, labels) = cpu_median(lambda X=X, w=w, p=params: own_base(X, w, p), repeat)
        t_own += t
        same += bool(np.array_equal(labels, km.labels_))
        worst = max(worst, float(np.abs(centres - km.cluster_centers_).max()))
    sizes = sorted(len(X) for X, _, _ in calls)
    print("| base step calls | points | sklearn CPU ms | own CPU ms | own/sklearn | "
          "same labels | largest centre difference |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    print(f"| {len(calls)} | {sizes[0]:,} to {sizes[-1]:,} | {t_sk * 1000:.0f} | "
          f"{t_own * 1000:.0f} | {t_own / t_sk:.1f}x | {same} of {len(calls)} | "
          f"{worst:.3g} |", flush=True)


def real_rows(repeat: int) -> None:
    """analyse() on each real conversation, own k-means and scikit-learn's, alternating."""
    from engagement.analysis.opinion import VoteMatrix, analyse
    from engagement.polis_format.read import read_vote_records

    repo = Path(__file__).resolve().parents[1]  # shared/ beside the repo or a folder above it
    data = next((f / "shared" for f in repo.parents if (f / "shared").is_dir()),
                repo.parent / "shared") / "polis-open-data"
    folders = sorted(f for f in data.iterdir() if (f / "votes.csv").exists())
    assert folders, f"no conversations in {data}"
    print("| conversation | participants | own s | sklearn s | sklearn/own | "
          "ARI vs Pol.is own | ARI vs Pol.is sklearn |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for folder in folders:
        rec = read_vote_records(folder)
        matrix = VoteMatrix.from_records(
            rec.voter_ids, rec.comment_ids, rec.values, rec.timestamps,
            statement_keys=rec.statement_ids, statement_created=rec.statement_created)
        keys = sorted(rec.polis_groups)

        def run(matrix=matrix, moderated_out=rec.moderated_out):
            return analyse(matrix, moderated_out=moderated_out, seed=0)

        times = {"own": [], "sk": []}
        results = {}
        for _ in range(repeat):  # alternate, so both see the same load
            for side, fit in (("own", run), ("sk", lambda run=run: with_sklearn(run))):
                t = time.perf_counter()
                results[side] = fit()
                times[side].append(time.perf_counter() - t)
        aris = {side: adjusted_rand_score(
            [rec.polis_groups[k] for k in keys],
            [res.labels_by_key().get(k, -1) for k in keys]) for side, res in results.items()}
        own, sk = statistics.median(times["own"]), statistics.median(times["sk"])
        print(f"| {folder.name} | {len(set(rec.voter_ids)):,} | {own:.2f} | {sk:.2f} | "
              f"{sk / own:.1f}x | {aris['own']:.3f} | {aris['sk']:.3f} |", flush=True)


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
    p.add_argument("--only", choices=["stability", "real", "base"], help="run only this case")
    a = p.parse_args(argv)
    if a.only == "base":
        base_rows(a.seed, a.repeat)
        return
    if a.only == "stability":
        stability_row(a.seed + 4, a.repeat)
        return
    if a.only == "real":
        real_rows(a.repeat)
        return
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
    for n in a.sizes:
        fit_row(n, a.seed + 3, a.repeat)
    stability_row(a.seed + 4, a.repeat)


if __name__ == "__main__":
    main()
