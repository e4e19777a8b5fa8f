"""Opinion-group analysis of a dialogue's votes: load the vote matrix, run the pure analysis,
store it as a snapshot, reuse the snapshot while no vote has changed."""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlmodel import Session, col, func, select

from engagement import __version__, audit, lineage
from engagement.actors import SystemActor, actor_name
from engagement.columnar import VoteSums, read_rows, read_votes_and_sums, vote_columns
from engagement.db import transaction
from engagement.errors import Conflict, NotFound
from engagement.models import (
    AnalysisSnapshot,
    LineageKind,
    ModerationStatus,
    Participant,
    Statement,
    User,
    Vote,
    utcnow,
)
from engagement.services._lookup import acting, check_id, dialogue_by_id

if TYPE_CHECKING:
    from engagement.analysis.opinion import VoteMatrix

DEFAULT_PARAMS = {"seed": 0}
ANALYSIS_PACKAGE = "engagement.analysis.opinion"  # imported where used: see below


@dataclass(frozen=True)
class LoadedVotes:
    matrix: VoteMatrix
    moderated_out: tuple[int, ...]
    sums: VoteSums | None = None  # the votes' aggregates, when the read gave them (SQLite)


def votes_version(*, session: Session, dialogue_id: int, session_id: int | None = None) -> str:
    """A cheap aggregate that changes whenever a vote or a moderation decision changes."""
    return _version(session, dialogue_id, _vote_sums(session, dialogue_id, session_id))


def _vote_sums(session: Session, dialogue_id: int, session_id: int | None) -> VoteSums:
    votes = select(
        func.count(Vote.id), func.coalesce(func.sum(Vote.id), 0),
        func.coalesce(func.sum(Vote.value * Vote.id), 0), func.max(Vote.updated_at),
    ).where(Vote.dialogue_id == dialogue_id)
    if session_id is not None:
        votes = votes.join(Participant, Participant.id == Vote.participant_id).where(
            Participant.session_id == session_id
        )
    return VoteSums(*session.exec(votes).one())


def _version(session: Session, dialogue_id: int, sums: VoteSums) -> str:
    """The votes' aggregates (from their own query, or taken while reading them: the same
    text either way) and the statements' moderation, hashed."""
    statements = select(
        func.count(Statement.id), func.max(Statement.updated_at),
        func.sum(func.length(Statement.status) * Statement.id),
    ).where(Statement.dialogue_id == dialogue_id)
    parts = [sums.count, sums.id_sum, sums.value_id_sum, sums.last_change,
             *session.exec(statements).one()]
    return hashlib.sha256(repr([str(p) for p in parts]).encode()).hexdigest()


def load_votes(
    *, session: Session, dialogue_id: int, session_id: int | None = None,
    second_reader: bool = False,
) -> LoadedVotes:
    """The participant x statement matrix, straight from one query over the votes.

    The votes arrive as columns (``columnar``): no ORM object, Python datetime or even Python
    tuple per vote; on SQLite with the aggregates ``votes_version`` needs, taken in the same
    pass (``LoadedVotes.sums``). ``second_reader``: see ``columnar.read_votes_and_sums``
    (only from a use case's own, outermost SQLite transaction, before it writes; it also keeps
    the ranges read as vote blocks, which a read of the whole dialogue's votes reuses)."""
    query = select(*vote_columns(session)).where(Vote.dialogue_id == dialogue_id)
    if session_id is not None:
        query = query.join(Participant, Participant.id == Vote.participant_id).where(
            Participant.session_id == session_id
        )
    _start_importing_analysis()
    (pids, sids, values, first_at), sums = read_votes_and_sums(
        session, query, second_reader=second_reader,
        blocks_of=dialogue_id if session_id is None else None)  # blocks: the whole dialogue
    from engagement.analysis.opinion import VoteMatrix  # waits for that import if need be
    from engagement.analysis.opinion.matrix import among, distinct

    statements = session.exec(
        select(Statement.id, Statement.status, Statement.created_at)
        .where(
            Statement.dialogue_id == dialogue_id,
            col(Statement.status).in_([ModerationStatus.ACCEPTED, ModerationStatus.REJECTED]),
        )
        .order_by(Statement.id)
    ).all()
    statement_keys = [s.id for s in statements]
    keep = among(sids, statement_keys)  # only decided statements
    if not keep.all():
        pids_kept, sids, values, first_at = pids[keep], sids[keep], values[keep], first_at[keep]
    else:
        pids_kept = pids
    matrix = VoteMatrix.from_records(
        pids_kept,
        sids,
        values,
        first_at,
        participant_keys=distinct(pids),  # every voter, also of undecided statements only
        statement_keys=statement_keys,
        statement_created={s.id: s.created_at.timestamp() for s in statements},
    )
    moderated_out = tuple(s.id for s in statements if s.status == ModerationStatus.REJECTED)
    return LoadedVotes(matrix=matrix, moderated_out=moderated_out, sums=sums)


