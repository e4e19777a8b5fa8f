"""Imported vote times: the first and last times' stored texts share one list only when every
time is the same (then each text is computed once), and are each their own text otherwise."""

from __future__ import annotations

import numpy as np

from engagement.interop.polis import _first_and_last, _stored_times


def test_first_and_last_times_share_one_list_only_when_equal():
    first = np.array([1_700_000_000_000, 1_700_000_000_500], dtype=np.int64)
    same = _first_and_last(first, first.copy(), "")
    assert same[0] is same[1]
    assert same[0] == ["2023-11-14 22:13:20.000000", "2023-11-14 22:13:20.500000"]
    later = first + np.array([0, 1000])
    a, b = _first_and_last(first, later, "+00")
    assert a is not b
    assert a == _stored_times(first, "+00")
    assert b == ["2023-11-14 22:13:20.000000+00", "2023-11-14 22:13:21.500000+00"]
