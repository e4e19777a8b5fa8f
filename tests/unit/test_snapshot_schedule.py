"""When routing's snapshot is renewed (engagement.analysis.routing.snapshot_due): once the
participants since the last snapshot reach max(least, growth x those it counted)."""

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.analysis.routing import SNAPSHOT_GROWTH, SNAPSHOT_LEAST, snapshot_due


def _schedule(arrivals: int, **rule) -> list[int]:
    """The participant counts at which snapshots are made as people arrive one by one."""
    made, counted = [], 0
    for participants in range(1, arrivals + 1):
        if snapshot_due(counted, participants, **rule):
            made.append(participants)
            counted = participants
    return made


def test_the_defaults_are_the_measured_schedule():
    assert (SNAPSHOT_LEAST, SNAPSHOT_GROWTH) == (10, 0.1)
    made = _schedule(600)
    assert made[:12] == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 121]
    assert made[-3:] == [472, 520, 572]
    assert len(made) == 28  # docs/benchmarks.md: 28 snapshots over 600 arrivals


@pytest.mark.parametrize(("counted", "participants", "due"), [
    (0, 0, False), (0, 9, False), (0, 10, True), (0, 500, True),  # none yet: at least `least`
    (10, 19, False), (10, 20, True),  # below least / growth: `least` decides
    (100, 109, False), (100, 110, True),  # growth x counted = least
    (200, 219, False), (200, 220, True),  # growth decides: 20 since
    (1000, 1099, False), (1000, 1100, True),
    (50, 40, False), (50, 50, False),  # fewer than counted (withdrawals) or none new
])
def test_boundaries(counted, participants, due):
    assert snapshot_due(counted, participants) is due


def test_the_rule_takes_its_own_least_and_growth():
    assert not snapshot_due(0, 4, least=5) and snapshot_due(0, 5, least=5)
    assert not snapshot_due(100, 149, least=1, growth=0.5) and snapshot_due(100, 150, least=1,
                                                                          growth=0.5)
    assert _schedule(30, least=7, growth=0) == [7, 14, 21, 28]  # growth 0: every `least`


@pytest.mark.parametrize("rule", [{"least": 0}, {"least": -3}, {"growth": -0.1},
                                  {"growth": float("nan")}])
def test_a_schedule_that_would_analyse_on_every_call_is_refused(rule):
    with pytest.raises(ValueError, match="least >= 1 and growth >= 0"):
        snapshot_due(0, 0, **rule)


@settings(max_examples=400, deadline=None)
@given(counted=st.integers(0, 10**6), participants=st.integers(0, 2 * 10**6),
       least=st.integers(1, 50), growth_pct=st.integers(0, 50))
def test_due_exactly_when_the_step_is_reached(counted, participants, least, growth_pct):
    growth = growth_pct / 100
    step = max(least, Fraction(growth_pct, 100) * counted)  # exact arithmetic
    due = snapshot_due(counted, participants, least=least, growth=growth)
    since = participants - counted
    if since >= step * (1 + Fraction(1, 10**9)):  # clear of float rounding at the boundary
        assert due
    if since < step:
        assert not due
    # more participants never make a due snapshot not due
    assert not due or snapshot_due(counted, participants + 1, least=least, growth=growth)


@settings(max_examples=60, deadline=None)
@given(arrivals=st.integers(1, 3000), least=st.integers(1, 30), growth_pct=st.integers(1, 40))
def test_the_number_of_snapshots_grows_with_the_log_of_the_arrivals(arrivals, least,
                                                                     growth_pct):
    growth = growth_pct / 100
    made = _schedule(arrivals, least=least, growth=growth)
    gaps = [b - a for a, b in zip([0, *made], made, strict=False)]
    assert all(g >= least for g in gaps)
    # `least` apart until growth x counted passes it, then each at least (1 + growth) times
    # the last: a bound on how often a dialogue is analysed
    linear = math.ceil(least / growth)
    bound = linear / least + 1 + math.log(max(arrivals / linear, 1)) / math.log(1 + growth) + 1
    assert len(made) <= bound
    assert arrivals < least or made  # someone always gets a first snapshot