def _start_importing_analysis() -> None:
    """Import the analysis package (numpy, scipy, scikit-learn: about 1.5 s of CPU in a fresh
    process such as the ``analyse`` command) in a thread, while this one reads the votes.
    SQLite leaves Python's global lock while it runs the read's query, so on two cores the
    import and the read overlap; an import Python already holds, or has begun, is not started
    again (its lock makes the reader wait for the end of it)."""
    if ANALYSIS_PACKAGE not in sys.modules:
        threading.Thread(target=_import_quietly, name="import the analysis", daemon=True).start()


def _import_quietly() -> None:
    try:
        importlib.import_module(ANALYSIS_PACKAGE)
    except Exception:  # noqa: BLE001 - the reader's own import raises it again, in its thread
        return


def fingerprint(loaded: LoadedVotes) -> str:
    m = loaded.matrix.votes
    digest = hashlib.sha256()
    for part in (
        np.asarray(loaded.matrix.participant_keys, dtype=np.int64),
        np.asarray(loaded.matrix.statement_keys, dtype=np.int64),
        m.indptr.astype(np.int64), m.indices.astype(np.int64), m.data.astype(np.int8),
        np.asarray(loaded.moderated_out, dtype=np.int64),
    ):
        digest.update(part.tobytes())
        digest.update(b"|")
    return digest.hexdigest()


def _latest(session: Session, dialogue_id: int, session_id: int | None):
    """The newest current snapshot made with the board's parameters (routing's own, made
    without the stability check, are never the board's)."""
    query = select(AnalysisSnapshot).where(
        AnalysisSnapshot.dialogue_id == dialogue_id,
        AnalysisSnapshot.kind == "opinion",
        AnalysisSnapshot.stale == False,  # noqa: E712
        AnalysisSnapshot.params == json.dumps(DEFAULT_PARAMS, sort_keys=True),
    )
    query = query.where(
        AnalysisSnapshot.session_id == session_id
        if session_id is not None
        else AnalysisSnapshot.session_id.is_(None)
    )
    return session.exec(query.order_by(col(AnalysisSnapshot.id).desc()).limit(1)).first()


def run_analysis(
    *,
    session: Session,
    dialogue_id: int,
    session_id: int | None = None,
    params: dict | None = None,
    by: User | SystemActor,
) -> AnalysisSnapshot:
    """Analyse now and store the result as a new snapshot."""
    by = acting(session, by, "view_board")
    params = {**DEFAULT_PARAMS, **(params or {})}
    with transaction(session):
        dialogue_by_id(session, dialogue_id)
        # this use case's own transaction (not one it joined): on SQLite it holds the write
        # lock and has written nothing, so a second connection may share the read
        own = session.info.get("use_case_depth") == 1
        loaded = load_votes(session=session, dialogue_id=dialogue_id, session_id=session_id,
                            second_reader=own)
        version = _version(session, dialogue_id,
                           loaded.sums or _vote_sums(session, dialogue_id, session_id))
        from engagement.analysis.opinion import analyse

        result = analyse(loaded.matrix, moderated_out=loaded.moderated_out, **params)
        snapshot = AnalysisSnapshot(
            dialogue_id=dialogue_id,
            session_id=session_id,
            params=json.dumps(params, sort_keys=True),
            votes_version=version,
            fingerprint=fingerprint(loaded),
            code_version=__version__,
            result=json.dumps(result.to_dict(include_participants=True)),
            created_by=actor_name(by),
        )
        session.add(snapshot)
        session.flush()
        _record_uses(session, dialogue_id, snapshot.id, loaded)
    return snapshot


