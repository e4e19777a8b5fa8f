"""Contract of the vote adapter (engagement/vote_store.py) on SQLite and PostgreSQL: the compiled
statement gives what the plain ORM path gives, and refuses what it refuses; the use case
``cast_vote`` says why, and changes nothing when it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, func, select

from engagement import vote_store
from engagement.db import new_session, transaction
from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import (
    Consent,
    Dialogue,
    DialogueStatus,
    JourneyStep,
    ModerationStatus,
    Participant,
    Statement,
    Vote,
    utcnow,
)
from engagement.services import dialogues, participation

UNKNOWN = 987_654


def orm_write_vote(session, *, participant_id, statement_id, value):
    """The plain ORM path: the rules of vote_store's docstring, one query at a time."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.withdrawn_at is not None:
        return None
    dialogue = session.get(Dialogue, participant.dialogue_id)
    consent = session.exec(select(Consent).where(Consent.participant_id == participant_id)
                           .order_by(col(Consent.id).desc())).first()
    if consent is None or not consent.report or consent.version < dialogue.consent_version:
        return None
    statement = session.get(Statement, statement_id)
    if (statement is None or statement.dialogue_id != dialogue.id
            or statement.status != ModerationStatus.ACCEPTED
            or dialogue.status != DialogueStatus.OPEN):
        return None
    now = utcnow()
    vote = session.exec(select(Vote).where(Vote.participant_id == participant_id,
                                           Vote.statement_id == statement_id)).first()
    vote = vote or Vote(participant_id=participant_id, statement_id=statement_id,
                        dialogue_id=dialogue.id, value=value, created_at=now)
    vote.value, vote.updated_at = value, now
    session.add(vote)
    if participant.step in vote_store.BEFORE_VOTING:
        participant.step = JourneyStep.VOTING
        session.add(participant)
    session.flush()
    return vote


def _joined(session, *, consent=True) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    if consent:
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
    return pid


def _first_statement(session, dialogue_id) -> int:
    return session.exec(select(Statement.id).where(Statement.dialogue_id == dialogue_id)
                        .order_by(Statement.id)).first()


def _change(session, row, **values):
    row = session.get(type(row), row.id)
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()


def _another_dialogues_statement(session, facilitator) -> int:
    other = dialogues.create_dialogue(session=session, slug="other", template="blank",
                                      join_code="OTHER1", by=facilitator)
    return dialogues.add_seed_statement(session=session, dialogue_id=other.id,
                                        text="Elsewhere", by=facilitator).id


# Each case: what is done to the two participants (or to their dialogue) before they vote, and
# the statement they vote on. Returns that statement's id.
def _accepted(session, ctx, pids):
    return ctx["sid"]


def _voted_before(session, ctx, pids):
    for pid in pids:
        participation.cast_vote(session=session, participant_id=pid, statement_id=ctx["sid"],
                                value="disagree")
    return ctx["sid"]


def _past_voting(session, ctx, pids):
    for pid in pids:
        _change(session, session.get(Participant, pid), step=JourneyStep.DONE)
    return ctx["sid"]


def _withdrawn(session, ctx, pids):
    for pid in pids:
        _change(session, session.get(Participant, pid), withdrawn_at=utcnow())
    return ctx["sid"]


def _no_consent(session, ctx, pids):
    for pid in pids:
        for consent in session.exec(select(Consent).where(Consent.participant_id == pid)):
            session.delete(consent)
    session.commit()
    return ctx["sid"]


def _consent_without_report(session, ctx, pids):
    for pid in pids:  # a later record (the latest counts) that does not cover the report
        session.add(Consent(participant_id=pid, version=1, report=False, quote=False,
                            notify=False, given_at=utcnow() + timedelta(seconds=1)))
    session.commit()
    return ctx["sid"]


def _consent_outdated(session, ctx, pids):
    dialogue = ctx["dialogue"]
    _change(session, dialogue, consent_version=session.get(Dialogue, dialogue.id)
            .consent_version + 1)
    return ctx["sid"]


def _dialogue_closed(session, ctx, pids):
    _change(session, ctx["dialogue"], status=DialogueStatus.CLOSED)
    return ctx["sid"]


def _statement_pending(session, ctx, pids):
    _change(session, session.get(Statement, ctx["sid"]), status=ModerationStatus.PENDING)
    return ctx["sid"]


def _statement_rejected(session, ctx, pids):
    _change(session, session.get(Statement, ctx["sid"]), status=ModerationStatus.REJECTED)
    return ctx["sid"]


def _unknown_statement(session, ctx, pids):
    return UNKNOWN


def _other_dialogues_statement(session, ctx, pids):
    return _another_dialogues_statement(session, ctx["facilitator"])


# case -> the error cast_vote raises (None: the vote is recorded)
CASES = {
    "accepted": (_accepted, None),
    "voted before": (_voted_before, None),
    "past voting": (_past_voting, None),
    "withdrawn": (_withdrawn, NotFound),
    "no consent": (_no_consent, Conflict),
    "consent without report": (_consent_without_report, Conflict),
    "consent outdated": (_consent_outdated, Conflict),
    "dialogue closed": (_dialogue_closed, Conflict),
    "statement pending": (_statement_pending, Conflict),
    "statement rejected": (_statement_rejected, Conflict),
    "unknown statement": (_unknown_statement, NotFound),
    "other dialogue's statement": (_other_dialogues_statement, NotFound),
}


