"""Dates and times as UK readers write them, on a UK clock in winter and in summer."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from engagement.ukdates import from_uk, uk_date, uk_datetime


def test_winter_and_summer_times_read_as_a_uk_clock_shows_them():
    assert uk_datetime(datetime(2026, 12, 2, 18, 0, tzinfo=UTC)) == "2 December 2026, 18:00"
    assert uk_datetime(datetime(2027, 7, 1, 17, 30, tzinfo=UTC)) == "1 July 2027, 18:30"  # BST
    assert uk_datetime(datetime(2027, 7, 1, 17, 30)) == "1 July 2027, 18:30"  # SQLite: no zone
    assert uk_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "31 December 2026"
    assert uk_date(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2027"  # BST midnight
    assert uk_date(date(2026, 3, 4)) == "4 March 2026"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_a_time_entered_in_the_uk_is_shown_as_entered(day, at):
    stored = from_uk(day, at)
    assert stored.tzinfo is UTC
    shown = uk_datetime(stored)
    if shown != f"{day.day} {day:%B %Y}, {at:%H:%M}":
        # Only the hour the clocks go forward does not exist on a UK clock.
        assert day.month == 3 and at.hour == 1, (day, at, shown)
