"""In a real browser: a long paste into the statement box is kept, cut to the limit with a
message (a limit in the browser used to drop the whole paste and leave the box empty), then
the thank-you page offers the review of answers and the data in words.

Screenshots go to test-artifacts/ (paste-*.png)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.models import Statement
from tests.app.helpers import JOIN_CODE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(180)]

WAIT_MS = 30_000
PASTED = "Insurers should never see it. " * 20  # 600 characters


def test_a_long_paste_is_cut_with_a_message_and_answers_can_be_reviewed(
        server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)

    def settle(page) -> None:
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def step(page, text: str) -> None:
        expect(page.get_by_text(text, exact=True)).to_be_visible()
        settle(page)

    def radio(page, group: str, option: str) -> None:
        page.get_by_role("radiogroup", name=group).first.get_by_text(option, exact=True).click()

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url)
    page.get_by_role("textbox", name="Join code").fill(JOIN_CODE)
    page.get_by_role("button", name="Find my dialogue").click()
    settle(page)
    page.get_by_role("button", name="Join this dialogue").click()
    step(page, "Step 1 of 8: Your consent")
    expect(page.get_by_text("How we use your information", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts / "paste-01-privacy-notice.png"), full_page=True)
    page.get_by_text("in the report of this dialogue to the governance board", exact=False).click()
    page.get_by_role("button", name="Save my choices and continue").click()
    step(page, "Step 2 of 8: The briefing")
    page.get_by_role("button", name="I have read the briefing").click()
    step(page, "Step 3 of 8: Your view before")
    radio(page, "How far do you support the proposal?", "Oppose")
    radio(page, "How sure are you?", "Fairly sure")
    page.get_by_role("button", name="Save and continue").click()
    step(page, "Step 4 of 8: Statements")
    page.get_by_role("button", name="Agree", exact=True).click()
    settle(page)
    page.get_by_role("button", name="I have voted enough, continue").click()

    step(page, "Step 5 of 8: Your own statement")
    box = page.get_by_role("textbox", name="Your statement")
    box.fill(PASTED)
    expect(box).to_have_value(PASTED)  # kept in the box, not dropped
    page.get_by_role("button", name="Send my statement").click()
    expect(page.get_by_text("so we have cut it to fit", exact=False)).to_be_visible()
    settle(page)
    cut = PASTED.strip()[:400].rstrip()
    expect(page.get_by_role("textbox", name="Your statement")).to_have_value(cut)
    page.screenshot(path=str(artifacts / "paste-02-cut-with-message.png"), full_page=True)
    page.get_by_role("button", name="Send my statement").click()

    step(page, "Step 6 of 8: Your reflection")
    with server.seeded.db() as session:
        assert session.exec(select(Statement.text).where(
            Statement.origin == "participant")).all() == [cut]
    page.get_by_role("button", name="Save and continue").click()
    step(page, "Step 7 of 8: Your view now")
    radio(page, "How far do you support the proposal?", "Support")
    radio(page, "How sure are you?", "Sure")
    page.get_by_role("button", name="Save and continue").click()
    step(page, "Step 8 of 8: Thank you")
    expect(page.get_by_text("Review my answers", exact=True)).to_be_visible()
    page.get_by_text("See or download everything we hold about you").click()
    page.get_by_text("Show everything we hold about me").click()
    settle(page)
    expect(page.get_by_text("Your vote: Agree", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts / "paste-03-review-and-my-data.png"), full_page=True)
    context.close()
