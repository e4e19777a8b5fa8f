"""End-to-end analyse(): planted groups, determinism, moderation, JSON result."""

import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from engagement.analysis.opinion import KState, OpinionAnalysis, VoteMatrix, analyse


def planted(n=600, p=60, votes=30, seed=0, groups=(0.5, 0.3, 0.2)):
    rng = np.random.default_rng(seed)
    g = rng.choice(len(groups), size=n, p=groups)
    stance = rng.normal(0, 1, p)[None, :] + rng.normal(0, 2.0, (len(groups), p))
    p_agree = 0.9 / (1 + np.exp(-2 * stance))
    rows, cols = [], []
    for i in range(n):
        cs = rng.choice(p, size=votes, replace=False)
        rows += [i] * votes
        cols += cs.tolist()
    rows, cols = np.array(rows), np.array(cols)
    u = rng.random(len(rows))
    pa = p_agree[g[rows], cols]
    vals = np.where(u < pa, 1, np.where(u < 0.9, -1, 0))
    keys = np.array([f"p{i}" for i in range(n)])
    m = VoteMatrix.from_records(keys[rows], cols, vals, np.arange(len(rows)),
                                statement_keys=range(p))
    return m, g


@pytest.fixture(scope="module")
def conversation():
    return planted()


@pytest.fixture(scope="module")
def result(conversation):
    m, _ = conversation
    return analyse(m, moderated_out=[3, 5, 999], seed=0, n_bootstrap=8)


def test_planted_groups_recovered(conversation, result):
    _, g = conversation
    assert result.k == 3
    assert result.n_clustered == result.n_participants == 600
    assert adjusted_rand_score(g, result.labels) > 0.95
    assert sum(result.group_sizes) == 600
    assert result.stability.mean_ari > 0.9 and not result.stability.weak
    assert result.coordinates.shape == (600, 2)


def test_result_contents(result):
    assert isinstance(result, OpinionAnalysis)
    assert result.moderated_out == (3, 5)
    assert result.groups and result.consensus
    for group in result.groups:
        assert 1 <= len(group.representative) <= 5
        for r in group.representative:
            assert r.statement_key not in (3, 5)
            assert r.direction in ("agree", "disagree")
            assert r.n_agree + r.n_disagree + r.n_pass == r.n_seen
            assert r.pct_agree + r.pct_disagree + r.pct_pass == pytest.approx(100)
    for c in result.consensus:
        assert c.statement_key not in (3, 5)
        assert len(c.group_probabilities) == result.k
        assert c.score == pytest.approx(np.prod(c.group_probabilities))
    assert result.divisive
    for d in result.divisive:
        assert d.statement_key not in (3, 5)
        assert len(d.group_agree_fractions) == result.k
    spreads = [d.spread for d in result.divisive]
    assert spreads == sorted(spreads, reverse=True)
    assert result.group_of("p0") == result.labels[0]
    with pytest.raises(ValueError):
        result.labels[0] = 5  # read-only


def test_to_dict_is_json(result):
    d = result.to_dict()
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back["k"] == result.k
    assert len(back["participants"]) == 600
    assert back["participants"][0]["key"] == "p0"
    assert {"groups", "consensus", "divisive", "stability", "params", "seconds"} <= set(back)
    assert "participants" not in result.to_dict(include_participants=False)


def test_same_seed_identical_result(conversation, result):
    m, _ = conversation
    again = analyse(m, moderated_out=[3, 5, 999], seed=0, n_bootstrap=8)
    np.testing.assert_array_equal(again.labels, result.labels)
    np.testing.assert_array_equal(again.coordinates, result.coordinates)
    a, b = again.to_dict(), result.to_dict()
    a.pop("seconds"), b.pop("seconds")
    assert a == b


def test_k_hysteresis_holds_previous_k(conversation):
    m, _ = conversation
    held = analyse(m, seed=0, n_bootstrap=0, k_state=KState(2, 1, 2), k_buffer=4)
    assert held.best_k == 3 and held.k == 2
    assert held.k_state == KState(3, 1, 2)
    switched = analyse(m, seed=0, n_bootstrap=0, k_state=KState(3, 3, 2), k_buffer=4)
    assert switched.k == 3 and switched.k_state == KState(3, 4, 3)


def test_unclustered_participants_get_minus_one():
    m, _ = planted(n=200, votes=30)
    few = VoteMatrix.from_records(["late"] * 3, [0, 1, 2], [1, 1, -1])
    merged = VoteMatrix.from_records(
        list(m.participant_keys[i] for i in m.votes.tocoo().row) + ["late"] * 3,
        list(m.votes.tocoo().col) + [0, 1, 2],
        list(m.votes.tocoo().data) + [1, 1, -1],
        statement_keys=range(60),
    )
    res = analyse(merged, seed=0, n_bootstrap=0)
    assert res.group_of("late") == -1 and not res.clustered[-1]
    assert res.n_clustered == 200
    assert few.n_participants == 1


def test_degenerate_inputs():
    empty = VoteMatrix.from_records([], [], [])
    r = analyse(empty)
    assert r.k == 0 and r.n_participants == 0 and r.stability.weak
    json.dumps(r.to_dict(), allow_nan=False)
    unanimous = VoteMatrix.from_dense(np.ones((20, 8)))
    r = analyse(unanimous, n_bootstrap=3)
    assert r.n_clustered == 20 and r.k == 1
    assert [c.direction for c in r.consensus] == ["agree"] * 5
    json.dumps(r.to_dict(), allow_nan=False)
