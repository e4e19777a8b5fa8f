"""The whole participant journey and a facilitator's moderation with the keyboard alone.

Only Tab, Shift+Tab, Enter, Space, arrow keys and typing: no mouse, no element.click(). At every
key press the focused element must show a visible focus indicator (a computed outline, or a
box-shadow, on the element or, for a visually hidden radio or checkbox input, on its label),
and Tab must move focus on (never trapped). Confirmations must be in a live region (role=status
or aria-live) so that a screen reader announces them.

Screenshots of focused states go to test-artifacts/ (keyboard-*.png).
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from engagement.models import JourneyStep, Participant, Position, Statement
from tests.app.helpers import JOIN_CODE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

WAIT_MS = 30_000
MAX_TABS = 80
OWN = "Researchers should publish every use of the data."
OFF_TOPIC = "The car park at the clinic is too small."

# What the focused element is, and whether its focus can be seen.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const box = el.getBoundingClientRect();
  const hidden = box.width <= 2 || box.height <= 2 || getComputedStyle(el).opacity === '0';
  const shown = hidden ? (el.closest('label') || el) : el;
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const name = (el.getAttribute('aria-label') || label || el.innerText || el.value ||
                el.getAttribute('title') || '').replace(/\\s+/g, ' ').trim();
  const group = el.closest('[role="radiogroup"]');
  const moved = window.__keyboardLast !== el;
  window.__keyboardLast = el;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: name,
          group: group ? group.getAttribute('aria-label') : null,
          checked: el.checked === true, visible: outline || shadow, moved: moved,
          outline: style.outlineStyle + ' ' + style.outlineWidth, shadow: style.boxShadow};
}"""

LIVE = '[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]'


class Keyboard:
    """Key presses with focus checked after each one."""

    def __init__(self, page, artifacts, prefix: str):
        self.page = page
        self.artifacts = artifacts
        self.prefix = prefix
        self.shots = 0
        self.stops = 0  # focus stops checked, for the report

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUS_JS)

    def check(self, where: str, focus: dict | None = None) -> dict:
        focus = focus or self.focused()
        assert focus is not None, f"{where}: focus fell to the page body"
        assert focus["visible"], f"{where}: focus is not visible on {focus}"
        self.stops += 1
        return focus

    def settle(self) -> None:
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        self.page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def tab_to(self, name: str | re.Pattern, *, backwards: bool = False, group: str | None = None,
               exact: bool = True) -> dict:
        """Tab (or Shift+Tab) until the focused element has this name; every stop must show
        its focus and be a new element."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            focus = self.focused()
            if focus is None:  # between the page's last stop and the browser's own controls
                continue
            assert focus["moved"], f"{key} did not move focus on from {focus}: trapped"
            self.check(f"{key} towards {name!r}", focus)
            if group is not None:
                if focus["group"] == group:
                    return focus
                continue
            if _matches(focus["name"], name, exact):
                return focus
        raise AssertionError(f"{MAX_TABS} presses of {key} did not reach {name!r}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def choose(self, group: str, option: str) -> None:
        """Tab into a radio group, then arrow keys to the option (arrows check as they move)."""
        focus = self.tab_to(group, group=group)
        if not focus["checked"]:
            self.press("Space")
        for _ in range(10):
            focus = self.check(f"radio group {group!r}")
            if focus["name"] == option:
                assert focus["checked"], f"{option!r} is focused but not chosen"
                return
            self.press("ArrowRight")
        raise AssertionError(f"arrow keys did not reach {option!r} in {group!r}")

    def shot(self, name: str) -> None:
        self.shots += 1
        self.page.screenshot(
            path=str(self.artifacts / f"keyboard-{self.prefix}-{self.shots:02d}-{name}.png"))


def _matches(found: str, wanted: str | re.Pattern, exact: bool) -> bool:
    if isinstance(wanted, re.Pattern):
        return wanted.search(found) is not None
    return found == wanted if exact else wanted in found


def test_participant_journey_and_moderation_by_keyboard_alone(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    keys = Keyboard(page, artifacts, "participant")

    def step(text: str) -> None:
        expect(page.get_by_text(text, exact=True)).to_be_visible()
        keys.settle()

    def announced(text: str) -> None:
        expect(page.locator(LIVE).filter(has_text=text).first).to_be_attached()

    page.goto(server.url)
    step("Take part in a public dialogue")
    # The first stop is the skip link: Enter takes focus past the navigation to the page.
    first = keys.tab_to(re.compile(".+"))
    assert first["name"] == "Skip to main content", first
    keys.shot("skip-link")
    keys.press("Enter")
    assert keys.check("after the skip link")["tag"] == "main"
    keys.tab_to("Join code")
    page.keyboard.type(JOIN_CODE.lower())
    keys.shot("join-code")
    keys.tab_to("Find my dialogue")
    keys.shot("find-button")
    keys.press("Enter")
    step("Which session are you taking part in?")
    keys.tab_to("Join this dialogue")
    keys.press("Enter")

    step("Step 1 of 8: Your consent")
    keys.tab_to("in the report of this dialogue to the governance board", exact=False)
    keys.press("Space")
    keys.shot("consent-box")
    keys.tab_to("Save my choices and continue")
    keys.press("Enter")

    step("Step 2 of 8: The briefing")
    keys.tab_to("I have read the briefing")
    keys.shot("briefing-button")
    keys.press("Enter")

    step("Step 3 of 8: Your view before")
    keys.choose("How far do you support the proposal?", "Oppose")
    keys.shot("position-radio")
    keys.choose("How sure are you?", "Fairly sure")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    step("Step 4 of 8: Statements")
    for vote, answered in (("Agree", 1), ("Skip", 1), ("Disagree", 2)):
        keys.tab_to(vote)
        if answered == 1 and vote == "Agree":
            keys.shot("vote-button")
        keys.press("Enter")
        expect(page.get_by_text(f"You have answered {answered} of 3 statements.")
               ).to_be_visible()
        keys.settle()
    step("You have seen every statement. Thank you.")
    keys.tab_to("Continue")
    keys.press("Enter")

    step("Step 5 of 8: Your own statement")
    keys.tab_to("Your statement")
    page.keyboard.type(OWN)
    keys.shot("statement-box")
    keys.tab_to("Send my statement")
    keys.press("Enter")
    step("Step 6 of 8: Your reflection")
    announced("your statement will be checked by a facilitator")
    keys.shot("statement-announced")

    keys.tab_to("Your answer (optional)")
    page.keyboard.type("Who would see it?")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    step("Step 7 of 8: Your view now")
    announced("Saved.")
    keys.choose("How far do you support the proposal?", "Unsure")
    keys.choose("How sure are you?", "Not very sure")
    keys.tab_to("Save and continue")
    keys.press("Enter")

    step("Step 8 of 8: Thank you")
    announced("Thank you for taking part. Your answers have been recorded.")
    # Never trapped: Tab goes on past the page's last control and round to the skip link,
    # and Shift+Tab goes back the other way.
    keys.tab_to("Skip to main content")
    keys.tab_to("Review my answers", backwards=True, exact=False)
    keys.shot("thank-you")
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
    step("Take part in a public dialogue")
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
    step("Moderation queue")
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
    announced("Decision recorded.")
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
    step("Nothing is waiting for moderation in this dialogue.")
    announced("Decision recorded.")
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
