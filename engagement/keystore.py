"""Secrets and records kept OUTSIDE the database: the audit key, the audit checkpoint and the
withdrawal register's copy. Someone who can change the database cannot change these.

* ``ENGAGEMENT_AUDIT_KEY``: the audit log's HMAC key (64 hex characters); when unset, the key is
  read from ``ENGAGEMENT_SECRETS_DIR/audit_key``, made there (mode 600) the first time an event
  is written.
* ``ENGAGEMENT_SECRETS_DIR`` (default ``data/secrets``, mode 700): the key file, and one
  checkpoint and one withdrawal register per database, named after the database (not its
  password). Replicas on several machines share this folder (or set the key like the cookie
  secret and point the folder at a store they all reach): see README "Running at scale".
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from engagement.db import ROOT
from engagement.errors import InvalidInput

KEY_ENV = "ENGAGEMENT_AUDIT_KEY"
DIR_ENV = "ENGAGEMENT_SECRETS_DIR"
KEY_FILE = "audit_key"


class SecretMissing(InvalidInput):
    """A secret the operation needs is not configured; nothing was changed."""


def secrets_dir() -> Path:
    return Path(os.environ.get(DIR_ENV) or ROOT / "data" / "secrets")


def _ensure_dir() -> Path:
    folder = secrets_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _parse_key(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise SecretMissing(f"The audit key in {where} is not hexadecimal.") from None
    if len(key) < 32:
        raise SecretMissing(f"The audit key in {where} is shorter than 32 bytes (64 hex).")
    return key


def audit_key(*, create: bool) -> bytes | None:
    """The HMAC key: from the environment, else the key file; made at first use if ``create``."""
    if os.environ.get(KEY_ENV):
        return _parse_key(os.environ[KEY_ENV], KEY_ENV)
    path = secrets_dir() / KEY_FILE
    if not path.is_file():
        if not create:
            return None
        _ensure_dir()
        # Written whole to a private temporary file, then linked: another process making the
        # key at the same moment either wins or reads this one, never half a key.
        with contextlib.suppress(FileExistsError):
            write_private_atomic(path, secrets.token_hex(32) + "\n", replace=False)
    return _parse_key(path.read_text(), str(path))


def database_identity(url: str) -> str | None:
    """A stable name for one database (never its password); None for an in-memory one."""
    parsed = make_url(str(url))
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        return "sqlite:" + str(Path(parsed.database).resolve())
    return f"{parsed.get_backend_name()}://{parsed.host or ''}:{parsed.port or 5432}/" \
           f"{parsed.database or ''}"


def record_path(identity: str, kind: str, suffix: str) -> Path:
    """``<secrets dir>/<kind>-<hash of the database's identity><suffix>``."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:20]
    return secrets_dir() / f"{kind}-{digest}{suffix}"


def write_private_atomic(path: Path, text: str, *, replace: bool = True) -> None:
    """Write ``text`` to ``path`` (mode 600) so that readers see the old or the new file whole.
    With ``replace=False`` an existing file wins (FileExistsError)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(partial, path)
        else:
            os.link(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def append_private_line(path: Path, line: str) -> None:
    """Append one line to a mode-600 file (created when missing), durably."""
    _ensure_dir()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as handle:
        handle.write(line.rstrip("\n") + "\n")
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside ``path`` (processes of one machine, or a shared mount that
    supports flock), so that read-compare-write of a checkpoint is one step."""
    _ensure_dir()
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
