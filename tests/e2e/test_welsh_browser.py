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


# Streamlit's own words, not the app's: they stay English on a Welsh page (listed in
# docs/accessibility.md). None of them is a message of the app's catalogue.
STREAMLIT_OWN = ("Press Enter to submit form", "Press Enter to apply", "Running...",
                 "Deploy", "Settings", "Print", "Record a screencast", "About",
                 "Clear cache", "Rerun")


def _english_of_the_catalogue() -> list[str]:
    from engagement import i18n

    found = [m for m in i18n._translations(i18n.WELSH)
             if i18n.gettext(m, i18n.WELSH) != m and "{" not in m]
    assert len(found) > 150
    return found


def test_a_welsh_journey_in_the_browser_marks_content_in_its_language(server, browser,
                                                                        artifacts):
    """The test dialogue has no Welsh: its title is shown in English on the Welsh page, in an
    element marked lang="en", with the note; the app's own words are all Welsh."""
    from playwright.sync_api import expect

    from tests.app.helpers import JOIN_CODE

    expect.set_options(timeout=WAIT_MS)
    english = _english_of_the_catalogue()
    assert not set(STREAMLIT_OWN) & set(english)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)

    def no_english(where: str) -> None:
        _settle(page)
        shown = page.locator('[data-testid="stMain"]').inner_text()
        assert shown.strip()
        left = [m for m in english if m in shown]
        assert not left, f"{where}: {left}"

    page.goto(f"{server.url}/?lang=cy")
    expect(page.get_by_role("heading", name="Cymryd rhan mewn deialog gyhoeddus")).to_be_visible()
    no_english("join")
    page.get_by_role("textbox", name="Cod ymuno").fill(JOIN_CODE)
    page.get_by_role("button", name="Dod o hyd i’m deialog").click()
    expect(page.get_by_text("Ym mha sesiwn rydych chi’n cymryd rhan?")).to_be_visible()
    no_english("choose a session")
    page.get_by_role("button", name="Ymuno â’r ddeialog hon").click()
    expect(page.get_by_text("Cam 1 o 8: Eich caniatâd")).to_be_visible()
    no_english("consent")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    # The dialogue's title, written in English only, is marked so.
    title = page.locator('[lang="en"]').get_by_role("heading", name="Test dialogue")
    expect(title).to_be_visible()
    # The consent wording has its Welsh (the default's), so it is not marked English.
    consent = page.get_by_text("Gellir defnyddio fy atebion", exact=False)
    expect(consent).to_be_visible()
    assert page.locator('[lang="cy"]').get_by_text("Gellir defnyddio fy atebion",
                                                    exact=False).count() == 1
    page.screenshot(path=str(artifacts / "welsh-consent.png"), full_page=True)
    consent.click()
    page.get_by_role("button", name="Cadw fy newisiadau a pharhau").click()
    expect(page.get_by_text("Cam 2 o 8: Y briff")).to_be_visible()
    no_english("briefing")
    expect(page.get_by_text("Mae’r rhan hon ar gael yn Saesneg yn unig.").first).to_be_visible()
    context.close()
