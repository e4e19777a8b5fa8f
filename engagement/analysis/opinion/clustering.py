"""Opinion groups, the Pol.is way: base clusters, then groups of base clusters.

1. *Base clusters*: k-means with ``base_k`` (100) clusters on the participants' 2-D positions
   (if there are no more distinct positions than ``base_k``, each distinct position is its
   own base cluster). This is what makes the method fast at 100,000 participants: everything
   after this step works on ≤ ``base_k`` weighted points.
2. *Groups*: for every ``k`` in ``k_min..max_k`` (``max_k = min(k_max, 2 + n_base // 12)``,
   as Pol.is), weighted k-means of the base-cluster centres (weight = members).
3. *Choosing k*: silhouette of each grouping, computed on the base-cluster centres weighted by
   their sizes; this is the exact silhouette of the data set in which every participant sits
   at their base-cluster centre, in O(base_k²) instead of O(n²). The best k wins (ties: the
   smaller k). An optional hysteresis (:func:`smooth_k`) can hold k back across runs.

4. *Refinement* (``refine=True``, our addition): Lloyd's k-means on the participants for the
   chosen k, warm-started from step 2 plus a few k-means++ starts; lowest inertia wins.

Group ids are ordered by size (largest first; ties by centre x, then y).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.utils.validation import check_is_fitted, check_random_state, validate_data
from threadpoolctl import ThreadpoolController

from ._kmeans import assign, kmeans, lloyd

_CONTROLLER: ThreadpoolController | None = None


def _single_thread():
    """Limit OpenMP to one thread (sklearn's k-means on small data is dominated by thread
    start-up and suffers badly from oversubscription on a busy machine)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()  # inspecting the loaded libraries is slow: once
    return _CONTROLLER.limit(limits=1, user_api="openmp")


_REFINE_SAMPLE = 10_000  # restarts of the refinement run on at most this many points


