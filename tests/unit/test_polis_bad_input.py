"""Malformed Pol.is folders: a clear message naming file and line, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel
from sqlmodel import select as sqlselect

from engagement.actors import SYSTEM_INTEROP
from engagement.errors import Conflict, ImportFailed, InvalidInput
from engagement.interop import import_polis
from engagement.models import Participant, Statement, Vote
from tests.support.polis_files import COMMENTS, PARTICIPANT_VOTES, SUMMARY, VOTES


def write(folder: Path, **files: str | bytes | None) -> Path:
    """A valid mini conversation, with some files replaced (text/bytes) or left out (None)."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = {"comments.csv": COMMENTS, "votes.csv": VOTES, "summary.csv": SUMMARY}
    contents.update({name.replace("_", "-") + ".csv": text for name, text in files.items()})
    for name, text in contents.items():
        if text is None:
            continue
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return folder


def row_counts(session) -> dict[str, int]:
    session.rollback()
    counts = {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in SQLModel.metadata.sorted_tables
    }
    session.rollback()
    return counts


@pytest.fixture
def populated(session, tmp_path):
    """A database that already holds one imported conversation, so counts are not all zero."""
    import_polis(session=session, folder=write(tmp_path / "existing"), by=SYSTEM_INTEROP)
    before = row_counts(session)
    assert before["vote"] == 3 and before["statement"] == 3 and before["participant"] == 3
    return before


CASES = [
    pytest.param(
        {"comments": COMMENTS.replace(",comment-body\n", ",body\n", 1)},
        "comments.csv, line 1: missing column(s) comment-body",
        id="missing-column-comments",
    ),
    pytest.param(
        {"votes": VOTES.replace("voter-id,vote", "voter-id,choice")},
        "votes.csv, line 1: missing column(s) vote",
        id="missing-column-votes",
    ),
    pytest.param(
        {"votes": VOTES.replace("1500000011000,x,1,0,-1", "1500000011000,x,1,O,-1")},
        "votes.csv, line 3: voter-id must be a whole number, not 'O'",
        id="bad-number",
    ),
    pytest.param(
        {"votes": VOTES.replace("1500000011000,x,1,0,-1", "1500000011000,x,1,-4,-1")},
        "votes.csv, line 3: voter-id must not be negative",
        id="negative-id",
    ),
    pytest.param(
        {"votes": VOTES.replace("1500000013000,x,0,2,1", "1500000013000,x,0,2,2")},
        "votes.csv, line 4: vote must be 1 (agree), -1 (disagree) or 0 (pass), not '2'",
        id="wrong-vote-value",
    ),
    pytest.param(
        {"votes": VOTES + "1500000014000,x,9,0,1\n"},
        "votes.csv, line 6: comment-id 9 is not in comments.csv",
        id="unknown-comment",
    ),
    pytest.param(
        {"votes": VOTES + "1500000014000,x,2"},
        "votes.csv, line 6: expected 5 values but found 3",
        id="truncated-last-line",
    ),
    pytest.param(
        {"votes": VOTES + "1500000014000,x,2,0,1,1\n"},
        "votes.csv, line 6: expected 5 values but found 6",
        id="stray-comma",
    ),
    pytest.param(
        {"comments": COMMENTS + '1500000003000,x,3,1,0,0,1,"An unfinished comm'},
        "comments.csv, line 6: the file is cut off or badly quoted",
        id="truncated-quote",  # the record before spans lines 4-5: line numbers are physical
    ),
    pytest.param(
        {"comments": COMMENTS + '1500000003000,x,3,1,0,0,1,"Bad "quote" inside"\n'},
        "comments.csv, line 6: the file is cut off or badly quoted",
        id="bad-quoting",
    ),
    pytest.param(
        {"comments": COMMENTS.replace("1500000001000,", "yesterday,")},
        "comments.csv, line 3: timestamp must be a whole number, not 'yesterday'",
        id="bad-timestamp",
    ),
    pytest.param(
        {"votes": VOTES.replace("1500000011000,", "1500000011,")},
        "votes.csv, line 3: timestamp '1500000011' is not a time in epoch milliseconds",
        id="timestamp-in-seconds",
    ),
    pytest.param(
        {"comments": COMMENTS.replace(",0,1,Buses", ",0,2,Buses")},
        "comments.csv, line 2: moderated must be -1, 0 or 1, not '2'",
        id="bad-moderated",
    ),
    pytest.param(
        {"comments": COMMENTS + "1500000003000,x,1,1,0,0,1,Again\n"},
        "comments.csv, line 6: comment-id 1 appears twice (first on line 3)",
        id="duplicate-comment-id",
    ),
    pytest.param(
        {"comments": COMMENTS.encode() + b"1500000003000,x,3,1,0,0,1,caf\xe9\n"},
        "comments.csv, line 6: this line is not UTF-8 text",
        id="not-utf8",
    ),
    pytest.param(
        {"comments": COMMENTS + "1500000003000,x,3,1,0,0,1," + "long " * 2001 + "\n"},
        "comments.csv, line 6: comment 3 is 10004 characters long; the limit for imports is",
        id="over-long-comment",
    ),
    pytest.param(
        {"votes": ""},
        "votes.csv, line 1: the file is empty",
        id="empty-file",
    ),
    pytest.param(
        {"comments": None},
        "has no comments.csv",
        id="no-comments-file",
    ),
    pytest.param(
        {"votes": None},
        "has neither votes.csv nor participants-votes.csv",
        id="no-votes-file",
    ),
    pytest.param(
        {"votes": None, "participants_votes": PARTICIPANT_VOTES.replace("1,-1,\n", "1,yes,\n")},
        "participants-votes.csv, line 2: the vote on comment 1 must be a whole number",
        id="pv-bad-cell",
    ),
    pytest.param(
        {"votes": None, "participants_votes": PARTICIPANT_VOTES.replace(",1,2\n", ",1,7\n", 1)},
        "participants-votes.csv, line 1: column '7' is not a comment-id in comments.csv",
        id="pv-unknown-comment",
    ),
    pytest.param(
        {"votes": None, "participants_votes": PARTICIPANT_VOTES + "5,,0,1,1,0,1\n"},
        "participants-votes.csv, line 4: expected 9 values but found 7",
        id="pv-truncated",
    ),
    pytest.param(
        {"votes": None, "participants_votes": PARTICIPANT_VOTES + "0,,0,0,0,0,,,\n"},
        "participants-votes.csv, line 4: participant 0 appears twice (first on line 2)",
        id="pv-duplicate-participant",
    ),
    pytest.param(
        {"votes": None,
         "participants_votes": PARTICIPANT_VOTES.replace("participant,group-id", "pid,group")},
        "participants-votes.csv, line 1: missing column(s) participant.",
        id="pv-bad-header",
    ),
    pytest.param(
        {"votes": None, "participants_votes": PARTICIPANT_VOTES.replace(",1,2\n", ",1,1\n", 1)},
        "participants-votes.csv, line 1: column '1' appears twice.",
        id="pv-duplicate-column",
    ),
    pytest.param(
        {"votes": VOTES.replace("voter-id,vote", "vote,vote")},
        "votes.csv, line 1: missing column(s) voter-id.",
        id="votes-header-renamed",
    ),
    pytest.param(
        {"summary": SUMMARY + "lonely\n"},
        "summary.csv, line 4: expected a name and a value",
        id="bad-summary",
    ),
]


