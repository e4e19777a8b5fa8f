"""One published output and the counts of people it has shown.

Statistical offices suppress small cells (primary suppression) and then any further cell
from which a suppressed one could be worked out (secondary suppression). Within one output a
reader can subtract any two figures: "everyone" minus "session 1" is session 2; people who
voted minus people placed in groups is those left out. So a count is shown only if it is 0 or
at least the minimum AND differs from every count already shown by 0 or at least the minimum.
Counts are offered in order of importance; later ones give way. Counts that change over
time as people join or withdraw (two outputs at different times) are not differencing."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from engagement.disclosure.rules import effective_minimum, suppress_cells


class Release:
    """The counts of people shown so far in one output (one page, one brief version)."""

    def __init__(self, minimum: int | None):
        self.minimum = effective_minimum(minimum)
        self._shown: set[int] = set()

    @property
    def shown(self) -> frozenset[int]:
        return frozenset(self._shown)

    def _safe(self, n: int) -> bool:
        if n == 0:
            return True
        if n < self.minimum:
            return False
        return all(n == s or abs(n - s) >= self.minimum for s in self._shown)

    def count(self, n: int | None) -> int | None:
        """The count if this output may show it (and from now on it is shown), else None."""
        if n is None or not self._safe(int(n)):
            return None
        n = int(n)
        if n:
            self._shown.add(n)
        return n

    def admits(self, n: int | None) -> bool:
        """Whether a whole row resting on n people may be shown (and n with it)."""
        return n is not None and n > 0 and self.count(n) is not None

    def cells(
        self, cells: Mapping[Hashable, int], *, with_total: bool = True
    ) -> dict[Hashable, int | None]:
        """A table's cells: small cells suppressed, then more (smallest first) until the parts
        shown add up to a count this output may show, and so do the hidden cells together
        (the total minus the parts shown), as a reader can work both out."""
        kept = suppress_cells(cells, minimum=self.minimum, with_total=with_total)
        out = {k: self.count(v) for k, v in kept.items()}
        while True:
            shown = sorted((n, str(k), k) for k, n in out.items() if n)
            if not shown:
                return out
            rest = sum(cells[k] for k, v in out.items() if v is None) if with_total else 0
            if self._all_shown((sum(n for n, _, _ in shown), rest)):
                return out
            out[shown[0][2]] = None

    def _all_shown(self, counts) -> bool:
        """Show all these counts (True), or none of them (False)."""
        before = set(self._shown)
        if all(self.count(n) is not None for n in counts):
            return True
        self._shown = before
        return False
