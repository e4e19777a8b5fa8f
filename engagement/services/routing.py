"""The routing side of the voting step: the priorities of a dialogue's statements, read from
its latest analysis snapshot (never computed on the vote path), and the draw among the
statements a participant may still answer. The metric and the draw live in
``engagement.analysis.routing``."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from engagement.actors import SystemActor
from engagement.analysis import routing
from engagement.disclosure.rules import effective_minimum
from engagement.models import (
    AnalysisSnapshot,
    Dialogue,
    DialogueStatus,
    Lineage,
    LineageKind,
    Participant,
    User,
    Vote,
)
from engagement.services import opinion
from engagement.services._lookup import acting, dialogue_by_id


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


def _remembered(cache: OrderedDict, key: tuple[int, str], load: Callable[[], Any]) -> Any:
    """What ``cache`` keeps for a snapshot's ``key`` (a snapshot never changes), else
    ``load()``, kept; beyond ``_CACHE_SIZE`` the least recently used go."""
    with _lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = load()
    with _lock:
        cache[key] = value
        while len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)
    return value


def _routing(session: Session, snapshot_id: int, fingerprint: str) -> SnapshotRouting | None:
    return _remembered(_cache, (snapshot_id, fingerprint), lambda: _load(session, snapshot_id))


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


# --- Renewing the snapshot routing follows ----------------------------------------------------
# Routing reads the newest snapshot; this makes a new one when routing.snapshot_due says the
# dialogue has grown enough since. Staff screens that refresh during a workshop call it (the
# room view, the live counts) and so does the `refresh-snapshots` command. Never a
# participant's request: the vote path only reads a snapshot, and must stay fast (an analysis
# holds SQLite's write lock while it writes the snapshot and a lineage row per voter).


@dataclass(frozen=True)
class Refresh:
    """What one refresh did. ``outcome``: "analysed" (``snapshot_id`` is the new snapshot),
    "not due", "busy" (this process is analysing the dialogue already: skipped, not waited
    for) or "not open". ``counted``: the voters the latest snapshot counted (0: none yet);
    ``voters``: those with a vote now (None when the dialogue is not open)."""

    outcome: str
    counted: int
    voters: int | None
    snapshot_id: int | None = None

    def describe(self) -> str:
        if self.outcome == "analysed":
            return (f"analysed: a new snapshot of {self.voters} voters (the last counted "
                    f"{self.counted})")
        if self.outcome == "not due":
            return f"not due: {self.voters} voters, the latest snapshot counted {self.counted}"
        if self.outcome == "busy":
            return "skipped: an analysis of this dialogue is running"
        return "not open: nothing to do"


# The analysis a refresh runs: the board's, less its stability check (20 bootstrap refits,
# about four fifths of the analysis at 3,000 participants), which routing never reads. Votes
# wait while an analysis holds SQLite's write lock, so the refresh does only what routing
# needs. Its params differ from the board's, so the dashboard and the brief never take such
# a snapshot for theirs (opinion.current_analysis), while routing follows the newest of both.
ROUTING_PARAMS = {**opinion.DEFAULT_PARAMS, "n_bootstrap": 0}

# Snapshot (id, fingerprint) -> the voters it counted; a snapshot's use never changes (a
# withdrawal deletes lineage rows but also makes the snapshot stale, so it is not read again).
_counted: OrderedDict[tuple[int, str], int] = OrderedDict()
# (database, dialogue id) -> held while this process analyses that dialogue.
_analysing: dict[tuple[str, int], threading.Lock] = {}


def _counted_by(session: Session, snapshot_id: int, fingerprint: str) -> int:
    """The voters a snapshot used: its lineage rows of votes (one per voter, written with
    it; an indexed count, once per snapshot per process) rather than parsing its result."""
    count = select(func.count(Lineage.id)).where(
        Lineage.output_kind == "snapshot", Lineage.output_id == snapshot_id,
        Lineage.contribution_kind == LineageKind.VOTES.value, Lineage.part == "opinion")
    return _remembered(_counted, (snapshot_id, fingerprint), lambda: session.exec(count).one())


def _voters(session: Session, dialogue_id: int) -> int:
    """The dialogue's participants with at least one vote (those an analysis would count):
    one index probe per participant, not a pass over the votes."""
    voted = select(Vote.id).where(Vote.participant_id == Participant.id).exists()
    return session.exec(select(func.count(Participant.id))
                        .where(Participant.dialogue_id == dialogue_id, voted)).one()


def _state(session: Session, dialogue_id: int) -> tuple[int, int]:
    latest = _latest_snapshot(session, dialogue_id)
    counted = 0 if latest is None else _counted_by(session, latest[0], latest[1])
    return counted, _voters(session, dialogue_id)


def _analysis_lock(session: Session, dialogue_id: int) -> threading.Lock:
    key = (str(session.get_bind().url), dialogue_id)  # str() hides a password
    with _lock:
        return _analysing.setdefault(key, threading.Lock())


def refresh_snapshot(*, session: Session, dialogue_id: int, by: User | SystemActor) -> Refresh:
    """Analyse the open dialogue's votes when routing's snapshot is due for renewal
    (``routing.snapshot_due`` of the voters the latest counted and the voters now);
    otherwise do nothing, for the price of three small queries. At most one analysis of a
    dialogue at a time in this process: while one runs, others skip instead of waiting."""
    by = acting(session, by, "view_board")
    if dialogue_by_id(session, dialogue_id).status != DialogueStatus.OPEN:
        return Refresh("not open", 0, None)
    counted, voters = _state(session, dialogue_id)
    if not routing.snapshot_due(counted, voters):
        return Refresh("not due", counted, voters)
    lock = _analysis_lock(session, dialogue_id)
    if not lock.acquire(blocking=False):
        return Refresh("busy", counted, voters)
    try:
        if not session.info.get("use_case_depth") and session.in_transaction():
            session.commit()  # end this read: see an analysis that ended since it began
        counted, voters = _state(session, dialogue_id)
        if not routing.snapshot_due(counted, voters):
            return Refresh("not due", counted, voters)
        snapshot = opinion.run_analysis(session=session, dialogue_id=dialogue_id,
                                        params=ROUTING_PARAMS, by=by)
    finally:
        lock.release()
    return Refresh("analysed", counted, voters, snapshot.id)
