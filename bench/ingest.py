"""Write throughput of the service layer and analysis-read time of a big dialogue.

    .venv/bin/python bench/ingest.py throughput [--backend sqlite postgres] [--writers 1 4 16]
                                                [--mode threads processes] [--duration 10]
                                                [--path service lean] [--pg-durable]
    .venv/bin/python bench/ingest.py profile    [--backend sqlite postgres] [--votes 1500]
    .venv/bin/python bench/ingest.py cpu        [--backend sqlite postgres] [--votes 4000]
    .venv/bin/python bench/ingest.py read       [--backend sqlite postgres] [--votes 1000000]

* ``throughput``: votes/s through ``participation.cast_vote`` (one Session per vote, as one
  page run), with W writers as threads of one process or as W processes; ``--path lean`` runs
  the single-statement prototype below instead (a proposal, not used by the app). Besides the
  rate and latency it prints the machine's CPU per vote and where the cores went in the
  middle of the run: the writers' process(es), the PostgreSQL server's processes, the whole
  machine (by /proc; see ``CpuSplit``).
* ``profile``: queries per vote (counted at the cursor) and where the time goes (cProfile).
* ``cpu``: CPU time per vote of N votes cast one after another by one writer (the writer
  process's user + system time, and the PostgreSQL server's): on a machine shared with others
  the rate follows the share of the cores a run gets, its CPU per vote much less.
* ``read``: bulk-insert N votes into one dialogue, then time
  ``engagement.services.opinion.load_votes`` and the faster prototype ``fast_load_votes``.

PostgreSQL runs on a throwaway server (harness/pg_server.py: loopback, fsync off,
synchronous_commit off); ``--pg-durable`` starts it with fsync, full_page_writes and
synchronous_commit on, for production-like commits (the settings in force are printed).
SQLite runs on a file in WAL mode with the app's settings (engagement.db: synchronous=NORMAL,
BEGIN IMMEDIATE).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import multiprocessing as mp
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from engagement.db import is_sqlite, make_engine, new_session, transaction  # noqa: E402
from engagement.errors import DomainError  # noqa: E402
from engagement.migrate import upgrade  # noqa: E402
from engagement.models import Consent, Dialogue, JourneyStep, Participant  # noqa: E402
from engagement.services import participation  # noqa: E402
from harness.app_server import cpu_seconds, proc_stat  # noqa: E402

STATEMENTS = 100
PARTICIPANTS_PER_WRITER = 250  # x STATEMENTS distinct (participant, statement) pairs each


# --- databases -----------------------------------------------------------------------------


class Backend:
    """A fresh migrated database per measurement: ``url()``; ``close()`` at the end."""

    def __init__(self, kind: str, *, pg_durable: bool = False) -> None:
        self.kind = kind
        self.tmp = Path(tempfile.mkdtemp(prefix=f"ingest-{kind}-"))
        self.server = None
        self.count = 0
        self.template = None
        if kind == "postgres":
            from harness.pg_server import PostgresServer

            self.server = PostgresServer(durable=pg_durable).start()
            with self.server.admin() as conn:
                settings = [conn.execute(f"SHOW {name}").fetchone()[0]
                            for name in ("fsync", "synchronous_commit", "full_page_writes")]
            print(f"PostgreSQL fsync, synchronous_commit, full_page_writes: {settings}")
            self.template = "ingest_template"
            upgrade(self.server.create_database(self.template))
        else:
            self.template = self.tmp / "template.db"
            upgrade(f"sqlite:///{self.template}")

    def url(self) -> str:
        self.count += 1
        if self.server is not None:
            return self.server.create_database(f"ingest_{self.count}", template=self.template)
        path = self.tmp / f"ingest_{self.count}.db"
        path.write_bytes(self.template.read_bytes())
        return f"sqlite:///{path}"

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


def seed(url: str, *, participants: int, statements: int = STATEMENTS) -> tuple[int, list, list]:
    """An open dialogue, its statements, and consented participants in the voting step
    (bulk-inserted: the set-up is not what is measured)."""
    from harness.app_server import seed_dialogue

    seeded = seed_dialogue(url, statements=statements, join_code="INGEST", slug="ingest")
    engine = make_engine(url)
    try:
        with new_session(engine) as session, transaction(session):
            # Consent to the wording in force: an older version would not cover their votes.
            version = session.get(Dialogue, seeded.dialogue_id).consent_version
            conn = session.connection()
            rows = [
                {"dialogue_id": seeded.dialogue_id, "pseudonym": f"B-{i:08d}",
                 "resume_code_hash": None, "step": JourneyStep.VOTING, "skipped": "",
                 "synthetic": True, "created_at": datetime.now(UTC)}
                for i in range(participants)
            ]
            ids = [r[0] for r in conn.execute(
                insert(Participant.__table__).returning(
                    Participant.__table__.c.id, sort_by_parameter_order=True), rows)]
            conn.execute(insert(Consent.__table__), [
                {"participant_id": pid, "version": version, "report": True, "quote": False,
                 "notify": False, "given_at": datetime.now(UTC)} for pid in ids
            ])
    finally:
        engine.dispose()
    return seeded.dialogue_id, ids, seeded.statement_ids


# --- the proposed single-statement vote (prototype for the report) ---------------------------

LEAN_VOTE = text("""
INSERT INTO vote (participant_id, statement_id, dialogue_id, value, created_at, updated_at)
SELECT p.id, s.id, s.dialogue_id, :value, :now, :now
FROM participant p
JOIN statement s ON s.id = :sid AND s.dialogue_id = p.dialogue_id AND s.status = 'accepted'
JOIN dialogue d ON d.id = p.dialogue_id AND d.status = 'open'
JOIN consent c ON c.id = (SELECT max(c2.id) FROM consent c2 WHERE c2.participant_id = p.id)
WHERE p.id = :pid AND p.withdrawn_at IS NULL AND c.report AND c.version >= d.consent_version
ON CONFLICT (participant_id, statement_id)
DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
RETURNING id
""")
LEAN_STEP = text(
    "UPDATE participant SET step = 'voting' WHERE id = :pid "
    "AND step IN ('consent', 'briefing', 'position_pre')"
)


def lean_cast_vote(*, session, participant_id: int, statement_id: int, value: object) -> int:
    """cast_vote in one round trip: the checks are the INSERT's joins. When no row comes back
    the caller learns why from the existing (slow) path, so the domain errors stay the same."""
    value = participation._vote_value(value)
    with transaction(session):
        conn = session.connection()
        now = datetime.now(UTC)
        row = conn.execute(LEAN_VOTE, {"pid": participant_id, "sid": statement_id,
                                       "value": value, "now": now}).first()
        if row is not None:
            conn.execute(LEAN_STEP, {"pid": participant_id})
            return row[0]
    participation.cast_vote(session=session, participant_id=participant_id,
                            statement_id=statement_id, value=value)  # raises the domain error
    raise AssertionError("the lean path refused a vote the service layer accepts")


# --- writers ---------------------------------------------------------------------------------


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy so far (all cores, every process: the
    writers, PostgreSQL and the benchmark), from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postgres_pids(server) -> list[int]:
    """The postmaster and every process it started (backends, writer, WAL writer...)."""
    try:
        postmaster = int((server.datadir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    children = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()
                and (fields := proc_stat(int(entry.name))) and int(fields[1]) == postmaster]
    return [postmaster, *children]


class CpuSplit(threading.Thread):
    """Where the CPU goes while the writers run: cores used by the writers' process(es) and by
    the database server's processes, sampled over the middle of the run (from 15% to 85% of
    the duration) so that start-up and the writers' exit fall outside the window. A process
    counts when it is alive at both ends of the window. SQLite has no server: its work is in
    the writers' figure."""

    def __init__(self, duration: float, writers, database) -> None:
        super().__init__(daemon=True)
        self.duration, self.writers, self.database = duration, writers, database
        self.cores: dict[str, float] | None = None

    def _snapshot(self) -> tuple[float, dict[str, dict[int, float]]]:
        groups = {"writers": self.writers(), "database": self.database()}
        return time.monotonic(), {
            name: {pid: cpu for pid in pids if (cpu := cpu_seconds(pid)) is not None}
            for name, pids in groups.items()
        }

    def run(self) -> None:
        time.sleep(0.15 * self.duration)
        t0, first = self._snapshot()
        busy0 = machine_busy_seconds()
        time.sleep(0.7 * self.duration)
        t1, last = self._snapshot()
        busy1 = machine_busy_seconds()
        window = t1 - t0
        self.cores = {
            name: sum(last[name][pid] - first[name][pid] for pid in last[name]
                      if pid in first[name]) / window
            for name in first
        }
        if busy0 is not None and busy1 is not None:
            self.cores["machine"] = (busy1 - busy0) / window


