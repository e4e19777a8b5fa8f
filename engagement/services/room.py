"""The live room view: what a workshop's screen shows while people join and vote. Everything
here is for the public in the room, so every figure passes the disclosure gate (one Release
for the screen) and the only participant words are accepted statements' public text.

It reads the raw vote tallies (one grouped query), not an analysis snapshot: the room wants
where it stands now, every few seconds, and running the opinion analysis that often would be
too heavy. "Divides" therefore means the room splits between agreeing and disagreeing, not
that opinion groups differ (that is the board's dashboard).

Its refresh is also when statement routing's snapshot is renewed (``routing.refresh_snapshot``:
an analysis once the voters have grown by at least 10 and 10 % since the last): a workshop's
arrivals come while this screen is up, and the vote path itself never analyses."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session, case, func, select

from engagement.disclosure import Release, is_reportable, vote_shares
from engagement.errors import InvalidInput
from engagement.models import (
    DialogueStatus,
    ModerationStatus,
    Participant,
    Statement,
    User,
    Vote,
    VoteValue,
)
from engagement.qr import qr_png
from engagement.services import routing
from engagement.services._lookup import acting, dialogue_by_id
from engagement.services.participation import public_text

PUBLIC_URL_VARIABLE = "ENGAGEMENT_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"
SHOWN = 3  # statements per list: what a room can read at a glance
SPLIT = 25.0  # a statement divides the room when at least this % agreed and this % disagreed


@dataclass(frozen=True)
class RoomStatement:
    text: str
    agree_pct: int
    disagree_pct: int


@dataclass(frozen=True)
class RoomView:
    title: str
    join_code: str
    join_url: str
    qr_png: bytes
    taking_part: bool  # the dialogue is open: people can join now
    minimum: int
    people: int | None  # joined and not withdrawn; None: not shown
    votes: int | None  # None while too few people have voted
    agreed: tuple[RoomStatement, ...]
    divided: tuple[RoomStatement, ...]


def join_url(join_code: str) -> str:
    """The participant page with the code filled in, at the address people reach the app by
    (ENGAGEMENT_PUBLIC_URL; pages/participate.py reads ``?join=``)."""
    base = os.environ.get(PUBLIC_URL_VARIABLE, "").strip() or DEFAULT_PUBLIC_URL
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment:
        raise InvalidInput(f"{PUBLIC_URL_VARIABLE} must be a web address such as "
                           "https://dialogue.example.org, without ? or #.")
    return f"{base.rstrip('/')}/?{urlencode({'join': join_code})}"


def _tallies(session: Session, dialogue_id: int) -> list[tuple[Statement, int, int, int]]:
    """Accepted statements with their agree, disagree and all votes (people still taking part)."""
    agree = func.sum(case((Vote.value == VoteValue.AGREE, 1), else_=0))
    disagree = func.sum(case((Vote.value == VoteValue.DISAGREE, 1), else_=0))
    rows = session.exec(
        select(Statement, agree, disagree, func.count(Vote.id))
        .join(Vote, Vote.statement_id == Statement.id)
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Statement.dialogue_id == dialogue_id,
               Statement.status == ModerationStatus.ACCEPTED,
               Participant.withdrawn_at.is_(None))
        .group_by(Statement.id)
        .order_by(Statement.id)
    ).all()
    return [(s, int(a or 0), int(d or 0), int(n)) for s, a, d, n in rows]


def _statements(tallies, minimum: int) -> tuple[tuple[RoomStatement, ...], ...]:
    """The statements the room agrees on most and those it divides on most. A statement's
    shares are shown only when at least the minimum voted on it and no share stands for
    1 to minimum - 1 people (vote_shares)."""
    rated = []
    for statement, n_agree, n_disagree, n_seen in tallies:
        if n_seen < minimum:
            continue
        agree, disagree = vote_shares(n_agree, n_disagree, n_seen, minimum=minimum)
        if agree is not None and disagree is not None:
            rated.append((statement.id, RoomStatement(public_text(statement), round(agree),
                                                      round(disagree)), agree, disagree))
    divided = sorted((r for r in rated if min(r[2], r[3]) >= SPLIT),
                     key=lambda r: (-min(r[2], r[3]), r[0]))[:SHOWN]
    split = {r[0] for r in divided}
    agreed = sorted((r for r in rated if r[0] not in split and r[2] > 50),
                    key=lambda r: (-r[2], r[0]))[:SHOWN]
    return tuple(r[1] for r in agreed), tuple(r[1] for r in divided)


def room_view(*, session: Session, dialogue_id: int, by: User) -> RoomView:
    """The room's screen for one dialogue, as the public in the room may see it."""
    acting(session, by, "facilitate")
    dialogue = dialogue_by_id(session, dialogue_id)
    url = join_url(dialogue.join_code)  # a bad setting is refused before anything is written
    routing.refresh_snapshot(session=session, dialogue_id=dialogue_id, by=by)  # when due
    release = Release(dialogue.min_reporting_size)
    active = Participant.withdrawn_at.is_(None)
    joined = session.exec(select(func.count(Participant.id))
                          .where(Participant.dialogue_id == dialogue_id, active)).one()
    votes, voters = session.exec(
        select(func.count(Vote.id), func.count(func.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.dialogue_id == dialogue_id, active)).one()
    # Votes are not people, but three votes tell of at most three voters.
    shown_votes = votes if is_reportable(voters, release.minimum) else None
    agreed, divided = _statements(_tallies(session, dialogue_id), release.minimum)
    return RoomView(
        title=dialogue.title,
        join_code=dialogue.join_code,
        join_url=url,
        qr_png=qr_png(url),
        taking_part=dialogue.status == DialogueStatus.OPEN,
        minimum=release.minimum,
        people=release.count(joined),
        votes=shown_votes,
        agreed=agreed,
        divided=divided,
    )
