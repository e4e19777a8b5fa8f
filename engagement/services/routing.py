"""The routing side of the voting step: the priorities of a dialogue's statements, read from
its latest analysis snapshot (never computed on the vote path), and the draw among the
statements a participant may still answer. The metric and the draw live in
``engagement.analysis.routing``."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from engagement.analysis import routing
from engagement.disclosure.rules import effective_minimum
from engagement.models import AnalysisSnapshot, Dialogue


@dataclass(frozen=True)
class SnapshotRouting:
    """What routing reads from one snapshot: the priorities, and the groups' vote profiles
    (None in a snapshot stored before it carried the groups' counts, or with one group)."""

    priorities: routing.StatementPriorities
    profiles: routing.GroupProfiles | None


# Snapshots kept per process. A snapshot never changes; its id with the fingerprint of the
# votes it used is the key (ids alone repeat across databases, e.g. in tests).
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[int, str], SnapshotRouting | None] = OrderedDict()
_lock = threading.Lock()


def _latest_snapshot(session: Session, dialogue_id: int) -> tuple[int, str, int] | None:
    """Id and fingerprint of the dialogue-wide opinion snapshot routing follows (the newest
    that is not stale: a stale one holds votes of someone who has withdrawn), with the
    dialogue's minimum reporting size. One indexed row, without the snapshot's result."""
    return session.exec(
        select(AnalysisSnapshot.id, AnalysisSnapshot.fingerprint, Dialogue.min_reporting_size)
        .join(Dialogue, Dialogue.id == AnalysisSnapshot.dialogue_id)
        .where(
            AnalysisSnapshot.dialogue_id == dialogue_id,
            AnalysisSnapshot.kind == "opinion",
            AnalysisSnapshot.stale == False,  # noqa: E712
            col(AnalysisSnapshot.session_id).is_(None),
        )
        .order_by(col(AnalysisSnapshot.id).desc())
        .limit(1)
    ).first()


def _load(session: Session, snapshot_id: int) -> SnapshotRouting | None:
    """The priorities and group profiles in a snapshot; None for one stored before snapshots
    carried the counts and the groups' divergence (routing then keeps the fixed order until
    the next analysis)."""
    text = session.exec(
        select(AnalysisSnapshot.result).where(AnalysisSnapshot.id == snapshot_id)
    ).first()
    stats = json.loads(text).get("statement_stats") if text else None
    if not stats or "divergence" not in stats:
        return None
    priorities = routing.StatementPriorities.from_counts(
        stats["keys"], stats["n_agree"], stats["n_disagree"], stats["n_pass"],
        stats["divergence"],
    )
    profiles = None
    if "group_counts" in stats:  # absent from snapshots stored before adaptive routing
        profiles = routing.GroupProfiles.from_counts(
            stats["keys"], stats["group_counts"], stats["n_agree"], stats["n_disagree"],
            stats["n_pass"])
    return SnapshotRouting(priorities, profiles)


def _routing(session: Session, snapshot_id: int, fingerprint: str) -> SnapshotRouting | None:
    key = (snapshot_id, fingerprint)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    loaded = _load(session, snapshot_id)
    with _lock:
        _cache[key] = loaded
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return loaded


def _snapshot_routing(session: Session, dialogue_id: int) -> tuple[SnapshotRouting, int] | None:
    latest = _latest_snapshot(session, dialogue_id)
    if latest is None:
        return None
    snapshot_id, fingerprint, minimum = latest
    loaded = _routing(session, snapshot_id, fingerprint)
    return None if loaded is None else (loaded, effective_minimum(minimum))


def snapshot_priorities(
    *, session: Session, dialogue_id: int
) -> tuple[routing.StatementPriorities, int] | None:
    """The priorities from the dialogue's latest snapshot (cached per process by snapshot id)
    and the minimum reporting size they are to favour; None before the first analysis (or
    with only snapshots stored before they carried the counts)."""
    found = _snapshot_routing(session, dialogue_id)
    return None if found is None else (found[0].priorities, found[1])


def next_weights(
    *, session: Session, dialogue_id: int, candidates: Sequence[int],
    answers: Mapping[int, int] | None = None,
) -> list[float] | None:
    """The draw weight of each candidate for a participant with these ``answers`` (statement
    id -> vote): adaptive when the latest snapshot has the groups' counts, the priority alone
    when it was stored before them; None before the first analysis (the fixed order)."""
    found = _snapshot_routing(session, dialogue_id)
    if found is None:
        return None
    (loaded, minimum) = found
    if loaded.profiles is None:
        return loaded.priorities.weights(candidates, minimum).tolist()
    return routing.adapted_weights(loaded.priorities, loaded.profiles, candidates,
                                   answers or {}, minimum).tolist()


def choose(
    *, session: Session, dialogue_id: int, seed: str, candidates: Sequence[int],
    answers: Mapping[int, int] | None = None,
) -> int | None:
    """The statement to ask next among ``candidates`` (the accepted statements this participant
    has neither answered nor skipped), given the participant's ``answers`` so far (statement
    id -> vote): drawn by the adapted priority once the dialogue has a snapshot, else the
    fixed order of the participant's ``seed``. The same every time until the candidates,
    the answers or the snapshot change."""
    if not candidates:
        return None
    uniforms = routing.presentation_uniforms(seed, candidates)
    weights = next_weights(session=session, dialogue_id=dialogue_id, candidates=candidates,
                           answers=answers)
    if weights is None:
        weights = [1.0] * len(candidates)
    return candidates[routing.draw(weights, uniforms)]
