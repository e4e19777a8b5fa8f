"""Load benchmark: simulated participants that speak Streamlit's own websocket protocol.

Each participant opens a session on ``/_stcore/stream`` (harness/streamlit_client.py), types the
join code, joins, consents, reads the briefing, gives a position, votes on ``--votes``
statements (each vote = one BackMsg with the button's trigger; it counts when the app has
rendered the next statement) and adds a statement of their own. Prints sessions, votes per
second, p50/p95/p99 of the vote round trip, errors, and the server's peak memory and CPU.

Against servers it starts itself (a fresh database, seeded; stopped at the end):

    .venv/bin/python bench/load.py --participants 50 300 1000 --replicas 1 --db sqlite
    .venv/bin/python bench/load.py --participants 300 --replicas 2        # PostgreSQL + nginx
    .venv/bin/python bench/load.py --participants 300 --post-script-gc true false

Against a server you started (its dialogue must be open with join code ``--join-code``):

    .venv/bin/python bench/load.py --url http://127.0.0.1:8501 --join-code LOADTEST \
        --participants 50 [--server-pid PID]

``--think`` is the mean pause between a participant's actions (uniform 0..2x, default 3 s: a
fast reader); ``--think 0`` is a stress test. ``--ramp`` spreads the arrivals; ``--duration``
caps each run (participants still going then are counted as unfinished, not as errors).
The load generator runs on the same machine as the server: on a 2-core machine the two share
the CPUs (the client's own CPU time is printed). Before the burst one session per server goes
through the journey and stays connected (a warm server, as in a workshop; not counted, and
not in the server CPU figure); ``--cold`` leaves that out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import streamlit_client as sc  # noqa: E402
from harness.app_server import (  # noqa: E402
    StreamlitServer,
    cpu_seconds,
    free_port,
    rss_bytes,
    seed_dialogue,
    wait_healthy,
)


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


@dataclass
class Stats:
    vote_latency: list[float] = field(default_factory=list)
    join_seconds: list[float] = field(default_factory=list)
    vote_times: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    completed: int = 0
    started: int = 0
    unfinished: int = 0


async def participant(i: int, bases: list[str], join_code: str, votes: int, think: float,
                      stats: Stats, rng: random.Random, run_id: str, link: bool) -> None:
    client = sc.StreamlitSession(bases[i % len(bases)], timeout=120)
    stats.started += 1
    stage = "join"
    try:
        t0 = time.monotonic()
        await sc.join_and_consent(client, join_code, link=link)
        stats.join_seconds.append(time.monotonic() - t0)
        stage = "vote"
        for _ in range(votes):
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
            result = await sc.vote_once(client, rng.choice(("agree", "disagree", "pass")))
            if result is None:
                break
            stats.vote_latency.append(result.acknowledged - result.started)
            stats.vote_times.append(result.acknowledged)
        stage = "statement"
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
        await sc.add_own_statement(
            client, f"Participant {i} in run {run_id} thinks consent should be renewed yearly"
        )
        stats.completed += 1
    except asyncio.CancelledError:
        stats.unfinished += 1
        raise
    except sc.ClientError as exc:
        stats.errors[f"{stage}: {str(exc)[:90]}"] += 1
    except Exception as exc:  # noqa: BLE001  (every failure is a finding)
        stats.errors[f"{stage}: {type(exc).__name__}: {str(exc)[:80]}"] += 1
    finally:
        await client.close()


async def run_load(bases: list[str], pids: list[int], *, participants: int, join_code: str,
                   votes: int, think: float, ramp: float, duration: float,
                   link: bool = False, cold: bool = False) -> dict:
    stats = Stats()
    rng = random.Random(participants)
    run_id = uuid.uuid4().hex[:8]
    peak = {"rss": sum(rss_bytes(p) for p in pids)}
    cpu0 = sum(cpu_seconds(p) or 0.0 for p in pids)
    me0 = time.process_time()

    async def sampler():
        while True:
            peak["rss"] = max(peak["rss"], sum(rss_bytes(p) for p in pids))
            await asyncio.sleep(0.5)

    async def one(i):
        await asyncio.sleep(ramp * i / max(participants, 1))
        await participant(i, bases, join_code, votes, think, stats, rng, run_id, link)

    # A workshop's server is warm when the room arrives: someone (the facilitator trying the
    # link) has gone through the journey and a session stays open, so the burst does not pay
    # the first runs' imports, and Streamlit keeps its compiled pages (it drops them when a
    # process's last session closes). --cold measures a server started just before the burst.
    warm = []
    if not cold:
        for base in bases:
            client = sc.StreamlitSession(base, timeout=180)
            await sc.join_and_consent(client, join_code, link=link)
            warm.append(client)
    cpu0 = sum(cpu_seconds(p) or 0.0 for p in pids)
    sampling = asyncio.create_task(sampler())
    t0 = time.monotonic()
    tasks = [asyncio.create_task(one(i)) for i in range(participants)]
    done, pending = await asyncio.wait(tasks, timeout=duration)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for client in warm:
        await client.close()
    elapsed = time.monotonic() - t0
    sampling.cancel()
    lat = sorted(stats.vote_latency)

    def pct(q):
        return 1000 * lat[min(len(lat) - 1, int(len(lat) * q))] if lat else float("nan")

    window = (max(stats.vote_times) - min(stats.vote_times)) if len(stats.vote_times) > 1 else 0
    server_cpu = sum(cpu_seconds(p) or 0.0 for p in pids) - cpu0
    return {
        "participants": participants, "completed": stats.completed,
        "unfinished": stats.unfinished + (participants - stats.started),
        "votes": len(lat), "elapsed": elapsed,
        "votes_per_s": len(lat) / window if window else float("nan"),
        "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
        "join_p95_s": sorted(stats.join_seconds)[int(len(stats.join_seconds) * 0.95)]
        if stats.join_seconds else float("nan"),
        "errors": sum(stats.errors.values()), "error_kinds": dict(stats.errors.most_common(4)),
        "peak_rss_mb": peak["rss"] / 2**20, "server_cpu_s": server_cpu,
        "client_cpu_s": time.process_time() - me0,
    }


# --- servers the benchmark starts itself -------------------------------------------------------


class Cluster:
    """1 replica: ``streamlit run`` directly; N > 1: scripts/serve_cluster.sh (nginx) on PG."""

    def __init__(self, replicas: int, db: str, post_script_gc: bool | None, workdir: Path,
                 statements: int) -> None:
        self.replicas, self.db, self.gc, self.workdir = replicas, db, post_script_gc, workdir
        self.statements = statements
        self.pg = None
        self.server = None
        self.proc = None

    def start(self) -> tuple[list[str], list[int], str]:
        from engagement.migrate import upgrade

        if self.db == "postgres" or self.replicas > 1:
            from harness.pg_server import PostgresServer

            self.pg = PostgresServer().start()
            url = self.pg.create_database("load")
        else:
            url = f"sqlite:///{self.workdir / 'load.db'}"
        upgrade(url)
        seeded = seed_dialogue(url, statements=self.statements)
        if self.replicas == 1:
            port = free_port()
            self.server = StreamlitServer(port, url, self.workdir / "streamlit.log",
                                          post_script_gc=self.gc).start(timeout=180)
            return [self.server.base], [self.server.proc.pid], seeded.join_code
        listen = free_port()
        ports = [free_port() for _ in range(self.replicas)]
        env = dict(os.environ, DATABASE_URL=url, LISTEN_PORT=str(listen),
                   REPLICA_PORTS=" ".join(map(str, ports)), RUN_DIR=str(self.workdir / "run"),
                   SKIP_MIGRATE="1")
        if self.gc is not None:
            env["POST_SCRIPT_GC"] = "true" if self.gc else "false"
        log = self.workdir / "cluster.log"
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(
                ["bash", str(ROOT / "scripts" / "serve_cluster.sh"), str(self.replicas)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 240
        while "CLUSTER READY" not in log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log.read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        wait_healthy(f"http://127.0.0.1:{listen}", timeout=60)
        pids = [int(p.read_text()) for p in (self.workdir / "run").glob("replica-*.pid")]
        return [f"http://127.0.0.1:{listen}"], pids, seeded.join_code

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.pg is not None:
            self.pg.stop()


HEADER = ("| replicas | db | postScriptGC | think s | participants | completed | unfinished | "
          "votes | votes/s | p50 ms | p95 ms | p99 ms | join p95 s | errors | peak RSS MB | "
          "server CPU s | client CPU s |")


def row(r: dict, replicas: int, db: str, gc, think: float) -> str:
    return (f"| {replicas} | {db} | {gc if gc is not None else 'default'} | {think:g} | "
            f"{r['participants']} | {r['completed']} | {r['unfinished']} | {r['votes']} | "
            f"{r['votes_per_s']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
            f"{r['join_p95_s']:.1f} | {r['errors']} | {r['peak_rss_mb']:.0f} | "
            f"{r['server_cpu_s']:.0f} | {r['client_cpu_s']:.0f} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one per run)")
    parser.add_argument("--server-pid", type=int, nargs="*", default=[],
                        help="pid(s) to sample memory/CPU of, with --url")
    parser.add_argument("--join-code", default="LOADTEST")
    parser.add_argument("--participants", type=int, nargs="+", default=[50])
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite",
                        help="database for 1 replica (2+ replicas always use PostgreSQL)")
    parser.add_argument("--post-script-gc", nargs="+", choices=["true", "false", "default"],
                        default=["default"])
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--statements", type=int, default=25)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--ramp", type=float, default=None,
                        help="seconds over which participants arrive (default: n/20, max 60)")
    parser.add_argument("--arrive", choices=["code", "link"], default="code",
                        help="type the join code (default) or open the invitation link / the "
                             "room's QR code (?join=CODE), which lands on the dialogue")
    parser.add_argument("--duration", type=float, default=300.0, help="cap per run, seconds")
    parser.add_argument("--cold", action="store_true",
                        help="no warm-up: the burst starts on servers nobody has used yet "
                             "(before 2026-12-03 evening, every run)")
    args = parser.parse_args(argv)
    _raise_fd_limit()
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# bench/load.py — {os.cpu_count()} CPUs, load average before: {' '.join(load)}")
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    db = "postgres" if args.replicas > 1 else args.db
    for gc_name in args.post_script_gc:
        gc = None if gc_name == "default" else gc_name == "true"
        for n in args.participants:
            ramp = args.ramp if args.ramp is not None else min(60.0, n / 20)
            cluster = None
            try:
                if args.url:
                    bases, pids, code = [args.url], list(args.server_pid), args.join_code
                else:
                    workdir = Path(tempfile.mkdtemp(prefix="load-"))
                    cluster = Cluster(args.replicas, db, gc, workdir, args.statements)
                    bases, pids, code = cluster.start()
                result = asyncio.run(run_load(
                    bases, pids, participants=n, join_code=code, votes=args.votes,
                    think=args.think, ramp=ramp, duration=args.duration,
                    link=args.arrive == "link", cold=args.cold))
            finally:
                if cluster is not None:
                    cluster.stop()
            print(row(result, args.replicas, db, gc_name, args.think), flush=True)
            if result["error_kinds"]:
                print(f"  errors: {result['error_kinds']}", flush=True)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# load average after: {' '.join(load)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
