"""Online backup and restore of the whole database.

* SQLite: the SQLite online backup API (``sqlite3.Connection.backup``): a consistent copy taken
  while the app keeps writing (WAL readers are not blocked); the copy is checked with
  ``PRAGMA integrity_check`` before it replaces the target.
* PostgreSQL: ``pg_dump -Fc`` (one consistent snapshot) and ``pg_restore --clean --if-exists
  --single-transaction`` (all or nothing), run with the server binaries of
  ``/usr/lib/postgresql/*/bin`` (newest first) or from PATH.

A missing, empty, truncated or foreign file is refused before anything is changed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from glob import glob
from pathlib import Path

from sqlalchemy.engine import make_url

from engagement.db import database_url
from engagement.errors import InvalidInput

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupFailed(InvalidInput):
    """Backup or restore could not be done; nothing was changed."""


@dataclass(frozen=True)
class Result:
    kind: str  # "sqlite" | "postgresql"
    path: Path
    size: int
    tables: int

    def describe(self) -> str:
        return f"{self.path} ({self.kind}, {self.size:,} bytes, {self.tables} tables)"


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if not parsed.database or parsed.database == ":memory:":
        raise BackupFailed("An in-memory SQLite database cannot be backed up or restored.")
    return Path(parsed.database)


def _is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


# --- SQLite -----------------------------------------------------------------------------------


def _require_header(path: Path, magic: bytes, refusal: str) -> None:
    """The file exists and starts as a backup of the expected kind, or BackupFailed."""
    if not path.is_file():
        raise BackupFailed(f"Backup file not found: {path}")
    with open(path, "rb") as handle:
        if handle.read(len(magic)) != magic:
            raise BackupFailed(f"{path} {refusal}; nothing was changed.")


def _check_sqlite_file(path: Path) -> int:
    """Refuse anything but a sound SQLite database with our schema; return its table count."""
    _require_header(path, SQLITE_MAGIC, "is not a SQLite backup (wrong file header)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"{path} is corrupt ({exc}); nothing was changed.") from None
    if problems != ["ok"]:
        raise BackupFailed(
            f"{path} is corrupt (integrity check: {'; '.join(problems[:3])}); nothing was changed."
        )
    if "alembic_version" not in tables:
        raise BackupFailed(f"{path} is a SQLite file but not a backup of this application.")
    return len(tables)


def _sqlite_copy(source: Path, target: Path, pages: int = -1) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(target), timeout=30)
        try:
            dst.execute("PRAGMA busy_timeout=30000")
            src.backup(dst, pages=pages)
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_backup(url: str, path: Path) -> Result:
    source = _sqlite_path(url)
    if not source.is_file():
        raise BackupFailed(f"The database file {source} does not exist.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _sqlite_copy(source, partial, pages=1024)  # in steps: writers go on meanwhile
        conn = sqlite3.connect(str(partial))
        try:  # a self-contained single file: no -wal beside it
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        tables = _check_sqlite_file(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Result("sqlite", path, path.stat().st_size, tables)


def _sqlite_restore(url: str, path: Path) -> Result:
    tables = _check_sqlite_file(path)
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(path, target)  # one write transaction on the target: all or nothing
    conn = sqlite3.connect(str(target), timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # the app's mode (the copy carried DELETE)
    finally:
        conn.close()
    return Result("sqlite", target, target.stat().st_size, tables)


# --- PostgreSQL -------------------------------------------------------------------------------


def _version_key(path: str) -> tuple[int, ...]:
    match = re.search(r"/postgresql/([\d.]+)/bin$", path)
    return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: the newest /usr/lib/postgresql/*/bin, else PATH."""
    for bindir in sorted(glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        candidate = Path(bindir) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupFailed(
        f"{name} was not found; install the PostgreSQL client tools "
        "(apt-get install -y postgresql-client)."
    )


def _pg_env(url: str) -> dict[str, str]:
    """Connection settings as libpq environment variables: no password on a command line."""
    parsed = make_url(url)
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", parsed.host), ("PGPORT", parsed.port), ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password), ("PGDATABASE", parsed.database),
    ):
        if value is not None:
            env[var] = str(value)
    for key, value in parsed.query.items():
        if key == "sslmode":
            env["PGSSLMODE"] = str(value)
    return env


def _run(cmd: list[str], url: str, what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        cmd, env=_pg_env(url), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=3600, check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupFailed(f"{what} failed (exit {result.returncode}): " + " | ".join(detail))
    return result


def _check_pg_file(path: Path) -> int:
    _require_header(path, PGDUMP_MAGIC, "is not a PostgreSQL custom-format dump (pg_dump -Fc)")
    listing = subprocess.run(
        [pg_tool("pg_restore"), "--list", str(path)], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=600, check=False,
    )
    if listing.returncode != 0:
        raise BackupFailed(
            f"{path} is corrupt ({listing.stderr.strip()[:300]}); nothing was changed."
        )
    tables = [line for line in listing.stdout.splitlines() if " TABLE " in line
              and " TABLE DATA " not in line]
    if not any("alembic_version" in line for line in tables):
        raise BackupFailed(f"{path} is a PostgreSQL dump but not a backup of this application.")
    return len(tables)


def _pg_backup(url: str, path: Path) -> Result:
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _run([pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(partial)],
             url, "pg_dump")
        tables = _check_pg_file(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Result("postgresql", path, path.stat().st_size, tables)


def _pg_restore(url: str, path: Path) -> Result:
    tables = _check_pg_file(path)
    # --single-transaction: a dump that breaks half-way leaves the database as it was.
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "-d", make_url(url).database or "",
          str(path)], url, "pg_restore")
    return Result("postgresql", path, path.stat().st_size, tables)


# --- entry points -----------------------------------------------------------------------------


def backup(path: str | Path, *, url: str | None = None) -> Result:
    """Write a consistent copy of the whole database to ``path`` (replaced atomically)."""
    url = url or database_url()
    path = Path(path)
    if path.is_dir():
        raise BackupFailed(f"{path} is a folder; give the backup a file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    return _pg_backup(url, path) if _is_postgres(url) else _sqlite_backup(url, path)


def restore(path: str | Path, *, url: str | None = None) -> Result:
    """Replace the database's content with the backup at ``path`` (checked first)."""
    url = url or database_url()
    path = Path(path)
    return _pg_restore(url, path) if _is_postgres(url) else _sqlite_restore(url, path)
