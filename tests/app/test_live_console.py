"""The facilitator's console for a live day, through AppTest (issue 14, item 8): forms empty
themselves after success (and keep what was typed after a refusal), a session's start time is
kept and shown as UK readers write it, seed statements and sessions are changed or deleted from
the page until people answer on them, a moderation decision is undone, and signing off while
the dialogue is open needs an explicit confirmation."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import select

from engagement.models import AuditEvent, Brief, DialogueSession, Statement, User
from engagement.services import dialogues, participation
from tests.app.helpers import (
    JOIN_CODE,
    TIMEOUT,
    button,
    click,
    errors,
    ok,
    staff_on,
    texts,
    widget,
)
from tests.app.test_board_disclosure import voters

DIALOGUES = "pages/facilitator_dialogues.py"
TITLE = "Title (leave empty to use the template's)"
SLUG = "Short name for links"
SURE = "I have checked the analysis and sign this brief off as fran"
WHILE_OPEN = "I understand the dialogue is still open and want to sign off now"


def page(seeded, path: str):
    return staff_on(seeded.facilitator_id, path)


def test_the_new_dialogue_form_empties_after_success_not_after_a_refusal(seeded):
    at = page(seeded, DIALOGUES)
    widget(at.text_input, TITLE).input("Insurance dialogue")
    widget(at.text_input, SLUG).input("Not A Slug")
    click(at, "Create dialogue")
    assert any("The short name must be" in e for e in errors(at))
    assert widget(at.text_input, TITLE).value == "Insurance dialogue"  # kept to correct

    widget(at.text_input, SLUG).input("insurance-2027")
    click(at, "Create dialogue")
    assert not errors(at)
    assert (widget(at.text_input, TITLE).value, widget(at.text_input, SLUG).value) == ("", "")
    click(at, "Create dialogue")  # pressing again creates nothing
    assert errors(at) == [errors(at)[0]] and "short name" in errors(at)[0]


def field(elements, form: str, label: str):
    """The one widget with this label in this form (labels repeat: one form per session)."""
    found = [w for w in elements if w.label == label and w.key and f"{form}-" in w.key]
    assert len(found) == 1, (form, label, [(w.label, w.key) for w in elements])
    return found[0]


def test_a_session_s_start_time_is_kept_and_the_form_empties(seeded):
    at = page(seeded, DIALOGUES)
    field(at.text_input, "add-session", "Session name").input("Leeds evening")
    field(at.time_input, "add-session", "Start time (UK time)").set_value(time(18, 0))
    click(at, "Add session")
    assert errors(at) == ["Give the session's date as well as its start time."]
    assert field(at.text_input, "add-session", "Session name").value == "Leeds evening"

    field(at.date_input, "add-session", "Date").set_value(date(2026, 12, 2))
    click(at, "Add session")
    assert not errors(at)
    assert "**Leeds evening** · online · 2 December 2026, 18:00 · online" in texts(at)
    assert field(at.text_input, "add-session", "Session name").value == ""
    assert field(at.date_input, "add-session", "Date").value is None
    assert field(at.time_input, "add-session", "Start time (UK time)").value is None
    with seeded.db() as session:
        row = session.exec(select(DialogueSession).where(
            DialogueSession.name == "Leeds evening")).one()
    assert (row.starts_at.hour, row.starts_at.minute) == (18, 0)  # GMT in December


def test_seed_statements_are_changed_and_deleted_until_someone_votes(seeded):
    at = page(seeded, DIALOGUES)
    at.text_area(key=next(w.key for w in at.text_area if w.key and "seed-1" in w.key)) \
        .set_value("Statement one, reworded")
    click(at, "Save statement S1")
    assert "Statement one, reworded" in [t.value for t in at.text]
    click(at, "Delete statement S3")
    assert "Statement three" not in [t.value for t in at.text]
    with seeded.db() as session:
        assert session.get(Statement, 3) is None
        actions = session.exec(select(AuditEvent.action)).all()
    assert {"statement.edited", "statement.deleted"} <= set(actions)

    with seeded.db() as session:
        pid = participation.join(session=session, join_code=JOIN_CODE).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        participation.cast_vote(session=session, participant_id=pid, statement_id=2,
                                value="agree")
    at = page(seeded, DIALOGUES)
    labels = {b.label for b in at.button}
    assert "Delete statement S1" in labels and "Delete statement S2" not in labels
    assert dialogues.VOTED_ON in texts(at)


def test_a_session_people_joined_through_is_changed_but_not_deleted(seeded):
    with seeded.db() as session:
        participation.join(session=session, join_code=JOIN_CODE, session_id=seeded.session_id)
    at = page(seeded, DIALOGUES)
    assert "Delete the session Evening online" not in {b.label for b in at.button}
    assert dialogues.JOINED_THROUGH in texts(at)
    form = f"session-{seeded.session_id}"
    next(w for w in at.text_input if w.key and form in w.key and w.label == "Session name") \
        .input("Tuesday evening online")
    click(at, "Save the session Evening online")
    assert not errors(at)
    with seeded.db() as session:
        assert session.get(DialogueSession, seeded.session_id).name == "Tuesday evening online"


def test_a_moderation_decision_is_undone_from_the_page(seeded):
    with seeded.db() as session:
        pid = participation.join(session=session, join_code=JOIN_CODE).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        participation.cast_vote(session=session, participant_id=pid, statement_id=1,
                                value="agree")
        own = participation.add_statement(session=session, participant_id=pid,
                                          text="A participant's idea").id
        other = participation.join(session=session, join_code=JOIN_CODE).participant.id
        participation.give_consent(session=session, participant_id=other, report=True,
                                   quote=False, notify=False)
        participation.cast_vote(session=session, participant_id=other, statement_id=1,
                                value="agree")
        participation.add_statement(session=session, participant_id=other,
                                    text="Another participant's idea")
    at = page(seeded, "pages/facilitator_moderation.py")
    at.checkbox(key=f"pick-{own}").check()
    ok(at.run(timeout=TIMEOUT))
    widget(at.radio, "Decision").set_value("rejected")
    widget(at.selectbox, "Reason for rejecting (required to reject)").set_value("off_topic")
    click(at, "Apply to the selected statements")
    assert widget(at.radio, "Decision").value == "accepted"  # the form is empty again
    assert widget(at.selectbox, "Reason for rejecting (required to reject)").value is None
    assert any(f"S{own} · Rejected: Off topic" in c.value for c in at.caption)

    click(at, f"Undo the decision on S{own}")
    assert not errors(at)
    assert "2 statement(s) waiting. Tick the ones to decide on together." in texts(at)
    with seeded.db() as session:
        assert session.get(Statement, own).status == "pending"


def test_signing_off_while_open_needs_an_explicit_confirmation(seeded):
    voters(seeded, 12, session_id=seeded.session_id)
    at = page(seeded, "pages/facilitator_brief.py")
    assert any("still open" in w.value for w in at.warning)
    widget(at.checkbox, SURE).check()
    ok(at.run(timeout=TIMEOUT))
    assert button(at, "Sign off the brief").disabled  # not yet: the dialogue is open
    widget(at.checkbox, WHILE_OPEN).check()
    ok(at.run(timeout=TIMEOUT))
    click(at, "Sign off the brief")
    assert not errors(at)
    with seeded.db() as session:
        assert len(session.exec(select(Brief)).all()) == 1
    # Both boxes are empty again: nothing invites a second sign-off.
    assert not widget(at.checkbox, SURE).value and not widget(at.checkbox, WHILE_OPEN).value
    assert button(at, "Sign off the brief").disabled


def test_no_warning_once_the_dialogue_is_closed(seeded):
    with seeded.db() as session:
        dialogues.set_status(session=session, dialogue_id=seeded.dialogue_id, status="closed",
                             by=session.get(User, seeded.facilitator_id))
    at = page(seeded, "pages/facilitator_brief.py")
    assert not any("still open" in w.value for w in at.warning)
    assert WHILE_OPEN not in {c.label for c in at.checkbox}


def test_mark_as_reported_is_offered_only_with_what_it_needs_and_says_why(seeded):
    """The status tab asks the use case why a dialogue cannot be reported yet: the button is
    disabled with that reason (the use case refuses the same: tests/integration/
    test_use_case_gates.py). Before, it was offered with no precondition at all."""
    with seeded.db() as session:
        dialogues.set_status(session=session, dialogue_id=seeded.dialogue_id, status="closed",
                             by=session.get(User, seeded.facilitator_id))
    at = page(seeded, DIALOGUES)
    assert dialogues.REPORT_NEEDS_BRIEF in texts(at)
    assert button(at, "Mark as reported").disabled
    assert not button(at, "Open for answers").disabled