@pytest.mark.parametrize(("files", "message"), CASES)
def test_malformed_folder_is_refused_and_nothing_is_written(
    session, populated, tmp_path, files, message
):
    folder = write(tmp_path / "broken", **files)
    with pytest.raises(ImportFailed) as caught:
        import_polis(session=session, folder=folder, by=SYSTEM_INTEROP)
    assert message in str(caught.value)
    assert row_counts(session) == populated


def test_missing_folder(session, populated, tmp_path):
    with pytest.raises(ImportFailed, match="There is no folder"):
        import_polis(session=session, folder=tmp_path / "nowhere", by=SYSTEM_INTEROP)
    assert row_counts(session) == populated


def test_existing_slug_is_a_conflict(session, populated, tmp_path):
    with pytest.raises(Conflict, match="'existing' already exists"):
        import_polis(session=session, folder=write(tmp_path / "other"), slug="existing",
                     by=SYSTEM_INTEROP)
    assert row_counts(session) == populated


def test_bad_slug_is_refused(session, populated, tmp_path):
    with pytest.raises(InvalidInput, match="short name"):
        import_polis(session=session, folder=write(tmp_path / "other"), slug="Not A Slug",
                     by=SYSTEM_INTEROP)
    assert row_counts(session) == populated


def test_failure_inside_the_transaction_rolls_everything_back(
    session, populated, tmp_path, monkeypatch
):
    """After the rows are inserted the audit record fails: nothing of the import remains."""
    from engagement.interop import polis

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(polis.audit, "record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        import_polis(session=session, folder=write(tmp_path / "other"), by=SYSTEM_INTEROP)
    assert row_counts(session) == populated


def test_mini_conversation_imports_as_expected(session, tmp_path):
    summary = import_polis(session=session, folder=write(tmp_path / "Mini Conversation"),
                           by=SYSTEM_INTEROP)
    assert summary.slug == "mini-conversation"
    assert (summary.statements, summary.accepted, summary.rejected) == (3, 2, 1)
    assert (summary.participants, summary.votes, summary.vote_rows_read) == (3, 3, 4)
    # voter 2's vote at ...13000 is later than the one on the next line (...12000): it wins
    from engagement.models import AuditEvent

    vote = session.exec(
        sqlselect(Vote).join(Participant, Participant.id == Vote.participant_id)
        .where(Participant.external_id == "2")
    ).one()
    assert vote.value == 1
    assert vote.created_at.timestamp() == 1500000012.0
    assert vote.updated_at.timestamp() == 1500000013.0
    event = session.exec(sqlselect(AuditEvent)).one()
    assert (event.action, event.actor, event.dialogue_id) == (
        "dialogue.imported", "system:interop", summary.dialogue_id)
    assert json.loads(event.detail) == {"format": "polis", "votes_source": "votes.csv",
                                        "statements": 3, "participants": 3, "votes": 3}
    texts = {s.external_id: s.text for s in session.exec(sqlselect(Statement))}
    assert texts == {
        "0": "Buses should be free",
        "1": 'Trains, too, "obviously"',
        "2": "A comment\nover two lines",
    }


def test_participants_votes_alone(session, tmp_path):
    folder = write(tmp_path / "pv", votes=None, participants_votes=PARTICIPANT_VOTES)
    summary = import_polis(session=session, folder=folder, by=SYSTEM_INTEROP)
    assert summary.votes_source == "participants-votes.csv"
    assert (summary.votes, summary.participants) == (3, 3)  # author 1 never voted


def test_participants_votes_with_xid_and_columns_in_any_order(session, tmp_path):
    """Newer Pol.is puts xid after participant; columns are found by name."""
    header, *rows = PARTICIPANT_VOTES.splitlines()
    names = header.split(",")
    order = [2, 8, 0, 6, 1, 7, 3, 5, 4]  # participant third, comments shuffled
    lines = [",".join(["xid", *(names[i] for i in order)])]
    lines += [",".join([f"x{n}", *(row.split(",")[i] for i in order)])
              for n, row in enumerate(rows)]
    folder = write(tmp_path / "pv", votes=None, participants_votes="\n".join(lines) + "\n")
    summary = import_polis(session=session, folder=folder, by=SYSTEM_INTEROP)
    assert (summary.votes, summary.participants) == (3, 3)
    votes = session.exec(
        sqlselect(Participant.external_id, Statement.external_id, Vote.value)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Statement, Statement.id == Vote.statement_id)
    ).all()
    assert sorted(votes) == [("0", "0", 1), ("0", "1", -1), ("2", "0", 1)]


