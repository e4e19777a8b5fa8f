"""Server CPU per participant's join, per page run and per vote: the figure that decides how many
participants one process can take in, whatever else the machine is doing.

A wall-clock load test on a shared machine measures the neighbours as much as the app. This one
drives participants one after another (no concurrency) through the same websocket journey as
bench/load.py and reads the server process's own CPU time (/proc, all its threads) before and
after every step, so each figure is the server's CPU for that step alone:

    .venv/bin/python bench/join_cost.py --participants 40 --votes 10
    .venv/bin/python bench/join_cost.py --participants 40 --votes 10 --link  # the QR code
    .venv/bin/python bench/join_cost.py --participants 40 --profile /tmp/join.svg   # + py-spy

It prints, per step of the join, the script runs it took and the server CPU (median and mean ms;
/proc counts in 10 ms ticks, so only means over many participants are exact), the total per
join, the CPU per vote, and what these mean for a burst: the CPU a burst of N joins asks of one
process, and the replicas needed to take it in within the burst's length.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import streamlit_client as sc  # noqa: E402
from harness.app_server import (  # noqa: E402
    StreamlitServer,
    cpu_seconds,
    free_port,
    seed_dialogue,
)

_NUMBERS = itertools.count(1)
JOIN_STEPS = ("open the page", "open the link", "find my dialogue", "join this dialogue",
              "consent", "briefing", "position before")


class Meter:
    """Server CPU (ms) and script runs (new_session messages) per named step."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.cpu: dict[str, list[float]] = {}
        self.runs: dict[str, list[int]] = {}
        self.messages: dict[str, list[int]] = {}

    async def step(self, name: str, client: sc.StreamlitSession, action) -> sc.Page:
        # Let the previous step's trailing work (websocket writes) finish first.
        await asyncio.sleep(0.05)
        before, runs0, sent0 = cpu_seconds(self.pid), client.runs, client.messages
        page = await action()
        await asyncio.sleep(0.05)
        self.cpu.setdefault(name, []).append(1000 * (cpu_seconds(self.pid) - before))
        self.runs.setdefault(name, []).append(client.runs - runs0)
        self.messages.setdefault(name, []).append(client.messages - sent0)
        return page


async def one_participant(base: str, code: str, meter: Meter, votes: int, link: bool) -> None:
    client = sc.StreamlitSession(base, timeout=120)
    try:
        for name, action in sc.join_steps(client, code, link=link):
            await meter.step(name, client, action)
        for _ in range(votes):
            result = await meter.step("vote", client, lambda: sc.vote_once(client, "agree"))
            if result is None:
                break
        text = f"Consent should be renewed every {next(_NUMBERS)} months"  # not a duplicate
        for name, action in sc.statement_steps(client, text):
            await meter.step(name, client, action)
    finally:
        await client.close()


async def measure(base: str, code: str, meter: Meter, participants: int, votes: int,
                  link: bool) -> None:
    # One session stays connected throughout, as in any real burst: Streamlit clears its
    # compiled-script cache whenever the last session of a process disconnects, so one
    # participant after another on an otherwise empty server would each recompile the pages.
    anchor = sc.StreamlitSession(base, timeout=120)
    await anchor.connect()
    try:
        for _ in range(participants):
            await one_participant(base, code, meter, votes, link)
    finally:
        await anchor.close()


