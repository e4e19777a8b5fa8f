"""Reviewing and changing answers, refusals once closed or withdrawn, duplicate messages that
offer only what can be done, and the readable copy of a participant's data (SQLite and
PostgreSQL)."""

import re
from datetime import datetime

import pytest
from sqlmodel import func, select

from engagement.errors import Conflict, NotFound
from engagement.models import Position, Statement, Vote
from engagement.services import dialogues, moderation, participation


def _consented(session):
    pid = participation.join(session=session, join_code="TEST01").participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=True,
                               notify=False)
    return pid


def _answered(session, value="agree"):
    """Consented, view before given, a vote on every seed statement."""
    pid = _consented(session)
    participation.mark_briefing_read(session=session, participant_id=pid)
    participation.record_position(session=session, participant_id=pid, stage="pre",
                                  support=2, confidence=3)
    seeds = session.exec(select(Statement.id).order_by(Statement.id)).all()
    assert len(seeds) == 3
    for statement_id in seeds:
        participation.cast_vote(session=session, participant_id=pid, statement_id=statement_id,
                                value=value)
    return pid, seeds


def _held(session, pid):
    votes = {v.statement_id: v.value for v in session.exec(
        select(Vote).where(Vote.participant_id == pid))}
    views = {p.stage: (p.support, p.confidence) for p in session.exec(
        select(Position).where(Position.participant_id == pid))}
    return votes, views


def test_answers_are_listed_and_can_be_changed_while_open(session, open_dialogue):
    pid, seeds = _answered(session)
    participation.record_position(session=session, participant_id=pid, stage="post",
                                  support=4, confidence=4)
    answers = participation.my_answers(session=session, participant_id=pid)
    assert answers.can_change
    assert [(p.stage, p.support, p.confidence) for p in answers.positions] == [
        ("pre", 2, 3), ("post", 4, 4)]
    assert [(v.statement_id, v.vote, v.changeable) for v in answers.votes] == [
        (s, "agree", True) for s in seeds]
    assert [v.text for v in answers.votes] == ["Statement one", "Statement two",
                                               "Statement three"]

    participation.cast_vote(session=session, participant_id=pid, statement_id=seeds[0],
                            value="disagree")
    participation.record_position(session=session, participant_id=pid, stage="pre",
                                  support=5, confidence=1)
    votes, views = _held(session, pid)
    assert votes == {seeds[0]: -1, seeds[1]: 1, seeds[2]: 1}
    assert views == {"pre": (5, 1), "post": (4, 4)}
    assert session.exec(select(func.count(Vote.id))).one() == 3, "changed, not added"


def test_a_closed_dialogue_refuses_every_change(session, open_dialogue, facilitator):
    pid, seeds = _answered(session)
    before = _held(session, pid)
    dialogues.set_status(session=session, dialogue_id=open_dialogue.id, status="closed",
                         by=facilitator)
    assert not participation.taking_answers(session=session, participant_id=pid)
    answers = participation.my_answers(session=session, participant_id=pid)
    assert not answers.can_change
    assert answers.votes and not any(v.changeable for v in answers.votes)
    with pytest.raises(Conflict, match="not taking answers"):
        participation.cast_vote(session=session, participant_id=pid, statement_id=seeds[0],
                                value="disagree")
    with pytest.raises(Conflict, match="not taking answers"):
        participation.record_position(session=session, participant_id=pid, stage="pre",
                                      support=5, confidence=5)
    with pytest.raises(Conflict, match="not taking answers"):
        participation.save_reflection(session=session, participant_id=pid, text="Late words")
    with pytest.raises(Conflict, match="not taking answers"):
        participation.add_statement(session=session, participant_id=pid, text="A late idea")
    assert _held(session, pid) == before


def test_a_withdrawn_participant_cannot_change_anything(session, open_dialogue):
    pid, seeds = _answered(session)
    participation.withdraw(session=session, participant_id=pid)
    attempts = {
        "answers": lambda: participation.my_answers(session=session, participant_id=pid),
        "taking": lambda: participation.taking_answers(session=session, participant_id=pid),
        "vote": lambda: participation.cast_vote(session=session, participant_id=pid,
                                                statement_id=seeds[0], value="disagree"),
        "position": lambda: participation.record_position(
            session=session, participant_id=pid, stage="pre", support=5, confidence=5),
        "reflection": lambda: participation.save_reflection(
            session=session, participant_id=pid, text="Back again"),
        "statement": lambda: participation.add_statement(
            session=session, participant_id=pid, text="Back again"),
        "data": lambda: participation.my_data(session=session, participant_id=pid),
    }
    for name, attempt in attempts.items():
        with pytest.raises(NotFound):
            attempt()
            pytest.fail(f"{name} went through after withdrawal")
    assert _held(session, pid) == ({}, {})


def test_a_vote_on_a_statement_no_longer_open_is_not_offered_for_change(
        session, open_dialogue, facilitator):
    pid, seeds = _answered(session)
    other = _consented(session)
    theirs = participation.add_statement(session=session, participant_id=other,
                                         text="Insurers should never see genomic data")
    moderation.moderate(session=session, statement_ids=[theirs.id], decision="accepted",
                        by=facilitator)
    participation.cast_vote(session=session, participant_id=pid, statement_id=theirs.id,
                            value="pass")
    moderation.moderate(session=session, statement_ids=[theirs.id], decision="rejected",
                        reason="off_topic", by=facilitator)
    changeable = {v.statement_id: v.changeable for v in participation.my_answers(
        session=session, participant_id=pid).votes}
    assert changeable == {seeds[0]: True, seeds[1]: True, seeds[2]: True, theirs.id: False}
    with pytest.raises(Conflict, match="not open for votes"):
        participation.cast_vote(session=session, participant_id=pid, statement_id=theirs.id,
                                value="agree")


