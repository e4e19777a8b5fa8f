"""Forms that empty themselves after success, so that nothing invites doing it twice.

A form's widgets are keyed by a generation number kept in the session; after a success the
number moves on, and the next run draws fresh, empty widgets (a failed attempt keeps what was
typed, so it can be corrected)."""

from __future__ import annotations

import streamlit as st


def key(form: str, field: str) -> str:
    """The widget key of ``field`` in the current generation of ``form``."""
    return f"{form}-{st.session_state.get(_counter(form), 0)}-{field}"


def renew(form: str) -> None:
    """After a success: the next run shows ``form`` empty."""
    st.session_state[_counter(form)] = st.session_state.get(_counter(form), 0) + 1


def _counter(form: str) -> str:
    return f"form-generation-{form}"
