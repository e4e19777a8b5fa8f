"""Statement routing (engagement.analysis.routing): Pol.is's comment priority on hand-worked
cases, the extremity, the floor for statements short of the minimum, and the draw.

The formulas are Pol.is's, compdemocracy/polis math/src/polismath/math/conversation.clj:
importance = (1 - p)(E + 1)a with p = (P + 1)/(S + 2), a = (A + 1)/(S + 2);
priority = (importance * (1 + 8 * 2^(-S/5)))^2; we raise to PRIORITY_POWER instead of 2 and
take the group divergence (``vote_alignment``) for E: measured departures, see the module.
"""

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.analysis import routing
from engagement.analysis.opinion import VoteMatrix, analyse


# ------------------------------------------------------------------ the metric, by hand
def test_importance_of_one_agree():
    # Pol.is's own test value (importance-metric 1 0 1 0): p = 1/3, a = 2/3 -> (2/3)(1)(2/3)
    assert routing.importance_metric(1, 0, 1, 0) == pytest.approx(4 / 9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # (priority-metric false 20 3 20 0): p = 4/22, a = 21/22, boost 1 + 8 * 2^-4 = 1.5
        ((20, 3, 20, 0.0), ((18 / 22) * (21 / 22) * 1.5) ** 2),
        # (priority-metric false 18 3 20 1): a = 19/22, E + 1 = 2
        ((18, 3, 20, 1.0), ((18 / 22) * 2 * (19 / 22) * 1.5) ** 2),
        # no vote yet: p = a = 1/2, boost 9 -> (1/4 * 9)^2
        ((0, 0, 0, 0.0), (0.25 * 9) ** 2),
        # (importance-metric 1 0 1 0) with its boost 1 + 8 * 2^(-1/5)
        ((1, 0, 1, 0.0), (4 / 9 * (1 + 8 * 2 ** -0.2)) ** 2),
    ],
)
def test_priority_hand_worked(counts, expected):
    # Pol.is squares; we raise to PRIORITY_POWER (a measured departure, see the module)
    assert routing.priority_metric(*counts) == pytest.approx(
        expected ** (routing.PRIORITY_POWER / 2))


def test_passes_lower_and_extremity_raises_the_priority():
    base = routing.priority_metric(10, 2, 20, 1.0)
    assert routing.priority_metric(10, 8, 20, 1.0) < base  # more passes
    assert routing.priority_metric(10, 2, 20, 2.0) > base  # more extreme
    assert routing.priority_metric(10, 2, 40, 1.0) < base  # less novel


def test_comment_extremity_hand_worked():
    # a lone disagree on statement j projects to (-1 - mean_j) * components[:, j] * sqrt(n)
    mean = [0.5, -1.0, 0.0]
    components = [[0.6, 0.0, 0.8], [0.8, 0.0, -0.6]]  # loading norms 1, 0, 1
    got = routing.comment_extremity(mean, components, n_statements=4)
    assert got == pytest.approx([1.5 * 1 * 2, 0.0, 1.0 * 1 * 2])


def test_the_analysis_stores_counts_and_extremity_per_statement():
    n, p = 60, 12
    rows, cols = np.repeat(np.arange(n), p), np.tile(np.arange(p), n)
    vals = np.where((rows % 2 == 0) == (cols < 6), 1, -1)
    vals[cols == 11] = 1  # everyone agrees on the last one
    vals[(cols == 10) & (rows < 20)] = 0  # twenty pass on statement 10
    m = VoteMatrix.from_records(rows, cols, vals, np.zeros(len(rows)))
    stats = analyse(m, moderated_out=[3], seed=0).to_dict()["statement_stats"]
    assert stats["keys"] == list(range(12))
    assert stats["n_agree"][11] == 60 and stats["n_disagree"][11] == 0
    assert stats["n_pass"][10] == 20 and stats["n_pass"][0] == 0
    assert stats["extremity"][3] == 0.0  # moderated out: no loading
    assert stats["extremity"][11] == pytest.approx(0.0, abs=1e-9)  # consensus: no spread
    assert stats["extremity"][0] > 1.0  # divisive


