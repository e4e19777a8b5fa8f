"""Every page, for every role, in a real browser: each request the page makes goes to the app's
own host. Nothing (a font, an icon, an image in staff-written text) is fetched from elsewhere,
so no third party learns who reads which page."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from sqlmodel import Session

from engagement.actors import SYSTEM_CLI
from engagement.db import make_engine
from engagement.demo import load_demo
from engagement.migrate import upgrade
from engagement.services import staff
from tests.app.helpers import ROOT
from tests.e2e.conftest import _free_port, _stop, _wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]
WAIT_MS = 60_000
ADMIN_PASSWORD = "tulip-42-Oak-lamp"
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e-requests")
    url = f"sqlite:///{folder / 'app.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        summary = load_demo(session=session, participants_per_dialogue=(30, 30))
        staff.create_user(session=session, username="admin", password=ADMIN_PASSWORD,
                          role="admin", by=SYSTEM_CLI)
    engine.dispose()
    passwords = {a.username: a.password for a in summary.accounts} | {"admin": ADMIN_PASSWORD}
    port = _free_port()
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", process, log)
        yield f"http://127.0.0.1:{port}", passwords
    finally:
        _stop(process)


class Visit:
    """One browser context that notes every URL its pages request, and each page's icon."""

    def __init__(self, browser, base: str):
        self.base = base
        self.requested: list[str] = []
        self.pages: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)

    def settle(self, name: str) -> None:
        page = self.page
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")
        # Chromium fetches the tab's icon outside the page's request events: read it instead.
        icons = page.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
        self.requested += icons
        self.pages.append(name)

    def foreign(self) -> list[str]:
        own = urlsplit(self.base).netloc
        return sorted({url for url in self.requested
                       if urlsplit(url).scheme in NETWORK_SCHEMES and urlsplit(url).netloc != own})


def _menu(page) -> list[str]:
    return page.get_by_role("navigation", name="Menu").get_by_role("link").evaluate_all(
        "links => links.map(l => l.getAttribute('href'))")


def _every_menu_page(visit: Visit) -> None:
    from playwright.sync_api import expect

    links = _menu(visit.page)
    assert len(links) >= 3, links
    for href in links:
        # The room screen starts with the sidebar closed (it goes on a projector): open it.
        opener = visit.page.locator("[data-testid=stExpandSidebarButton]")
        if opener.count() and opener.is_visible():
            opener.click()
        link = visit.page.get_by_role("navigation", name="Menu").locator(f"a[href='{href}']")
        link.click()
        # Found by its markup: the room screen's closed menu is hidden (out of the
        # accessibility tree) and still marks the current page.
        expect(visit.page.locator(f".st-key-main-menu a[href='{href}']")).to_have_attribute(
            "aria-current", "page")
        visit.settle(href)


def test_no_page_of_any_role_fetches_from_another_host(demo_app, browser):
    from playwright.sync_api import expect

    base, passwords = demo_app
    expect.set_options(timeout=WAIT_MS)
    checked = {}

    # A participant: the join page, the first steps of the journey (the briefing is
    # staff-written text), the public results, and every page in their menu.
    visit = Visit(browser, base)
    page = visit.page
    page.goto(base)
    visit.settle("join")
    page.get_by_role("textbox", name="Join code").fill("INSURE")
    page.get_by_role("button", name="Find my dialogue").click()
    expect(page.get_by_role("button", name="Join this dialogue")).to_be_visible()
    visit.settle("choose session")
    page.get_by_role("button", name="Join this dialogue").click()
    expect(page.get_by_text("Step 1 of 8: Your consent", exact=True)).to_be_visible()
    visit.settle("consent")
    page.get_by_text("in the report of this dialogue to the governance board", exact=False).click()
    page.get_by_role("button", name="Save my choices and continue").click()
    expect(page.get_by_text("Step 2 of 8: The briefing", exact=True)).to_be_visible()
    visit.settle("briefing")
    page.goto(f"{base}/results?dialogue=insurance")
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()
    visit.settle("results for a dialogue")
    page.goto(base)
    visit.settle("join again")
    _every_menu_page(visit)
    checked["participant"] = visit

    # Each staff role: sign in, then every page of its menu.
    for username in ("facilitator", "board", "admin"):
        visit = Visit(browser, base)
        page = visit.page
        page.goto(f"{base}/staff_login")
        page.get_by_role("textbox", name="Username").fill(username)
        page.get_by_role("textbox", name="Password").fill(passwords[username])
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
        visit.settle("signed in")
        _every_menu_page(visit)
        checked[username] = visit

    for role, visit in checked.items():
        print(f"{role}: {len(visit.pages)} pages, {len(visit.requested)} requests")
        assert len(visit.requested) > len(visit.pages)
    assert {role: visit.foreign() for role, visit in checked.items()} == {
        role: [] for role in checked}
