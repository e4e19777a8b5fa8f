"""Which opinion groups are shown and their letters: groups of at least the minimum, lettered
A, B, C… in the analysis's order of groups. Every page and every brief format letters them
alike (their colours: engagement/palette.py), a colour always beside its group's letter."""

from __future__ import annotations

from engagement.disclosure.rules import effective_minimum


def letter(index: int) -> str:
    return chr(ord("A") + index)


def lettered_groups(groups: list[dict], minimum: int | None) -> dict[int, str]:
    """Group id -> letter for the groups large enough to show."""
    floor = effective_minimum(minimum)
    shown = [g for g in groups if g["size"] >= floor]
    return {g["id"]: letter(i) for i, g in enumerate(shown)}
