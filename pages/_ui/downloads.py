"""Downloads made by a use case on the click, whose refusal is said like any other.

A click runs the use case on the page run (``run``): it authorises and audits the download
before any byte is made, a refusal is one line in the page (no traceback, nothing to save),
and the file is then offered to save. (Streamlit's deferred download, a file made on the
click off the page run, cannot say a refusal: the browser shows Streamlit's own error and
the server logs a traceback.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pages._ui.a11y import say
from pages._ui.database import run

_DRAWN = "download-drawn-for"  # session state: button key -> what it was drawn for


def download(label: str, make: Callable[[Any, Any], bytes | str], subject: object, *,
             file_name: str, mime: str, key: str, place: Any = st) -> None:
    """A button that makes a file by ``make(session, subject)`` when clicked, then offers it
    to save. ``subject`` is what the button is drawn for (a brief's id, say): a click acts on
    the subject drawn on the run the person clicked in, so a brief replaced meanwhile is
    refused in words rather than another one handed over or the click lost. ``place``: a
    column, say."""
    drawn = st.session_state.setdefault(_DRAWN, {})
    clicked_for = drawn.get(key, subject)
    drawn[key] = subject
    if not place.button(label, key=key):
        return
    made = run(lambda session: make(session, clicked_for))
    if made is not None:
        save = f"Save {file_name}"
        st.download_button(save, made, file_name, mime=mime, type="primary",
                           key=f"{key}-save", on_click="ignore", icon=":material/download:")
        say(f"{file_name} is ready. Choose {save} to keep it.")
