"""Online backup and restore of the whole database.

* SQLite: the SQLite online backup API (``sqlite3.Connection.backup``): a consistent copy taken
  while the app keeps writing (WAL readers are not blocked); the copy is checked with
  ``PRAGMA integrity_check`` before it replaces the target.
* PostgreSQL: ``pg_dump -Fc`` (one consistent snapshot) and ``pg_restore --clean --if-exists
  --single-transaction`` (all or nothing), run with the server binaries of
  ``/usr/lib/postgresql/*/bin`` (newest first) or from PATH.

A missing, empty, truncated or foreign file is refused before anything is changed, and so is
one whose schema revision this version does not know or that lacks the application's tables.

A restore then brings the copy up to the newest schema, withdraws again everyone in the
withdrawal register (engagement/withdrawal_register.py: merged from the live database and the
file kept outside it) whom the backup brings back, records itself in the audit log and resets
the audit checkpoint to the restored log's head. On SQLite all of that happens on a staging copy
that then replaces the database in one write transaction; on PostgreSQL it follows
``pg_restore`` in the live database (stop the app while restoring).

Backup files are created mode 600: they hold e-mail addresses.
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
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from engagement import audit, keystore, withdrawal_register
from engagement.db import database_url, make_engine, new_session, transaction
from engagement.errors import InvalidInput

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables every revision of the schema has had (migration 0001).
CORE_TABLES = frozenset({
    "audit_event", "consent", "dialogue", "dialogue_session", "participant", "position",
    "reflection", "statement", "user", "vote",
})
RESTORE_ACTOR = "system:restore"


def _withdraw_again(session, entries: set[withdrawal_register.Entry]) -> int:
    """Keep every register entry, and withdraw again everyone registered whom the restored
    database brings back. Returns how many were withdrawn again."""
    from engagement.services import participation  # participation registers withdrawals

    again = withdrawal_register.keep(session, entries)
    for participant_id in again:
        participation.withdraw(session=session, participant_id=participant_id)
    return len(again)


class BackupFailed(InvalidInput):
    """Backup or restore could not be done; nothing was changed."""


@dataclass(frozen=True)
class Result:
    kind: str  # "sqlite" | "postgresql"
    path: Path
    size: int
    tables: int
    withdrawals_reapplied: int = 0

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


def _check_sqlite_file(path: Path, *, schema: bool = True) -> int:
    """Refuse anything but a sound SQLite database with our schema; return its table count.
    ``schema=False`` (a backup just written) checks soundness and the alembic table only."""
    _require_header(path, SQLITE_MAGIC, "is not a SQLite backup (wrong file header)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")] \
                if "alembic_version" in tables else []
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
    if schema:
        _require_schema(path, revisions, tables)
    return len(tables)


def _require_schema(path: Path, revisions: list[str], tables: list[str]) -> None:
    """The backup is at a schema revision this version knows and has that revision's tables."""
    from alembic.script import ScriptDirectory

    from engagement.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if len(revisions) != 1:
        raise BackupFailed(f"{path} records no schema revision; nothing was changed.")
    if revisions[0] not in known:
        raise BackupFailed(f"{path} is at schema revision {revisions[0]!r}, which this version "
                           "of the application does not know; nothing was changed.")
    expected = set(CORE_TABLES)
    if revisions[0] in script.get_heads():
        expected |= set(SQLModel.metadata.tables)
    missing = sorted(expected - set(tables))
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise BackupFailed(f"{path} lacks the tables {', '.join(missing[:5])}{more}; "
                           "nothing was changed.")


