"""Representative statements, group-informed consensus and divisive statements (Pol.is math).

Per group ``g`` and statement ``s`` (counts over *clustered* participants):

* ``na, nd, ns``: agrees, disagrees, seen (agree + disagree + pass) in the group;
  ``*_out``: the same over all other groups.
* ``pa = (na + 1) / (ns + 2)``, ``pd = (nd + 1) / (ns + 2)`` (Beta(1,1) smoothing).
* ``pat, pdt``: one-proportion test, Pol.is ``prop-test``: ``2·√(ns+1)·((na+1)/(ns+1) − ½)``.
* ``ra = pa / pa_out``, ``rd = pd / pd_out`` (representativeness ratio).
* ``rat, rdt``: two-proportion z-test, Pol.is ``two-prop-test`` (each count +1; 0 when the
  pooled proportion is 1).

Selection follows Pol.is ``select-rep-comments``: a statement is *sufficient* for a group if
(``rat > z`` and ``pat > z``) or (``rdt > z`` and ``pdt > z``) with ``z = 1.2816`` (one-sided
90 %); sufficient ones are sorted by ``repness · repness_test · p_success · p_test``; the
"best agree" statement (Pol.is ``beats-best-agr?``) is put first; at most ``pick_max`` (5) are
kept and agrees are listed before disagrees. If nothing is sufficient, the single best agree
(else the single best by ``max(rat, rdt)``) is returned. The direction of a statement is
``agree`` if ``rat > rdt`` else ``disagree`` (Pol.is ``finalize-cmt-stats``); a best-agree
statement is always reported as ``agree`` (a deliberate deviation: Pol.is may label it
``disagree``).

Moderated-out statements are excluded from every selection here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .matrix import VoteMatrix

Z90 = 1.2816

__all__ = [
    "Z90",
    "GroupStats",
    "group_stats",
    "prop_test",
    "select_consensus",
    "select_divisive",
    "select_representative",
    "two_prop_test",
]


def prop_test(succ, n):
    """Pol.is one-proportion test statistic (vectorised)."""
    succ = np.asarray(succ, dtype=np.float64) + 1
    n = np.asarray(n, dtype=np.float64) + 1
    return 2 * np.sqrt(n) * (succ / n - 0.5)


def two_prop_test(succ_in, succ_out, n_in, n_out):
    """Pol.is two-proportion z statistic (vectorised, each count +1)."""
    s1 = np.asarray(succ_in, dtype=np.float64) + 1
    s2 = np.asarray(succ_out, dtype=np.float64) + 1
    n1 = np.asarray(n_in, dtype=np.float64) + 1
    n2 = np.asarray(n_out, dtype=np.float64) + 1
    pi1, pi2 = s1 / n1, s2 / n2
    pi_hat = (s1 + s2) / (n1 + n2)
    den = np.sqrt(pi_hat * (1 - pi_hat) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (pi1 - pi2) / den
    return np.where((pi_hat >= 1) | (den == 0), 0.0, z)


@dataclass(frozen=True, eq=False)
class GroupStats:
    """Arrays of shape (n_groups, n_statements); see the module docstring for the meaning."""

    na: np.ndarray
    nd: np.ndarray
    ns: np.ndarray
    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray

    @property
    def n_groups(self) -> int:
        return self.na.shape[0]


def _counts(matrix: VoteMatrix, labels: np.ndarray, k: int):
    rows = np.flatnonzero(labels >= 0)
    ind = sp.csr_matrix(
        (np.ones(len(rows)), (labels[rows], rows)), shape=(k, matrix.n_participants)
    )
    v = matrix.votes
    agree = sp.csr_matrix(((v.data > 0).astype(np.float64), v.indices, v.indptr), shape=v.shape)
    disagree = sp.csr_matrix(((v.data < 0).astype(np.float64), v.indices, v.indptr),
                             shape=v.shape)
    na = np.asarray((ind @ agree).toarray())
    nd = np.asarray((ind @ disagree).toarray())
    ns = np.asarray((ind @ matrix.seen()).toarray())
    return na, nd, ns


def group_stats(matrix: VoteMatrix, labels: np.ndarray, k: int | None = None) -> GroupStats:
    """Per-group statistics; ``labels``: group per participant, −1 = not clustered."""
    labels = np.asarray(labels, dtype=np.int64)
    if k is None:
        k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    na, nd, ns = _counts(matrix, labels, k)
    na_out = na.sum(axis=0)[None, :] - na
    nd_out = nd.sum(axis=0)[None, :] - nd
    ns_out = ns.sum(axis=0)[None, :] - ns
    pa = (na + 1) / (ns + 2)
    pd = (nd + 1) / (ns + 2)
    return GroupStats(
        na=na, nd=nd, ns=ns, pa=pa, pd=pd,
        pat=prop_test(na, ns), pdt=prop_test(nd, ns),
        ra=pa / ((na_out + 1) / (ns_out + 2)),
        rd=pd / ((nd_out + 1) / (ns_out + 2)),
        rat=two_prop_test(na, na_out, ns, ns_out),
        rdt=two_prop_test(nd, nd_out, ns, ns_out),
    )


@dataclass(frozen=True)
class RepPick:
    """One selected representative statement (indices; the pipeline maps them to keys)."""

    statement: int
    direction: str  # "agree" | "disagree"
    best_agree: bool


def _beats_best_agree(st: GroupStats, g: int, s: int, best: int | None, z: float) -> bool:
    na, nd = st.na[g, s], st.nd[g, s]
    if na == 0 and nd == 0:
        return False
    ra, rat, pa, pat = st.ra[g, s], st.rat[g, s], st.pa[g, s], st.pat[g, s]
    if best is not None and st.ra[g, best] > 1.0:
        return ra * rat * pa * pat > (st.ra[g, best] * st.rat[g, best] * st.pa[g, best]
                                      * st.pat[g, best])
    if best is not None:
        return pa * pat > st.pa[g, best] * st.pat[g, best]
    return bool(pat > z or (ra > 1.0 and pa > 0.5))


def select_representative(
    st: GroupStats, active: np.ndarray, *, pick_max: int = 5, z: float = Z90
) -> list[list[RepPick]]:
    """Pol.is ``select-rep-comments`` for every group (see module docstring)."""
    active_idx = np.flatnonzero(active)
    out: list[list[RepPick]] = []
    agree_dir = st.rat > st.rdt
    metric_a = st.ra * st.rat * st.pa * st.pat
    metric_d = st.rd * st.rdt * st.pd * st.pdt
    for g in range(st.n_groups):
        if len(active_idx) == 0:
            out.append([])
            continue
        passes = ((st.rat[g] > z) & (st.pat[g] > z)) | ((st.rdt[g] > z) & (st.pdt[g] > z))
        sufficient = [s for s in active_idx if passes[s]]
        best_agree: int | None = None
        for s in active_idx:
            if _beats_best_agree(st, g, s, best_agree, z):
                best_agree = int(s)
        if not sufficient:
            if best_agree is not None:
                out.append([RepPick(best_agree, "agree", True)])
            else:
                score = np.maximum(st.rat[g, active_idx], st.rdt[g, active_idx])
                s = int(active_idx[int(np.argmax(score))])
                out.append([RepPick(s, "agree" if agree_dir[g, s] else "disagree", False)])
            continue
        rest = [s for s in sufficient if s != best_agree]
        metric = np.where(agree_dir[g], metric_a[g], metric_d[g])
        rest.sort(key=lambda s: -metric[s])  # stable: ties keep statement order
        picks = ([RepPick(best_agree, "agree", True)] if best_agree is not None else []) + [
            RepPick(int(s), "agree" if agree_dir[g, s] else "disagree", False) for s in rest
        ]
        picks = picks[:pick_max]
        picks = [p for p in picks if p.direction == "agree"] + [
            p for p in picks if p.direction == "disagree"
        ]
        out.append(picks)
    return out


@dataclass(frozen=True)
class ConsensusPick:
    statement: int
    direction: str
    score: float  # product over groups of the smoothed probability in that direction


def select_consensus(
    st: GroupStats,
    overall_n: np.ndarray,
    overall_ns: np.ndarray,
    active: np.ndarray,
    *,
    direction: str,
    pick_max: int = 5,
    z: float = Z90,
) -> list[ConsensusPick]:
    """Group-informed consensus in one direction.

    ``score = Π_g p_g`` with ``p_g = pa`` (agree) or ``pd`` (disagree) of group ``g``. A
    statement qualifies if, as in Pol.is ``select-consensus-comments``, over *all*
    participants the smoothed probability is > 0.5 and its one-proportion test is > ``z``
    (``overall_n``: agrees or disagrees, ``overall_ns``: seen), and in addition every group's
    smoothed probability is > 0.5. Sorted by score (desc), at most ``pick_max``.
    """
    p = st.pa if direction == "agree" else st.pd
    score = np.prod(p, axis=0) if st.n_groups else np.full(p.shape[1], np.nan)
    prob = (overall_n + 1) / (overall_ns + 2)
    ok = active & (prob > 0.5) & (prop_test(overall_n, overall_ns) > z)
    if st.n_groups:
        ok &= np.all(p > 0.5, axis=0)
    idx = np.flatnonzero(ok)
    if st.n_groups:
        idx = idx[np.argsort(-score[idx], kind="stable")]
    else:
        idx = idx[np.argsort(-(prob[idx] * prop_test(overall_n, overall_ns)[idx]), kind="stable")]
    return [ConsensusPick(int(s), direction, float(score[s])) for s in idx[:pick_max]]


def select_divisive(
    st: GroupStats, active: np.ndarray, *, pick_max: int = 5, min_seen: int = 1
) -> list[tuple[int, float]]:
    """Statements whose agreement differs most between groups.

    ``spread = max_g pa − min_g pa`` over the smoothed agree probabilities (smoothing keeps a
    group with a handful of votes from producing a spurious 0-vs-1 spread). Only active
    statements seen by at least ``min_seen`` participants in every group; needs ≥ 2 groups.
    Returns ``(statement, spread)`` sorted by spread (desc), at most ``pick_max``.
    """
    if st.n_groups < 2:
        return []
    spread = st.pa.max(axis=0) - st.pa.min(axis=0)
    ok = active & np.all(st.ns >= min_seen, axis=0) & (spread > 0)
    idx = np.flatnonzero(ok)
    idx = idx[np.argsort(-spread[idx], kind="stable")]
    return [(int(s), float(spread[s])) for s in idx[:pick_max]]
