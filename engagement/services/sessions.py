"""The database session of a caller at the top (a page run, a command).

The use cases own their transactions; the caller only opens a session, hands it to them and
closes it. Pages reach the database through here, never through engagement.db."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from engagement.db import database_url, make_engine, new_session


def configured_url() -> str:
    """The database this process is configured for (DATABASE_URL, or the default file)."""
    return database_url()


def open_engine(url: str) -> Engine:
    """A connection pool for ``url`` (callers keep one per process)."""
    return make_engine(url)


def open_session(engine: Engine) -> Session:
    """A session for one page run or one command (use as a context manager)."""
    return new_session(engine)