# ------------------------------------------------------------------ the floor
def test_a_statement_short_of_the_minimum_outweighs_every_statement_that_reached_it():
    # statement 3 has 4 votes, all passes, no extremity: Pol.is alone ranks it last
    pri = routing.StatementPriorities.from_counts(
        [0, 1, 2, 3], [30, 5, 12, 0], [2, 5, 0, 0], [0, 0, 0, 4], [3.0, 0.5, 1.0, 0.0])
    assert pri.priority[3] == pri.priority.min()
    w = pri.weights([0, 1, 2, 3], minimum=10)
    assert w[3] >= routing.UNREPORTED_FAVOUR * w[:3].max()
    # and a statement the snapshot never saw (added since) is favoured as much
    w_new = pri.weights([0, 1, 2, 99], minimum=10)
    assert w_new[3] >= routing.UNREPORTED_FAVOUR * w_new[:3].max()


def test_a_low_vote_statement_is_drawn_more_often_than_any_reported_one():
    pri = routing.StatementPriorities.from_counts(
        [0, 1, 2, 3], [30, 5, 12, 0], [2, 5, 0, 0], [0, 0, 0, 4], [3.0, 0.5, 1.0, 0.0])
    w = pri.weights([0, 1, 2, 3], minimum=10)
    firsts = np.bincount(
        [routing.draw(w, routing.presentation_uniforms(f"p{i}", [0, 1, 2, 3]))
         for i in range(2000)], minlength=4)
    assert firsts[3] > firsts[:3].max()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
                       st.floats(0, 5)), min_size=1, max_size=30),
    st.integers(5, 50),
)
def test_floor_holds_for_any_counts(rows, minimum):
    a, d, p, e = (list(col) for col in zip(*rows, strict=True))
    pri = routing.StatementPriorities.from_counts(list(range(len(rows))), a, d, p, e)
    w = pri.weights(list(range(len(rows))), minimum)
    seen = np.array(a) + np.array(d) + np.array(p)
    short, reached = seen < minimum, seen >= minimum
    assert np.all(w > 0)
    if short.any() and reached.any():
        assert w[short].min() >= routing.UNREPORTED_FAVOUR * w[reached].max()
    assert np.array_equal(w[reached], pri.priority[reached])  # untouched once reported


# ------------------------------------------------------------------ the draw
def test_draw_is_deterministic_per_seed_and_varies_across_seeds():
    keys = list(range(20))
    w = np.linspace(1, 5, 20)
    first = routing.draw(w, routing.presentation_uniforms("alice", keys))
    assert all(routing.draw(w, routing.presentation_uniforms("alice", keys)) == first
               for _ in range(5))
    picks = {routing.draw(w, routing.presentation_uniforms(f"s{i}", keys)) for i in range(50)}
    assert len(picks) > 5


def test_draw_is_proportional_to_the_weights():
    keys = list(range(4))
    w = np.array([1.0, 2.0, 3.0, 4.0])
    n = 20_000
    counts = np.bincount([routing.draw(w, routing.presentation_uniforms(f"x{i}", keys))
                          for i in range(n)], minlength=4)
    expected = n * w / w.sum()
    # binomial standard deviation is at most ~65 here; 5 sigma
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))


def test_equal_weights_give_the_fixed_hashed_order():
    keys = [11, 42, 7, 300, 5]
    fixed = sorted(keys, key=lambda k: hashlib.sha256(f"pseud:{k}".encode()).hexdigest())
    u = routing.presentation_uniforms("pseud", keys)
    order = [keys[i] for i in routing.routed_order(np.ones(5), u)]
    assert order == fixed
    assert keys[routing.draw(np.ones(5), u)] == fixed[0]


def test_routed_order_is_successive_draws():
    keys = list(range(8))
    w = np.array([5.0, 1, 1, 2, 8, 3, 1, 1])
    u = routing.presentation_uniforms("bob", keys)
    order = list(routing.routed_order(w, u))
    remaining = list(range(8))
    for expected in order:
        i = routing.draw(w[remaining], u[remaining])
        assert remaining[i] == expected
        remaining.pop(i)


@pytest.mark.parametrize(
    ("weights", "uniforms"),
    [([1.0, 0.0], [0.5, 0.5]), ([1.0, np.nan], [0.5, 0.5]), ([1.0], [1.0]), ([1.0, 2.0], [0.5]),
     ([], [])],
)
def test_bad_draw_input_is_refused(weights, uniforms):
    with pytest.raises(ValueError):
        routing.draw(weights, uniforms)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        routing.StatementPriorities.from_counts([1, 2], [1, 2], [0, 0], [0, 0], [0.0])
    with pytest.raises(ValueError):
        routing.StatementPriorities.from_counts([1], [-1], [0], [0], [0.0])


