"""Browser fixtures: the real app (`streamlit run serve.py`) on loopback, and Debian Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.app.helpers import ROOT, Seeded, seed_database
from tests.support.streamlit_deprecations import deprecations_in_server_log

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 45


@dataclass
class Server:
    url: str
    seeded: Seeded
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit was not healthy after {STARTUP_SECONDS} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # its own process group: only what we started
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    folder = tmp_path_factory.mktemp("e2e")
    seeded = seed_database(f"sqlite:///{folder / 'app.db'}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    env = {**os.environ, "DATABASE_URL": seeded.url, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "streamlit", "run", "serve.py",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(url, process, log)
        yield Server(url=url, seeded=seeded, log=log)
    finally:
        _stop(process)
    deprecated = deprecations_in_server_log(log)  # the served app must not use deprecated calls
    if deprecated:
        pytest.fail("Streamlit deprecation warnings in the server log:\n" + "\n".join(deprecated))


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = (f"Chromium is not installed at {CHROMIUM}: install the Debian package "
                   "`chromium` (make system-test-deps).")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


DEMO_ADMIN_PASSWORD = "tulip-42-Oak-lamp"


def start_demo_app(folder: Path, entry: str):
    """The demonstration data (30 participants a dialogue) and an administrator, served by
    `streamlit run <entry>` on loopback: yields the address and every staff password."""
    from sqlmodel import Session

    from engagement.actors import SYSTEM_CLI
    from engagement.db import make_engine
    from engagement.demo import load_demo
    from engagement.migrate import upgrade
    from engagement.services import staff

    url = f"sqlite:///{folder / 'app.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        summary = load_demo(session=session, participants_per_dialogue=(30, 30))
        staff.create_user(session=session, username="admin", password=DEMO_ADMIN_PASSWORD,
                          role="admin", by=SYSTEM_CLI)
    engine.dispose()
    passwords = {a.username: a.password for a in summary.accounts}
    passwords["admin"] = DEMO_ADMIN_PASSWORD
    port = _free_port()
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", entry,
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", process, log)
        yield f"http://127.0.0.1:{port}", passwords
    finally:
        _stop(process)
    deprecated = deprecations_in_server_log(log)
    if deprecated:
        pytest.fail("Streamlit deprecation warnings in the server log:\n" + "\n".join(deprecated))


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """The demonstration data served as in production (serve.py)."""
    yield from start_demo_app(tmp_path_factory.mktemp("e2e-demo"), "serve.py")
