"""Small-cell suppression: no figure may describe fewer than the minimum reporting size.

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
