"""Pol.is-grade opinion-group analysis (pure: numpy/scipy/scikit-learn in, dataclasses out).

Entry point::

    from engagement.analysis.opinion import VoteMatrix, analyse
    m = VoteMatrix.from_records(participant_ids, statement_ids, values, timestamps,
                                statement_created={...})
    result = analyse(m, moderated_out=[...], seed=0)
    result.to_dict()  # JSON-serialisable

Modules: ``matrix`` (sparse votes), ``participation`` (who is clustered), ``projection``
(PCA + sparsity-aware scaling), ``clustering`` (base clusters → groups, k by silhouette,
k hysteresis), ``repness`` (representative / consensus / divisive statements), ``stability``
(bootstrap ARI), ``pipeline`` (:func:`analyse`), ``results`` (frozen result types).
"""

from .clustering import KState, PolisClusterer, smooth_k, weighted_silhouette
from .matrix import AGREE, DISAGREE, PASS, VoteMatrix
from .participation import clustered_participants
from .pipeline import analyse
from .projection import PolisPCA
from .results import (
    ConsensusStatement,
    DivisiveStatement,
    OpinionAnalysis,
    OpinionGroup,
    RepresentativeStatement,
    StatementStats,
)
from .stability import WEAK_THRESHOLD, Stability, bootstrap_stability

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "WEAK_THRESHOLD",
    "ConsensusStatement",
    "DivisiveStatement",
    "KState",
    "OpinionAnalysis",
    "OpinionGroup",
    "PolisClusterer",
    "PolisPCA",
    "RepresentativeStatement",
    "Stability",
    "StatementStats",
    "VoteMatrix",
    "analyse",
    "bootstrap_stability",
    "clustered_participants",
    "smooth_k",
    "weighted_silhouette",
]
