"""The routing benchmark's exploration switches (bench/routing.py), on generated data: with
its defaults the benchmark draws as production does, a dialogue-wide order is one order for
everyone, the floor's own draw stays per participant, and the alignment measured without mean
imputation finds a planted divisive statement."""

import numpy as np
import pytest

from bench import routing as bench
from engagement.analysis import routing


def _priorities(n_statements, seen):
    rng = np.random.default_rng(3)
    agree = np.minimum(rng.integers(0, 20, n_statements), seen)
    return routing.StatementPriorities.from_counts(
        list(range(n_statements)), agree, seen - agree, np.zeros(n_statements),
        rng.random(n_statements) * 0.3)


def test_defaults_draw_as_production(monkeypatch):
    monkeypatch.setattr(bench, "SHARED", 0.0)
    priorities = _priorities(30, np.full(30, 40))
    candidates = list(range(30))
    for participant in range(20):
        order = bench._routed(0, participant, candidates, priorities)
        u = routing.presentation_uniforms(f"0:{participant}", candidates)
        # production asks routing.draw's pick first (services.routing.choose)
        assert order[0] == routing.draw(priorities.weights(candidates, bench.MINIMUM), u)


def test_a_dialogue_wide_order_is_the_same_for_everyone(monkeypatch):
    monkeypatch.setattr(bench, "SHARED", 1.0)
    monkeypatch.setattr(bench, "FLOOR", "shared")
    priorities = _priorities(30, np.full(30, 40))
    orders = {tuple(bench._routed(0, p, list(range(30)), priorities)[:10]) for p in range(20)}
    assert len(orders) == 1


def test_the_floor_keeps_each_participants_own_draw(monkeypatch):
    monkeypatch.setattr(bench, "SHARED", 1.0)
    monkeypatch.setattr(bench, "FLOOR", "own")
    seen = np.full(30, 40)
    seen[:10] = 3  # ten statements short of the minimum
    priorities = _priorities(30, seen)
    orders = [bench._routed(0, p, list(range(30)), priorities) for p in range(40)]
    reported = {tuple(int(j) for j in o if j >= 10) for o in orders}
    short = {tuple(int(j) for j in o if j < 10) for o in orders}
    assert len(reported) == 1  # the statements that reached it: one order for everyone
    assert len(short) > 20  # the short ones: each participant's own draw


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_alignment_without_imputation_finds_the_divisive_statement(seed):
    rng = np.random.default_rng(seed)
    n, p = 300, 12
    group = rng.integers(0, 2, n)
    pids, sids, vals = [], [], []
    for i in range(n):
        for j in rng.choice(p, size=6, replace=False):
            if j == 0:  # divides the two groups
                vote = 1 if group[i] == 0 else -1
            elif j < 4:  # lines up with the groups, less strongly
                vote = (1 if group[i] == 0 else -1) * (1 if rng.random() < 0.8 else -1)
            else:  # coin tosses
                vote = 1 if rng.random() < 0.5 else -1
            pids.append(i)
            sids.append(int(j))
            vals.append(vote)
    got = bench._als_alignment(list(range(p)), pids, sids, vals)
    assert np.all(np.isfinite(got)) and np.all(got >= 0)
    assert got[0] > got[4:].max()
    assert got[:4].min() > np.median(got[4:])
