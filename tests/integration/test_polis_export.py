"""Exporting dialogues in Pol.is format: native and imported data, withdrawals, formulas,
opinion groups, the audit trail and the command line (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlmodel import select

from engagement import audit
from engagement.actors import SYSTEM_INTEROP
from engagement.cli import main
from engagement.errors import Conflict, NotFound
from engagement.interop import export_polis, import_polis
from engagement.models import AuditEvent, Participant, Statement, Vote
from engagement.services import dialogues, participation

MINI = {
    "comments.csv": (
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1500000000000,x,0,0,2,0,1,Buses should be free\n"
        "1500000001000,x,1,1,0,1,-1,'=HYPERLINK(\"http://evil\")\n"
        "1500000002000,x,2,1,0,0,0,Trams too\n"
    ),
    "votes.csv": (
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "1500000010000,x,0,0,1\n"
        "1500000011000,x,1,0,-1\n"
        "1500000012000,x,0,2,1\n"
        "1500000013000,x,2,2,0\n"
        "1500000014000,x,2,1,1\n"
    ),
    "summary.csv": "topic,Free transport?\nconversation-description,Should it be free?\n",
}


def write_mini(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in MINI.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def vote_set(folder: Path) -> dict[tuple[str, str], int]:
    return {(r[3], r[2]): int(r[4]) for r in read(folder / "votes.csv")[1:]}


def _voter(session, dialogue_id, code="TEST01"):
    pid = participation.join(session=session, join_code=code).participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return pid


def test_native_dialogue_export(session, open_dialogue, facilitator, tmp_path):
    formula = dialogues.add_seed_statement(
        session=session, dialogue_id=open_dialogue.id, text="=1+1 is a formula", by=facilitator
    )
    statements = dialogues.statements_of(session=session, dialogue_id=open_dialogue.id,
                                         by=facilitator)
    alice, bob, carol = (_voter(session, open_dialogue.id) for _ in range(3))
    for pid, values in ((alice, (1, -1, 0, 1)), (bob, (-1, -1, 1, 0)), (carol, (1, 1, 1, 1))):
        for statement, value in zip(statements, values, strict=True):
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement.id, value=value)
    own = participation.add_statement(session=session, participant_id=bob, text="Ask us again")
    participation.withdraw(session=session, participant_id=carol)

    summary = export_polis(
        session=session, slug="test-dialogue", folder=tmp_path / "out",
        group_ids={alice: 0, str(bob): 1}, by=facilitator,
    )
    out = tmp_path / "out"
    assert (summary.statements, summary.participants, summary.votes) == (5, 2, 8)
    assert summary.withdrawn_left_out == 1

    comments = {row[2]: row for row in read(out / "comments.csv")[1:]}
    assert comments[str(formula.id)][7] == "'=1+1 is a formula"  # defused for spreadsheets
    assert comments[str(own.id)][3] == str(bob) and comments[str(own.id)][6] == "0"  # pending
    assert comments[str(statements[0].id)][3] == ""  # seed: no participant author
    assert comments[str(statements[0].id)][4:6] == ["1", "1"]  # agrees, disagrees
    votes = vote_set(out)
    assert {voter for voter, _ in votes} == {str(alice), str(bob)}  # carol withdrew
    assert votes[(str(alice), str(formula.id))] == 1

    header, *rows = read(out / "participants-votes.csv")
    assert header[:6] == ["participant", "group-id", "n-comments", "n-votes", "n-agree",
                          "n-disagree"]
    assert header[6:] == sorted(header[6:], key=int)
    by_pid = {row[0]: row for row in rows}
    assert by_pid[str(alice)][1:6] == ["0", "0", "4", "2", "1"]
    assert by_pid[str(bob)][1:6] == ["1", "1", "4", "1", "2"]
    summary_rows = dict(read(out / "summary.csv"))
    assert summary_rows["topic"] == open_dialogue.title
    assert (summary_rows["voters"], summary_rows["comments"], summary_rows["groups"]) == (
        "2", "5", "2")

    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "dialogue.exported")
    ).one()
    assert (event.actor, event.object_id, event.dialogue_id) == (
        "user:fran", str(open_dialogue.id), open_dialogue.id)
    assert json.loads(event.detail) == {"format": "polis"}
    assert audit.verify_chain(session) is None

    again = import_polis(session=session, folder=out, slug="native-again", by=SYSTEM_INTEROP)
    texts = {s.external_id: s.text for s in session.exec(
        select(Statement).where(Statement.dialogue_id == again.dialogue_id))}
    assert texts[str(formula.id)] == "=1+1 is a formula"  # the guard is undone on import
    assert again.votes == 8


def test_withdrawn_participants_are_never_exported(session, tmp_path):
    imported = import_polis(session=session, folder=write_mini(tmp_path / "mini"),
                            by=SYSTEM_INTEROP)
    people = {p.external_id: p for p in session.exec(
        select(Participant).where(Participant.dialogue_id == imported.dialogue_id))}
    participation.withdraw(session=session, participant_id=people["2"].id)
    # Even if a withdrawal had left rows behind, they stay out of the export.
    left_behind = people["0"]
    left_behind.withdrawn_at = left_behind.created_at
    session.add(left_behind)
    session.commit()

    summary = export_polis(session=session, slug="mini", folder=tmp_path / "out",
                           group_ids={"1": 3, "0": 1, 999_999: 2}, by=SYSTEM_INTEROP)
    out = tmp_path / "out"
    assert vote_set(out) == {("1", "2"): 1}  # 0's comment and votes, and 2's votes, are out
    assert [row[2] for row in read(out / "comments.csv")[1:]] == ["1", "2"]
    assert [row[:2] for row in read(out / "participants-votes.csv")[1:]] == [["1", "3"]]
    assert summary.withdrawn_left_out == 2
    assert dict(read(out / "summary.csv"))["groups"] == "1"


def test_imported_data_round_trips_with_its_own_ids(session, tmp_path):
    import_polis(session=session, folder=write_mini(tmp_path / "mini"), by=SYSTEM_INTEROP)
    export_polis(session=session, slug="mini", folder=tmp_path / "out", by=SYSTEM_INTEROP)
    assert vote_set(tmp_path / "out") == vote_set(tmp_path / "mini")
    comments = read(tmp_path / "out" / "comments.csv")
    assert comments[2][7] == "'=HYPERLINK(\"http://evil\")"  # stays defused
    assert [row[6] for row in comments[1:]] == ["1", "-1", "1"]  # unmoderated came in accepted
    assert [row[0] for row in comments[1:]] == ["1500000000000", "1500000001000",
                                                "1500000002000"]
    assert dict(read(tmp_path / "out" / "summary.csv"))["topic"] == "Free transport?"
    texts = {s.external_id: s.text for s in session.exec(select(Statement))}
    assert texts["1"] == '=HYPERLINK("http://evil")'


def test_export_refusals(session, tmp_path):
    import_polis(session=session, folder=write_mini(tmp_path / "mini"), by=SYSTEM_INTEROP)
    with pytest.raises(NotFound):
        export_polis(session=session, slug="nope", folder=tmp_path / "out", by=SYSTEM_INTEROP)
    with pytest.raises(Conflict, match="already holds comments.csv"):
        export_polis(session=session, slug="mini", folder=tmp_path / "mini", by=SYSTEM_INTEROP)
    assert read(tmp_path / "mini" / "votes.csv")[1] == ["1500000010000", "x", "0", "0", "1"]
    before = session.exec(select(AuditEvent).where(AuditEvent.action == "dialogue.exported"))
    assert before.all() == []  # refused exports leave no audit event
    export_polis(session=session, slug="mini", folder=tmp_path / "mini", overwrite=True,
                 by=SYSTEM_INTEROP)
    assert read(tmp_path / "mini" / "votes.csv")[1][1].endswith("UTC 2017")
    assert not list((tmp_path / "mini").glob(".*partial"))


def test_command_line(db_url, tmp_path, capsys):
    folder = write_mini(tmp_path / "Mini Folder")
    assert main(["--database-url", db_url, "import-polis", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 'mini-folder': 3 statements (2 accepted, 1 rejected), "
                          "3 participants, 5 votes")
    assert main(["--database-url", db_url, "import-polis", str(folder)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["--database-url", db_url, "export-polis", "mini-folder",
                 str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.startswith(
        f"Exported 'mini-folder' to {tmp_path / 'out'}: 3 comments, 3 participants, 5 votes")
    assert vote_set(tmp_path / "out") == vote_set(folder)

    (folder / "votes.csv").write_text(MINI["votes.csv"] + "1500000015000,x,7,1,1\n")
    assert main(["--database-url", db_url, "import-polis", str(folder), "--slug", "x-2"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: votes.csv, line 7: comment-id 7 is not in comments.csv."
    )


def test_votes_table_matches_export(session, tmp_path):
    """The export holds exactly the stored current votes, with their latest times."""
    imported = import_polis(session=session, folder=write_mini(tmp_path / "mini"),
                            by=SYSTEM_INTEROP)
    export_polis(session=session, slug="mini", folder=tmp_path / "out", by=SYSTEM_INTEROP)
    stored = {
        (p, s, v, int(at.timestamp() * 1000))
        for p, s, v, at in session.exec(
            select(Participant.external_id, Statement.external_id, Vote.value, Vote.updated_at)
            .join(Participant, Participant.id == Vote.participant_id)
            .join(Statement, Statement.id == Vote.statement_id)
            .where(Vote.dialogue_id == imported.dialogue_id)
        )
    }
    exported = {(r[3], r[2], int(r[4]), int(r[0]))
                for r in read(tmp_path / "out" / "votes.csv")[1:]}
    assert stored == exported


def test_reopened_import_with_new_records_exports_without_clashes(session, facilitator, tmp_path):
    imported = import_polis(session=session, folder=write_mini(tmp_path / "mini"),
                            by=SYSTEM_INTEROP)
    dialogue = dialogues.set_status(session=session, dialogue_id=imported.dialogue_id,
                                    status="open", by=facilitator)
    seed = dialogues.add_seed_statement(session=session, dialogue_id=dialogue.id,
                                        text="Ferries as well", by=facilitator)
    newcomer = _voter(session, dialogue.id, code=dialogue.join_code)
    participation.cast_vote(session=session, participant_id=newcomer, statement_id=seed.id,
                            value=-1)

    export_polis(session=session, slug="mini", folder=tmp_path / "out", by=SYSTEM_INTEROP)
    votes = vote_set(tmp_path / "out")
    # external ids go up to 2 (participants) and 2 (comments): ours are numbered from 3 on
    assert votes[(str(3 + newcomer), str(3 + seed.id))] == -1
    assert len(votes) == 6
    again = import_polis(session=session, folder=tmp_path / "out", slug="mini-again",
                         by=SYSTEM_INTEROP)
    assert (again.votes, again.statements, again.participants) == (6, 4, 4)
