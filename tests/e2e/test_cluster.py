"""Two Streamlit replicas on one PostgreSQL database behind nginx, started by
scripts/serve_cluster.sh exactly as `make serve-cluster` would. Participants vote through the
app's websocket protocol directly on each replica and through nginx; the board's view (the
facilitator's Live counts page, read through the app on either replica, and the service-layer
counts) sees every vote; nginx keeps one browser on one replica (cookie stickiness) and spreads
browsers over both. Everything is stopped at the end.

nginx comes from the Debian package (the script installs it when missing); PostgreSQL from the
shared throwaway-server fixture. Neither is ever skipped: if they cannot be had, this fails.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from engagement.db import make_engine, new_session
from engagement.models import User
from engagement.services.counts import live_counts
from harness import streamlit_client as sc
from harness.app_server import ROOT, free_port, seed_dialogue

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(240)]

STATEMENTS = 8
VOTES_EACH = 3
PASSWORD = "correct horse battery"  # the seed_dialogue facilitator's


@pytest.fixture
def cluster_db(pg_server, pg_template):
    name = f"cluster_{os.getpid()}"
    url = pg_server.create_database(name, template=pg_template)
    yield url
    pg_server.drop_database(name)


@pytest.fixture
def cluster(cluster_db, tmp_path):
    """serve_cluster.sh 2 on free loopback ports, in the foreground; SIGTERM stops it all."""
    ports = [free_port(), free_port()]
    listen = free_port()
    while listen in ports or ports[0] == ports[1]:
        ports, listen = [free_port(), free_port()], free_port()
    run_dir = tmp_path / "cluster"
    log = tmp_path / "serve_cluster.log"
    env = dict(
        os.environ, DATABASE_URL=cluster_db, REPLICA_PORTS=" ".join(map(str, ports)),
        LISTEN_PORT=str(listen), LISTEN_ADDR="127.0.0.1", RUN_DIR=str(run_dir),
        COOKIE_SECRET=uuid.uuid4().hex, REFRESH_SECONDS="2",
    )
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "serve_cluster.sh"), "2"], cwd=ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        while "CLUSTER READY" not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "serve_cluster.sh did not get ready (exit "
                    f"{proc.poll()}):\n{log.read_text(errors='replace')[-4000:]}\n"
                    + "\n".join(p.read_text(errors="replace")[-1500:]
                                for p in run_dir.glob("*.log")),
                    pytrace=False,
                )
            time.sleep(0.3)
        yield {"replicas": [f"http://127.0.0.1:{p}" for p in ports],
               "nginx": f"http://127.0.0.1:{listen}", "ports": ports, "run_dir": run_dir}
    finally:
        pids = [int(p.read_text()) for p in run_dir.glob("replica-*.pid")]
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        for pid in pids:  # the script's trap must have stopped every replica
            assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), f"replica {pid} left"


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


async def _participant(base: str, join_code: str, votes: int) -> tuple[str, int, str]:
    client = sc.StreamlitSession(base, timeout=90)
    try:
        await sc.join_and_consent(client, join_code)
        done = 0
        for _ in range(votes):
            if await sc.vote_once(client, "agree") is not None:
                done += 1
        return sc.resume_code(client), done, client.upstream
    finally:
        await client.close()


def _sticky_cookie(nginx: str) -> str:
    with urllib.request.urlopen(nginx + "/", timeout=30) as resp:
        cookie = resp.headers.get("Set-Cookie", "")
    assert cookie.startswith("engagement_replica="), f"no sticky cookie: {cookie!r}"
    return cookie.split(";", 1)[0]


async def _upstream_of(nginx: str, cookie: str | None) -> str:
    client = sc.StreamlitSession(nginx, timeout=90, headers={"Cookie": cookie} if cookie else {})
    try:
        await client.connect()
        return client.upstream
    finally:
        await client.close()


def test_two_replicas_behind_nginx_see_every_vote(cluster, cluster_db):
    seeded = seed_dialogue(cluster_db, statements=STATEMENTS, join_code="CLUSTR", slug="cluster")
    a, b = cluster["replicas"]
    nginx = cluster["nginx"]

    async def scenario():
        for base in (a, b):  # not under test here: concurrent first imports (docs/scale.md)
            await sc.warm_up(base)
        # Participants on replica A, on replica B and through nginx, all at once.
        bases = [a, a, b, b, nginx, nginx, nginx, nginx]
        results = await asyncio.gather(
            *(_participant(base, seeded.join_code, VOTES_EACH) for base in bases)
        )
        assert [done for _, done, _ in results] == [VOTES_EACH] * len(bases)
        through_nginx = {up for (_, _, up), base in zip(results, bases, strict=True)
                         if base == nginx}
        assert through_nginx and all(up.startswith("127.0.0.1:") for up in through_nginx)

        # Sticky: one browser (one cookie) always reaches the same replica ...
        cookie = _sticky_cookie(nginx)
        same = {await _upstream_of(nginx, cookie) for _ in range(3)}
        assert len(same) == 1, f"one cookie, several replicas: {same}"
        # ... and different browsers are spread over both replicas.
        spread = set()
        for _ in range(24):
            spread.add(await _upstream_of(nginx, f"engagement_replica={uuid.uuid4().hex}"))
            if len(spread) == 2:
                break
        assert spread == {f"127.0.0.1:{p}" for p in cluster["ports"]}, spread

        # A participant who voted on A comes back on B (resume code) and finds their votes.
        code_from_a = results[0][0]
        back = sc.StreamlitSession(b, query_string=f"resume={code_from_a}", timeout=90)
        page = await back.connect()
        assert f"You have answered {VOTES_EACH} of {STATEMENTS} statements." in page.text()
        await back.close()

        # The facilitator's Live counts page on either replica shows every vote.
        total = VOTES_EACH * len(bases)
        seen = []
        for base in (a, b, nginx):
            staff = sc.StreamlitSession(base, timeout=90)
            try:
                seen.append(await sc.staff_live_votes(staff, "seed-cluster", PASSWORD))
            finally:
                await staff.close()
        assert seen == [total, total, total], seen
        return total

    total = asyncio.run(scenario())
    engine = make_engine(cluster_db)
    try:
        with new_session(engine) as session:
            viewer = session.exec(select(User).where(User.username == "seed-cluster")).one()
            whole = live_counts(session=session, dialogue_id=seeded.dialogue_id, by=viewer)[0]
    finally:
        engine.dispose()
    assert whole.votes == total and whole.participants == 8
    # The cluster's one snapshot watcher (refresh-snapshots --watch) sees the open dialogue:
    # 8 voters are fewer than the first snapshot needs.
    refresh_log = cluster["run_dir"] / "refresh-snapshots.log"
    expected = "cluster: not due: 8 voters, the latest snapshot counted 0"
    deadline = time.monotonic() + 30
    while expected not in refresh_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert expected in refresh_log.read_text(), refresh_log.read_text()[-2000:]


def test_a_kept_staff_sign_in_holds_on_either_replica(cluster, cluster_db, browser):
    """Signed in on replica A, a page of replica B (the same browser: cookies do not depend on
    the port) is signed in too: B checks the key with the shared cookie secret and finds the
    sign-in in the shared database. Signing out on B ends it on A."""
    from playwright.sync_api import expect

    seed_dialogue(cluster_db, statements=2, join_code="KEPTSI", slug="kept")
    a, b = cluster["replicas"]
    expect.set_options(timeout=60_000)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{a}/staff_login")
    page.get_by_role("textbox", name="Username").fill("seed-kept")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()

    page.goto(f"{b}/facilitator_dialogues")
    expect(page.get_by_role("heading", name="Dialogues")).to_be_visible()
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()

    page.goto(f"{a}/staff_login")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    expect(page.get_by_role("link", name="Staff sign-in")).to_be_visible()
    context.close()
