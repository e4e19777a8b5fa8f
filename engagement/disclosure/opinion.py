"""The opinion analysis's headline counts as an output may show them."""

from __future__ import annotations

from dataclasses import dataclass

from engagement.disclosure.release import Release


@dataclass(frozen=True)
class GroupCounts:
    voters: int | None
    sizes: dict[int, int | None]  # shown group id -> size (None: not shown)
    grouped: int | None
    small_groups_people: int | None


def group_counts(result: dict, letters: dict[int, str], release: Release) -> GroupCounts:
    """Voters, the shown groups' sizes, people grouped and people in groups too small to
    describe, so that none of them gives a small number away by subtraction: the voters are
    the groups shown plus the rest (left out or in small groups), a table with its total."""
    voters = release.count(result["n_participants"])
    sizes = {g["id"]: g["size"] for g in result["groups"] if g["id"] in letters}
    rest = result["n_participants"] - sum(sizes.values())
    cells = release.cells({**sizes, "rest": rest}, with_total=voters is not None)
    small = result["n_clustered"] - sum(sizes.values())
    every_size_shown = all(cells[g] is not None for g in sizes)
    # With every group's size shown, people grouped minus the groups is those in small groups.
    grouped = release.count(result["n_clustered"]) \
        if not every_size_shown or small == 0 or small >= release.minimum else None
    small_shown = 0 if small == 0 else release.count(small) if grouped is not None else None
    return GroupCounts(voters, {g: cells[g] for g in sizes}, grouped, small_shown)


def map_cells(cells: list[dict], hidden: int, release: Release) -> tuple[list[dict], int | None]:
    """Cells of the opinion map (already of at least the minimum each) that the output may
    draw, and how many people are left undrawn (None when that count may not be shown)."""
    drawn = []
    for cell in cells:
        if release.count(cell["count"]) is None:
            hidden += cell["count"]
        else:
            drawn.append(cell)
    return drawn, release.count(hidden)