def idle_cpu_ms_per_s(pid: int, seconds: float = 5.0) -> float:
    """The server's own CPU while nobody asks it anything (its timers and watchers)."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return 1000 * (cpu_seconds(pid) - before) / seconds


def report(meter: Meter, burst: int, burst_seconds: float, think: float) -> None:
    print("| step | script runs | messages sent | server CPU ms, median | mean |")
    print("|---|---|---|---|---|")
    join_total, join_runs, join_sent = 0.0, 0.0, 0.0
    for name, values in meter.cpu.items():
        runs = statistics.mean(meter.runs[name])
        sent = statistics.mean(meter.messages[name])
        mean = statistics.mean(values)
        print(f"| {name} | {runs:g} | {sent:.0f} | {statistics.median(values):.0f} | "
              f"{mean:.1f} |")
        if name in JOIN_STEPS:
            join_total += mean
            join_runs += runs
            join_sent += sent
    print(f"| **join (all steps)** | {join_runs:g} | {join_sent:.0f} | | **{join_total:.0f}** |")
    vote = statistics.mean(meter.cpu["vote"]) if meter.cpu.get("vote") else 0.0
    if vote:
        print(f"\nserver CPU per vote: {vote:.1f} ms (mean of {len(meter.cpu['vote'])})")
    print(capacity(join_total, vote, burst, burst_seconds, think))


# A process's one core (the GIL) kept below this share: a join is several runs back to back,
# each queued behind the others, and the wait for a place grows without bound near 100%.
HEADROOM = 0.85


def capacity(join_ms: float, vote_ms: float, burst: int, burst_seconds: float,
             think: float) -> str:
    """What a burst asks of the server, from the measured CPU: the joins' share while they
    arrive, plus the votes of everyone already in at the end of the burst (one vote every
    ``think`` seconds each), against one core per process."""
    joins = burst / burst_seconds * join_ms / 1000
    votes = (burst / think * vote_ms / 1000) if think else 0.0
    need = joins + votes
    return (f"\n{burst} arrivals in {burst_seconds:g} s: joins {joins:.2f} cores + votes at the "
            f"end of the burst {votes:.2f} cores (one every {think:g} s each) = {need:.2f} "
            f"cores; one process has one (the GIL), kept under {HEADROOM:.0%}: "
            f"{math.ceil(need / HEADROOM)} processes with a core each. One process alone "
            f"needs {burst * join_ms / 1000:.0f} s of CPU for the joins alone.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--votes", type=int, default=10)
    parser.add_argument("--statements", type=int, default=25)
    parser.add_argument("--warm", type=int, default=3, help="joins before measuring")
    parser.add_argument("--link", action="store_true",
                        help="arrive by the invitation link / room QR code (?join=CODE) "
                             "instead of typing the code")
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--burst-seconds", type=float, default=15.0)
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean seconds between a participant's votes (bench/load.py's)")
    parser.add_argument("--profile", help="py-spy profile of the server over the measured "
                        "participants: flame graph (.svg), speedscope (.json) or collapsed "
                        "stacks (.txt)")
    args = parser.parse_args(argv)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# bench/join_cost.py — {os.cpu_count()} CPUs, load average before: {' '.join(load)}")
    workdir = Path(tempfile.mkdtemp(prefix="join-cost-"))
    url = f"sqlite:///{workdir / 'load.db'}"
    from engagement.migrate import upgrade

    upgrade(url)
    seeded = seed_dialogue(url, statements=args.statements)
    server = StreamlitServer(free_port(), url, workdir / "streamlit.log",
                             post_script_gc=False).start(timeout=180)
    spy = None
    try:
        idle = idle_cpu_ms_per_s(server.proc.pid)
        print(f"# server CPU while idle: {idle:.1f} ms per second (included in each step's "
              f"figure for the ~0.1 s of pauses around it)")
        warm = Meter(server.proc.pid)
        for _ in range(args.warm):
            asyncio.run(one_participant(server.base, seeded.join_code, warm, 2, args.link))
        if args.profile:
            fmt = {".json": "speedscope", ".txt": "raw"}.get(Path(args.profile).suffix,
                                                             "flamegraph")
            spy = subprocess.Popen([shutil.which("py-spy") or str(ROOT / ".venv/bin/py-spy"),
                                    "record", "--pid", str(server.proc.pid), "--rate", "200",
                                    "--gil",  # samples where the CPU goes, not who waits
                                    "--format", fmt, "--output", args.profile],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        meter = Meter(server.proc.pid)
        asyncio.run(measure(server.base, seeded.join_code, meter, args.participants,
                            args.votes, args.link))
    finally:
        if spy is not None:
            spy.send_signal(2)  # SIGINT: py-spy writes its output and exits
            spy.wait(60)
        server.stop()
    report(meter, args.burst, args.burst_seconds, args.think)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"# load average after: {' '.join(load)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
