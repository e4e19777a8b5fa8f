"""The top-level entry point :func:`analyse`."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable

import numpy as np

from ..routing import comment_extremity, vote_alignment
from .clustering import KState, PolisClusterer, smooth_k
from .matrix import VoteMatrix, select_columns
from .participation import clustered_participants
from .projection import PolisPCA, centred_sparse
from .repness import (
    Z90,
    group_stats,
    prop_test,
    select_consensus,
    select_divisive,
    select_representative,
)
from .results import (
    ConsensusStatement,
    DivisiveStatement,
    OpinionAnalysis,
    OpinionGroup,
    RepresentativeStatement,
    StatementStats,
)
from .stability import bootstrap_stability

__all__ = ["analyse"]


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def analyse(
    matrix: VoteMatrix,
    *,
    moderated_out: Iterable[Hashable] = (),
    seed: int = 0,
    min_votes: int = 7,
    greedy_n: int = 15,
    base_k: int = 100,
    k_min: int = 2,
    k_max: int = 5,
    force_k: int | None = None,
    k_state: KState | None = None,
    k_buffer: int = 4,
    pick_max: int = 5,
    n_divisive: int = 5,
    n_bootstrap: int = 20,
    bootstrap_max_sample: int = 2_000,
    z: float = Z90,
) -> OpinionAnalysis:
    """Opinion groups of a conversation, Pol.is style. Pure and deterministic for a seed.

    Steps: (1) who is clustered (:func:`clustered_participants`, Pol.is ``in-conv``);
    (2) PCA of all participants' votes on the statements not moderated out, column-mean
    imputation, sparsity-aware scaling (:class:`PolisPCA`); (3) groups of the clustered
    participants (:class:`PolisClusterer`: 100 base clusters, k in 2..5 by weighted
    silhouette); optional k hysteresis via ``k_state`` (:func:`smooth_k`; pass the previous
    result's ``k_state`` back in); (4) representative statements per group, group-informed
    consensus (agree and disagree), divisive statements; (5) bootstrap stability.

    Args:
        matrix: the votes (:class:`VoteMatrix`).
        moderated_out: statement keys moderated out: kept as columns (votes on them still count
            for participation) but excluded from the PCA, repness, consensus and divisive.
            Unknown keys are ignored. As in Pol.is (which zeroes their columns), they still
            count in the sparsity scaling: a participant's position is multiplied by
            ``sqrt(n_statements / (n_votes_on_active + n_moderated_out))``; on the Pol.is
            exports this matches Pol.is's groups markedly better than rescaling by the active
            statements only.
        seed: seed for all randomness (k-means, bootstrap).
        min_votes, greedy_n: participation rule (Pol.is: 7 and 15).
        base_k, k_min, k_max, force_k: grouping parameters (Pol.is: 100, 2, 5).
        k_state, k_buffer: hysteresis; ``None`` = use the silhouette winner directly.
        pick_max: representative statements per group and consensus statements per direction.
        n_divisive: how many divisive statements to return.
        n_bootstrap, bootstrap_max_sample: stability resamples and their size cap.
        z: significance threshold of the z statistics (one-sided 90 %: 1.2816).
    """
    t0 = time.perf_counter()
    params = {
        "seed": seed, "min_votes": min_votes, "greedy_n": greedy_n, "base_k": base_k,
        "k_min": k_min, "k_max": k_max, "force_k": force_k, "k_buffer": k_buffer,
        "pick_max": pick_max, "n_divisive": n_divisive, "n_bootstrap": n_bootstrap,
        "bootstrap_max_sample": bootstrap_max_sample, "z": z,
    }
    n, p = matrix.shape
    mod_set = set(moderated_out)
    mod_keys = tuple(k for k in matrix.statement_keys if k in mod_set)
    active = np.ones(p, dtype=bool)
    active[matrix.statement_index(mod_keys)] = False

    # (1) participation
    inside = clustered_participants(matrix, min_votes=min_votes, greedy_n=greedy_n)

    # (2) projection on the active statements (scaling as Pol.is: see moderated_out)
    votes = matrix.votes
    if active.all():
        X = votes.astype(np.float64)
    else:
        X = select_columns(votes, active).astype(np.float64)
    # stored entries are the seen votes: pass zeros survive slicing & astype (no eliminate)
    pca = PolisPCA(n_components=2, sparsity_scaling=False)
    extremity = np.zeros(p)
    divergence = np.zeros(p)
    if X.shape[1] > 0 and n > 0:
        coords = pca.fit_transform(X)
        n_mod = p - X.shape[1]
        n_seen = np.diff(X.indptr) + n_mod
        coords *= np.sqrt(p / np.maximum(n_seen, 1))[:, None]
        explained = tuple(float(v) for v in pca.explained_variance_)
        extremity[active] = comment_extremity(pca.mean_, pca.components_, p)
        divergence[active] = vote_alignment(
            centred_sparse(X, pca.mean_), coords, pca.components_,
            np.sqrt(p / np.maximum(n_seen, 1)))
    else:
        coords = np.zeros((n, 2))
        explained = (0.0, 0.0)

    # (3) groups
    idx_in = np.flatnonzero(inside)
    labels = np.full(n, -1, dtype=np.int64)
    clusterer = PolisClusterer(base_k=base_k, k_min=k_min, k_max=k_max, force_k=force_k,
                               random_state=seed)
    silhouettes: dict[int, float] = {}
    best_k = 0
    if len(idx_in) > 0:
        clusterer.fit(coords[idx_in])
        best_k = int(clusterer.best_k_)
        silhouettes = {int(k): float(v) for k, v in clusterer.silhouettes_.items()}
        if force_k is None:
            new_state = smooth_k(best_k, k_state, k_buffer)
            if new_state.smoothed_k != clusterer.k_key_ and new_state.smoothed_k in \
                    clusterer.base_groups_:
                clusterer.use_k(coords[idx_in], new_state.smoothed_k)
        else:
            new_state = KState(best_k, 1, int(clusterer.k_key_))
        labels[idx_in] = clusterer.labels_
        k = int(clusterer.k_)
    else:
        new_state = k_state if k_state is not None else KState(0, 0, 0)
        k = 0

    # (4) statements
    st = group_stats(matrix, labels, k)
    picks = select_representative(st, active, pick_max=pick_max, z=z)
    groups = []
    for g in range(k):
        reps = []
        for pk in picks[g]:
            s = pk.statement
            agree = pk.direction == "agree"
            na, nd, ns = int(st.na[g, s]), int(st.nd[g, s]), int(st.ns[g, s])
            reps.append(RepresentativeStatement(
                n_agree=na, n_disagree=nd, n_pass=ns - na - nd, n_seen=ns,
                statement_key=matrix.statement_keys[s], direction=pk.direction,
                p_success=float(st.pa[g, s] if agree else st.pd[g, s]),
                p_test=float(st.pat[g, s] if agree else st.pdt[g, s]),
                repness=float(st.ra[g, s] if agree else st.rd[g, s]),
                repness_test=float(st.rat[g, s] if agree else st.rdt[g, s]),
                best_agree=pk.best_agree,
            ))
        members = labels == g
        groups.append(OpinionGroup(
            id=g, size=int(members.sum()),
            center=tuple(float(c) for c in coords[members].mean(axis=0)),
            representative=tuple(reps),
        ))

    # overall counts (everyone, as Pol.is consensus-stats)
    seen = matrix.seen()
    o_ns = np.asarray(seen.sum(axis=0)).ravel()
    o_na = np.bincount(votes.indices[votes.data > 0], minlength=p).astype(np.float64)
    o_nd = np.bincount(votes.indices[votes.data < 0], minlength=p).astype(np.float64)
    consensus = []
    for direction, o_n in (("agree", o_na), ("disagree", o_nd)):
        probs = st.pa if direction == "agree" else st.pd
        for c in select_consensus(st, o_n, o_ns, active, direction=direction,
                                  pick_max=pick_max, z=z):
            s = c.statement
            na, nd, ns = int(o_na[s]), int(o_nd[s]), int(o_ns[s])
            consensus.append(ConsensusStatement(
                n_agree=na, n_disagree=nd, n_pass=ns - na - nd, n_seen=ns,
                statement_key=matrix.statement_keys[s], direction=direction,
                score=c.score, group_probabilities=tuple(float(x) for x in probs[:, s]),
                p_success=float((o_n[s] + 1) / (ns + 2)),
                p_test=float(prop_test(o_n[s], ns)),
            ))
    divisive = []
    for s, spread in select_divisive(st, active, pick_max=n_divisive):
        fr = tuple(float(st.na[g, s] / st.ns[g, s]) if st.ns[g, s] > 0 else None
                   for g in range(k))
        divisive.append(DivisiveStatement(
            statement_key=matrix.statement_keys[s], spread=spread,
            group_agree_fractions=fr, group_seen=tuple(int(x) for x in st.ns[:, s]),
        ))

    # (5) stability
    if k >= 2:
        stability = bootstrap_stability(
            coords[idx_in], labels[idx_in], clusterer, n_resamples=n_bootstrap,
            max_sample=bootstrap_max_sample, seed=seed,
        )
    else:
        stability = bootstrap_stability(np.zeros((0, 2)), np.zeros(0), clusterer)

    return OpinionAnalysis(
        k=k,
        n_participants=n,
        n_statements=p,
        n_clustered=int(len(idx_in)),
        participant_keys=matrix.participant_keys,
        statement_keys=matrix.statement_keys,
        labels=_readonly(labels),
        coordinates=_readonly(np.ascontiguousarray(coords, dtype=np.float64)),
        clustered=_readonly(inside.copy()),
        groups=tuple(groups),
        consensus=tuple(consensus),
        divisive=tuple(divisive),
        stability=stability,
        best_k=best_k,
        silhouettes=silhouettes,
        k_state=new_state,
        moderated_out=mod_keys,
        explained_variance=explained,
        params=params,
        seconds=time.perf_counter() - t0,
        statement_stats=StatementStats(
            n_agree=_readonly(o_na.astype(np.int64)),
            n_disagree=_readonly(o_nd.astype(np.int64)),
            n_pass=_readonly((o_ns - o_na - o_nd).astype(np.int64)),
            extremity=_readonly(extremity),
            divergence=_readonly(divergence),
            group_counts=_readonly(np.stack(
                [st.na, st.nd, st.ns - st.na - st.nd], axis=2).astype(np.int64)),
        ),
    )
