"""Engines and transactions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from engagement.files import create_private, private_folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'engagement.db'}"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return _postgres_engine(url)


# A connection back from work less than this long ago is handed out without a ping (as
# HikariCP's aliveBypassWindowMs): under load a ping per checkout was a round trip per page
# run, measured 30-60% of the vote rate with 16 writers. After a quiet spell, or a restart
# noticed by a failed statement (which makes the pool drop its older connections), they are
# pinged again.
PING_AFTER_IDLE_S = 1.0


def _postgres_engine(url: str) -> Engine:
    engine = create_engine(url, pool_size=10, max_overflow=20)

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _mark_alive(_dbapi_connection, record, *_):
        record.info["alive_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("alive_at", 0.0) < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(f"connection lost while idle: {exc}") from exc  # retried

    return engine


# Execution option: False = SQLite checks no foreign key in this transaction (see transaction).
SQLITE_FOREIGN_KEYS = "sqlite_foreign_keys"
_FOREIGN_KEYS_OFF = "foreign_keys_off"


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    if not in_memory:
        # It holds e-mail addresses: owner-only from the first byte (not the umask's 644).
        path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        private_folder(path.parent)
        create_private(path)
    kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control from pysqlite so that BEGIN IMMEDIATE is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        options = conn.get_execution_options()
        if not options.get(SQLITE_FOREIGN_KEYS, True):
            # Only outside a transaction does SQLite switch this; back on at check-in.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.info[_FOREIGN_KEYS_OFF] = True
        # Read-then-write use cases take the write lock up front: WAL + busy_timeout alone
        # loses updates under concurrency.
        mode = options.get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        # After the pool's rollback: no transaction is open, so the switch takes effect.
        if record is not None and record.info.pop(_FOREIGN_KEYS_OFF, False):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """One engine per database URL per process."""
    return make_engine(url or database_url())


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@contextmanager
def transaction(session: Session, *, write: bool = True,
                foreign_keys: bool = True) -> Iterator[Session]:
    """One use case, one transaction: commit on success, roll back everything on error.

    A use case called from inside another joins the outer transaction, which alone commits.
    ``foreign_keys=False`` (a bulk load whose every key it read itself in this transaction):
    SQLite checks no foreign key of this transaction's rows, then or at commit (1.1 s of CPU
    per million vote rows); the connection checks them again before anyone else uses it."""
    if session.info.get("use_case_depth"):
        session.info["use_case_depth"] += 1
        try:
            yield session
        finally:
            session.info["use_case_depth"] -= 1
        return
    if session.in_transaction():
        session.commit()  # end a read-only transaction a page may have opened
    if write and is_sqlite(session):
        # A Python lock in front of this, tried and measured with bench/load.py, made the
        # median vote three times slower (112 vs 35 ms): SQLite's own wait is kept.
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE",
                                              SQLITE_FOREIGN_KEYS: foreign_keys})
    session.info["use_case_depth"] = 1
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info["use_case_depth"] = 0


def is_whole_use_case(session: Session) -> bool:
    """True inside the outermost ``transaction``: no other use case has joined or called it."""
    return session.info.get("use_case_depth") == 1


def new_session(engine: Engine | None = None) -> Session:
    return Session(engine or get_engine(), expire_on_commit=False)
