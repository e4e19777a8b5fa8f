"""Imported vote times are written as the very text SQLAlchemy writes for a datetime on
SQLite: the integer-arithmetic conversion gives what numpy's datetime conversion gives, on
every kind of date (leap days, century years, before 1970, the ends of the four-digit years)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from engagement.interop.polis import _first_and_last, _stored_times


def _numpy_way(ms: np.ndarray) -> list[str]:
    text = np.asarray(ms, dtype="datetime64[ms]").astype("datetime64[us]").astype("U26")
    return [t.replace("T", " ") for t in text.tolist()]


def _ms(*args) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp() * 1000)


EDGES = [
    _ms(1970, 1, 1), _ms(1969, 12, 31, 23, 59, 59) + 999, _ms(2000, 2, 29, 12, 0, 0) + 1,
    _ms(1900, 2, 28, 23, 59, 59), _ms(1900, 3, 1), _ms(2100, 2, 28), _ms(2100, 3, 1),
    _ms(2024, 12, 31, 23, 59, 59) + 999, _ms(1, 1, 1), _ms(9999, 12, 31, 23, 59, 59) + 999,
    1_700_000_000_000,
]


def test_the_stored_text_equals_numpy_s_on_edges_and_a_million_random_times():
    rng = np.random.default_rng(3)
    random = rng.integers(_ms(1, 1, 1), _ms(9999, 12, 31), size=1_000_000)
    ms = np.concatenate([np.asarray(EDGES, dtype=np.int64), random])
    got = _stored_times(ms, "")
    assert len(got) == len(ms) == 1_000_011
    assert got == _numpy_way(ms)
    assert got[0] == "1970-01-01 00:00:00.000000" and got[2] == "2000-02-29 12:00:00.001000"
    assert _stored_times(ms[:3], "+00") == [t + "+00" for t in got[:3]]
    assert datetime.fromisoformat(got[-1]).timestamp() * 1000 == ms[-1]


def test_times_beyond_four_digit_years_keep_numpy_s_text():
    ms = np.array([_ms(1, 1, 1) - 86_400_000, 1_700_000_000_000], dtype=np.int64)
    assert _stored_times(ms, "") == _numpy_way(ms)


def test_first_and_last_times_share_one_list_only_when_equal():
    first = np.array([1_700_000_000_000, 1_700_000_000_500], dtype=np.int64)
    same = _first_and_last(first, first.copy(), "")
    assert same[0] is same[1]
    later = first + np.array([0, 1000])
    a, b = _first_and_last(first, later, "")
    assert a == _numpy_way(first) and b == _numpy_way(later)
