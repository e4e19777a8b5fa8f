"""The first call of every staff page and fragment: stop unless the signed-in user may."""

from __future__ import annotations

import streamlit as st

from engagement import permissions
from engagement.services import staff
from pages._ui.signin import signed_in_user


def require(permission: str, **context) -> staff.User:
    """Stop the page unless the signed-in user may do this (pages reached by URL included)."""
    user = signed_in_user()
    if user is None:
        st.warning("Please sign in as a member of staff to see this page.")
        st.page_link("pages/staff_login.py", label="Go to staff sign-in")
        st.stop()
    if not permissions.allowed(user.role, permission, **context):
        st.error("Your role does not allow this page.")
        st.stop()
    return user


def require_in_fragment(permission: str, **context) -> staff.User:
    """The first call of every auto-refreshing fragment: the sign-in is checked again on each
    refresh (which does not count as activity); once it no longer holds, the whole page runs
    again, and its own require() refuses it."""
    user = signed_in_user(active=False)
    if user is None or not permissions.allowed(user.role, permission, **context):
        st.rerun()
    return user