DUPLICATES = {
    "own": "You have already sent this statement. There is no need to send it again.",
    "pending": "Someone has already sent this statement. A facilitator will check it before "
               "it is shown for votes, so there is no need to send it again.",
    "accepted": "Someone has already made this statement, and other participants are voting "
                "on it. There is no need to send it again.",
    "rejected": "Someone has already sent this statement, and a facilitator decided not to "
                "show it for votes. Please say it in a different way, or skip this step.",
}


def test_a_duplicate_is_refused_with_what_can_be_done(session, open_dialogue, facilitator):
    author, other = _consented(session), _consented(session)
    said = {}
    for case in ("own", "pending", "accepted", "rejected"):
        text = f"Insurers should never see it ({case})"
        mine = participation.add_statement(session=session, participant_id=author, text=text)
        if case in ("accepted", "rejected"):
            moderation.moderate(session=session, statement_ids=[mine.id], decision=case,
                                reason="off_topic" if case == "rejected" else None,
                                by=facilitator)
        who = author if case == "own" else other
        with pytest.raises(Conflict) as refused:
            participation.add_statement(session=session, participant_id=who,
                                        text=text.upper() + "!")
        said[case] = str(refused.value)
    assert said == DUPLICATES
    assert not any("vote on it" in message for message in said.values())
    assert session.exec(select(func.count(Statement.id)).where(
        Statement.author_participant_id == other)).one() == 0


def test_the_last_statement_allowed_offers_the_way_on_not_voting(session, open_dialogue):
    pid = _consented(session)
    for n in range(participation.MAX_STATEMENTS_PER_PARTICIPANT):
        participation.add_statement(session=session, participant_id=pid, text=f"Idea {n} here")
    with pytest.raises(Conflict) as refused:
        participation.add_statement(session=session, participant_id=pid, text="One more idea")
    assert "please choose 'Skip this step' to go on" in str(refused.value)
    assert "vote" not in str(refused.value)


def test_everything_held_reads_in_words(session, open_dialogue):
    pid, _ = _answered(session)
    participation.add_statement(session=session, participant_id=pid,
                                text="**Insurers** should [never](http://x.example) see it")
    participation.save_reflection(session=session, participant_id=pid, text="My own words")
    participation.record_position(session=session, participant_id=pid, stage="post",
                                  support=4, confidence=5)
    held = participation.my_data(session=session, participant_id=pid)
    sections = {s.heading: s for s in participation.readable_data(held)}
    assert list(sections) == ["About you", "Your consent", "The wording you agreed to",
                              "Your email address",
                              "Your views on the proposal", "Your votes", "Your statements",
                              "Your reflection"]
    about = dict(sections["About you"].rows)
    assert about["Dialogue"] == open_dialogue.title
    assert about["Your session"] == "None chosen"
    assert about["How far you have gone"] == "Thank you"
    assert about["The random name we file your answers under"] == held["you"]["pseudonym"]
    assert sections["Your consent"].rows[0][1:] == ("Yes", "Yes", "No",
                                                    str(open_dialogue.consent_version))
    assert sections["Your email address"].rows == ()
    assert [row[:3] for row in sections["Your views on the proposal"].rows] == [
        ("Your view before", "Oppose", "Fairly sure"), ("Your view now", "Support", "Very sure")]
    assert [row[:2] for row in sections["Your votes"].rows] == [
        ("Statement one", "Agree"), ("Statement two", "Agree"), ("Statement three", "Agree")]
    assert [row[:2] for row in sections["Your statements"].rows] == [
        ("**Insurers** should [never](http://x.example) see it",
         "A facilitator has not checked it yet")]
    assert sections["Your reflection"].rows[0][0] == "My own words"
    cells = [cell for s in sections.values() for row in s.rows for cell in row]
    assert cells and not any(c.startswith("S") and c[1:].isdigit() for c in cells)
    assert sections["Your votes"].rows
    assert all(re.fullmatch(ENGLISH_TIME, row[-1]) for row in sections["Your votes"].rows), \
        "dates in words"


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
                "Medi", "Hydref", "Tachwedd", "Rhagfyr")
ENGLISH_TIME = r"\d{1,2} (" + "|".join(ENGLISH_MONTHS) + r") \d{4}, \d\d:\d\d"
WELSH_TIME = r"\d{1,2} (" + "|".join(WELSH_MONTHS) + r") \d{4}, \d\d:\d\d"


def test_everything_held_gives_its_times_the_welsh_way_for_a_welsh_reader(session,
                                                                           open_dialogue):
    """Gap (b): a Welsh reader's held data had '2 December 2026, 18:30 UTC' in it."""
    from engagement.ukdates import uk_datetime

    pid, _ = _answered(session)
    participation.save_reflection(session=session, participant_id=pid, text="My own words")
    held = participation.my_data(session=session, participant_id=pid)
    welsh = participation.readable_data(held, lang="cy")
    times = [row[0] for row in welsh[1].rows] + [row[-1] for s in welsh[3:] for row in s.rows]
    times.append(dict(welsh[0].rows)["When you joined"])
    assert len(times) == 1 + 1 + 3 + 1 + 1, times  # consent, view, 3 votes, reflection, joined
    assert all(re.fullmatch(WELSH_TIME, t) for t in times), times
    cells = " ".join(cell for s in welsh for row in s.rows for cell in row)
    assert not [m for m in ENGLISH_MONTHS if m in cells] and "UTC" not in cells
    joined = datetime.fromisoformat(held["you"]["joined"])
    assert dict(welsh[0].rows)["When you joined"] == uk_datetime(joined, lang="cy")
    english = participation.readable_data(held)
    assert dict(english[0].rows)["When you joined"] == uk_datetime(joined)
