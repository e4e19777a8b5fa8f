"""Hand-worked limit cases for repness and group-informed consensus (Pol.is formulas)."""

import math

import numpy as np
import pytest

from engagement.analysis.opinion import VoteMatrix
from engagement.analysis.opinion.repness import (
    group_stats,
    prop_test,
    select_consensus,
    select_divisive,
    select_representative,
    two_prop_test,
)

LABELS = np.array([0] * 5 + [1] * 5)
ACTIVE = np.array([True])


def one_statement(votes):
    return VoteMatrix.from_dense(np.array(votes, dtype=float).reshape(-1, 1))


def overall(m):
    v = m.votes
    na = np.array([float((v.data > 0).sum())])
    nd = np.array([float((v.data < 0).sum())])
    ns = np.array([float(v.nnz)])
    return na, nd, ns


def test_statistics_formulas():
    assert prop_test(5, 5) == pytest.approx(math.sqrt(6))
    assert prop_test(0, 5) == pytest.approx(2 * math.sqrt(6) * (1 / 6 - 0.5))
    assert two_prop_test(5, 5, 5, 5) == 0.0  # pooled proportion 1
    den = math.sqrt(7 / 12 * 5 / 12 * (1 / 6 + 1 / 6))
    assert two_prop_test(5, 0, 5, 5) == pytest.approx((1 - 1 / 6) / den)


def test_everyone_agrees():
    m = one_statement([1] * 10)
    st = group_stats(m, LABELS, 2)
    assert st.pa[:, 0] == pytest.approx([6 / 7, 6 / 7])
    assert st.ra[:, 0] == pytest.approx([1, 1])
    assert st.rat[:, 0] == pytest.approx([0, 0])
    assert st.pat[:, 0] == pytest.approx([math.sqrt(6)] * 2)
    # not representative of either group (same in and out), but each group's best agree
    reps = select_representative(st, ACTIVE)
    for g in (0, 1):
        assert [(r.statement, r.direction, r.best_agree) for r in reps[g]] == [(0, "agree", True)]
    na, nd, ns = overall(m)
    agree = select_consensus(st, na, ns, ACTIVE, direction="agree")
    assert [(c.statement, c.score) for c in agree] == [(0, pytest.approx(36 / 49))]
    assert select_consensus(st, nd, ns, ACTIVE, direction="disagree") == []
    # agreement is the same in both groups: nothing divides them
    assert select_divisive(st, ACTIVE) == []


def test_everyone_disagrees():
    m = one_statement([-1] * 10)
    st = group_stats(m, LABELS, 2)
    assert st.pd[:, 0] == pytest.approx([6 / 7, 6 / 7])
    reps = select_representative(st, ACTIVE)
    for g in (0, 1):  # no best agree exists; fallback: the best by repness test
        assert [(r.statement, r.direction, r.best_agree) for r in reps[g]] == [
            (0, "disagree", False)]
    na, nd, ns = overall(m)
    assert select_consensus(st, na, ns, ACTIVE, direction="agree") == []
    dis = select_consensus(st, nd, ns, ACTIVE, direction="disagree")
    assert [(c.statement, c.score) for c in dis] == [(0, pytest.approx(36 / 49))]


def test_even_split():
    m = one_statement([1] * 5 + [-1] * 5)
    st = group_stats(m, LABELS, 2)
    assert st.ra[0, 0] == pytest.approx(6.0)  # (6/7) / (1/7)
    assert st.rd[1, 0] == pytest.approx(6.0)
    z = (5 / 6) / math.sqrt(7 / 12 * 5 / 12 * (1 / 3))
    assert st.rat[0, 0] == pytest.approx(z)
    assert st.rdt[1, 0] == pytest.approx(z)
    reps = select_representative(st, ACTIVE)
    assert [(r.statement, r.direction, r.best_agree) for r in reps[0]] == [(0, "agree", True)]
    assert [(r.statement, r.direction, r.best_agree) for r in reps[1]] == [
        (0, "disagree", False)]
    na, nd, ns = overall(m)
    # overall 5 of 10: smoothed probability exactly 0.5 -> no consensus either way
    assert select_consensus(st, na, ns, ACTIVE, direction="agree") == []
    assert select_consensus(st, nd, ns, ACTIVE, direction="disagree") == []
    assert np.prod(st.pa[:, 0]) == pytest.approx(6 / 49)
    div = select_divisive(st, ACTIVE)
    assert div == [(0, pytest.approx(5 / 7))]


def test_moderated_out_statements_are_never_selected():
    m = one_statement([1] * 5 + [-1] * 5)
    st = group_stats(m, LABELS, 2)
    inactive = np.array([False])
    assert select_representative(st, inactive) == [[], []]
    assert select_divisive(st, inactive) == []


def test_unclustered_participants_do_not_count_in_groups():
    m = one_statement([1] * 5 + [-1] * 5)
    labels = np.array([0] * 5 + [-1] * 5)
    st = group_stats(m, labels, 1)
    assert st.na[0, 0] == 5 and st.nd[0, 0] == 0 and st.ns[0, 0] == 5


def test_sorting_pick_max_and_agrees_first():
    rng = np.random.default_rng(1)
    g0 = np.where(rng.random((30, 12)) < 0.9, 1, -1)
    g1 = -g0
    dense = np.vstack([g0, g1]).astype(float)
    dense[:, 0] = 0  # everyone passes on statement 0
    m = VoteMatrix.from_dense(dense)
    labels = np.array([0] * 30 + [1] * 30)
    st = group_stats(m, labels, 2)
    reps = select_representative(st, np.ones(12, dtype=bool), pick_max=5)
    assert len(reps) == 2
    for picks in reps:
        assert 1 <= len(picks) <= 5
        dirs = [p.direction for p in picks]
        assert dirs == sorted(dirs)  # agrees before disagrees
        assert 0 not in [p.statement for p in picks]
