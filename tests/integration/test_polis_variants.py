"""Every Pol.is export: the six real conversations in ../shared/polis-open-data, rewritten at
test time the ways Pol.is versions differ, import the same votes as the originals.

Variants (built in tmp_path; nothing from ../shared is copied into the repository):
- extra columns: ``xid`` after ``participant`` in participants-votes.csv (newer Pol.is), an
  unknown column in comments.csv and votes.csv, and stats-history.csv in the folder;
- shuffled: the columns of every file in another order (with and without votes.csv);
- empty bodies: the text of some comments removed (moderated-out comments can come so);
- only participants-votes.csv (with ``xid``), no votes.csv.
An in-memory SQLite database keeps the time down (the round-trip tests cover both backends).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select

from engagement.actors import SYSTEM_INTEROP
from engagement.db import make_engine, new_session
from engagement.interop import import_polis
from engagement.interop.polis import (
    IMPORTED_EMPTY_REASON,
    IMPORTED_REJECTION_REASON,
    empty_comment_text,
)
from engagement.models import Dialogue, Participant, Statement, Vote
from tests.support.shared_data import polis_conversations, polis_folder

CONVERSATIONS = polis_conversations()


@pytest.fixture
def memory_session():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with new_session(engine) as session:
        yield session
    engine.dispose()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def with_column(rows: list[list[str]], after: str, name: str, value) -> list[list[str]]:
    at = rows[0].index(after) + 1
    return [row[:at] + [name if i == 0 else value(i)] + row[at:] for i, row in enumerate(rows)]


def shuffled(rows: list[list[str]], seed: int) -> list[list[str]]:
    order = list(range(len(rows[0])))
    random.Random(seed).shuffle(order)
    assert order != sorted(order)
    return [[row[i] for i in order] for row in rows]


def stored_votes(session, slug: str) -> dict[tuple[str, str], int]:
    did = session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).one()
    rows = session.exec(
        select(Participant.external_id, Statement.external_id, Vote.value)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Statement, Statement.id == Vote.statement_id)
        .where(Vote.dialogue_id == did)
    ).all()
    return {(p, c): v for p, c, v in rows}


def statements(session, slug: str) -> dict[str, tuple[str, str, str | None]]:
    did = session.exec(select(Dialogue.id).where(Dialogue.slug == slug)).one()
    rows = session.exec(
        select(Statement.external_id, Statement.text, Statement.status,
               Statement.rejection_reason).where(Statement.dialogue_id == did)
    ).all()
    return {ext: (text, status, reason) for ext, text, status, reason in rows}


def variant_extra_columns(source: Path, out: Path) -> None:
    comments = with_column(read_csv(source / "comments.csv"), "comment-id", "lang",
                           lambda i: "en")
    votes = with_column(read_csv(source / "votes.csv"), "vote", "important", lambda i: "0")
    people = with_column(read_csv(source / "participants-votes.csv"), "participant", "xid",
                         lambda i: f"external-{i}")
    write_csv(out / "comments.csv", comments)
    write_csv(out / "votes.csv", votes)
    write_csv(out / "participants-votes.csv", people)
    write_csv(out / "stats-history.csv", [["votes", "comments"], ["not", "checked"]])
    (out / "summary.csv").write_bytes((source / "summary.csv").read_bytes())


def variant_shuffled(source: Path, out: Path) -> None:
    for seed, name in enumerate(("comments.csv", "votes.csv", "participants-votes.csv")):
        write_csv(out / name, shuffled(read_csv(source / name), seed))


def variant_shuffled_participant_votes(source: Path, out: Path) -> None:
    variant_shuffled(source, out)
    (out / "votes.csv").unlink()


def variant_only_participant_votes(source: Path, out: Path) -> None:
    write_csv(out / "comments.csv", read_csv(source / "comments.csv"))
    people = with_column(read_csv(source / "participants-votes.csv"), "participant", "xid",
                         lambda i: f"external-{i}")
    write_csv(out / "participants-votes.csv", people)


def emptied_comment_ids(comments: list[list[str]]) -> set[str]:
    """Every moderated-out comment, and the first two others."""
    header = comments[0]
    at_id, at_moderated = header.index("comment-id"), header.index("moderated")
    moderated_out = {row[at_id] for row in comments[1:] if row[at_moderated] == "-1"}
    others = sorted((row[at_id] for row in comments[1:] if row[at_moderated] != "-1"), key=int)
    return moderated_out | set(others[:2])


def variant_empty_bodies(source: Path, out: Path) -> set[str]:
    comments = read_csv(source / "comments.csv")
    emptied = emptied_comment_ids(comments)
    at_id, at_body = comments[0].index("comment-id"), comments[0].index("comment-body")
    blanks = ("", "   ", "\n")
    for i, row in enumerate(comments[1:]):
        if row[at_id] in emptied:
            row[at_body] = blanks[i % len(blanks)]
    write_csv(out / "comments.csv", comments)
    for name in ("votes.csv", "participants-votes.csv", "summary.csv"):
        (out / name).write_bytes((source / name).read_bytes())
    return emptied


VARIANTS = {
    "extra-columns": variant_extra_columns,
    "shuffled": variant_shuffled,
    "shuffled-participants-votes": variant_shuffled_participant_votes,
    "only-participants-votes": variant_only_participant_votes,
    "empty-bodies": variant_empty_bodies,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", CONVERSATIONS)
def test_variant_imports_the_same_votes(memory_session, tmp_path, name, variant):
    session = memory_session
    source = polis_folder(name)
    original = import_polis(session=session, folder=source, slug="original", by=SYSTEM_INTEROP)
    expected = stored_votes(session, "original")
    assert len(expected) == original.votes > 1000  # every conversation has thousands

    folder = tmp_path / name
    emptied = VARIANTS[variant](source, folder)
    imported = import_polis(session=session, folder=folder, slug="variant", by=SYSTEM_INTEROP)

    assert stored_votes(session, "variant") == expected
    assert imported.votes_source == (
        "votes.csv" if (folder / "votes.csv").exists() else "participants-votes.csv"
    )
    before, after = statements(session, "original"), statements(session, "variant")
    assert after.keys() == before.keys()
    if variant != "empty-bodies":
        assert after == before
        return
    assert emptied and imported.empty_texts == tuple(sorted(emptied, key=int))
    for comment_id, (text, status, reason) in after.items():
        if comment_id not in emptied:
            assert (text, status, reason) == before[comment_id]
            continue
        assert text == empty_comment_text(comment_id)
        assert status == "rejected"
        assert reason == (IMPORTED_REJECTION_REASON if before[comment_id][1] == "rejected"
                          else IMPORTED_EMPTY_REASON)


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_quick_and_strict_readings_of_votes_agree(monkeypatch, name):
    """votes.csv read by pandas (the usual way) and row by row (the strict way, used when
    anything looks unusual) give the same votes, first and latest times."""
    from engagement.polis_format import read as polis_read

    folder = polis_folder(name)
    ids = {c.comment_id for c in polis_read.read_comments(folder / "comments.csv")}
    quick, quick_rows = polis_read.read_votes(folder / "votes.csv", ids)
    monkeypatch.setattr(polis_read, "_quick_vote_columns", lambda *_: None)
    strict, strict_rows = polis_read.read_votes(folder / "votes.csv", ids)
    assert len(quick) > 1000 and quick_rows == strict_rows
    assert sorted(quick) == sorted(strict)
