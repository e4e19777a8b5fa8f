"""The database for a page run: one engine per process, a session per use, use cases called
with their domain errors shown instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from engagement.errors import DomainError
from engagement.services import sessions
from pages._ui.a11y import announce
from pages._ui.text import error


@st.cache_resource
def _engine(url: str):
    return sessions.open_engine(url)


def engine():
    """The process's engine (the page run's cache; also for work off the page run)."""
    return _engine(sessions.configured_url())


def db():
    """A database session for one page run (use as a context manager)."""
    return sessions.open_session(engine())


def run(action: Callable, *, success: str | None = None):
    """Call a use case; show its domain error in plain English instead of a traceback. The
    ``success`` message is shown on the next run: callers rerun when it succeeds."""
    try:
        with db() as session:
            result = action(session)
    except DomainError as err:
        error(err)
        return None
    if success:
        announce(success)
    return result
