"""A re-issued brief starts its themes from the previous version's (issue 14, item 3).

``find_themes(previous=...)``: after one person's texts are removed the themes stay (where a
fresh run moves them), a topic that came up since becomes a theme of its own, and many new
texts give the fresh result.  Generated texts only (the made-up town of
tests/unit/test_theme_stability.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from engagement.analysis.themes import ThemeAnalysis, find_themes
from tests.unit.test_theme_stability import _names_by_overlap, town


def _previous(result: ThemeAnalysis) -> dict:
    return {theme.label: theme.ids for theme in result.themes}


def _without(texts: list[str], authors: list[int], person: int) -> list[int]:
    kept = [i for i, a in enumerate(authors) if a != person]
    assert 2 <= len(texts) - len(kept) <= 3
    return kept


@pytest.fixture(scope="module")
def blurred() -> tuple[list[str], list[int], ThemeAnalysis]:
    """Every text mixes two topics: a set without clear themes, where a fresh run after
    removing one person's texts finds other themes (here mostly 2 instead of 3)."""
    texts, authors, _ = town(seed=3, mix=1.0)
    return texts, authors, find_themes(texts, ids=list(range(len(texts))))


PEOPLE = [6, 12, 66]


def test_a_fresh_run_moves_the_themes_of_the_blurred_town(blurred):
    """The premise of the next test: without a warm start these removals move the themes."""
    texts, authors, before = blurred
    moved = []
    for person in PEOPLE:
        kept = _without(texts, authors, person)
        after = find_themes([texts[i] for i in kept], ids=kept)
        moved.append(adjusted_rand_score([before.assignments[i] for i in kept],
                                         after.assignments))
    assert len(moved) == len(PEOPLE) and all(ari < 0.9 for ari in moved), moved


@pytest.mark.parametrize("person", PEOPLE)
def test_warm_start_keeps_the_themes_and_names_after_a_withdrawal(blurred, person):
    texts, authors, before = blurred
    assert before.k >= 3
    kept = _without(texts, authors, person)
    after = find_themes([texts[i] for i in kept], ids=kept, previous=_previous(before))
    assert after.k == before.k
    assert adjusted_rand_score([before.assignments[i] for i in kept], after.assignments) >= 0.9
    assert _names_by_overlap(before, after, kept) == {t.label: t.label for t in before.themes}


@pytest.mark.parametrize("person", [0, 17, 44, 89])
def test_warm_start_keeps_every_name_of_overlapping_themes(person):
    """A fresh run may rename one of these themes (two near-equal phrases); a warm start
    keeps the name while the theme's texts still use it most."""
    texts, authors, _ = town(mix=0.5)
    before = find_themes(texts, ids=list(range(len(texts))))
    kept = _without(texts, authors, person)
    after = find_themes([texts[i] for i in kept], ids=kept, previous=_previous(before))
    assert adjusted_rand_score([before.assignments[i] for i in kept], after.assignments) >= 0.9
    assert _names_by_overlap(before, after, kept) == {t.label: t.label for t in before.themes}


@pytest.fixture(scope="module")
def three_topics() -> tuple[list[str], list[str], list[int], ThemeAnalysis]:
    """The town before anyone wrote about bins, and its themes."""
    texts, _, truth = town(n_people=120, seed=3)
    old = [i for i, t in enumerate(truth) if t != "bins"]
    before = find_themes([texts[i] for i in old], ids=old)
    return texts, truth, old, before


@pytest.mark.parametrize("added", [12, 30])
def test_a_new_topic_becomes_a_new_theme(three_topics, added):
    """12 new texts (5 %, under the share that switches the warm start off) and 30 (12 %,
    over it): either way the new topic is a theme of its own and the old themes stay."""
    texts, truth, old, before = three_topics
    assert before.k == 3
    new = [i for i, t in enumerate(truth) if t == "bins"][:added]
    assert len(new) == added
    ids = old + new
    after = find_themes([texts[i] for i in ids], ids=ids, previous=_previous(before))
    assert after.k == 4
    holding = [t for t in after.themes if set(new) & set(t.ids)]
    assert len(holding) == 1 and set(holding[0].ids) == set(new), [t.label for t in holding]
    assert adjusted_rand_score(before.assignments, after.assignments[:len(old)]) >= 0.9


def test_many_new_texts_give_the_fresh_result(blurred):
    """Themes found on 70 % of the texts (2 of them, where all the texts give 3): with 30 %
    new texts the earlier themes are not used at all, so they cannot hold the new run back."""
    texts, _, fresh = blurred
    first = sorted(np.random.default_rng(2).choice(len(texts), int(0.7 * len(texts)),
                                                   replace=False).tolist())
    early = find_themes([texts[i] for i in first], ids=first)
    assert early.k != fresh.k
    warm = find_themes(texts, ids=list(range(len(texts))), previous=_previous(early))
    assert warm.assignments == fresh.assignments
    assert [t.label for t in warm.themes] == [t.label for t in fresh.themes]


def test_warm_start_does_not_depend_on_the_order_of_texts_or_themes(blurred):
    texts, authors, before = blurred
    kept = _without(texts, authors, 12)
    previous = _previous(before)
    after = find_themes([texts[i] for i in kept], ids=kept, previous=previous)
    order = np.random.default_rng(5).permutation(len(kept))
    shuffled_ids = [kept[i] for i in order]
    backwards = dict(reversed(list(previous.items())))
    again = find_themes([texts[i] for i in shuffled_ids], ids=shuffled_ids, previous=backwards)
    theme_of = {i: again.theme_of(p).label for p, i in enumerate(shuffled_ids)}
    assert {i: after.theme_of(p).label for p, i in enumerate(kept)} == theme_of


def test_no_earlier_themes_is_a_first_run(blurred):
    texts, _, before = blurred
    ids = list(range(len(texts)))
    for previous in ({}, {"Gone": ["not a text"]}):
        again = find_themes(texts, ids=ids, previous=previous)
        assert again.assignments == before.assignments


def test_a_theme_keeps_its_earlier_name_while_its_texts_still_use_it(blurred):
    """Two near-equal phrases: the one the earlier version showed stays the name; a name its
    texts no longer use (or never used) is not kept."""
    texts, _, before = blurred
    ids = list(range(len(texts)))
    theme = next(t for t in before.themes if len(t.phrases) >= 2)
    runner_up = theme.phrases[1]
    previous = {**_previous(before), runner_up: theme.ids}
    del previous[theme.label]
    after = find_themes(texts, ids=ids, previous=previous)
    assert after.theme_of(theme.member_indices[0]).label == runner_up
    previous = {**_previous(before), "Words nobody wrote": theme.ids}
    del previous[theme.label]
    after = find_themes(texts, ids=ids, previous=previous)
    assert after.theme_of(theme.member_indices[0]).label == theme.label
