"""Which browser a page run serves: its signed key cookie, and an id for limits on attempts."""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st

from engagement import browser_key


def _request_cookies():
    """The cookies this browser sent when its page connected (a seam for AppTests, which
    cannot send any)."""
    return st.context.cookies


def browser_key_of_request() -> str | None:
    """This browser's key (engagement/browser_key.py), if it carries one signed by this
    server's cookie secret; None otherwise (no cookie, altered, or another server's)."""
    return browser_key.key_from_cookies(_request_cookies(), st.get_option("server.cookieSecret"))


def browser_id() -> str:
    """An id of this browser for limits on repeated attempts (never the network address: a
    workshop room shares one): derived from its signed key when it carries one, so that a
    reload does not start the count again; else a random id kept for this browser session."""
    key = browser_key_of_request()
    if key is not None:
        return "key:" + hashlib.sha256(f"attempts:{key}".encode()).hexdigest()
    return st.session_state.setdefault("browser_id", secrets.token_urlsafe(18))
