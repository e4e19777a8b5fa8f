"""Limits on repeated attempts (failed sign-ins, joins) per browser, counted in the database.

Called inside a use case's transaction; the caller decides what a refusal says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, delete, select

from engagement.models import RateLimit


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int  # this many in one window, and the key is blocked
    window: timedelta
    block: timedelta


def _key(limit: Limit, who: str) -> str:
    # Hashed: the table never holds a browser's id, which works as a bearer value.
    digest = hashlib.sha256(str(who).encode("utf-8", "replace")).hexdigest()
    return f"{limit.name}:{digest}"


def is_blocked(session: Session, limit: Limit, who: str, now: datetime) -> bool:
    row = session.get(RateLimit, _key(limit, who))
    return bool(row and row.blocked_until and row.blocked_until > now)


def record(session: Session, limit: Limit, who: str, now: datetime) -> bool:
    """Count one attempt; True when the key is now blocked. The row is locked until the
    transaction ends, so that replicas counting at once each add one."""
    key = _key(limit, who)
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    added = session.execute(
        insert(RateLimit).values(key=key, count=0, window_started=now)
        .on_conflict_do_nothing(index_elements=["key"]).returning(RateLimit.key)
    ).first()
    if added is not None:  # a new key: rows of keys long done with go; the table stays small
        _forget_old(session, now)
    row = session.exec(
        select(RateLimit).where(RateLimit.key == key).with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if now - row.window_started >= limit.window:
        row.count, row.window_started = 0, now
    row.count += 1
    if row.count >= limit.attempts:
        row.blocked_until = now + limit.block
        row.count, row.window_started = 0, now
    session.add(row)
    return row.blocked_until is not None and row.blocked_until > now


KEPT_FOR = timedelta(days=1)  # longer than any window or block


def _forget_old(session: Session, now: datetime) -> None:
    session.execute(
        delete(RateLimit).where(
            col(RateLimit.window_started) < now - KEPT_FOR,
            (col(RateLimit.blocked_until).is_(None)) | (col(RateLimit.blocked_until) < now),
        )
    )
