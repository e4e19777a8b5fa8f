"""Consent wording versions, redaction before anyone but the author sees a text, data access."""

import json

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_INTEROP
from engagement.consent import CURRENT_CONSENT_VERSION
from engagement.errors import Conflict
from engagement.models import AuditEvent, Participant, Statement
from engagement.services import dialogues, moderation, participation


def _consented(session, quote=True):
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=quote,
                               notify=False)
    return pid


def test_personal_data_is_redacted_for_everyone_but_the_author(session, open_dialogue,
                                                               facilitator):
    pid = _consented(session)
    text = "Email me at jo.bloggs@example.com about insurers"
    statement = participation.add_statement(session=session, participant_id=pid, text=text)
    assert "[email]" in participation.public_text(statement)
    assert "jo.bloggs" not in participation.public_text(statement)
    review = moderation.privacy_review(session=session, dialogue_id=open_dialogue.id,
                                       by=facilitator)
    assert [i.id for i in review] == [statement.id] and review[0].removed == ("EMAIL",)
    assert "jo.bloggs" in moderation.reveal_original(session=session, statement_id=statement.id,
                                                     by=facilitator)
    assert session.exec(select(AuditEvent).where(
        AuditEvent.action == "statement.original_viewed")).first()
    moderation.moderate(session=session, statement_ids=[statement.id], decision="accepted",
                        by=facilitator)
    stored = session.get(Statement, statement.id)
    assert "jo.bloggs" not in stored.text and "jo.bloggs" not in stored.normalised
    with pytest.raises(Conflict):
        moderation.reveal_original(session=session, statement_id=statement.id, by=facilitator)


def test_reflections_that_might_identify_someone_can_be_kept_out_of_quotes(
        session, open_dialogue, facilitator):
    pid = _consented(session)
    participation.save_reflection(
        session=session, participant_id=pid,
        text="My son was treated for a rare condition at Great Ormond Street in March 2021.")
    review = moderation.privacy_review(session=session, dialogue_id=open_dialogue.id,
                                       by=facilitator)
    assert review and review[0].kind == "reflection" and review[0].risks
    moderation.keep_out_of_quotes(session=session, reflection_id=review[0].id, by=facilitator)
    assert moderation.privacy_review(session=session, dialogue_id=open_dialogue.id,
                                       by=facilitator) == []


def test_new_consent_wording_is_a_new_version_and_asks_again(session, open_dialogue,
                                                              facilitator):
    pid = _consented(session)
    participant = session.get(Participant, pid)
    before = dialogues.consent_wording(session=session, dialogue_id=open_dialogue.id)
    assert before.version == CURRENT_CONSENT_VERSION  # a new dialogue: the default in force
    with pytest.raises(Conflict, match="unchanged"):
        dialogues.change_consent_wording(session=session, dialogue_id=open_dialogue.id,
                                         report=before.report, quote=before.quote,
                                         notify=before.notify, by=facilitator)
    after = dialogues.change_consent_wording(
        session=session, dialogue_id=open_dialogue.id, report=before.report,
        quote="My words may be quoted in the report and on posters.", notify=before.notify,
        by=facilitator)
    assert after.version == before.version + 1
    assert participation.needs_consent(session=session, participant=participant)
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    assert not participation.needs_consent(session=session, participant=participant)
    assert dialogues.consent_wording(session=session, dialogue_id=open_dialogue.id,
                                     version=before.version).quote == before.quote


def test_a_participant_can_download_everything_held_about_them(session, open_dialogue):
    pid = _consented(session)
    statement = participation.next_statement(session=session, participant_id=pid)
    participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                            value="disagree")
    participation.add_statement(session=session, participant_id=pid, text="A thought of mine")
    held = participation.my_data(session=session, participant_id=pid)
    assert json.loads(json.dumps(held)) == held
    assert held["votes"][0]["vote"] == "disagree"
    assert held["statements"][0]["text"] == "A thought of mine"
    assert held["consent"][0]["report"] is True


def test_outcome_email_is_required_only_when_asked_for(session, open_dialogue):
    from engagement.errors import InvalidInput

    pid = participation.join(session=session, join_code="TEST01").participant.id
    with pytest.raises(InvalidInput, match="email"):
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=True, email="not an address")
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=True, email="me@example.org")
    assert participation.my_data(session=session, participant_id=pid)[
        "email_for_outcome"] == "me@example.org"
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    assert participation.my_data(session=session, participant_id=pid)[
        "email_for_outcome"] is None


def test_exports_quote_participants_only_with_consent(session, open_dialogue, facilitator,
                                                       tmp_path):
    import csv

    from engagement.interop.polis import WITHHELD, export_polis

    shy = _consented(session, quote=False)
    happy = _consented(session, quote=True)
    hidden = participation.add_statement(session=session, participant_id=shy,
                                         text="Keep my words out of it")
    shown = participation.add_statement(session=session, participant_id=happy,
                                        text="You may quote me, Jane Smith")
    moderation.moderate(session=session, statement_ids=[hidden.id, shown.id],
                        decision="accepted", by=facilitator)
    export_polis(session=session, slug=open_dialogue.slug, folder=tmp_path, by=SYSTEM_INTEROP)
    with open(tmp_path / "comments.csv", newline="") as handle:
        bodies = {row["comment-body"] for row in csv.DictReader(handle)}
    assert WITHHELD in bodies and "Keep my words out of it" not in bodies
    assert "You may quote me, [name]" in bodies
