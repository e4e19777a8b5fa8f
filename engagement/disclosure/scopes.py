"""Which parts of a dialogue (sessions) may be looked at on their own.

A page can be drawn for everyone or for one session. Looking at everyone and then at a
session tells a reader how many are in the rest, so a session is offered only when it has at
least the minimum and the people outside the offered sessions are none or at least the
minimum too."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from engagement.disclosure.rules import effective_minimum


def reportable_scopes(sizes: Mapping[Hashable, int], minimum: int | None) -> list[Hashable]:
    """The keys (sessions) that may be shown on their own, in the order given."""
    floor = effective_minimum(minimum)
    total = sum(sizes.values())
    offered = [k for k, n in sizes.items()
               if n >= floor and (total - n == 0 or total - n >= floor)]
    while offered:
        rest = total - sum(sizes[k] for k in offered)
        if rest == 0 or rest >= floor:
            break
        offered.remove(min(offered, key=lambda k: (sizes[k], str(k))))
    return offered
