"""What the opinion and routing benchmarks share: a population with planted opinion groups,
and how well an analysis found them (the adjusted Rand index)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

P_PASS = 0.15  # the chance of a pass, whatever the group


def planted_groups(rng: np.random.Generator, n: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Three groups (sizes 50/30/20 %) with a shared and a group stance on each of ``p``
    statements: each participant's group, and each group's chance of agreeing with each
    statement (the rest split into disagreeing and passing)."""
    g = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    general = rng.normal(0.0, 1.0, p)
    stance = general[None, :] + rng.normal(0.0, 1.2, (3, p))
    p_agree = (1 - P_PASS) / (1 + np.exp(-2.0 * stance))
    return g, p_agree


def planted_votes(u: np.ndarray, p_agree: np.ndarray) -> np.ndarray:
    """Votes from uniform draws ``u``: agree below ``p_agree``, pass in the last P_PASS."""
    return np.where(u < p_agree, 1, np.where(u < 1 - P_PASS, -1, 0)).astype(np.int8)


def ari_vs(reference: dict, predicted: dict) -> float:
    """Agreement of predicted groups with the reference, over the reference's keys (a key the
    prediction lacks counts as a group of its own, -1)."""
    keys = sorted(reference)
    return float(adjusted_rand_score([reference[k] for k in keys],
                                     [predicted.get(k, -1) for k in keys]))
