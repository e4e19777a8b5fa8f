import numpy as np
import pytest

from engagement.analysis.shift import paired_shift, shift_by


def _positions(rng, n, shift):
    before = rng.integers(1, 6, n)
    moved = before + rng.choice([0, 0, 1, -1], n) + shift * (rng.random(n) < 0.6)
    return before, np.clip(moved, 1, 5)


def test_planted_shift_is_recovered():
    rng = np.random.default_rng(1)
    before, after = _positions(rng, 300, shift=1)
    result = paired_shift(before, after)
    assert result.ci_low > 0.2 and result.significant
    assert result.ci_low <= result.mean_change <= result.ci_high
    assert sum(result.before_counts) == sum(result.after_counts) == 300


def test_without_a_planted_shift_the_interval_covers_zero_about_95_percent_of_the_time():
    rng = np.random.default_rng(2)
    covered = 0
    for _ in range(200):
        before, after = _positions(rng, 80, shift=0)
        result = paired_shift(before, after)
        covered += result.ci_low <= 0 <= result.ci_high
    assert 0.90 <= covered / 200 <= 0.99


def test_hand_worked_case():
    result = paired_shift([1, 2, 3, 4], [2, 3, 4, 5])
    assert result.mean_change == 1 and result.ci_low == result.ci_high == 1
    assert (result.moved_up, result.moved_down, result.unchanged) == (4, 0, 0)


def test_nobody_moved_and_empty_inputs():
    assert paired_shift([3, 3, 4], [3, 3, 4]).p_value == 1.0
    assert paired_shift([], []).n == 0
    with pytest.raises(ValueError):
        paired_shift([1, 2], [1])


def test_shift_by_group():
    rng = np.random.default_rng(3)
    b1, a1 = _positions(rng, 100, shift=1)
    b2, a2 = _positions(rng, 100, shift=0)
    groups = shift_by(np.r_[b1, b2], np.r_[a1, a2], ["A"] * 100 + ["B"] * 100)
    assert list(groups) == ["A", "B"]
    assert groups["A"].mean_change > groups["B"].mean_change
    assert groups["A"].to_dict()["n"] == 100
