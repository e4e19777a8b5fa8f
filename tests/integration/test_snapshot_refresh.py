"""Routing's snapshot renewed on a schedule (services/routing.refresh_snapshot, issue 16): an
analysis once the voters have grown by routing.snapshot_due's step since the last snapshot,
never otherwise; one at a time per dialogue; only for an open dialogue and for staff who may
see the board's analysis; run by the room view's and the live page's refresh and by the
`refresh-snapshots` command."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from engagement import cli
from engagement.actors import SYSTEM_CLI, SYSTEM_INTEROP
from engagement.analysis import routing as pure
from engagement.errors import PermissionDenied
from engagement.models import AnalysisSnapshot, Statement, User, Vote
from engagement.services import counts, dialogues, opinion, participation, room, staff
from engagement.services import routing as service

CODE = "SCHED1"


@pytest.fixture
def dialogue(session, facilitator):
    """An open dialogue of 6 statements and no voter yet."""
    made = dialogues.create_dialogue(session=session, slug="schedule", template="blank",
                                     join_code=CODE, by=facilitator)
    for i in range(6):
        dialogues.add_seed_statement(session=session, dialogue_id=made.id,
                                     text=f"Schedule statement {i}", by=facilitator)
    return dialogues.set_status(session=session, dialogue_id=made.id, status="open",
                                by=facilitator)


def _arrive(session, dialogue, n: int) -> None:
    """``n`` new participants, each voting on every statement (two camps)."""
    statements = _statement_ids(session, dialogue)
    for k in range(n):
        pid = participation.join(session=session, join_code=CODE).participant.id
        participation.give_consent(session=session, participant_id=pid, report=True,
                                   quote=False, notify=False)
        for i, statement_id in enumerate(statements):
            agree = (i % 2 == 0) == (k % 2 == 0)
            participation.cast_vote(session=session, participant_id=pid,
                                    statement_id=statement_id,
                                    value="agree" if agree else "disagree")


def _statement_ids(session, dialogue) -> list[int]:
    return list(session.exec(select(Statement.id).where(Statement.dialogue_id == dialogue.id)
                             .order_by(Statement.id)))


def _snapshots(session, dialogue) -> int:
    session.rollback()  # a fresh read
    return session.exec(select(func.count(AnalysisSnapshot.id))
                        .where(AnalysisSnapshot.dialogue_id == dialogue.id)).one()


def test_a_snapshot_is_made_when_due_and_only_then(session, dialogue, facilitator):
    _arrive(session, dialogue, pure.SNAPSHOT_LEAST - 1)
    first = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (first.outcome, first.counted, first.voters) == ("not due", 0, 9)
    assert _snapshots(session, dialogue) == 0
    _arrive(session, dialogue, 1)
    made = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (made.outcome, made.counted, made.voters) == ("analysed", 0, 10)
    assert _snapshots(session, dialogue) == 1
    snapshot = session.get(AnalysisSnapshot, made.snapshot_id)
    assert snapshot.created_by == "user:fran" and snapshot.session_id is None
    again = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (again.outcome, again.counted, again.voters) == ("not due", 10, 10)
    _arrive(session, dialogue, 9)
    assert service.refresh_snapshot(session=session, dialogue_id=dialogue.id,
                                    by=facilitator).outcome == "not due"
    assert _snapshots(session, dialogue) == 1
    _arrive(session, dialogue, 1)
    second = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=SYSTEM_CLI)
    assert (second.outcome, second.counted, second.voters) == ("analysed", 10, 20)
    assert _snapshots(session, dialogue) == 2
    assert session.get(AnalysisSnapshot, second.snapshot_id).created_by == "system:cli"


def test_a_snapshot_made_elsewhere_counts(session, dialogue, facilitator):
    """The dashboard's analysis (or `analyse`) is the latest snapshot too: what it counted is
    where the next step starts."""
    _arrive(session, dialogue, 15)
    opinion.run_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    refresh = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (refresh.outcome, refresh.counted, refresh.voters) == ("not due", 15, 15)
    assert _snapshots(session, dialogue) == 1


def test_the_refresh_s_snapshot_is_routing_s_not_the_board_s(session, dialogue, facilitator):
    """The refresh leaves out the stability check (votes wait while it holds SQLite's write
    lock, and routing never reads it): routing follows its snapshot, but the dashboard and
    the brief (current_analysis) never take it for theirs, while their own still serves
    routing until a newer one is made."""
    _arrive(session, dialogue, 10)
    made = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert made.outcome == "analysed"
    routing_only = session.get(AnalysisSnapshot, made.snapshot_id)
    assert opinion.snapshot_result(routing_only)["stability"]["n_resamples"] == 0
    assert service._latest_snapshot(session, dialogue.id)[0] == routing_only.id
    board = opinion.current_analysis(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert board.id != routing_only.id
    assert opinion.snapshot_result(board)["stability"]["n_resamples"] > 0
    assert service._latest_snapshot(session, dialogue.id)[0] == board.id
    assert opinion.current_analysis(session=session, dialogue_id=dialogue.id,
                                    by=facilitator).id == board.id  # reused: no vote since
    _arrive(session, dialogue, 10)
    newer = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (newer.outcome, newer.counted) == ("analysed", 10)
    assert service._latest_snapshot(session, dialogue.id)[0] == newer.snapshot_id
    assert opinion.current_analysis(session=session, dialogue_id=dialogue.id,
                                    by=facilitator).id not in (newer.snapshot_id, board.id)


def test_a_withdrawal_makes_the_next_refresh_analyse_again(session, dialogue, facilitator):
    """The snapshot that used a withdrawn participant's votes is stale: routing no longer
    follows it, and the refresh replaces it at once rather than after 10 more voters."""
    _arrive(session, dialogue, 12)
    assert service.refresh_snapshot(session=session, dialogue_id=dialogue.id,
                                    by=facilitator).outcome == "analysed"
    leaving = session.exec(select(Vote.participant_id).where(Vote.dialogue_id == dialogue.id)
                           .limit(1)).one()
    participation.withdraw(session=session, participant_id=leaving)
    assert service.snapshot_priorities(session=session, dialogue_id=dialogue.id) is None
    again = service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert (again.outcome, again.counted, again.voters) == ("analysed", 0, 11)
    priorities, _ = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    assert priorities.n_seen.tolist() == [11.0] * 6


def test_skips_while_this_dialogue_is_being_analysed(session, dialogue, facilitator):
    _arrive(session, dialogue, 10)
    lock = service._analysis_lock(session, dialogue.id)
    assert lock.acquire(blocking=False)
    try:
        busy = service.refresh_snapshot(session=session, dialogue_id=dialogue.id,
                                        by=facilitator)
    finally:
        lock.release()
    assert busy.outcome == "busy" and busy.snapshot_id is None
    assert _snapshots(session, dialogue) == 0
    assert service.refresh_snapshot(session=session, dialogue_id=dialogue.id,
                                    by=facilitator).outcome == "analysed"
    assert _snapshots(session, dialogue) == 1


def test_refuses_whoever_may_not_see_the_analysis(session, dialogue, facilitator):
    _arrive(session, dialogue, 10)
    former = staff.create_user(session=session, username="former", password="tulip-42-Oak",
                               role="facilitator", by=SYSTEM_CLI)
    staff.deactivate(session=session, user_id=former.id, by=SYSTEM_CLI)
    participant = participation.join(session=session, join_code=CODE).participant
    for caller in (None, SYSTEM_INTEROP, former, participant,
                   User(id=facilitator.id + 1000, username="ghost", password_hash="x",
                        role="admin")):
        with pytest.raises(PermissionDenied):
            service.refresh_snapshot(session=session, dialogue_id=dialogue.id, by=caller)
    assert _snapshots(session, dialogue) == 0


def test_does_nothing_for_a_dialogue_that_is_not_open(session, dialogue, facilitator):
    _arrive(session, dialogue, 12)
    dialogues.set_status(session=session, dialogue_id=dialogue.id, status="closed",
                         by=facilitator)
    refresh = service.refresh_snapshot(session=session, dialogue_id=dialogue.id,
                                       by=facilitator)
    assert refresh.outcome == "not open" and refresh.voters is None
    assert _snapshots(session, dialogue) == 0


def test_the_room_view_refresh_renews_what_routing_reads(session, dialogue, facilitator):
    _arrive(session, dialogue, 10)
    assert service.snapshot_priorities(session=session, dialogue_id=dialogue.id) is None
    room.room_view(session=session, dialogue_id=dialogue.id, by=facilitator)
    priorities, _ = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    assert priorities.n_seen.tolist() == [10.0] * 6
    _arrive(session, dialogue, 10)
    room.room_view(session=session, dialogue_id=dialogue.id, by=facilitator)
    priorities, _ = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    assert priorities.n_seen.tolist() == [20.0] * 6  # the fresh snapshot, not the first
    room.room_view(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert _snapshots(session, dialogue) == 2


def test_the_live_page_refresh_renews_it_too(session, dialogue, facilitator):
    board = staff.create_user(session=session, username="bea", password="tulip-42-Oak",
                              role="board", by=SYSTEM_CLI)
    _arrive(session, dialogue, 11)
    counts.live_view(session=session, dialogue_id=dialogue.id, by=board)
    priorities, _ = service.snapshot_priorities(session=session, dialogue_id=dialogue.id)
    assert priorities.n_seen.tolist() == [11.0] * 6
    counts.live_view(session=session, dialogue_id=dialogue.id, by=board)
    assert _snapshots(session, dialogue) == 1


# --- the command ------------------------------------------------------------------------------


def test_the_command_refreshes_every_open_dialogue_once(session, dialogue, facilitator, db_url,
                                                       capsys):
    other = dialogues.create_dialogue(session=session, slug="drafted", template="blank",
                                      join_code="DRAFT1", by=facilitator)
    assert other.status == "draft"
    _arrive(session, dialogue, 10)
    assert cli.main(["--database-url", db_url, "refresh-snapshots"]) == 0
    out = capsys.readouterr()
    assert out.out == "schedule: analysed: a new snapshot of 10 voters (the last counted 0)\n"
    assert out.err == ""
    assert _snapshots(session, dialogue) == 1
    assert cli.main(["--database-url", db_url, "refresh-snapshots"]) == 0
    assert capsys.readouterr().out == (
        "schedule: not due: 10 voters, the latest snapshot counted 10\n")
    assert _snapshots(session, dialogue) == 1


def test_the_command_watches_until_interrupted(session, dialogue, db_url, capsys, monkeypatch):
    _arrive(session, dialogue, 10)
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second wait

    monkeypatch.setattr("engagement.cli.snapshots.time.sleep", sleep)
    assert cli.main(["--database-url", db_url, "refresh-snapshots", "--watch", "2.5"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "schedule: analysed: a new snapshot of 10 voters (the last counted 0)",
        "schedule: not due: 10 voters, the latest snapshot counted 10",
        "Stopped.",
    ]
    assert naps == [2.5, 2.5] and out.err == ""


def test_the_command_with_no_open_dialogue(db_url, capsys):
    assert cli.main(["--database-url", db_url, "refresh-snapshots"]) == 0
    assert capsys.readouterr().out == "No open dialogue: nothing to refresh.\n"


@pytest.mark.parametrize("url", ["not a database", "sqlite:///{tmp}/empty.db"])
def test_the_command_with_a_bad_database_says_so_in_one_line(tmp_path, capsys, url):
    url = url.format(tmp=tmp_path)
    assert cli.main(["--database-url", url, "refresh-snapshots"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1 and out.err.startswith("error: could not use the database")
    assert "Traceback" not in out.err


@pytest.mark.parametrize("seconds", ["0", "-1", "soon", "nan", "inf"])
def test_the_command_refuses_a_bad_interval(capsys, seconds):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["refresh-snapshots", "--watch", seconds])
    assert exit_.value.code == 2
    assert "expected a number of seconds above 0" in capsys.readouterr().err


def test_a_room_view_refused_for_a_bad_setting_makes_no_snapshot(session, dialogue, facilitator,
                                                                monkeypatch):
    from engagement.errors import InvalidInput

    _arrive(session, dialogue, 10)
    monkeypatch.setenv(room.PUBLIC_URL_VARIABLE, "ftp://example.org")
    with pytest.raises(InvalidInput):
        room.room_view(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert _snapshots(session, dialogue) == 0
    monkeypatch.setenv(room.PUBLIC_URL_VARIABLE, "https://dialogue.example.org")
    room.room_view(session=session, dialogue_id=dialogue.id, by=facilitator)
    assert _snapshots(session, dialogue) == 1
