"""The words people answered to stay as they read them (issue 14, item 8: "refused once votes
exist"): once anyone has answered a dialogue, its question, proposed use and briefing (and a
Welsh version already written) cannot change, and the open question for reflections cannot
once anyone has reflected; the title can still be corrected. A rule of the use case, so a
script or another page is refused too, with one line, nothing written. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from engagement.actors import SYSTEM_CLI
from engagement.errors import Conflict, PermissionDenied
from engagement.models import AuditEvent, Dialogue
from engagement.services import dialogues, participation, staff

QUESTION = "Should the data be shared with insurers?"
BRIEFING = "Insurers would see results.\n\nThat could change premiums."


def _participant(session) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def _vote(session, pid: int) -> None:
    participation.cast_vote(session=session, participant_id=pid, statement_id=1, value="agree")


def _position(session, pid: int) -> None:
    participation.record_position(session=session, participant_id=pid, stage="pre", support=4,
                                  confidence=3)


def _statement(session, pid: int) -> None:
    participation.add_statement(session=session, participant_id=pid,
                                text="Insurers should never see genetic results")


def _reflection(session, pid: int) -> None:
    participation.save_reflection(session=session, participant_id=pid, text="I changed my mind")


ANSWERS = {"a vote": _vote, "a position": _position, "a statement": _statement,
           "a reflection": _reflection}


def _edits(session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "dialogue.edited")).one()


def _update(session, dialogue_id: int, by, **changes) -> Dialogue:
    return dialogues.update_dialogue(session=session, dialogue_id=dialogue_id, changes=changes,
                                     by=by)


def test_the_question_and_briefing_change_freely_before_anyone_answers(
        session, open_dialogue, facilitator):
    participation.join(session=session, join_code="TEST01")  # joined, not answered yet
    assert dialogues.why_locked(session=session, dialogue_id=open_dialogue.id,
                                by=facilitator) == {}
    changed = _update(session, open_dialogue.id, facilitator, question=QUESTION,
                      briefing=BRIEFING, proposed_use="Sharing with insurers",
                      reflection_question="What would change your mind?")
    assert (changed.question, changed.briefing) == (QUESTION, BRIEFING)
    assert _edits(session) == 1


@pytest.mark.parametrize("answer", list(ANSWERS))
def test_once_anyone_has_answered_the_words_they_answered_to_cannot_change(
        session, open_dialogue, facilitator, answer):
    before = (open_dialogue.question, open_dialogue.briefing, open_dialogue.proposed_use)
    ANSWERS[answer](session, _participant(session))
    edits = _edits(session)
    for field, value in (("question", QUESTION), ("briefing", BRIEFING),
                         ("proposed_use", "Something else entirely")):
        with pytest.raises(Conflict) as refused:
            _update(session, open_dialogue.id, facilitator, **{field: value},
                    title="A title changed in the same request")
        assert str(refused.value) == dialogues.ANSWERED
        assert "\n" not in str(refused.value) and "new dialogue" in str(refused.value)
    session.expire_all()
    stored = session.get(Dialogue, open_dialogue.id)
    assert (stored.question, stored.briefing, stored.proposed_use) == before
    assert stored.title == open_dialogue.title  # the whole request was refused
    assert _edits(session) == edits  # nothing audited: nothing changed
    locks = dialogues.why_locked(session=session, dialogue_id=open_dialogue.id, by=facilitator)
    assert {name for name, why in locks.items() if why == dialogues.ANSWERED} == set(
        dialogues.MEANING)


def test_the_title_and_the_unchanged_words_still_save_after_answers(
        session, open_dialogue, facilitator):
    _vote(session, _participant(session))
    edits = _edits(session)
    changed = _update(session, open_dialogue.id, facilitator, title="Insurers and your data",
                      question=open_dialogue.question, briefing=open_dialogue.briefing)
    assert changed.title == "Insurers and your data"
    [row] = session.exec(select(AuditEvent).where(AuditEvent.action == "dialogue.edited")
                         .order_by(AuditEvent.id.desc()).limit(1)).all()
    assert _edits(session) == edits + 1 and row.detail.count("title") == 1
    assert "question" not in row.detail


def test_the_reflection_question_stays_once_someone_has_reflected(
        session, open_dialogue, facilitator):
    _vote(session, _participant(session))
    changed = _update(session, open_dialogue.id, facilitator,
                      reflection_question="What would change your mind?")
    assert changed.reflection_question == "What would change your mind?"  # nobody reflected
    _reflection(session, _participant(session))
    with pytest.raises(Conflict, match="open question for reflections"):
        _update(session, open_dialogue.id, facilitator, reflection_question="Anything else?")
    assert dialogues.why_locked(session=session, dialogue_id=open_dialogue.id,
                                by=facilitator)["reflection_question"] == dialogues.REFLECTED
    session.expire_all()
    assert session.get(Dialogue, open_dialogue.id).reflection_question == \
        "What would change your mind?"


def test_welsh_may_be_added_after_answers_but_not_changed(session, open_dialogue, facilitator):
    _update(session, open_dialogue.id, facilitator, question_cy="A ddylai’r data gael ei rannu?")
    _vote(session, _participant(session))
    for value in ("Cwestiwn arall", ""):  # changing it, or taking it away
        with pytest.raises(Conflict):
            _update(session, open_dialogue.id, facilitator, question_cy=value)
    session.expire_all()
    assert session.get(Dialogue, open_dialogue.id).question_cy == "A ddylai’r data gael ei rannu?"
    added = _update(session, open_dialogue.id, facilitator, briefing_cy="Byddai yswirwyr yn gweld")
    assert added.briefing_cy == "Byddai yswirwyr yn gweld"
    locks = dialogues.why_locked(session=session, dialogue_id=open_dialogue.id, by=facilitator)
    assert locks["question_cy"] == dialogues.ANSWERED  # written: it stays with its English
    assert locks["briefing_cy"] == dialogues.ANSWERED  # written now, so it stays too
    assert "title_cy" not in locks and "reflection_question_cy" not in locks


def test_only_staff_who_facilitate_are_told_what_is_locked(session, open_dialogue):
    board = staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    with pytest.raises(PermissionDenied):
        dialogues.why_locked(session=session, dialogue_id=open_dialogue.id, by=board)
