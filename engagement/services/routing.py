"""The routing side of the voting step: the priorities of a dialogue's statements, read from
its latest analysis snapshot (never computed on the vote path), and the draw among the
statements a participant may still answer. The metric and the draw live in
``engagement.analysis.routing``."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from engagement.analysis import routing
from engagement.disclosure.rules import effective_minimum
from engagement.models import AnalysisSnapshot, Dialogue

# Snapshots kept per process. A snapshot never changes; its id with the fingerprint of the
# votes it used is the key (ids alone repeat across databases, e.g. in tests).
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[int, str], routing.StatementPriorities | None] = OrderedDict()
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


def _load(session: Session, snapshot_id: int) -> routing.StatementPriorities | None:
    """The priorities in a snapshot; None for one stored before snapshots carried the counts
    and the groups' divergence (routing then keeps the fixed order until the next analysis)."""
    text = session.exec(
        select(AnalysisSnapshot.result).where(AnalysisSnapshot.id == snapshot_id)
    ).first()
    stats = json.loads(text).get("statement_stats") if text else None
    if not stats or "divergence" not in stats:
        return None
    return routing.StatementPriorities.from_counts(
        stats["keys"], stats["n_agree"], stats["n_disagree"], stats["n_pass"],
        stats["divergence"],
    )


def _priorities(session: Session, snapshot_id: int, fingerprint: str):
    key = (snapshot_id, fingerprint)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    priorities = _load(session, snapshot_id)
    with _lock:
        _cache[key] = priorities
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return priorities


def snapshot_priorities(
    *, session: Session, dialogue_id: int
) -> tuple[routing.StatementPriorities, int] | None:
    """The priorities from the dialogue's latest snapshot (cached per process by snapshot id)
    and the minimum reporting size they are to favour; None before the first analysis (or
    with only snapshots stored before they carried the counts)."""
    latest = _latest_snapshot(session, dialogue_id)
    if latest is None:
        return None
    snapshot_id, fingerprint, minimum = latest
    priorities = _priorities(session, snapshot_id, fingerprint)
    return None if priorities is None else (priorities, effective_minimum(minimum))


def choose(
    *, session: Session, dialogue_id: int, seed: str, candidates: Sequence[int]
) -> int | None:
    """The statement to ask next among ``candidates`` (the accepted statements this participant
    has neither answered nor skipped): drawn by priority once the dialogue has a snapshot,
    else the fixed order of the participant's ``seed``. The same every time until the
    candidates or the snapshot change."""
    if not candidates:
        return None
    uniforms = routing.presentation_uniforms(seed, candidates)
    found = snapshot_priorities(session=session, dialogue_id=dialogue_id)
    if found is None:
        return candidates[routing.draw([1.0] * len(candidates), uniforms)]
    priorities, minimum = found
    return candidates[routing.draw(priorities.weights(candidates, minimum), uniforms)]
