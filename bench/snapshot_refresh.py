"""What renewing routing's snapshot on a schedule costs the screens that do it
(``routing.refresh_snapshot``, called by the room view's refresh), and how many analyses a
dialogue gets as people arrive.

Usage (from the repo root):

    python bench/snapshot_refresh.py                          # 100, 1,000 and 3,000 people
    python bench/snapshot_refresh.py --participants 300 --statements 60 --arrivals 0

For each size: an open dialogue of ``--statements`` statements on SQLite in a temporary
folder, ``--participants`` participants who each voted on ``--votes`` statements (bulk-inserted;
three opinion groups), then ``room.room_view`` timed for a facilitator when a snapshot is due
(none yet: the view runs the analysis) and when it is not, ``--reps`` times each, and the
check alone (``refresh_snapshot`` not due). Prints the medians in milliseconds; "extra" is the
delay one due refresh adds to a screen refresh. A participant's vote is cast 0.3 s into each
due refresh, from another connection: how long it took (the analysis holds SQLite's write
lock). Then ``--arrivals`` people arrive one by one (each votes, then the screen refreshes,
or only every ``--every`` arrivals) and it prints how many snapshots were made and at which
counts of voters.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness.app_server import seed_dialogue  # noqa: E402

GROUPS = 3


def _arrive(session, dialogue_id: int, statement_ids: list[int], people: int, votes: int,
            rng: np.random.Generator, leaning: np.ndarray) -> None:
    """``people`` participants, each voting on ``votes`` random statements as their group
    leans (bulk inserts: the vote path is not what is measured)."""
    from sqlalchemy import insert
    from sqlmodel import col, func, select

    from engagement.models import Participant, Vote
    from engagement.security import new_pseudonym

    first = session.exec(select(func.coalesce(func.max(Participant.id), 0))).one() + 1
    session.execute(insert(Participant), [
        {"dialogue_id": dialogue_id, "pseudonym": new_pseudonym(), "step": "voting",
         "skipped": ""} for _ in range(people)])
    pids = session.exec(select(Participant.id).where(col(Participant.id) >= first)
                        .order_by(Participant.id)).all()
    rows = []
    for pid in pids:
        group = int(rng.integers(GROUPS))
        for s in rng.choice(len(statement_ids), size=min(votes, len(statement_ids)),
                            replace=False):
            p_agree = leaning[group, s]
            value = 1 if rng.random() < p_agree else (-1 if rng.random() < 0.8 else 0)
            rows.append({"participant_id": pid, "statement_id": statement_ids[s],
                         "dialogue_id": dialogue_id, "value": value})
    session.execute(insert(Vote), rows)
    session.commit()


def _forget_snapshots(session) -> None:
    """Back to no snapshot: the next refresh is due again."""
    from sqlmodel import delete

    from engagement.models import AnalysisSnapshot, Lineage
    from engagement.services import routing

    session.execute(delete(Lineage).where(Lineage.output_kind == "snapshot"))
    session.execute(delete(AnalysisSnapshot))
    session.commit()
    routing._counted.clear()  # ids are reused once deleted


def _snapshots(session) -> list[int]:
    """The voters each snapshot counted, oldest first."""
    from sqlmodel import func, select

    from engagement.models import AnalysisSnapshot, Lineage

    session.rollback()
    return list(session.exec(
        select(func.count(Lineage.id)).join(
            AnalysisSnapshot, AnalysisSnapshot.id == Lineage.output_id)
        .where(Lineage.output_kind == "snapshot", Lineage.contribution_kind == "votes")
        .group_by(AnalysisSnapshot.id).order_by(AnalysisSnapshot.id)))


def _room(session, dialogue_id: int, user) -> tuple[float, float]:
    from engagement.services import room

    session.expire_all()  # as a fresh page run would see the database
    t0, c0 = time.perf_counter(), time.thread_time()
    room.room_view(session=session, dialogue_id=dialogue_id, by=user)
    return 1000 * (time.perf_counter() - t0), 1000 * (time.thread_time() - c0)


def _setup(url: str, statements: int, slug: str):
    from sqlmodel import select

    from engagement.db import make_engine, new_session
    from engagement.migrate import upgrade
    from engagement.models import User

    upgrade(url)
    seeded = seed_dialogue(url, statements=statements, join_code="REFRESH1", slug=slug)
    engine = make_engine(url)
    session = new_session(engine)
    user = session.exec(select(User).where(User.username == f"seed-{slug}")).one()
    return engine, session, user, seeded


def _check(session, dialogue_id: int, user) -> float:
    """The refresh alone when it is not due (what every screen refresh pays)."""
    from engagement.services import routing

    session.expire_all()
    t0 = time.perf_counter()
    assert routing.refresh_snapshot(session=session, dialogue_id=dialogue_id,
                                    by=user).outcome == "not due"
    return 1000 * (time.perf_counter() - t0)


def _vote_during(url: str, pid: int, statement_id: int, value: str, delay: float) -> float:
    """A participant's vote cast ``delay`` s after a due refresh began: how long it took."""
    from engagement.db import make_engine, new_session
    from engagement.services import participation

    engine = make_engine(url)
    with new_session(engine) as session:
        time.sleep(delay)
        t0 = time.perf_counter()
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement_id,
                                value=value)
        took = 1000 * (time.perf_counter() - t0)
    engine.dispose()
    return took


