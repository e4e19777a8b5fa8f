"""Crash safety: participants vote through the running Streamlit app (its own websocket
protocol, harness/streamlit_client.py); the server is killed with SIGKILL mid-stream and
restarted. Every vote a participant was told was recorded (the app rendered the next statement
after it) must be in the database, and nothing may be half-written."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time

import pytest

from engagement.security import hash_resume_code
from harness import streamlit_client as sc
from harness.app_server import StreamlitServer, free_port, seed_dialogue

PARTICIPANTS = 5
STATEMENTS = 40
KILL_AFTER_ACKS = 12  # acknowledged votes before each SIGKILL
ROUNDS = 2  # kill and restart twice

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def _value(statement_id: int) -> str:
    return ("agree", "disagree", "pass")[statement_id % 3]


VALUES = {"agree": 1, "disagree": -1, "pass": 0}


async def _vote_until_killed(server: StreamlitServer, clients, acked: list, kill_after: int):
    """All clients vote as fast as the app answers; SIGKILL the server once ``kill_after``
    more votes were acknowledged, while the others are still in flight."""
    start = len(acked)
    in_flight = {"n": 0}
    killed = asyncio.Event()

    async def voter(client):
        while not killed.is_set():
            sid = sc.current_statement(client.page)
            if sid is None:
                return "done"
            in_flight["n"] += 1
            try:
                result = await sc.vote_once(client, _value(sid))
            finally:
                in_flight["n"] -= 1
            acked.append((sc.resume_code(client), result.statement_id, result.value))
        return "stopped"

    async def killer():
        deadline = time.monotonic() + 120
        while len(acked) - start < kill_after or in_flight["n"] == 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(acked) - start} votes acknowledged in 120 s")
            await asyncio.sleep(0.005)
        server.kill()  # mid-stream: at least one vote was in flight
        killed.set()
        return in_flight["n"]

    tasks = [asyncio.create_task(voter(c)) for c in clients]
    in_flight_at_kill = await killer()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    for client in clients:
        await client.close()
    lost = [o for o in outcomes if isinstance(o, sc.ClientError)]
    return in_flight_at_kill, lost


def _check_database(path, acked) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        duplicates = conn.execute(
            "SELECT participant_id, statement_id, COUNT(*) FROM vote "
            "GROUP BY participant_id, statement_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert duplicates == [], f"more than one current vote: {duplicates}"
        unconsented = conn.execute(
            "SELECT v.id FROM vote v WHERE NOT EXISTS (SELECT 1 FROM consent c "
            "WHERE c.participant_id = v.participant_id AND c.report)"
        ).fetchall()
        assert unconsented == [], f"votes without consent: {unconsented}"
        by_code = {
            code: pid for code, pid in (
                (code, conn.execute("SELECT id FROM participant WHERE resume_code_hash = ?",
                                    (hash_resume_code(code),)).fetchone())
                for code in {a[0] for a in acked}
            )
        }
        assert all(by_code.values()), "a participant who was told they joined is missing"
        votes = {
            (pid, sid): value
            for pid, sid, value in conn.execute(
                "SELECT participant_id, statement_id, value FROM vote")
        }
        missing = [
            (code, sid, value) for code, sid, value in acked
            if votes.get((by_code[code][0], sid)) != VALUES[value]
        ]
        assert missing == [], f"acknowledged votes lost or wrong after SIGKILL: {missing}"
        return {"votes": len(votes), "acknowledged": len(acked)}
    finally:
        conn.close()


def test_acknowledged_votes_survive_sigkill_of_the_app_server(tmp_path, sqlite_template):
    path = tmp_path / "crash.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    seeded = seed_dialogue(url, statements=STATEMENTS, join_code="CRASH1", slug="crash")
    port = free_port()
    server = StreamlitServer(port, url, tmp_path / "streamlit.log")
    acked: list[tuple[str, int, str]] = []
    codes: list[str] = []
    report = []

    async def scenario():
        nonlocal codes
        server.start(timeout=120)
        await sc.warm_up(server.base)  # not under test here: concurrent first imports
        clients = [sc.StreamlitSession(server.base, timeout=90) for _ in range(PARTICIPANTS)]
        await asyncio.gather(*(sc.join_and_consent(c, seeded.join_code) for c in clients))
        codes = [sc.resume_code(c) for c in clients]
        for round_ in range(ROUNDS):
            in_flight, lost = await _vote_until_killed(server, clients, acked, KILL_AFTER_ACKS)
            assert in_flight >= 1 and lost, "the kill did not land mid-stream"
            report.append((round_, in_flight, len(lost), len(acked)))
            # Nothing the server did after being told to die can matter: check the file now.
            _check_database(path, acked)
            server.start(timeout=120)  # same port, same database file
            await sc.warm_up(server.base)
            # Each participant comes back with their resume code (a browser reload) and finds
            # the app counting exactly the votes the database holds.
            clients = [
                sc.StreamlitSession(server.base, query_string=f"resume={code}", timeout=90)
                for code in codes
            ]
            pages = await asyncio.gather(*(c.connect() for c in clients))
            conn = sqlite3.connect(path)
            try:
                for code, page in zip(codes, pages, strict=True):
                    (count,) = conn.execute(
                        "SELECT COUNT(*) FROM vote v JOIN participant p "
                        "ON p.id = v.participant_id WHERE p.resume_code_hash = ?",
                        (hash_resume_code(code),),
                    ).fetchone()
                    assert f"You have answered {count} of {STATEMENTS} statements." in (
                        page.text()
                    ), page.text()[:500]
            finally:
                conn.close()
        # After the last restart, everyone can carry on voting.
        for client in clients:
            result = await sc.vote_once(client, _value(sc.current_statement(client.page)))
            acked.append((sc.resume_code(client), result.statement_id, result.value))
        for client in clients:
            await client.close()

    try:
        asyncio.run(scenario())
    finally:
        server.stop()
    totals = _check_database(path, acked)
    print(f"crash rounds (round, in flight at kill, sessions cut, acked so far): {report}; "
          f"{totals}")
    assert totals["acknowledged"] >= ROUNDS * KILL_AFTER_ACKS + PARTICIPANTS
