"""The staff pages and the phone width with the keyboard alone (issue 15 item 3).

A facilitator sets up a dialogue (creates it, adds a seed statement and a dated session), reads
the live counts of another and signs its brief off; a board member reaches the brief's downloads
(pressing none) and records a decision citing two findings chosen in the multiselect; an
administrator reaches the staff accounts page; and a participant, 390 px wide, opens and closes
the menu and takes the whole journey. Keys only (tests/support/keyboard.py checks the focus at
every press: visible, on screen, not under the menu or header, and moved on by Tab), and each
confirmation is said by exactly one live region.

Screenshots of focused states: test-artifacts/keyboard-{staff,board,admin,phone}-*.png."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import Session, select

from engagement.db import make_engine
from engagement.models import (
    Decision,
    Dialogue,
    DialogueSession,
    JourneyStep,
    Participant,
    Statement,
)
from tests.e2e.conftest import start_demo_app
from tests.support.keyboard import OWN, Keyboard, participant_journey

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(420)]

WAIT_MS = 60_000  # the first run of a fresh server, on a loaded machine, is slow
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
SEED = "Insurers should say which tests they ask about."
SESSION = "Evening at the library"
SIDEBAR_OPEN = '[data-testid="stSidebar"][data-collapsed="false"]'
# The menu slides in and out: its place once it has finished moving.
SIDEBAR_LEFT = "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left"


def open_keyboard(browser, artifacts, prefix: str, viewport: dict) -> Keyboard:
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    page = browser.new_context(viewport=viewport).new_page()
    page.set_default_timeout(WAIT_MS)
    return Keyboard(page, artifacts, prefix)


def sign_in(keys: Keyboard, base: str, username: str, password: str) -> None:
    """From the home page: the menu's sign-in link, the form, by keys."""
    from playwright.sync_api import expect

    keys.page.goto(base)
    keys.step("Take part in a public dialogue")
    keys.tab_to(re.compile("Staff sign-in$"))
    keys.press("Enter")
    expect(keys.page.get_by_role("textbox", name="Username")).to_be_visible()
    keys.settle()
    keys.tab_to("Username")
    keys.page.keyboard.type(username)
    keys.tab_to("Password")
    keys.page.keyboard.type(password)
    keys.tab_to("Sign in")
    keys.press("Enter")
    expect(keys.page.get_by_role("button", name="Sign in")).to_have_count(0)
    keys.settle()


def go(keys: Keyboard, link: str, heading: str) -> None:
    """A page of the menu, by Tab (or Shift+Tab: the menu comes before the page) and Enter."""
    from playwright.sync_api import expect

    keys.tab_to(re.compile(rf"\b{re.escape(link)}$"), backwards=True)
    keys.press("Enter")
    expect(keys.page.get_by_role("heading", name=heading).first).to_be_visible()
    keys.settle()


def menu_open(keys: Keyboard, is_open: bool, *, focus_moved: bool = True) -> None:
    from playwright.sync_api import expect

    expect(keys.page.locator(SIDEBAR_OPEN)).to_have_count(1 if is_open else 0)
    keys.page.wait_for_function(f"{SIDEBAR_LEFT} {'>=' if is_open else '<'} 0")
    if not focus_moved:
        return
    # The menu's script moves the focus once Streamlit has drawn what it moves it to.
    keys.page.wait_for_function("document.activeElement && document.activeElement !== "
                                "document.body")


