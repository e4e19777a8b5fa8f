"""Who is signed in to this browser session: sign-in, sign-out, the idle time-out, and the
sign-in a browser keeps across its tabs and reloads (with serve.py's key cookie)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from engagement.errors import DomainError
from engagement.services import staff
from pages._ui.browser import browser_key_of_request
from pages._ui.database import db
from pages._ui.text import error

IDLE_LIMIT = staff.IDLE_LIMIT


def signed_in_user(*, active: bool = True) -> staff.User | None:
    """The staff member of this browser session, as stored now; None (and signed out) once
    they have been idle too long, or their password was reset or their account deactivated
    since they signed in, or they signed out in another tab of this browser. A new session
    of a browser that kept its sign-in (a reload, an opened link) starts signed in.
    ``active=False`` for automatic refreshes: they check the sign-in without counting as the
    person being active."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return _resumed(active=active)
    if st.session_state.get("kept"):
        return _still_kept(user_id, active=active)
    now = datetime.now(UTC)
    last = st.session_state.get("last_seen")
    if last is None or now - last > IDLE_LIMIT:
        sign_out()
        st.session_state["signed_out_idle"] = True
        return None
    with db() as session:
        user = staff.signed_in_staff(session=session, user_id=user_id,
                                     epoch=st.session_state.get("session_epoch"))
    if user is None:
        sign_out()
        st.session_state["signed_out_ended"] = True
        return None
    if active:
        st.session_state["last_seen"] = now
    return user


def sign_in(user: staff.User) -> None:
    """Sign this browser session in as ``user`` (just authenticated), and keep the sign-in in
    this browser when it carries a key, so that a reload or an opened link stays signed in."""
    key = browser_key_of_request()
    if key is not None:
        try:
            with db() as session:
                staff.keep_session(session=session, user=user, browser_key=key)
        except DomainError as err:  # reset or deactivated in the meantime
            error(err)
            return
    _remember(user, kept=key is not None)


def sign_out() -> None:
    """End this browser's sign-in: its session's, and the one its key kept for its tabs."""
    if st.session_state.get("kept"):
        with db() as session:
            staff.end_kept_session(session=session, browser_key=browser_key_of_request())
    _forget()


def _resumed(*, active: bool) -> staff.User | None:
    """The sign-in this browser kept from an earlier page (a reload, an opened link), looked
    up once per browser session: participants' runs do not query for it again and again."""
    if st.session_state.get("kept_checked"):
        return None
    st.session_state["kept_checked"] = True
    key = browser_key_of_request()
    if key is None:
        return None
    with db() as session:
        found = staff.resume_session(session=session, browser_key=key, active=active)
    if found.user is not None:
        _remember(found.user, kept=True)
    else:
        _say_why(found.ended)
    return found.user


def _still_kept(user_id: int, *, active: bool) -> staff.User | None:
    """A kept sign-in is checked where its tabs share it, on the server: signed out in one
    tab, or idle in all of them, and this tab is signed out too."""
    with db() as session:
        found = staff.resume_session(session=session, browser_key=browser_key_of_request(),
                                     active=active)
    if found.user is None or found.user.id != user_id:
        _forget()  # the kept row is gone already, or is another account's now
        _say_why(found.ended)
        return None
    return found.user


def _say_why(ended: str | None) -> None:
    if ended == "idle":
        st.session_state["signed_out_idle"] = True
    elif ended == "ended":
        st.session_state["signed_out_ended"] = True


def _remember(user: staff.User, *, kept: bool) -> None:
    st.session_state["user_id"] = user.id
    st.session_state["session_epoch"] = user.session_epoch
    st.session_state["last_seen"] = datetime.now(UTC)
    st.session_state["kept"] = kept


def _forget() -> None:
    for key in ("user_id", "session_epoch", "last_seen", "kept"):
        st.session_state.pop(key, None)
