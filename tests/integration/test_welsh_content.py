"""Bilingual content and the participant's language (issue 15, item 7), on SQLite and
PostgreSQL: Welsh texts are optional and checked like the English; the Welsh consent wording
is part of the version; a participant's language is kept with them; a participant's own
statement is never 'translated'."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from engagement.models import Participant, Statement
from engagement.services import dialogues, participation, staff


def _joined(session, language="en") -> int:
    return participation.join(session=session, join_code="TEST01",
                              language=language).participant.id


def test_the_participants_language_is_kept_and_only_en_or_cy(session, open_dialogue):
    welsh, other = _joined(session, "cy"), _joined(session, "fr")
    code_holder = participation.join(session=session, join_code="TEST01", language="CY")
    assert participation.resume(session=session,
                                resume_code=code_holder.resume_code).language == "cy"
    assert participation.set_language(session=session, participant_id=welsh,
                                      language="en").language == "en"
    assert participation.set_language(session=session, participant_id=other,
                                      language="<script>").language == "en"
    participation.give_consent(session=session, participant_id=welsh, report=True, quote=False,
                               notify=False)
    participation.withdraw(session=session, participant_id=welsh)
    with pytest.raises(NotFound):
        participation.set_language(session=session, participant_id=welsh, language="cy")


def test_welsh_texts_are_optional_and_checked(session, open_dialogue, facilitator):
    dialogue = dialogues.update_dialogue(session=session, dialogue_id=open_dialogue.id,
                                         changes={"title_cy": "Deialog brawf",
                                                  "briefing_cy": ""}, by=facilitator)
    assert dialogue.title_cy == "Deialog brawf" and dialogue.briefing_cy == ""
    assert participation.in_language(dialogue, "title", "cy") == ("Deialog brawf", "cy")
    assert participation.in_language(dialogue, "briefing", "cy")[1] == "en"  # fell back
    before = dialogues.update_dialogue(session=session, dialogue_id=open_dialogue.id,
                                       changes={}, by=facilitator).title_cy
    with pytest.raises(InvalidInput):
        dialogues.update_dialogue(session=session, dialogue_id=open_dialogue.id,
                                  changes={"title_cy": "x" * 201}, by=facilitator)
    with pytest.raises(InvalidInput):
        participation.in_language(dialogue, "slug", "cy")
    session.refresh(dialogue)
    assert dialogue.title_cy == before


def test_welsh_consent_wording_is_part_of_the_version(session, open_dialogue, facilitator):
    pid = _joined(session, "cy")
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    current = dialogues.consent_wording(session=session, dialogue_id=open_dialogue.id)
    assert current.report_cy  # the default wording has its Welsh
    changed = dialogues.change_consent_wording(
        session=session, dialogue_id=open_dialogue.id, report=current.report,
        quote=current.quote, notify=current.notify, report_cy="Geiriad newydd.",
        quote_cy=current.quote_cy, notify_cy=current.notify_cy, by=facilitator)
    assert changed.version == current.version + 1 and changed.report_cy == "Geiriad newydd."
    assert dialogues.consent_wording(session=session,
                                     dialogue_id=open_dialogue.id).report_cy == "Geiriad newydd."
    participant = session.get(Participant, pid)
    assert participation.needs_consent(session=session, participant=participant)


def test_only_seed_statements_get_welsh_and_only_from_an_editor(session, open_dialogue,
                                                                facilitator):
    board = staff.create_user(session=session, username="bob", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    seed = session.exec(select(Statement).where(
        Statement.dialogue_id == open_dialogue.id).order_by(Statement.id)).first()
    with pytest.raises(PermissionDenied):
        dialogues.set_statement_welsh(session=session, statement_id=seed.id,
                                      text_cy="Datganiad", by=board)
    dialogues.set_statement_welsh(session=session, statement_id=seed.id,
                                  text_cy="Datganiad un", by=facilitator)
    session.refresh(seed)
    assert participation.in_language(seed, "text", "cy") == ("Datganiad un", "cy")
    assert participation.in_language(seed, "text", "en") == ("Statement one", "en")
    pid = _joined(session)
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    own = participation.add_statement(session=session, participant_id=pid, text="Fy syniad")
    with pytest.raises(Conflict):
        dialogues.set_statement_welsh(session=session, statement_id=own.id,
                                      text_cy="Changed words", by=facilitator)
    session.refresh(own)
    assert own.text_cy == "" and own.text == "Fy syniad"
    with pytest.raises(NotFound):
        dialogues.set_statement_welsh(session=session, statement_id=10**6, text_cy="x",
                                      by=facilitator)


def test_new_english_consent_wording_never_keeps_an_old_welsh_translation(session, open_dialogue,
                                                                          facilitator):
    """A caller who changes the English and gives no Welsh: the Welsh of the changed text is
    dropped (Welsh readers see the new English, with a note), the rest is kept."""
    current = dialogues.consent_wording(session=session, dialogue_id=open_dialogue.id)
    assert current.quote_cy and current.report_cy
    changed = dialogues.change_consent_wording(
        session=session, dialogue_id=open_dialogue.id, report=current.report,
        quote="My words may be quoted on posters too.", notify=current.notify, by=facilitator)
    assert changed.quote_cy == "" and changed.report_cy == current.report_cy
    assert changed.notify_cy == current.notify_cy
    assert participation.in_language(open_dialogue, "title", "cy")[1] == "en"
