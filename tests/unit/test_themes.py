"""Unit tests for engagement.analysis.themes (pure, fast, deterministic)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from engagement.analysis.sentiment import compound_scores, summarise
from engagement.analysis.text_prep import prepare, tokenize
from engagement.analysis.themes import OTHER_LABEL, ThemeAnalysis, find_themes

TOPICS = {
    "transport": "buses trains cycling roads traffic commuting parking railway tram congestion",
    "housing": "rents housing landlords tenants mortgages homes apartments eviction building",
    "health": "hospitals doctors nurses patients clinics waiting appointments surgery medicine",
    "schools": "teachers pupils classrooms schools homework exams curriculum lessons students",
}
COMMON = "people city council should better need more future local services".split()


def planted(n_per_topic: int = 40, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for name, words in TOPICS.items():
        vocab = words.split()
        for _ in range(n_per_topic):
            chosen = list(rng.choice(vocab, size=4, replace=False))
            chosen += list(rng.choice(COMMON, size=3, replace=False))
            rng.shuffle(chosen)
            texts.append("The " + " and ".join(chosen) + ".")
            truth.append(name)
    order = rng.permutation(len(texts))
    return [texts[i] for i in order], [truth[i] for i in order]


@pytest.fixture(scope="module")
def planted_result() -> tuple[list[str], list[str], ThemeAnalysis]:
    texts, truth = planted()
    return texts, truth, find_themes(texts)


def test_planted_topics_recovered_with_automatic_k(planted_result):
    texts, truth, result = planted_result
    assert result.k == len(TOPICS)
    assert normalized_mutual_info_score(truth, result.assignments) > 0.9
    assert result.other.size == 0


def test_planted_topics_recovered_with_nmf():
    texts, truth = planted(seed=1)
    result = find_themes(texts, method="nmf", n_themes=4)
    assert result.k == 4
    assert normalized_mutual_info_score(truth, result.assignments) > 0.8


def test_every_text_in_exactly_one_theme(planted_result):
    texts, _, result = planted_result
    seen = [i for t in result.all_themes for i in t.member_indices]
    assert sorted(seen) == list(range(len(texts)))
    for i, a in enumerate(result.assignments):
        theme = result.theme_of(i)
        assert i in theme.member_indices
        assert (a == -1) == theme.is_other
    assert [t.size for t in result.themes] == sorted((t.size for t in result.themes), reverse=True)


def test_ids_follow_members_and_representatives_are_members():
    texts, _ = planted()
    ids = [f"s-{i}" for i in range(len(texts))]
    result = find_themes(texts, ids=ids)
    all_ids = [x for t in result.all_themes for x in t.ids]
    assert sorted(all_ids) == sorted(ids)
    assert result.themes
    for theme in result.themes:
        assert theme.ids == tuple(ids[i] for i in theme.member_indices)
        assert 1 <= len(theme.representative_indices) <= 5
        assert set(theme.representative_indices) <= set(theme.member_indices)
        assert theme.representative_ids == tuple(ids[i] for i in theme.representative_indices)


def test_empty_and_stop_word_texts_go_to_other():
    texts, _ = planted(n_per_topic=20)
    junk = ["", "   ", None, "and the of it", "!!!", "42"]
    result = find_themes(texts + junk)
    n = len(texts)
    other = set(result.other.member_indices)
    assert set(range(n, n + len(junk))) <= other
    assert result.other.label == OTHER_LABEL
    assert all(result.assignments[i] == -1 for i in range(n, n + len(junk)))


def test_all_empty_or_tiny_inputs():
    for texts in ([], [""], ["", None], ["single text about parking"]):
        result = find_themes(texts)
        assert sum(t.size for t in result.all_themes) == len(texts)
        json.dumps(result.to_dict())
    one = find_themes(["parking parking", "parking buses"])
    assert one.k == 1 and one.other.size == 0


def test_labels_are_readable_words_not_stems(planted_result):
    _, _, result = planted_result
    words = set(" ".join(TOPICS.values()).split()) | set(COMMON)
    labels = [t.label for t in result.themes]
    assert labels and len(set(labels)) == len(labels)
    for theme in result.themes:
        assert theme.keywords
        for kw in theme.keywords:
            for word in kw.split():
                assert word in words, (kw, theme.label)
        assert theme.label[0].isupper()
        assert theme.label != OTHER_LABEL
    # stems that are not words never show
    shown = {w for t in result.themes for kw in t.keywords for w in kw.split()}
    assert not shown & {"commut", "surgeri", "hospit", "congest", "curriculum_"}


def test_surface_forms_map_stems_back_to_frequent_words():
    corpus = prepare(["Hospitals and hospitals", "the hospital", "Running tenants", "runs"])
    assert corpus.surface("hospit") == "hospitals"
    assert corpus.surface("tenant") == "tenants"
    assert tokenize("Don't the people's Councils") == ["people", "councils"]


def test_sentiment_sign_per_theme():
    positive = [f"I love the wonderful new {w}, great and happy" for w in ["parks"] * 15]
    negative = [f"The terrible awful {w} are a horrible disaster" for w in ["sewers"] * 15]
    result = find_themes(positive + negative, n_themes=2)
    pos_theme, neg_theme = result.theme_of(0), result.theme_of(15)
    assert pos_theme is not neg_theme
    assert pos_theme.sentiment.mean_compound > 0.5
    assert pos_theme.sentiment.share_positive == 1.0
    assert neg_theme.sentiment.mean_compound < -0.5
    assert neg_theme.sentiment.share_negative == 1.0
    scores = compound_scores(["I love it", "I hate it", "", None])
    assert scores[0] > 0 > scores[1] and scores[2] == scores[3] == 0.0
    assert summarise([]).mean_compound is None


def test_theme_group_table_sums(planted_result):
    texts, truth, _ = planted_result
    groups = ["A" if i % 3 else "B" for i in range(len(texts))]
    groups[0] = None
    result = find_themes(texts + [""], groups=groups + ["A"])
    table = result.theme_group_table
    assert table is not None
    assert table.groups == ("A", "B", "(none)")
    assert table.theme_labels[-1] == OTHER_LABEL
    assert sum(sum(row) for row in table.counts) == len(texts) + 1
    for theme, row in zip(result.all_themes, table.counts, strict=True):
        assert sum(row) == theme.size
    assert sum(row[1] for row in table.counts) == groups.count("B")
    assert table.count(OTHER_LABEL, "A") >= 1
    assert find_themes(texts).theme_group_table is None


def test_deterministic_and_json_serialisable(planted_result):
    texts, _, result = planted_result
    again = find_themes(texts)
    assert again.assignments == result.assignments
    assert [t.label for t in again.themes] == [t.label for t in result.themes]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["k"] == result.k
    assert data["other"]["label"] == OTHER_LABEL
    assert data["parameters"]["method"] == "embedding"
    assert len(data["parameters"]["k_scores"]) >= 2


def test_argument_validation():
    with pytest.raises(ValueError):
        find_themes(["a", "b"], ids=[1])
    with pytest.raises(ValueError):
        find_themes(["a", "b"], ids=[1, 1])
    with pytest.raises(ValueError):
        find_themes(["a", "b"], groups=["x"])
    with pytest.raises(ValueError):
        find_themes(["a"], method="lda")
    with pytest.raises(ValueError):
        find_themes(["a"], n_themes=0)
