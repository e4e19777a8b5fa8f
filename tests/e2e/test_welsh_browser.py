"""Welsh in a real browser (issue 15, item 7): the page says its language (<html lang="cy">),
and content in the other language is marked with its own lang."""

from __future__ import annotations

import re

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

    # A fresh server's first run switches Streamlit's older page mode off and starts again
    # (pages/_ui/registry.navigation_by_role_only): the page is loaded after that has happened.
    page.goto(f"{server.url}/?lang=cy")
    _settle(page)
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


def test_the_menu_and_the_public_page_of_a_welsh_reader_are_welsh(server, browser, artifacts):
    """Gaps (c), (a) and (e) in a real browser: the menu's way to staff sign-in, the public
    page's plain summary and the session's Welsh name. (Last in this file: it publishes the
    test dialogue's results and names its session in Welsh.)"""
    from playwright.sync_api import expect
    from sqlmodel import select

    from engagement.models import User
    from engagement.services import dialogues
    from tests.app.test_public_summary_page import _publish

    welsh_session = "Ar-lein gyda’r nos"
    with server.seeded.db() as session:
        fran = session.exec(select(User).where(User.username == "fran")).one()
        row = dialogues.sessions_of(session=session, dialogue_id=server.seeded.dialogue_id)[0]
        dialogues.edit_session(session=session, session_id=row.id, name=row.name,
                               mode=row.mode, starts_at=row.starts_at, location=row.location,
                               name_cy=welsh_session, by=fran)
    _publish(server.seeded)
    expect.set_options(timeout=WAIT_MS)
    english = _english_of_the_catalogue()
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    # A fresh server's first run switches Streamlit's older page mode off and starts again
    # (pages/_ui/registry.navigation_by_role_only): the page is loaded after that has happened.
    page.goto(f"{server.url}/?lang=cy")
    _settle(page)
    page.goto(f"{server.url}/?lang=cy")
    expect(page.get_by_role("heading", name="Cymryd rhan mewn deialog gyhoeddus")).to_be_visible()
    _settle(page)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Mewngofnodi staff")).to_be_visible()
    assert "Staff sign-in" not in menu.inner_text()
    menu.get_by_role("link", name="Dywedoch chi, gwnaethom ni").click()
    expect(page.get_by_role("heading", name="Dywedoch chi, gwnaethom ni", level=1)
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Pwy gymerodd ran")).to_be_visible()
    _settle(page)
    shown = page.locator('[data-testid="stMain"]').inner_text()
    left = [m for m in english if m in shown]
    assert not left, left
    # 14 people, and the one who joined in the journey above when the whole file runs
    assert re.search(rf"{welsh_session}: 1[45] o bobl\.", shown), shown
    assert re.search(r"Cymerodd 1[45] o bobl ran\.", shown), shown
    for english_words in ("took part", "Evening online", "How views changed", "Who took part"):
        assert english_words not in shown, english_words
    page.screenshot(path=str(artifacts / "welsh-public-page.png"), full_page=True)
    context.close()