def bench_size(participants: int, statements: int, votes: int, reps: int, seed: int) -> str:
    from engagement.services import participation

    rng = np.random.default_rng(seed)
    leaning = rng.uniform(0.1, 0.9, size=(GROUPS, statements))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'r.db'}"
        engine, session, user, seeded = _setup(url, statements, "refresh")
        _arrive(session, seeded.dialogue_id, seeded.statement_ids, participants, votes, rng,
                leaning)
        voter = participation.join(session=session, join_code=seeded.join_code).participant.id
        participation.give_consent(session=session, participant_id=voter, report=True,
                                   quote=False, notify=False)
        _room(session, seeded.dialogue_id, user)  # warm: imports, the first analysis
        due, quiet, due_cpu, quiet_cpu, checks, waits = [], [], [], [], [], []
        with ThreadPoolExecutor(1) as pool:
            for rep in range(reps):
                _forget_snapshots(session)
                vote = pool.submit(_vote_during, url, voter, seeded.statement_ids[0],
                                   ("agree", "disagree")[rep % 2], 0.3)
                wall, cpu = _room(session, seeded.dialogue_id, user)
                waits.append(vote.result())
                assert len(_snapshots(session)) == 1, "the due refresh made no snapshot"
                due.append(wall)
                due_cpu.append(cpu)
                for _ in range(5):
                    wall, cpu = _room(session, seeded.dialogue_id, user)
                    quiet.append(wall)
                    quiet_cpu.append(cpu)
                    checks.append(_check(session, seeded.dialogue_id, user))
                assert len(_snapshots(session)) == 1, "a refresh not due analysed"
        session.close()
        engine.dispose()
    d, q = statistics.median(due), statistics.median(quiet)
    return (f"| {participants:,} | {participants * votes:,} | {statistics.median(checks):.1f} "
            f"| {q:.0f} | {d:.0f} | {d - q:.0f} "
            f"| {statistics.median(quiet_cpu):.0f} / {statistics.median(due_cpu):.0f} "
            f"| {statistics.median(waits):.0f} |")


def bench_arrivals(arrivals: int, every: int, statements: int, votes: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    leaning = rng.uniform(0.1, 0.9, size=(GROUPS, statements))
    with tempfile.TemporaryDirectory() as tmp:
        engine, session, user, seeded = _setup(f"sqlite:///{Path(tmp) / 'a.db'}", statements,
                                               "arrivals")
        t0 = time.perf_counter()
        for i in range(1, arrivals + 1):
            _arrive(session, seeded.dialogue_id, seeded.statement_ids, 1, votes, rng, leaning)
            if i % every == 0:
                _room(session, seeded.dialogue_id, user)
        seconds = time.perf_counter() - t0
        made = _snapshots(session)
        session.close()
        engine.dispose()
    return (f"{arrivals} arrivals, the screen refreshed after every {every}: {len(made)} "
            f"snapshots, at {made} voters ({seconds:.0f} s wall, arrivals included)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, nargs="+", default=[100, 1000, 3000])
    ap.add_argument("--statements", type=int, default=120)
    ap.add_argument("--votes", type=int, default=20)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--arrivals", type=int, default=600)
    ap.add_argument("--every", type=int, nargs="+", default=[1, 5],
                    help="arrivals between screen refreshes in the arrivals run")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(f"SQLite; {args.statements} statements, {args.votes} votes each; room_view of a "
          f"facilitator, medians of {args.reps} due and {5 * args.reps} not-due refreshes\n")
    print("| participants | votes | the check alone ms | room view, not due ms "
          "| room view, due ms | extra ms | CPU ms not due / due | a vote during it ms |")
    print("|---:|---:|---:|---:|---:|---:|---|---:|")
    for n in args.participants:
        print(bench_size(n, args.statements, args.votes, args.reps, args.seed), flush=True)
    if args.arrivals:
        print()
        for every in args.every:
            print(bench_arrivals(args.arrivals, every, args.statements, args.votes, args.seed),
                  flush=True)


if __name__ == "__main__":
    main()