def _outcome(session, vote, pid):
    """What a path did, in terms both paths share (ids differ between participants)."""
    session.commit()  # a fresh read: the write was made by another session
    session.expire_all()
    stored = session.exec(select(Vote).where(Vote.participant_id == pid)).all()
    step = session.get(Participant, pid).step
    if vote is None:
        return ("refused", step, sorted((v.statement_id, v.value) for v in stored))
    row = session.get(Vote, vote.id)
    returned = (vote.statement_id, vote.dialogue_id, vote.value, vote.participant_id == pid)
    return ("written", returned,
            (row.statement_id, row.dialogue_id, row.value, row.created_at == vote.created_at,
             row.updated_at == vote.updated_at, vote.created_at.tzinfo is not None),
            step, len(stored))


@pytest.mark.parametrize("case", list(CASES))
def test_compiled_vote_gives_what_the_orm_path_gives(session, open_dialogue, facilitator, case):
    prepare, _ = CASES[case]
    consent = case != "no consent"
    store_pid = _joined(session, consent=consent)
    orm_pid = _joined(session, consent=consent)
    ctx = {"dialogue": open_dialogue, "facilitator": facilitator,
           "sid": _first_statement(session, open_dialogue.id)}
    statement_id = prepare(session, ctx, [store_pid, orm_pid])
    outcomes = []
    for write, pid in ((vote_store.write_vote, store_pid), (orm_write_vote, orm_pid)):
        with new_session(session.get_bind()) as own, transaction(own):
            vote = write(own, participant_id=pid, statement_id=statement_id, value=1)
        outcomes.append(_outcome(session, vote, pid))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == ("refused" if CASES[case][1] else "written")


def test_unknown_participant_is_refused_by_both_paths(session, open_dialogue):
    sid = _first_statement(session, open_dialogue.id)
    for write in (vote_store.write_vote, orm_write_vote):
        with transaction(session):
            assert write(session, participant_id=UNKNOWN, statement_id=sid, value=1) is None
    assert session.exec(select(func.count(Vote.id))).one() == 0


@pytest.mark.parametrize("case", [c for c, (_, error) in CASES.items() if error])
def test_cast_vote_refuses_with_the_reason_and_changes_nothing(session, open_dialogue,
                                                               facilitator, case):
    prepare, error = CASES[case]
    pid = _joined(session, consent=case != "no consent")
    ctx = {"dialogue": open_dialogue, "facilitator": facilitator,
           "sid": _first_statement(session, open_dialogue.id)}
    statement_id = prepare(session, ctx, [pid])
    step = session.get(Participant, pid).step
    with pytest.raises(error):
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement_id,
                                value="agree")
    session.expire_all()
    assert session.exec(select(func.count(Vote.id))).one() == 0
    assert session.get(Participant, pid).step == step


@pytest.mark.parametrize("value", ["maybe", 2, -2, True, None, "Agree", "1"])
def test_a_bad_vote_value_is_refused_before_the_database(session, open_dialogue, value):
    pid = _joined(session)
    sid = _first_statement(session, open_dialogue.id)
    with pytest.raises(InvalidInput):
        participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                value=value)
    assert session.exec(select(func.count(Vote.id))).one() == 0


@pytest.mark.parametrize("ids", [(0, 1), (1, 0), ("1", 1), (1, -5), (None, 1)])
def test_bad_ids_are_refused(session, open_dialogue, ids):
    with pytest.raises(NotFound):
        participation.cast_vote(session=session, participant_id=ids[0], statement_id=ids[1],
                                value="agree")


def test_objects_the_session_holds_follow_the_write(session, open_dialogue):
    pid = _joined(session)
    sid = _first_statement(session, open_dialogue.id)
    participant = session.get(Participant, pid)
    assert participant.step == JourneyStep.BRIEFING
    first = participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value="agree")
    assert participant.step == JourneyStep.VOTING  # the object held, not only the row
    held = session.get(Vote, first.id)
    again = participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value="disagree")
    assert again.id == first.id and held.value == -1 and again.value == -1
    assert session.exec(select(func.count(Vote.id))).one() == 1


def test_a_vote_inside_a_larger_use_case_rolls_back_with_it(session, open_dialogue):
    """A caller's use case (e.g. reviewing one's answers) owns the transaction: on PostgreSQL
    the vote must not commit on its own (autocommit) when it is not the whole use case."""
    pid = _joined(session)
    sid = _first_statement(session, open_dialogue.id)
    with pytest.raises(RuntimeError), transaction(session):
        participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                value="agree")
        raise RuntimeError("the larger use case fails after the vote")
    session.expire_all()
    assert session.exec(select(func.count(Vote.id))).one() == 0
    assert session.get(Participant, pid).step == JourneyStep.BRIEFING