def _private_file(path: Path) -> None:
    """Create ``path`` empty with mode 600 (before SQLite or pg_dump write into it)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


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
        _private_file(partial)
        _sqlite_copy(source, partial, pages=1024)  # in steps: writers go on meanwhile
        conn = sqlite3.connect(str(partial))
        try:  # a self-contained single file: no -wal beside it
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        tables = _check_sqlite_file(partial, schema=False)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Result("sqlite", path, path.stat().st_size, tables)


def _sqlite_restore(url: str, path: Path) -> Result:
    tables = _check_sqlite_file(path)
    target = _sqlite_path(url)
    live = _live_state(url) if target.is_file() else _LiveState(None, set())
    staging = target.with_name(target.name + ".restoring")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_sqlite_files(staging)
    try:
        _private_file(staging)
        _sqlite_copy(path, staging)
        identity = keystore.database_identity(url)
        again, head = _settle(f"sqlite:///{staging}", identity, path, live)
        if not target.exists():
            _private_file(target)
        _sqlite_copy(staging, target)  # one write transaction on the target: all or nothing
    finally:
        _remove_sqlite_files(staging)
    conn = sqlite3.connect(str(target), timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # the app's mode (the copy carried DELETE)
    finally:
        conn.close()
    _reset_checkpoint(identity, head)
    return Result("sqlite", target, target.stat().st_size, tables, again)


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- what a restore must carry over -----------------------------------------------------------


@dataclass(frozen=True)
class _LiveState:
    head: audit.Checkpoint | None  # the audit log's head before the restore, when readable
    withdrawals: set[withdrawal_register.Entry]


def _live_state(url: str) -> _LiveState:
    """Read (only) what the live database knows: its audit head and withdrawal register, merged
    with the register file. A live database that cannot be read gives the file alone."""
    identity = keystore.database_identity(url)
    withdrawals = withdrawal_register.read_file(identity) if identity else set()
    head = None
    engine = make_engine(url)
    try:
        with new_session(engine) as session:
            withdrawals |= withdrawal_register.read_table(session)
            head = audit.head(session)
    except SQLAlchemyError:
        pass  # a lost or broken database: the register file still holds every withdrawal
    finally:
        engine.dispose()
    return _LiveState(head, withdrawals)


def _settle(
    url: str, identity: str | None, path: Path, live: _LiveState
) -> tuple[int, audit.Checkpoint]:
    """Bring the restored copy at ``url`` to the newest schema, withdraw the registered again
    and record the restore. Returns (withdrawn again, audit head)."""
    from engagement.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    try:
        with new_session(engine) as session:
            # Events go into the restored log; the checkpoint is reset once it is in place.
            session.info["audit_checkpoint_deferred"] = True
            if identity:
                session.info["database_identity"] = identity
            backup_head = audit.head(session)
            again = _withdraw_again(session, live.withdrawals)
            with transaction(session):
                audit.record(session, actor=RESTORE_ACTOR, action="database.restored",
                             object_type="database", detail={
                                 "backup_file": path.name,
                                 "events_in_backup": backup_head.events,
                                 "events_before_restore": live.head.events if live.head else None,
                                 "head_before_restore": live.head.last_hash if live.head else None,
                                 "withdrawals_applied_again": again,
                             })
            return again, audit.head(session)
    finally:
        engine.dispose()


def _reset_checkpoint(identity: str | None, head: audit.Checkpoint) -> None:
    if identity:
        audit.write_checkpoint(identity, head.events, head.last_hash, force=True)


# --- PostgreSQL -------------------------------------------------------------------------------


def _version_key(path: str) -> tuple[int, ...]:
    match = re.search(r"/postgresql/([\d.]+)/bin$", path)
    return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)


def postgres_bindirs() -> list[str]:
    """The Debian folders of PostgreSQL's programs, /usr/lib/postgresql/*/bin, newest first."""
    return sorted(glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: the newest /usr/lib/postgresql/*/bin, else PATH."""
    for bindir in postgres_bindirs():
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


def _check_pg_file(path: Path, *, schema: bool = True) -> int:
    _require_header(path, PGDUMP_MAGIC, "is not a PostgreSQL custom-format dump (pg_dump -Fc)")
    listing = subprocess.run(
        [pg_tool("pg_restore"), "--list", str(path)], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=600, check=False,
    )
    if listing.returncode != 0:
        raise BackupFailed(
            f"{path} is corrupt ({listing.stderr.strip()[:300]}); nothing was changed."
        )
    tables = [_listed_table(line) for line in listing.stdout.splitlines() if " TABLE " in line
              and " TABLE DATA " not in line]
    if "alembic_version" not in tables:
        raise BackupFailed(f"{path} is a PostgreSQL dump but not a backup of this application.")
    if schema:
        _require_schema(path, _pg_revisions(path), tables)
    return len(tables)


def _listed_table(line: str) -> str:
    """'218; 1259 16386 TABLE public vote owner' -> 'vote'."""
    parts = line.split()
    at = parts.index("TABLE")
    return parts[at + 2] if len(parts) > at + 2 else ""


def _pg_revisions(path: Path) -> list[str]:
    """The rows of alembic_version in a dump (read from the dump, no database touched)."""
    data = subprocess.run(
        [pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "-f", "-", str(path)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False,
    )
    if data.returncode != 0:
        raise BackupFailed(f"{path} is corrupt ({data.stderr.strip()[:300]}); nothing was changed.")
    rows, inside = [], False
    for line in data.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            inside = True
        elif inside and line == "\\.":
            break
        elif inside:
            rows.append(line.strip())
    return rows


def _pg_backup(url: str, path: Path) -> Result:
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _private_file(partial)
        _run([pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(partial)],
             url, "pg_dump")
        tables = _check_pg_file(partial, schema=False)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Result("postgresql", path, path.stat().st_size, tables)


def _pg_restore(url: str, path: Path) -> Result:
    tables = _check_pg_file(path)
    live = _live_state(url)
    # --single-transaction: a dump that breaks half-way leaves the database as it was.
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "-d", make_url(url).database or "",
          str(path)], url, "pg_restore")
    identity = keystore.database_identity(url)
    again, head = _settle(url, identity, path, live)
    _reset_checkpoint(identity, head)
    return Result("postgresql", path, path.stat().st_size, tables, again)


# --- entry points -----------------------------------------------------------------------------


def backup(path: str | Path, *, url: str | None = None) -> Result:
    """Write a consistent copy of the whole database to ``path`` (replaced atomically)."""
    url = url or database_url()
    path = Path(path)
    if path.is_dir():
        raise BackupFailed(f"{path} is a folder; give the backup a file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    result = _pg_backup(url, path) if _is_postgres(url) else _sqlite_backup(url, path)
    os.chmod(path, 0o600)
    return result


def restore(path: str | Path, *, url: str | None = None) -> Result:
    """Replace the database's content with the backup at ``path`` (checked first), withdraw
    again everyone registered as withdrawn, and record the restore in the audit log."""
    url = url or database_url()
    path = Path(path)
    return _pg_restore(url, path) if _is_postgres(url) else _sqlite_restore(url, path)