@dataclass
class WriterResult:
    votes: int
    errors: Counter
    latencies: list[float]


def run_writer(engine, pairs, deadline_after: float, path: str, start_barrier) -> WriterResult:
    cast = lean_cast_vote if path == "lean" else participation.cast_vote
    rng = random.Random(len(pairs))
    latencies, errors, votes = [], Counter(), 0
    start_barrier.wait(120)
    deadline = time.monotonic() + deadline_after
    for pid, sid in pairs:
        if time.monotonic() > deadline:
            break
        t0 = time.perf_counter()
        try:
            with new_session(engine) as session:
                cast(session=session, participant_id=pid, statement_id=sid,
                     value=rng.choice((-1, 0, 1)))
            votes += 1
        except (DomainError, Exception) as exc:  # noqa: BLE001  (every failure is a finding)
            errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
        latencies.append(time.perf_counter() - t0)
    return WriterResult(votes, errors, latencies)


def _process_writer(url, pairs, duration, path, barrier, queue) -> None:
    engine = make_engine(url)
    try:
        result = run_writer(engine, pairs, duration, path, barrier)
        queue.put((result.votes, dict(result.errors), result.latencies))
    except BaseException as exc:  # noqa: BLE001
        barrier.abort()
        queue.put((0, {f"crash: {exc!r}": 1}, []))
    finally:
        engine.dispose()