def test_comment_without_text_is_kept_rejected_with_its_votes(session, tmp_path):
    comments = COMMENTS.replace(",0,1,Buses should be free\n", ',0,1,"  "\n')
    comments = comments.replace(',-1,"Trains, too, ""obviously"""\n', ",-1,\n")
    summary = import_polis(session=session, folder=write(tmp_path / "e", comments=comments),
                           by=SYSTEM_INTEROP)
    assert summary.empty_texts == ("0", "1")
    assert "2 comment(s) without text kept as rejected statements" in summary.describe()
    stored = {s.external_id: s for s in session.exec(sqlselect(Statement))}
    assert (stored["0"].text, stored["0"].status, stored["0"].rejection_reason) == (
        "[Comment 0 had no text in the Pol.is export.]", "rejected", "imported_no_text")
    assert (stored["1"].status, stored["1"].rejection_reason) == (
        "rejected", "imported_moderated_out")
    assert stored["2"].status == "accepted"
    assert (summary.votes, summary.rejected, summary.accepted) == (3, 2, 1)


def test_other_files_in_the_folder_are_ignored(session, tmp_path):
    folder = write(tmp_path / "s")
    (folder / "stats-history.csv").write_text("not,a,valid\nfile\n", encoding="utf-8")
    assert import_polis(session=session, folder=folder, by=SYSTEM_INTEROP).votes == 3
