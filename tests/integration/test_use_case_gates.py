"""Checks a caller could skip by not using the page (issue 14, item 8; issue 13, one home per
rule): each is a rule of the use case, so a script, another page or a crafted call is refused
with one clear line and nothing is written. Runs on SQLite and PostgreSQL.

- a brief's file comes only from ``versions.download_brief``, after authorisation, the
  current-version check and the audit row: a refused download gets no bytes;
- "Mark as reported" needs a brief in force holding every answer, and the board's decision;
- signing a brief off needs the signer's declaration that they checked the analysis, which
  the audit row records;
- a seed statement's Welsh words cannot change once people have voted on it."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.errors import Conflict, InvalidInput, PermissionDenied
from engagement.models import AnalysisSnapshot, AuditEvent, Brief, Dialogue, Statement, User
from engagement.services import decisions, dialogues, moderation, participation, staff


def _participant(session) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def _seeds(session, dialogue_id: int) -> list[Statement]:
    found = list(session.exec(select(Statement).where(Statement.dialogue_id == dialogue_id,
                                                      Statement.origin == "seed")
                              .order_by(Statement.id)))
    assert len(found) == 3
    return found


def _answers(session, dialogue_id: int, people: int = 14) -> None:
    """Enough votes for a brief: everyone agrees with two statements, half with the third."""
    for n in range(people):
        pid = _participant(session)
        for i, statement in enumerate(_seeds(session, dialogue_id)):
            agree = i < 2 or n % 2 == 0
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id,
                                    value="agree" if agree else "disagree")


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)
                             .order_by(AuditEvent.id)))


def _written(session) -> tuple[int, int, int]:
    return tuple(session.exec(select(func.count()).select_from(table)).one()
                 for table in (Brief, AnalysisSnapshot, AuditEvent))


@pytest.fixture
def board(session) -> User:
    return staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                             role="board", by=SYSTEM_CLI)


@pytest.fixture
def closed_with_brief(session, open_dialogue, facilitator) -> Brief:
    """Fourteen people answered; the dialogue is closed; version 1 of the brief is in force."""
    _answers(session, open_dialogue.id)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    return versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                   by=facilitator, analysis_checked=True)


def _decide(session, brief: Brief, board: User) -> None:
    offered = decisions.available_findings(versions.brief_data(brief))
    assert offered, "the brief offers no finding to cite"
    decisions.record_decision(session=session, dialogue_id=brief.dialogue_id, outcome="defer",
                              rationale="We want an audit first.", findings=list(offered)[:1],
                              by=board)


# --- a. A brief's file: authorised and audited before any byte is handed over -------------

@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_brief_file_is_handed_over_once_audited(session, closed_with_brief, board, fmt):
    before = len(_events(session, "brief.exported"))
    for _ in range(2):  # one audit row per download
        content = versions.download_brief(session=session, brief_id=closed_with_brief.id,
                                          fmt=fmt, by=board)
        data = versions.brief_data(closed_with_brief)
        assert content == versions.render_brief(data, fmt) if fmt != "pdf" \
            else content.startswith(b"%PDF")
    exported = _events(session, "brief.exported")[before:]
    assert [(e.actor, e.object_id, json.loads(e.detail)) for e in exported] == [
        ("user:bea", str(closed_with_brief.id), {"format": fmt, "version": 1})] * 2


def _nobody(session):
    return None


def _participant_as_user(session):
    return User(id=10**6, username="someone", password_hash="", role="participant")


def _deactivated(session):
    user = staff.create_user(session=session, username="former", password="tulip-42-Oak",
                             role="board", by=SYSTEM_CLI)
    user.active = False  # as a deactivation leaves it (the account's own use case is elsewhere)
    session.add(user)
    session.commit()
    return user


@pytest.mark.parametrize("who", [_nobody, _participant_as_user, _deactivated])
def test_an_unauthorised_download_gets_no_bytes_and_writes_nothing(
        session, closed_with_brief, who):
    by = who(session)
    before = _written(session)
    with pytest.raises(PermissionDenied) as refused:
        versions.download_brief(session=session, brief_id=closed_with_brief.id, fmt="pdf",
                                by=by)
    assert "\n" not in str(refused.value)
    session.rollback()
    assert _written(session) == before


def test_a_superseded_version_or_an_unknown_format_gets_no_bytes(
        session, closed_with_brief, facilitator, board):
    second = versions.sign_off_brief(session=session, dialogue_id=closed_with_brief.dialogue_id,
                                     by=facilitator, analysis_checked=True)
    assert second.version == 2
    before = _written(session)
    with pytest.raises(Conflict) as refused:
        versions.download_brief(session=session, brief_id=closed_with_brief.id, fmt="md",
                                by=board)
    # The refusal says what to do instead: which version is in force.
    assert str(refused.value) == ("Version 1 of this brief has been replaced by version 2. "
                                  "Use version 2 instead.")
    session.rollback()
    assert _written(session) == before
    for fmt in ("docx", "", None, ["pdf"]):
        with pytest.raises(InvalidInput):
            versions.download_brief(session=session, brief_id=second.id, fmt=fmt, by=board)
    session.rollback()
    assert _written(session) == before


# --- b. "Mark as reported": the results are published and answered -----------------------

def _refused_report(session, dialogue_id: int, facilitator, message: str) -> None:
    before = _written(session)
    with pytest.raises(Conflict) as refused:
        dialogues.set_status(session=session, dialogue_id=dialogue_id, status="reported",
                             by=facilitator)
    assert str(refused.value) == message and "\n" not in message
    session.rollback()
    assert session.get(Dialogue, dialogue_id).status == "closed"
    assert _written(session) == before


def test_a_dialogue_without_a_brief_cannot_be_marked_as_reported(
        session, open_dialogue, facilitator):
    _answers(session, open_dialogue.id)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    _refused_report(session, open_dialogue.id, facilitator, dialogues.REPORT_NEEDS_BRIEF)


def test_a_brief_that_misses_later_answers_cannot_be_reported(
        session, open_dialogue, facilitator, board):
    _answers(session, open_dialogue.id)
    brief = versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator, analysis_checked=True, acknowledge_open=True)
    _decide(session, brief, board)
    late = _participant(session)  # answers after the sign-off: not in the brief
    participation.cast_vote(session=session, participant_id=late,
                            statement_id=_seeds(session, open_dialogue.id)[0].id,
                            value="disagree")
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    _refused_report(session, open_dialogue.id, facilitator, dialogues.REPORT_NEEDS_NEW_BRIEF)


def test_a_moderation_decision_after_the_brief_needs_a_new_brief_before_reporting(
        session, open_dialogue, facilitator, board):
    author = _participant(session)
    own = participation.add_statement(session=session, participant_id=author,
                                      text="Insurers should never see genetic results")
    _answers(session, open_dialogue.id)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    brief = versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator, analysis_checked=True)
    _decide(session, brief, board)
    moderation.moderate(session=session, statement_ids=[own.id], decision="accepted",
                        by=facilitator)
    _refused_report(session, open_dialogue.id, facilitator, dialogues.REPORT_NEEDS_NEW_BRIEF)
    # A new brief holding the decision brings it back in reach.
    versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id, by=facilitator,
                            analysis_checked=True)
    assert dialogues.set_status(session=session, dialogue_id=open_dialogue.id,
                                status="reported", by=facilitator).status == "reported"


def test_a_dialogue_the_board_has_not_decided_on_cannot_be_marked_as_reported(
        session, closed_with_brief, facilitator):
    _refused_report(session, closed_with_brief.dialogue_id, facilitator,
                    dialogues.REPORT_NEEDS_DECISION)


def test_a_decided_dialogue_with_a_brief_of_every_answer_is_reported_and_audited(
        session, closed_with_brief, facilitator, board):
    _decide(session, closed_with_brief, board)
    dialogue = dialogues.set_status(session=session, dialogue_id=closed_with_brief.dialogue_id,
                                    status="reported", by=facilitator)
    assert dialogue.status == "reported"
    [event] = _events(session, "dialogue.reported")
    assert event.actor == "user:fran" and json.loads(event.detail)["from"] == "closed"


# --- c. "I have checked the analysis": the signer's declaration, audited -------------------

@pytest.mark.parametrize("checked", ["omitted", False, None, "yes", 1])
def test_a_sign_off_without_the_check_declared_is_refused_and_writes_nothing(
        session, open_dialogue, facilitator, checked):
    _answers(session, open_dialogue.id)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    kwargs = {} if checked == "omitted" else {"analysis_checked": checked}
    before = _written(session)
    with pytest.raises(InvalidInput) as refused:
        versions.sign_off_brief(session=session, dialogue_id=open_dialogue.id, by=facilitator,
                                **kwargs)
    assert str(refused.value) == versions.CHECK_REFUSAL and "\n" not in versions.CHECK_REFUSAL
    session.rollback()
    assert _written(session) == before
    assert versions.current_brief(session=session, dialogue_id=open_dialogue.id) is None


def test_the_declared_check_is_in_the_sign_off_s_audit_row(session, closed_with_brief):
    [event] = _events(session, "brief.signed_off")
    assert event.object_id == str(closed_with_brief.id)
    assert json.loads(event.detail)["analysis_checked"] is True


# --- d. A seed statement's Welsh words, once people have voted on them --------------------

def test_a_voted_on_statement_s_welsh_cannot_change_or_go(session, open_dialogue, facilitator):
    first, second, _ = _seeds(session, open_dialogue.id)
    for statement in (first, second):
        dialogues.set_statement_welsh(session=session, statement_id=statement.id,
                                      text_cy="Datganiad", by=facilitator)
    pid = _participant(session)
    participation.cast_vote(session=session, participant_id=pid, statement_id=first.id,
                            value="agree")
    before = _written(session)
    for words in ("Datganiad arall", ""):
        with pytest.raises(Conflict) as refused:
            dialogues.set_statement_welsh(session=session, statement_id=first.id,
                                          text_cy=words, by=facilitator)
        assert str(refused.value) == dialogues.VOTED_ON
        session.rollback()
    assert session.get(Statement, first.id).text_cy == "Datganiad"
    assert _written(session) == before
    # Nobody voted on the second yet: its Welsh can still be corrected.
    assert dialogues.set_statement_welsh(session=session, statement_id=second.id,
                                         text_cy="Datganiad dau", by=facilitator
                                         ).text_cy == "Datganiad dau"


def test_the_page_is_told_why_before_anyone_clicks(session, closed_with_brief, facilitator,
                                                   board):
    """The status tab shows the same reason the use case refuses with (one home)."""
    dialogue_id = closed_with_brief.dialogue_id
    why = dialogues.why_not_reportable(session=session, dialogue_id=dialogue_id, by=facilitator)
    assert why == dialogues.REPORT_NEEDS_DECISION
    with pytest.raises(PermissionDenied):
        dialogues.why_not_reportable(session=session, dialogue_id=dialogue_id, by=board)
    _decide(session, closed_with_brief, board)
    assert dialogues.why_not_reportable(session=session, dialogue_id=dialogue_id,
                                        by=facilitator) is None


def test_a_superseded_version_is_not_written_to_a_file_either(
        session, closed_with_brief, facilitator, tmp_path):
    """The export command's path to a file: the same refusal, and no file and no register row."""
    from engagement.services import exports

    versions.sign_off_brief(session=session, dialogue_id=closed_with_brief.dialogue_id,
                            by=facilitator, analysis_checked=True)
    before = _written(session)
    target = tmp_path / "old.md"
    with pytest.raises(Conflict, match="^Version 1 of this brief has been replaced by version 2"):
        exports.write_brief(session=session, brief=closed_with_brief, fmt="md", path=target,
                            by=facilitator)
    session.rollback()
    assert not target.exists() and _written(session) == before
