"""A staff sign-in kept by the browser's key cookie: a new browser session of the same browser
(a reload, an opened link) starts signed in; a forged or foreign key, sign-out (in any tab), a
password reset, deactivation and idle time end it. AppTest cannot send cookies, so the cookies
the page reads are given through pages._ui.browser._request_cookies, as the browser would send
them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import streamlit as st
from sqlmodel import select

from engagement.actors import SYSTEM_CLI
from engagement.browser_key import PLAIN_NAME, new_cookie_value
from engagement.models import StaffSession, utcnow
from engagement.services import staff
from pages._ui import browser as ui_browser
from tests.app.helpers import TIMEOUT, click, new_app, ok, sign_in, texts

ENDED = ("You were signed out because your password was reset or your account was closed. "
         "Sign in again if you can.")
IDLE = "You were signed out after 30 minutes without activity."


@pytest.fixture
def browser(monkeypatch) -> dict[str, str]:
    """The cookies of one browser, holding a key signed by this server."""
    _, value = new_cookie_value(st.get_option("server.cookieSecret"))
    jar = {"_streamlit_xsrf": "2|a|b|c", PLAIN_NAME: value}
    monkeypatch.setattr(ui_browser, "_request_cookies", lambda: jar)
    return jar


def reload(page: str = "pages/facilitator_dialogues.py"):
    """A new browser session of the same browser, opened at ``page``; at the default page when
    navigation does not list ``page`` (signed out: staff pages are not listed)."""
    at = ok(new_app().run(timeout=TIMEOUT))
    try:
        at.switch_page(page)
    except ValueError:
        assert not is_signed_in(at)
        return at
    return ok(at.run(timeout=TIMEOUT))


def is_signed_in(at) -> bool:
    return at.session_state["user_id"] is not None if "user_id" in at.session_state else False


def test_a_reload_and_an_opened_link_stay_signed_in(seeded, browser):
    first = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    assert first.session_state["kept"] is True
    again = reload()
    assert is_signed_in(again) and [t.value for t in again.title] == ["Dialogues"]
    link = reload("pages/facilitator_moderation.py")
    assert [t.value for t in link.title] == ["Moderation queue"]


def test_without_a_key_nothing_is_kept(seeded, monkeypatch):
    monkeypatch.setattr(ui_browser, "_request_cookies", lambda: {})
    first = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    assert is_signed_in(first) and first.session_state["kept"] is False
    assert not is_signed_in(reload())


@pytest.mark.parametrize("forgery", ["altered", "another server's", "another browser's"])
def test_a_forged_or_foreign_key_signs_nobody_in(seeded, browser, forgery):
    sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    key, _, signature = browser[PLAIN_NAME].partition(".")
    if forgery == "altered":
        browser[PLAIN_NAME] = f"{key[:-1]}{'A' if key[-1] != 'A' else 'B'}.{signature}"
    elif forgery == "another server's":
        browser[PLAIN_NAME] = new_cookie_value("another secret " * 4)[1]
    else:
        browser[PLAIN_NAME] = new_cookie_value(st.get_option("server.cookieSecret"))[1]
    at = reload()
    assert not is_signed_in(at)
    assert [t.value for t in at.title] != ["Dialogues"]


def test_sign_out_ends_it_in_every_tab(seeded, browser):
    tab = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    other = reload()
    assert is_signed_in(other)
    tab.switch_page("pages/staff_login.py")
    click(ok(tab.run(timeout=TIMEOUT)), "Sign out")
    assert not is_signed_in(tab)
    assert not is_signed_in(reload())
    ok(other.run(timeout=TIMEOUT))  # the other tab's next page
    assert not is_signed_in(other)
    with seeded.db() as session:
        assert list(session.exec(select(StaffSession))) == []


@pytest.mark.parametrize("how", ["password reset", "deactivation"])
def test_a_reset_or_deactivation_ends_it_at_the_next_reload(seeded, browser, how):
    sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    with seeded.db() as session:
        if how == "password reset":
            staff.reset_password(session=session, user_id=seeded.facilitator_id, by=SYSTEM_CLI)
        else:
            staff.deactivate(session=session, user_id=seeded.facilitator_id, by=SYSTEM_CLI)
    at = reload("pages/staff_login.py")
    assert not is_signed_in(at)
    assert ENDED in texts(at)


def test_idle_time_ends_it_at_the_next_reload(seeded, browser):
    sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    with seeded.db() as session:
        kept = session.exec(select(StaffSession)).one()
        kept.last_seen = utcnow() - staff.IDLE_LIMIT - timedelta(minutes=1)
        session.add(kept)
        session.commit()
    at = reload("pages/staff_login.py")
    assert not is_signed_in(at)
    assert IDLE in texts(at)


def test_idle_in_every_tab_ends_an_open_tab_too(seeded, browser):
    tab = sign_in(ok(new_app().run(timeout=TIMEOUT)), "fran")
    with seeded.db() as session:
        kept = session.exec(select(StaffSession)).one()
        kept.last_seen = utcnow() - staff.IDLE_LIMIT - timedelta(minutes=1)
        session.add(kept)
        session.commit()
    ok(tab.run(timeout=TIMEOUT))
    assert not is_signed_in(tab)