def throughput(url: str, writers: int, mode: str, duration: float, path: str,
               database_pids=list) -> dict:
    _dialogue, pids, sids = seed(url, participants=writers * PARTICIPANTS_PER_WRITER)
    plans = []
    for w in range(writers):
        mine = pids[w * PARTICIPANTS_PER_WRITER:(w + 1) * PARTICIPANTS_PER_WRITER]
        plans.append([(p, s) for p in mine for s in sids])
    results: list[WriterResult] = []
    if mode == "threads":
        engine = make_engine(url)
        barrier = threading.Barrier(writers + 1)
        lock = threading.Lock()

        def target(plan):
            r = run_writer(engine, plan, duration, path, barrier)
            with lock:
                results.append(r)

        threads = [threading.Thread(target=target, args=(p,)) for p in plans]
        for t in threads:
            t.start()
        split = CpuSplit(duration, lambda: [os.getpid()], database_pids)
        barrier.wait(120)
        t0, busy0 = time.monotonic(), machine_busy_seconds()
        split.start()
        for t in threads:
            t.join()
        elapsed, busy1 = time.monotonic() - t0, machine_busy_seconds()
        engine.dispose()
    else:
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(writers + 1)
        queue = ctx.Queue()
        procs = [ctx.Process(target=_process_writer, args=(url, p, duration, path, barrier, queue))
                 for p in plans]
        for p in procs:
            p.start()
        split = CpuSplit(duration, lambda: [p.pid for p in procs], database_pids)
        barrier.wait(180)
        t0, busy0 = time.monotonic(), machine_busy_seconds()
        split.start()
        for _ in procs:
            votes, errors, lat = queue.get(timeout=duration + 300)
            results.append(WriterResult(votes, Counter(errors), lat))
        elapsed, busy1 = time.monotonic() - t0, machine_busy_seconds()
        for p in procs:
            p.join(30)
    split.join(duration + 30)
    votes = sum(r.votes for r in results)
    lat = sorted(x for r in results for x in r.latencies)
    errors = sum((r.errors for r in results), Counter())
    return {
        "votes": votes, "elapsed": elapsed, "rate": votes / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * lat[len(lat) // 2] if lat else 0.0,
        "p95_ms": 1000 * lat[int(len(lat) * 0.95)] if lat else 0.0,
        "errors": dict(errors),
        "cpu_ms": (1000 * (busy1 - busy0) / votes if votes and busy0 is not None else None),
        "cores": split.cores,
    }


def cpu_per_vote(url: str, votes: int, database_pids) -> dict:
    """Process and server CPU of ``votes`` cast_vote calls, one session each, one writer."""
    per = STATEMENTS
    _dialogue, pids, sids = seed(url, participants=-(-votes // per))
    pairs = [(p, s) for p in pids for s in sids][:votes]
    engine = make_engine(url)
    rng = random.Random(0)
    server = _cpu_of(database_pids())
    cpu, wall = time.process_time(), time.perf_counter()
    for pid, sid in pairs:
        with new_session(engine) as session:
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value=rng.choice((-1, 0, 1)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    server = _cpu_of(database_pids()) - server
    engine.dispose()
    return {"votes": len(pairs), "cpu_ms": 1000 * cpu / len(pairs),
            "server_ms": 1000 * server / len(pairs), "wall_ms": 1000 * wall / len(pairs)}


def _cpu_of(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) or 0.0 for pid in pids)


# --- profile ---------------------------------------------------------------------------------


def _statements_seen_by_the_database(backend: Backend, engine, action) -> list[str]:
    """What the database receives while ``action()`` runs, first word of each statement:
    SQLite's trace callback, PostgreSQL's statement log (pings, BEGIN and COMMIT included;
    the services also send statements straight to the driver, which SQLAlchemy's events
    do not see)."""
    seen: list[str] = []
    if backend.server is None:
        raw = engine.raw_connection()  # the pool's only connection here: one writer
        try:
            raw.driver_connection.set_trace_callback(
                lambda sql: seen.append(sql.split()[0].upper()))
        finally:
            raw.close()
        action()
        raw = engine.raw_connection()
        raw.driver_connection.set_trace_callback(None)
        raw.close()
        return seen
    log = backend.server.logfile

    def log_statements(value: str) -> None:
        with backend.server.admin() as conn:
            conn.execute(f"ALTER SYSTEM SET log_statement = '{value}'")
            conn.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)

    log_statements("all")
    mark = log.stat().st_size
    action()
    time.sleep(0.5)
    text_ = log.read_bytes()[mark:].decode(errors="replace")
    log_statements("none")
    for match in re.finditer(r"LOG:  (?:statement|execute [^:]*):\s*(\S+)", text_):
        seen.append("(ping: idle > 1 s)" if match.group(1) == ";" else match.group(1).upper())
    return seen


def profile(backend: Backend, votes: int) -> None:
    url = backend.url()
    _dialogue, pids, sids = seed(url, participants=votes // len(range(STATEMENTS)) + 1)
    engine = make_engine(url)
    pairs = [(p, s) for p in pids for s in sids][:votes]
    with new_session(engine) as session:  # warm up (imports, pool, statement caches)
        participation.cast_vote(session=session, participant_id=pairs[0][0],
                                statement_id=pairs[0][1], value=1)

    def one(cast, pair):
        with new_session(engine) as session:
            cast(session=session, participant_id=pair[0], statement_id=pair[1], value=1)

    one_vote = _statements_seen_by_the_database(
        backend, engine, lambda: one(participation.cast_vote, pairs[1]))
    lean_vote = _statements_seen_by_the_database(
        backend, engine, lambda: one(lean_cast_vote, pairs[2]))
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for pid, sid in pairs[3:]:
        with new_session(engine) as session:
            participation.cast_vote(session=session, participant_id=pid, statement_id=sid,
                                    value=-1)
    prof.disable()
    elapsed = time.perf_counter() - t0
    n = len(pairs) - 3
    print(f"\n## profile {engine.dialect.name}: {n} votes, one writer, "
          f"{1000 * elapsed / n:.2f} ms per vote ({n / elapsed:.0f} votes/s) under cProfile")
    print(f"statements per cast_vote: {len(one_vote)} -> {Counter(one_vote)}")
    print(f"statements per lean_cast_vote: {len(lean_vote)} -> {Counter(lean_vote)}")
    stats = pstats.Stats(prof)
    buckets = Counter()
    total = 0.0
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        total += tt
        if "sqlalchemy" in filename or "sqlmodel" in filename:
            buckets["SQLAlchemy/SQLModel (ORM, compile, result)"] += tt
        elif "psycopg" in filename or func in ("execute", "fetchone", "fetchall") and \
                filename.startswith("~"):
            buckets["driver (execute/fetch, incl. waiting for the server)"] += tt
        elif func in ("commit", "<method 'commit' of 'sqlite3.Connection' objects>") or \
                "commit" in func:
            buckets["commit"] += tt
        elif "engagement" in filename:
            buckets["engagement (services)"] += tt
        else:
            buckets["other (stdlib, logging, builtins)"] += tt
    for name, tt in buckets.most_common():
        print(f"  {name:55s} {100 * tt / total:5.1f}%  ({1000 * tt / n:.3f} ms/vote)")
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(12)
    print("\n".join(out.getvalue().splitlines()[6:22]))
    engine.dispose()


# --- 1,000,000 votes: analysis read --------------------------------------------------------


def bulk_votes(url: str, n_votes: int, statements: int = 200) -> int:
    participants = -(-n_votes // statements)
    dialogue_id, pids, sids = seed(url, participants=participants, statements=statements)
    engine = make_engine(url)
    rng = np.random.default_rng(0)
    values = rng.choice(np.array([-1, 0, 1]), size=n_votes)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    t0 = time.perf_counter()
    try:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            if engine.dialect.name == "sqlite":
                cur.execute("BEGIN IMMEDIATE")

                def rows():
                    for i in range(n_votes):
                        stamp = (base + timedelta(seconds=i)).isoformat(sep=" ")
                        yield (pids[i // statements], sids[i % statements], dialogue_id,
                               int(values[i]), stamp, stamp)

                cur.executemany(
                    "INSERT INTO vote (participant_id, statement_id, dialogue_id, value, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows())
                cur.execute("COMMIT")
            else:
                with cur.copy("COPY vote (participant_id, statement_id, dialogue_id, value, "
                              "created_at, updated_at) FROM STDIN") as copy:
                    for i in range(n_votes):
                        stamp = base + timedelta(seconds=i)
                        copy.write_row((pids[i // statements], sids[i % statements],
                                        dialogue_id, int(values[i]), stamp, stamp))
                raw.commit()
                cur.execute("ANALYZE vote")
                raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
    print(f"inserted {n_votes:,} votes ({participants:,} participants x {statements} "
          f"statements) in {time.perf_counter() - t0:.1f} s")
    return dialogue_id


FAST_SQL = {
    "sqlite": "SELECT participant_id, statement_id, value, "
              "(julianday(created_at) - 2440587.5) * 86400.0 FROM vote WHERE dialogue_id = ?",
    "postgresql": "SELECT participant_id, statement_id, value, "
                  "EXTRACT(EPOCH FROM created_at)::float8 FROM vote WHERE dialogue_id = %s",
}


def fast_load_votes(*, session, dialogue_id: int):
    """Prototype of a faster load_votes: the database turns timestamps into epoch seconds
    (no Python datetime per vote), the driver's cursor is used without ORM rows, and numpy
    builds the arrays. Same result as load_votes (checked in ``read``)."""
    from engagement.analysis.opinion import VoteMatrix
    from engagement.services.opinion import LoadedVotes

    dialect = "sqlite" if is_sqlite(session) else "postgresql"
    raw = session.connection().connection.driver_connection
    cur = raw.cursor()
    cur.execute(FAST_SQL[dialect], (dialogue_id,))
    data = np.array(cur.fetchall(), dtype=np.float64).reshape(-1, 4)
    st = session.connection().execute(text(
        "SELECT id, status, created_at FROM statement WHERE dialogue_id = :d "
        "AND status IN ('accepted', 'rejected') ORDER BY id"), {"d": dialogue_id}).all()
    keys = [s[0] for s in st]
    known = np.isin(data[:, 1], np.asarray(keys, dtype=np.float64))
    data = data[known]
    pids = data[:, 0].astype(np.int64)
    participant_keys = np.unique(pids).tolist()
    created = {s[0]: (s[2] if isinstance(s[2], datetime)
                      else datetime.fromisoformat(str(s[2]))).timestamp() for s in st}
    matrix = VoteMatrix.from_records(
        pids, data[:, 1].astype(np.int64), data[:, 2], data[:, 3],
        participant_keys=participant_keys, statement_keys=keys, statement_created=created,
    )
    return LoadedVotes(matrix=matrix, moderated_out=tuple(s[0] for s in st
                                                           if s[1] == "rejected"))


def read(url: str, n_votes: int, repeats: int = 3) -> dict:
    from engagement.services.opinion import load_votes

    dialogue_id = bulk_votes(url, n_votes)
    engine = make_engine(url)
    out = {}
    try:
        for name, fn in (("load_votes", load_votes), ("fast_load_votes", fast_load_votes)):
            times = []
            for _ in range(repeats):
                with new_session(engine) as session:
                    t0 = time.perf_counter()
                    loaded = fn(session=session, dialogue_id=dialogue_id)
                    times.append(time.perf_counter() - t0)
            out[name] = (min(times), statistics.median(times), loaded)
        slow, fast = out["load_votes"][2].matrix, out["fast_load_votes"][2].matrix
        same = (slow.votes.shape == fast.votes.shape
                and (slow.votes != fast.votes).nnz == 0
                and slow.participant_keys == tuple(fast.participant_keys)
                and slow.statement_keys == tuple(fast.statement_keys))
        out["same"] = same
        print(f"matrix {slow.votes.shape}, {slow.votes.nnz:,} votes; same result: {same}")
    finally:
        engine.dispose()
    return out


# --- command line ----------------------------------------------------------------------------


def _throughput_row(r: dict, kind: str, durable: bool, path: str, mode: str,
                    writers: int) -> str:
    cpu = "" if r["cpu_ms"] is None else f"{r['cpu_ms']:.2f}"
    cores = r["cores"] or {}
    writers_cores = f"{cores['writers']:.2f}" if "writers" in cores else ""
    database_cores = ("(in the writers)" if kind == "sqlite"
                      else f"{cores['database']:.2f}" if "database" in cores else "")
    machine_cores = f"{cores['machine']:.2f}" if "machine" in cores else ""
    label = kind + (" (durable)" if durable and kind == "postgres" else "")
    return (f"| {label} | {path} | {writers} | {mode} | {r['votes']} | {r['elapsed']:.1f} | "
            f"{r['rate']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {cpu} | "
            f"{writers_cores} | {database_cores} | {machine_cores} | {r['errors'] or 0} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["throughput", "profile", "cpu", "read"])
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgres"],
                        choices=["sqlite", "postgres"])
    parser.add_argument("--writers", nargs="+", type=int, default=[1, 4, 16])
    parser.add_argument("--mode", nargs="+", default=["threads", "processes"],
                        choices=["threads", "processes"])
    parser.add_argument("--path", nargs="+", default=["service"], choices=["service", "lean"])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--votes", type=int, default=None)
    parser.add_argument("--pg-durable", action="store_true",
                        help="PostgreSQL with fsync/synchronous_commit on")
    args = parser.parse_args(argv)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# bench/ingest.py {args.what} — {mp.cpu_count()} CPUs, load average {' '.join(load)}")
    for kind in args.backend:
        backend = Backend(kind, pg_durable=args.pg_durable)
        try:
            if args.what == "throughput":
                print("\n| backend | path | writers | mode | votes | s | votes/s | p50 ms | "
                      "p95 ms | CPU ms/vote | cores: writers | cores: database | "
                      "cores: machine | errors |\n" + "|---" * 14 + "|")
                database_pids = (list if backend.server is None
                                 else functools.partial(postgres_pids, backend.server))
                for path in args.path:
                    for mode in args.mode:
                        for writers in args.writers:
                            r = throughput(backend.url(), writers, mode, args.duration, path,
                                           database_pids)
                            print(_throughput_row(r, kind, args.pg_durable, path, mode,
                                                  writers), flush=True)
            elif args.what == "cpu":
                database_pids = (list if backend.server is None
                                 else functools.partial(postgres_pids, backend.server))
                r = cpu_per_vote(backend.url(), args.votes or 4000, database_pids)
                print(f"| {kind} | {r['votes']} | {r['cpu_ms']:.3f} | {r['server_ms']:.3f} | "
                      f"{r['wall_ms']:.3f} |", flush=True)
            elif args.what == "profile":
                profile(backend, args.votes or 1500)
            else:
                r = read(backend.url(), args.votes or 1_000_000)
                for name in ("load_votes", "fast_load_votes"):
                    best, median, _ = r[name]
                    print(f"| {kind} | {name} | {best:.2f} s best | {median:.2f} s median |")
        finally:
            backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
