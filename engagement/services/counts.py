"""Live participation counts for facilitators, per dialogue and per session: the raw counts
(for operators and tests) and the view the page shows, through the disclosure gate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from engagement.disclosure import (
    Release,
    shown,  # noqa: F401 (pages read it here: a count held back)
    suppress_cells,
)
from engagement.models import (
    DialogueSession,
    ModerationStatus,
    Participant,
    Position,
    PositionStage,
    Statement,
    User,
    Vote,
)
from engagement.services import routing
from engagement.services._lookup import acting, dialogue_by_id


@dataclass(frozen=True)
class Counts:
    label: str
    participants: int
    withdrawn: int
    votes: int
    statements_pending: int
    positions_before: int
    positions_after: int


def _count_by_session(session: Session, query) -> dict[int | None, int]:
    return {key: n for key, n in session.exec(query)}


def live_counts(*, session: Session, dialogue_id: int, by: User) -> list[Counts]:
    """One row per session plus a first row for the whole dialogue (five grouped queries)."""
    acting(session, by, "view_counts")
    p = Participant
    active = p.withdrawn_at.is_(None)
    participants = _count_by_session(
        session,
        select(p.session_id, func.count(p.id))
        .where(p.dialogue_id == dialogue_id, active)
        .group_by(p.session_id),
    )
    withdrawn = _count_by_session(
        session,
        select(p.session_id, func.count(p.id))
        .where(p.dialogue_id == dialogue_id, p.withdrawn_at.is_not(None))
        .group_by(p.session_id),
    )
    votes = _count_by_session(
        session,
        select(p.session_id, func.count(Vote.id))
        .join(p, p.id == Vote.participant_id)
        .where(Vote.dialogue_id == dialogue_id)
        .group_by(p.session_id),
    )
    pending = _count_by_session(
        session,
        select(p.session_id, func.count(Statement.id))
        .join(p, p.id == Statement.author_participant_id)
        .where(
            Statement.dialogue_id == dialogue_id,
            Statement.status == ModerationStatus.PENDING,
        )
        .group_by(p.session_id),
    )
    positions = {
        (sid, stage): n
        for sid, stage, n in session.exec(
            select(p.session_id, Position.stage, func.count(Position.id))
            .join(p, p.id == Position.participant_id)
            .where(Position.dialogue_id == dialogue_id)
            .group_by(p.session_id, Position.stage)
        )
    }
    sessions = session.exec(
        select(DialogueSession.id, DialogueSession.name)
        .where(DialogueSession.dialogue_id == dialogue_id)
        .order_by(DialogueSession.id)
    ).all()
    keys = [(sid, name) for sid, name in sessions]
    position_sessions = {sid for sid, _stage in positions}
    if None in set(participants) | set(withdrawn) | set(votes) | set(pending) | position_sessions:
        keys.append((None, "No session chosen"))

    def row(label: str, pick) -> Counts:
        return Counts(
            label=label,
            participants=pick(participants),
            withdrawn=pick(withdrawn),
            votes=pick(votes),
            statements_pending=pick(pending),
            positions_before=pick(
                {k: n for (k, s), n in positions.items() if s == PositionStage.PRE}
            ),
            positions_after=pick(
                {k: n for (k, s), n in positions.items() if s == PositionStage.POST}
            ),
        )

    rows = [row("Whole dialogue", lambda d: sum(d.values()))]
    rows += [row(name, lambda d, sid=sid: d.get(sid, 0)) for sid, name in keys]
    return rows


@dataclass(frozen=True)
class DailyActivity:
    day: str
    votes: int
    voters: int


def participation_over_time(
    *, session: Session, dialogue_id: int, session_id: int | None = None, by: User
) -> list[DailyActivity]:
    """Votes and distinct voters per day (by the day of each current vote's first casting)."""
    acting(session, by, "view_board")
    day = func.date(Vote.created_at)
    query = select(day, func.count(Vote.id), func.count(func.distinct(Vote.participant_id))).where(
        Vote.dialogue_id == dialogue_id
    )
    if session_id is not None:
        query = query.join(Participant, Participant.id == Vote.participant_id).where(
            Participant.session_id == session_id
        )
    rows = session.exec(query.group_by(day).order_by(day)).all()
    return [DailyActivity(day=str(d), votes=v, voters=n) for d, v, n in rows]


@dataclass(frozen=True)
class LiveRow:
    """One row of the live counts as the page may show it: counts of people are None when
    the disclosure rules hold them back; votes and statements are not people."""

    label: str
    participants: int | None
    withdrawn: int | None
    votes: int
    statements_pending: int | None
    positions_before: int | None
    positions_after: int | None


@dataclass(frozen=True)
class LiveView:
    minimum: int
    whole: LiveRow
    sessions: tuple[LiveRow, ...]


PEOPLE_COLUMNS = ("participants", "withdrawn", "positions_before", "positions_after")


def live_view(*, session: Session, dialogue_id: int, by: User) -> LiveView:
    """The live counts through the disclosure gate: one Release for the page, the whole
    dialogue's count of each kind first, then that kind per session (a table with its
    total)."""
    by = acting(session, by, "view_counts")
    # The page refreshes every 10 s while people join: routing's snapshot is renewed when due.
    routing.refresh_snapshot(session=session, dialogue_id=dialogue_id, by=by)
    release = Release(dialogue_by_id(session, dialogue_id).min_reporting_size)
    rows = live_counts(session=session, dialogue_id=dialogue_id, by=by)
    whole, parts = rows[0], rows[1:]
    released: dict[str, tuple[int | None, dict]] = {}
    for column in PEOPLE_COLUMNS:
        total = release.count(getattr(whole, column))
        released[column] = (total, release.cells({r.label: getattr(r, column) for r in parts},
                                              with_total=total is not None))
    # Pending statements are not people, but a session's few statements tell of few authors.
    pending = suppress_cells({r.label: r.statements_pending for r in parts},
                             minimum=release.minimum)

    def row(r: Counts, pick) -> LiveRow:
        return LiveRow(r.label, *(pick(c) for c in PEOPLE_COLUMNS[:2]), r.votes,
                       whole.statements_pending if r is whole else pending[r.label],
                       *(pick(c) for c in PEOPLE_COLUMNS[2:]))

    return LiveView(
        release.minimum,
        row(whole, lambda c: released[c][0]),
        tuple(row(r, lambda c, r=r: released[c][1][r.label]) for r in parts),
    )
