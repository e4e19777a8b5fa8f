"""Shared plumbing for the scale benchmarks and their tests: seed a dialogue, start and stop
Streamlit servers on loopback, wait for health, read a process's memory.

Used by bench/load.py, tests/integration/test_crash_safety.py and tests/e2e/test_cluster.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STREAMLIT = ROOT / ".venv" / "bin" / "streamlit"
JOIN_CODE = "LOADTEST"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Seeded:
    dialogue_id: int
    join_code: str
    statement_ids: list[int]


def seed_dialogue(
    url: str, *, statements: int = 20, join_code: str = JOIN_CODE, slug: str = "load-test",
    sessions: int = 1,
) -> Seeded:
    """An open dialogue with ``statements`` seed statements on a migrated database."""
    from engagement.actors import SYSTEM_CLI
    from engagement.db import make_engine, new_session
    from engagement.services import dialogues, staff

    engine = make_engine(url)
    try:
        with new_session(engine) as session:
            user = staff.create_user(
                session=session, username=f"seed-{slug}", password="correct horse battery",
                role="facilitator", by=SYSTEM_CLI,
            )
            dialogue = dialogues.create_dialogue(
                session=session, slug=slug, template="blank", join_code=join_code, by=user
            )
            ids = [
                dialogues.add_seed_statement(
                    session=session, dialogue_id=dialogue.id,
                    text=f"Seed statement number {i + 1} about genomic data use", by=user,
                ).id
                for i in range(statements)
            ]
            for i in range(sessions):
                dialogues.add_session(
                    session=session, dialogue_id=dialogue.id, name=f"Online {i + 1}", by=user
                )
            dialogues.set_status(
                session=session, dialogue_id=dialogue.id, status="open", by=user
            )
            return Seeded(dialogue.id, join_code, ids)
    finally:
        engine.dispose()


def streamlit_command(port: int, *, post_script_gc: bool | None = None,
                      cookie_secret: str | None = None) -> list[str]:
    cmd = [
        str(STREAMLIT), "run", str(ROOT / "serve.py"),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
    ]
    if post_script_gc is not None:
        cmd += ["--runner.postScriptGC", "true" if post_script_gc else "false"]
    if cookie_secret:
        cmd += ["--server.cookieSecret", cookie_secret]
    return cmd


class StreamlitServer:
    """One ``streamlit run`` process on 127.0.0.1:port, its output in ``log``."""

    def __init__(self, port: int, database_url: str, log: Path, **options) -> None:
        self.port = port
        self.database_url = database_url
        self.log = log
        self.options = options
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> StreamlitServer:
        env = dict(os.environ, DATABASE_URL=self.database_url, PYTHONUNBUFFERED="1")
        env.pop("STREAMLIT_SERVER_PORT", None)
        if getattr(self, "_out", None):
            self._out.close()
        self._out = open(self.log, "ab")  # noqa: SIM115  (closed in stop)
        self.proc = subprocess.Popen(
            streamlit_command(self.port, **self.options), cwd=ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=self._out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_healthy(self.base, timeout=timeout, proc=self.proc, log=self.log)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as in a power cut or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_out", None):
            self._out.close()
            self._out = None

    def rss_bytes(self) -> int:
        return rss_bytes(self.proc.pid) if self.proc else 0


def wait_healthy(base: str, *, timeout: float = 90, proc=None, log: Path | None = None) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok``."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"server exited with {proc.returncode} before ready:\n{tail}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError as exc:
            last = str(exc)
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    raise TimeoutError(f"{base} not healthy after {timeout:.0f}s ({last}):\n{tail}")


def rss_bytes(pid: int) -> int:
    """Resident set size of a process, from /proc (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, ...); None once the
    process has gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (all its threads) from /proc; None once it has gone."""
    fields = proc_stat(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
