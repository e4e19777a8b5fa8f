"""What one call of ``participation.next_statement`` costs (the voting step runs it per vote).

Usage (from the repo root):

    python bench/next_statement_cost.py                   # SQLite in a temporary folder
    python bench/next_statement_cost.py --statements 500 --participants 2000

Seeds an open dialogue with ``--statements`` statements and ``--participants`` participants who
each voted on ``--votes`` random statements (bulk-inserted), then times ``next_statement`` for
one participant half-way through, ``--calls`` times: with no analysis snapshot (the fixed order),
then after ``opinion.run_analysis`` (the routed order; first call = the process's cache of the
snapshot cold). Prints the median and p95 in milliseconds, and the median CPU time of the calling
thread (SQLite runs in-process, so on a busy machine that is the figure to compare).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness.app_server import seed_dialogue  # noqa: E402


def _seed_votes(url: str, dialogue_id: int, statement_ids: list[int], participants: int,
                votes: int, seed: int = 0) -> None:
    from sqlalchemy import insert
    from sqlmodel import select

    from engagement.db import make_engine, new_session
    from engagement.models import Participant, Vote
    from engagement.security import new_pseudonym

    rng = np.random.default_rng(seed)
    engine = make_engine(url)
    with new_session(engine) as session:
        rows = [{"dialogue_id": dialogue_id, "pseudonym": new_pseudonym(), "step": "voting",
                 "skipped": ""} for _ in range(participants)]
        session.execute(insert(Participant), rows)
        session.commit()
        pids = session.exec(
            select(Participant.id).where(Participant.dialogue_id == dialogue_id)
        ).all()
        vote_rows = []
        for pid in pids:
            chosen = rng.choice(statement_ids, size=min(votes, len(statement_ids)), replace=False)
            vote_rows += [{"participant_id": pid, "statement_id": int(s),
                           "dialogue_id": dialogue_id, "value": int(rng.integers(-1, 2))}
                          for s in chosen]
        session.execute(insert(Vote), vote_rows)
        session.commit()
    engine.dispose()


def _voter(url: str, join_code: str, statement_ids: list[int], answered: int) -> int:
    from engagement.db import make_engine, new_session
    from engagement.services import participation

    engine = make_engine(url)
    with new_session(engine) as session:
        pid = participation.join(session=session, join_code=join_code).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        for statement_id in statement_ids[:answered]:
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement_id, value="agree")
    engine.dispose()
    return pid


def _time_calls(url: str, pid: int, calls: int) -> tuple[float, list[float], list[float]]:
    from engagement.db import make_engine, new_session
    from engagement.services import participation

    engine = make_engine(url)
    times, cpu = [], []
    with new_session(engine) as session:
        for _ in range(calls + 1):
            session.expire_all()  # as a fresh page run would see the database
            t0, c0 = time.perf_counter(), time.thread_time()
            participation.next_statement(session=session, participant_id=pid)
            times.append(1000 * (time.perf_counter() - t0))
            cpu.append(1000 * (time.thread_time() - c0))
    engine.dispose()
    return times[0], times[1:], cpu[1:]


def _analyse(url: str, dialogue_id: int) -> float:
    from engagement.actors import SYSTEM_CLI
    from engagement.db import make_engine, new_session
    from engagement.services import opinion

    engine = make_engine(url)
    with new_session(engine) as session:
        t0 = time.perf_counter()
        opinion.run_analysis(session=session, dialogue_id=dialogue_id, by=SYSTEM_CLI)
        seconds = time.perf_counter() - t0
    engine.dispose()
    return seconds


def _row(label: str, first: float, times: list[float], cpu: list[float]) -> str:
    p95 = float(np.percentile(times, 95))
    return (f"| {label} | {first:.2f} | {statistics.median(times):.2f} | {p95:.2f} "
            f"| {statistics.median(cpu):.2f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=200)
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--votes", type=int, default=40)
    ap.add_argument("--calls", type=int, default=300)
    args = ap.parse_args(argv)

    from engagement.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'cost.db'}"
        upgrade(url)
        seeded = seed_dialogue(url, statements=args.statements, join_code="COST01", slug="cost")
        _seed_votes(url, seeded.dialogue_id, seeded.statement_ids, args.participants, args.votes)
        pid = _voter(url, seeded.join_code, seeded.statement_ids, args.statements // 2)
        print(f"SQLite, {args.statements} statements, {args.participants} participants x "
              f"{args.votes} votes; the timed participant has answered {args.statements // 2}; "
              f"{args.calls} calls\n")
        print("| order | first call ms | median ms | p95 ms | median CPU ms |")
        print("|---|---:|---:|---:|---:|")
        print(_row("no snapshot (fixed order)", *_time_calls(url, pid, args.calls)), flush=True)
        seconds = _analyse(url, seeded.dialogue_id)
        print(_row("after an analysis snapshot", *_time_calls(url, pid, args.calls)))
        print(f"\n(the analysis itself, not on the vote path: {seconds:.2f} s)")


if __name__ == "__main__":
    main()
