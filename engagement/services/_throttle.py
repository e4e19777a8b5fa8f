"""Limits on repeated attempts (failed sign-ins, joins) per browser, counted in the database.

Called inside a use case's transaction; the caller decides what a refusal says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from engagement.models import RateLimit


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int  # this many in one window, and the key is blocked
    window: timedelta
    block: timedelta


def _key(limit: Limit, who: str) -> str:
    # Hashed: the table never holds a browser's id, which works as a bearer value.
    return f"{limit.name}:{hashlib.sha256(who.encode('utf-8', 'replace')).hexdigest()}"


def is_blocked(session: Session, limit: Limit, who: str, now: datetime) -> bool:
    row = session.get(RateLimit, _key(limit, who))
    return bool(row and row.blocked_until and row.blocked_until > now)


def record(session: Session, limit: Limit, who: str, now: datetime) -> bool:
    """Count one attempt; True when the key is now blocked. The row is locked until the
    transaction ends, so that replicas counting at once each add one."""
    key = _key(limit, who)
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    session.execute(
        insert(RateLimit).values(key=key, count=0, window_started=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
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
