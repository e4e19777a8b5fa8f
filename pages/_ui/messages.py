"""What the last action did, said once on the page it led to."""

from __future__ import annotations

import streamlit as st


def flash(message: str) -> None:
    """Say that an action worked, on the page the action leads to (its callers rerun). Not a
    toast: Streamlit's toast is a dialog without a name (axe: aria-dialog-name), and it goes
    before everyone has read it."""
    st.session_state["flash"] = message


def show_flash() -> None:
    """The message of the last action, once, at the top of the page it led to (staff pages:
    in require(); the participant's journey: in its own outcome)."""
    # Always one element, message or not: a page's later elements (tabs above all) keep their
    # place in the page, so a message does not send the tabs back to the first one.
    slot = st.empty()
    if "flash" in st.session_state:
        slot.success(st.session_state.pop("flash"), icon=":material/check_circle:")
