"""The room's screen in a real browser at 1920×1080 (a projector's full HD): the join code
and its QR code are on screen without scrolling, the code is large enough to read from the
back of a room, and nobody signed out (or without the facilitator's menu) reaches it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.models import Participant, Statement, Vote
from tests.app.helpers import JOIN_CODE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(180)]

WAIT_MS = 30_000
FULL_HD = {"width": 1920, "height": 1080}
LONG = ("Researchers should ask again before they use my genome for a study that is "
        "different from the one I agreed to")


def fill_the_room(seeded) -> None:
    """30 people joined and voted: one statement everyone agrees with, one that splits the
    room evenly, one 18 to 12, and a long one that 20 agree with and 10 pass (the default
    minimum is 10)."""
    with seeded.db() as session:
        long = Statement(dialogue_id=seeded.dialogue_id, text=LONG, normalised=LONG.lower())
        session.add(long)
        session.flush()
        statements = list(session.exec(select(Statement).where(
            Statement.dialogue_id == seeded.dialogue_id).order_by(Statement.id)))
        assert len(statements) == 4
        for i in range(30):
            person = Participant(dialogue_id=seeded.dialogue_id, pseudonym=f"P-room-{i}",
                                 session_id=seeded.session_id)
            session.add(person)
            session.flush()
            values = (1, 1 if i < 15 else -1, 1 if i < 18 else -1, 1 if i < 20 else 0)
            session.add_all(Vote(participant_id=person.id, statement_id=s.id,
                                 dialogue_id=seeded.dialogue_id, value=v)
                            for s, v in zip(statements, values, strict=True))
        session.commit()


def test_the_room_screen_is_readable_at_full_hd(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    fill_the_room(server.seeded)
    context = browser.new_context(viewport=FULL_HD)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url)
    page.get_by_role("link", name="Staff sign-in").click()
    page.get_by_role("textbox", name="Username").fill("fran")
    page.locator('input[aria-label="Password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    # The navigation of the same browser session (a new page load would sign out).
    page.get_by_role("navigation").get_by_role("link", name="Room screen").click()

    code = page.locator(".st-key-room-code [data-testid=stText]")
    expect(code).to_have_text(JOIN_CODE)
    expect(code).to_be_visible()
    qr = page.locator("[data-testid=stImage] img")
    expect(qr).to_be_visible()
    expect(page.get_by_text("30", exact=True)).to_be_visible()  # people joined
    expect(page.get_by_text(LONG, exact=False)).to_be_visible()
    expect(page.get_by_text("50% agree, 50% disagree", exact=False)).to_be_visible()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    size = code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 48, f"the join code is {size}px"
    source = qr.evaluate("e => e.complete && e.naturalWidth > 0 && e.src")
    assert source and source.startswith((server.url + "/", "data:image/")), source  # made here
    header = page.locator("[data-testid=stHeader]").bounding_box()
    title = page.locator(".st-key-room-title [data-testid=stText]").bounding_box()
    assert title["y"] >= header["y"] + header["height"], (title, header)  # not under the bar
    for element in (code, qr, page.locator(".st-key-room-note")):  # no scrolling needed
        box = element.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= FULL_HD["height"], box
    assert qr.bounding_box()["width"] >= 300
    page.screenshot(path=str(artifacts / "room-view-1920.png"))
    context.close()


def test_the_room_address_does_not_open_for_a_signed_out_visitor(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=FULL_HD)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url + "/room")
    expect(page.get_by_text("Take part in a public dialogue", exact=True)).to_be_visible()
    assert page.locator(".st-key-room-code").count() == 0
    assert page.get_by_role("navigation").get_by_role("link", name="Room screen").count() == 0
    context.close()


def test_a_board_members_menu_does_not_offer_the_room_screen(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=FULL_HD)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url)
    page.get_by_role("link", name="Staff sign-in").click()
    page.get_by_role("textbox", name="Username").fill("bob")
    page.locator('input[aria-label="Password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    navigation = page.get_by_role("navigation")
    expect(navigation.get_by_role("link", name="Board home")).to_be_visible()
    assert navigation.get_by_role("link", name="Room screen").count() == 0
    context.close()
