"""Property tests: no published cell describes fewer than the minimum, and no suppressed cell
can be worked out from the total and the other cells."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.disclosure.rules import (
    effective_minimum,
    share,
    suppress_cells,
    suppressed_total,
)

counts = st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 60), max_size=8)
minimums = st.integers(-5, 30)


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(counts, minimums)
def test_no_cell_below_the_minimum_is_shown(cells, minimum):
    out = suppress_cells(cells, minimum=minimum)
    floor = effective_minimum(minimum)
    assert floor >= 5
    for key, value in out.items():
        assert value is None or value == 0 or value >= floor
        assert value is None or value == cells[key]


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(counts, minimums)
def test_a_suppressed_cell_cannot_be_recovered_from_the_total(cells, minimum):
    out = suppress_cells(cells, minimum=minimum)
    hidden = [k for k, v in out.items() if v is None]
    assert len(hidden) != 1 or all(v in (0, None) for v in out.values())
    if len(hidden) == 1:  # only possible when every other cell is zero
        assert suppressed_total(cells, minimum=minimum) is None or cells[hidden[0]] == 0


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(st.integers(0, 100), st.integers(0, 100), minimums)
def test_shares_rest_on_enough_people(part, whole, minimum):
    value = share(min(part, whole), whole, minimum=minimum)
    floor = effective_minimum(minimum)
    if value is not None:
        assert whole >= floor and (min(part, whole) == 0 or min(part, whole) >= floor)


def test_hand_worked_example():
    out = suppress_cells({"a": 40, "b": 3, "c": 12, "d": 25}, minimum=10)
    assert out == {"a": 40, "b": None, "c": None, "d": 25}


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.integers(0, 3)), max_size=300),
       minimums)
def test_the_opinion_map_never_draws_a_small_cell(points, minimum):
    from engagement.disclosure.rules import binned_map

    xs, ys, groups = zip(*points, strict=True) if points else ((), (), ())
    cells, hidden = binned_map(xs, ys, groups, minimum=minimum)
    assert all(c["count"] >= effective_minimum(minimum) for c in cells)
    assert sum(c["count"] for c in cells) + hidden == len(points)


# --- one output: no count shown may be worked out from another by subtraction -------------

def _close(shown: list[int], minimum: int) -> list[tuple[int, int]]:
    values = sorted({n for n in shown if n})
    return [(a, b) for a, b in zip(values, values[1:], strict=False) if b - a < minimum]


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(st.lists(st.one_of(st.integers(0, 60), counts), min_size=1, max_size=12), minimums)
def test_a_release_never_shows_a_small_count_or_a_small_difference(offers, minimum):
    from engagement.disclosure import Release

    release = Release(minimum)
    shown = []
    for offer in offers:
        if isinstance(offer, int):
            value = release.count(offer)
            assert value in (None, offer)
            shown += [] if value is None else [value]
        else:
            cells = release.cells(offer)
            assert all(v is None or v == offer[k] for k, v in cells.items())
            hidden = [k for k, v in cells.items() if v is None]
            # What the total minus the parts shown gives is none or at least the minimum,
            # unless nothing else is shown; the parts' sum is itself a count shown.
            parts = [v for v in cells.values() if v]
            rest = sum(offer[k] for k in hidden)
            assert not parts or rest == 0 or rest >= effective_minimum(minimum)
            shown += [v for v in cells.values() if v is not None] + [sum(parts)]
            shown += [rest] if parts else []
    floor = effective_minimum(minimum)
    assert not [n for n in shown if 0 < n < floor]
    assert not _close(shown, floor)
    assert set(shown) - {0} <= release.shown


def test_a_release_keeps_the_first_of_two_close_counts():
    from engagement.disclosure import Release

    release = Release(5)
    assert release.count(11) == 11
    assert release.count(8) is None  # 11 - 8 = 3 people
    assert release.count(11) == 11  # the same count again gives nothing away
    assert release.count(16) == 16 and release.count(0) == 0


@settings(deadline=None)  # no wall-clock limit: the machine may be busy
@given(st.dictionaries(st.integers(0, 5), st.integers(0, 40), max_size=5), minimums)
def test_sessions_offered_alone_leave_no_small_rest(sizes, minimum):
    from engagement.disclosure import reportable_scopes

    floor = effective_minimum(minimum)
    offered = reportable_scopes(sizes, minimum)
    total = sum(sizes.values())
    for key in offered:
        assert sizes[key] >= floor and total - sizes[key] in range(0, 1) or \
            total - sizes[key] >= floor
    rest = total - sum(sizes[k] for k in offered)
    assert rest == 0 or rest >= floor or not offered


def test_sessions_of_eight_and_three_are_not_offered_alone():
    from engagement.disclosure import reportable_scopes

    assert reportable_scopes({"Workshop 1": 8, "Workshop 2": 3}, 5) == []
    assert reportable_scopes({"Workshop 1": 8, "Workshop 2": 12}, 5) == ["Workshop 1",
                                                                          "Workshop 2"]


def test_groups_are_lettered_in_order_and_small_ones_left_out():
    from engagement.disclosure import lettered_groups

    groups = [{"id": 0, "size": 12}, {"id": 1, "size": 4}, {"id": 2, "size": 30}]
    assert lettered_groups(groups, 10) == {0: "A", 2: "B"}
