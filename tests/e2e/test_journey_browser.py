"""The whole participant journey in a real browser, then a facilitator accepts their statement.

Runs `streamlit run` on loopback against a seeded SQLite file and drives Debian Chromium.
Screenshots of every step go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from engagement.models import JourneyStep, Participant, Position, Statement
from tests.app.helpers import JOIN_CODE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(180)]

OWN = "Look ![x](http://127.0.0.1:9/x.png) and [click](http://example.invalid)"
WAIT_MS = 30_000


def test_participant_journey_and_moderation(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    shots = iter(range(1, 100))

    def shot(page, name: str) -> None:
        page.screenshot(path=str(artifacts / f"{next(shots):02d}-{name}.png"), full_page=True)

    def settle(page) -> None:
        """Wait for the script run to end and its stale elements to go."""
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def step(page, text: str) -> None:
        expect(page.get_by_text(text, exact=True)).to_be_visible()
        settle(page)

    def radio(page, group: str, option: str) -> None:
        page.get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)

    # Join.
    page.goto(server.url)
    page.get_by_role("textbox", name="Join code").fill(JOIN_CODE.lower())
    shot(page, "join")
    page.get_by_role("button", name="Find my dialogue").click()
    expect(page.get_by_text("Which session are you taking part in?")).to_be_visible()
    settle(page)
    shot(page, "choose-session")
    page.get_by_role("button", name="Join this dialogue").click()

    # Consent: the resume code is shown, and kept in the address for a reload.
    step(page, "Step 1 of 8: Your consent")
    expect(page).to_have_url(re.compile(r"\?resume=[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code = page.url.rsplit("resume=", 1)[1]
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    shot(page, "consent")
    page.get_by_role("button", name="Save my choices and continue").click()
    expect(page.get_by_text("we need your agreement", exact=False)).to_be_visible()
    settle(page)
    shot(page, "consent-refused")
    page.get_by_text("in the report of this dialogue to the governance board", exact=False).click()
    page.get_by_role("button", name="Save my choices and continue").click()

    step(page, "Step 2 of 8: The briefing")
    shot(page, "briefing")
    page.get_by_role("button", name="I have read the briefing").click()

    step(page, "Step 3 of 8: Your view before")
    radio(page, "How far do you support the proposal?", "Oppose")
    radio(page, "How sure are you?", "Fairly sure")
    shot(page, "position-before")
    page.get_by_role("button", name="Save and continue").click()

    step(page, "Step 4 of 8: Statements")
    expect(page.get_by_text("You have answered 0 of 3 statements.")).to_be_visible()
    shot(page, "voting")
    statement = page.locator('[data-testid="stText"]').first

    def answer(label: str) -> None:
        """Click, then wait until the next statement has replaced this one."""
        before = statement.inner_text()
        page.get_by_role("button", name=label, exact=True).click()
        expect(statement).not_to_have_text(before)
        settle(page)  # buttons of a run still in progress may be stale and ignore clicks

    answer("Agree")
    expect(page.get_by_text("You have answered 1 of 3 statements.")).to_be_visible()

    # Reload mid-way: the participant comes back to the same step and progress.
    page.reload()
    step(page, "Step 4 of 8: Statements")
    expect(page.get_by_text("You have answered 1 of 3 statements.")).to_be_visible()
    shot(page, "voting-after-reload")
    answer("Skip")
    expect(page.get_by_text("You have answered 1 of 3 statements.")).to_be_visible()
    page.get_by_role("button", name="Disagree", exact=True).click()
    step(page, "You have seen every statement. Thank you.")
    shot(page, "voting-done")
    page.get_by_role("button", name="Continue", exact=True).click()

    # Own statement with Markdown in it.
    step(page, "Step 5 of 8: Your own statement")
    page.get_by_role("textbox", name="Your statement").fill(OWN)
    shot(page, "own-statement")
    page.get_by_role("button", name="Send my statement").click()

    step(page, "Step 6 of 8: Your reflection")
    page.get_by_role("textbox", name="Your answer (optional)").fill("Who would see it?")
    shot(page, "reflection")
    page.get_by_role("button", name="Save and continue").click()

    step(page, "Step 7 of 8: Your view now")
    radio(page, "How far do you support the proposal?", "Unsure")
    radio(page, "How sure are you?", "Not very sure")
    page.get_by_role("button", name="Save and continue").click()

    step(page, "Step 8 of 8: Thank you")
    expect(page.get_by_text("Thank you for taking part. Your answers have been recorded.")
           ).to_be_visible()
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    shot(page, "thank-you")
    context.close()

    with server.seeded.db() as session:
        participant = session.exec(select(Participant)).one()
        statement = session.exec(select(Statement).where(Statement.text == OWN)).one()
        positions = {p.stage: (p.support, p.confidence)
                     for p in session.exec(select(Position))}
    assert participant.step == JourneyStep.DONE
    assert positions == {"pre": (2, 3), "post": (3, 2)}
    assert statement.status == "pending"

    # A facilitator, in another browser, signs in and accepts the statement.
    staff = browser.new_context(viewport={"width": 1100, "height": 900})
    page = staff.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url)
    page.get_by_role("link", name="Staff sign-in").click()
    page.get_by_role("textbox", name="Username").fill("fran")
    page.locator('input[aria-label="Password"]').fill(PASSWORD)
    shot(page, "staff-sign-in")
    page.get_by_role("button", name="Sign in").click()
    # Signing in leads to the facilitator's home; the navigation now lists their pages.
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    settle(page)
    # Use the navigation in the same browser session (a new page load would sign out).
    page.get_by_role("navigation").get_by_role("link", name="Moderation").click()
    expect(page.get_by_text("Moderation queue", exact=True)).to_be_visible()
    expect(page.get_by_text("1 statement(s) waiting", exact=False)).to_be_visible()
    settle(page)

    # The statement is shown as typed: no image is fetched and no link is made from it.
    shown = page.locator('[data-testid="stText"]', has_text="![x](http://127.0.0.1:9/x.png)")
    expect(shown).to_have_count(1)
    assert shown.inner_text().strip() == OWN
    assert shown.locator("img, a").count() == 0
    assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
    assert page.locator('a[href*="example.invalid"]').count() == 0
    shot(page, "moderation-queue")

    page.get_by_label(f"Select statement S{statement.id}").check(force=True)
    settle(page)
    page.get_by_role("button", name=re.compile(r"^Apply to")).click()
    expect(page.get_by_text("Nothing is waiting for moderation in this dialogue.")
           ).to_be_visible()
    shot(page, "moderation-done")
    staff.close()

    with server.seeded.db() as session:
        accepted = session.get(Statement, statement.id)
    assert accepted.status == "accepted"
    assert accepted.moderated_by == server.seeded.facilitator_id


@pytest.mark.parametrize("path", ["/facilitator_dialogues", "/facilitator_moderation",
                                  "/board_home", "/ui"])
def test_staff_addresses_do_not_open_for_a_signed_out_visitor(server, browser, artifacts, path):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(server.url + path)
        expect(page.get_by_text("Take part in a public dialogue", exact=True)).to_be_visible()
        links = page.get_by_role("navigation", name="Menu").get_by_role("link")
        expect(links.first).to_be_visible()  # the app's menu, named by its script
        names = {name.split("\n")[-1].strip() for name in links.all_inner_texts()}
        assert "Staff sign-in" in names and "Take part" in names
        assert not {"Dialogues", "Moderation", "Board home", "facilitator dialogues", "ui"} & names
        assert page.get_by_role("heading", name="Dialogues").count() == 0
        page.screenshot(path=str(artifacts / f"address{path.replace('/', '-')}.png"))
    finally:
        context.close()
