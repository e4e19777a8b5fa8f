"""What a participant's arrival costs the server, in script runs: the figure that decides how
many arrivals one process takes in (docs/benchmarks.md, "Joining in a burst"). Counted through
the app's own websocket protocol (harness/streamlit_client.py) on a running server: a run is a
``new_session`` message, so these counts do not depend on the machine's speed."""

from __future__ import annotations

import asyncio

import pytest

from harness import streamlit_client as sc
from harness.app_server import StreamlitServer, free_port, seed_dialogue

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from engagement.migrate import upgrade

    folder = tmp_path_factory.mktemp("join-runs")
    url = f"sqlite:///{folder / 'app.db'}"
    upgrade(url)
    seeded = seed_dialogue(url, statements=4)
    app = StreamlitServer(free_port(), url, folder / "streamlit.log",
                          post_script_gc=False).start(timeout=180)
    asyncio.run(sc.warm_up(app.base))  # the first session of a process imports the app
    try:
        yield app, seeded.join_code
    finally:
        app.stop()


async def _steps(client, steps) -> dict[str, tuple[int, int]]:
    """Each step's (script runs, elements drawn by fragment runs)."""
    counts = {}
    for name, step in steps:
        runs, drawn = client.runs, client.fragment_elements
        await step()
        counts[name] = (client.runs - runs, client.fragment_elements - drawn)
    return counts


def test_arriving_by_the_room_link_takes_one_run_per_screen(server):
    app, join_code = server

    async def journey():
        client = sc.StreamlitSession(app.base, timeout=120)
        try:
            joined = await _steps(client, sc.join_steps(client, join_code, link=True))
            await sc.vote_once(client)
            left = await _steps(client, sc.statement_steps(client, "Renew consent yearly"))
        finally:
            await client.close()
        return joined, left

    joined, left = asyncio.run(journey())
    assert list(joined) == ["open the link", "join this dialogue", "consent", "briefing",
                            "position before"]
    # The QR code's link lands on the dialogue: five screens, five runs, none wasted.
    assert {name: runs for name, (runs, _drawn) in joined.items()} == dict.fromkeys(joined, 1)
    # Leaving the voting step: its fragment hands over to the page before drawing anything.
    assert left["leave the voting step"] == (2, 0)
    assert left["own statement"][0] == 1