def confirmed(keys: Keyboard, message: str) -> None:
    """Shown on the page, and announced by one live region."""
    keys.step(message)
    keys.announced(message)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demonstration data served as in production, and where its database is."""
    folder = tmp_path_factory.mktemp("e2e-keyboard")
    for base, passwords in start_demo_app(folder, "serve.py"):  # stops the server after
        yield base, passwords, f"sqlite:///{folder / 'app.db'}"


def test_staff_pages_by_keyboard_alone(demo, browser, artifacts):
    from playwright.sync_api import expect

    base, passwords, database = demo

    # A facilitator sets up a new dialogue.
    keys = open_keyboard(browser, artifacts, "staff", DESKTOP)
    page = keys.page
    sign_in(keys, base, "facilitator", passwords["facilitator"])
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    keys.tab_to(re.compile("Create a new dialogue$"))
    keys.press("Enter")  # a <details> summary opens with Enter
    keys.tab_to("Title (leave empty to use the template's)")
    page.keyboard.type("Keyboard dialogue")
    keys.tab_to("Short name for links")
    page.keyboard.type("keyboard-2027")
    keys.tab_to("Create dialogue")
    keys.shot("create")
    keys.watch_status()
    keys.press("Enter")
    confirmed(keys, "Dialogue created as a draft.")
    assert keys.status_kept(), "the status region was replaced, not told the message"
    keys.shot("created")

    # Its tabs: Tab reaches the chosen one, arrow keys move to the next.
    keys.tab_to("Details")
    keys.press("ArrowRight")
    assert keys.check("the Statements tab")["name"] == "Statements"
    keys.tab_to("New seed statement")
    page.keyboard.type(SEED)
    keys.tab_to("Add statement")
    keys.press("Enter")
    confirmed(keys, "Statement added.")
    keys.tab_to("Statements", backwards=True)
    keys.press("ArrowRight")
    assert keys.check("the Sessions tab")["name"] == "Sessions"
    keys.tab_to("Session name")
    page.keyboard.type(SESSION)
    # The date and time are typed into their parts (day, month, year; hour, minute).
    keys.tab_to("day, Date")
    page.keyboard.type("24062027")
    keys.shot("session-date")
    keys.tab_to("hour, Start time (UK time)")
    page.keyboard.type("1830")
    keys.tab_to("Add session")
    keys.press("Enter")
    confirmed(keys, "Session added.")
    keys.shot("session-added")

    # The live counts of the insurance dialogue: the picker by typing and Enter.
    go(keys, "Live counts", "Live counts")
    keys.tab_to("Dialogue")
    keys.press("ArrowDown")
    page.keyboard.type("life insurance")
    expect(page.get_by_role("option")).to_have_count(1)
    keys.press("Enter")
    keys.settle()
    expect(page).to_have_url(re.compile(r"dialogue=insurance\b"))  # the picker names it
    expect(page.get_by_test_id("stMetric").filter(has_text="Participants")).to_be_visible()
    keys.check("the dialogue picker, after choosing")
    keys.shot("live-counts")
    keys.tab_to("Skip to main content")  # nothing on the counts takes the focus, or keeps it

    # Its brief, signed off (the picker remembers the dialogue).
    go(keys, "Governance brief", "Governance brief")
    expect(page).to_have_url(re.compile(r"dialogue=insurance\b"))
    keys.tab_to(re.compile("^I have checked the analysis"))
    keys.press("Space")
    keys.settle()
    keys.tab_to(re.compile("^I understand the dialogue is still open"))
    keys.press("Space")
    keys.settle()
    keys.tab_to("Sign off the brief")
    keys.shot("sign-off")
    keys.press("Enter")
    confirmed(keys, "The brief is signed off.")
    keys.tab_to("Download PDF")
    keys.shot("signed-off")
    staff_stops = keys.stops
    page.context.close()

    # A board member: the brief's downloads, then a decision citing two findings.
    keys = open_keyboard(browser, artifacts, "board", DESKTOP)
    page = keys.page
    sign_in(keys, base, "board", passwords["board"])
    go(keys, "Brief", "The brief")
    expect(page.get_by_role("heading", name="Version 1, in force")).to_be_visible()
    for label in ("Download PDF", "Download HTML", "Download Markdown"):
        keys.tab_to(label)  # reached; pressing none
    keys.shot("downloads")
    go(keys, "Decisions", "Decision register")
    keys.choose("Decision", "Defer")
    keys.tab_to("Rationale (shown on the public results page)")
    page.keyboard.type("We will wait for the independent review.")
    keys.tab_to("Findings from the brief that the decision rests on")
    for _ in range(2):  # the list opens on "Select all": one further down is a finding
        keys.press("ArrowDown")
        keys.press("ArrowDown")
        keys.press("Enter")
        keys.check("a finding chosen")
    keys.shot("findings")
    keys.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)
    keys.tab_to("Record the decision")
    keys.watch_status()
    keys.press("Enter")
    confirmed(keys, "Decision recorded.")
    assert keys.status_kept(), "the status region was replaced, not told the message"
    expect(page.get_by_text("Version 1: Defer", exact=False)).to_be_visible()
    keys.shot("decided")
    board_stops = keys.stops
    page.context.close()

    # An administrator reaches the staff accounts and their forms.
    keys = open_keyboard(browser, artifacts, "admin", DESKTOP)
    page = keys.page
    sign_in(keys, base, "admin", passwords["admin"])
    go(keys, "Staff accounts", "Staff accounts")
    keys.tab_to(re.compile("Create an account$"))
    keys.press("Enter")
    keys.tab_to("Username")
    keys.tab_to("Create account")
    keys.tab_to("Role")  # the tabs of the chosen account
    keys.shot("accounts")
    admin_stops = keys.stops
    page.context.close()

    engine = make_engine(database)
    with Session(engine) as session:
        created = session.exec(select(Dialogue).where(Dialogue.slug == "keyboard-2027")).one()
        assert created.status == "draft" and created.title == "Keyboard dialogue"
        assert session.exec(select(Statement).where(Statement.dialogue_id == created.id,
                                                    Statement.text == SEED)).one()
        added = session.exec(select(DialogueSession).where(
            DialogueSession.dialogue_id == created.id, DialogueSession.name == SESSION)).one()
        decision = session.exec(select(Decision)).one()
    engine.dispose()
    assert added.starts_at is not None  # the date and time typed by keys were kept
    assert decision.outcome == "defer" and decision.recorded_by == "user:board"
    assert len(json.loads(decision.findings)) == 2
    print(f"focus stops checked: facilitator {staff_stops}, board {board_stops}, "
          f"administrator {admin_stops}")


def test_phone_menu_and_participant_journey_by_keyboard_alone(server, browser, artifacts):
    from playwright.sync_api import expect

    keys = open_keyboard(browser, artifacts, "phone", PHONE)
    page = keys.page
    page.goto(server.url)
    keys.step("Take part in a public dialogue")
    # The closed menu's links are out of the Tab order: after the skip link, its button.
    assert keys.tab_to(re.compile(".+"))["name"] == "Skip to main content"
    assert keys.tab_to(re.compile(".+"))["name"] == "Expand sidebar"
    keys.shot("menu-button")
    keys.press("Enter")
    menu_open(keys, True)
    # Opening it takes the focus to its first link.
    assert keys.check("the menu, opened")["name"].endswith("Take part")
    keys.shot("menu-open")
    keys.tab_to(re.compile("Accessibility$"))
    keys.press("Escape")  # closes it, the focus back on its button
    menu_open(keys, False)
    assert keys.check("the menu, closed by Escape")["name"] == "Expand sidebar"
    keys.shot("menu-closed")
    # Tabbing out of the open menu closes it: the page it covered is not focused unseen.
    keys.press("Enter")
    menu_open(keys, True)
    keys.tab_to("Join code")
    menu_open(keys, False)
    # A page chosen in the menu closes it.
    keys.tab_to("Expand sidebar", backwards=True)
    keys.press("Enter")
    menu_open(keys, True)
    keys.tab_to(re.compile("Accessibility$"))
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Accessibility statement for").first).to_be_visible()
    keys.settle()
    menu_open(keys, False, focus_moved=False)  # the new page starts from its top
    keys.tab_to(re.compile(".+"))  # and the next Tab lands on something that can be seen
    keys.shot("accessibility-page")

    participant_journey(keys, server.url)
    print(f"phone: {keys.stops} focus stops checked, {keys.announcements} confirmations "
          "said once")
    page.context.close()
    with server.seeded.db() as session:
        assert session.exec(select(Participant)).one().step == JourneyStep.DONE
        assert session.exec(select(Statement).where(Statement.text == OWN)).one()
