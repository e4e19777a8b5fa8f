"""Keyboard and screen-reader support the pages share: a focus indicator that can always be
seen, and a status region that announces confirmations.

Streamlit's own focus styles are faint or missing on some widgets (the navigation links show
none), and a message that appears on the page is not always read out: the status region, one
element kept for the whole visit, is."""

from __future__ import annotations

import html

import streamlit as st

from pages._ui.messages import flash

# GOV.UK's focus style: a black outline and a yellow ring, on every focused control. A radio
# or checkbox input is visually hidden by Streamlit, so its label carries the ring instead.
FOCUS_STYLE = """
<style>
:focus-visible, label:has(input:focus-visible) {
  outline: 3px solid #0b0c0c !important;
  outline-offset: 0 !important;
  box-shadow: 0 0 0 6px #ffdd00 !important;
}
/* A multiselect's text box is 3rem wide while focused and a sliver otherwise, so leaving it
   (pressing a button below it) could drop it from its own line to the end of the last
   choice's: the widget lost a line and everything below moved up between the press and the
   release, and the press was lost (measured: 134 -> 101 px; tests/e2e/test_brief_decision_
   browser.py). The same width either way keeps the page still. */
.stMultiSelect input {
  min-width: 3rem !important;
}
/* A collapsed sidebar (a phone's closed menu) is moved off the screen, not hidden: its links
   would still take the focus, out of sight. Hidden, they leave the Tab order until it opens. */
[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
/* The page scrolls under Streamlit's header (60 px, drawn over the page's top): a control that
   Shift+Tab scrolls to the top edge was hidden under it. Scrolled to below it instead. */
main.stMain { scroll-padding-top: 5rem; }
/* The visible confirmation (pages/_ui/messages.py): GOV.UK's success colours. */
.app-flash {
  border-left: 5px solid #00703c; background: #f3f9f6; color: #0b0c0c;
  padding: 0.75rem 1rem; border-radius: 0.5rem;
}
.app-flash span { color: #00703c; font-weight: bold; }
.app-status {
  position: absolute !important; width: 1px !important; height: 1px !important;
  margin: -1px !important; padding: 0 !important; overflow: hidden !important;
  clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important;
}
</style>
"""

_PENDING = "status_message"
_SLOT = "_status_slot"


def page_styles() -> None:
    st.html(FOCUS_STYLE)


# The live region itself is made once per page load by this script (constant text, nothing
# from users), outside Streamlit's elements: Streamlit replaces an st.html block's markup when
# its text changes, and a live region that arrives already holding its message is not read out
# by every screen reader. The script copies each run's message (a hidden element, no live role)
# into the one region that stays.
_ANNOUNCER = """<script>
(() => {
  if (window.engagementStatus) return;
  window.engagementStatus = true;
  const live = document.createElement("div");
  live.className = "app-status";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  let said = null;
  const copy = () => {
    const source = document.querySelector(".app-status-message");
    const text = source ? source.textContent : "";
    if (text !== said) { said = text; live.textContent = text; }
  };
  new MutationObserver(copy).observe(document.body,
    {childList: true, subtree: true, characterData: true});
  copy();
})();
</script>"""


def _region(message: str) -> str:
    # Escaped: a message may quote what a participant typed.
    return f'<div class="app-status-message" hidden>{html.escape(message)}</div>'


def status_region() -> None:
    """The page's status message, at the same place on every run (what a button's callback or
    the run before a rerun said), and the script that reads it out."""
    slot = st.empty()
    st.session_state[_SLOT] = slot
    slot.html(_region(st.session_state.get(_PENDING, "")))
    st.html(_ANNOUNCER, unsafe_allow_javascript=True)


def announce(message: str) -> None:
    """Say a confirmation aloud, once (the status region), and show it (``flash``: a success
    box on the page the action leads to, which is no live region, and not a toast, which axe
    finds nameless). Kept until the run ends normally, so a message said just before
    st.rerun() is read out after it."""
    say(message)
    flash(message)


def say(message: str) -> None:
    """Say a message aloud, once (the status region), with no box: for a change this run
    shows by itself, such as a button that has just appeared, which a screen reader would
    not otherwise mention (WCAG 4.1.3, status messages)."""
    st.session_state[_PENDING] = message
    slot = st.session_state.get(_SLOT)
    if slot is not None:
        slot.html(_region(message))


def status_read() -> None:
    """The run ended normally: its message has been shown, so the next run starts silent."""
    st.session_state.pop(_PENDING, None)
