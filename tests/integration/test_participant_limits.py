"""Limits on a participant's use: statements per participant, joins per browser session,
and ending a visit on a shared device (the old resume code stops working)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from engagement.db import make_engine, new_session
from engagement.errors import Conflict, NotFound
from engagement.models import Participant, RateLimit, Statement, utcnow
from engagement.services import participation


def _consented(session, browser=None):
    joined = participation.join(session=session, join_code="TEST01", browser=browser)
    pid = joined.participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    return joined, pid


def _statements(session) -> int:
    session.rollback()
    return session.exec(select(func.count(Statement.id))).one()


def test_a_participant_sends_at_most_the_limit_of_statements(session, open_dialogue):
    _, pid = _consented(session)
    limit = participation.MAX_STATEMENTS_PER_PARTICIPANT
    for number in range(limit):
        participation.add_statement(session=session, participant_id=pid,
                                    text=f"Idea number {number} about data")
    before = _statements(session)
    with pytest.raises(Conflict, match=f"You have sent {limit} statements"):
        participation.add_statement(session=session, participant_id=pid,
                                    text="One idea too many about data")
    assert _statements(session) == before
    # Another participant is not affected.
    _, other = _consented(session)
    participation.add_statement(session=session, participant_id=other, text="Someone else")
    assert _statements(session) == before + 1


def test_one_browser_joins_at_most_the_limit_then_waits(session, open_dialogue, monkeypatch):
    limit = participation.JOINS_BY_BROWSER
    for _ in range(limit.attempts):
        participation.join(session=session, join_code="TEST01", browser="tab-1")
    session.rollback()
    before = session.exec(select(func.count(Participant.id))).one()
    with pytest.raises(Conflict, match="joined many times"):
        participation.join(session=session, join_code="TEST01", browser="tab-1")
    session.rollback()
    assert session.exec(select(func.count(Participant.id))).one() == before
    participation.join(session=session, join_code="TEST01", browser="tab-2")
    # An hour later the browser may join again.
    later = utcnow() + limit.block + timedelta(seconds=1)
    monkeypatch.setattr(participation, "utcnow", lambda: later)
    participation.join(session=session, join_code="TEST01", browser="tab-1")
    session.rollback()
    assert not any("tab-1" in row.key for row in session.exec(select(RateLimit)))


def test_replicas_share_the_join_counts(db_url, session, open_dialogue):
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        for number in range(participation.JOINS_BY_BROWSER.attempts):
            with new_session(engines[number % 2]) as replica:
                participation.join(session=replica, join_code="TEST01", browser="tab-1")
        for engine in engines:
            with new_session(engine) as replica, pytest.raises(Conflict):
                participation.join(session=replica, join_code="TEST01", browser="tab-1")
    finally:
        for engine in engines:
            engine.dispose()


def test_ending_a_visit_stops_the_old_code_and_the_new_one_works(session, open_dialogue):
    joined, pid = _consented(session)
    participation.mark_briefing_read(session=session, participant_id=pid)
    new_code = participation.end_visit(session=session, participant_id=pid)
    assert new_code != joined.resume_code
    with pytest.raises(NotFound):
        participation.resume(session=session, resume_code=joined.resume_code)
    back = participation.resume(session=session, resume_code=new_code)
    assert (back.id, back.step) == (pid, "position_pre")
    session.rollback()
    stored = session.get(Participant, pid)
    assert new_code.replace("-", "") not in stored.resume_code_hash  # only its hash is kept


def test_a_withdrawn_participant_cannot_end_a_visit(session, open_dialogue):
    _, pid = _consented(session)
    participation.withdraw(session=session, participant_id=pid)
    with pytest.raises(NotFound):
        participation.end_visit(session=session, participant_id=pid)


def test_counts_of_browsers_long_gone_are_deleted(session, open_dialogue, monkeypatch):
    participation.join(session=session, join_code="TEST01", browser="tab-1")
    participation.join(session=session, join_code="TEST01", browser="tab-2")
    session.rollback()
    assert len(session.exec(select(RateLimit)).all()) == 2
    later = utcnow() + timedelta(days=2)
    monkeypatch.setattr(participation, "utcnow", lambda: later)
    participation.join(session=session, join_code="TEST01", browser="tab-2")  # known: kept
    session.rollback()
    assert len(session.exec(select(RateLimit)).all()) == 2
    participation.join(session=session, join_code="TEST01", browser="tab-3")  # new: prunes
    session.rollback()
    assert len(session.exec(select(RateLimit)).all()) == 2  # tab-2 (renewed) and tab-3
