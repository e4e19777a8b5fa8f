"""The whole participant journey and a facilitator's moderation with the keyboard alone.

Only Tab, Shift+Tab, Enter, Space, arrow keys and typing: no mouse, no element.click(). At every
key press the focus must be visible, on the screen and uncovered, and Tab must move it on (never
trapped): tests/support/keyboard.py. Confirmations must be in a live region (role=status or
aria-live) so that a screen reader announces them, and in only one, so it says them once.

Screenshots of focused states go to test-artifacts/ (keyboard-*.png).
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from engagement.models import JourneyStep, Participant, Position, Statement
from tests.app.helpers import PASSWORD
from tests.support.keyboard import OWN, Keyboard, participant_journey

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

WAIT_MS = 30_000
OFF_TOPIC = "The car park at the clinic is too small."


def test_participant_journey_and_moderation_by_keyboard_alone(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    keys = Keyboard(page, artifacts, "participant")

    participant_journey(keys, server.url)
    context.close()

    with server.seeded.db() as session:
        participant = session.exec(select(Participant)).one()
        statement = session.exec(select(Statement).where(Statement.text == OWN)).one()
        positions = {p.stage: (p.support, p.confidence) for p in session.exec(select(Position))}
    assert participant.step == JourneyStep.DONE
    assert positions == {"pre": (2, 3), "post": (3, 2)}
    assert statement.status == "pending"
    print(f"participant journey: {keys.stops} focus stops checked")
    with server.seeded.db() as session:  # a second statement waiting, to reject
        off_topic = Statement(dialogue_id=server.seeded.dialogue_id, text=OFF_TOPIC,
                              normalised=OFF_TOPIC.lower(), origin="participant",
                              status="pending")
        session.add(off_topic)
        session.commit()
        off_topic_id = off_topic.id

    # A facilitator signs in and accepts the statement, by keyboard too.
    staff = browser.new_context(viewport={"width": 1100, "height": 900})
    page = staff.new_page()
    page.set_default_timeout(WAIT_MS)
    keys = Keyboard(page, artifacts, "facilitator")
    page.goto(server.url)
    keys.step("Take part in a public dialogue")
    keys.tab_to("Staff sign-in", exact=False)
    keys.shot("nav-link")
    keys.press("Enter")
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    keys.settle()
    keys.tab_to("Username")
    page.keyboard.type("fran")
    keys.tab_to("Password")
    page.keyboard.type(PASSWORD)
    keys.tab_to("Sign in")
    keys.shot("sign-in")
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    keys.settle()
    keys.tab_to("Moderation", exact=False)
    keys.press("Enter")
    keys.step("Moderation queue")
    expect(page.get_by_text("2 statement(s) waiting", exact=False)).to_be_visible()
    keys.tab_to(f"Select statement S{statement.id}")
    keys.press("Space")
    keys.shot("select-statement")
    keys.settle()
    keys.choose("Decision", "Accept")
    keys.tab_to(re.compile(r"^Apply to"))
    keys.shot("apply")
    keys.press("Enter")
    expect(page.get_by_text("1 statement(s) waiting", exact=False)).to_be_visible()
    keys.settle()
    keys.announced("Decision recorded.")
    keys.shot("accepted")

    # Reject the other, for a reason chosen from the list with arrow keys.
    keys.tab_to(f"Select statement S{off_topic_id}")
    keys.press("Space")
    keys.settle()
    # Said once: the run after the announcement starts with an empty status region.
    expect(page.locator(".app-status")).to_have_text("")
    keys.choose("Decision", "Reject")
    keys.tab_to(re.compile("^(Selected: )?Reason for rejecting"))
    keys.press("ArrowDown")  # opens the list on its first reason
    expect(page.get_by_role("option").first).to_be_visible()
    keys.shot("reason-list")
    keys.press("Enter")
    keys.check("reason chosen")
    keys.tab_to(re.compile(r"^Apply to"))
    keys.press("Enter")
    keys.step("Nothing is waiting for moderation in this dialogue.")
    keys.announced("Decision recorded.")
    keys.shot("rejected")
    print(f"moderation: {keys.stops} focus stops checked")
    staff.close()

    with server.seeded.db() as session:
        accepted = session.get(Statement, statement.id)
    assert accepted.status == "accepted"
    assert accepted.moderated_by == server.seeded.facilitator_id
    with server.seeded.db() as session:
        rejected = session.get(Statement, off_topic_id)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "off_topic")
