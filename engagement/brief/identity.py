"""Which opinion group or theme of a new brief version is the same as one of an earlier version:
matched by who (or which texts) they hold, so that a decision citing a group or a theme can be
followed from version to version even when its letter or its name changes."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

# Two groups (or themes) are the same when at least half of the members of the two together
# are in both (Jaccard index): a re-run or one withdrawal moves few members.
SAME = 0.5


def jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match(previous: Mapping[str, frozenset], current: Mapping[Hashable, frozenset], *,
          prefix: str, taken: Iterable[str] = ()) -> dict[Hashable, str]:
    """An identity for each current item: the earlier item's identity it overlaps most (each
    earlier identity given once, best pairs first, only at ``SAME`` or above), else a new one
    (``prefix`` and the next number after every identity in ``previous`` and ``taken``)."""
    pairs = sorted(
        ((jaccard(members, earlier), str(key), identity, key)
         for key, members in current.items()
         for identity, earlier in previous.items()),
        key=lambda p: (-p[0], p[1], p[2]))
    found: dict[Hashable, str] = {}
    used: set[str] = set()
    for overlap, _, identity, key in pairs:
        if overlap < SAME:
            break
        if key in found or identity in used:
            continue
        found[key] = identity
        used.add(identity)
    numbers = [_number(i, prefix) for i in (*previous, *taken)]
    following = max((n for n in numbers if n is not None), default=0) + 1
    for key in current:  # new identities in the caller's order (largest first)
        if key not in found:
            found[key] = f"{prefix}{following}"
            following += 1
    return found


def _number(identity: str, prefix: str) -> int | None:
    rest = identity.removeprefix(prefix)
    return int(rest) if identity.startswith(prefix) and rest.isdigit() else None
