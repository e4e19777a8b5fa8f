"""Staff stay signed in across a reload and an opened link, in a real browser, through the
signed HttpOnly cookie that `serve.py` gives each browser; sign-out and a password reset made
elsewhere end the kept sign-in at the next reload."""

from __future__ import annotations

import pytest

from engagement.actors import SYSTEM_CLI
from engagement.browser_key import NAMES
from engagement.services import staff
from tests.app.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

WAIT_MS = 30_000


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")


def _sign_in(page, base: str, password: str = PASSWORD) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/staff_login")
    page.get_by_role("textbox", name="Username").fill("fran")
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    _settle(page)


def _signed_out(page) -> None:
    from playwright.sync_api import expect

    _settle(page)
    expect(page.get_by_role("link", name="Staff sign-in")).to_be_visible()
    assert page.get_by_role("link", name="Sign out").count() == 0
    assert page.get_by_role("link", name="Moderation").count() == 0


def test_a_reload_and_an_opened_link_stay_signed_in_until_sign_out_or_reset(
        server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    base = server.url
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)

    _sign_in(page, base)
    cookies = [c for c in context.cookies() if c["name"] in NAMES]
    assert len(cookies) == 1, context.cookies()
    assert cookies[0]["httpOnly"] is True and cookies[0]["sameSite"] == "Strict"
    key = cookies[0]["value"]
    assert key not in page.url
    assert key.split(".")[0] not in page.evaluate("document.cookie")  # no script reads it

    # A reload: still signed in, on the same page.
    page.reload()
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # A staff page opened by its address in a new tab of the same browser.
    other = context.new_page()
    other.set_default_timeout(WAIT_MS)
    other.goto(f"{base}/facilitator_moderation")
    expect(other.get_by_role("heading", name="Moderation")).to_be_visible()
    _settle(other)
    other.screenshot(path=str(artifacts / "kept-sign-in-opened-link.png"), full_page=True)
    assert key not in other.url
    other.close()

    # Sign out, then reload: signed out, and a staff address asks for a sign-in.
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    page.reload()
    _signed_out(page)
    page.goto(f"{base}/facilitator_moderation")
    _settle(page)
    assert page.get_by_role("heading", name="Moderation").count() == 0
    _signed_out(page)

    # Signed in again; a password reset made elsewhere ends it at the next reload.
    _sign_in(page, base)
    page.goto(f"{base}/staff_login")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _settle(page)
    with server.seeded.db() as session:
        new_password = staff.reset_password(session=session, user_id=server.seeded.facilitator_id,
                                            by=SYSTEM_CLI)
    page.reload()
    expect(page.get_by_text("You were signed out because your password was reset")).to_be_visible()
    _signed_out(page)
    page.screenshot(path=str(artifacts / "kept-sign-in-after-reset.png"), full_page=True)

    # The new password signs in, and that sign-in is kept again.
    _sign_in(page, base, new_password)
    page.reload()
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    context.close()


def test_a_forged_cookie_signs_nobody_in(server, browser):
    """A browser that sets a key cookie itself (not signed by the server) gets a fresh key,
    and is not signed in."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context()
    forged = "A" * 43 + "." + "B" * 43
    context.add_cookies([{"name": NAMES[1], "value": forged, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{server.url}/facilitator_dialogues")
    _signed_out(page)
    values = [c["value"] for c in context.cookies() if c["name"] == NAMES[1]]
    assert values and forged not in values
    context.close()