def _record_uses(session: Session, dialogue_id: int, snapshot_id: int,
                 loaded: LoadedVotes) -> None:
    """What a snapshot used: every voter's votes (by participant), then the participants'
    statements it analysed."""
    lineage.record_participants(session, dialogue_id=dialogue_id, output_kind="snapshot",
                                output_id=snapshot_id, kind=LineageKind.VOTES, part="opinion",
                                participant_ids=loaded.matrix.participant_keys)
    keys = [int(k) for k in loaded.matrix.statement_keys]
    if keys:
        lineage.record(session, dialogue_id=dialogue_id, output_kind="snapshot",
                       output_id=snapshot_id, uses=[
                           lineage.Use(LineageKind.STATEMENT, author, sid, part="opinion")
                           for sid, author in session.exec(
                               select(Statement.id, Statement.author_participant_id).where(
                                   col(Statement.id).in_(keys),
                                   Statement.author_participant_id.is_not(None)))])


def current_analysis(
    *, session: Session, dialogue_id: int, session_id: int | None = None,
    by: User | SystemActor,
) -> AnalysisSnapshot:
    """The latest snapshot while no vote has changed since it; otherwise a fresh one."""
    by = acting(session, by, "view_board")
    latest = _latest(session, dialogue_id, session_id)
    if latest is not None:
        now = votes_version(session=session, dialogue_id=dialogue_id, session_id=session_id)
        if latest.votes_version == now:
            return latest
    return run_analysis(session=session, dialogue_id=dialogue_id, session_id=session_id, by=by)


def publish_snapshot(
    *, session: Session, snapshot_id: int, by: User | SystemActor
) -> AnalysisSnapshot:
    """Freeze a snapshot for reporting; from then on it never changes."""
    by = actor_name(acting(session, by, "facilitate"))
    with transaction(session):
        snapshot = session.get(AnalysisSnapshot, check_id(snapshot_id, "snapshot"))
        if snapshot is None:
            raise NotFound("That analysis snapshot does not exist.")
        if snapshot.published_at is not None:
            raise Conflict("This snapshot is already published and cannot change.")
        snapshot.published_at, snapshot.published_by = utcnow(), by
        session.add(snapshot)
        audit.record(session, actor=by, action="snapshot.published", object_type="snapshot",
                     object_id=snapshot.id, dialogue_id=snapshot.dialogue_id,
                     detail={"fingerprint": snapshot.fingerprint})
    return snapshot


def snapshot_result(snapshot: AnalysisSnapshot) -> dict:
    return json.loads(snapshot.result)


def _statement_labels(session: Session, dialogue_id: int) -> dict[int, dict]:
    rows = session.exec(
        select(
            Statement.id,
            Statement.external_id,
            func.coalesce(Statement.redacted_text, Statement.text),
        ).where(Statement.dialogue_id == dialogue_id)
    ).all()
    return {sid: {"statement_id": sid, "external_id": ext, "text": text} for sid, ext, text in rows}


def describe(*, session: Session, snapshot: AnalysisSnapshot, by: User | SystemActor) -> dict:
    """The snapshot as one JSON-ready object: participants by their public key (the external
    id when imported, else the pseudonym) and statements with their ids and text."""
    acting(session, by, "view_board")
    result = snapshot_result(snapshot)
    keys = dict(read_rows(session, (  # 100,000 participants: the driver's tuples
        select(Participant.id, func.coalesce(Participant.external_id, Participant.pseudonym))
        .where(Participant.dialogue_id == snapshot.dialogue_id)
    )))
    statements = _statement_labels(session, snapshot.dialogue_id)

    def with_statement(item: dict) -> dict:
        return {**statements.get(item["statement_key"], {}), **item}

    return {
        "snapshot_id": snapshot.id,
        "fingerprint": snapshot.fingerprint,
        "k": result["k"],
        "n_participants": result["n_participants"],
        "n_clustered": result["n_clustered"],
        "group_sizes": result["group_sizes"],
        "groups": {
            str(keys.get(p["key"], p["key"])): p["group"]
            for p in result.get("participants", [])
            if p["group"] >= 0
        },
        "representative": {
            str(g["id"]): [with_statement(r) for r in g["representative"]]
            for g in result["groups"]
        },
        "consensus": [with_statement(c) for c in result["consensus"]],
        "divisive": [with_statement(d) for d in result["divisive"]],
        "stability": result["stability"],
        "params": result["params"],
        "seconds": result["seconds"],
    }