# ------------------------------------------------------------------ late statements
def _replay(late_from: int, routed: bool, n=200, p=40, late=(35, 36, 37, 38, 39), answers=5,
            every=25, minimum=10):
    """Participants answer ``answers`` statements each, in arrival order; the late statements
    exist from participant ``late_from`` on; the snapshot is recomputed every ``every``
    participants with the real analysis. Returns the votes per statement."""
    rng = np.random.default_rng(7)
    camp = rng.integers(0, 2, n)
    stance = rng.choice([-1, 1], size=(2, p))
    pids, sids, vals = [], [], []
    priorities = None
    for i in range(n):
        if routed and i and i % every == 0:
            m = VoteMatrix.from_records(np.array(pids), np.array(sids), np.array(vals),
                                        np.zeros(len(pids)), statement_keys=range(p))
            res = analyse(m, seed=0, n_bootstrap=0)
            s = res.statement_stats
            priorities = routing.StatementPriorities.from_counts(
                res.statement_keys, s.n_agree, s.n_disagree, s.n_pass, s.extremity)
        candidates = [j for j in range(p) if j not in late or i >= late_from]
        u = routing.presentation_uniforms(f"participant-{i}", candidates)
        w = (priorities.weights(candidates, minimum) if priorities is not None
             else np.ones(len(candidates)))
        for k in routing.routed_order(w, u)[:answers]:
            pids.append(i)
            sids.append(candidates[k])
            vals.append(int(stance[camp[i], candidates[k]]))
    return np.bincount(sids, minlength=p)


def test_statements_added_late_reach_the_minimum_reporting_size():
    late = [35, 36, 37, 38, 39]
    routed = _replay(late_from=150, routed=True)
    assert routed[late].min() >= 10, routed[late]
    # the fixed order leaves them short: the boost is what gets them there
    fixed = _replay(late_from=150, routed=False)
    assert fixed[late].min() < 10, fixed[late]


# ------------------------------------------------------------------ the divisiveness term
def _two_camps(seed: int = 0):
    """Two camps of 100; statements 0-5 split them (90 % of a camp votes its way), statement
    6 is a coin toss everyone answers. Statement 0 is answered by everyone, statement 1 by a
    quarter; the rest by everyone."""
    rng = np.random.default_rng(seed)
    n, p = 200, 7
    camp = np.where(np.arange(n) < 100, 1, -1)
    votes = np.where(rng.random((n, p)) < 0.9, camp[:, None], -camp[:, None])
    votes[:, 6] = rng.choice([-1, 1], size=n)
    seen = np.ones((n, p), dtype=bool)
    seen[rng.permutation(n)[: int(0.75 * n)], 1] = False
    rows, cols = np.nonzero(seen)
    return VoteMatrix.from_records(rows, cols, votes[rows, cols], np.zeros(len(rows)))


def _by_key(result):
    s = result.statement_stats
    return (dict(zip(result.statement_keys, s.extremity, strict=True)),
            dict(zip(result.statement_keys, s.divergence, strict=True)))


def test_divergence_does_not_grow_with_how_many_voted():
    # the finding: Pol.is's extremity (mean-imputed PCA) grows with the share who voted, so
    # routing fed the statements it asked first. Statements 0 and 1 divide alike; 1 had a
    # quarter of the votes.
    ext, div = _by_key(analyse(_two_camps(), seed=0, n_bootstrap=0))
    assert ext[0] > 3 * ext[1]  # the old term: grows with votes
    assert div[1] == pytest.approx(div[0], rel=0.25)


def test_a_statement_that_shaped_the_map_but_divides_no_one_scores_low():
    # statement 6 (a coin toss everyone answered) moves every position a little; with its own
    # share taken out it lines up with nothing
    ext, div = _by_key(analyse(_two_camps(), seed=0, n_bootstrap=0))
    assert ext[6] > 2 * max(ext[k] for k in (0, 2, 3, 4, 5))  # the old term: most extreme
    assert div[6] < 0.1 * min(div[k] for k in (0, 2, 3, 4, 5))


