"""Welsh in a real browser (issue 15, item 7): the page says its language (<html lang="cy">),
and content in the other language is marked with its own lang."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]
WAIT_MS = 30_000


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")


def test_the_statement_in_welsh_is_marked_cy_and_english_again_en(server, browser, artifacts):
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{server.url}/accessibility?lang=cy")
    expect(page.get_by_role("heading", name="Datganiad hygyrchedd ar gyfer Genomics dialogue",
                            level=1)).to_be_visible()
    _settle(page)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.screenshot(path=str(artifacts / "welsh-statement.png"), full_page=True)
    # The switch, each language named in itself.
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Accessibility statement for Genomics dialogue",
                            level=1)).to_be_visible()
    _settle(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()
