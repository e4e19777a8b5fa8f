"""Files the application writes that can hold personal data (the SQLite database, exports,
briefs): readable and writable by their owner only, whatever the process's umask."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: Path | str) -> Path:
    """Make the folder (and missing parents) owner-only; a folder already there is left as
    it is: its owner chose who may list it."""
    path = Path(path)
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):  # mkdir(parents=True) would make the parents 755
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
    return path


def open_private(path: Path | str, mode: str = "w", **kwargs) -> IO:
    """Open for writing (truncating), with mode 600 also when the file was already there."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes only ('w' or 'wb'), not {mode!r}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def write_private_text(path: Path | str, text: str) -> None:
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_private_bytes(path: Path | str, data: bytes) -> None:
    with open_private(path, "wb") as handle:
        handle.write(data)


def create_private(path: Path | str) -> None:
    """An empty owner-only file, or the file already there made owner-only (a database made
    before this rule, as 644). SQLite writes into it; its -wal and -shm files take the
    database file's mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        restrict(path)


def restrict(path: Path | str) -> None:
    """Take group and others' access away from a file of ours, if they have any."""
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
    except PermissionError:
        pass  # not ours to change: its owner decides
