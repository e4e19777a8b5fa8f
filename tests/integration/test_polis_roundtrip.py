"""Pol.is import -> export -> import on every real conversation in ../shared/polis-open-data.

The expected votes come from a plain csv reading of votes.csv written here (latest vote wins,
equal times: the later line), independent of the importer's own reader. The round trip runs on
both backends; the other real-data checks use an in-memory SQLite database to keep time down.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select

from engagement.actors import SYSTEM_INTEROP
from engagement.db import make_engine, new_session
from engagement.interop import export_polis, import_polis
from engagement.models import Dialogue, Participant, Statement, Vote
from tests.support.shared_data import SHARED, as_params, folder_names, missing, need

DATA = SHARED / "polis-open-data"
CONVERSATIONS = folder_names(DATA)


def source_of(name: str | None) -> Path:
    """The conversation's folder; skips (locally) or fails (CI) when the data is missing."""
    if name is None:
        missing(DATA)
    return need(DATA / name)


@pytest.fixture
def memory_session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with new_session(engine) as session:
        yield session
    engine.dispose()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_votes(folder: Path) -> dict[tuple[str, str], int]:
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for row in _csv(folder / "votes.csv"):
        key = (row["voter-id"], row["comment-id"])
        ts = int(row["timestamp"])
        if key not in latest or ts >= latest[key][0]:
            latest[key] = (ts, int(row["vote"]))
    return {key: value for key, (_, value) in latest.items()}


def participant_vote_cells(path: Path) -> dict[tuple[str, str], int]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return {
        (row[0], cid): int(cell)
        for row in rows[1:]
        for cid, cell in zip(header[6:], row[6:], strict=True)
        if cell != ""
    }


def stored_votes(session, slug: str) -> dict[tuple[str, str], int]:
    did = session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).one()
    rows = session.exec(
        select(Participant.external_id, Statement.external_id, Vote.value)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Statement, Statement.id == Vote.statement_id)
        .where(Vote.dialogue_id == did)
    ).all()
    return {(p, c): v for p, c, v in rows}


def stored_statements(session, slug: str) -> dict[str, tuple]:
    did = session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).one()
    rows = session.exec(
        select(Statement.external_id, Statement.text, Statement.status, Statement.created_at,
               Participant.external_id)
        .join(Participant, Participant.id == Statement.author_participant_id, isouter=True)
        .where(Statement.dialogue_id == did)
    ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.mark.parametrize("name", as_params(CONVERSATIONS))
def test_import_export_import_keeps_every_vote(session, tmp_path, name):
    source = source_of(name)
    expected = expected_votes(source)

    t0 = time.perf_counter()
    first = import_polis(session=session, folder=source, by=SYSTEM_INTEROP)
    t1 = time.perf_counter()
    exported = export_polis(session=session, slug=first.slug, folder=tmp_path / "out",
                            by=SYSTEM_INTEROP)
    t2 = time.perf_counter()
    second = import_polis(session=session, folder=tmp_path / "out", slug="again", by=SYSTEM_INTEROP)
    t3 = time.perf_counter()
    print(f"\n{name}: {len(expected)} votes; import {t1 - t0:.2f} s, export {t2 - t1:.2f} s, "
          f"re-import {t3 - t2:.2f} s")

    assert first.votes == exported.votes == second.votes == len(expected)
    assert stored_votes(session, first.slug) == expected
    assert stored_votes(session, "again") == expected
    # Pol.is's own participants-votes.csv agrees with latest-wins, and so does ours.
    assert participant_vote_cells(source / "participants-votes.csv") == expected
    assert participant_vote_cells(tmp_path / "out" / "participants-votes.csv") == expected
    # Statements survive too: text, moderation, time and author.
    assert stored_statements(session, "again") == stored_statements(session, first.slug)
    assert first.statements == len(_csv(source / "comments.csv"))


@pytest.mark.parametrize("name", as_params(CONVERSATIONS))
def test_participants_votes_alone_gives_the_same_votes(memory_session, tmp_path, name):
    session = memory_session
    source_of(name)
    folder = tmp_path / name
    folder.mkdir()
    for file in ("comments.csv", "participants-votes.csv", "summary.csv"):
        shutil.copy(DATA / name / file, folder / file)
    summary = import_polis(session=session, folder=folder, by=SYSTEM_INTEROP)
    assert summary.votes_source == "participants-votes.csv"
    assert stored_votes(session, summary.slug) == expected_votes(DATA / name)


def test_every_conversation_imports(memory_session):
    """All of them into one database, each with the votes a plain reading expects (their
    import time is measured by bench/polis_import.py, not asserted here)."""
    session = memory_session
    if not CONVERSATIONS:
        missing(DATA)
    for name in CONVERSATIONS:
        summary = import_polis(session=session, folder=DATA / name, by=SYSTEM_INTEROP)
        assert summary.votes == len(expected_votes(DATA / name)) > 0, name


def test_imported_dialogue_fields(memory_session):
    session = memory_session
    summary = import_polis(session=session, folder=need(DATA / "15-per-hour-seattle"),
                           by=SYSTEM_INTEROP)
    dialogue = session.get(Dialogue, summary.dialogue_id)
    assert summary.slug == "15-per-hour-seattle"
    assert (dialogue.title, dialogue.source, dialogue.status) == ("$15/hour", "polis", "closed")
    assert dialogue.question.startswith("How do you think the new minimum wage law")
    assert dialogue.min_reporting_size == 10
    assert dialogue.created_at.tzinfo is not None
    statements = {s.external_id: s for s in session.exec(
        select(Statement).where(Statement.dialogue_id == dialogue.id))}
    rejected = statements["16"]  # "?" moderated out; no words, so its normal form is "#16"
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "imported_moderated_out")
    assert rejected.normalised == "#16" and rejected.origin == "imported"
    assert statements["53"].status == "accepted"  # moderated 0 (unmoderated) counts as accepted
    assert statements["48"].created_at.year == 2014
    assert summary.duplicate_texts == ("16", "50")
    people = session.exec(select(Participant).where(Participant.dialogue_id == dialogue.id)).all()
    assert len(people) == summary.participants == 339
    assert all(p.step == "done" and p.resume_code_hash is None and not p.synthetic
               for p in people)
    assert len({p.pseudonym for p in people}) == len(people)
