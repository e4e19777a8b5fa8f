"""Statement routing: which statement a participant is asked next. Pure: arrays in, typed
results out; the service reads the latest analysis snapshot and calls this.

The priority is Pol.is's, from compdemocracy/polis, math/src/polismath/math/conversation.clj,
functions ``importance-metric`` and ``priority-metric`` (A agrees, P passes, S votes seen on
the statement, E its extremity)::

    p = (P + 1) / (S + 2)                      pass rate, Laplace-smoothed
    a = (A + 1) / (S + 2)                      agree rate, Laplace-smoothed
    importance = (1 - p) * (E + 1) * a
    priority = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2

The factor ``1 + 8 * 2^(-S/5)`` is the novelty boost ("lets new comments bubble up"); the
square "deepens the bias". E is the comment extremity of the same file's
``with-proj-and-extremtiy``: the length of the statement's own projection in the PCA
(math/src/polismath/math/pca.clj, ``pca-project-cmnts``: a lone disagree vote on the statement,
projected with the sparsity-aware scaling). Pol.is's server draws the next comment at random in
proportion to the priority (server/src/server.ts, ``selectProbabilistically``).

Where we differ, and why:

- Votes are counted over everyone who voted (Pol.is sums its groups, so only clustered people).
- There are no meta statements (Pol.is gives those a fixed priority of 7).
- A statement the snapshot has not seen (added since) is scored with S = A = P = 0 and E = 0
  (Pol.is gives it weight 1, below most new comments' priority).
- A statement with fewer votes than the dialogue's minimum reporting size weighs at least
  ``UNREPORTED_FAVOUR`` times the highest priority of any statement that has reached it, so a
  statement added late is always favoured until it can be reported on.
- The draw is deterministic per participant: statement i gets the key ``log(u_i) / w_i`` with
  ``u_i`` a uniform number hashed from (participant seed, statement), and the largest key wins.
  That picks i with probability ``w_i / sum(w)``, as Pol.is's draw does (Efraimidis and
  Spirakis, "Weighted random sampling with a reservoir", 2006), but a reload shows the same
  statement, and the successive picks are a weighted sample without replacement. With equal
  weights it is exactly the fixed hashed order used before the first analysis.

Measured (docs/benchmarks.md, "Statement routing"): on planted conversations this priority does
not find the groups with fewer votes than the fixed order; the extremity of the mean-imputed PCA
grows with how many voted on a statement, so routing feeds the statements it asked first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "NOVELTY_GAIN",
    "NOVELTY_HALF_LIFE",
    "UNREPORTED_FAVOUR",
    "StatementPriorities",
    "comment_extremity",
    "draw",
    "group_divergence",
    "importance_metric",
    "presentation_uniforms",
    "priority_metric",
    "routed_order",
]

NOVELTY_GAIN = 8.0  # Pol.is: (+ 1 (* 8 (pow 2 (/ S -5))))
NOVELTY_HALF_LIFE = 5.0  # votes after which the boost above 1 halves
UNREPORTED_FAVOUR = 2.0
DIVERGENCE_PRIOR = 4.0  # pseudo-votes pulling a group's mean vote towards everyone's
DIVERGENCE_SCALE = 10.0  # divergence (0..1) -> the E of the importance metric
_HASH_DIGITS = 13  # 52 bits: every value is exact in a float64


def _counts(*arrays) -> list[np.ndarray]:
    out = [np.asarray(a, dtype=np.float64) for a in arrays]
    if len({a.shape for a in out}) > 1:
        raise ValueError("the per-statement arrays must have the same length")
    return out


def importance_metric(n_agree, n_pass, n_seen, extremity) -> np.ndarray:
    """Pol.is ``importance-metric``: (1 - p) * (E + 1) * a, p and a Laplace-smoothed."""
    a_, p_, s_, e_ = _counts(n_agree, n_pass, n_seen, extremity)
    pass_rate = (p_ + 1.0) / (s_ + 2.0)
    agree_rate = (a_ + 1.0) / (s_ + 2.0)
    return (1.0 - pass_rate) * (e_ + 1.0) * agree_rate


def priority_metric(n_agree, n_pass, n_seen, extremity) -> np.ndarray:
    """Pol.is ``priority-metric`` (non-meta): (importance * novelty boost) squared."""
    s_ = _counts(n_seen)[0]
    boost = 1.0 + NOVELTY_GAIN * np.power(2.0, -s_ / NOVELTY_HALF_LIFE)
    return (importance_metric(n_agree, n_pass, n_seen, extremity) * boost) ** 2


_UNSEEN_PRIORITY = float(priority_metric(0, 0, 0, 0))  # a statement the snapshot has not seen


def comment_extremity(mean, components, n_statements: int) -> np.ndarray:
    """Pol.is comment extremity: the length of the projection of a lone disagree (-1) on each
    statement, with the sparsity-aware scaling sqrt(n_statements / 1).

    ``mean``: column means of the seen votes (the PCA centre), one per statement;
    ``components``: the PCA components, n_components x statements."""
    mean = np.asarray(mean, dtype=np.float64)
    components = np.atleast_2d(np.asarray(components, dtype=np.float64))
    if components.shape[1] != mean.shape[0]:
        raise ValueError("components and mean must cover the same statements")
    scale = np.sqrt(max(int(n_statements), 1))
    return np.abs(-1.0 - mean) * np.linalg.norm(components, axis=0) * scale


def group_divergence(n_agree, n_disagree, n_seen, prior: float = DIVERGENCE_PRIOR) -> np.ndarray:
    """How far the opinion groups' mean votes on each statement lie apart, 0..1; used in place
    of Pol.is's extremity (see the module docstring for why).

    Arrays are groups x statements (agree, disagree and seen counts per group). A group's mean
    vote (+1 agree, -1 disagree, 0 pass) is shrunk towards everyone's mean vote on the
    statement by ``prior`` pseudo-votes, so a group that cast few votes says little; the result
    is the standard deviation of the shrunk means across groups, weighted by the votes each
    group cast. It does not grow with the number of votes: more votes only make it sharper."""
    na, nd, ns = (np.atleast_2d(np.asarray(a, dtype=np.float64))
                  for a in (n_agree, n_disagree, n_seen))
    if not na.shape == nd.shape == ns.shape:
        raise ValueError("the per-group count arrays must have the same shape")
    if na.shape[0] < 2:
        return np.zeros(na.shape[1])
    total = ns.sum(axis=0)
    overall = np.divide(na.sum(axis=0) - nd.sum(axis=0), total, out=np.zeros(na.shape[1]),
                        where=total > 0)
    shrunk = (na - nd + prior * overall) / (ns + prior)
    weight = ns + prior
    centre = (weight * shrunk).sum(axis=0) / weight.sum(axis=0)
    return np.sqrt((weight * (shrunk - centre) ** 2).sum(axis=0) / weight.sum(axis=0))


@dataclass(frozen=True, eq=False)
class StatementPriorities:
    """The Pol.is priority of each statement in a snapshot, and how many votes it had."""

    keys: tuple
    priority: np.ndarray
    n_seen: np.ndarray
    _index: dict = field(default_factory=dict, repr=False)
    _floors: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_counts(cls, keys: Sequence[Hashable], n_agree, n_disagree, n_pass,
                    divergence) -> StatementPriorities:
        """``divergence``: :func:`group_divergence` per statement (0..1); it takes the place of
        Pol.is's extremity, scaled by ``DIVERGENCE_SCALE``."""
        a_, d_, p_, e_ = _counts(n_agree, n_disagree, n_pass, divergence)
        if len(keys) != len(a_):
            raise ValueError("one key per statement")
        if min(a_.min(initial=0), d_.min(initial=0), p_.min(initial=0), e_.min(initial=0)) < 0:
            raise ValueError("vote counts and extremities cannot be negative")
        seen = a_ + d_ + p_
        priority = priority_metric(a_, p_, seen, DIVERGENCE_SCALE * e_)
        for a in (priority, seen):
            a.flags.writeable = False
        return cls(tuple(keys), priority, seen, {k: i for i, k in enumerate(keys)})

    def floor(self, minimum: int) -> float:
        """The weight below which no statement short of ``minimum`` votes may fall."""
        if minimum not in self._floors:
            reached = self.priority[self.n_seen >= minimum]
            self._floors[minimum] = UNREPORTED_FAVOUR * float(reached.max(initial=0.0))
        return self._floors[minimum]

    def weights(self, candidates: Sequence[Hashable], minimum: int) -> np.ndarray:
        """The draw weight of each candidate: its priority, a statement the snapshot has not
        seen scored as one with no votes, raised to the floor while short of ``minimum``."""
        index = [self._index.get(k, -1) for k in candidates]
        known = np.asarray(index, dtype=np.int64)
        hit = known >= 0
        weight = np.full(len(index), _UNSEEN_PRIORITY)
        seen = np.zeros(len(index))
        weight[hit] = self.priority[known[hit]]
        seen[hit] = self.n_seen[known[hit]]
        short = seen < minimum
        weight[short] = np.maximum(weight[short], self.floor(minimum))
        return weight


