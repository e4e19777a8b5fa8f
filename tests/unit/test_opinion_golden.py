"""Golden tests: our groups vs Pol.is's own groups on real, public conversations.

Data: ../shared/polis-open-data (Pol.is exports, The Computational Democracy Project,
CC BY 4.0). ARI is computed over every participant Pol.is grouped; participants we did not
cluster count as one group of their own. Floors sit a little below the measured values
(measured in the comment) so that a regression in the math shows up.
"""

from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from engagement.analysis.opinion import VoteMatrix, analyse
from engagement.polis_format.read import read_vote_records
from tests.support.shared_data import SHARED, as_params, folder_names, missing

DATA = SHARED / "polis-open-data"

# conversation: (ARI floor, measured ARI with seed 0)
FLOORS = {
    "15-per-hour-seattle": (0.85, 0.884),
    "brexit-consensus": (0.55, 0.586),
    "canadian-electoral-reform": (0.93, 0.964),
    "scoop-hivemind.biodiversity": (0.88, 0.913),
    # Pol.is: 4 groups over all 234 participants; we (and red-dwarf) find 2 over 174
    "scoop-hivemind.ubi": (0.12, 0.150),
    "vtaiwan.uberx": (0.79, 0.824),
}


def load(folder: Path):
    rec = read_vote_records(folder)
    matrix = VoteMatrix.from_records(
        rec.voter_ids,
        rec.comment_ids,
        rec.values,
        rec.timestamps,
        statement_keys=rec.statement_ids,
        statement_created=rec.statement_created,
    )
    return matrix, rec.moderated_out, rec.polis_groups


@pytest.mark.parametrize("name", as_params(folder_names(DATA)))
def test_groups_match_polis(name):
    if name is None:
        missing(DATA)
    assert name in FLOORS, f"new conversation {name}: measure it and add a floor"
    matrix, moderated_out, polis = load(DATA / name)
    res = analyse(matrix, moderated_out=moderated_out, seed=0, n_bootstrap=0)
    ours = res.labels_by_key()
    keys = sorted(polis)
    ari = adjusted_rand_score([polis[k] for k in keys], [ours.get(k, -1) for k in keys])
    floor, _measured = FLOORS[name]
    assert ari >= floor, f"{name}: ARI {ari:.3f} < floor {floor}"
    # who is clustered follows Pol.is closely (its group-id marks who it clustered)
    clustered = {k for k, g in ours.items() if g >= 0}
    assert len(clustered & set(polis)) >= 0.7 * len(polis)
    assert 1 <= res.k <= 5 and res.groups
