"""Loading the demonstration data into a fresh in-memory SQLite database.

Load time is reported by ``DemoSummary.seconds`` but deliberately not asserted here.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from statistics import mean

import pytest
from sqlmodel import SQLModel, func, select

import engagement.models  # noqa: F401  (registers the tables)
from engagement import demo
from engagement.actors import SYSTEM_CLI
from engagement.audit import verify_chain
from engagement.db import make_engine, new_session
from engagement.demo_content import DEMO_TOPICS
from engagement.errors import Conflict, InvalidInput
from engagement.models import (
    AuditEvent,
    Consent,
    Dialogue,
    DialogueSession,
    Participant,
    Position,
    Reflection,
    Statement,
    User,
    Vote,
)
from engagement.services import moderation, participation, staff

NOW = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)


def _utc(moment):
    """Compare datetimes whether the models store them aware or naive (both mean UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
TOPICS = {t.template.key: t for t in DEMO_TOPICS}


def _fresh_engine():
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    return engine


def _count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture(scope="module")
def loaded():
    """The full-size demo, loaded once for the read-only tests in this module."""
    engine = _fresh_engine()
    with new_session(engine) as session:
        summary = demo.load_demo(session=session, seed=7, now=NOW)
        assert len(summary.dialogues) == 6  # the tests below loop over them
        yield session, summary
    engine.dispose()


@pytest.fixture
def cheap_passwords(monkeypatch):
    """Argon2 is slow by design; the small loads below do not need real hashes."""
    monkeypatch.setattr(staff, "hash_password", lambda password: "not-a-real-hash")


def test_summary_lists_six_dialogues_and_two_accounts(loaded):
    session, summary = loaded
    assert [d.slug for d in summary.dialogues] == list(TOPICS)
    assert [d.join_code for d in summary.dialogues] == [
        "INSURE", "SCHOOL", "POLICE", "EMBRYO", "ANCESTRY", "SPORTS"
    ]
    assert {d.slug: d.status for d in summary.dialogues if d.status != "open"} == {
        "sport-employment": "closed"
    }
    assert [(a.username, a.role) for a in summary.accounts] == [
        ("facilitator", "facilitator"), ("board", "board")
    ]
    assert summary.seconds > 0
    text = summary.describe()
    assert all(a.password in text for a in summary.accounts)
    assert all(a.password not in repr(summary) for a in summary.accounts)


def test_staff_passwords_work(loaded):
    session, summary = loaded
    account = summary.accounts[1]
    user = staff.authenticate(session=session, username=account.username,
                              password=account.password)
    assert user.role == "board"


def test_counts_per_dialogue_match_the_database(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        row = session.get(Dialogue, d.id)
        assert (row.slug, row.status, row.join_code) == (d.slug, d.status, d.join_code)
        assert 200 <= d.participants <= 350
        participants = session.exec(select(Participant).where(Participant.dialogue_id == d.id))
        participants = list(participants)
        assert len(participants) == d.participants == len(d.latent_groups)
        assert all(p.synthetic and p.resume_code_hash is None and p.step == "done"
                   for p in participants)
        assert _count(session, Vote, Vote.dialogue_id == d.id) == d.votes
        assert _count(session, Position, Position.dialogue_id == d.id) == d.positions
        assert d.positions == 2 * d.participants
        assert _count(session, Reflection, Reflection.dialogue_id == d.id) == d.reflections
        assert 0.3 <= d.reflections / d.participants <= 0.5
        assert d.consents == d.participants
        assert _count(
            session, Statement, Statement.dialogue_id == d.id, Statement.origin == "seed"
        ) == d.seed_statements == len(TOPICS[d.slug].template.seed_statements)
        assert d.pending_statements == 4


def test_every_participant_is_in_one_of_two_sessions(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        sessions = session.exec(
            select(DialogueSession).where(DialogueSession.dialogue_id == d.id)
        ).all()
        assert sorted(s.mode for s in sessions) == ["online", "workshop"]
        workshop = next(s for s in sessions if s.mode == "workshop")
        assert workshop.location and _utc(workshop.starts_at) < NOW
        per_session = dict(session.exec(
            select(Participant.session_id, func.count(Participant.id))
            .where(Participant.dialogue_id == d.id)
            .group_by(Participant.session_id)
        ).all())
        assert set(per_session) == {s.id for s in sessions}
        assert 0.2 <= per_session[workshop.id] / d.participants <= 0.5


def test_consents(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        rows = session.exec(
            select(Consent).join(Participant, Participant.id == Consent.participant_id)
            .where(Participant.dialogue_id == d.id)
        ).all()
        version = session.get(Dialogue, d.id).consent_version
        assert len(rows) == d.participants
        assert all(c.report and c.version == version for c in rows)
        assert 0.6 <= mean(c.quote for c in rows) <= 0.8
        assert 0.4 <= mean(c.notify for c in rows) <= 0.6


def test_votes_cover_most_statements_within_the_last_weeks(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        per_participant = session.exec(
            select(func.count(Vote.id)).where(Vote.dialogue_id == d.id)
            .group_by(Vote.participant_id)
        ).all()
        assert len(per_participant) == d.participants
        assert min(per_participant) >= round(0.6 * d.seed_statements)
        assert max(per_participant) <= d.seed_statements
        first, last = session.exec(
            select(func.min(Vote.created_at), func.max(Vote.created_at))
            .where(Vote.dialogue_id == d.id)
        ).one()
        assert NOW - timedelta(days=35) < _utc(first) < _utc(last) <= NOW
        values = set(session.exec(select(Vote.value).where(Vote.dialogue_id == d.id)))
        assert values == {-1, 0, 1}


def test_pending_statements_fill_the_moderation_queue(loaded):
    session, summary = loaded
    moderator = session.exec(select(User).where(User.role == "facilitator")).first()
    for d in summary.dialogues:
        queue = moderation.pending(session=session, dialogue_id=d.id, by=moderator)
        assert len(queue) == 4
        for statement in queue:
            author = session.get(Participant, statement.author_participant_id)
            assert statement.origin == "participant" and author.synthetic
            assert author.dialogue_id == d.id
            assert statement.text in TOPICS[d.slug].participant_statements


def test_audit_trail_records_the_load(loaded):
    session, _ = loaded
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "demo.loaded")).all()
    assert len(events) == 1 and events[0].actor == "system:demo"
    assert verify_chain(session) is None


def _agree_rates(session, dialogue):
    """{statement id: {group label: share of that group's votes that are 'agree'}}."""
    tally = defaultdict(lambda: defaultdict(list))
    for participant_id, statement_id, value in session.exec(
        select(Vote.participant_id, Vote.statement_id, Vote.value)
        .where(Vote.dialogue_id == dialogue.id)
    ):
        tally[statement_id][dialogue.latent_groups[participant_id]].append(value == 1)
    return {sid: {g: mean(v) for g, v in groups.items()} for sid, groups in tally.items()}


def test_latent_groups_give_real_opinion_structure(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        topic = TOPICS[d.slug]
        assert set(d.latent_groups.values()) == {g.label for g in topic.groups}
        rates = _agree_rates(session, d)
        gaps = [max(r.values()) - min(r.values()) for r in rates.values()]
        divisive = sum(gap >= 0.5 for gap in gaps)
        consensus = sum(min(r.values()) >= 0.65 for r in rates.values())
        assert divisive >= 5, f"{d.slug}: {divisive} divisive statements"
        assert consensus >= 2, f"{d.slug}: {consensus} common-ground statements"


def test_planted_shift_in_positions(loaded):
    session, summary = loaded
    for d in summary.dialogues:
        rows = session.exec(
            select(Position.participant_id, Position.stage, Position.support)
            .where(Position.dialogue_id == d.id)
        ).all()
        support = defaultdict(lambda: defaultdict(list))
        for participant_id, stage, value in rows:
            support[d.latent_groups[participant_id]][stage].append(value)
        for group in TOPICS[d.slug].groups:
            pre, post = support[group.label]["pre"], support[group.label]["post"]
            if abs(group.support_shift) >= 0.4 and len(pre) >= 30:
                shift = mean(post) - mean(pre)
                assert shift * group.support_shift > 0 and abs(shift) >= 0.15, (d.slug, shift)
        supporters = max(TOPICS[d.slug].groups, key=lambda g: g.stance).label
        opponents = min(TOPICS[d.slug].groups, key=lambda g: g.stance).label
        assert mean(support[supporters]["pre"]) - mean(support[opponents]["pre"]) >= 1.5


def test_participant_journey_works_on_the_demo(loaded):
    session, summary = loaded
    joined = participation.join(session=session, join_code="insure")
    pid = joined.participant.id
    participation.give_consent(session=session, participant_id=pid, report=True, quote=False,
                               notify=False)
    participation.mark_briefing_read(session=session, participant_id=pid)
    participation.record_position(session=session, participant_id=pid, stage="pre",
                                  support=3, confidence=3)
    statement = participation.next_statement(session=session, participant_id=pid)
    participation.cast_vote(session=session, participant_id=pid, statement_id=statement.id,
                            value="agree")
    assert statement.origin == "seed"
    with pytest.raises(Conflict):
        participation.join(session=session, join_code="SPORTS")  # the closed one


def test_refuses_a_database_that_is_not_empty(loaded):
    session, _ = loaded
    assert not demo.is_empty(session=session)
    before = _count(session, Participant)
    with pytest.raises(Conflict, match="empty database"):
        demo.load_demo(session=session)
    assert _count(session, Participant) == before


def test_empty_means_no_dialogues_staff_accounts_allowed(cheap_passwords):
    engine = _fresh_engine()
    with new_session(engine) as session:
        assert demo.is_empty(session=session)
        staff.create_user(session=session, username="admin", password="tulip-42-Oak", role="admin",
                          by=SYSTEM_CLI)
        assert demo.is_empty(session=session)
        staff.create_user(session=session, username="board", password="tulip-42-Oak", role="board",
                          by=SYSTEM_CLI)
        with pytest.raises(Conflict, match="board already exists"):
            demo.load_demo(session=session, participants_per_dialogue=(5, 5))
        assert demo.is_empty(session=session)
        assert _count(session, User) == 2


@pytest.mark.parametrize("sizes", [(0, 5), (10, 5), (1, 100_000), (1.5, 3), "many", (True, 3)])
def test_rejects_bad_sizes(sizes):
    engine = _fresh_engine()
    with new_session(engine) as session, pytest.raises(InvalidInput):
        demo.load_demo(session=session, participants_per_dialogue=sizes)


def _snapshot(seed):
    engine = _fresh_engine()
    with new_session(engine) as session:
        summary = demo.load_demo(session=session, seed=seed, participants_per_dialogue=(20, 30),
                                 now=NOW)
        snap = {
            "votes": session.exec(
                select(Vote.participant_id, Vote.statement_id, Vote.value, Vote.created_at)
                .order_by(Vote.id)
            ).all(),
            "positions": session.exec(
                select(Position.participant_id, Position.stage, Position.support,
                       Position.confidence).order_by(Position.id)
            ).all(),
            "reflections": session.exec(
                select(Reflection.participant_id, Reflection.text).order_by(Reflection.id)
            ).all(),
            "groups": [dict(d.latent_groups) for d in summary.dialogues],
            "pseudonyms": set(session.exec(select(Participant.pseudonym))),
            "passwords": [a.password for a in summary.accounts],
        }
    engine.dispose()
    return snap


def test_same_seed_same_data_apart_from_secrets(cheap_passwords):
    first, second, other = _snapshot(7), _snapshot(7), _snapshot(8)
    for key in ("votes", "positions", "reflections", "groups"):
        assert first[key] == second[key], key
        assert first[key] != other[key], key
    assert first["pseudonyms"].isdisjoint(second["pseudonyms"])
    assert first["passwords"] != second["passwords"]
