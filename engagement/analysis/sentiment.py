"""VADER sentiment for short texts, offline (the ``vaderSentiment`` package ships its lexicon)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "POSITIVE_THRESHOLD",
    "NEGATIVE_THRESHOLD",
    "SentimentSummary",
    "compound_scores",
    "summarise",
]

# The thresholds recommended by VADER's authors for classifying a compound score.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def compound_scores(texts: Iterable[str | None]) -> np.ndarray:
    """VADER compound score in [-1, 1] for each text (0.0 for empty texts)."""
    analyzer = _analyzer()
    return np.array(
        [analyzer.polarity_scores(t)["compound"] if t and t.strip() else 0.0 for t in texts],
        dtype=float,
    )


@dataclass(frozen=True)
class SentimentSummary:
    """Sentiment of a set of texts.

    ``mean_compound`` is ``None`` for an empty set; shares are fractions in [0, 1] of texts
    whose compound score is >= 0.05 (positive), <= -0.05 (negative) or in between (neutral).
    """

    n: int
    mean_compound: float | None
    share_positive: float
    share_negative: float
    share_neutral: float

    def to_dict(self) -> dict:
        return asdict(self)


def summarise(scores: Sequence[float] | np.ndarray) -> SentimentSummary:
    """Summarise compound scores (see :class:`SentimentSummary`)."""
    s = np.asarray(scores, dtype=float)
    n = int(s.size)
    if n == 0:
        return SentimentSummary(0, None, 0.0, 0.0, 0.0)
    pos = float(np.mean(s >= POSITIVE_THRESHOLD))
    neg = float(np.mean(s <= NEGATIVE_THRESHOLD))
    return SentimentSummary(
        n=n,
        mean_compound=round(float(s.mean()), 4),
        share_positive=round(pos, 4),
        share_negative=round(neg, 4),
        share_neutral=round(1.0 - pos - neg, 4),
    )
