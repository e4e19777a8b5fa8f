"""A facilitator's console for a live day (issue 14, item 8): seed statements and sessions
can be corrected until people have answered on them, a moderation decision can be undone
without losing votes, and signing off while the dialogue is open needs a confirmation.
Every change is audited; every refusal changes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from sqlmodel import func, select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.cli import main
from engagement.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engagement.models import (
    AnalysisSnapshot,
    AuditEvent,
    Brief,
    DialogueSession,
    Participant,
    Statement,
    Vote,
)
from engagement.services import (
    decisions,
    dialogues,
    moderation,
    opinion,
    participation,
    staff,
)
from engagement.ukdates import uk_datetime


def _participant(session, code="TEST01", session_id=None) -> int:
    pid = participation.join(session=session, join_code=code, session_id=session_id)
    pid = pid.participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def _seeds(session, dialogue_id) -> list[Statement]:
    found = list(session.exec(select(Statement).where(Statement.dialogue_id == dialogue_id)
                              .order_by(Statement.id)))
    assert len(found) == 3
    return found


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def _audit_count(session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def test_a_seed_statement_is_edited_and_deleted_until_someone_votes_on_it(
        session, open_dialogue, facilitator):
    first, second, third = _seeds(session, open_dialogue.id)
    edited = dialogues.edit_seed_statement(session=session, statement_id=first.id,
                                           text="Statement one, corrected", by=facilitator)
    assert edited.text == "Statement one, corrected"
    assert [e.object_id for e in _events(session, "statement.edited")] == [str(first.id)]

    pid = _participant(session)
    participation.cast_vote(session=session, participant_id=pid, statement_id=second.id,
                            value="agree")
    rows = {r.statement.id: r.locked for r in dialogues.statement_rows(
        session=session, dialogue_id=open_dialogue.id, by=facilitator)}
    assert rows == {first.id: None, second.id: dialogues.VOTED_ON, third.id: None}

    before = _audit_count(session)
    with pytest.raises(Conflict, match="voted on this statement"):
        dialogues.edit_seed_statement(session=session, statement_id=second.id,
                                      text="Words nobody voted on", by=facilitator)
    with pytest.raises(Conflict, match="voted on this statement"):
        dialogues.delete_seed_statement(session=session, statement_id=second.id, by=facilitator)
    session.rollback()
    assert session.get(Statement, second.id).text == "Statement two"
    assert session.exec(select(func.count()).select_from(Vote)).one() == 1
    assert _audit_count(session) == before

    dialogues.delete_seed_statement(session=session, statement_id=third.id, by=facilitator)
    assert session.get(Statement, third.id) is None
    assert [e.object_id for e in _events(session, "statement.deleted")] == [str(third.id)]


def test_deleting_a_seed_forgets_it_was_skipped(session, open_dialogue, facilitator):
    first, _second, third = _seeds(session, open_dialogue.id)
    pid = _participant(session)
    for skipped in (first.id, third.id):
        participation.skip_statement(session=session, participant_id=pid, statement_id=skipped)
    dialogues.delete_seed_statement(session=session, statement_id=third.id, by=facilitator)
    session.rollback()  # a new transaction: see what the command wrote
    assert session.get(Participant, pid).skipped == f"[{first.id}]"


def test_editing_refuses_participants_words_duplicates_and_bad_input(
        session, open_dialogue, facilitator):
    first, second, _third = _seeds(session, open_dialogue.id)
    pid = _participant(session)
    own = participation.add_statement(session=session, participant_id=pid,
                                      text="A statement of my own")
    before = _audit_count(session)
    refusals = [
        (Conflict, dict(statement_id=own.id, text="Changed by staff")),
        (Conflict, dict(statement_id=first.id, text="statement TWO")),  # a duplicate
        (Conflict, dict(statement_id=first.id, text="Statement one")),  # unchanged
        (InvalidInput, dict(statement_id=first.id, text="   ")),
        (InvalidInput, dict(statement_id=first.id, text="x" * 5000)),
        (NotFound, dict(statement_id=10**6, text="Anything")),
        (NotFound, dict(statement_id="1; DROP TABLE statement", text="Anything")),
    ]
    for error, kwargs in refusals:
        with pytest.raises(error):
            dialogues.edit_seed_statement(session=session, by=facilitator, **kwargs)
    session.rollback()
    assert session.get(Statement, first.id).text == "Statement one"
    assert session.get(Statement, own.id).text == "A statement of my own"
    with pytest.raises(Conflict):
        dialogues.delete_seed_statement(session=session, statement_id=own.id, by=facilitator)
    assert _audit_count(session) == before


def test_people_without_the_right_cannot_change_the_set_up(session, open_dialogue, facilitator):
    first = _seeds(session, open_dialogue.id)[0]
    board = staff.create_user(session=session, username="bella", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    row = dialogues.sessions_of(session=session, dialogue_id=open_dialogue.id)[0]
    before = _audit_count(session)
    for by in (None, board):
        with pytest.raises(PermissionDenied):
            dialogues.edit_seed_statement(session=session, statement_id=first.id,
                                          text="Hijacked", by=by)
        with pytest.raises(PermissionDenied):
            dialogues.delete_seed_statement(session=session, statement_id=first.id, by=by)
        with pytest.raises(PermissionDenied):
            dialogues.delete_session(session=session, session_id=row.id, by=by)
        with pytest.raises(PermissionDenied):  # before saying whether the row exists
            dialogues.delete_session(session=session, session_id=10**6, by=by)
        with pytest.raises(PermissionDenied):
            moderation.undo_decision(session=session, statement_id=first.id, by=by)
    session.rollback()
    assert session.get(Statement, first.id).text == "Statement one"
    assert session.get(DialogueSession, row.id) is not None
    assert _audit_count(session) == before


def test_a_session_keeps_its_uk_start_time_and_is_deleted_only_before_anyone_joins(
        session, open_dialogue, facilitator):
    start = dialogues.session_start(date(2026, 12, 2), time(18, 0))
    evening = dialogues.add_session(session=session, dialogue_id=open_dialogue.id,
                                    name="Leeds evening workshop", mode="workshop",
                                    starts_at=start, location="Leeds", by=facilitator)
    session.rollback()  # a new transaction: see what the command wrote
    stored = session.get(DialogueSession, evening.id)
    assert uk_datetime(stored.starts_at) == "2 December 2026, 18:00"

    summer = dialogues.session_start(date(2027, 7, 1), time(18, 30))  # BST: 17:30 UTC
    dialogues.edit_session(session=session, session_id=evening.id, name="Leeds summer workshop",
                           mode="workshop", starts_at=summer, location="Leeds", by=facilitator)
    session.rollback()  # a new transaction: see what the command wrote
    stored = session.get(DialogueSession, evening.id)
    assert uk_datetime(stored.starts_at) == "1 July 2027, 18:30"
    assert stored.name == "Leeds summer workshop"
    edits = _events(session, "session.edited")
    assert [e.object_id for e in edits] == [str(evening.id)]
    assert "name" in edits[0].detail and "starts_at" in edits[0].detail

    _participant(session, session_id=evening.id)
    assert {r.row.id: r.locked for r in dialogues.session_rows(
        session=session, dialogue_id=open_dialogue.id, by=facilitator)}[evening.id] \
        == dialogues.JOINED_THROUGH
    before = _audit_count(session)
    with pytest.raises(Conflict, match="joined through this session"):
        dialogues.delete_session(session=session, session_id=evening.id, by=facilitator)
    session.rollback()
    assert session.get(DialogueSession, evening.id) is not None
    assert _audit_count(session) == before
    # Its name and time can still be corrected.
    dialogues.edit_session(session=session, session_id=evening.id, name="Leeds workshop",
                           mode="workshop", starts_at=summer, location="Leeds", by=facilitator)

    spare = dialogues.add_session(session=session, dialogue_id=open_dialogue.id,
                                  name="Spare", by=facilitator)
    dialogues.delete_session(session=session, session_id=spare.id, by=facilitator)
    assert session.get(DialogueSession, spare.id) is None
    assert [e.object_id for e in _events(session, "session.deleted")] == [str(spare.id)]


def test_a_time_without_a_date_is_refused_not_dropped():
    with pytest.raises(InvalidInput, match="date"):
        dialogues.session_start(None, time(18, 0))
    with pytest.raises(InvalidInput, match="time"):
        dialogues.session_start(date(2026, 12, 2), None)
    assert dialogues.session_start(None, None) is None


def test_a_reported_dialogue_s_sessions_cannot_change(session, open_dialogue, facilitator):
    row = dialogues.sessions_of(session=session, dialogue_id=open_dialogue.id)[0]
    _answers(session, open_dialogue.id)  # reported needs a brief of every answer, decided on
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    brief = versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator, analysis_checked=True)
    board = staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    decisions.record_decision(session=session, dialogue_id=open_dialogue.id, outcome="defer",
                              rationale="Later.", by=board, findings=list(
                                  decisions.available_findings(versions.brief_data(brief)))[:1])
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="reported",
                         by=facilitator)
    with pytest.raises(PermissionDenied):
        dialogues.edit_session(session=session, session_id=row.id, name="Renamed",
                               by=facilitator)
    session.rollback()
    assert session.get(DialogueSession, row.id).name == "Online"


def test_undoing_a_rejection_keeps_the_votes_which_count_again_once_accepted(
        session, open_dialogue, facilitator):
    author = _participant(session)
    own = participation.add_statement(session=session, participant_id=author,
                                      text="Insurers should never see genetic results")
    moderation.moderate(session=session, statement_ids=[own.id], decision="accepted",
                        by=facilitator)
    voters = [_participant(session) for _ in range(3)]
    for pid in voters:
        participation.cast_vote(session=session, participant_id=pid, statement_id=own.id,
                                value="agree")

    moderation.moderate(session=session, statement_ids=[own.id], decision="rejected",
                        reason="off_topic", by=facilitator)
    loaded = opinion.load_votes(session=session, dialogue_id=open_dialogue.id)
    assert own.id in loaded.moderated_out  # rejected: kept, left out as Pol.is does

    assert [s.id for s in moderation.decided(session=session, dialogue_id=open_dialogue.id,
                                             by=facilitator)] == [own.id]
    moderation.undo_decision(session=session, statement_id=own.id, by=facilitator)
    session.rollback()  # a new transaction: see what the command wrote
    back = session.get(Statement, own.id)
    assert (back.status, back.rejection_reason, back.moderated_by) == ("pending", None, None)
    assert back in moderation.pending(session=session, dialogue_id=open_dialogue.id,
                                      by=facilitator)
    assert own.id not in opinion.load_votes(session=session,
                                            dialogue_id=open_dialogue.id).matrix.statement_keys
    fresh = _participant(session)
    offered = participation.next_statement(session=session, participant_id=fresh)
    assert offered is not None and offered.id != own.id
    with pytest.raises(Conflict):
        participation.cast_vote(session=session, participant_id=fresh, statement_id=own.id,
                                value="agree")
    session.rollback()
    undone = _events(session, "statement.decision_undone")
    assert len(undone) == 1 and undone[0].object_id == str(own.id)
    assert "rejected" in undone[0].detail and "off_topic" in undone[0].detail

    moderation.moderate(session=session, statement_ids=[own.id], decision="accepted",
                        by=facilitator)
    loaded = opinion.load_votes(session=session, dialogue_id=open_dialogue.id)
    assert own.id not in loaded.moderated_out
    column = loaded.matrix.statement_keys.index(own.id)
    assert loaded.matrix.votes[:, column].count_nonzero() == 3  # the three votes, unchanged
    assert session.exec(select(func.count()).select_from(Vote).where(
        Vote.statement_id == own.id)).one() == 3


def test_only_a_moderation_decision_can_be_undone(session, open_dialogue, facilitator):
    first = _seeds(session, open_dialogue.id)[0]  # accepted when seeded: nobody decided
    pid = _participant(session)
    waiting = participation.add_statement(session=session, participant_id=pid,
                                          text="Still waiting for a decision")
    before = _audit_count(session)
    for statement_id in (first.id, waiting.id):
        with pytest.raises(Conflict, match="no moderation decision"):
            moderation.undo_decision(session=session, statement_id=statement_id,
                                     by=facilitator)
    with pytest.raises(NotFound):
        moderation.undo_decision(session=session, statement_id=10**6, by=facilitator)
    session.rollback()
    assert session.get(Statement, first.id).status == "accepted"
    assert _audit_count(session) == before


def test_signing_off_warns_while_the_dialogue_is_open(session, open_dialogue, facilitator):
    warning = versions.sign_off_warning(session=session, dialogue_id=open_dialogue.id,
                                         by=facilitator)
    assert warning is not None and "still open" in warning
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    assert versions.sign_off_warning(session=session, dialogue_id=open_dialogue.id,
                                      by=facilitator) is None


def _answers(session, dialogue_id: int, people: int = 14) -> None:
    """Enough votes for a brief: everyone agrees with two statements, half with the third."""
    seeds = _seeds(session, dialogue_id)
    for n in range(people):
        pid = _participant(session)
        for i, statement in enumerate(seeds):
            agree = i < 2 or n % 2 == 0
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id,
                                    value="agree" if agree else "disagree")


def _written(session) -> tuple[int, int, int]:
    return (session.exec(select(func.count()).select_from(Brief)).one(),
            session.exec(select(func.count()).select_from(AnalysisSnapshot)).one(),
            _audit_count(session))


@pytest.mark.parametrize("acknowledged", [False, None, "yes", 1])
def test_signing_off_an_open_dialogue_is_refused_without_the_acknowledgement(
        session, open_dialogue, facilitator, acknowledged):
    """A caller that skips the page's confirmation (a script, another page, a crafted call)
    is refused by the use case itself, with one clear line, and nothing is written."""
    _answers(session, open_dialogue.id)
    before = _written(session)
    kwargs = {} if acknowledged is False else {"acknowledge_open": acknowledged}
    with pytest.raises(Conflict) as refused:
        versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                by=facilitator, **kwargs, analysis_checked=True)
    message = str(refused.value)
    assert message == versions.OPEN_REFUSAL and "\n" not in message
    session.rollback()
    assert _written(session) == before
    assert versions.current_brief(session=session, dialogue_id=open_dialogue.id) is None


def test_an_acknowledged_sign_off_while_open_is_made_and_audited_as_such(
        session, open_dialogue, facilitator):
    _answers(session, open_dialogue.id)
    brief = versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator, acknowledge_open=True, analysis_checked=True)
    assert brief.version == 1 and brief.signed_off_by == "user:fran"
    [event] = _events(session, "brief.signed_off")
    assert json.loads(event.detail)["while_open"] is True
    # Once the dialogue is closed no acknowledgement is asked for, and none is recorded.
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    second = versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                     by=facilitator, analysis_checked=True)
    assert second.version == 2
    assert [json.loads(e.detail).get("while_open") for e in _events(
        session, "brief.signed_off")] == [True, None]


def test_the_command_line_signs_off_an_open_dialogue_only_when_told_to(
        session, db_url, open_dialogue, facilitator, tmp_path, capsys):
    _answers(session, open_dialogue.id)
    session.commit()
    url = session.get_bind().url.render_as_string(hide_password=False)
    out = tmp_path / "brief.md"
    command = ["--database-url", url, "brief", open_dialogue.slug, "--format", "md",
               "--out", str(out), "--sign-off-as", "fran", "--analysis-checked"]
    before = _written(session)
    assert main(command) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"error: {versions.OPEN_REFUSAL}", error
    session.rollback()  # a new transaction: see what the command wrote
    assert _written(session) == before and not out.exists()
    assert main([*command, "--while-open"]) == 0
    session.rollback()  # a new transaction: see what the command wrote
    assert versions.current_brief(session=session, dialogue_id=open_dialogue.id).version == 1
    assert out.exists()
