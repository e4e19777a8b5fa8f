"""axe-core in a real browser: every page, for every role (the participant journey step by step,
the public pages, facilitator, board and administrator), at 1280 px and at 390 px wide, on the
demonstration data. No critical and no serious violation; moderate and minor ones are printed.

axe-core comes from the npm registry, pinned in package.json and package-lock.json (`make
browser-test-deps` runs `npm ci`), and is injected as an inline script: nothing is fetched."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.support.axe import Audit, audit, axe_source, table

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]
WAIT_MS = 60_000
WIDTHS = (1280, 390)
STAFF = ("facilitator", "board", "admin")


class Auditor:
    """One browser context at one width, auditing each page it is shown."""

    def __init__(self, browser, base: str, width: int, role: str, source: str):
        self.base, self.width, self.role, self.source = base, width, role, source
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.audits: list[Audit] = []

    def settle(self) -> None:
        page = self.page
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")

    def check(self, name: str) -> None:
        self.settle()
        self.audits.append(audit(self.page, f"{self.role}: {name}", self.width, self.source))

    def close(self) -> None:
        self.context.close()


NARROW = 768  # below this width Streamlit's sidebar covers the page


def _menu(page):
    """The app's menu, found by its name as a navigation landmark."""
    return page.get_by_role("navigation", name="Menu")


def _open_menu(page) -> None:
    """Open the sidebar when it is closed (on a phone, and on the room screen)."""
    opener = page.locator("[data-testid=stExpandSidebarButton]")
    if opener.count() and opener.is_visible():
        opener.click()
    _menu(page).get_by_role("link").first.wait_for()


def _every_menu_page(auditor: Auditor) -> int:
    """Choose each page of the menu in turn, auditing each; return how many there were. The
    chosen page is marked as the current one, and on a phone the menu closes after a choice."""
    from playwright.sync_api import expect

    page = auditor.page
    _open_menu(page)
    auditor.check("menu open")
    hrefs = _menu(page).get_by_role("link").evaluate_all(
        "links => links.map(l => l.getAttribute('href'))")
    assert len(hrefs) >= 3 and len(set(hrefs)) == len(hrefs), hrefs
    for href in hrefs:
        _open_menu(page)
        link = _menu(page).locator(f"a[href='{href}']")
        name = link.inner_text().strip().split("\n")[-1]
        link.click()
        auditor.settle()
        # Found by its markup: a closed menu (a phone's, after a choice; the room screen's) is
        # hidden, so out of the accessibility tree, and still marks the current page.
        expect(page.locator(f".st-key-main-menu a[href='{href}']")).to_have_attribute(
            "aria-current", "page")
        if auditor.width < NARROW:
            expect(page.locator("[data-testid=stExpandSidebarButton]")).to_be_visible()
            expect(page.locator("[data-testid=stSidebar]")).to_have_attribute(
                "data-collapsed", "true")
        auditor.check(name)
    return len(hrefs)


def _participant(auditor: Auditor) -> None:
    """The join page, each step of the journey, the results page and every menu page."""
    from playwright.sync_api import expect

    page, base = auditor.page, auditor.base
    page.goto(base)
    auditor.check("join")
    page.get_by_role("textbox", name="Join code").fill("INSURE")
    page.get_by_role("button", name="Find my dialogue").click()
    expect(page.get_by_role("button", name="Join this dialogue")).to_be_visible()
    auditor.check("choose session")
    page.get_by_role("button", name="Join this dialogue").click()
    expect(page.get_by_text("Step 1 of 8: Your consent", exact=True)).to_be_visible()
    auditor.check("1 consent")
    page.get_by_role("button", name="Save my choices and continue").click()
    expect(page.get_by_text("we need your agreement", exact=False)).to_be_visible()
    auditor.check("1 consent refused")
    page.get_by_text("in the report of this dialogue to the governance board", exact=False).click()
    page.get_by_role("button", name="Save my choices and continue").click()
    expect(page.get_by_text("Step 2 of 8: The briefing", exact=True)).to_be_visible()
    auditor.check("2 briefing")
    page.get_by_role("button", name="I have read the briefing").click()
    expect(page.get_by_text("Step 3 of 8: Your view before", exact=True)).to_be_visible()
    auditor.check("3 view before")
    for group, option in (("How far do you support the proposal?", "Support"),
                          ("How sure are you?", "Fairly sure")):
        page.get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 4 of 8: Statements", exact=True)).to_be_visible()
    auditor.check("4 statements")
    total = int(re.search(r"of (\d+) statements",
                          page.get_by_text("You have answered 0 of").inner_text()).group(1))
    assert total >= 1
    for answered in range(1, total + 1):
        page.get_by_role("button", name="Agree", exact=True).click()
        if answered < total:
            expect(page.get_by_text(f"You have answered {answered} of {total} statements."
                                    )).to_be_visible()
            auditor.settle()
    expect(page.get_by_text("You have seen every statement. Thank you.")).to_be_visible()
    auditor.check("4 statements done")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_text("Step 5 of 8: Your own statement", exact=True)).to_be_visible()
    auditor.check("5 own statement")
    page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_text("Step 6 of 8: Your reflection", exact=True)).to_be_visible()
    auditor.check("6 reflection")
    page.get_by_role("textbox", name="Your answer (optional)").fill("Who would see it?")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 7 of 8: Your view now", exact=True)).to_be_visible()
    # On screen (a box with no live role: the status region, visually hidden, says it once)
    expect(page.locator(".app-flash").filter(has_text="Saved.")).to_be_visible()
    auditor.check("7 view now, with the message after a reflection")
    for group, option in (("How far do you support the proposal?", "Unsure"),
                          ("How sure are you?", "Not very sure")):
        page.get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 8 of 8: Thank you", exact=True)).to_be_visible()
    auditor.check("8 thank you")
    page.goto(f"{base}/results?dialogue=insurance")
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()
    auditor.check("results of a dialogue")
    page.goto(base)
    expect(page.get_by_role("textbox", name="Join code")).to_be_visible()
    _every_menu_page(auditor)


def _staff(auditor: Auditor, password: str) -> None:
    from playwright.sync_api import expect

    page = auditor.page
    page.goto(f"{auditor.base}/staff_login")
    page.get_by_role("textbox", name="Username").fill(auditor.role)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    _every_menu_page(auditor)


def _report(audits: list[Audit], width: int) -> None:
    text = table(audits)
    print(f"\naxe-core at {width} px:\n{text}")
    for a in audits:
        for finding in a.findings:
            print(f"  {a.page}: {finding.rule} ({finding.impact}, {len(finding.targets)} "
                  f"nodes): {finding.help}; first: {finding.targets[0]}: "
                  f"{' '.join(finding.summary.split())}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{width}.md").write_text(text + "\n", encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_critical_or_serious_axe_violation_on_any_page(demo_app, browser, width):
    from playwright.sync_api import expect

    base, passwords = demo_app
    expect.set_options(timeout=WAIT_MS)
    source = axe_source()
    audits: list[Audit] = []
    auditor = Auditor(browser, base, width, "participant", source)
    try:
        _participant(auditor)
    finally:
        audits += auditor.audits
        auditor.close()
    for role in STAFF:
        auditor = Auditor(browser, base, width, role, source)
        try:
            _staff(auditor, passwords[role])
        finally:
            audits += auditor.audits
            auditor.close()
    _report(audits, width)

    assert len(audits) >= 30 and all(a.rules_run > 50 for a in audits)
    failing = {a.page: sorted({f"{f.rule} ({f.impact})" for f in a.failing()})
               for a in audits if a.failing()}
    assert failing == {}