def presentation_uniforms(seed: str, keys: Sequence[Hashable]) -> np.ndarray:
    """One uniform number in (0, 1) per key, fixed for this seed (the participant's pseudonym):
    1 minus the leading 52 bits of sha256("seed:key"), so the smallest hash is the largest."""
    top = 16**_HASH_DIGITS
    return np.array([
        1.0 - (int(hashlib.sha256(f"{seed}:{k}".encode()).hexdigest()[:_HASH_DIGITS], 16) + 0.5)
        / top
        for k in keys
    ], dtype=np.float64)


def _keys(weights, uniforms) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    u = np.asarray(uniforms, dtype=np.float64)
    if w.shape != u.shape or w.ndim != 1:
        raise ValueError("one weight and one uniform number per candidate")
    if not (np.all(np.isfinite(w)) and np.all(w > 0)):
        raise ValueError("weights must be positive and finite")
    if not np.all((u > 0) & (u < 1)):
        raise ValueError("uniform numbers must lie strictly between 0 and 1")
    return np.log(u) / w


def draw(weights, uniforms) -> int:
    """Index of the candidate drawn: probability weight / total weight over the uniforms."""
    keys = _keys(weights, uniforms)
    if keys.size == 0:
        raise ValueError("no candidate to draw from")
    return int(np.argmax(keys))


def routed_order(weights, uniforms) -> np.ndarray:
    """Every candidate in the order successive draws would ask them (weights held fixed)."""
    return np.argsort(-_keys(weights, uniforms), kind="stable")
