"""A throwaway PostgreSQL server for tests: initdb in a temporary directory, loopback only.

PostgreSQL refuses to run as root, so when the tests run as root (CI containers) the server
runs as an unprivileged user (``nobody``, or a dedicated ``pgtest`` user created on the fly).
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from engagement.ops.backup import postgres_bindirs
from harness.app_server import free_port

TOOLS = ("initdb", "pg_ctl", "postgres")
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


class PostgresStartError(RuntimeError):
    """The binaries are there but the server would not start."""


def find_bindir() -> Path:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl, else the one on PATH."""
    candidates = postgres_bindirs()
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for candidate in candidates:
        if all(os.access(Path(candidate) / tool, os.X_OK) for tool in TOOLS):
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under "
        "/usr/lib/postgresql/*/bin or on PATH; install them with `apt-get install -y postgresql`."
    )


def _server_user() -> pwd.struct_passwd | None:
    """None when we are not root (run as ourselves); otherwise an unprivileged account."""
    if os.geteuid() != 0:
        return None
    for name in ("nobody", "pgtest"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "pgtest"],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    return pwd.getpwnam("pgtest")


@dataclass
class PostgresServer:
    """``start()`` it, use ``url(dbname)``/``admin()``, then ``stop()`` (removes everything)."""

    bindir: Path = field(default_factory=find_bindir)
    host: str = "127.0.0.1"
    port: int = 0
    # Tests and most benchmarks want speed, not crash-proof commits. These are command-line
    # settings, which outrank ALTER SYSTEM: durability is chosen here, at start.
    durable: bool = False
    basedir: Path | None = None
    _user: pwd.struct_passwd | None = None
    _running: bool = False

    @property
    def datadir(self) -> Path:
        assert self.basedir is not None
        return self.basedir / "data"

    @property
    def logfile(self) -> Path:
        assert self.basedir is not None
        return self.basedir / "postgres.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self._user is not None:
            kwargs.update(user=self._user.pw_uid, group=self._user.pw_gid, extra_groups=[])
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C",
            "LC_ALL": "C",
            "HOME": str(self.basedir),
        }
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.basedir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )

    def _check(self, result: subprocess.CompletedProcess, what: str) -> None:
        if result.returncode != 0:
            log = self.logfile.read_text(errors="replace")[-4000:] if self.logfile.exists() else ""
            raise PostgresStartError(
                f"{what} failed (exit {result.returncode}) using {self.bindir}:\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )

    def start(self) -> PostgresServer:
        self._user = _server_user()
        self.basedir = Path(tempfile.mkdtemp(prefix="engagement-pg-"))
        atexit.register(self.stop)
        if self._user is not None:
            os.chown(self.basedir, self._user.pw_uid, self._user.pw_gid)
        self._check(
            self._run(
                "initdb", "-D", str(self.datadir), "-U", SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--no-locale", "--no-sync",
            ),
            "initdb",
        )
        options = " ".join(
            [
                f"-c listen_addresses={self.host}",
                f"-c unix_socket_directories={self.basedir}",
                *(
                    f"-c {setting}={'on' if self.durable else 'off'}"
                    for setting in ("fsync", "synchronous_commit", "full_page_writes")
                ),
                "-c max_connections=200",
                "-c shared_buffers=32MB",
            ]
        )
        for attempt in range(5):  # another process may grab the free port before we bind it
            self.port = free_port()
            result = self._run(
                "pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60",
                "-o", f"-p {self.port} {options}", "start",
            )
            if result.returncode == 0:
                self._running = True
                break
            if attempt == 4:
                self._check(result, "pg_ctl start")
            time.sleep(0.2)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.url(), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def admin(self) -> psycopg.Connection:
        """An autocommit superuser connection to the maintenance database."""
        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self, name: str, template: str = "template0") -> str:
        with self.admin() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        if self._running:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
            self._running = False
        if self.basedir is not None and self.basedir.exists():
            shutil.rmtree(self.basedir, ignore_errors=True)
