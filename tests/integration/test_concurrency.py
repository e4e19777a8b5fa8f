"""16 concurrent vote writers (threads, then spawned processes) on SQLite and PostgreSQL.

Phase 1: each writer owns one participant and keeps casting and changing votes on the same
three statements as everyone else. Afterwards each participant's vote on each statement is the
last value its writer was told had been recorded.

Phase 2: writers share participants (four writers per participant) and all cast the *first*
vote for that participant on the same statement at the same moment, then keep changing it.
Afterwards there is one vote per participant and statement, holding a value that a linearizable
register could hold: one from a call that no other successful call started after.

In both phases no call may fail ('database is locked', unique violations, serialization
errors): a participant's click must not be lost because someone else clicked at the same time.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

from engagement.models import Statement, Vote
from engagement.services import participation
from tests.support.vote_writers import Call, Plan, process_main, run_writer

WRITERS = 16
ROUNDS = 4  # phase 1: each writer votes ROUNDS times on each of the three statements
SHARED_BY = 4  # phase 2: writers per participant
RACE_VOTES = 3  # phase 2: votes per writer on the shared participant and statement
VALUES = (-1, 0, 1)


def _consented(session, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        pid = participation.join(session=session, join_code="TEST01").participant.id
        participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                                   notify=False)
        ids.append(pid)
    return ids


def _plans(session, seed: int) -> tuple[list[Plan], list[int], list[int]]:
    rng = random.Random(seed)
    statements = list(session.exec(select(Statement.id).order_by(Statement.id)))
    assert len(statements) == 3
    owners = _consented(session, WRITERS)
    shared = _consented(session, WRITERS // SHARED_BY)
    plans = []
    for writer in range(WRITERS):
        phase1 = []
        for _ in range(ROUNDS):
            for sid in rng.sample(statements, len(statements)):
                phase1.append((owners[writer], sid, rng.choice(VALUES)))
        target = shared[writer % len(shared)]
        raced = statements[writer % len(shared) % len(statements)]
        phase2 = [(target, raced, rng.choice(VALUES)) for _ in range(RACE_VOTES)]
        plans.append([phase1, phase2])
    return plans, owners, shared




def _check(session, calls: list[Call], owners: list[int], shared: list[int]) -> None:
    session.expire_all()
    failed = Counter(f"phase {c.phase + 1}: {c.error}" for c in calls if c.error)
    assert not failed, f"cast_vote failed under concurrency: {failed}"
    told = [c for c in calls if c.error is None]  # the caller was told it was recorded

    duplicates = session.exec(
        select(Vote.participant_id, Vote.statement_id, func.count(Vote.id))
        .group_by(Vote.participant_id, Vote.statement_id)
        .having(func.count(Vote.id) > 1)
    ).all()
    assert duplicates == [], "two current votes for one participant and statement"
    stored = {(v.participant_id, v.statement_id): v.value for v in session.exec(select(Vote))}

    # Phase 1: exactly the last value each owner was told was recorded; nothing more.
    last_told: dict[tuple[int, int], int] = {}
    for call in sorted((c for c in told if c.phase == 0), key=lambda c: c.started):
        last_told[(call.participant_id, call.statement_id)] = call.value
    phase1 = {key: value for key, value in stored.items() if key[0] in owners}
    assert phase1 == last_told, "a vote was lost (or invented) by concurrent writers"

    # Phase 2: one vote per raced pair, from a call that no successful call started after.
    by_pair: dict[tuple[int, int], list[Call]] = defaultdict(list)
    for call in told:
        if call.phase == 1:
            by_pair[(call.participant_id, call.statement_id)].append(call)
    assert {key for key in stored if key[0] in shared} == set(by_pair)
    for pair, pair_calls in by_pair.items():
        latest_start = max(c.started for c in pair_calls)
        possible = {c.value for c in pair_calls if c.ended >= latest_start}
        assert stored[pair] in possible, f"vote {pair} = {stored[pair]}, expected one of {possible}"


def test_concurrent_writers_in_threads(engine, session, open_dialogue):
    plans, owners, shared = _plans(session, seed=1)
    barrier = threading.Barrier(WRITERS)
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [
            pool.submit(run_writer, engine, writer, plan, barrier)
            for writer, plan in enumerate(plans)
        ]
        calls = [call for future in futures for call in future.result()]
    assert len(calls) == sum(len(phase) for plan in plans for phase in plan)
    _check(session, calls, owners, shared)


@pytest.fixture(scope="module")
def writer_processes():
    """WRITERS spawned processes, started once and used by both database variants."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WRITERS), context.Queue()
    tasks = [context.Queue() for _ in range(WRITERS)]
    processes = [
        context.Process(target=process_main, args=(writer, tasks[writer], barrier, results),
                        daemon=True)
        for writer in range(WRITERS)
    ]
    for process in processes:
        process.start()
    yield tasks, results
    for queue in tasks:
        queue.put(None)
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


def test_concurrent_writers_in_processes(db_url, session, open_dialogue, writer_processes):
    plans, owners, shared = _plans(session, seed=2)
    session.close()  # hand the database over to the writers
    tasks, results = writer_processes
    for queue, plan in zip(tasks, plans, strict=True):
        queue.put((db_url, plan))
    outcomes = [results.get(timeout=120) for _ in plans]
    crashes = [trace for _, _, trace in outcomes if trace]
    assert not crashes, crashes[0]
    calls = [call for _, writer_calls, _ in outcomes for call in writer_calls]
    assert len(calls) == sum(len(phase) for plan in plans for phase in plan)
    _check(session, calls, owners, shared)