def test_vote_alignment_takes_out_each_voters_own_share():
    # one statement, two voters: the map is made of that statement alone, so nothing is left
    # once each voter's own vote is taken out
    import scipy.sparse as sp

    centred = sp.csr_matrix(np.array([[1.0], [-1.0]]))
    components = np.array([[1.0]])
    coords = np.asarray(centred @ components.T)  # each position is the voter's own vote
    got = routing.vote_alignment(centred, coords, components, row_scale=np.ones(2))
    assert got == pytest.approx([0.0], abs=1e-12)


# ------------------------------------------------------------------ adaptive routing
# Two groups of 40 voters; statements 0-2 split them (group 0 agrees, group 1 disagrees),
# statement 3 everyone agrees with, statement 4 has 4 votes (short of the minimum).
_KEYS = [0, 1, 2, 3, 4]
_GROUP_COUNTS = [
    [[40, 0, 0], [40, 0, 0], [40, 0, 0], [40, 0, 0], [2, 0, 0]],
    [[0, 40, 0], [0, 40, 0], [0, 40, 0], [40, 0, 0], [0, 2, 0]],
]
_N_AGREE, _N_DISAGREE, _N_PASS = [40, 40, 40, 80, 2], [40, 40, 40, 0, 2], [0, 0, 0, 0, 0]


def _profiles():
    return routing.GroupProfiles.from_counts(_KEYS, _GROUP_COUNTS, _N_AGREE, _N_DISAGREE,
                                             _N_PASS)


def _priorities():
    return routing.StatementPriorities.from_counts(_KEYS, _N_AGREE, _N_DISAGREE, _N_PASS,
                                                   [0.5, 0.5, 0.5, 0.0, 0.0])


def test_the_splitting_statement_is_the_most_informative_before_any_answer():
    profiles = _profiles()
    gain = routing.information_gain(profiles.log_posterior({}), profiles.log_rates)
    assert gain[0] > 0.5  # nats: close to ln 2, the whole uncertainty of two equal groups
    assert gain[3] < 1e-9  # everyone agrees: it tells nothing about the group
    assert gain[0] > 100 * gain[3]


def test_gains_fall_once_the_answers_make_the_group_certain():
    profiles = _profiles()
    before = routing.information_gain(profiles.log_posterior({}), profiles.log_rates)
    answers = {0: 1, 1: 1}
    log_post = profiles.log_posterior(answers)
    post = np.exp(log_post - log_post.max())
    assert post[0] / post.sum() > 0.99  # two agrees: group 0
    after = routing.information_gain(log_post, profiles.log_rates)
    assert after[2] < 0.1 * before[2]
    # a disagree points the other way, and a statement the snapshot never saw says nothing
    other = profiles.log_posterior({0: -1, 1: -1, 99: 1})
    assert other[1] > other[0]


def test_the_adapted_weights_follow_the_participants_answers():
    pri, profiles = _priorities(), _profiles()
    candidates = [1, 2, 3]
    fresh = routing.adapted_weights(pri, profiles, candidates, {}, minimum=10)
    certain = routing.adapted_weights(pri, profiles, candidates, {0: 1}, minimum=10)
    assert fresh[0] > fresh[2] * 1e6  # before: the splitting statement dominates the draw
    # after the participant's answer makes the group near certain, the splitting one's lead
    # over the consensus one shrinks a hundredfold (both now tell little)
    assert certain[0] / certain[2] < 0.01 * fresh[0] / fresh[2]
    assert np.all(certain > 0) and np.all(np.isfinite(certain))


def test_the_floor_holds_until_two_short_statements_are_answered():
    pri, profiles = _priorities(), _profiles()
    candidates = [1, 2, 3, 4, 77]  # 4: four votes; 77: added since the snapshot
    for answers in ({}, {0: 1}, {0: 1, 99: -1}):  # no or one short statement answered
        w = routing.adapted_weights(pri, profiles, candidates, answers, minimum=10)
        assert min(w[3], w[4]) >= routing.UNREPORTED_FAVOUR * w[:3].max()
    w = routing.adapted_weights(pri, profiles, candidates, {0: 1, 98: 1, 99: -1}, minimum=10)
    assert w[4] < w[:3].max()  # two answered: the floor lets go
    assert np.all(w > 0) and np.all(np.isfinite(w))


