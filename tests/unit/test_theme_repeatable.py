"""Running the themes twice on the same texts gives the same themes, even when people send
the same words (which makes word vectors with repeated values, issue 14)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from engagement.analysis.themes import _top_singular, find_themes


def _texts_sent_by_several(seed: int = 5) -> list[str]:
    """Made-up texts in words of their own, each sent by two to four people: the words of
    one text only ever appear together."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("bcdfghjklmnprstvz"))
    vowels = np.array(list("aeiou"))

    def word() -> str:
        return "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(3))

    shared = [word() for _ in range(12)]  # a few words across texts: themes to find
    texts = []
    for _ in range(40):
        own = [word() for _ in range(4)]
        text = " ".join([*own, *rng.choice(shared, 3, replace=False)])
        texts += [text] * int(rng.integers(2, 5))
    return texts


def test_same_texts_give_the_same_themes_every_run():
    texts = _texts_sent_by_several()
    runs = [find_themes(texts) for _ in range(4)]
    first = runs[0]
    assert first.k >= 2, "themes were found: nothing to compare otherwise"
    for other in runs[1:]:
        assert other.assignments == first.assignments
        assert [t.ranked_indices for t in other.themes] == [t.ranked_indices for t in first.themes]
        assert other.parameters.k_scores == first.parameters.k_scores


def test_word_vectors_stop_before_a_repeated_value_at_the_cut():
    # singular values 5, 4, 3, 3, 3, 1: asked for 3, the run of 3s is left out whole
    values = np.array([5.0, 4.0, 3.0, 3.0, 3.0, 1.0])
    basis, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(6, 6)))
    P = sp.csr_matrix(basis @ np.diag(values) @ basis.T)
    vectors, singular = _top_singular(P, 3)
    assert np.allclose(singular, [5.0, 4.0])
    assert vectors.shape == (6, 2)
    assert np.allclose(np.abs(vectors.T @ basis[:, :2]), np.eye(2), atol=1e-8)
    _, without_a_run = _top_singular(P, 5)  # a gap at the cut: all five
    assert np.allclose(without_a_run, [5.0, 4.0, 3.0, 3.0, 3.0])
