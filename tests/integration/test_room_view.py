"""The room's screen (services/room.py): what a workshop's public sees while it votes. Small
dialogues near the minimum, on SQLite and PostgreSQL: no count of people below the minimum,
no two counts that differ by 1 to minimum - 1, no statement share that stands for a few
people, and no participant text but accepted statements' public (redacted) text."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from engagement.models import Participant, Statement, Vote
from engagement.services.room import RoomView, room_view
from tests.integration.test_disclosure_property import assert_disclosed, people_counts
from tests.support.small_dialogues import Plan, build, staff

# Sizes near the minimum: below it, at it, just above, and uneven sessions with withdrawals.
PLANS = [
    Plan(minimum=5, sessions={"Room": 4}),
    Plan(minimum=5, sessions={"Room": 5}, vote_share=1.0),
    Plan(minimum=5, sessions={"Room": 6}, seed=3),
    Plan(minimum=5, sessions={"Room": 7, "Online": 2}, withdrawn=1, seed=7),
    Plan(minimum=8, sessions={"Room": 9}, vote_share=0.7, seed=11),
    Plan(minimum=10, sessions={"Room": 11, "Online": 4}, camps=3, seed=5, withdrawn=2),
    Plan(minimum=6, sessions={"Room": 13}, camps=1, vote_share=1.0, seed=2),
    Plan(minimum=5, sessions={"Room": 24}, camps=2, statements=8, seed=9),
]


def shown_counts(view: RoomView) -> list[int]:
    """Counts of people in the view; votes are not people but are checked beside them."""
    return people_counts(view)


def tallies(session, dialogue_id: int) -> dict[str, tuple[int, int, int]]:
    """The real agree, disagree and all votes per statement text, from the database."""
    out: dict[str, list[int]] = {}
    for statement, vote in session.exec(
            select(Statement, Vote).join(Vote, Vote.statement_id == Statement.id)
            .where(Statement.dialogue_id == dialogue_id)):
        row = out.setdefault(statement.text, [0, 0, 0])
        row[0] += vote.value == 1
        row[1] += vote.value == -1
        row[2] += 1
    return {k: tuple(v) for k, v in out.items()}


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"min{p.minimum}-{sum(p.sessions.values())}")
def test_the_room_screen_never_shows_a_small_count_or_a_small_share(session, plan):
    dialogue = build(session, plan)
    view = room_view(session=session, dialogue_id=dialogue.id,
                     by=staff(session, "facilitator", "fran"))
    counts = shown_counts(view)
    assert_disclosed("room screen", counts, plan.minimum)
    voters = len({v.participant_id for v in session.exec(
        select(Vote).where(Vote.dialogue_id == dialogue.id))})
    if voters < plan.minimum:
        assert view.votes is None and not view.agreed and not view.divided
    real = tallies(session, dialogue.id)
    listed = view.agreed + view.divided
    for item in listed:
        n_agree, n_disagree, n_seen = real[item.text]
        assert n_seen >= plan.minimum
        for part in (n_agree, n_disagree, n_seen - n_agree - n_disagree):
            assert part == 0 or part >= plan.minimum, (item, real[item.text])
        assert item.agree_pct == round(100 * n_agree / n_seen)
    joined = sum(plan.sessions.values()) - plan.withdrawn
    assert view.people == (joined if joined >= plan.minimum else None)


def test_plans_near_the_minimum_show_something(session):
    """The plans above are not vacuous: the larger ones show people, votes and statements."""
    plan = PLANS[-1]
    dialogue = build(session, plan)
    view = room_view(session=session, dialogue_id=dialogue.id,
                     by=staff(session, "facilitator", "fran"))
    assert view.people == 24 and view.votes is not None and view.votes >= 24
    assert view.agreed or view.divided


def test_votes_of_too_few_voters_are_not_shown(session):
    dialogue = build(session, Plan(minimum=5, sessions={"Room": 9}, vote_share=1.0))
    fran = staff(session, "facilitator", "fran")
    people = session.exec(select(Participant).where(Participant.dialogue_id == dialogue.id)
                          .order_by(Participant.id)).all()
    for p in people[4:]:  # four voters stay: 9 people joined, their votes tell of 4 voters
        for vote in session.exec(select(Vote).where(Vote.participant_id == p.id)):
            session.delete(vote)
    session.commit()
    view = room_view(session=session, dialogue_id=dialogue.id, by=fran)
    assert view.people == 9
    assert view.votes is None
    assert not view.agreed and not view.divided


def _text_of(view: RoomView) -> str:
    data = dataclasses.asdict(view)
    data.pop("qr_png")
    return repr(data)


def test_only_accepted_statements_public_text_reaches_the_room(session):
    plan = Plan(minimum=5, sessions={"Room": 12}, camps=1, vote_share=1.0, seed=4)
    dialogue = build(session, plan)
    fran = staff(session, "facilitator", "fran")
    people = session.exec(select(Participant).where(Participant.dialogue_id == dialogue.id)
                          .order_by(Participant.id)).all()
    author = people[0]
    written = {
        "accepted": Statement(dialogue_id=dialogue.id, text="Ring Jo Bloggs on 07700 900123",
                              normalised="ring jo", redacted_text="Ring [name] on [phone]",
                              origin="participant", author_participant_id=author.id,
                              status="accepted"),
        "pending": Statement(dialogue_id=dialogue.id, text="Pending words of Sam",
                             normalised="pending", origin="participant",
                             author_participant_id=author.id, status="pending"),
        "rejected": Statement(dialogue_id=dialogue.id, text="Rejected words of Kim",
                              normalised="rejected", origin="participant",
                              author_participant_id=author.id, status="rejected"),
    }
    session.add_all(written.values())
    session.flush()
    # By accident, every one of them has the whole room agreeing (the most agreed of all).
    for statement in written.values():
        session.add_all(Vote(participant_id=p.id, statement_id=statement.id,
                             dialogue_id=dialogue.id, value=1) for p in people)
    session.commit()
    view = room_view(session=session, dialogue_id=dialogue.id, by=fran)
    text = _text_of(view)
    assert "Ring [name] on [phone]" in [s.text for s in view.agreed]
    for secret in ("Jo Bloggs", "07700", "Pending words", "Rejected words"):
        assert secret not in text
    pseudonyms = [p.pseudonym for p in people]
    assert pseudonyms and not any(p in text for p in pseudonyms)
    seeds = {s.text for s in session.exec(select(Statement).where(
        Statement.dialogue_id == dialogue.id, Statement.origin == "seed"))}
    assert {s.text for s in view.agreed + view.divided} <= seeds | {"Ring [name] on [phone]"}
