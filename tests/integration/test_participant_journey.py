"""The participant journey through the service layer, on a real (SQLite) database."""

import pytest
from sqlmodel import func, select

from engagement.errors import Conflict, InvalidInput, NotFound
from engagement.models import (
    Consent,
    JourneyStep,
    Participant,
    Position,
    Reflection,
    Statement,
    Vote,
)
from engagement.services import dialogues, moderation, participation


def _consented(session, code="TEST01"):
    joined = participation.join(session=session, join_code=code)
    pid = joined.participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    return joined, pid


def test_full_journey_and_resume(session, open_dialogue, facilitator):
    joined, pid = _consented(session, "test01")  # codes are case-insensitive
    assert participation.resume(session=session, resume_code=joined.resume_code).step == "briefing"
    participation.mark_briefing_read(session=session, participant_id=pid)
    participation.record_position(session=session, participant_id=pid, stage="pre", support=2,
                                  confidence=3)
    seen = []
    while (statement := participation.next_statement(session=session, participant_id=pid)):
        seen.append(statement.id)
        if len(seen) == 2:
            participation.skip_statement(session=session, participant_id=pid,
                                         statement_id=statement.id)
        else:
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id, value="agree")
    assert len(seen) == 3 and len(set(seen)) == 3
    progress = participation.voting_progress(session=session, participant_id=pid)
    assert (progress.voted, progress.total) == (2, 3)
    participation.finish_voting(session=session, participant_id=pid)
    mine = participation.add_statement(session=session, participant_id=pid,
                                       text="  Insurers   should never see my genome. ")
    assert mine.text == "Insurers should never see my genome." and mine.status == "pending"
    participation.save_reflection(session=session, participant_id=pid, text="I learnt a lot.")
    participation.record_position(session=session, participant_id=pid, stage="post", support=4,
                                  confidence=4)
    back = participation.resume(session=session, resume_code=joined.resume_code.lower())
    assert back.id == pid and back.step == JourneyStep.DONE
    moderation.moderate(session=session, statement_ids=[mine.id], decision="accepted",
                        by=facilitator)
    assert session.get(Statement, mine.id).status == "accepted"


def test_changing_a_vote_keeps_one_current_vote(session, open_dialogue):
    _, pid = _consented(session)
    statement = participation.next_statement(session=session, participant_id=pid)
    for value in ("agree", "disagree", "pass", -1):
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                                value=value)
    votes = session.exec(select(Vote).where(Vote.participant_id == pid)).all()
    assert [v.value for v in votes] == [-1]


@pytest.mark.parametrize("text", ["", "   ", "x" * 401, "?!…", None, 42])
def test_bad_statements_are_refused_and_change_nothing(session, open_dialogue, text):
    _, pid = _consented(session)
    before = session.exec(select(func.count(Statement.id))).one()
    with pytest.raises(InvalidInput):
        participation.add_statement(session=session, participant_id=pid, text=text)
    assert session.exec(select(func.count(Statement.id))).one() == before


def test_duplicate_statement_after_normalising_is_refused(session, open_dialogue):
    _, pid = _consented(session)
    with pytest.raises(Conflict, match="already"):
        participation.add_statement(session=session, participant_id=pid,
                                    text="STATEMENT   one!!")


def test_unknown_and_closed_codes(session, open_dialogue, facilitator):
    with pytest.raises(NotFound, match="NOPE99"):
        participation.join(session=session, join_code="nope99")
    _, pid = _consented(session)
    statement = participation.next_statement(session=session, participant_id=pid)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    with pytest.raises(Conflict, match="not open"):
        participation.join(session=session, join_code="TEST01")
    with pytest.raises(Conflict, match="not open"):
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                                value="agree")
    assert session.exec(select(func.count(Vote.id))).one() == 0


def test_consent_is_required_before_answers(session, open_dialogue):
    joined = participation.join(session=session, join_code="TEST01")
    pid = joined.participant.id
    with pytest.raises(InvalidInput):
        participation.give_consent(session=session, participant_id=pid, report=False,
                                   quote=True, notify=True)
    statement = session.exec(select(Statement)).first()
    with pytest.raises(Conflict, match="consent"):
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                                value="agree")


def test_new_consent_version_asks_again(session, open_dialogue):
    _, pid = _consented(session)
    participant = session.get(Participant, pid)
    assert not participation.needs_consent(session=session, participant=participant)
    open_dialogue.consent_version += 1
    session.add(open_dialogue)
    session.commit()
    assert participation.needs_consent(session=session, participant=participant)


@pytest.mark.parametrize("support,confidence", [(0, 3), (6, 3), (3, 0), (True, 3), ("3", 3)])
def test_positions_must_be_on_the_scale(session, open_dialogue, support, confidence):
    _, pid = _consented(session)
    with pytest.raises(InvalidInput):
        participation.record_position(session=session, participant_id=pid, stage="pre",
                                      support=support, confidence=confidence)


def test_withdrawal_deletes_every_answer(session, open_dialogue, facilitator):
    joined, pid = _consented(session)
    participation.record_position(session=session, participant_id=pid, stage="pre", support=1,
                                  confidence=1)
    statement = participation.next_statement(session=session, participant_id=pid)
    participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                            value="agree")
    mine = participation.add_statement(session=session, participant_id=pid, text="My own idea")
    moderation.moderate(session=session, statement_ids=[mine.id], decision="accepted",
                        by=facilitator)
    _, other = _consented(session)
    participation.cast_vote(session=session, participant_id=other, statement_id=mine.id,
                            value="disagree")
    participation.save_reflection(session=session, participant_id=pid, text="Thoughts")

    deleted = participation.withdraw(session=session, participant_id=pid)

    assert deleted["votes"] == 1 and deleted["votes on your statements"] == 1
    assert deleted["statements"] == 1
    for model, column in ((Vote, Vote.participant_id), (Position, Position.participant_id),
                          (Reflection, Reflection.participant_id),
                          (Consent, Consent.participant_id),
                          (Statement, Statement.author_participant_id)):
        assert session.exec(select(func.count()).select_from(model).where(column == pid)).one() == 0
    assert session.exec(select(func.count(Vote.id)).where(Vote.statement_id == mine.id)).one() == 0
    with pytest.raises(NotFound):
        participation.resume(session=session, resume_code=joined.resume_code)


def test_the_participant_page_reads_its_dialogue_through_the_service(session, open_dialogue):
    joined, pid = _consented(session)
    assert participation.dialogue_of(session=session, participant_id=pid).id == open_dialogue.id
    for bad in (pid + 1000, 0, -1, "1", True, None):
        with pytest.raises(NotFound):
            participation.dialogue_of(session=session, participant_id=bad)
