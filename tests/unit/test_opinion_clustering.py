"""Grouping: weighted silhouette, k hysteresis, planted groups, determinism."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score, silhouette_score

from engagement.analysis.opinion import KState, PolisClusterer, smooth_k, weighted_silhouette
from engagement.analysis.opinion.clustering import cdist, unique_rows


def blobs(seed=0, sizes=(300, 200, 100), spread=0.5):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0], [5, 0], [0, 5]])
    X = np.vstack([rng.normal(c, spread, (n, 2)) for c, n in zip(centres, sizes, strict=True)])
    y = np.repeat(np.arange(len(sizes)), sizes)
    return X, y


def test_weighted_silhouette_equals_silhouette_of_expanded_points():
    rng = np.random.default_rng(3)
    pts = rng.normal(size=(12, 2))
    w = rng.integers(1, 5, size=12)
    lab = rng.integers(0, 3, size=12)
    expanded = np.repeat(pts, w, axis=0)
    expected = silhouette_score(expanded, np.repeat(lab, w))
    assert weighted_silhouette(cdist(pts, pts), lab, w) == pytest.approx(expected)


def test_smooth_k_rule():
    s = smooth_k(3, None, buffer=4)
    assert s == KState(3, 1, 3)
    for expected_count in (1, 2, 3):  # a new k must win 4 consecutive runs
        s = smooth_k(2, s if expected_count > 1 else s, buffer=4)
        assert (s.last_k, s.last_k_count, s.smoothed_k) == (2, expected_count, 3)
    s = smooth_k(2, s, buffer=4)
    assert s.smoothed_k == 2 and s.last_k_count == 4
    s = smooth_k(4, s, buffer=4)  # a single different winner resets the count only
    assert (s.last_k, s.last_k_count, s.smoothed_k) == (4, 1, 2)


def test_planted_groups_are_recovered():
    X, y = blobs()
    c = PolisClusterer(random_state=0).fit(X)
    assert c.k_ == 3
    assert adjusted_rand_score(y, c.labels_) > 0.98
    assert set(c.silhouettes_) == {2, 3, 4, 5}
    assert c.best_k_ == 3
    # groups are ordered by size
    assert np.bincount(c.labels_).tolist() == sorted(np.bincount(c.labels_), reverse=True)
    np.testing.assert_array_equal(c.predict(X), c.labels_)


def test_same_seed_same_groups_and_forced_k():
    X, _ = blobs(seed=1, sizes=(2000, 1500, 500), spread=1.5)
    a = PolisClusterer(random_state=7).fit(X)
    b = PolisClusterer(random_state=7).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert a.silhouettes_ == b.silhouettes_
    f = PolisClusterer(random_state=7, force_k=2).fit(X)
    assert f.k_ == 2 and set(np.unique(f.labels_)) == {0, 1}


def test_base_clusters_are_used_and_sampled_at_scale():
    X, y = blobs(seed=2, sizes=(3000, 2000, 1000), spread=0.7)
    c = PolisClusterer(base_k=100, base_sample=2000, random_state=0).fit(X)
    assert len(c.base_centers_) <= 100
    assert c.base_weights_.sum() == len(X)
    assert adjusted_rand_score(y, c.labels_) > 0.97


def test_tiny_inputs():
    one = PolisClusterer().fit(np.zeros((1, 2)))
    assert one.labels_.tolist() == [0] and one.k_ == 1
    same = PolisClusterer().fit(np.ones((5, 2)))
    assert same.labels_.tolist() == [0] * 5


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(1, 4), st.integers(0, 2**32 - 1), st.booleans())
def test_unique_rows_is_numpys_unique_of_the_rows(n, width, seed, coarse):
    """Same rows, order, inverse and counts as ``np.unique(axis=0)``, including repeated
    rows (coarse positions), a signed zero and no rows at all."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    if coarse:
        X = np.round(X, 0) * rng.choice([1.0, -1.0], size=X.shape)  # repeats and -0.0
    expected = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    got = unique_rows(X)
    assert got[0].shape == expected[0].shape
    assert np.array_equal(got[0], expected[0])
    assert np.array_equal(got[1], expected[1].ravel())
    assert np.array_equal(got[2], expected[2])
    assert np.array_equal(got[0][got[1]], X)  # the inverse rebuilds every row
