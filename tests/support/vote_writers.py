"""Concurrent vote writers for tests/integration/test_concurrency.py.

A module of its own (not the test module) so that processes started with the 'spawn' context
can import the entry point by name.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from engagement.db import make_engine, new_session
from engagement.services import participation

BARRIER_TIMEOUT = 60


@dataclass(frozen=True)
class Call:
    """One cast_vote call as the caller saw it (times from the system-wide monotonic clock)."""

    phase: int
    writer: int
    participant_id: int
    statement_id: int
    value: int
    started: float
    ended: float
    error: str | None  # None: the caller was told the vote was recorded


Plan = list[list[tuple[int, int, int]]]  # phases of (participant_id, statement_id, value)


def run_writer(engine: Engine, writer: int, plan: Plan, barrier) -> list[Call]:
    """Carry out the plan, one session (as one request) per vote; all writers start each
    phase together. Errors are recorded, not raised: a web request would fail the same way."""
    calls: list[Call] = []
    for phase, votes in enumerate(plan):
        barrier.wait(BARRIER_TIMEOUT)
        for participant_id, statement_id, value in votes:
            started = time.monotonic()
            error = None
            try:
                with new_session(engine) as session:
                    participation.cast_vote(
                        session=session,
                        participant_id=participant_id,
                        statement_id=statement_id,
                        value=value,
                    )
            except Exception as exc:  # noqa: BLE001  (every failure is a finding)
                first_line = (str(exc).splitlines() or [""])[0][:200]
                error = f"{type(exc).__module__}.{type(exc).__qualname__}: {first_line}"
            calls.append(
                Call(phase, writer, participant_id, statement_id, value, started,
                     time.monotonic(), error)
            )
    return calls


def process_main(writer: int, tasks, barrier, results) -> None:
    """Entry point of a spawned writer process, reused across runs: take ``(url, plan)`` tasks
    until ``None``; for each, make an engine of its own and put the calls onto ``results``."""
    while (task := tasks.get()) is not None:
        url, plan = task
        engine = make_engine(url)
        try:
            results.put((writer, run_writer(engine, writer, plan, barrier), None))
        except BaseException:  # noqa: BLE001
            barrier.abort()
            results.put((writer, [], traceback.format_exc()))
        finally:
            engine.dispose()
