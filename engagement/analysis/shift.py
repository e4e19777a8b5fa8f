"""Opinion shift: positions before and after, paired per participant (Deliberative Polling).

Pure: arrays in, frozen dataclasses out."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Shift:
    """Mean change (after - before) with a 95% t interval and a Wilcoxon signed-rank test."""

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    ci_low: float
    ci_high: float
    p_value: float  # two-sided Wilcoxon signed-rank; 1.0 when nobody moved
    moved_up: int
    moved_down: int
    unchanged: int
    before_counts: tuple[int, ...]  # how many chose 1..5 before
    after_counts: tuple[int, ...]

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    def to_dict(self) -> dict:
        out = asdict(self)
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in out.items()}


def _counts(values: np.ndarray) -> tuple[int, ...]:
    return tuple(int((values == v).sum()) for v in SCALE)


def paired_shift(before: Sequence[float], after: Sequence[float]) -> Shift:
    """Shift over participants who gave both positions (aligned arrays)."""
    b = np.asarray(before, dtype=float)
    a = np.asarray(after, dtype=float)
    if b.shape != a.shape:
        raise ValueError("before and after must be paired (the same length)")
    d = a - b
    n = len(d)
    if n == 0:
        nan = float("nan")
        return Shift(0, nan, nan, nan, nan, nan, nan, 0, 0, 0, (0,) * 5, (0,) * 5)
    mean = float(d.mean())
    if n > 1:
        half = float(stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / math.sqrt(n))
    else:
        half = float("inf")
    if np.all(d == 0):
        p = 1.0
    else:
        p = float(stats.wilcoxon(d, zero_method="wilcox", alternative="two-sided").pvalue)
    return Shift(
        n=n,
        mean_before=float(b.mean()),
        mean_after=float(a.mean()),
        mean_change=mean,
        ci_low=mean - half,
        ci_high=mean + half,
        p_value=p,
        moved_up=int((d > 0).sum()),
        moved_down=int((d < 0).sum()),
        unchanged=int((d == 0).sum()),
        before_counts=_counts(b),
        after_counts=_counts(a),
    )


def shift_by(
    before: Sequence[float], after: Sequence[float], labels: Sequence[Hashable]
) -> dict[Hashable, Shift]:
    """One shift per label (opinion group, session…), in first-appearance order of labels."""
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    keys = list(dict.fromkeys(labels))
    lab = np.asarray(labels, dtype=object)
    return {k: paired_shift(b[lab == k], a[lab == k]) for k in keys}
