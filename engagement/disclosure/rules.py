"""Small-cell rules: no figure may describe fewer than the minimum reporting size.

A cell counts people. Cells of 1 to minimum-1 people are suppressed (shown as None). When a
total is published beside the cells, a lone suppressed cell could be worked out by
subtraction, so the next smallest cell is suppressed too (secondary suppression)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

FLOOR = 5
DEFAULT_MINIMUM = 10


def effective_minimum(minimum: int | None) -> int:
    return max(FLOOR, DEFAULT_MINIMUM if minimum is None else int(minimum))


def is_reportable(n: int, minimum: int) -> bool:
    return n == 0 or n >= effective_minimum(minimum)


def suppress_cells(
    cells: Mapping[Hashable, int], *, minimum: int, with_total: bool = True
) -> dict[Hashable, int | None]:
    """The cells with small counts replaced by None (and a second one where needed)."""
    minimum = effective_minimum(minimum)
    out: dict[Hashable, int | None] = {
        k: (None if 0 < n < minimum else n) for k, n in cells.items()
    }
    hidden = [k for k, v in out.items() if v is None]
    if with_total and len(hidden) == 1:
        visible = sorted(((n, str(k), k) for k, n in cells.items() if out[k] is not None and n > 0))
        if visible:
            out[visible[0][2]] = None
    return out


def suppressed_total(cells: Mapping[Hashable, int], *, minimum: int) -> int | None:
    total = sum(cells.values())
    return total if is_reportable(total, minimum) else None


def share(part: int, whole: int, *, minimum: int) -> float | None:
    """A percentage, or None when the people it rests on are too few to report."""
    if whole < effective_minimum(minimum) or not is_reportable(part, minimum):
        return None
    return 100.0 * part / whole


def binned_map(
    xs, ys, groups, *, minimum: int, bins: int | None = None
) -> tuple[list[dict], int]:
    """Participants on the opinion map as grid cells per group, never a cell of fewer than
    the minimum. Returns (cells, how many people were in cells too small to draw).

    By default the grid is as fine as the number of people allows: about four times the
    minimum per cell on average, between 2 and 12 cells a side."""
    import numpy as np

    minimum = effective_minimum(minimum)
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    g = np.asarray(groups)
    if len(x) == 0:
        return [], 0
    if bins is None:
        bins = int(min(12, max(2, np.sqrt(len(x) / (4 * minimum)))))

    def cell_of(values: np.ndarray) -> np.ndarray:
        low, high = values.min(), values.max()
        width = (high - low) / bins or 1.0
        return np.minimum(((values - low) / width).astype(int), bins - 1)

    cx, cy = cell_of(x), cell_of(y)
    cells, hidden = [], 0
    for key in sorted({(int(a), int(b), k) for a, b, k in zip(cx, cy, g.tolist(), strict=True)}):
        members = (cx == key[0]) & (cy == key[1]) & (g == key[2])
        n = int(members.sum())
        if n < minimum:
            hidden += n
            continue
        cells.append({"x": float(x[members].mean()), "y": float(y[members].mean()),
                      "group": key[2], "count": n})
    return cells, hidden


def vote_shares(
    n_agree: int, n_disagree: int, n_seen: int, *, minimum: int
) -> tuple[float | None, float | None]:
    """The % who agreed and who disagreed with a statement, each None when it rests on 1 to
    minimum-1 people, or would give such a count away (the passes are the rest of the whole):
    a share of a known whole is a count in disguise."""
    cells = suppress_cells({"agree": n_agree, "disagree": n_disagree,
                            "pass": n_seen - n_agree - n_disagree}, minimum=minimum)

    def pct(cell: str) -> float | None:
        return None if cells[cell] is None or n_seen <= 0 else 100.0 * cells[cell] / n_seen

    return pct("agree"), pct("disagree")


def agree_share(fraction: float | None, n_seen: int, *, minimum: int) -> float | None:
    """The % of a group who agreed, None unless both those who agreed and the rest are 0 or
    at least the minimum."""
    if fraction is None or n_seen < effective_minimum(minimum):
        return None
    agreed = round(fraction * n_seen)
    if not (is_reportable(agreed, minimum) and is_reportable(n_seen - agreed, minimum)):
        return None
    return 100.0 * fraction
