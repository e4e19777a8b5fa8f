"""A session's name in Welsh (issue 15, item 7, gap a) on SQLite and PostgreSQL: optional and
checked like the English name; a Welsh reader sees it, or the English name with its language
said; the held data and the brief name the session in the reader's language."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.errors import InvalidInput
from engagement.models import DialogueSession
from engagement.services import dialogues, participation


def _online(session) -> DialogueSession:
    return session.exec(select(DialogueSession).where(DialogueSession.name == "Online")).one()


def test_a_session_takes_a_welsh_name_and_a_reader_sees_their_language(session, open_dialogue,
                                                                      facilitator):
    row = dialogues.add_session(session=session, dialogue_id=open_dialogue.id,
                                name="Evening workshop", mode="workshop",
                                name_cy="  Gweithdy\tgyda’r nos ", by=facilitator)
    session.expire_all()
    row = session.get(DialogueSession, row.id)
    assert row.name_cy == "Gweithdy gyda’r nos"  # tidied like any staff text
    assert participation.in_language(row, "name", "cy") == ("Gweithdy gyda’r nos", "cy")
    assert participation.in_language(row, "name", "en") == ("Evening workshop", "en")
    online = _online(session)
    assert online.name_cy is None  # not written: NULL, and the English with its language
    assert participation.in_language(online, "name", "cy") == ("Online", "en")


def test_changing_a_session_keeps_changes_or_removes_its_welsh(session, open_dialogue,
                                                               facilitator):
    online = _online(session)

    def edit(**changes):
        fields = {"name": online.name, "mode": online.mode, "starts_at": online.starts_at,
                  "location": online.location}
        return dialogues.edit_session(session=session, session_id=online.id, by=facilitator,
                                      **(fields | changes))

    assert edit(name_cy="Ar-lein").name_cy == "Ar-lein"
    assert edit(name="Online session").name_cy == "Ar-lein"  # not given: kept
    assert edit(name_cy=" ").name_cy is None  # empty: removed
    session.expire_all()
    assert session.get(DialogueSession, online.id).name_cy is None


@pytest.mark.parametrize("bad", ["x" * 121, 7, ["Ar-lein"]])
def test_a_bad_welsh_name_is_refused_and_changes_nothing(session, open_dialogue, facilitator,
                                                         bad):
    online = _online(session)
    with pytest.raises(InvalidInput) as refused:
        dialogues.edit_session(session=session, session_id=online.id, name="Online",
                               name_cy=bad, by=facilitator)
    assert "session name in Welsh" in str(refused.value)
    with pytest.raises(InvalidInput):
        dialogues.add_session(session=session, dialogue_id=open_dialogue.id, name="Another",
                              name_cy=bad, by=facilitator)
    session.expire_all()
    assert _online(session).name_cy is None
    assert len(dialogues.sessions_of(session=session, dialogue_id=open_dialogue.id)) == 1


def test_the_held_data_names_session_and_statements_in_the_readers_language(
        session, open_dialogue, facilitator):
    online = _online(session)
    dialogues.edit_session(session=session, session_id=online.id, name="Online",
                           name_cy="Ar-lein", by=facilitator)
    first = dialogues.statements_of(session=session, dialogue_id=open_dialogue.id,
                                    by=facilitator)[0]
    dialogues.set_statement_welsh(session=session, statement_id=first.id,
                                  text_cy="Datganiad un", by=facilitator)
    pid = participation.join(session=session, join_code="TEST01",
                             session_id=online.id).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    participation.mark_briefing_read(session=session, participant_id=pid)
    participation.record_position(session=session, participant_id=pid, stage="pre",
                                  support=3, confidence=3)
    for statement in dialogues.statements_of(session=session, dialogue_id=open_dialogue.id,
                                             by=facilitator):
        participation.cast_vote(session=session, participant_id=pid,
                                statement_id=statement.id, value="agree")
    held = participation.my_data(session=session, participant_id=pid)
    welsh = participation.readable_data(held, lang="cy")
    english = participation.readable_data(held, lang="en")
    assert dict(welsh[0].rows)["Your session"] == "Ar-lein"
    assert dict(english[0].rows)["Your session"] == "Online"
    def votes(sections):
        return next(s for s in sections if s.heading == "Your votes").rows

    voted = [row[0] for row in votes(welsh)]
    assert voted == ["Datganiad un", "Statement two", "Statement three"]  # the rest: English
    assert [row[0] for row in votes(english)][0] == "Statement one"
