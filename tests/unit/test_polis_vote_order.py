"""The quick paths of the Pol.is vote reading give exactly what the general ones give:
``_first_appearance`` through a table of small keys against ``np.unique``, and the vote order
by (cell, time, row) through one combined key against ``np.lexsort``; and the latest vote
wins for equal times by file order (engagement/polis_format/read.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engagement.polis_format import read
from engagement.polis_format.read import _cell_time_order, _first_appearance, latest_votes


def _by_sorting(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniques, first, codes = np.unique(keys, return_index=True, return_inverse=True)
    rank = np.argsort(first, kind="stable")
    recode = np.empty(len(uniques), dtype=np.int64)
    recode[rank] = np.arange(len(uniques))
    return recode[codes.ravel()], uniques[rank]


keys = arrays(np.int64, st.integers(1, 300), elements=st.integers(0, 50))
wide_keys = arrays(np.int64, st.integers(1, 50), elements=st.integers(0, 10**15))


@settings(max_examples=300, deadline=None)
@given(keys)
def test_small_keys_by_table_match_the_sort(values):
    codes, uniques = _first_appearance(values)
    expected_codes, expected_uniques = _by_sorting(values)
    assert np.array_equal(codes, expected_codes)
    assert np.array_equal(uniques, expected_uniques) and uniques.dtype == values.dtype
    assert np.array_equal(uniques[codes], values)


@settings(max_examples=100, deadline=None)
@given(wide_keys)
def test_wide_keys_keep_the_sort(values):
    codes, uniques = _first_appearance(values)
    assert np.array_equal(uniques[codes], values)
    assert [int(u) for u in uniques] == list(dict.fromkeys(int(v) for v in values))


cells = arrays(np.int64, st.integers(0, 200), elements=st.integers(0, 30))


@settings(max_examples=300, deadline=None)
@given(cells, st.data())
def test_one_combined_key_orders_as_lexsort(cell, data):
    low = data.draw(st.integers(read._MIN_MS, read._MAX_MS))
    span = data.draw(st.sampled_from([0, 3, 10**4, read._MAX_MS - low]))
    ms = data.draw(arrays(np.int64, len(cell), elements=st.integers(low, low + span)))
    order = _cell_time_order(cell, ms)
    assert np.array_equal(order, np.lexsort((np.arange(len(cell)), ms, cell)))
    assert np.array_equal(_cell_time_order(cell, None), np.lexsort((np.arange(len(cell)), cell)))


def test_too_wide_for_one_key_falls_back_to_lexsort():
    cell = np.array([2**40, 0, 2**40, 5], dtype=np.int64)
    ms = np.array([read._MAX_MS, read._MIN_MS, read._MIN_MS, read._MAX_MS], dtype=np.int64)
    assert _cell_time_order(cell, ms).tolist() == [1, 3, 2, 0]


def test_the_latest_vote_wins_and_equal_times_go_by_file_order():
    votes = latest_votes(("a", "b"), ("1", "2"),
                         voter=np.array([0, 0, 1, 0, 1]), comment=np.array([0, 0, 1, 0, 1]),
                         value=np.array([1, -1, 1, 0, -1]),
                         ms=np.array([5, 9, 7, 9, 3]) + read._MIN_MS)
    assert votes.value.tolist() == [0, 1]  # (a, 1): the later of two at time 9; (b, 2): 7
    assert (votes.first_ms - read._MIN_MS).tolist() == [5, 3]
    assert (votes.last_ms - read._MIN_MS).tolist() == [9, 7]
