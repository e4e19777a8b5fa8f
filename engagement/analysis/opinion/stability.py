"""Group stability by bootstrap resampling of the clustered participants.

Each resample draws ``m = min(n, max_sample)`` clustered participants *with replacement*
(an m-out-of-n bootstrap when ``n > max_sample``, default 2,000; this bounds the cost at
100k participants, and groups found on a smaller sample vary more, so a capped sample can
only make the estimate more cautious),
re-runs the whole grouping (base clusters, k by silhouette, groups; with at most 5 group
restarts and 2 refinement restarts) on their 2-D positions,
and compares the new groups with the original groups *on the resampled participants* by the
adjusted Rand index. The projection is held fixed (it is estimated from all votes and moves
little under resampling; re-running the PCA 20× would dominate the cost).

Summary: the mean ARI over resamples, in [−1, 1]. ``weak`` is ``mean_ari < WEAK_THRESHOLD``
(0.6): below it, resamples typically disagree about a sizeable share of who belongs with whom,
so the groups should be presented as tentative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score

from .clustering import PolisClusterer

WEAK_THRESHOLD = 0.6

__all__ = ["WEAK_THRESHOLD", "Stability", "bootstrap_stability"]


@dataclass(frozen=True)
class Stability:
    """``mean_ari`` is None when it cannot be computed (fewer than 2 groups or participants);
    then ``weak`` is True."""

    mean_ari: float | None
    min_ari: float | None
    aris: tuple[float, ...]
    n_resamples: int
    sample_size: int
    weak: bool
    threshold: float = WEAK_THRESHOLD

    def to_dict(self) -> dict:
        return {
            "mean_ari": self.mean_ari,
            "min_ari": self.min_ari,
            "aris": list(self.aris),
            "n_resamples": self.n_resamples,
            "sample_size": self.sample_size,
            "weak": self.weak,
            "threshold": self.threshold,
        }


def bootstrap_stability(
    X: np.ndarray,
    labels: np.ndarray,
    clusterer: PolisClusterer,
    *,
    n_resamples: int = 20,
    max_sample: int = 2_000,
    seed: int = 0,
) -> Stability:
    """Bootstrap ARI of ``labels`` (groups of the rows of ``X``) under ``clusterer``'s params."""
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels)
    n = len(X)
    if n < 2 or n_resamples <= 0 or len(np.unique(labels)) < 2:
        return Stability(None, None, (), 0, 0, True)
    m = min(n, max_sample)
    rng = np.random.default_rng(seed)
    params = clusterer.get_params()
    params["force_k"] = None
    # lighter restarts on the resamples (cost); fewer restarts can only add disagreement,
    # so this errs on the side of calling groups weak
    params["n_init"] = min(params["n_init"], 5)
    params["n_refine"] = min(params["n_refine"], 2)
    aris = []
    for _ in range(n_resamples):
        idx = rng.integers(0, n, size=m)
        params["random_state"] = int(rng.integers(np.iinfo(np.int32).max))
        fitted = PolisClusterer(**params).fit(X[idx])
        aris.append(float(adjusted_rand_score(labels[idx], fitted.labels_)))
    mean = float(np.mean(aris))
    return Stability(mean, float(np.min(aris)), tuple(aris), n_resamples, m,
                     mean < WEAK_THRESHOLD)
