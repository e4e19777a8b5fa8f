"""A participant on a shared device, a browser joining over and over, staff-written markdown,
and a browser guessing staff passwords, through the pages as people would meet them."""

from __future__ import annotations

from markdown_it import MarkdownIt
from sqlmodel import select

from engagement.models import ConsentWording, Dialogue, DialogueSession, Participant
from engagement.security import hash_resume_code
from engagement.services import _throttle, participation, staff
from tests.app.helpers import (
    PASSWORD,
    TIMEOUT,
    click,
    errors,
    new_app,
    ok,
    sign_in,
    texts,
    widget,
)
from tests.app.test_participate import join, join_and_consent

TRACKER = "https://tracker.example/pixel.png"


def test_ending_a_visit_replaces_the_code_left_in_the_address_bar(seeded):
    at = join_and_consent(seeded)
    old = at.session_state["resume_code"]
    assert ok(new_app(resume=old).run(timeout=TIMEOUT)).session_state["resume_code"] == old

    click(at, "End my visit on this device")
    assert "Your visit has ended" in texts(at)
    new = [c.value for c in at.code]
    assert len(new) == 1 and new[0] != old
    assert "resume" not in at.query_params and "resume_code" not in at.session_state

    # The link the last person left in the address bar or history opens nothing now ...
    later = ok(new_app(resume=old).run(timeout=TIMEOUT))
    assert "Take part in a public dialogue" in texts(later)
    assert "resume_code" not in later.session_state
    # ... and the new code, shown once, brings the participant back to where they were.
    back = ok(new_app(resume=new[0]).run(timeout=TIMEOUT))
    assert back.session_state["resume_code"] == new[0]
    assert "Step 2 of 8: The briefing" in [p.proto.text for p in back.get("progress")]
    # Shown once: the next run of the same page no longer shows it.
    click(at, "I have written it down")
    assert new[0] not in texts(at)
    with seeded.db() as session:
        stored = session.get(Participant, back.session_state["participant_id"])
        assert stored.resume_code_hash == hash_resume_code(new[0])


def test_one_browser_joining_over_and_over_is_stopped(seeded, monkeypatch):
    monkeypatch.setattr(participation, "JOINS_BY_BROWSER", _throttle.Limit(
        "join-browser", attempts=2, window=participation.JOINS_BY_BROWSER.window,
        block=participation.JOINS_BY_BROWSER.block))
    at = new_app()
    for _ in range(2):
        join(at)
        click(at, "Join this dialogue")
        assert "resume_code" in at.session_state
        click(at, "End my visit on this device")
        click(at, "I have written it down")
    join(at)
    click(at, "Join this dialogue")
    assert "resume_code" not in at.session_state
    assert any("joined many times" in e for e in errors(at)), errors(at)
    # Another browser is not held up.
    other = join(new_app())
    click(other, "Join this dialogue")
    assert "resume_code" in other.session_state


def _staff_wrote_images_everywhere(seeded) -> None:
    image = f"![x]({TRACKER})"
    with seeded.db() as session:
        dialogue = session.get(Dialogue, seeded.dialogue_id)
        dialogue.briefing = f"Read this first ![a chart]({TRACKER})\n\n<img src=\"{TRACKER}\">"
        dialogue.proposed_use = f"Share data {image}"
        dialogue.title = f"Test dialogue {image}"
        dialogue.question = f"Should we? {image}"
        session.add(dialogue)
        place = session.get(DialogueSession, seeded.session_id)
        place.name = f"Evening online {image}"
        session.add(place)
        wording = session.exec(select(ConsentWording).where(
            ConsentWording.dialogue_id == dialogue.id,
            ConsentWording.version == dialogue.consent_version)).first() or ConsentWording(
            dialogue_id=dialogue.id, version=dialogue.consent_version, report="", quote="",
            notify="", created_by="test")
        wording.report = f"My answers may be used in this dialogue's report {image}"
        wording.quote, wording.notify = f"Quote me {image}", f"Tell me {image}"
        session.add(wording)
        session.commit()


def _shown_markdown(at) -> list[str]:
    """Every string the page hands Streamlit as markdown: text, headings, labels, options."""
    shown = [str(e.value) for kind in ("markdown", "title", "header", "subheader")
             for e in at.get(kind)]
    shown += [w.label for w in at.checkbox]
    shown += [str(option) for radio in at.radio for option in radio.options]
    return shown


def _assert_nothing_loads(shown: list[str]) -> None:
    parser = MarkdownIt("commonmark")
    for value in shown:
        for token in parser.parse(value):
            kinds = {token.type, *(child.type for child in token.children or ())}
            assert not kinds & {"image", "html_inline", "html_block"}, value


def test_staff_markdown_cannot_make_browsers_fetch_remote_images(seeded):
    _staff_wrote_images_everywhere(seeded)
    at = join(new_app())  # the session choice: title, question and session names
    shown = _shown_markdown(at)
    assert any(value.startswith("Evening online") for value in shown), shown
    _assert_nothing_loads(shown)
    click(at, "Join this dialogue")  # consent: the wording's labels
    shown = _shown_markdown(at)
    assert any(value.startswith("Quote me") for value in shown), shown
    _assert_nothing_loads(shown)
    widget(at.checkbox, at.checkbox[0].label).check()
    click(at, "Save my choices and continue")  # the briefing
    assert "Step 2 of 8: The briefing" in [p.proto.text for p in at.get("progress")]
    shown = _shown_markdown(at)
    assert any("a chart" in value for value in shown), shown
    _assert_nothing_loads(shown)


def test_a_browser_guessing_passwords_is_paused_and_others_are_not(seeded, monkeypatch):
    monkeypatch.setattr(staff, "SIGNIN_BY_BROWSER", _throttle.Limit(
        "signin-browser", attempts=3, window=staff.SIGNIN_BY_BROWSER.window,
        block=staff.SIGNIN_BY_BROWSER.block))
    at = new_app()
    for name in ("anna", "ben", "cara"):
        sign_in(at, name, "wrong horse battery")
        assert errors(at) == [staff.SIGN_IN_REFUSED]
    sign_in(at, "fran", PASSWORD)
    assert errors(at) == [staff.SIGN_IN_REFUSED]
    assert "user_id" not in at.session_state
    other = sign_in(new_app(), "fran", PASSWORD)
    assert "user_id" in other.session_state
