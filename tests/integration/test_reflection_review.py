"""A reflection is quoted only after the same redaction and privacy review as a statement
(issue 12, item 6): never before a facilitator has read it, never once kept out, and always
redacted."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.brief import versions
from engagement.demo import load_demo
from engagement.models import AuditEvent, Consent, Reflection
from engagement.services import moderation, participation, staff
from engagement.services._lookup import dialogue_by_slug, reflection_quotable


@pytest.fixture
def demo(session):
    # 200 people: enough reflections for a theme of 10 or more authors, which may be quoted
    load_demo(session=session, participants_per_dialogue=(200, 200))
    facilitator = staff.create_user(session=session, username="fran",
                                    password="violet-harbour-lantern-42",
                                    role="facilitator", by=SYSTEM_CLI)
    return dialogue_by_slug(session, "insurance"), facilitator


def quoted(session, dialogue, facilitator) -> dict[str, str]:
    """Reflections the brief quotes: id -> quoted text."""
    brief = versions.sign_off_brief(session=session, dialogue_id=dialogue.id, by=facilitator,
                                    acknowledge_open=True, analysis_checked=True)
    data = versions.brief_data(brief)
    return {q["id"]: q["text"] for t in data["themes"]["themes"] for q in t["quotes"]
            if q["id"].startswith("R")}


def test_unreviewed_reflections_are_never_quoted(session, demo):
    dialogue, facilitator = demo
    reflections = session.exec(select(Reflection).where(
        Reflection.dialogue_id == dialogue.id).order_by(Reflection.id)).all()
    assert len(reflections) >= 10
    first = quoted(session, dialogue, facilitator)
    assert first, "the demo's reviewed reflections are quoted"

    for reflection in reflections:  # as if just written: nobody has read them yet
        reflection.reviewed_at = None
    session.commit()
    assert quoted(session, dialogue, facilitator) == {}
    review = moderation.privacy_review(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert {i.id for i in review if i.kind == "reflection"} == {r.id for r in reflections}

    kept_out = int(sorted(first)[0][1:])
    for reflection in reflections:
        review_it = moderation.keep_out_of_quotes if reflection.id == kept_out \
            else moderation.allow_quotes
        review_it(session=session, reflection_id=reflection.id, by=facilitator)
    shown = quoted(session, dialogue, facilitator)
    assert f"R{kept_out}" not in shown
    # every other quote stays; another typical reflection of the theme may take the place
    # of the one kept out (a theme shows up to three quotes)
    assert {k: v for k, v in first.items() if k != f"R{kept_out}"}.items() <= shown.items()
    assert len(shown) <= len(first)
    consenting = {c.participant_id for c in session.exec(select(Consent)) if c.quote}
    for key in shown:
        reflection = session.get(Reflection, int(key[1:]))
        assert reflection_quotable(reflection) and reflection.participant_id in consenting
    assert not [i for i in moderation.privacy_review(
        session=session, dialogue_id=dialogue.id, by=facilitator)
                if i.kind == "reflection"]
    actions = [e.action for e in session.exec(select(AuditEvent).where(
        AuditEvent.object_type == "reflection"))]
    assert actions.count("reflection.quotable") == len(reflections) - 1
    assert actions.count("reflection.not_quotable") == 1


def _consented(session) -> int:
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    return pid


def test_a_reflection_with_personal_data_is_reviewed_redacted(session, open_dialogue,
                                                              facilitator):
    """No re-identification risk, only an e-mail address (hidden by a word joiner): it waits
    for review all the same, shown redacted."""
    pid = _consented(session)
    participation.save_reflection(session=session, participant_id=pid,
                                  text="I changed my mind; write to me at kim\u2060@example.net")
    review = moderation.privacy_review(
        session=session, dialogue_id=open_dialogue.id, by=facilitator)
    assert [(i.kind, i.removed, i.risks) for i in review] == [("reflection", ("EMAIL",), ())]
    assert review[0].text == "I changed my mind; write to me at [email]"
    reflection = session.get(Reflection, review[0].id)
    assert not reflection_quotable(reflection)

    moderation.allow_quotes(session=session, reflection_id=reflection.id, by=facilitator)
    assert reflection_quotable(session.get(Reflection, reflection.id))
    assert moderation.privacy_review(session=session, dialogue_id=open_dialogue.id,
                                     by=facilitator) == []

    # New words are new text to review: not quotable again until a facilitator has read them.
    participation.save_reflection(session=session, participant_id=pid,
                                  text="On second thoughts: ring 07700 900222")
    assert not reflection_quotable(session.get(Reflection, reflection.id))
    review = moderation.privacy_review(
        session=session, dialogue_id=open_dialogue.id, by=facilitator)
    assert [(i.id, i.removed) for i in review] == [(reflection.id, ("PHONE",))]


def test_reviewing_a_reflection_is_for_facilitators(session, open_dialogue):
    from engagement.errors import PermissionDenied

    pid = _consented(session)
    participation.save_reflection(session=session, participant_id=pid, text="Fine by me.")
    board = staff.create_user(session=session, username="bea", password="amber-quarry-lantern-17",
                              role="board", by=SYSTEM_CLI)
    reflection = session.exec(select(Reflection)).one()
    with pytest.raises(PermissionDenied):
        moderation.allow_quotes(session=session, reflection_id=reflection.id, by=board)
    assert not reflection_quotable(session.get(Reflection, reflection.id))
