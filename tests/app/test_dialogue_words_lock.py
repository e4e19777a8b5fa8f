"""The facilitator's dialogue settings once people have answered (issue 14, item 8): the
question, proposed use and briefing are shown but cannot be edited, with the reason beside
them (asked of the service: dialogues.why_locked); the title still changes; and a page
loaded before the first answer is refused in one line when saved after it."""

from __future__ import annotations

from sqlmodel import select

from engagement.models import AuditEvent, Dialogue
from engagement.services import dialogues, participation
from tests.app.helpers import (
    JOIN_CODE,
    TIMEOUT,
    click,
    errors,
    ok,
    staff_on,
    texts,
    widget,
)

DIALOGUES = "pages/facilitator_dialogues.py"
LOCKED = ("The proposed use", "The question put to participants",
          "Briefing (Markdown: benefits and risks, balanced)")


def _page(seeded):
    return staff_on(seeded.facilitator_id, DIALOGUES)


def _vote(seeded) -> None:
    with seeded.db() as session:
        pid = participation.join(session=session, join_code=JOIN_CODE).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        participation.cast_vote(session=session, participant_id=pid, statement_id=1,
                                value="agree")


def _question(seeded) -> str:
    with seeded.db() as session:
        return session.get(Dialogue, seeded.dialogue_id).question


def test_the_words_people_answered_to_are_locked_with_the_reason_beside_them(seeded):
    at = _page(seeded)
    assert not any(widget(at.text_area, label).disabled for label in LOCKED)
    assert dialogues.ANSWERED not in texts(at)

    _vote(seeded)
    at = _page(seeded)
    for label in LOCKED:
        assert widget(at.text_area, label).disabled, label
    assert [c.value for c in at.caption].count(dialogues.ANSWERED) == 1
    assert not widget(at.text_input, "Title").disabled
    assert not widget(at.text_area, "Open question for reflections").disabled  # nobody reflected

    widget(at.text_input, "Title").input("Insurers and your data")
    click(at, "Save changes")
    assert not errors(at)
    with seeded.db() as session:
        assert session.get(Dialogue, seeded.dialogue_id).title == "Insurers and your data"
        assert session.exec(select(AuditEvent).where(
            AuditEvent.action == "dialogue.edited")).all()


def test_a_page_loaded_before_the_first_answer_is_refused_in_one_line(seeded):
    at = _page(seeded)  # nobody has answered yet: the question is editable
    before = _question(seeded)
    widget(at.text_area, "The question put to participants").input("A different question?")
    _vote(seeded)  # someone answers while the facilitator types
    click(at, "Save changes")
    assert errors(at) == [dialogues.ANSWERED]  # not "Saved." with the words gone
    assert _question(seeded) == before
    assert widget(at.text_area, "The question put to participants").value == \
        "A different question?"  # kept, to copy into a new dialogue
    ok(at.run(timeout=TIMEOUT))
    assert widget(at.text_area, "The question put to participants").disabled  # locked from now
    assert dialogues.ANSWERED in [c.value for c in at.caption]
