"""Statement routing: which statement a participant is asked next. Pure: arrays in, typed
results out; the service reads the latest analysis snapshot and calls this.

The priority is Pol.is's, from compdemocracy/polis, math/src/polismath/math/conversation.clj,
functions ``importance-metric`` and ``priority-metric`` (A agrees, P passes, S votes seen on
the statement, E its extremity)::

    p = (P + 1) / (S + 2)                      pass rate, Laplace-smoothed
    a = (A + 1) / (S + 2)                      agree rate, Laplace-smoothed
    importance = (1 - p) * (E + 1) * a
    priority = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2        (we: ** PRIORITY_POWER)

The factor ``1 + 8 * 2^(-S/5)`` is the novelty boost ("lets new comments bubble up"); the
square "deepens the bias". E is the comment extremity of the same file's
``with-proj-and-extremtiy``: the length of the statement's own projection in the PCA
(math/src/polismath/math/pca.clj, ``pca-project-cmnts``: a lone disagree vote on the statement,
projected with the sparsity-aware scaling). Pol.is's server draws the next comment at random in
proportion to the priority (server/src/server.ts, ``selectProbabilistically``).

Where we differ, and why (figures: docs/benchmarks.md, "Statement routing"; planted
conversations, 600 x 120, 3 groups, bench/routing.py):

- E is not Pol.is's extremity but :func:`vote_alignment` times ``DIVERGENCE_SCALE``: how
  strongly the votes on a statement line up with where its voters sit on the map once their
  own vote on it is taken out, over the votes plus ``DIVERGENCE_PRIOR``. Pol.is's extremity
  comes from the mean-imputed PCA, where a statement's loading grows with the share who voted
  on it, so routing fed the statements it asked first: with it the routed order found the
  groups later than the fixed order (ARI 0.121 against 0.317 at N = 10, 0.718 against 0.783
  at N = 20, 5 seeds). The spread of the snapshot groups' mean votes (shrunk by 4 pseudo-votes)
  had the same circle (the groups are made from those votes): 0.046 against 0.284 at N = 10
  (2 seeds); its estimate correlated 0.10 with the planted spread by the end, against 0.69 for
  the alignment (seed 0). In a unit test a coin toss that everyone answered is Pol.is's most
  extreme statement and the alignment's least divisive.
- The priority is raised to ``PRIORITY_POWER`` (0.5), not squared. Concentrating the votes
  hurts the final map here: each snapshot's weights differ, so cohorts of participants answer
  different sets and the mean-imputed map separates cohorts, not opinions (seed 0, N = 10: 5
  groups found instead of 3; power 2 gave 0.126 there, fixed 0.385). Over 3 seeds: power 1
  0.325 at N = 10 but 0.711 at N = 20 (fixed 0.744), power 0.5 0.246 / 0.809 / 0.988 against
  the fixed 0.246 / 0.744 / 0.975 at N = 10 / 20 / 40.
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

Adaptive routing (docs/benchmarks.md, "adaptive routing"): once the snapshot carries each
group's counts, each participant's next statement is weighted by the priority times
(the expected information gain about their opinion group, given their own answers so far, /
its mean over the statements still open) ** ``ADAPT_POWER``, as computerised adaptive testing
chooses the next item. The groups' vote rates are shrunk towards the overall rates by
``ADAPT_PRIOR`` pseudo-votes. A statement short of the minimum weighs at least
``UNREPORTED_FAVOUR`` times the top adapted weight of those that reached it, until the
participant has answered ``ADAPT_SLOTS`` short statements. Planted 600 x 120, 2 seeds, equal
votes: ARI 0.489 / 0.939 / 0.995 at N = 10 / 20 / 40 against 0.354 / 0.837 / 0.992 for the
priority alone; every late statement kept >= 10 votes.

Exploration (docs/benchmarks.md, "Exploration (2026-12-03, evening)"): the gain's factor is
mixed with the priority alone by how well the participant's group is already known
(:func:`group_certainty`, 1 minus the posterior's entropy over its maximum; no constant).
Adapting fully to an early snapshot that had merged two groups asked everyone the
statements that split the snapshot's groups and never those that split the merged pair, so
the final map kept them merged (planted seed 6, snapshots every 10 % growth: ARI 0.728 at
N = 30). With the mix: 0.996 there, and over seeds 0-9 the goal (the fixed order's ARI at
N with 25 % fewer answers) is met at N = 10, 20 and 40 with those snapshots.

With a snapshot only every 50 arrivals the goal is missed at N = 10 and, with the mix, at
N = 20 too (docs/benchmarks.md): routing reads the latest snapshot, and how often one is
made decides how well it works; the mix is meant for snapshots every 10 % growth, which is
the product's schedule (:func:`snapshot_due`, run by the staff screens' refresh and the
``refresh-snapshots`` command: ``services/routing.refresh_snapshot``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ADAPT_POWER",
    "ADAPT_PRIOR",
    "ADAPT_SLOTS",
    "GroupProfiles",
    "adapted_weights",
    "group_certainty",
    "information_gain",
    "NOVELTY_GAIN",
    "NOVELTY_HALF_LIFE",
    "UNREPORTED_FAVOUR",
    "StatementPriorities",
    "comment_extremity",
    "draw",
    "vote_alignment",
    "importance_metric",
    "presentation_uniforms",
    "priority_metric",
    "routed_order",
    "SNAPSHOT_GROWTH",
    "SNAPSHOT_LEAST",
    "snapshot_due",
]

NOVELTY_GAIN = 8.0  # Pol.is: (+ 1 (* 8 (pow 2 (/ S -5))))
NOVELTY_HALF_LIFE = 5.0  # votes after which the boost above 1 halves
UNREPORTED_FAVOUR = 2.0
DIVERGENCE_PRIOR = 4.0  # pseudo-votes: a statement with few votes is not called divisive
DIVERGENCE_SCALE = 10.0  # divergence (0..1) -> the E of the importance metric
PRIORITY_POWER = 0.5  # Pol.is squares (2); measured better softer (module docstring)
ADAPT_POWER = 4.0  # how sharply the information gain weighs on the draw (0: priority alone)
ADAPT_PRIOR = 4.0  # pseudo-votes shrinking a group's rates towards the overall rates
ADAPT_SLOTS = 2  # short statements a participant answers before the floor lets go
_MIN_GAIN = 1e-12  # a statement that tells the groups apart not at all still weighs > 0
_HASH_DIGITS = 13  # 52 bits: every value is exact in a float64


# --- When routing's snapshot is renewed ------------------------------------------------------
# The analysis costs about the same per participant, so a new snapshot after each 10 % growth
# keeps the analysis work per arrival bounded (all of a dialogue's snapshots together cost
# about 11 times its last one), while the first 100 voters, about whom routing knows nothing
# else, get one every 10. Chosen for cost, not tuned on the seeds (docs/benchmarks.md,
# "Snapshot schedule").
SNAPSHOT_LEAST = 10  # participants between snapshots, at least
SNAPSHOT_GROWTH = 0.1  # ... and at least this share of those the last snapshot counted


def snapshot_due(counted: int, participants: int, *, least: int = SNAPSHOT_LEAST,
                 growth: float = SNAPSHOT_GROWTH) -> bool:
    """Whether a new snapshot is due: the last one counted ``counted`` participants (0: there
    is none yet) and there are ``participants`` now. Due once those since reach
    max(``least``, ``growth`` x ``counted``); 28 snapshots over 600 arrivals with the
    defaults (10, 20, ..., 110, 121, 134, ..., 572)."""
    if least < 1 or not growth >= 0:
        raise ValueError("a snapshot schedule needs least >= 1 and growth >= 0")
    return participants - counted >= max(least, growth * counted)


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
    return (importance_metric(n_agree, n_pass, n_seen, extremity) * boost) ** PRIORITY_POWER


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


def vote_alignment(centred, coords, components, row_scale, prior: float = DIVERGENCE_PRIOR):
    """How strongly the votes on each statement line up with where their voters sit on the
    opinion map when the statement itself is left out of the map, 0 for a statement that
    divides no one along the map's axes. Used in place of Pol.is's extremity.

    ``centred``: participants x statements sparse matrix of the seen votes minus the PCA centre
    (scipy CSR); ``coords``: each participant's map position (scaled as the analysis scales it);
    ``components``: the PCA components (n_components x statements); ``row_scale``: the scaling
    applied to each participant's position. A participant's own vote moves their position by
    ``row_scale * centred * component``; that share is taken out, so a statement does not look
    divisive merely because it shaped the map (the circle that made Pol.is's extremity, and a
    spread between the snapshot's groups, feed the statements asked first). The
    covariance of vote and left-out position is divided by the votes plus ``prior``
    pseudo-votes, and by the spread of positions: it does not grow with the number of votes."""
    coords = np.asarray(coords, dtype=np.float64)
    components = np.atleast_2d(np.asarray(components, dtype=np.float64))
    row_scale = np.asarray(row_scale, dtype=np.float64)
    n_seen = np.diff(centred.tocsc().indptr).astype(np.float64)
    own = np.asarray(centred.multiply(centred).T @ row_scale).ravel()  # sum_i s_i c_ij^2
    cov = np.asarray(centred.T @ coords) - own[:, None] * components.T
    spread = np.sqrt(np.mean(np.sum(coords**2, axis=1))) if coords.size else 0.0
    if spread == 0.0:
        return np.zeros(centred.shape[1])
    return np.linalg.norm(cov, axis=1) / (n_seen + prior) / spread


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
        """``divergence``: :func:`vote_alignment` per statement; it takes the place of Pol.is's
        extremity, scaled by ``DIVERGENCE_SCALE``."""
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

    def seen(self, candidates: Sequence[Hashable]) -> np.ndarray:
        """Votes each candidate had in the snapshot (0 for one it has not seen)."""
        index = np.asarray([self._index.get(k, -1) for k in candidates], dtype=np.int64)
        out = np.zeros(len(index))
        hit = index >= 0
        out[hit] = self.n_seen[index[hit]]
        return out

    def weights(self, candidates: Sequence[Hashable], minimum: int) -> np.ndarray:
        """The draw weight of each candidate: its priority, a statement the snapshot has not
        seen scored as one with no votes, raised to the floor while short of ``minimum``."""
        index = [self._index.get(k, -1) for k in candidates]
        known = np.asarray(index, dtype=np.int64)
        hit = known >= 0
        weight = np.full(len(index), float(priority_metric(0, 0, 0, 0)))  # as one with no votes
        seen = np.zeros(len(index))
        weight[hit] = self.priority[known[hit]]
        seen[hit] = self.n_seen[known[hit]]
        short = seen < minimum
        weight[short] = np.maximum(weight[short], self.floor(minimum))
        return weight


def _category(value) -> int:
    """Column of a vote in the rates: agree 0, disagree 1, pass 2."""
    return 0 if value > 0 else (1 if value < 0 else 2)


@dataclass(frozen=True, eq=False)
class GroupProfiles:
    """Each snapshot group's vote rates per statement (agree, disagree, pass), shrunk towards
    the overall rates by ``ADAPT_PRIOR`` pseudo-votes, and the groups' shares of the votes."""

    keys: tuple
    log_rates: np.ndarray  # groups x statements x 3
    log_prior: np.ndarray  # groups
    _index: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_counts(cls, keys: Sequence[Hashable], group_counts, n_agree, n_disagree,
                    n_pass, prior: float = ADAPT_PRIOR) -> GroupProfiles | None:
        """``group_counts``: groups x statements x 3 (agree, disagree, pass) votes of each
        group's members; ``n_*``: everyone's counts (the clustered and the others). None
        with fewer than two groups: there is no group to learn about."""
        counts = np.asarray(group_counts, dtype=np.float64).reshape(-1, len(keys), 3)
        overall = np.stack(_counts(n_agree, n_disagree, n_pass), axis=1)
        if overall.shape[0] != len(keys):
            raise ValueError("one key per statement")
        if counts.min(initial=0) < 0 or overall.min(initial=0) < 0:
            raise ValueError("vote counts cannot be negative")
        if counts.shape[0] < 2:
            return None
        overall = (overall + 1.0) / (overall.sum(axis=1, keepdims=True) + 3.0)
        rates = (counts + prior * overall) / (counts.sum(axis=2, keepdims=True) + prior)
        sizes = counts.sum(axis=(1, 2)) + 1.0  # votes cast by each group's members
        log_rates, log_prior = np.log(rates), np.log(sizes / sizes.sum())
        for a in (log_rates, log_prior):
            a.flags.writeable = False
        return cls(tuple(keys), log_rates, log_prior, {k: i for i, k in enumerate(keys)})

    def log_posterior(self, answers: Mapping[Hashable, int]) -> np.ndarray:
        """Log-probability (unnormalised) of each group given the participant's votes
        (statement key -> +1 agree, -1 disagree, 0 pass); unknown statements say nothing."""
        log_post = self.log_prior.copy()
        for key, value in answers.items():
            j = self._index.get(key)
            if j is not None:
                log_post += self.log_rates[:, j, _category(value)]
        return log_post

    def candidate_rates(self, candidates: Sequence[Hashable]) -> np.ndarray:
        """Log rates of the candidates (groups x candidates x 3); a statement the snapshot
        has not seen has the same rates in every group (it tells nothing yet)."""
        out = np.full((self.log_rates.shape[0], len(candidates), 3), np.log(1.0 / 3.0))
        for i, key in enumerate(candidates):
            j = self._index.get(key)
            if j is not None:
                out[:, i, :] = self.log_rates[:, j, :]
        return out


def _entropy(p, axis=-1):
    return -np.sum(p * np.log(np.maximum(p, 1e-300)), axis=axis)


def information_gain(log_post, log_rates) -> np.ndarray:
    """Expected reduction of the entropy of the participant's group per statement, the mutual
    information I(group; vote): ``log_post`` groups; ``log_rates`` groups x statements x 3."""
    log_post = np.asarray(log_post, dtype=np.float64)
    post = np.exp(log_post - log_post.max())
    post /= post.sum()
    rates = np.exp(np.asarray(log_rates, dtype=np.float64))
    marginal = np.einsum("g,gsv->sv", post, rates)  # statements x 3
    cond = _entropy(rates, axis=2)  # groups x statements
    return _entropy(marginal, axis=1) - post @ cond


def group_certainty(log_post) -> float:
    """How well the participant's group is known, 0 (the posterior is uniform over the
    groups) to 1 (one group): 1 minus the posterior's entropy over its maximum, log(groups).
    ``log_post``: unnormalised log-probabilities of the groups."""
    log_post = np.asarray(log_post, dtype=np.float64)
    if log_post.size < 2:
        return 1.0
    post = np.exp(log_post - log_post.max())
    post /= post.sum()
    return float(np.clip(1.0 - _entropy(post) / np.log(post.size), 0.0, 1.0))


def adapted_weights(priorities: StatementPriorities, profiles: GroupProfiles,
                    candidates: Sequence[Hashable], answers: Mapping[Hashable, int],
                    minimum: int) -> np.ndarray:
    """The draw weight of each candidate (statements the participant may still answer) for a
    participant with these ``answers``: the priority times
    ``(1 - c) * (information gain / its mean over the candidates) ** ADAPT_POWER + c``, with
    ``c`` the :func:`group_certainty` of their answers so far: the gain steers the draw only
    as far as their group is still unknown, and once it is known they answer by the priority,
    which can still split a group the snapshot merged (the gain cannot: it only tells the
    snapshot's groups apart). A statement short of ``minimum`` votes is raised to
    ``UNREPORTED_FAVOUR`` times the top adapted weight of the others (the snapshot's floor
    when none has reached it) until the participant has answered ``ADAPT_SLOTS`` short ones."""
    weights = priorities.weights(candidates, minimum)
    if not len(candidates):
        return weights
    log_post = profiles.log_posterior(answers)
    gain = np.maximum(information_gain(log_post, profiles.candidate_rates(candidates)),
                      _MIN_GAIN)
    certainty = group_certainty(log_post)
    w = weights * ((1.0 - certainty) * (gain / gain.mean()) ** ADAPT_POWER + certainty)
    short = priorities.seen(candidates) < minimum
    answered_short = int(np.sum(priorities.seen(list(answers)) < minimum)) if answers else 0
    if answered_short < ADAPT_SLOTS:
        top = (w[~short].max() if (~short).any()
               else priorities.floor(minimum) / UNREPORTED_FAVOUR)
        w[short] = np.maximum(w[short], UNREPORTED_FAVOUR * top)
    return w


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
