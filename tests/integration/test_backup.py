"""Backup and restore (`python -m engagement backup PATH` / `restore PATH`) on SQLite and
PostgreSQL: fill a database through the services, back it up, restore into an EMPTY database
and find every row of every table (and the restore's own audit event); missing, corrupt and
foreign files, and files without this application's schema, are refused and change nothing.
A restore never undoes a withdrawal: everyone who withdrew since the backup is withdrawn again.
Backup files are mode 600."""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import MetaData, select

from engagement import cli, keystore, withdrawal_register
from engagement.db import make_engine, new_session
from engagement.errors import NotFound
from engagement.models import User
from engagement.ops.backup import BackupFailed, backup, restore
from engagement.services import dialogues, participation

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


RESTORED = "database.restored"


def _without_restores(snapshot: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The snapshot less the audit events that restores add (each restore records itself)."""
    return {**snapshot, "audit_event": [row for row in snapshot["audit_event"]
                                         if row.action != RESTORED]}


def _restores(snapshot: dict[str, list[tuple]]) -> list[dict]:
    return [json.loads(row.detail) for row in snapshot["audit_event"] if row.action == RESTORED]


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
    assert len(_restores(after)) == 1
    after = _without_restores(after)
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
    db_url, session, open_dialogue, facilitator, tmp_path, capsys
):
    _fill(session, open_dialogue)
    dialogue_id, facilitator_id = open_dialogue.id, facilitator.id
    session.close()
    before = _snapshot(db_url)
    path = tmp_path / "backup.bin"
    backup(path, url=db_url)
    engine = make_engine(db_url)
    try:
        with new_session(engine) as later:
            pid = participation.join(session=later, join_code=open_dialogue.join_code)
            participation.give_consent(session=later, participant_id=pid.participant.id,
                                       report=True, quote=False, notify=False)
            dialogues.add_session(session=later, dialogue_id=dialogue_id, name="Later",
                                  by=later.get(User, facilitator_id))  # an audited change
    finally:
        engine.dispose()
    assert _snapshot(db_url) != before
    restore(path, url=db_url)
    after = _snapshot(db_url)
    assert _without_restores(after) == before
    assert _restores(after) == [{
        "backup_file": "backup.bin", "events_in_backup": len(before["audit_event"]),
        "events_before_restore": len(before["audit_event"]) + 1,
        "head_before_restore": _restores(after)[0]["head_before_restore"],
        "withdrawals_applied_again": 0,
    }]
    # The restored log, with the restore's event, verifies against the reset checkpoint.
    assert cli.main(["--database-url", db_url, "verify-audit"]) == 0
    assert capsys.readouterr().out == "The audit log is intact.\n"


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
    if "engagement.cli.backup" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES",
                            (*cli.COMMAND_MODULES, "engagement.cli.backup"))
    assert cli.main(["--database-url", db_url, "restore", str(tmp_path / "nope.bin")]) == 2
    assert "Backup file not found" in capsys.readouterr().err
    assert cli.main(["--database-url", db_url, "restore", str(truncated)]) == 2
    assert "corrupt" in capsys.readouterr().err
    again = tmp_path / "again.bin"
    assert cli.main(["--database-url", db_url, "backup", str(again)]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert cli.main(["--database-url", db_url, "restore", str(again)]) == 0
    assert _without_restores(_snapshot(db_url)) == before


def test_sqlite_backup_is_consistent_while_votes_are_written(tmp_path, request):
    """The online backup API copies a consistent state while another thread keeps voting."""
    import shutil

    path = tmp_path / "live.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    url = f"sqlite:///{path}"
    from harness.app_server import seed_dialogue

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


# --- a restore cannot undo a withdrawal ---------------------------------------------------------


def _participant_rows(snapshot: dict[str, list[tuple]], pid: int) -> dict[str, int]:
    """How many rows of each table hold this participant's contributions or contact."""
    found = {}
    for table in ("vote", "position", "reflection", "consent", "notification_contact"):
        found[table] = sum(1 for row in snapshot[table] if row.participant_id == pid)
    found["statement"] = sum(1 for row in snapshot["statement"]
                             if row.author_participant_id == pid)
    return found


def _withdrawn_by_restore(db_url, session, open_dialogue, tmp_path):
    """Two participants give e-mail addresses and statements; a backup; both withdraw; the
    backup is restored. Returns (their ids, their resume codes, their texts, snapshot)."""
    _fill(session, open_dialogue)
    leaving, codes, texts = [], [], []
    for i in range(2):
        joined = participation.join(session=session, join_code=open_dialogue.join_code)
        pid = joined.participant.id
        participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                                   notify=True, email=f"leaver{i}@example.org")
        participation.record_position(session=session, participant_id=pid, stage="pre",
                                      support=2, confidence=4)
        text = f"Leaver {i} says insurers must never see this"
        participation.add_statement(session=session, participant_id=pid, text=text)
        participation.save_reflection(session=session, participant_id=pid,
                                      text=f"Leaver {i} reflects")
        leaving.append(pid)
        codes.append(joined.resume_code)
        texts += [text, f"leaver{i}@example.org", f"Leaver {i} reflects"]
    session.close()
    path = tmp_path / "before-withdrawals.bin"
    backup(path, url=db_url)
    old = _snapshot(db_url)
    assert all(sum(_participant_rows(old, pid).values()) >= 4 for pid in leaving)
    engine = make_engine(db_url)
    try:
        with new_session(engine) as later:
            for pid in leaving:
                participation.withdraw(session=later, participant_id=pid)
    finally:
        engine.dispose()
    result = restore(path, url=db_url)
    assert result.withdrawals_reapplied == 2
    return leaving, codes, texts, path


