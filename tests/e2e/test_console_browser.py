"""In a real browser, a facilitator runs a live day: changes a seed statement, deletes another,
sees one people voted on locked with the reason, corrects a session's start time, undoes a
moderation decision, and reads live counts that are never cut short. Screenshots go to
test-artifacts/console-*.png."""

from __future__ import annotations

import pytest
from sqlmodel import select

from engagement.models import AuditEvent, DialogueSession, Statement, User
from engagement.services import dialogues, moderation, participation
from tests.app.helpers import JOIN_CODE, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]
WAIT_MS = 60_000
LONG_NAME = "Thursday evening workshop at the Leeds Central Library, second floor"


def _live_day(seeded) -> int:
    """Someone voted on S2; a participant's statement was rejected (to be undone)."""
    with seeded.db() as session:
        pid = participation.join(session=session, join_code=JOIN_CODE,
                                 session_id=seeded.session_id).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        participation.cast_vote(session=session, participant_id=pid, statement_id=2,
                                value="agree")
        own = participation.add_statement(session=session, participant_id=pid,
                                          text="Results should stay with my doctor").id
        fran = session.get(User, seeded.facilitator_id)
        moderation.moderate(session=session, statement_ids=[own], decision="rejected",
                            reason="off_topic", by=fran)
        dialogues.add_session(session=session, dialogue_id=seeded.dialogue_id, name=LONG_NAME,
                              mode="workshop", location="Leeds", by=fran)
    return own


def test_a_facilitator_edits_and_undoes_during_a_live_day(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    own = _live_day(server.seeded)
    page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
    page.set_default_timeout(WAIT_MS)

    def settle() -> None:
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def go(link: str, heading: str) -> None:
        page.get_by_role("navigation", name="Menu").locator("a", has_text=link).first.click()
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        settle()

    page.goto(f"{server.url}/staff_login")
    page.get_by_role("textbox", name="Username").fill("fran")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    settle()

    # Seed statements: reword S1, delete S3; S2 has a vote, so it says why it is locked.
    go("Dialogues", "Dialogues")
    page.get_by_role("tab", name="Statements").click()
    page.get_by_text("Change or delete S1", exact=True).click()
    expect(page.get_by_role("textbox", name="Wording")).to_be_visible()
    page.get_by_role("textbox", name="Wording").fill("Statement one, reworded for the day")
    page.get_by_role("button", name="Save statement S1").click()
    expect(page.locator("[data-testid=stText]", has_text="Statement one, reworded for the day")
           ).to_be_visible()
    settle()
    page.get_by_role("tab", name="Statements").click()
    expect(page.get_by_text("People have voted on this statement", exact=False)).to_be_visible()
    page.get_by_text("Change or delete S3", exact=True).click()
    expect(page.get_by_role("button", name="Delete statement S3")).to_be_visible()
    settle()  # a click while the page is still running can be lost
    page.get_by_role("button", name="Delete statement S3").click()
    expect(page.get_by_role("button", name="Delete statement S3")).to_have_count(0)
    expect(page.locator("[data-testid=stText]", has_text="Statement three")).to_have_count(0)
    settle()
    page.get_by_role("tab", name="Statements").click()
    page.screenshot(path=str(artifacts / "console-01-statements.png"), full_page=True)

    # The session people joined through: its start time is corrected, and kept, in UK time.
    page.get_by_role("tab", name="Sessions").click()
    page.get_by_text("Change or delete the session Evening online", exact=True).click()
    form = page.locator("[data-testid=stForm]").filter(
        has=page.get_by_role("button", name="Save the session Evening online"))
    # The date field reads day/month/year, as UK readers write it.
    form.get_by_role("spinbutton", name="day, Date").click()
    page.keyboard.type("02122026")
    form.get_by_role("spinbutton", name="hour, Start time (UK time)").click()
    page.keyboard.type("1800")
    page.keyboard.press("Tab")
    settle()
    page.screenshot(path=str(artifacts / "console-02a-session-form.png"), full_page=True)
    form.get_by_role("button", name="Save the session Evening online").click()
    expect(page.get_by_text("2 December 2026, 18:00", exact=False)).to_be_visible()
    settle()
    page.get_by_role("tab", name="Sessions").click()
    expect(page.get_by_text("People have joined through this session", exact=False).first
           ).to_be_attached()
    page.screenshot(path=str(artifacts / "console-02-sessions.png"), full_page=True)

    # Undo the rejection: the statement is back in the queue.
    go("Moderation", "Moderation queue")
    page.get_by_role("tab", name="Decided (1)").click()
    expect(page.get_by_text("Votes already given on it are kept", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts / "console-03-decided.png"), full_page=True)
    page.get_by_role("button", name=f"Undo the decision on S{own}").click()
    expect(page.get_by_role("tab", name="Statements (1)")).to_be_visible()
    settle()
    page.screenshot(path=str(artifacts / "console-04-undone.png"), full_page=True)

    # Live counts, on a narrow window: every figure and every session name is shown whole.
    go("Live counts", "Live counts")
    page.set_viewport_size({"width": 700, "height": 1000})
    settle()
    expect(page.get_by_text("not shown", exact=True).first).to_be_visible()
    expect(page.get_by_role("cell", name=LONG_NAME, exact=True)).to_be_visible()
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid=stMetricValue], [data-testid=stMetricValue] *, [data-testid=stMetricLabel]'
        + ' *, [data-testid=stTable] td, [data-testid=stTable] th')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    shown = page.locator("[data-testid=stMetricValue]").count()
    assert shown == 4 and cut == [], cut
    page.screenshot(path=str(artifacts / "console-05-live-counts.png"), full_page=True)

    with server.seeded.db() as session:
        assert session.get(Statement, 1).text == "Statement one, reworded for the day"
        assert session.get(Statement, 3) is None
        assert session.get(Statement, own).status == "pending"
        row = session.get(DialogueSession, server.seeded.session_id)
        assert (row.starts_at.day, row.starts_at.hour, row.starts_at.minute) == (2, 18, 0)
        actions = set(session.exec(select(AuditEvent.action)).all())
    assert {"statement.edited", "statement.deleted", "session.edited",
            "statement.decision_undone"} <= actions
