"""Files that hold personal data are created owner-only (mode 600, folders 700) whatever the
umask: the SQLite database with its -wal and -shm files, Pol.is exports and brief files
written by the command line. (Backups: tests/integration/test_backup.py.)"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from engagement.cli import main
from engagement.db import make_engine, new_session
from engagement.demo import load_demo
from engagement.files import write_private_text


@pytest.fixture(autouse=True)
def permissive_umask():
    """The usual umask, under which plain open() makes files 644 (readable by everyone)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


def test_a_new_sqlite_database_and_its_folder_are_owner_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'engagement.db'}"
    assert main(["--database-url", url, "init-db"]) == 0
    engine = make_engine(url)
    try:
        with engine.connect() as connection:  # open: the -wal and -shm files exist now
            connection.execute(text("SELECT count(*) FROM participant"))
            found = modes(tmp_path / "data")
    finally:
        engine.dispose()
    assert {"engagement.db", "engagement.db-wal", "engagement.db-shm"} <= set(found), found
    assert set(found.values()) == {0o600}, {k: oct(v) for k, v in found.items()}
    assert mode(tmp_path / "data") == 0o700


def test_a_database_made_world_readable_before_is_made_owner_only(tmp_path):
    path = tmp_path / "old.db"
    path.touch()
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_exports_and_briefs_written_by_the_command_line_are_owner_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'engagement.db'}"
    assert main(["--database-url", url, "init-db"]) == 0
    engine = make_engine(url)
    try:
        with new_session(engine) as session:
            load_demo(session=session, participants_per_dialogue=(60, 60))
    finally:
        engine.dispose()
    out = tmp_path / "out"
    assert main(["--database-url", url, "export-polis", "insurance", str(out / "polis")]) == 0
    assert main(["--database-url", url, "brief", "insurance", "--format", "md",
                 "--out", str(out / "brief" / "brief.md"), "--sign-off-as", "facilitator",
                 "--analysis-checked", "--while-open"]) == 0
    for fmt in ("html", "pdf"):
        assert main(["--database-url", url, "brief", "insurance", "--format", fmt,
                     "--out", str(out / "brief" / f"brief.{fmt}")]) == 0
    found = modes(out)
    files = [name for name in found if (out / name).is_file()]
    assert {"polis/votes.csv", "polis/comments.csv", "brief/brief.md", "brief/brief.html",
            "brief/brief.pdf"} <= set(files), found
    assert any(name.startswith("brief/brief_charts/") for name in files), found
    assert {found[name] for name in files} == {0o600}, found
    assert {found[name] for name in found if name not in files} == {0o700}, found
    assert mode(out) == 0o700


def test_a_file_already_there_is_made_owner_only_when_overwritten(tmp_path):
    target = tmp_path / "brief.html"
    target.write_text("old")
    target.chmod(0o644)
    write_private_text(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o600