def _assert_gone(db_url, leaving, codes, texts) -> None:
    after = _snapshot(db_url)
    for pid in leaving:
        assert _participant_rows(after, pid) == dict.fromkeys(
            ("vote", "position", "reflection", "consent", "notification_contact", "statement"), 0)
        participant = next(row for row in after["participant"] if row.id == pid)
        assert participant.withdrawn_at is not None and participant.resume_code_hash is None
    every_value = repr(after)
    for text in texts:
        assert text not in every_value, f"{text!r} came back with the restore"
    engine = make_engine(db_url)
    try:
        with new_session(engine) as session:
            for code in codes:
                with pytest.raises(NotFound):
                    participation.resume(session=session, resume_code=code)
    finally:
        engine.dispose()


def test_restoring_a_backup_taken_before_withdrawals_withdraws_them_again(
    db_url, session, open_dialogue, tmp_path, capsys
):
    leaving, codes, texts, _ = _withdrawn_by_restore(db_url, session, open_dialogue, tmp_path)
    _assert_gone(db_url, leaving, codes, texts)
    after = _snapshot(db_url)
    assert [r["withdrawals_applied_again"] for r in _restores(after)] == [2]
    # The re-applied withdrawals and the restore are in the audit log, which verifies.
    assert sum(1 for row in after["audit_event"] if row.action == "participant.withdrawn") == 3
    assert cli.main(["--database-url", db_url, "verify-audit"]) == 0
    assert capsys.readouterr().out == "The audit log is intact.\n"


def test_the_register_kept_outside_the_database_is_enough(
    db_url, session, open_dialogue, tmp_path
):
    """Even when the live database has lost its register (or is lost), the file outside it
    makes a second restore of the old backup withdraw them again."""
    leaving, codes, texts, path = _withdrawn_by_restore(db_url, session, open_dialogue,
                                                        tmp_path)
    register = withdrawal_register.register_path(keystore.database_identity(db_url))
    assert register.stat().st_mode & 0o777 == 0o600
    assert {int(line.split()[0]) for line in register.read_text().splitlines()} >= set(leaving)
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM withdrawal_register"))
    finally:
        engine.dispose()
    assert restore(path, url=db_url).withdrawals_reapplied == 2
    _assert_gone(db_url, leaving, codes, texts)


def test_a_later_participant_given_a_withdrawn_persons_id_is_not_withdrawn(
    db_url, session, open_dialogue, tmp_path
):
    """A restore hands out ids again from the backup's highest: a newcomer can get the id of
    someone who joined after the backup and withdrew. Restoring them must not withdraw them."""
    _fill(session, open_dialogue)
    session.close()
    first = tmp_path / "first.bin"
    backup(first, url=db_url)
    engine = make_engine(db_url)
    try:
        with new_session(engine) as later:
            gone = participation.join(session=later, join_code=open_dialogue.join_code)
            participation.withdraw(session=later, participant_id=gone.participant.id)
        restore(first, url=db_url)
        with new_session(engine) as later:
            newcomer = participation.join(session=later, join_code=open_dialogue.join_code)
            assert newcomer.participant.id == gone.participant.id  # the id came round again
            participation.give_consent(session=later, participant_id=newcomer.participant.id,
                                       report=True, quote=False, notify=False)
        second = tmp_path / "second.bin"
        backup(second, url=db_url)
        assert restore(second, url=db_url).withdrawals_reapplied == 0
        with new_session(engine) as later:
            assert participation.resume(session=later, resume_code=newcomer.resume_code).id \
                == newcomer.participant.id
    finally:
        engine.dispose()


# --- what is not a backup of this application is refused -------------------------------------


def _foreign_backup(db_backend, request, tmp_path, statements: list[str]) -> Path:
    """A backup file of a database made only by ``statements`` (same backend)."""
    if db_backend == "sqlite":
        path = tmp_path / "foreign.db"
        conn = sqlite3.connect(path)
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return path
    server = request.getfixturevalue("pg_server")
    name = f"foreign_{next(_names)}"
    url = server.create_database(name, template="template0")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()
    path = tmp_path / "foreign.dump"
    backup(path, url=url)
    server.drop_database(name)
    return path


@pytest.mark.parametrize(("statements", "message"), [
    (["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
      "INSERT INTO alembic_version VALUES ('0004')"], "lacks the tables audit_event, consent"),
    (["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"],
     "records no schema revision"),
    (["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
      "INSERT INTO alembic_version VALUES ('9999_future')"], "revision '9999_future'"),
])
def test_a_file_without_this_applications_schema_is_refused_and_changes_nothing(
    db_url, db_backend, session, open_dialogue, tmp_path, request, capsys, statements, message
):
    _fill(session, open_dialogue)
    session.close()
    before = _snapshot(db_url)
    foreign = _foreign_backup(db_backend, request, tmp_path, statements)
    with pytest.raises(BackupFailed, match=message):
        restore(foreign, url=db_url)
    assert cli.main(["--database-url", db_url, "restore", str(foreign)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1 and message in out.err and "nothing was changed" in out.err
    assert _snapshot(db_url) == before


def test_backups_and_a_restored_file_are_private(db_url, session, open_dialogue, tmp_path):
    _fill(session, open_dialogue)
    session.close()
    path = tmp_path / "private.bin"
    backup(path, url=db_url)
    assert path.stat().st_mode & 0o777 == 0o600
    backup(path, url=db_url)  # replacing an existing backup keeps it private
    assert path.stat().st_mode & 0o777 == 0o600
    if db_url.startswith("sqlite"):
        fresh = tmp_path / "fresh" / "restored.db"
        restore(path, url=f"sqlite:///{fresh}")
        assert fresh.stat().st_mode & 0o777 == 0o600
