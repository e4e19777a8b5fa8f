"""Property tests: no published cell describes fewer than the minimum, and no suppressed cell
can be worked out from the total and the other cells."""

from hypothesis import given
from hypothesis import strategies as st

from engagement.disclosure.rules import (
    effective_minimum,
    share,
    suppress_cells,
    suppressed_total,
)

counts = st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 60), max_size=8)
minimums = st.integers(-5, 30)


@given(counts, minimums)
def test_no_cell_below_the_minimum_is_shown(cells, minimum):
    out = suppress_cells(cells, minimum=minimum)
    floor = effective_minimum(minimum)
    assert floor >= 5
    for key, value in out.items():
        assert value is None or value == 0 or value >= floor
        assert value is None or value == cells[key]


@given(counts, minimums)
def test_a_suppressed_cell_cannot_be_recovered_from_the_total(cells, minimum):
    out = suppress_cells(cells, minimum=minimum)
    hidden = [k for k, v in out.items() if v is None]
    assert len(hidden) != 1 or all(v in (0, None) for v in out.values())
    if len(hidden) == 1:  # only possible when every other cell is zero
        assert suppressed_total(cells, minimum=minimum) is None or cells[hidden[0]] == 0


@given(st.integers(0, 100), st.integers(0, 100), minimums)
def test_shares_rest_on_enough_people(part, whole, minimum):
    value = share(min(part, whole), whole, minimum=minimum)
    floor = effective_minimum(minimum)
    if value is not None:
        assert whole >= floor and (min(part, whole) == 0 or min(part, whole) >= floor)


def test_hand_worked_example():
    out = suppress_cells({"a": 40, "b": 3, "c": 12, "d": 25}, minimum=10)
    assert out == {"a": 40, "b": None, "c": None, "d": 25}


@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.integers(0, 3)), max_size=300),
       minimums)
def test_the_opinion_map_never_draws_a_small_cell(points, minimum):
    from engagement.disclosure.rules import binned_map

    xs, ys, groups = zip(*points, strict=True) if points else ((), (), ())
    cells, hidden = binned_map(xs, ys, groups, minimum=minimum)
    assert all(c["count"] >= effective_minimum(minimum) for c in cells)
    assert sum(c["count"] for c in cells) + hidden == len(points)
