"""Frozen result types of :func:`engagement.analysis.opinion.analyse` (a stable contract).

Percentages are raw shares of the group's (or everyone's) votes on the statement, 0-100,
over *seen* (agree + disagree + pass); probabilities are the smoothed Pol.is values.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .clustering import KState
from .stability import Stability

__all__ = [
    "ConsensusStatement",
    "DivisiveStatement",
    "OpinionAnalysis",
    "OpinionGroup",
    "RepresentativeStatement",
    "StatementStats",
    "json_key",
]


def json_key(key: Hashable) -> Any:
    """A JSON-friendly form of a participant/statement key (str/int/float/bool kept)."""
    if isinstance(key, (bool, str)) or key is None:
        return key
    if isinstance(key, (int, np.integer)):
        return int(key)
    if isinstance(key, (float, np.floating)):
        return float(key)
    return str(key)


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _pct(n: int, total: int) -> float:
    return 100.0 * n / total if total else 0.0


@dataclass(frozen=True)
class VoteCounts:
    n_agree: int
    n_disagree: int
    n_pass: int
    n_seen: int

    @property
    def pct_agree(self) -> float:
        return _pct(self.n_agree, self.n_seen)

    @property
    def pct_disagree(self) -> float:
        return _pct(self.n_disagree, self.n_seen)

    @property
    def pct_pass(self) -> float:
        return _pct(self.n_pass, self.n_seen)

    def _counts_dict(self) -> dict:
        return {
            "n_agree": self.n_agree, "n_disagree": self.n_disagree, "n_pass": self.n_pass,
            "n_seen": self.n_seen, "pct_agree": self.pct_agree,
            "pct_disagree": self.pct_disagree, "pct_pass": self.pct_pass,
        }


@dataclass(frozen=True)
class RepresentativeStatement(VoteCounts):
    """A statement representative of a group. Counts are the group's own votes.

    ``p_success``/``p_test``: smoothed probability and one-proportion z of the ``direction``
    vote within the group; ``repness``: ratio to the same probability outside the group;
    ``repness_test``: two-proportion z. ``best_agree``: Pol.is's "best agree" pick.
    """

    statement_key: Hashable = None
    direction: str = "agree"
    p_success: float = 0.0
    p_test: float = 0.0
    repness: float = 0.0
    repness_test: float = 0.0
    best_agree: bool = False

    def to_dict(self) -> dict:
        return {
            "statement_key": json_key(self.statement_key), "direction": self.direction,
            **self._counts_dict(),
            "p_success": _num(self.p_success), "p_test": _num(self.p_test),
            "repness": _num(self.repness), "repness_test": _num(self.repness_test),
            "best_agree": self.best_agree,
        }


@dataclass(frozen=True)
class ConsensusStatement(VoteCounts):
    """Group-informed consensus. ``score`` = product over groups of each group's smoothed
    probability of ``direction``; ``group_probabilities`` lists those factors (group order).
    Counts, ``p_success``, ``p_test`` are over all participants who saw the statement."""

    statement_key: Hashable = None
    direction: str = "agree"
    score: float = 0.0
    group_probabilities: tuple[float, ...] = ()
    p_success: float = 0.0
    p_test: float = 0.0

    def to_dict(self) -> dict:
        return {
            "statement_key": json_key(self.statement_key), "direction": self.direction,
            "score": _num(self.score),
            "group_probabilities": [_num(p) for p in self.group_probabilities],
            **self._counts_dict(), "p_success": _num(self.p_success),
            "p_test": _num(self.p_test),
        }


@dataclass(frozen=True)
class DivisiveStatement:
    """``spread``: max − min over groups of the smoothed agree probability.
    ``group_agree_fractions``: raw agree share (0-1) of each group's seen votes, None if the
    group has not seen it; ``group_seen``: how many in each group saw it."""

    statement_key: Hashable
    spread: float
    group_agree_fractions: tuple[float | None, ...]
    group_seen: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "statement_key": json_key(self.statement_key), "spread": _num(self.spread),
            "group_agree_fractions": [_num(f) for f in self.group_agree_fractions],
            "group_seen": list(self.group_seen),
        }


@dataclass(frozen=True, eq=False)
class StatementStats:
    """Per statement, aligned with the analysis's ``statement_keys``: everyone's agree, disagree
    and pass counts and the Pol.is comment extremity (0 for a statement moderated out or that
    no component loads on). What statement routing needs from a snapshot."""

    n_agree: np.ndarray
    n_disagree: np.ndarray
    n_pass: np.ndarray
    extremity: np.ndarray
    divergence: np.ndarray | None = None  # routing's divisiveness: analysis.routing
    # groups x statements x 3: each group's agree, disagree and pass counts (adaptive routing;
    # internal, never shown: below the minimum reporting size like any raw count)
    group_counts: np.ndarray | None = None

    def to_dict(self, statement_keys: tuple) -> dict:
        return {
            "keys": [json_key(k) for k in statement_keys],
            "n_agree": [int(x) for x in self.n_agree],
            "n_disagree": [int(x) for x in self.n_disagree],
            "n_pass": [int(x) for x in self.n_pass],
            "extremity": [_num(x) or 0.0 for x in self.extremity],
            **({} if self.divergence is None else
               {"divergence": [_num(x) or 0.0 for x in self.divergence]}),
            **({} if self.group_counts is None else
               {"group_counts": np.asarray(self.group_counts, dtype=np.int64).tolist()}),
        }


@dataclass(frozen=True)
class OpinionGroup:
    id: int
    size: int
    center: tuple[float, float]
    representative: tuple[RepresentativeStatement, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id, "size": self.size, "center": [float(c) for c in self.center],
            "representative": [r.to_dict() for r in self.representative],
        }


@dataclass(frozen=True, eq=False)
class OpinionAnalysis:
    """Result of :func:`analyse`.

    Per-participant arrays (read-only numpy, aligned with ``participant_keys``):
    ``labels`` (group id, −1 = not clustered), ``coordinates`` (n × 2 map positions),
    ``clustered`` (bool). Groups are numbered 0..k−1, largest first.
    """

    k: int
    n_participants: int
    n_statements: int
    n_clustered: int
    participant_keys: tuple
    statement_keys: tuple
    labels: np.ndarray
    coordinates: np.ndarray
    clustered: np.ndarray
    groups: tuple[OpinionGroup, ...]
    consensus: tuple[ConsensusStatement, ...]
    divisive: tuple[DivisiveStatement, ...]
    stability: Stability
    best_k: int
    silhouettes: dict[int, float]
    k_state: KState
    moderated_out: tuple
    explained_variance: tuple[float, ...]
    params: dict[str, Any]
    seconds: float
    statement_stats: StatementStats | None = None
    _index: dict = field(default_factory=dict, repr=False)

    @property
    def group_sizes(self) -> tuple[int, ...]:
        return tuple(g.size for g in self.groups)

    def group_of(self, participant_key: Hashable) -> int:
        """Group id of a participant (−1 if not clustered). KeyError if unknown."""
        if not self._index:
            self._index.update({k: i for i, k in enumerate(self.participant_keys)})
        return int(self.labels[self._index[participant_key]])

    def labels_by_key(self) -> dict:
        return {k: int(g) for k, g in zip(self.participant_keys, self.labels, strict=True)}

    def to_dict(self, *, include_participants: bool = True) -> dict:
        """JSON-serialisable dict (keys converted by :func:`json_key`; NaN → None)."""
        out: dict[str, Any] = {
            "k": self.k,
            "n_participants": self.n_participants,
            "n_statements": self.n_statements,
            "n_clustered": self.n_clustered,
            "group_sizes": list(self.group_sizes),
            "groups": [g.to_dict() for g in self.groups],
            "consensus": [c.to_dict() for c in self.consensus],
            "divisive": [d.to_dict() for d in self.divisive],
            "stability": self.stability.to_dict(),
            "best_k": self.best_k,
            "silhouettes": {str(k): _num(v) for k, v in self.silhouettes.items()},
            "k_state": self.k_state.to_dict(),
            "moderated_out": [json_key(k) for k in self.moderated_out],
            "explained_variance": [_num(v) for v in self.explained_variance],
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "seconds": self.seconds,
        }
        if self.statement_stats is not None:
            out["statement_stats"] = self.statement_stats.to_dict(self.statement_keys)
        if include_participants:
            out["participants"] = self._participants_list()
        return out

    def _participants_list(self) -> list[dict]:
        # plain ints and floats straight from numpy's tolist (100,000 participants: no
        # int() or float() call per value)
        coordinates = np.asarray(self.coordinates, dtype=np.float64).reshape(-1, 2)
        return [
            {"key": json_key(k), "group": g, "x": x, "y": y}
            for k, g, x, y in zip(self.participant_keys,
                                  np.asarray(self.labels, dtype=np.int64).tolist(),
                                  coordinates[:, 0].tolist(), coordinates[:, 1].tolist(),
                                  strict=True)
        ]


def _jsonable(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return _num(v)
    if isinstance(v, (str, int, bool)) or v is None:
        return v
    return str(v)
