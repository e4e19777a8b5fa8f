"""Backup and restore (`python -m engagement backup PATH` / `restore PATH`) on SQLite and
PostgreSQL: fill a database through the services, back it up, restore into an EMPTY database
and find every row of every table; missing and corrupt files are refused and change nothing."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import MetaData, select

from engagement import cli
from engagement.db import make_engine, new_session
from engagement.ops.backup import BackupFailed, backup, restore
from engagement.services import participation

_names = itertools.count(1)


def _fill(session, dialogue) -> list[int]:
    """Participants with consent, positions, votes (one changed), own statements, reflections;
    one withdrawal."""
    statements = [s.id for s in participation_statements(session, dialogue.id)]
    ids = []
    for i in range(6):
        joined = participation.join(session=session, join_code=dialogue.join_code)
        pid = joined.participant.id
        ids.append(pid)
        participation.give_consent(
            session=session, participant_id=pid, report=True, quote=i % 2 == 0, notify=False
        )
        participation.record_position(
            session=session, participant_id=pid, stage="pre", support=1 + i % 5, confidence=3
        )
        for j, sid in enumerate(statements):
            participation.cast_vote(
                session=session, participant_id=pid, statement_id=sid, value=(i + j) % 3 - 1
            )
        participation.cast_vote(session=session, participant_id=pid, statement_id=statements[0],
                                value="pass")  # a changed vote
        participation.add_statement(
            session=session, participant_id=pid, text=f"Own statement number {i} is here"
        )
        participation.save_reflection(session=session, participant_id=pid, text=f"Reflection {i}")
    participation.withdraw(session=session, participant_id=ids[-1])
    return ids


def participation_statements(session, dialogue_id):
    from sqlmodel import select as sm_select

    from engagement.models import Statement

    return list(session.exec(sm_select(Statement).where(Statement.dialogue_id == dialogue_id)))


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version included), ordered."""
    engine = make_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(conn.execute(select(table)).all(), key=repr)
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


@pytest.fixture
def empty_url(request, db_backend, tmp_path):
    """An empty database (no tables) on the same backend as ``db_url``."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = f"restored_{next(_names)}"
    url = server.create_database(name, template="template0")
    yield url
    server.drop_database(name)


def test_backup_then_restore_into_empty_database_keeps_every_row(
    db_url, session, open_dialogue, empty_url, tmp_path
):
    _fill(session, open_dialogue)
    pending = [s for s in participation_statements(session, open_dialogue.id)
               if s.status == "pending"]
    assert pending
    session.close()
    before = _snapshot(db_url)
    assert len(before["vote"]) >= 15 and before["consent"] and before["audit_event"]

    path = tmp_path / "backup.bin"
    made = backup(path, url=db_url)
    assert made.size > 0 and path.stat().st_size == made.size

    restore(path, url=empty_url)
    after = _snapshot(empty_url)
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], f"table {table} differs after restore"

    # The restored database is usable: ids (sequences) carry on, the dialogue takes answers.
    engine = make_engine(empty_url)
    try:
        with new_session(engine) as restored:
            joined = participation.join(session=restored, join_code=open_dialogue.join_code)
            assert joined.participant.id > max(row.id for row in before["participant"])
            participation.give_consent(session=restored, participant_id=joined.participant.id,
                                       report=True, quote=False, notify=False)
            sid = before["statement"][0].id
            participation.cast_vote(session=restored, participant_id=joined.participant.id,
                                    statement_id=sid, value="agree")
    finally:
        engine.dispose()


def test_restore_over_a_changed_database_brings_back_the_backup(
    db_url, session, open_dialogue, tmp_path
):
    ids = _fill(session, open_dialogue)
    session.close()
    before = _snapshot(db_url)
    path = tmp_path / "backup.bin"
    backup(path, url=db_url)
    engine = make_engine(db_url)
    try:
        with new_session(engine) as later:
            participation.withdraw(session=later, participant_id=ids[0])
    finally:
        engine.dispose()
    assert _snapshot(db_url) != before
    restore(path, url=db_url)
    assert _snapshot(db_url) == before


def test_restore_refuses_missing_and_corrupt_files_and_changes_nothing(
    db_url, session, open_dialogue, tmp_path, capsys, monkeypatch
):
    _fill(session, open_dialogue)
    session.close()
    before = _snapshot(db_url)
    good = tmp_path / "good.bin"
    backup(good, url=db_url)

    with pytest.raises(BackupFailed, match="not found"):
        restore(tmp_path / "nope.bin", url=db_url)
    text = tmp_path / "notes.txt"
    text.write_text("this is not a backup\n")
    with pytest.raises(BackupFailed, match="not a"):
        restore(text, url=db_url)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BackupFailed, match="corrupt|failed"):
        restore(truncated, url=db_url)
    assert _snapshot(db_url) == before

    # Through the command line: a clear message and exit code 2.
    if "engagement.ops.commands" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES",
                            (*cli.COMMAND_MODULES, "engagement.ops.commands"))
    assert cli.main(["--database-url", db_url, "restore", str(tmp_path / "nope.bin")]) == 2
    assert "Backup file not found" in capsys.readouterr().err
    assert cli.main(["--database-url", db_url, "restore", str(truncated)]) == 2
    assert "corrupt" in capsys.readouterr().err
    again = tmp_path / "again.bin"
    assert cli.main(["--database-url", db_url, "backup", str(again)]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert cli.main(["--database-url", db_url, "restore", str(again)]) == 0
    assert _snapshot(db_url) == before


def test_sqlite_backup_is_consistent_while_votes_are_written(tmp_path, request):
    """The online backup API copies a consistent state while another thread keeps voting."""
    import shutil

    path = tmp_path / "live.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    url = f"sqlite:///{path}"
    from bench.harness import seed_dialogue

    seeded = seed_dialogue(url, statements=30, join_code="LIVE01", slug="live")
    engine = make_engine(url)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer():
        try:
            with new_session(engine) as s:
                for _ in range(200):
                    if stop.is_set():
                        return
                    pid = participation.join(session=s, join_code="LIVE01").participant.id
                    participation.give_consent(session=s, participant_id=pid, report=True,
                                               quote=False, notify=False)
                    for sid in seeded.statement_ids:
                        participation.cast_vote(session=s, participant_id=pid, statement_id=sid,
                                                value="agree")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(3):
            copy = tmp_path / f"copy{i}.db"
            backup(copy, url=url)
            copies.append(copy)
    finally:
        stop.set()
        thread.join(60)
        engine.dispose()
    assert not errors, errors
    assert copies, "no backup was taken while the votes were written"
    for copy in copies:
        restored = tmp_path / f"restored-{copy.name}"
        restore(copy, url=f"sqlite:///{restored}")
        rows = _snapshot(f"sqlite:///{restored}")
        consented = {r.participant_id for r in rows["consent"]}
        assert {r.participant_id for r in rows["vote"]} <= consented