def test_group_certainty_runs_from_a_uniform_posterior_to_one_group():
    assert routing.group_certainty(np.log([0.5, 0.5])) == pytest.approx(0.0, abs=1e-12)
    assert routing.group_certainty([0.0, 0.0, 0.0]) == pytest.approx(0.0, abs=1e-12)
    assert routing.group_certainty([0.0, -800.0]) == pytest.approx(1.0)  # no underflow
    assert routing.group_certainty([3.0]) == 1.0
    # hand-worked: posterior (0.9, 0.1) has entropy 0.325 nats, log 2 = 0.693
    assert routing.group_certainty(np.log([0.9, 0.1])) == pytest.approx(
        1 - (0.9 * np.log(1 / 0.9) + 0.1 * np.log(10)) / np.log(2))
    profiles = _profiles()
    one, two = (routing.group_certainty(profiles.log_posterior(a))
                for a in ({0: 1}, {0: 1, 1: 1}))
    assert 0 < one < two < 1 and two > 0.95  # each agreeing answer makes the group surer


# Statement 5 divides the map (high divergence) but not the snapshot's two groups: within
# each, half agree and half disagree, as on a statement that splits a pair of groups the
# snapshot merged. Statement 1 splits the snapshot's groups.
_HIDDEN_COUNTS = [[*row, [20, 20, 0]] for row in _GROUP_COUNTS]
_HIDDEN_TOTALS = ([*_N_AGREE, 40], [*_N_DISAGREE, 40], [*_N_PASS, 0])


def test_once_the_group_is_known_a_statement_the_groups_share_keeps_its_priority():
    keys = [*_KEYS, 5]
    profiles = routing.GroupProfiles.from_counts(keys, _HIDDEN_COUNTS, *_HIDDEN_TOTALS)
    pri = routing.StatementPriorities.from_counts(keys, *_HIDDEN_TOTALS,
                                                  [0.5, 0.5, 0.5, 0.0, 0.0, 0.5])
    candidates = [1, 5]
    priority = pri.weights(candidates, 10)
    assert priority[1] == pytest.approx(priority[0])  # the same priority
    fresh = routing.adapted_weights(pri, profiles, candidates, {}, minimum=10)
    assert fresh[0] > 1e6 * fresh[1]  # an unknown group: the gain steers the draw
    answers = {0: 1, 2: 1}
    certainty = routing.group_certainty(profiles.log_posterior(answers))
    assert certainty > 0.95
    known = routing.adapted_weights(pri, profiles, candidates, answers, minimum=10)
    # statement 5 tells the snapshot's groups nothing, yet keeps the certainty's share of
    # its priority: it can still be asked, and so split the merged pair
    assert known[1] == pytest.approx(certainty * priority[1])
    assert known[1] / known.sum() > 0.3


def test_group_profiles_refuse_bad_counts_and_need_two_groups():
    assert routing.GroupProfiles.from_counts(_KEYS, _GROUP_COUNTS[:1], _N_AGREE, _N_DISAGREE,
                                             _N_PASS) is None
    with pytest.raises(ValueError):
        routing.GroupProfiles.from_counts(_KEYS, [[[-1, 0, 0]] * 5] * 2, _N_AGREE,
                                          _N_DISAGREE, _N_PASS)
    with pytest.raises(ValueError):
        routing.GroupProfiles.from_counts(_KEYS[:4], _GROUP_COUNTS, _N_AGREE, _N_DISAGREE,
                                          _N_PASS)


def test_the_analysis_stores_each_groups_counts_per_statement():
    n, p = 60, 8
    rows, cols = np.repeat(np.arange(n), p), np.tile(np.arange(p), n)
    vals = np.where((rows % 2 == 0) == (cols < 4), 1, -1)
    vals[(cols == 7) & (rows < 10)] = 0
    m = VoteMatrix.from_records(rows, cols, vals, np.zeros(len(rows)))
    result = analyse(m, seed=0)
    stats = result.to_dict()["statement_stats"]
    counts = np.asarray(stats["group_counts"])
    assert counts.shape == (result.k, p, 3) and result.k >= 2
    labels = result.labels_by_key()
    for g in range(result.k):
        members = np.array([labels[r] == g for r in rows])
        for j in range(p):
            v = vals[members & (cols == j)]
            assert counts[g, j].tolist() == [int((v > 0).sum()), int((v < 0).sum()),
                                             int((v == 0).sum())]
