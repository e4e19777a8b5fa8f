"""Quality floor on the themes-dev sets (skipped when shared/themes-dev is absent; under
CI=true that fails instead)."""

from __future__ import annotations

import json

import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from engagement.analysis.themes import find_themes
from tests.support.shared_data import SHARED, need

DATA = SHARED / "themes-dev"

# Measured (bench/themes.py, seed 0): 0.421 and 0.196 (0.395 and 0.185 before the consensus
# clustering); baseline TF-IDF + NMF 0.27 and 0.11.
# The floors are the issue's: NMI may not fall below the figures before the consensus.
FLOORS = {"gd6uk_ai_trust_actions": 0.395, "t3c_ai_assemblies_tw": 0.185}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_nmi_floor(name):
    rows = _rows(name)
    result = find_themes([r["text"] for r in rows], ids=[r["id"] for r in rows])
    nmi = normalized_mutual_info_score([r["topic"] for r in rows], result.assignments)
    assert nmi >= FLOORS[name], nmi
    assert 2 <= result.k <= 12
    assert sum(t.size for t in result.all_themes) == len(rows)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_themes_hold_under_another_seed(name):
    """Issue 14: re-running leaves the same themes (ARI >= 0.9); before the consensus
    clustering seed 1 against seed 0 gave 0.71 and 0.35."""
    texts = [r["text"] for r in _rows(name)]
    first, second = find_themes(texts), find_themes(texts, seed=1)
    assert first.k == second.k
    assert adjusted_rand_score(first.assignments, second.assignments) >= 0.9


def _rows(name: str) -> list[dict]:
    path = need(DATA / f"{name}.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