def unique_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(X, axis=0, return_inverse=True, return_counts=True)`` of a 2-D float
    array, with the same rows, order, inverse and counts: a stable ``lexsort`` of the
    columns (numpy's ``axis=0`` path sorts a structured view of the rows: 0.20-0.25 s for
    100,000 positions against 0.03-0.06 s, and the grouping runs it twice per fit)."""
    X = np.asarray(X)
    order = np.lexsort(X.T[::-1])  # first column first, as the rows compare
    ordered = X[order]
    starts_group = np.ones(len(ordered), dtype=bool)
    np.any(ordered[1:] != ordered[:-1], axis=1, out=starts_group[1:])
    starts = np.flatnonzero(starts_group)
    inverse = np.empty(len(X), dtype=np.int64)
    inverse[order] = np.cumsum(starts_group) - 1
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts], inverse, counts

__all__ = ["KState", "PolisClusterer", "smooth_k", "unique_rows", "weighted_silhouette"]


def weighted_silhouette(dist: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """Silhouette of points with multiplicities.

    ``dist``: pairwise distances between the m distinct points; ``weights[i]``: how many
    participants sit at point i. Equals sklearn's silhouette of the expanded data set
    (copies of a point are at distance 0 from each other and are in the same cluster).
    """
    labels = np.asarray(labels)
    w = np.asarray(weights, dtype=np.float64)
    groups = np.unique(labels)
    if len(groups) < 2:
        return 0.0
    onehot = (labels[None, :] == groups[:, None]).astype(np.float64) * w[None, :]  # g × m
    wsum = onehot.sum(axis=1)  # participants per group
    sums = dist @ onehot.T  # m × g: weighted distance sum from each point to each group
    gi = np.searchsorted(groups, labels)
    own = wsum[gi] - 1.0  # other participants in the own group
    a = np.divide(sums[np.arange(len(labels)), gi], own, out=np.zeros(len(labels)),
                  where=own > 0)
    mean_other = sums / wsum[None, :]
    mean_other[np.arange(len(labels)), gi] = np.inf
    b = mean_other.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros(len(labels)), where=denom > 0)
    s[own <= 0] = 0.0  # singleton clusters score 0 (sklearn convention)
    return float(np.sum(s * w) / np.sum(w))


@dataclass(frozen=True)
class KState:
    """Hysteresis state for k across successive analyses of the same conversation.

    ``last_k``: the best-silhouette k of the previous run; ``last_k_count``: for how many
    consecutive runs it has been the best; ``smoothed_k``: the k actually used.
    """

    last_k: int
    last_k_count: int
    smoothed_k: int

    def to_dict(self) -> dict:
        return {"last_k": self.last_k, "last_k_count": self.last_k_count,
                "smoothed_k": self.smoothed_k}


def smooth_k(best_k: int, previous: KState | None, buffer: int = 4) -> KState:
    """Pol.is ``group-k-smoother``: switch to a new k only once it has won ``buffer``
    consecutive runs.

    Rule: ``count = previous.last_k_count + 1`` if ``best_k == previous.last_k`` else 1;
    the k used is ``best_k`` if ``count >= buffer``, else ``previous.smoothed_k`` (or
    ``best_k`` when there is no previous state). Pure: returns the new state to store.
    """
    if previous is None:
        return KState(best_k, 1, best_k)
    count = previous.last_k_count + 1 if best_k == previous.last_k else 1
    used = best_k if count >= buffer else previous.smoothed_k
    return KState(best_k, count, used)


class PolisClusterer(ClusterMixin, BaseEstimator):
    """Base clusters → weighted k-means of their centres → k by weighted silhouette.

    Parameters:
        base_k: number of base clusters (Pol.is: 100).
        k_min, k_max: range of group counts tried (Pol.is: 2..5), further capped at
            ``2 + n_base // 12``.
        force_k: use this k (clamped to what the data allows) instead of the silhouette choice.
        n_init: k-means restarts for the group step (cheap: ≤ base_k points).
        base_sample: fit the base clusters on a seeded sample of at most this many
            participants, then assign every participant to the nearest base centre and
            recentre once (None: fit on everyone).
        base_init: k-means initialisation of the base step ("random": distinct participants
            drawn at random, cheap; "k-means++": better spread, ~2x the cost of the step).
        base_n_init: k-means restarts for the base step.
        refine: after choosing k, run Lloyd's k-means on the participants themselves, warm-started
            from the grouped base clusters and from ``n_refine`` k-means++ starts (run on a
            sample of 10,000 points when there are more, the best then polished on everyone),
            keeping the lowest inertia (groups are then a k-means optimum of the participants,
            not just a union of base clusters; costs O(n·k) per iteration).
        random_state: seed; the same seed and data give identical labels.

    Attributes: ``labels_``, ``k_`` (groups used), ``best_k_`` (silhouette winner),
    ``silhouettes_`` ({k: score}), ``base_centers_``, ``base_weights_``, ``base_labels_``
    (per sample), ``base_groups_`` ({k: group of each base cluster}), ``cluster_centers_``
    (weighted group centres for ``k_``), ``n_features_in_``.
    """

    def __init__(self, base_k: int = 100, k_min: int = 2, k_max: int = 5, force_k=None,
                 n_init: int = 10, base_n_init: int = 1, refine: bool = True,
                 n_refine: int = 10, base_sample: int | None = 20_000, base_init: str = "random",
                 random_state=0):
        self.base_k = base_k
        self.k_min = k_min
        self.k_max = k_max
        self.force_k = force_k
        self.n_init = n_init
        self.base_n_init = base_n_init
        self.refine = refine
        self.n_refine = n_refine
        self.base_sample = base_sample
        self.base_init = base_init
        self.random_state = random_state

    # -- steps -------------------------------------------------------------------------
    def _base(self, X: np.ndarray, rng: np.random.Generator):
        uniq, inv, counts = unique_rows(X)
        counts = counts.astype(np.float64)
        if len(uniq) <= self.base_k:
            return uniq, counts, inv
        fit_x, fit_w = uniq, counts
        if self.base_sample and len(X) > self.base_sample:
            # fit the base clusters on a seeded sample of participants, then assign everyone
            take = rng.choice(len(X), size=self.base_sample, replace=False)
            fit_x, _, fit_w = unique_rows(X[take])
            fit_w = fit_w.astype(np.float64)
        if len(fit_x) <= self.base_k:
            centres = fit_x
        else:
            with _single_thread():
                km = KMeans(n_clusters=self.base_k, n_init=self.base_n_init, max_iter=100,
                            init=self.base_init,
                            random_state=int(rng.integers(2**31 - 1)), algorithm="lloyd")
                km.fit(fit_x, sample_weight=fit_w)
            centres = km.cluster_centers_
        # one Lloyd step on all distinct positions: assign, recentre, drop empty clusters
        lab, _ = assign(uniq, centres)
        w = np.bincount(lab, weights=counts, minlength=len(centres))
        used = np.flatnonzero(w > 0)
        remap = np.full(len(centres), -1)
        remap[used] = np.arange(len(used))
        lab = remap[lab]
        cen = np.column_stack([
            np.bincount(lab, weights=counts * uniq[:, d], minlength=len(used))
            for d in range(uniq.shape[1])
        ]) / w[used][:, None]
        lab2, _ = assign(uniq, cen)  # final assignment to the recentred base clusters
        w2 = np.bincount(lab2, weights=counts, minlength=len(cen))
        keep = np.flatnonzero(w2 > 0)
        remap2 = np.full(len(cen), -1)
        remap2[keep] = np.arange(len(keep))
        return cen[keep], w2[keep], remap2[lab2][inv]

    def _group(self, centres, weights, k, seed) -> np.ndarray:
        if k >= len(centres):
            return np.arange(len(centres))
        _, lab, _ = kmeans(centres, weights, k, self.n_init, np.random.default_rng(seed))
        return lab

    @staticmethod
    def _order(base_group, centres, weights) -> np.ndarray:
        """Relabel groups 0..g-1: largest first, ties by centre coordinates."""
        g, inv = np.unique(base_group, return_inverse=True)
        size = np.bincount(inv, weights=weights, minlength=len(g))
        cen = np.column_stack([
            np.bincount(inv, weights=weights * centres[:, d], minlength=len(g))
            for d in range(centres.shape[1])
        ]) / size[:, None]
        keys = [cen[:, d] for d in range(cen.shape[1] - 1, -1, -1)] + [-size]
        order = np.lexsort(keys)
        remap = np.empty(len(g), dtype=np.int64)
        remap[order] = np.arange(len(g))
        return remap[inv]

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        rng = np.random.default_rng(check_random_state(self.random_state).randint(2**31 - 1))
        n = X.shape[0]
        centres, weights, base_lab = self._base(X, rng)
        m = len(centres)
        max_k = min(self.k_max, 2 + m // 12, m)
        ks = list(range(self.k_min, max_k + 1))
        seed = int(rng.integers(2**31 - 1))
        groupings: dict[int, np.ndarray] = {}
        sil: dict[int, float] = {}
        dist = cdist(centres, centres) if len(ks) else None
        for k in ks:
            lab = self._group(centres, weights, k, seed)
            groupings[k] = self._order(lab, centres, weights)
            sil[k] = weighted_silhouette(dist, groupings[k], weights)
        if ks:
            best = max(ks, key=lambda k: (sil[k], -k))
        else:
            best = 1
            groupings[1] = np.zeros(m, dtype=np.int64)
        self.silhouettes_ = sil
        self.best_k_ = best
        self.base_centers_ = centres
        self.base_weights_ = weights
        self.base_labels_ = base_lab
        self.base_groups_ = groupings
        k = best
        if self.force_k is not None:
            k = int(min(max(self.force_k, 1), m))
            if k not in groupings:
                groupings[k] = (self._order(self._group(centres, weights, k, seed), centres,
                                            weights) if k > 1 else np.zeros(m, dtype=np.int64))
        self._refine_seed = seed
        self._set_k(X, k)
        assert self.labels_.shape == (n,)
        return self

    def _set_k(self, X: np.ndarray, k: int) -> None:
        bg = self.base_groups_[k]
        self.k_key_ = k
        k_eff = int(bg.max()) + 1 if len(bg) else 0
        w = self.base_weights_
        centres = np.column_stack([
            np.bincount(bg, weights=w * self.base_centers_[:, d], minlength=k_eff)
            for d in range(self.base_centers_.shape[1])
        ]).reshape(k_eff, -1) / np.bincount(bg, weights=w, minlength=k_eff)[:, None]
        labels = bg[self.base_labels_]
        if self.refine and k_eff >= 2:
            centres, labels = self._refine(X, centres)
        self.k_ = int(len(centres))
        self.cluster_centers_ = centres
        self.labels_ = labels

    def _refine(self, X: np.ndarray, centres: np.ndarray):
        """Lloyd on the participants from the grouped-base centres and from ``n_refine``
        k-means++ starts; the lowest inertia wins (ties: the warm start)."""
        k = len(centres)
        uniq, inv, counts = unique_rows(X)
        counts = counts.astype(np.float64)
        if len(uniq) <= k:
            return centres, self.base_groups_[self.k_key_][self.base_labels_]
        best = lloyd(uniq, counts, centres)
        if self.n_refine:
            rng = np.random.default_rng(self._refine_seed)
            if len(uniq) > _REFINE_SAMPLE:
                # restarts on a weighted sample, then polish the best one on everyone
                take = rng.choice(len(uniq), size=_REFINE_SAMPLE, replace=False,
                                  p=counts / counts.sum())
                start = kmeans(uniq[take], np.ones(len(take)), k, self.n_refine, rng)[0]
                other = lloyd(uniq, counts, start)
            else:
                other = kmeans(uniq, counts, k, self.n_refine, rng)
            if other[2] < best[2] * (1 - 1e-9):
                best = other
        cen, lab, _ = best
        used = np.unique(lab)
        if len(used) < k:  # a start collapsed: keep only the non-empty groups
            cen = cen[used]
            lab = np.searchsorted(used, lab)
        remap = self._order(np.arange(len(cen)), cen, np.bincount(lab, weights=counts))
        out = np.empty_like(cen)
        out[remap] = cen
        return out, remap[lab][inv]

    def use_k(self, X, k: int) -> PolisClusterer:
        """Switch the fitted clusterer to another k among those computed (for hysteresis).
        ``X`` must be the training data."""
        check_is_fitted(self, "base_groups_")
        if k not in self.base_groups_:
            raise ValueError(f"k={k} was not computed; available: {sorted(self.base_groups_)}")
        self._set_k(np.asarray(X, dtype=np.float64), k)
        return self

    def predict(self, X):
        """Group of the nearest group centre (refined) or base centre (``refine=False``)."""
        check_is_fitted(self, "base_groups_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if self.refine and self.k_ >= 2:
            return np.argmin(cdist(X, self.cluster_centers_, "sqeuclidean"), axis=1)
        d = cdist(X, self.base_centers_, "sqeuclidean")
        nearest = np.argmin(d, axis=1)
        return self.base_groups_[self.k_key_][nearest]
