"""What the last action did, said once on the page it led to."""

from __future__ import annotations

import html

import streamlit as st

FLASH_CLASS = "app-flash"


def flash(message: str) -> None:
    """Say that an action worked, on the page the action leads to (its callers rerun). Not a
    toast: Streamlit's toast is a dialog without a name (axe: aria-dialog-name), and it goes
    before everyone has read it."""
    st.session_state["flash"] = message


def show_flash() -> None:
    """The message of the last action, once, at the top of the page it led to (staff pages:
    in require(); the participant's journey: in its own outcome).

    Shown, not announced: announce() has put the same words in the page's status region, and
    st.success is a live region too (role=status), so a screen reader read it twice."""
    # Always one element, message or not: a page's later elements (tabs above all) keep their
    # place in the page, so a message does not send the tabs back to the first one.
    slot = st.empty()
    if "flash" in st.session_state:
        slot.html(flash_box(st.session_state.pop("flash")))


def flash_box(message: str) -> str:
    """A success message that looks like one and is no live region. Escaped: a message may
    quote what someone typed."""
    return (f'<div class="{FLASH_CLASS}"><span aria-hidden="true">✓</span> '
            f"{html.escape(message)}</div>")
